<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>Architecture</name>
    <message>
        <location filename="../architecture_view.py" line="32"/>
        <source>Layer</source>
        <translation>层</translation>
    </message>
    <message>
        <location filename="../architecture_view.py" line="32"/>
        <source>What it is</source>
        <translation>说明</translation>
    </message>
    <message>
        <location filename="../architecture_view.py" line="32"/>
        <source>Output</source>
        <translation>输出</translation>
    </message>
    <message>
        <location filename="../architecture_view.py" line="32"/>
        <source>Parameters</source>
        <translation>参数</translation>
    </message>
    <message>
        <location filename="../architecture_view.py" line="43"/>
        <source>stem: {k}×{k} convolution, stride {s}, + BatchNorm + ReLU</source>
        <translation>主干：{k}×{k} 卷积，步幅 {s}，+ BatchNorm + ReLU</translation>
    </message>
    <message>
        <location filename="../architecture_view.py" line="46"/>
        <source>stem: {k}×{k} max-pool, stride {s}</source>
        <translation>主干：{k}×{k} 最大池化，步幅 {s}</translation>
    </message>
    <message>
        <location filename="../architecture_view.py" line="48"/>
        <source>1×1 projection shortcut</source>
        <translation>1×1 投影捷径</translation>
    </message>
    <message>
        <location filename="../architecture_view.py" line="48"/>
        <source>identity shortcut</source>
        <translation>恒等捷径</translation>
    </message>
    <message>
        <location filename="../architecture_view.py" line="51"/>
        <source>block: two 3×3 convolutions, stride {s}, {shortcut}</source>
        <translation>块：两个 3×3 卷积，步幅 {s}，{shortcut}</translation>
    </message>
    <message>
        <location filename="../architecture_view.py" line="53"/>
        <source>block: two 3×3 convolutions, {shortcut}</source>
        <translation>块：两个 3×3 卷积，{shortcut}</translation>
    </message>
    <message>
        <location filename="../architecture_view.py" line="55"/>
        <source>global average pooling</source>
        <translation>全局平均池化</translation>
    </message>
    <message>
        <location filename="../architecture_view.py" line="57"/>
        <source>linear layer to the {n} classes</source>
        <translation>线性层，输出 {n} 个类别</translation>
    </message>
    <message>
        <location filename="../architecture_view.py" line="102"/>
        <source>Architecture</source>
        <translation>架构</translation>
    </message>
    <message>
        <location filename="../architecture_view.py" line="107"/>
        <source>Reading the network…</source>
        <translation>正在读取网络…</translation>
    </message>
    <message>
        <location filename="../architecture_view.py" line="110"/>
        <source>ImageNet stem</source>
        <translation>ImageNet 主干</translation>
    </message>
    <message>
        <location filename="../architecture_view.py" line="110"/>
        <source>CIFAR stem</source>
        <translation>CIFAR 主干</translation>
    </message>
    <message>
        <location filename="../architecture_view.py" line="112"/>
        <source>ResNet-{n}, {stem}, input 3 × {size} × {size}</source>
        <translation>ResNet-{n}，{stem}，输入 3 × {size} × {size}</translation>
    </message>
    <message>
        <location filename="../architecture_view.py" line="125"/>
        <source>Weighted layers: {sum} (the stem convolution, two convolutions per block, the linear layer; the 1×1 projections are not counted, as in the paper). Parameters: {params:,}.</source>
        <translation>有权重的层：{sum}（主干卷积、每个块两个卷积、线性层；与论文相同，不计 1×1 投影）。参数：{params:,}。</translation>
    </message>
    <message>
        <location filename="../inside_views.py" line="64"/>
        <source>No model is loaded. Use Model › Open Checkpoint… to choose one.</source>
        <translation>尚未加载模型。请用「模型 › 打开检查点…」选择一个。</translation>
    </message>
</context>
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
        <location filename="../confusion_view.py" line="153"/>
        <source>{true}: {count} of {total} images classified correctly ({share})</source>
        <translation>{true}：{total} 张中有 {count} 张分类正确（{share}）</translation>
    </message>
    <message>
        <location filename="../confusion_view.py" line="155"/>
        <source>{true} classified as {predicted}: {count} of {total} images ({share})</source>
        <translation>{true} 被分类为 {predicted}：{total} 张中有 {count} 张（{share}）</translation>
    </message>
    <message>
        <location filename="../confusion_view.py" line="160"/>
        <source>Confusion matrix</source>
        <translation>混淆矩阵</translation>
    </message>
    <message>
        <location filename="../confusion_view.py" line="169"/>
        <source>Rows are true classes, columns predicted classes; {n} classes, {total} images, {accuracy} classified correctly.</source>
        <translation>行为真实类别，列为预测类别；共 {n} 个类别、{total} 张图片，{accuracy} 分类正确。</translation>
    </message>
    <message>
        <location filename="../confusion_view.py" line="174"/>
        <source>Best class: {best} ({best_acc}); worst class: {worst} ({worst_acc}).</source>
        <translation>最佳类别：{best}（{best_acc}）；最差类别：{worst}（{worst_acc}）。</translation>
    </message>
    <message>
        <location filename="../confusion_view.py" line="182"/>
        <source>Most common mistake: {true} classified as {predicted} ({share} of {true} images).</source>
        <translation>最常见的错误：{true} 被分类为 {predicted}（占 {true} 图片的 {share}）。</translation>
    </message>
    <message>
        <location filename="../confusion_view.py" line="231"/>
        <source>True class</source>
        <translation>真实类别</translation>
    </message>
    <message>
        <location filename="../confusion_view.py" line="231"/>
        <source>Predicted class</source>
        <translation>预测类别</translation>
    </message>
    <message>
        <location filename="../confusion_view.py" line="231"/>
        <source>Accuracy</source>
        <translation>准确率</translation>
    </message>
    <message>
        <location filename="../confusion_view.py" line="147"/>
        <source>Each row: where that class&apos;s images went, in percent</source>
        <translation>每一行：该类别的图片被分到哪里（百分比）</translation>
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
        <location filename="../dialogs.py" line="41"/>
        <source>Images ({patterns})</source>
        <translation>图片（{patterns}）</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="53"/>
        <source>All files (*)</source>
        <translation>所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="44"/>
        <source>Open Images</source>
        <translation>打开图片</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="49"/>
        <source>Open Folder</source>
        <translation>打开文件夹</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="53"/>
        <source>Checkpoints ({patterns})</source>
        <translation>检查点（{patterns}）</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="56"/>
        <source>Open Checkpoint</source>
        <translation>打开检查点</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="61"/>
        <source>Export Results as CSV</source>
        <translation>导出结果为 CSV</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="61"/>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
