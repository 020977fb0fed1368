<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>ClassNames</name>
    <message>
        <location filename="../i18n.py" line="36"/>
        <source>airplane</source>
        <translation>飞机</translation>
    </message>
    <message>
        <location filename="../i18n.py" line="36"/>
        <source>automobile</source>
        <translation>汽车</translation>
    </message>
    <message>
        <location filename="../i18n.py" line="36"/>
        <source>bird</source>
        <translation>鸟</translation>
    </message>
    <message>
        <location filename="../i18n.py" line="36"/>
        <source>cat</source>
        <translation>猫</translation>
    </message>
    <message>
        <location filename="../i18n.py" line="36"/>
        <source>deer</source>
        <translation>鹿</translation>
    </message>
    <message>
        <location filename="../i18n.py" line="36"/>
        <source>dog</source>
        <translation>狗</translation>
    </message>
    <message>
        <location filename="../i18n.py" line="36"/>
        <source>frog</source>
        <translation>青蛙</translation>
    </message>
    <message>
        <location filename="../i18n.py" line="36"/>
        <source>horse</source>
        <translation>马</translation>
    </message>
    <message>
        <location filename="../i18n.py" line="36"/>
        <source>ship</source>
        <translation>船</translation>
    </message>
    <message>
        <location filename="../i18n.py" line="36"/>
        <source>truck</source>
        <translation>卡车</translation>
    </message>
</context>
<context>
    <name>ConfusionMatrixView</name>
    <message>
        <location filename="../confusion_view.py" line="142"/>
        <source>No confusion matrix recorded</source>
        <translation>没有记录混淆矩阵</translation>
    </message>
    <message>
        <location filename="../confusion_view.py" line="145"/>
        <source>Each row: where that class&apos;s test images went, in percent</source>
        <translation>每一行：该类别的测试图片被分到哪里（百分比）</translation>
    </message>
    <message>
        <location filename="../confusion_view.py" line="151"/>
        <source>{true}: {count} of {total} images classified correctly ({share})</source>
        <translation>{true}：{total} 张中有 {count} 张分类正确（{share}）</translation>
    </message>
    <message>
        <location filename="../confusion_view.py" line="153"/>
        <source>{true} classified as {predicted}: {count} of {total} images ({share})</source>
        <translation>{true} 被分类为 {predicted}：{total} 张中有 {count} 张（{share}）</translation>
    </message>
    <message>
        <location filename="../confusion_view.py" line="158"/>
        <source>Confusion matrix</source>
        <translation>混淆矩阵</translation>
    </message>
    <message>
        <location filename="../confusion_view.py" line="167"/>
        <source>Rows are true classes, columns predicted classes; {n} classes, {total} images, {accuracy} classified correctly.</source>
        <translation>行为真实类别，列为预测类别；共 {n} 个类别、{total} 张图片，{accuracy} 分类正确。</translation>
    </message>
    <message>
        <location filename="../confusion_view.py" line="172"/>
        <source>Best class: {best} ({best_acc}); worst class: {worst} ({worst_acc}).</source>
        <translation>最佳类别：{best}（{best_acc}）；最差类别：{worst}（{worst_acc}）。</translation>
    </message>
    <message>
        <location filename="../confusion_view.py" line="180"/>
        <source>Most common mistake: {true} classified as {predicted} ({share} of {true} images).</source>
        <translation>最常见的错误：{true} 被分类为 {predicted}（占 {true} 图片的 {share}）。</translation>
    </message>
    <message>
        <location filename="../confusion_view.py" line="229"/>
        <source>True class</source>
        <translation>真实类别</translation>
    </message>
    <message>
        <location filename="../confusion_view.py" line="229"/>
        <source>Predicted class</source>
        <translation>预测类别</translation>
    </message>
    <message>
        <location filename="../confusion_view.py" line="229"/>
        <source>Accuracy</source>
        <translation>准确率</translation>
    </message>
</context>
<context>
    <name>Crash</name>
    <message>
        <location filename="../crash.py" line="97"/>
        <source>Something went wrong:

{summary}

The app keeps running. Details were written to:
{log}</source>
        <translation>发生错误：

{summary}