</context>
<context>
    <name>FeatureMaps</name>
    <message>
        <location filename="../feature_view.py" line="253"/>
        <source>{place}, channel {channel} of {count} ({h} × {w})</source>
        <translation>{place}，第 {channel} 通道（共 {count} 个，{h} × {w}）</translation>
    </message>
    <message>
        <location filename="../feature_view.py" line="258"/>
        <source>Feature Maps</source>
        <translation>特征图</translation>
    </message>
    <message>
        <location filename="../feature_view.py" line="260"/>
        <source>Classify an image to see what the network computes from it.</source>
        <translation>分类一张图片，就能看到网络从中计算出什么。</translation>
    </message>
    <message>
        <location filename="../feature_view.py" line="262"/>
        <source>Computing the feature maps…</source>
        <translation>正在计算特征图…</translation>
    </message>
    <message>
        <location filename="../feature_view.py" line="263"/>
        <source>No feature maps: {error}</source>
        <translation>无法生成特征图：{error}</translation>
    </message>
    <message>
        <location filename="../feature_view.py" line="265"/>
        <source>The most active channels after the stem and after each stage, each tile scaled from black (0) to white (its own maximum). Click a tile to see it large.</source>
        <translation>主干之后与每个阶段之后最活跃的通道；每格从黑色（0）缩放到白色（该格的最大值）。点击方格可放大查看。</translation>
    </message>
    <message>
        <location filename="../feature_view.py" line="274"/>
        <source>{place}: {count} channels of {h} × {w}, the {shown} most active</source>
        <translation>{place}：{count} 个 {h} × {w} 的通道，显示最活跃的 {shown} 个</translation>
    </message>
    <message>
        <location filename="../feature_view.py" line="287"/>
        <source>Stem</source>
        <translation>主干</translation>
    </message>
    <message>
        <location filename="../feature_view.py" line="288"/>
        <source>Stage {n} ({layer})</source>
        <translation>第 {n} 阶段（{layer}）</translation>
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
        <location filename="../result_panel.py" line="27"/>
        <source>The top class has a probability under 50% after calibration: the model expects to be wrong more often than right.</source>
        <translation>校准后最高类别的概率低于 50%：模型预期答错的机会比答对大。</translation>
    </message>
    <message>
        <location filename="../menus.py" line="28"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../menus.py" line="35"/>
        <source>&amp;Open Images…</source>
        <translation>打开图片(&amp;O)…</translation>
    </message>
    <message>
        <location filename="../menus.py" line="35"/>
        <source>Open &amp;Folder…</source>
        <translation>打开文件夹(&amp;F)…</translation>
    </message>
    <message>
        <location filename="../menus.py" line="35"/>
        <source>&amp;Paste Image</source>
        <translation>粘贴图片(&amp;P)</translation>
    </message>
    <message>
        <location filename="../menus.py" line="35"/>
        <source>&amp;Export Results as CSV…</source>
        <translation>导出结果为 CSV(&amp;E)…</translation>
    </message>
    <message>
        <location filename="../menus.py" line="35"/>
        <source>C&amp;lear History</source>
        <translation>清除历史记录(&amp;L)</translation>
    </message>
    <message>
        <location filename="../menus.py" line="35"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../menus.py" line="28"/>
        <source>&amp;Model</source>
        <translation>模型(&amp;M)</translation>
    </message>
    <message>
        <location filename="../menus.py" line="35"/>
        <source>&amp;Open Checkpoint…</source>
        <translation>打开检查点(&amp;O)…</translation>
    </message>
    <message>
        <location filename="../menus.py" line="35"/>
        <source>&amp;Recent Checkpoints</source>
        <translation>最近的检查点(&amp;R)</translation>
    </message>
    <message>
        <location filename="../menus.py" line="35"/>
        <source>Use &amp;Bundled Model</source>
        <translation>使用内置模型(&amp;B)</translation>
    </message>
    <message>
        <location filename="../menus.py" line="35"/>
        <source>Model &amp;Info…</source>
        <translation>模型信息(&amp;I)…</translation>
    </message>
    <message>
        <location filename="../menus.py" line="28"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../menus.py" line="35"/>
        <source>Show &amp;Attention Map</source>
        <translation>显示注意力图(&amp;A)</translation>
    </message>
    <message>
        <location filename="../menus.py" line="35"/>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <location filename="../menus.py" line="28"/>
        <source>&amp;Device</source>
        <translation>设备(&amp;D)</translation>
    </message>
    <message>
        <location filename="../menus.py" line="28"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../menus.py" line="35"/>
        <source>Try &amp;Sample Images</source>
        <translation>试用示例图片(&amp;S)</translation>
    </message>
    <message>
        <location filename="../menus.py" line="35"/>
        <source>&amp;About</source>
        <translation>关于(&amp;A)</translation>
    </message>
    <message>
        <location filename="../window.py" line="311"/>
        <source>CIFAR-10 Classifier</source>
        <translation>CIFAR-10 分类器</translation>
    </message>
    <message>
        <location filename="../window.py" line="154"/>
        <source>History</source>
        <translation>历史记录</translation>
    </message>
    <message>
        <location filename="../result_panel.py" line="103"/>
        <source>Try Sample Images</source>
        <translation>试用示例图片</translation>
    </message>
    <message>
        <location filename="../status.py" line="102"/>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <location filename="../state.py" line="285"/>
        <source>History cleared</source>
        <translation>已清除历史记录</translation>
    </message>
    <message>
        <location filename="../window.py" line="233"/>
        <source>The clipboard holds no image</source>
        <translation>剪贴板中没有图片</translation>
    </message>
    <message>
        <location filename="../window.py" line="239"/>
        <source>Nothing to export yet</source>
        <translation>还没有可导出的结果</translation>
    </message>
    <message>
        <location filename="../window.py" line="256"/>
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
    <message>
        <location filename="../window.py" line="258"/>
        <source>Exported {count} results to {path}</source>
        <translation>已将 {count} 条结果导出到 {path}</translation>
    </message>
    <message>
        <location filename="../window.py" line="271"/>
        <source>No bundled model</source>
        <translation>没有内置模型</translation>
    </message>
    <message>
        <location filename="../window.py" line="271"/>
        <source>The bundled checkpoint is missing:
{path}

Use Model › Open Checkpoint… to choose one.</source>
        <translation>找不到内置的检查点：
{path}

请用「模型 › 打开检查点…」选择一个。</translation>
    </message>
    <message>
        <location filename="../window.py" line="289"/>
        <source>No sample images</source>
        <translation>没有示例图片</translation>
    </message>
    <message>
        <location filename="../window.py" line="289"/>
        <source>The sample images are missing:
{path}</source>
        <translation>找不到示例图片：
{path}</translation>
    </message>
    <message>
        <location filename="../window.py" line="304"/>
        <source>The {code} translation is missing; using English</source>
        <translation>找不到 {code} 的翻译，改用英文</translation>
    </message>
    <message>
        <location filename="../window.py" line="311"/>
        <source>About {name}</source>
        <translation>关于 {name}</translation>
    </message>
    <message>
        <location filename="../state.py" line="351"/>
        <source>{device} is not available here; using Automatic</source>
        <translation>这台电脑没有 {device}，改用自动</translation>
    </message>
    <message>
        <location filename="../state.py" line="383"/>
        <source>Loaded {name}</source>
        <translation>已加载 {name}</translation>
    </message>
    <message>
        <location filename="../window.py" line="341"/>
        <source>Could not load checkpoint</source>
        <translation>无法加载检查点</translation>
    </message>
    <message>
        <location filename="../window.py" line="330"/>
        <source>Using the bundled model instead.</source>
        <translation>改用内置模型。</translation>
    </message>
    <message>
        <location filename="../window.py" line="335"/>
        <source>The previous model stays active:</source>
        <translation>继续使用原来的模型：</translation>
    </message>
    <message>
        <location filename="../window.py" line="339"/>
        <source>No model is loaded. Use Model › Open Checkpoint… to choose one.</source>
        <translation>尚未加载模型。请用「模型 › 打开检查点…」选择一个。</translation>
    </message>
    <message>
        <location filename="../state.py" line="459"/>
        <source>No images found in what was dropped</source>
        <translation>拖放的项目中没有图片</translation>
    </message>
    <message>
        <location filename="../state.py" line="462"/>
        <source>Cancelled after {done} of {total} images</source>
        <translation>已取消（完成 {total} 张中的 {done} 张）</translation>
    </message>
    <message>
        <location filename="../state.py" line="465"/>
        <source>Classified {done} images ({failed} failed)</source>
        <translation>已分类 {done} 张图片（{failed} 张失败）</translation>
    </message>
    <message>
        <location filename="../state.py" line="465"/>
        <source>Classified {done} images</source>
        <translation>已分类 {done} 张图片</translation>
    </message>
    <message>
        <location filename="../status.py" line="110"/>
        <source>Last inference: {ms} ms</source>
        <translation>上次推理：{ms} 毫秒</translation>
    </message>
    <message>
        <location filename="../result_panel.py" line="146"/>
        <source>Could not classify this file</source>
        <translation>无法分类这个文件</translation>
    </message>
    <message>
        <location filename="../window.py" line="401"/>
        <source>Grad-CAM for {label}, {layer}</source>
        <translation>{label} 的 Grad-CAM，{layer}</translation>
    </message>
    <message>
        <location filename="../window.py" line="135"/>
        <source>No attention map: {error}</source>
        <translation>无法生成注意力图：{error}</translation>
    </message>
    <message>
        <location filename="../status.py" line="107"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../status.py" line="86"/>
        <source>Looking for images…</source>
        <translation>正在查找图片…</translation>
    </message>
    <message>
        <location filename="../status.py" line="91"/>
        <source>Classifying… {done} of {total}</source>
        <translation>正在分类… {done} / {total}</translation>
    </message>
    <message>
        <location filename="../status.py" line="119"/>
        <source>Loading model {name}…</source>
        <translation>正在加载模型 {name}…</translation>
    </message>
    <message>
        <location filename="../status.py" line="123"/>
        <source>Loading model…</source>
        <translation>正在加载模型…</translation>
    </message>
    <message>
        <location filename="../status.py" line="123"/>
        <source>You can drop images already; they will be classified as soon as it is ready.</source>
        <translation>现在就可以拖放图片，模型一准备好就会开始分类。</translation>
    </message>
    <message>
        <location filename="../status.py" line="131"/>
        <source>No model loaded</source>
        <translation>尚未加载模型</translation>
    </message>
    <message>
        <location filename="../status.py" line="131"/>
        <source>Open a checkpoint with Model › Open Checkpoint… (Ctrl+Shift+O).</source>
        <translation>请用「模型 › 打开检查点…」（Ctrl+Shift+O）打开检查点。</translation>
    </message>
    <message>
        <location filename="../status.py" line="138"/>
        <source>Drop images or folders here</source>
        <translation>将图片或文件夹拖放到这里</translation>
    </message>
    <message>
        <location filename="../status.py" line="138"/>
        <source>or use File › Open Images… (Ctrl+O)</source>
        <translation>或使用「文件 › 打开图片…」（Ctrl+O）</translation>
    </message>
    <message>
        <location filename="../status.py" line="145"/>
        <source>test accuracy {accuracy}</source>
        <translation>测试准确率 {accuracy}</translation>
    </message>
    <message>
        <location filename="../status.py" line="150"/>
        <source>test accuracy unknown</source>
        <translation>测试准确率未知</translation>
    </message>
    <message>
        <location filename="../status.py" line="151"/>
        <source>Model: {name} · {accuracy}</source>
        <translation>模型：{name} · {accuracy}</translation>
    </message>
    <message>
        <location filename="../status.py" line="160"/>
        <source>Device: {device}</source>
        <translation>设备：{device}</translation>
    </message>
    <message>
        <location filename="../status.py" line="167"/>
        <source>{n} requests waiting.</source>
        <translation>{n} 个请求等待中。</translation>
    </message>
    <message>
        <location filename="../status.py" line="167"/>
        <source>1 request waiting.</source>
        <translation>1 个请求等待中。</translation>
    </message>
    <message>
        <location filename="../menus.py" line="155"/>
        <source>Clear Recent</source>
        <translation>清除最近项目</translation>
    </message>
    <message>
        <location filename="../status.py" line="177"/>
        <source>MPS (Apple GPU)</source>
        <translation>MPS（Apple GPU）</translation>
    </message>
    <message>
        <location filename="../status.py" line="183"/>
        <source>Classifies images into the ten CIFAR-10 classes with a ResNet-18 (He et al., 2016).</source>
        <translation>使用 ResNet-18（He 等人，2016）将图片分类到 CIFAR-10 的十个类别。</translation>
    </message>
    <message>
        <location filename="../status.py" line="185"/>
        <source>Drop images or folders on the window, paste an image, or use File › Open.</source>
        <translation>将图片或文件夹拖放到窗口上、粘贴图片，或使用「文件 › 打开」。</translation>
    </message>
    <message>
        <location filename="../status.py" line="188"/>
        <source>Model:</source>
        <translation>模型：</translation>
    </message>
    <message>
        <location filename="../status.py" line="191"/>
        <source>No model loaded.</source>
        <translation>尚未加载模型。</translation>
    </message>
    <message>
        <location filename="../history.py" line="102"/>
        <source>Model: {name}</source>
        <translation>模型：{name}</translation>
    </message>
    <message>
        <location filename="../state.py" line="281"/>
        <source>History cleared; the running batch stopped ({left})</source>
        <translation>已清除历史记录；正在运行的批次已停止（{left}）</translation>
    </message>
    <message>
        <location filename="../state.py" line="378"/>
        <source>Loaded {name}; classifying the rest of the interrupted batch with it ({left})</source>
        <translation>已加载 {name}；中断的批次其余部分改用它分类（{left}）</translation>
    </message>
    <message>
        <location filename="../state.py" line="477"/>
        <source>folders still being searched</source>
        <translation>仍在搜索文件夹</translation>
    </message>
    <message>
        <location filename="../state.py" line="479"/>
        <source>{n} images left</source>
        <translation>剩余 {n} 张图片</translation>
    </message>
    <message>
        <location filename="../result_panel.py" line="30"/>
        <source>The network&apos;s response is weaker than for 95% of the held-out images it was calibrated on (energy score): the picture may show none of its classes.</source>
        <translation>网络的响应比校准时所用保留图片中的 95% 都弱（能量分数）：这张图片可能不属于它的任何一个类别。</translation>
    </message>
    <message>
        <location filename="../result_panel.py" line="34"/>
        <source>The picture&apos;s features are far from those of the training images (feature detector): it may show none of the classes.</source>
        <translation>这张图片的特征与训练图片的特征相距甚远（特征检测器）：它可能不属于任何一个类别。</translation>
    </message>
    <message>
        <location filename="../history.py" line="116"/>
        <source>none of the classes?</source>
        <translation>不像任何类别？</translation>
    </message>
    <message>
        <location filename="../result_panel.py" line="110"/>
        <source>Not sure: the model is unsure between classes</source>
        <translation>不确定：模型在几个类别之间犹豫</translation>
    </message>
    <message>
        <location filename="../result_panel.py" line="112"/>
        <source>Not sure: this does not look like any of the {n} classes</source>
        <translation>不确定：这不像 {n} 个类别中的任何一个</translation>
    </message>
    <message>
        <location filename="../menus.py" line="35"/>
        <source>&amp;Architecture…</source>
        <translation>架构(&amp;A)…</translation>
    </message>
    <message>
        <location filename="../menus.py" line="35"/>
        <source>&amp;Feature Maps…</source>
        <translation>特征图(&amp;F)…</translation>
    </message>
    <message>
        <location filename="../menus.py" line="35"/>
        <source>&amp;Why Residual Connections?</source>
        <translation>为什么要残差连接？(&amp;W)</translation>
    </message>
    <message>
        <location filename="../menus.py" line="35"/>
        <source>&amp;New Model from Folders…</source>
        <translation>从文件夹新建模型(&amp;N)…</translation>
    </message>
    <message>
        <location filename="../window.py" line="328"/>
        <source>It was taken off Recent Checkpoints.</source>
        <translation>已将它从“最近的检查点”中移除。</translation>
    </message>
    <message>
        <location filename="../status.py" line="147"/>
        <source>validation accuracy {accuracy}</source>
        <translation>验证准确率 {accuracy}</translation>
    </message>
    <message>
        <location filename="../image_errors.py" line="19"/>
        <source>no model loaded</source>
        <translation>未加载模型</translation>
    </message>
    <message>
        <location filename="../image_errors.py" line="20"/>
        <source>file not found</source>
        <translation>找不到文件</translation>
    </message>
    <message>
        <location filename="../image_errors.py" line="21"/>
        <source>permission denied</source>
        <translation>没有访问权限</translation>
    </message>
    <message>
        <location filename="../image_errors.py" line="22"/>
        <source>cannot read it ({why})</source>
        <translation>无法读取（{why}）</translation>
    </message>
    <message>
        <location filename="../image_errors.py" line="23"/>
        <source>is a folder, not an image file</source>
        <translation>是文件夹，不是图片文件</translation>
    </message>
    <message>
        <location filename="../image_errors.py" line="24"/>
        <source>cannot open this folder ({why})</source>
        <translation>无法打开此文件夹（{why}）</translation>
    </message>
    <message>
        <location filename="../image_errors.py" line="25"/>
        <source>is a named pipe (FIFO), not an image file</source>
        <translation>是命名管道（FIFO），不是图片文件</translation>
    </message>
    <message>
        <location filename="../image_errors.py" line="26"/>
        <source>is a socket, not an image file</source>
        <translation>是套接字（socket），不是图片文件</translation>
    </message>
    <message>
        <location filename="../image_errors.py" line="27"/>
        <source>is a device, not an image file</source>
        <translation>是设备，不是图片文件</translation>
    </message>
    <message>
        <location filename="../image_errors.py" line="28"/>
        <source>a symbolic link loop (the link leads back to itself)</source>
        <translation>符号链接循环（链接指回自身）</translation>
    </message>
    <message>
        <location filename="../image_errors.py" line="30"/>
        <source>a broken symbolic link (what it points to does not exist)</source>
        <translation>失效的符号链接（指向的目标不存在）</translation>
    </message>
    <message>
        <location filename="../image_errors.py" line="32"/>
        <source>the path, or a name in it, is too long for this system ({chars} characters)</source>
        <translation>路径或其中的名称对此系统而言太长（{chars} 个字符）</translation>
    </message>
    <message>
        <location filename="../image_errors.py" line="34"/>
        <source>empty file (0 bytes)</source>
        <translation>空文件（0 字节）</translation>
    </message>
    <message>
        <location filename="../image_errors.py" line="35"/>
        <source>not an image, or a format this program cannot read</source>
        <translation>不是图片，或是本程序无法读取的格式</translation>
    </message>
    <message>
        <location filename="../image_errors.py" line="37"/>
        <source>truncated or damaged file ({why})</source>
        <translation>文件不完整或已损坏（{why}）</translation>
    </message>
    <message>
        <location filename="../image_errors.py" line="38"/>
        <source>cannot decode image ({why})</source>
        <translation>无法解码图片（{why}）</translation>
    </message>
    <message>
        <location filename="../image_errors.py" line="39"/>
        <source>invalid size {width}×{height}</source>
        <translation>无效的尺寸 {width}×{height}</translation>
    </message>
    <message>
        <location filename="../image_errors.py" line="40"/>
        <source>refused: {width}×{height} pixels, over the limit of {limit} pixels</source>
        <translation>已拒绝：{width}×{height} 像素，超过 {limit} 像素的上限</translation>
    </message>
    <message>
        <location filename="../image_errors.py" line="42"/>
        <source>refused: too many pixels ({why})</source>
        <translation>已拒绝：像素过多（{why}）</translation>
    </message>
    <message>
        <location filename="../image_errors.py" line="43"/>
        <source>refused: {width}×{height} pixels need {mb} MB to decode, over the limit of {limit} MB</source>
        <translation>已拒绝：{width}×{height} 像素解码需要 {mb} MB，超过 {limit} MB 的上限</translation>
    </message>
    <message>
        <location filename="../image_errors.py" line="46"/>
        <source>not enough memory to decode this image</source>
        <translation>内存不足，无法解码此图片</translation>
    </message>
    <message>
        <location filename="../image_errors.py" line="47"/>
        <source>unsupported colour mode {mode}</source>
        <translation>不支持的颜色模式 {mode}</translation>
    </message>
    <message>
        <location filename="../result_panel.py" line="37"/>
        <source>The picture is almost blank, noise-like or smoother than photos, unlike the photos the model was trained on.</source>
        <translation>这张图片几乎是空白、噪声，或比照片更平滑，不像模型训练时看过的照片。</translation>
    </message>
    <message>
        <location filename="../image_errors.py" line="48"/>
        <source>the network&apos;s output for this image is not a finite number (the checkpoint&apos;s weights overflow on it)</source>
        <translation>网络对这张图片的输出不是有限数值（检查点的权重在它上面溢出）</translation>
    </message>
    <message>
        <location filename="../window.py" line="337"/>
        <source>Still loading the checkpoint you chose after it:</source>
        <translation>仍在加载之后选择的检查点：</translation>
    </message>
    <message>
        <location filename="../state.py" line="400"/>
        <source>The device setting went back to {device}.</source>
        <translation>设备设置已改回 {device}。</translation>
    </message>
    <message>
        <location filename="../window.py" line="182"/>
        <source>Settings will not be kept</source>
        <translation>设置将不会保存</translation>
    </message>
    <message>
        <location filename="../window.py" line="182"/>
        <source>The app works, but what you choose (model, language, window size) is forgotten when it closes.</source>
        <translation>程序仍可使用，但您的选择（模型、语言、窗口大小）会在关闭时丢失。</translation>
    </message>