程序会继续运行。详细信息已写入：
{log}</translation>
    </message>
    <message>
        <location filename="../crash.py" line="100"/>
        <source>Unexpected error</source>
        <translation>意外错误</translation>
    </message>
</context>
<context>
    <name>Dialogs</name>
    <message>
        <location filename="../dialogs.py" line="28"/>
        <source>Images ({patterns})</source>
        <translation>图片（{patterns}）</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="40"/>
        <source>All files (*)</source>
        <translation>所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="31"/>
        <source>Open Images</source>
        <translation>打开图片</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="36"/>
        <source>Open Folder</source>
        <translation>打开文件夹</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="40"/>
        <source>Checkpoints ({patterns})</source>
        <translation>检查点（{patterns}）</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="43"/>
        <source>Open Checkpoint</source>
        <translation>打开检查点</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="48"/>
        <source>Export Results as CSV</source>
        <translation>导出结果为 CSV</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="48"/>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../i18n.py" line="49"/>
        <source>&amp;Automatic</source>
        <translation>自动(&amp;A)</translation>
    </message>
    <message>
        <location filename="../i18n.py" line="50"/>
        <source>&amp;CPU</source>
        <translation>&amp;CPU</translation>
    </message>
    <message>
        <location filename="../i18n.py" line="51"/>
        <source>CU&amp;DA (NVIDIA GPU)</source>
        <translation>CU&amp;DA（NVIDIA GPU）</translation>
    </message>
    <message>
        <location filename="../i18n.py" line="52"/>
        <source>&amp;MPS (Apple GPU)</source>
        <translation>&amp;MPS（Apple GPU）</translation>
    </message>
    <message>
        <location filename="../result_panel.py" line="26"/>
        <source>The top class has a probability under 50% after calibration: the model expects to be wrong more often than right.</source>
        <translation>校准后最高类别的概率低于 50%：模型预期答错的机会比答对大。</translation>
    </message>
    <message>
        <location filename="../result_panel.py" line="36"/>
        <source>The picture is almost blank or noise-like, unlike the photos the model was trained on.</source>
        <translation>这张图片几乎是空白或噪声，不像模型训练时看过的照片。</translation>
    </message>
    <message>
        <location filename="../menus.py" line="27"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../menus.py" line="34"/>
        <source>&amp;Open Images…</source>
        <translation>打开图片(&amp;O)…</translation>
    </message>
    <message>
        <location filename="../menus.py" line="34"/>
        <source>Open &amp;Folder…</source>
        <translation>打开文件夹(&amp;F)…</translation>
    </message>
    <message>
        <location filename="../menus.py" line="34"/>
        <source>&amp;Paste Image</source>
        <translation>粘贴图片(&amp;P)</translation>
    </message>
    <message>
        <location filename="../menus.py" line="34"/>
        <source>&amp;Export Results as CSV…</source>
        <translation>导出结果为 CSV(&amp;E)…</translation>
    </message>
    <message>
        <location filename="../menus.py" line="34"/>
        <source>C&amp;lear History</source>
        <translation>清除历史记录(&amp;L)</translation>
    </message>
    <message>
        <location filename="../menus.py" line="34"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../menus.py" line="27"/>
        <source>&amp;Model</source>
        <translation>模型(&amp;M)</translation>
    </message>
    <message>
        <location filename="../menus.py" line="34"/>
        <source>&amp;Open Checkpoint…</source>
        <translation>打开检查点(&amp;O)…</translation>
    </message>
    <message>
        <location filename="../menus.py" line="34"/>
        <source>&amp;Recent Checkpoints</source>
        <translation>最近的检查点(&amp;R)</translation>
    </message>
    <message>
        <location filename="../menus.py" line="34"/>
        <source>Use &amp;Bundled Model</source>
        <translation>使用内置模型(&amp;B)</translation>
    </message>
    <message>
        <location filename="../menus.py" line="34"/>
        <source>Model &amp;Info…</source>
        <translation>模型信息(&amp;I)…</translation>
    </message>
    <message>
        <location filename="../menus.py" line="27"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../menus.py" line="34"/>
        <source>Show &amp;Attention Map</source>
        <translation>显示注意力图(&amp;A)</translation>
    </message>
    <message>
        <location filename="../menus.py" line="34"/>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <location filename="../menus.py" line="27"/>
        <source>&amp;Device</source>
        <translation>设备(&amp;D)</translation>
    </message>
    <message>
        <location filename="../menus.py" line="27"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../menus.py" line="34"/>
        <source>Try &amp;Sample Images</source>
        <translation>试用示例图片(&amp;S)</translation>
    </message>
    <message>
        <location filename="../menus.py" line="34"/>
        <source>&amp;About</source>
        <translation>关于(&amp;A)</translation>
    </message>
    <message>
        <location filename="../window.py" line="308"/>
        <source>CIFAR-10 Classifier</source>
        <translation>CIFAR-10 分类器</translation>
    </message>
    <message>
        <location filename="../window.py" line="157"/>
        <source>History</source>
        <translation>历史记录</translation>
    </message>
    <message>
        <location filename="../result_panel.py" line="101"/>
        <source>Try Sample Images</source>
        <translation>试用示例图片</translation>
    </message>
    <message>
        <location filename="../status.py" line="89"/>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <location filename="../state.py" line="236"/>
        <source>History cleared</source>
        <translation>已清除历史记录</translation>
    </message>
    <message>
        <location filename="../window.py" line="232"/>
        <source>The clipboard holds no image</source>
        <translation>剪贴板中没有图片</translation>
    </message>
    <message>
        <location filename="../window.py" line="238"/>
        <source>Nothing to export yet</source>
        <translation>还没有可导出的结果</translation>
    </message>
    <message>
        <location filename="../window.py" line="253"/>
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
    <message>
        <location filename="../window.py" line="255"/>
        <source>Exported {count} results to {path}</source>
        <translation>已将 {count} 条结果导出到 {path}</translation>
    </message>
    <message>
        <location filename="../window.py" line="268"/>
        <source>No bundled model</source>
        <translation>没有内置模型</translation>
    </message>
    <message>
        <location filename="../window.py" line="268"/>
        <source>The bundled checkpoint is missing:
{path}