</context>
<context>
    <name>ModelInfo</name>
    <message>
        <location filename="../model_info.py" line="76"/>
        <source>not recorded</source>
        <translation>未记录</translation>
    </message>
    <message>
        <location filename="../model_info.py" line="78"/>
        <source>{size} × {size} px, mean {mean}, std {std}</source>
        <translation>{size} × {size} 像素，均值 {mean}，标准差 {std}</translation>
    </message>
    <message>
        <location filename="../model_info.py" line="81"/>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location filename="../model_info.py" line="82"/>
        <source>Checkpoint</source>
        <translation>检查点</translation>
    </message>
    <message>
        <location filename="../model_info.py" line="83"/>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <location filename="../model_info.py" line="122"/>
        <source>Test accuracy</source>
        <translation>测试准确率</translation>
    </message>
    <message>
        <location filename="../model_info.py" line="85"/>
        <source>Input</source>
        <translation>输入</translation>
    </message>
    <message>
        <location filename="../model_info.py" line="86"/>
        <source>Created</source>
        <translation>创建时间</translation>
    </message>
    <message>
        <location filename="../model_info.py" line="291"/>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <location filename="../model_info.py" line="89"/>
        <source>Model information</source>
        <translation>模型信息</translation>
    </message>
    <message>
        <location filename="../model_info.py" line="91"/>
        <source>Classes ({n})</source>
        <translation>类别（{n}）</translation>
    </message>
    <message>
        <location filename="../model_info.py" line="93"/>
        <source>Class</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../model_info.py" line="97"/>
        <source>No per-class accuracy recorded.</source>
        <translation>没有记录各类别的准确率。</translation>
    </message>
    <message>
        <location filename="../model_info.py" line="101"/>
        <source>Training configuration</source>
        <translation>训练配置</translation>
    </message>
    <message>
        <location filename="../model_info.py" line="103"/>
        <source>Not recorded.</source>
        <translation>未记录。</translation>
    </message>
    <message>
        <location filename="../model_info.py" line="106"/>
        <source>Other metadata</source>
        <translation>其他元数据</translation>
    </message>
    <message>
        <location filename="../model_info.py" line="153"/>
        <source>No model loaded</source>
        <translation>尚未加载模型</translation>
    </message>
    <message>
        <location filename="../model_info.py" line="153"/>
        <source>Use Model › Open Checkpoint…</source>
        <translation>请用「模型 › 打开检查点…」</translation>
    </message>
    <message>
        <location filename="../model_info.py" line="165"/>
        <source>Measured on the {split} split of {data}, {count} images.</source>
        <translation>在 {data} 的 {split} 划分上测量，共 {count} 张图片。</translation>
    </message>
    <message>
        <location filename="../model_info.py" line="168"/>
        <source>Measured on the {split} split, {count} images.</source>
        <translation>在 {split} 划分上测量，共 {count} 张图片。</translation>
    </message>
    <message>
        <location filename="../model_info.py" line="171"/>
        <source>Measured by the checkpoint&apos;s recorded evaluation.</source>
        <translation>取自检查点中记录的评估结果。</translation>
    </message>
    <message>
        <location filename="../model_info.py" line="173"/>
        <source>With test-time augmentation.</source>
        <translation>使用测试时数据增强。</translation>
    </message>
    <message>
        <location filename="../model_info.py" line="41"/>
        <source>Top class under 50% probability</source>
        <translation>最高类别的概率低于 50%</translation>
    </message>
    <message>
        <location filename="../model_info.py" line="41"/>
        <source>Weak response (energy score)</source>
        <translation>响应偏弱（能量分数）</translation>
    </message>
    <message>
        <location filename="../model_info.py" line="41"/>
        <source>Far from every training image (feature detector)</source>
        <translation>与所有训练图像都相距很远（特征检测器）</translation>
    </message>
    <message>
        <location filename="../model_info.py" line="99"/>
        <source>Not-sure checks</source>
        <translation>“不确定”检查</translation>
    </message>
    <message>
        <location filename="../model_info.py" line="143"/>
        <source>off (needs {command})</source>
        <translation>关闭（需要 {command}）</translation>
    </message>
    <message>
        <location filename="../model_info.py" line="145"/>
        <source>on, on uncalibrated probabilities</source>
        <translation>开启，基于未校准的概率</translation>
    </message>
    <message>
        <location filename="../model_info.py" line="147"/>
        <source>on</source>
        <translation>开启</translation>
    </message>
    <message>
        <location filename="../model_info.py" line="128"/>
        <source>Validation accuracy</source>
        <translation>验证准确率</translation>
    </message>
    <message>
        <location filename="../model_info.py" line="41"/>
        <source>Blank, noise-like or unnaturally smooth picture</source>
        <translation>空白、类似噪声或过于平滑的图片</translation>
    </message>
</context>
<context>
    <name>ModelInfoDialog</name>
    <message>
        <location filename="../model_info.py" line="247"/>
        <source>Confusion matrix</source>
        <translation>混淆矩阵</translation>
    </message>
    <message>
        <location filename="../model_info.py" line="244"/>
        <source>Model Info</source>
        <translation>模型信息</translation>
    </message>
    <message>
        <location filename="../model_info.py" line="245"/>
        <source>Summary</source>
        <translation>摘要</translation>
    </message>
</context>
<context>
    <name>NetworkInputView</name>
    <message>
        <location filename="../prediction_view.py" line="133"/>
        <source>What the network sees: the image resized to its input size, before normalisation</source>
        <translation>网络看到的内容：缩放到输入尺寸、尚未归一化的图片</translation>
    </message>
    <message>
        <location filename="../prediction_view.py" line="160"/>
        <source>Network input</source>
        <translation>网络输入</translation>
    </message>
</context>
<context>
    <name>NewModelDialog</name>
    <message>
        <location filename="../training/dialog.py" line="61"/>
        <source>Quick: the last stage and the classifier, {epochs} epochs</source>
        <translation>快速：只训练最后一个阶段和分类器，{epochs} 个 epoch</translation>
    </message>
    <message>
        <location filename="../training/dialog.py" line="63"/>
        <source>Better: the whole network, {epochs} epochs</source>
        <translation>较佳：训练整个网络，{epochs} 个 epoch</translation>
    </message>
    <message>
        <location filename="../training/dialog.py" line="172"/>
        <source>New Model from Folders</source>
        <translation>从文件夹新建模型</translation>
    </message>
    <message>
        <location filename="../training/dialog.py" line="173"/>
        <source>Choose (or drop here) a folder that holds one folder per class, each with that class&apos;s pictures. The bundled network is fine-tuned on them; a fifth of every class is held out to measure the result.</source>
        <translation>选择（或拖放到这里）一个文件夹，其中每个类别一个子文件夹，各自放着该类别的图片。内置网络会在这些图片上微调；每个类别保留五分之一用来衡量结果。</translation>
    </message>
    <message>
        <location filename="../training/dialog.py" line="177"/>
        <source>Classes from:</source>
        <translation>类别来源：</translation>
    </message>
    <message>
        <location filename="../training/dialog.py" line="183"/>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <location filename="../training/dialog.py" line="179"/>
        <source>Class</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../training/dialog.py" line="179"/>
        <source>Images</source>
        <translation>图片</translation>
    </message>
    <message>
        <location filename="../training/dialog.py" line="180"/>
        <source>Mirror pictures while training (turn off for text, digits and other things a mirror changes)</source>
        <translation>训练时左右翻转图片（文字、数字等翻转后意义会改变的内容请关闭）</translation>
    </message>
    <message>
        <location filename="../training/dialog.py" line="182"/>
        <source>Save to:</source>
        <translation>保存到：</translation>
    </message>
    <message>
        <location filename="../training/dialog.py" line="184"/>
        <source>Start</source>
        <translation>开始</translation>
    </message>
    <message>
        <location filename="../training/dialog.py" line="283"/>
        <source>about {time} on this machine</source>
        <translation>在这台电脑上约需 {time}</translation>
    </message>
    <message>
        <location filename="../training/dialog.py" line="286"/>
        <source>time unknown ({error})</source>
        <translation>所需时间未知（{error}）</translation>
    </message>
    <message>
        <location filename="../training/dialog.py" line="288"/>
        <source>measuring this machine's speed…</source>
        <translation>正在测量这台电脑的速度…</translation>
    </message>
    <message>
        <location filename="../training/dialog.py" line="331"/>
        <source>Unfinished run</source>
        <translation>未完成的训练</translation>
    </message>
    <message>
        <location filename="../training/dialog.py" line="331"/>
        <source>{folder} holds a run that was stopped before it finished.</source>
        <translation>{folder} 中有一次尚未完成就停止的训练。</translation>
    </message>
    <message>
        <location filename="../training/dialog.py" line="331"/>
        <source>Resume It</source>
        <translation>继续训练</translation>
    </message>
    <message>
        <location filename="../training/dialog.py" line="331"/>
        <source>Start Over</source>
        <translation>重新开始</translation>
    </message>
    <message>
        <location filename="../training/dialog.py" line="340"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../training/dialog.py" line="340"/>
        <source>Replace model?</source>
        <translation>要替换模型吗？</translation>
    </message>
    <message>
        <location filename="../training/dialog.py" line="340"/>
        <source>{path} exists. Training replaces it.</source>
        <translation>{path} 已存在。训练会替换它。</translation>
    </message>
    <message>
        <location filename="../training/dialog.py" line="340"/>
        <source>Replace</source>
        <translation>替换</translation>
    </message>
    <message>
        <location filename="../training/dialog.py" line="382"/>
        <source>Training stopped</source>
        <translation>训练已停止</translation>
    </message>
    <message>
        <location filename="../training/dialog.py" line="382"/>
        <source>Keep the partial run to resume it later, or discard it?</source>
        <translation>要保留这次未完成的训练以便之后继续，还是丢弃它？</translation>
    </message>
    <message>
        <location filename="../training/dialog.py" line="382"/>
        <source>Keep</source>
        <translation>保留</translation>
    </message>
    <message>
        <location filename="../training/dialog.py" line="382"/>
        <source>Discard</source>
        <translation>丢弃</translation>
    </message>
    <message>
        <location filename="../training/dialog.py" line="251"/>
        <source>{classes} classes, {images} images: {train} to train on, {held} held out to measure the result</source>
        <translation>{classes} 个类别，{images} 张图片：{train} 张用来训练，保留 {held} 张衡量结果</translation>
    </message>
    <message>
        <location filename="../training/dialog.py" line="256"/>
        <source>Too few held out to fit the not-sure checks (at least {least}): the model will use the rule&apos;s defaults. About {images} images in all are enough.</source>
        <translation>保留的图片太少，无法拟合“不确定”检查（至少需要 {least} 张）：模型将使用规则的默认值。总共约 {images} 张图片就足够。</translation>
    </message>
    <message>
        <location filename="../training/problem_text.py" line="58"/>
        <source>{count} file(s) there could not be read:</source>
        <translation>其中 {count} 个文件无法读取：</translation>
    </message>
    <message>
        <location filename="../training/problem_text.py" line="62"/>
        <source>… and {count} more</source>
        <translation>…… 另有 {count} 个</translation>
    </message>
    <message>
        <location filename="../training/problem_text.py" line="17"/>
        <source>{path}: not a folder</source>
        <translation>{path}：不是文件夹</translation>
    </message>
    <message>
        <location filename="../training/problem_text.py" line="18"/>
        <source>{path}: not a folder of class folders (it should hold one folder per class, each with that class&apos;s images; train/ and test/ layouts train from the command line)</source>
        <translation>{path}：不是由类别文件夹组成的文件夹（应为每个类别一个文件夹，各自存放该类别的图片；train/ 与 test/ 的结构请从命令行训练）</translation>
    </message>
    <message>
        <location filename="../training/problem_text.py" line="22"/>
        <source>{path}: no images in its class folders</source>
        <translation>{path}：类别文件夹中没有图片</translation>
    </message>
    <message>
        <location filename="../training/problem_text.py" line="23"/>
        <source>{path}: cannot be read ({reason})</source>
        <translation>{path}：无法读取（{reason}）</translation>
    </message>
    <message>
        <location filename="../training/problem_text.py" line="24"/>
        <source>{path}: only one class folder ({name}); at least 2 are needed</source>
        <translation>{path}：只有一个类别文件夹（{name}）；至少需要 2 个</translation>
    </message>
    <message>
        <location filename="../training/problem_text.py" line="26"/>
        <source>{path}: {count} images; a class needs at least {least}</source>
        <translation>{path}：{count} 张图片；每个类别至少需要 {least} 张</translation>
    </message>
    <message>
        <location filename="../training/problem_text.py" line="28"/>
        <source>{path}: 1 image; a class needs at least {least}</source>
        <translation>{path}：1 张图片；每个类别至少需要 {least} 张</translation>
    </message>
    <message>
        <location filename="../training/problem_text.py" line="30"/>
        <source>{path}: only {count} readable images; a class needs at least {least}</source>
        <translation>{path}：只有 {count} 张可读取的图片；每个类别至少需要 {least} 张</translation>
    </message>
    <message>
        <location filename="../training/problem_text.py" line="33"/>
        <source>{path}: only 1 readable image; a class needs at least {least}</source>
        <translation>{path}：只有 1 张可读取的图片；每个类别至少需要 {least} 张</translation>
    </message>
    <message>
        <location filename="../training/problem_text.py" line="35"/>
        <source>{path}: no readable image in this class folder</source>
        <translation>{path}：这个类别文件夹中没有可读取的图片</translation>
    </message>
    <message>
        <location filename="../training/problem_text.py" line="37"/>
        <source>{path}: none of its {count} images could be read; the first:</source>
        <translation>{path}：其中 {count} 张图片都无法读取；最前面几个：</translation>
    </message>
    <message>
        <location filename="../training/dialog.py" line="238"/>
        <source>Reading {folder}…</source>
        <translation>正在读取 {folder}…</translation>
    </message>
    <message>
        <location filename="../training/dialog.py" line="359"/>
        <source>No folder to save to</source>
        <translation>没有保存的文件夹</translation>
    </message>
    <message>
        <location filename="../training/dialog.py" line="359"/>
        <source>Choose the folder the new model is saved in.</source>
        <translation>请选择新模型要保存的文件夹。</translation>
    </message>
    <message>
        <location filename="../training/dialog.py" line="366"/>
        <source>Cannot save there</source>
        <translation>无法保存在那里</translation>
    </message>
    <message>
        <location filename="../training/dialog.py" line="366"/>
        <source>{path} is a file, not a folder.</source>
        <translation>{path} 是文件，不是文件夹。</translation>
    </message>
    <message>
        <location filename="../training/dialog.py" line="264"/>
        <source>Images in subfolders count as their class folder&apos;s: {folders}</source>
        <translation>子文件夹中的图片算作其类别文件夹的图片：{folders}</translation>
    </message>