Use Model › Open Checkpoint… to choose one.</source>
        <translation>找不到内置的检查点：
{path}

请用「模型 › 打开检查点…」选择一个。</translation>
    </message>
    <message>
        <location filename="../window.py" line="286"/>
        <source>No sample images</source>
        <translation>没有示例图片</translation>
    </message>
    <message>
        <location filename="../window.py" line="286"/>
        <source>The sample images are missing:
{path}</source>
        <translation>找不到示例图片：
{path}</translation>
    </message>
    <message>
        <location filename="../window.py" line="301"/>
        <source>The {code} translation is missing; using English</source>
        <translation>找不到 {code} 的翻译，改用英文</translation>
    </message>
    <message>
        <location filename="../window.py" line="308"/>
        <source>About {name}</source>
        <translation>关于 {name}</translation>
    </message>
    <message>
        <location filename="../state.py" line="294"/>
        <source>{device} is not available here; using Automatic</source>
        <translation>这台电脑没有 {device}，改用自动</translation>
    </message>
    <message>
        <location filename="../state.py" line="323"/>
        <source>Loaded {name}</source>
        <translation>已加载 {name}</translation>
    </message>
    <message>
        <location filename="../window.py" line="330"/>
        <source>Could not load checkpoint</source>
        <translation>无法加载检查点</translation>
    </message>
    <message>
        <location filename="../window.py" line="323"/>
        <source>Using the bundled model instead.</source>
        <translation>改用内置模型。</translation>
    </message>
    <message>
        <location filename="../window.py" line="327"/>
        <source>The previous model stays active:</source>
        <translation>继续使用原来的模型：</translation>
    </message>
    <message>
        <location filename="../window.py" line="327"/>
        <source>No model is loaded. Use Model › Open Checkpoint… to choose one.</source>
        <translation>尚未加载模型。请用「模型 › 打开检查点…」选择一个。</translation>
    </message>
    <message>
        <location filename="../state.py" line="374"/>
        <source>No images found in what was dropped</source>
        <translation>拖放的项目中没有图片</translation>
    </message>
    <message>
        <location filename="../state.py" line="377"/>
        <source>Cancelled after {done} of {total} images</source>
        <translation>已取消（完成 {total} 张中的 {done} 张）</translation>
    </message>
    <message>
        <location filename="../state.py" line="381"/>
        <source>Classified {done} images ({failed} failed)</source>
        <translation>已分类 {done} 张图片（{failed} 张失败）</translation>
    </message>
    <message>
        <location filename="../state.py" line="381"/>
        <source>Classified {done} images</source>
        <translation>已分类 {done} 张图片</translation>
    </message>
    <message>
        <location filename="../status.py" line="92"/>
        <source>Last inference: {ms} ms</source>
        <translation>上次推理：{ms} 毫秒</translation>
    </message>
    <message>
        <location filename="../result_panel.py" line="141"/>
        <source>Could not classify this file</source>
        <translation>无法分类这个文件</translation>
    </message>
    <message>
        <location filename="../window.py" line="388"/>
        <source>Grad-CAM for {label}, {layer}</source>
        <translation>{label} 的 Grad-CAM，{layer}</translation>
    </message>
    <message>
        <location filename="../window.py" line="138"/>
        <source>No attention map: {error}</source>
        <translation>无法生成注意力图：{error}</translation>
    </message>
    <message>
        <location filename="../status.py" line="82"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../status.py" line="73"/>
        <source>Looking for images…</source>
        <translation>正在查找图片…</translation>
    </message>
    <message>
        <location filename="../status.py" line="78"/>
        <source>Classifying… {done} of {total}</source>
        <translation>正在分类… {done} / {total}</translation>
    </message>
    <message>
        <location filename="../status.py" line="101"/>
        <source>Loading model {name}…</source>
        <translation>正在加载模型 {name}…</translation>
    </message>
    <message>
        <location filename="../status.py" line="105"/>
        <source>Loading model…</source>
        <translation>正在加载模型…</translation>
    </message>
    <message>
        <location filename="../status.py" line="105"/>
        <source>You can drop images already; they will be classified as soon as it is ready.</source>
        <translation>现在就可以拖放图片，模型一准备好就会开始分类。</translation>
    </message>
    <message>
        <location filename="../status.py" line="113"/>
        <source>No model loaded</source>
        <translation>尚未加载模型</translation>
    </message>
    <message>
        <location filename="../status.py" line="113"/>
        <source>Open a checkpoint with Model › Open Checkpoint… (Ctrl+Shift+O).</source>
        <translation>请用「模型 › 打开检查点…」（Ctrl+Shift+O）打开检查点。</translation>
    </message>
    <message>
        <location filename="../status.py" line="120"/>
        <source>Drop images or folders here</source>
        <translation>将图片或文件夹拖放到这里</translation>
    </message>
    <message>
        <location filename="../status.py" line="120"/>
        <source>or use File › Open Images… (Ctrl+O)</source>
        <translation>或使用「文件 › 打开图片…」（Ctrl+O）</translation>
    </message>
    <message>
        <location filename="../status.py" line="125"/>
        <source>test accuracy {accuracy}</source>
        <translation>测试准确率 {accuracy}</translation>
    </message>
    <message>
        <location filename="../status.py" line="125"/>
        <source>test accuracy unknown</source>
        <translation>测试准确率未知</translation>
    </message>
    <message>
        <location filename="../status.py" line="127"/>
        <source>Model: {name} · {accuracy}</source>
        <translation>模型：{name} · {accuracy}</translation>
    </message>
    <message>
        <location filename="../status.py" line="136"/>
        <source>Device: {device}</source>
        <translation>设备：{device}</translation>
    </message>
    <message>
        <location filename="../status.py" line="143"/>
        <source>{n} requests waiting.</source>
        <translation>{n} 个请求等待中。</translation>
    </message>
    <message>
        <location filename="../status.py" line="143"/>
        <source>1 request waiting.</source>
        <translation>1 个请求等待中。</translation>
    </message>
    <message>
        <location filename="../menus.py" line="147"/>
        <source>Clear Recent</source>
        <translation>清除最近项目</translation>
    </message>
    <message>
        <location filename="../status.py" line="153"/>
        <source>MPS (Apple GPU)</source>
        <translation>MPS（Apple GPU）</translation>
    </message>
    <message>
        <location filename="../status.py" line="159"/>
        <source>Classifies images into the ten CIFAR-10 classes with a ResNet-18 (He et al., 2016).</source>
        <translation>使用 ResNet-18（He 等人，2016）将图片分类到 CIFAR-10 的十个类别。</translation>
    </message>
    <message>
        <location filename="../status.py" line="161"/>
        <source>Drop images or folders on the window, paste an image, or use File › Open.</source>
        <translation>将图片或文件夹拖放到窗口上、粘贴图片，或使用「文件 › 打开」。</translation>
    </message>
    <message>
        <location filename="../status.py" line="164"/>
        <source>Model:</source>
        <translation>模型：</translation>
    </message>
    <message>
        <location filename="../status.py" line="167"/>
        <source>No model loaded.</source>
        <translation>尚未加载模型。</translation>
    </message>
    <message>
        <location filename="../history.py" line="51"/>
        <source>Model: {name}</source>
        <translation>模型：{name}</translation>
    </message>
    <message>
        <location filename="../state.py" line="232"/>
        <source>History cleared; the running batch stopped ({left})</source>
        <translation>已清除历史记录；正在运行的批次已停止（{left}）</translation>
    </message>
    <message>
        <location filename="../state.py" line="318"/>
        <source>Loaded {name}; classifying the rest of the interrupted batch with it ({left})</source>
        <translation>已加载 {name}；中断的批次其余部分改用它分类（{left}）</translation>
    </message>
    <message>
        <location filename="../state.py" line="394"/>
        <source>folders still being searched</source>
        <translation>仍在搜索文件夹</translation>
    </message>
    <message>
        <location filename="../state.py" line="396"/>
        <source>{n} images left</source>
        <translation>剩余 {n} 张图片</translation>
    </message>
    <message>
        <location filename="../result_panel.py" line="29"/>
        <source>The network&apos;s response is weaker than for 95% of the held-out images it was calibrated on (energy score): the picture may show none of its classes.</source>
        <translation>网络的响应比校准时所用保留图片中的 95% 都弱（能量分数）：这张图片可能不属于它的任何一个类别。</translation>
    </message>
    <message>
        <location filename="../result_panel.py" line="33"/>
        <source>The picture&apos;s features are far from those of the training images (feature detector): it may show none of the classes.</source>
        <translation>这张图片的特征与训练图片的特征相距甚远（特征检测器）：它可能不属于任何一个类别。</translation>
    </message>
    <message>
        <location filename="../history.py" line="85"/>
        <source>none of the classes?</source>
        <translation>不像任何类别？</translation>
    </message>
    <message>
        <location filename="../result_panel.py" line="108"/>
        <source>Not sure: the model is unsure between classes</source>
        <translation>不确定：模型在几个类别之间犹豫</translation>
    </message>
    <message>
        <location filename="../result_panel.py" line="110"/>
        <source>Not sure: this does not look like any of the {n} classes</source>
        <translation>不确定：这不像 {n} 个类别中的任何一个</translation>
    </message>