</context>
<context>
    <name>ProgressPage</name>
    <message>
        <location filename="../training/pages.py" line="67"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../training/pages.py" line="70"/>
        <source>Stopping…</source>
        <translation>正在停止…</translation>
    </message>
    <message>
        <location filename="../training/pages.py" line="72"/>
        <source>Checking the model on the held-out images (calibration, out-of-distribution detector)…</source>
        <translation>正在用保留的图片检查模型（校准、分布外检测器）…</translation>
    </message>
    <message>
        <location filename="../training/pages.py" line="77"/>
        <source>Training…</source>
        <translation>正在训练…</translation>
    </message>
    <message>
        <location filename="../training/pages.py" line="79"/>
        <source>Loading the images…</source>
        <translation>正在加载图片…</translation>
    </message>
    <message>
        <location filename="../training/pages.py" line="81"/>
        <source>epoch {done} of {epochs}</source>
        <translation>第 {done} / {epochs} 个 epoch</translation>
    </message>
    <message>
        <location filename="../training/pages.py" line="84"/>
        <source>loss {loss:.3f}</source>
        <translation>损失 {loss:.3f}</translation>
    </message>
    <message>
        <location filename="../training/pages.py" line="87"/>
        <source>held-out accuracy {acc:.1f}%</source>
        <translation>保留图片准确率 {acc:.1f}%</translation>
    </message>
    <message>
        <location filename="../training/pages.py" line="90"/>
        <source>about {time} of training left</source>
        <translation>训练约剩 {time}</translation>
    </message>
    <message>
        <location filename="../training/pages.py" line="75"/>
        <source>Measuring the model on the held-out images…</source>
        <translation>正在用保留的图片衡量模型…</translation>
    </message>