</context>
<context>
    <name>ModelInfo</name>
    <message>
        <location filename="../model_info.py" line="74"/>
        <source>not recorded</source>
        <translation>未记录</translation>
    </message>
    <message>
        <location filename="../model_info.py" line="75"/>
        <source>{size} × {size} px, mean {mean}, std {std}</source>
        <translation>{size} × {size} 像素，均值 {mean}，标准差 {std}</translation>
    </message>
    <message>
        <location filename="../model_info.py" line="78"/>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location filename="../model_info.py" line="79"/>
        <source>Checkpoint</source>
        <translation>检查点</translation>
    </message>
    <message>
        <location filename="../model_info.py" line="80"/>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <location filename="../model_info.py" line="90"/>
        <source>Test accuracy</source>
        <translation>测试准确率</translation>
    </message>
    <message>
        <location filename="../model_info.py" line="82"/>
        <source>Input</source>
        <translation>输入</translation>
    </message>
    <message>
        <location filename="../model_info.py" line="83"/>
        <source>Created</source>
        <translation>创建时间</translation>
    </message>
    <message>
        <location filename="../model_info.py" line="262"/>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <location filename="../model_info.py" line="86"/>
        <source>Model information</source>
        <translation>模型信息</translation>
    </message>
    <message>
        <location filename="../model_info.py" line="88"/>
        <source>Classes ({n})</source>
        <translation>类别（{n}）</translation>
    </message>
    <message>
        <location filename="../model_info.py" line="90"/>
        <source>Class</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../model_info.py" line="94"/>
        <source>No per-class accuracy recorded.</source>
        <translation>没有记录各类别的准确率。</translation>
    </message>
    <message>
        <location filename="../model_info.py" line="98"/>
        <source>Training configuration</source>
        <translation>训练配置</translation>
    </message>
    <message>
        <location filename="../model_info.py" line="100"/>
        <source>Not recorded.</source>
        <translation>未记录。</translation>
    </message>
    <message>
        <location filename="../model_info.py" line="103"/>
        <source>Other metadata</source>
        <translation>其他元数据</translation>
    </message>
    <message>
        <location filename="../model_info.py" line="124"/>
        <source>No model loaded</source>
        <translation>尚未加载模型</translation>
    </message>
    <message>
        <location filename="../model_info.py" line="124"/>
        <source>Use Model › Open Checkpoint…</source>
        <translation>请用「模型 › 打开检查点…」</translation>
    </message>
    <message>
        <location filename="../model_info.py" line="136"/>
        <source>Measured on the {split} split of {data}, {count} images.</source>
        <translation>在 {data} 的 {split} 划分上测量，共 {count} 张图片。</translation>
    </message>
    <message>
        <location filename="../model_info.py" line="139"/>
        <source>Measured on the {split} split, {count} images.</source>
        <translation>在 {split} 划分上测量，共 {count} 张图片。</translation>
    </message>
    <message>
        <location filename="../model_info.py" line="142"/>
        <source>Measured by the checkpoint&apos;s recorded evaluation.</source>
        <translation>取自检查点中记录的评估结果。</translation>
    </message>
    <message>
        <location filename="../model_info.py" line="144"/>
        <source>With test-time augmentation.</source>
        <translation>使用测试时数据增强。</translation>
    </message>
    <message>
        <location filename="../model_info.py" line="40"/>
        <source>Top class under 50% probability</source>
        <translation>最高类别的概率低于 50%</translation>
    </message>
    <message>
        <location filename="../model_info.py" line="40"/>
        <source>Weak response (energy score)</source>
        <translation>响应偏弱（能量分数）</translation>
    </message>
    <message>
        <location filename="../model_info.py" line="40"/>
        <source>Blank or noise-like picture</source>
        <translation>空白或类似噪声的图片</translation>
    </message>
    <message>
        <location filename="../model_info.py" line="40"/>
        <source>Far from every training image (feature detector)</source>
        <translation>与所有训练图像都相距很远（特征检测器）</translation>
    </message>
    <message>
        <location filename="../model_info.py" line="96"/>
        <source>Not-sure checks</source>
        <translation>“不确定”检查</translation>
    </message>
    <message>
        <location filename="../model_info.py" line="114"/>
        <source>off (needs {command})</source>
        <translation>关闭（需要 {command}）</translation>
    </message>
    <message>
        <location filename="../model_info.py" line="116"/>
        <source>on, on uncalibrated probabilities</source>
        <translation>开启，基于未校准的概率</translation>
    </message>
    <message>
        <location filename="../model_info.py" line="118"/>
        <source>on</source>
        <translation>开启</translation>
    </message>
</context>
<context>
    <name>ModelInfoDialog</name>
    <message>
        <location filename="../model_info.py" line="218"/>
        <source>Confusion matrix</source>
        <translation>混淆矩阵</translation>
    </message>
    <message>
        <location filename="../model_info.py" line="215"/>
        <source>Model Info</source>
        <translation>模型信息</translation>
    </message>
    <message>
        <location filename="../model_info.py" line="216"/>
        <source>Summary</source>
        <translation>摘要</translation>
    </message>
</context>
<context>
    <name>NetworkInputView</name>
    <message>
        <location filename="../prediction_view.py" line="113"/>
        <source>What the network sees: the image resized to its input size, before normalisation</source>
        <translation>网络看到的内容：缩放到输入尺寸、尚未归一化的图片</translation>
    </message>
    <message>
        <location filename="../prediction_view.py" line="140"/>
        <source>Network input</source>
        <translation>网络输入</translation>
    </message>
</context>
</TS>