</context>
<context>
    <name>Residuals</name>
    <message>
        <location filename="../residuals_view.py" line="31"/>
        <source>The experiment&apos;s log is missing or incomplete.</source>
        <translation>找不到实验日志，或日志不完整。</translation>
    </message>
    <message>
        <location filename="../residuals_view.py" line="35"/>
        <source>Without shortcuts, the deeper network trains worse: after {epochs} epochs plain-{deep} has {deep_err} training error against {shallow_err} for plain-{shallow}. This is the degradation problem.</source>
        <translation>没有捷径时，较深的网络反而训练得较差：{epochs} 个 epoch 后，plain-{deep} 的训练误差为 {deep_err}，plain-{shallow} 为 {shallow_err}。这就是退化问题。</translation>
    </message>
    <message>
        <location filename="../residuals_view.py" line="45"/>
        <source>At this budget the deeper plain network does not train worse: after {epochs} epochs plain-{deep} has {deep_err} training error against {shallow_err} for plain-{shallow}.</source>
        <translation>在这个训练预算下，较深的 plain 网络并没有训练得较差：{epochs} 个 epoch 后，plain-{deep} 的训练误差为 {deep_err}，plain-{shallow} 为 {shallow_err}。</translation>
    </message>
    <message>
        <location filename="../residuals_view.py" line="51"/>
        <source>With shortcuts (H(x) = F(x) + x) depth helps: ResNet-{deep} reaches {deep_err} test error against {shallow_err} for ResNet-{shallow}.</source>
        <translation>有了捷径（H(x) = F(x) + x），深度就有帮助：ResNet-{deep} 的测试误差为 {deep_err}，ResNet-{shallow} 为 {shallow_err}。</translation>
    </message>
    <message>
        <location filename="../residuals_view.py" line="66"/>
        <source>With shortcuts (H(x) = F(x) + x), ResNet-{deep} has {deep_err} test error against {shallow_err} for ResNet-{shallow}: at this budget the deeper one is not yet better.</source>
        <translation>有了捷径（H(x) = F(x) + x），ResNet-{deep} 的测试误差为 {deep_err}，ResNet-{shallow} 为 {shallow_err}：在这个训练预算下，较深的还没有更好。</translation>
    </message>
    <message>
        <location filename="../residuals_view.py" line="124"/>
        <source>Why Residual Connections?</source>
        <translation>为什么要残差连接？</translation>
    </message>
    <message>
        <location filename="../residuals_view.py" line="126"/>
        <source>The plot is missing: {path}</source>
        <translation>找不到图表：{path}</translation>
    </message>
    <message>
        <location filename="../residuals_view.py" line="133"/>
        <source>Made with: {command}</source>
        <translation>生成命令：{command}</translation>
    </message>
    <message>
        <location filename="../residuals_view.py" line="40"/>
        <source>Without shortcuts, the deeper network trains worse: after {epochs} epochs plain-{deep} has {deep_err} training error against {shallow_err} for plain-{shallow}.</source>
        <translation>没有捷径时，较深的网络训练得较差：{epochs} 个 epoch 后，plain-{deep} 的训练误差为 {deep_err}，plain-{shallow} 为 {shallow_err}。</translation>
    </message>
    <message>
        <location filename="../residuals_view.py" line="57"/>
        <source>With shortcuts (H(x) = F(x) + x), ResNet-{deep} trains better than plain-{deep} ({deep_err} against {plain_err} training error) but not yet as well as ResNet-{shallow} ({shallow_err}): at this budget the extra depth has not had the time to pay off.</source>
        <translation>有了捷径（H(x) = F(x) + x），ResNet-{deep} 训练得比 plain-{deep} 好（训练误差 {deep_err} 对 {plain_err}），但还不如 ResNet-{shallow}（{shallow_err}）：在这个训练预算下，多出来的深度还来不及发挥作用。</translation>
    </message>
    <message>
        <location filename="../degradation_chart.py" line="75"/>
        <source>plain networks</source>
        <translation>无捷径的网络（plain）</translation>
    </message>
    <message>
        <location filename="../degradation_chart.py" line="75"/>
        <source>residual networks (ResNet)</source>
        <translation>残差网络（ResNet）</translation>
    </message>
    <message>
        <location filename="../degradation_chart.py" line="114"/>
        <source>error (%)</source>
        <translation>误差（%）</translation>
    </message>
    <message>
        <location filename="../degradation_chart.py" line="151"/>
        <source>epoch</source>
        <translation>epoch</translation>
    </message>
    <message>
        <location filename="../degradation_chart.py" line="176"/>
        <source>training error</source>
        <translation>训练误差</translation>
    </message>
    <message>
        <location filename="../degradation_chart.py" line="177"/>
        <source>test error</source>
        <translation>测试误差</translation>
    </message>
    <message>
        <location filename="../degradation_chart.py" line="180"/>
        <source>{depth} layers</source>
        <translation>{depth} 层</translation>
    </message>
    <message>
        <location filename="../residuals_view.py" line="130"/>
        <source>Training and test error per epoch</source>
        <translation>每个 epoch 的训练与测试误差</translation>
    </message>
</context>
<context>
    <name>ResultPage</name>
    <message>
        <location filename="../training/pages.py" line="124"/>
        <source>Load This Model</source>
        <translation>加载这个模型</translation>
    </message>
    <message>
        <location filename="../training/pages.py" line="125"/>
        <source>New Model…</source>
        <translation>新建模型…</translation>
    </message>
    <message>
        <location filename="../training/pages.py" line="132"/>
        <source>Saved: {path}</source>
        <translation>已保存：{path}</translation>
    </message>
    <message>
        <location filename="../training/pages.py" line="135"/>
        <source>Accuracy on the {n} held-out images: {acc:.1f}%</source>
        <translation>在 {n} 张保留图片上的准确率：{acc:.1f}%</translation>
    </message>
    <message>
        <location filename="../training/pages.py" line="141"/>
        <source>Training stopped with an error:</source>
        <translation>训练因错误而停止：</translation>
    </message>
    <message>
        <location filename="../training/pages.py" line="143"/>
        <source>Stopped. The run is kept in {folder}: start again with the same folders to resume it.</source>
        <translation>已停止。训练保留在 {folder}：用相同的文件夹再次开始即可继续。</translation>
    </message>
    <message>
        <location filename="../training/pages.py" line="149"/>
        <source>Stopped. The partial run was discarded.</source>
        <translation>已停止。未完成的训练已丢弃。</translation>
    </message>
    <message>
        <location filename="../training/pages.py" line="147"/>
        <source>Stopped before the first epoch was saved.</source>
        <translation>在第一个 epoch 保存前就已停止。</translation>
    </message>
</context>
<context>
    <name>TrainingDialog</name>
    <message>
        <location filename="../training/curve.py" line="34"/>
        <source>{done} of {epochs} epochs; held-out accuracy {acc}</source>
        <translation>已完成 {done} / {epochs} 个 epoch；保留图片准确率 {acc}</translation>
    </message>
    <message>
        <location filename="../training/curve.py" line="66"/>
        <source>epoch (of {epochs})</source>
        <translation>epoch（共 {epochs} 个）</translation>
    </message>
    <message>
        <location filename="../training/curve.py" line="71"/>
        <source>training loss</source>
        <translation>训练损失</translation>
    </message>
    <message>
        <location filename="../training/curve.py" line="74"/>
        <source>held-out accuracy</source>
        <translation>保留图片准确率</translation>
    </message>
    <message>
        <location filename="../training/pages.py" line="30"/>
        <source>{n} s</source>
        <translation>{n} 秒</translation>
    </message>
    <message>
        <location filename="../training/pages.py" line="31"/>
        <source>{n} min</source>
        <translation>{n} 分钟</translation>
    </message>
    <message>
        <location filename="../training/pages.py" line="37"/>
        <source>{n} file(s) could not be read and were left out:</source>
        <translation>有 {n} 个文件无法读取，已跳过：</translation>
    </message>
    <message>
        <location filename="../training/pages.py" line="40"/>
        <source>  … and {n} more</source>
        <translation>  … 还有 {n} 个</translation>
    </message>
</context>
<context>
    <name>TrainingLauncher</name>
    <message>
        <location filename="../training/launcher.py" line="72"/>
        <source>A model is training</source>
        <translation>模型正在训练</translation>
    </message>
    <message>
        <location filename="../training/launcher.py" line="134"/>
        <source>Stop the training and quit? The run is saved; New Model from Folders can resume it.</source>
        <translation>要停止训练并退出吗？训练会保留下来，可以用“从文件夹新建模型”继续。</translation>
    </message>
    <message>
        <location filename="../training/launcher.py" line="72"/>
        <source>Stop and Quit</source>
        <translation>停止并退出</translation>
    </message>
    <message>
        <location filename="../training/launcher.py" line="72"/>
        <source>Keep Training</source>
        <translation>继续训练</translation>
    </message>
    <message>
        <location filename="../training/launcher.py" line="100"/>
        <source>the speed probe stopped (exit status {code})</source>
        <translation>测速程序已停止（退出状态 {code}）</translation>
    </message>
    <message>
        <location filename="../training/launcher.py" line="137"/>
        <source>Stop and quit? The model is trained and saved; the checks still running (validation results, calibration, out-of-distribution detector) will be missing from it.</source>
        <translation>要停止并退出吗？模型已训练完成并保存；仍在进行的检查（验证结果、校准、分布外检测器）将不会包含在模型中。</translation>
    </message>
    <message>
        <location filename="../training/launcher.py" line="141"/>
        <source>Stop the training and quit? No epoch has finished yet, so nothing is saved.</source>
        <translation>要停止训练并退出吗？还没有完成任何一轮训练，因此不会保留任何内容。</translation>
    </message>
</context>
<context>
    <name>TrainingRun</name>
    <message>
        <location filename="../training/run.py" line="293"/>
        <source>cifar10 train stopped (exit status {code})</source>
        <translation>cifar10 train 已停止（退出状态 {code}）</translation>
    </message>
    <message>
        <location filename="../training/run.py" line="302"/>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <location filename="../training/run.py" line="306"/>
        <source>exit status {code}</source>
        <translation>退出状态 {code}</translation>
    </message>
    <message>
        <location filename="../training/run.py" line="346"/>
        <source>No validation results or calibration: the not-sure rule uses its defaults</source>
        <translation>没有验证结果与校准：“不确定”规则使用默认值</translation>
    </message>
    <message>
        <location filename="../training/run.py" line="348"/>
        <source>No out-of-distribution detector: pictures of other things are flagged less often</source>
        <translation>没有分布外检测器：其他东西的图片较少被标示出来</translation>
    </message>
    <message>
        <location filename="../training/run.py" line="268"/>
        <source>{program}: could not start ({reason})</source>
        <translation>{program}：无法启动（{reason}）</translation>
    </message>
    <message>
        <location filename="../training/run.py" line="330"/>
        <source>No validation results shown: {path} could not be read ({reason})</source>
        <translation>无法显示验证结果：无法读取 {path}（{reason}）</translation>
    </message>
    <message>
        <location filename="../training/run.py" line="150"/>
        <source>No calibration and no out-of-distribution detector: {held} held-out images are too few to fit them on (at least {least}); the not-sure rule uses its defaults</source>
        <translation>没有校准也没有分布外检测器：保留的 {held} 张图片太少，无法拟合（至少需要 {least} 张）；“不确定”规则使用默认值</translation>
    </message>
</context>
</TS>
