<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_TW" sourcelanguage="en">
<context>
    <name>Architecture</name>
    <message>
        <location filename="../architecture_view.py" line="32"/>
        <source>Layer</source>
        <translation>層</translation>
    </message>
    <message>
        <location filename="../architecture_view.py" line="32"/>
        <source>What it is</source>
        <translation>說明</translation>
    </message>
    <message>
        <location filename="../architecture_view.py" line="32"/>
        <source>Output</source>
        <translation>輸出</translation>
    </message>
    <message>
        <location filename="../architecture_view.py" line="32"/>
        <source>Parameters</source>
        <translation>參數</translation>
    </message>
    <message>
        <location filename="../architecture_view.py" line="43"/>
        <source>stem: {k}×{k} convolution, stride {s}, + BatchNorm + ReLU</source>
        <translation>主幹：{k}×{k} 卷積，步幅 {s}，+ BatchNorm + ReLU</translation>
    </message>
    <message>
        <location filename="../architecture_view.py" line="46"/>
        <source>stem: {k}×{k} max-pool, stride {s}</source>
        <translation>主幹：{k}×{k} 最大池化，步幅 {s}</translation>
    </message>
    <message>
        <location filename="../architecture_view.py" line="48"/>
        <source>1×1 projection shortcut</source>
        <translation>1×1 投影捷徑</translation>
    </message>
    <message>
        <location filename="../architecture_view.py" line="48"/>
        <source>identity shortcut</source>
        <translation>恆等捷徑</translation>
    </message>
    <message>
        <location filename="../architecture_view.py" line="51"/>
        <source>block: two 3×3 convolutions, stride {s}, {shortcut}</source>
        <translation>區塊：兩個 3×3 卷積，步幅 {s}，{shortcut}</translation>
    </message>
    <message>
        <location filename="../architecture_view.py" line="53"/>
        <source>block: two 3×3 convolutions, {shortcut}</source>
        <translation>區塊：兩個 3×3 卷積，{shortcut}</translation>
    </message>
    <message>
        <location filename="../architecture_view.py" line="55"/>
        <source>global average pooling</source>
        <translation>全域平均池化</translation>
    </message>
    <message>
        <location filename="../architecture_view.py" line="57"/>
        <source>linear layer to the {n} classes</source>
        <translation>線性層，輸出 {n} 個類別</translation>
    </message>
    <message>
        <location filename="../architecture_view.py" line="102"/>
        <source>Architecture</source>
        <translation>架構</translation>
    </message>
    <message>
        <location filename="../architecture_view.py" line="107"/>
        <source>Reading the network…</source>
        <translation>正在讀取網路…</translation>
    </message>
    <message>
        <location filename="../architecture_view.py" line="110"/>
        <source>ImageNet stem</source>
        <translation>ImageNet 主幹</translation>
    </message>
    <message>
        <location filename="../architecture_view.py" line="110"/>
        <source>CIFAR stem</source>
        <translation>CIFAR 主幹</translation>
    </message>
    <message>
        <location filename="../architecture_view.py" line="112"/>
        <source>ResNet-{n}, {stem}, input 3 × {size} × {size}</source>
        <translation>ResNet-{n}，{stem}，輸入 3 × {size} × {size}</translation>
    </message>
    <message>
        <location filename="../architecture_view.py" line="125"/>
        <source>Weighted layers: {sum} (the stem convolution, two convolutions per block, the linear layer; the 1×1 projections are not counted, as in the paper). Parameters: {params:,}.</source>
        <translation>有權重的層：{sum}（主幹卷積、每個區塊兩個卷積、線性層；與論文相同，不計 1×1 投影）。參數：{params:,}。</translation>
    </message>
    <message>
        <location filename="../inside_views.py" line="64"/>
        <source>No model is loaded. Use Model › Open Checkpoint… to choose one.</source>
        <translation>尚未載入模型。請用「模型 › 開啟檢查點…」選擇一個。</translation>
    </message>
</context>
<context>
    <name>ClassNames</name>
    <message>
        <location filename="../i18n.py" line="36"/>
        <source>airplane</source>
        <translation>飛機</translation>
    </message>
    <message>
        <location filename="../i18n.py" line="36"/>
        <source>automobile</source>
        <translation>汽車</translation>
    </message>
    <message>
        <location filename="../i18n.py" line="36"/>
        <source>bird</source>
        <translation>鳥</translation>
    </message>
    <message>
        <location filename="../i18n.py" line="36"/>
        <source>cat</source>
        <translation>貓</translation>
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
        <translation>馬</translation>
    </message>
    <message>
        <location filename="../i18n.py" line="36"/>
        <source>ship</source>
        <translation>船</translation>
    </message>
    <message>
        <location filename="../i18n.py" line="36"/>
        <source>truck</source>
        <translation>卡車</translation>
    </message>
</context>
<context>
    <name>ConfusionMatrixView</name>
    <message>
        <location filename="../confusion_view.py" line="142"/>
        <source>No confusion matrix recorded</source>
        <translation>沒有記錄混淆矩陣</translation>
    </message>
    <message>
        <location filename="../confusion_view.py" line="153"/>
        <source>{true}: {count} of {total} images classified correctly ({share})</source>
        <translation>{true}：{total} 張中有 {count} 張分類正確（{share}）</translation>
    </message>
    <message>
        <location filename="../confusion_view.py" line="155"/>
        <source>{true} classified as {predicted}: {count} of {total} images ({share})</source>
        <translation>{true} 被分類為 {predicted}：{total} 張中有 {count} 張（{share}）</translation>
    </message>
    <message>
        <location filename="../confusion_view.py" line="160"/>
        <source>Confusion matrix</source>
        <translation>混淆矩陣</translation>
    </message>
    <message>
        <location filename="../confusion_view.py" line="169"/>
        <source>Rows are true classes, columns predicted classes; {n} classes, {total} images, {accuracy} classified correctly.</source>
        <translation>列為真實類別，欄為預測類別；共 {n} 個類別、{total} 張圖片，{accuracy} 分類正確。</translation>
    </message>
    <message>
        <location filename="../confusion_view.py" line="174"/>
        <source>Best class: {best} ({best_acc}); worst class: {worst} ({worst_acc}).</source>
        <translation>最佳類別：{best}（{best_acc}）；最差類別：{worst}（{worst_acc}）。</translation>
    </message>
    <message>
        <location filename="../confusion_view.py" line="182"/>
        <source>Most common mistake: {true} classified as {predicted} ({share} of {true} images).</source>
        <translation>最常見的錯誤：{true} 被分類為 {predicted}（佔 {true} 圖片的 {share}）。</translation>
    </message>
    <message>
        <location filename="../confusion_view.py" line="231"/>
        <source>True class</source>
        <translation>真實類別</translation>
    </message>
    <message>
        <location filename="../confusion_view.py" line="231"/>
        <source>Predicted class</source>
        <translation>預測類別</translation>
    </message>
    <message>
        <location filename="../confusion_view.py" line="231"/>
        <source>Accuracy</source>
        <translation>準確率</translation>
    </message>
    <message>
        <location filename="../confusion_view.py" line="147"/>
        <source>Each row: where that class&apos;s images went, in percent</source>
        <translation>每一列：該類別的圖片被分到哪裡（百分比）</translation>
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
        <translation>發生錯誤：

{summary}

程式會繼續執行。詳細資訊已寫入：
{log}</translation>
    </message>
    <message>
        <location filename="../crash.py" line="100"/>
        <source>Unexpected error</source>
        <translation>未預期的錯誤</translation>
    </message>
</context>
<context>
    <name>Dialogs</name>
    <message>
        <location filename="../dialogs.py" line="41"/>
        <source>Images ({patterns})</source>
        <translation>圖片（{patterns}）</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="53"/>
        <source>All files (*)</source>
        <translation>所有檔案 (*)</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="44"/>
        <source>Open Images</source>
        <translation>開啟圖片</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="49"/>
        <source>Open Folder</source>
        <translation>開啟資料夾</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="53"/>
        <source>Checkpoints ({patterns})</source>
        <translation>檢查點（{patterns}）</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="56"/>
        <source>Open Checkpoint</source>
        <translation>開啟檢查點</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="61"/>
        <source>Export Results as CSV</source>
        <translation>匯出結果為 CSV</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="61"/>
        <source>CSV files (*.csv)</source>
        <translation>CSV 檔案 (*.csv)</translation>
    </message>
</context>
<context>
    <name>FeatureMaps</name>
    <message>
        <location filename="../feature_view.py" line="253"/>
        <source>{place}, channel {channel} of {count} ({h} × {w})</source>
        <translation>{place}，第 {channel} 通道（共 {count} 個，{h} × {w}）</translation>
    </message>
    <message>
        <location filename="../feature_view.py" line="258"/>
        <source>Feature Maps</source>
        <translation>特徵圖</translation>
    </message>
    <message>
        <location filename="../feature_view.py" line="260"/>
        <source>Classify an image to see what the network computes from it.</source>
        <translation>分類一張圖片，就能看到網路從中計算出什麼。</translation>
    </message>
    <message>
        <location filename="../feature_view.py" line="262"/>
        <source>Computing the feature maps…</source>
        <translation>正在計算特徵圖…</translation>
    </message>
    <message>
        <location filename="../feature_view.py" line="263"/>
        <source>No feature maps: {error}</source>
        <translation>無法產生特徵圖：{error}</translation>
    </message>
    <message>
        <location filename="../feature_view.py" line="265"/>
        <source>The most active channels after the stem and after each stage, each tile scaled from black (0) to white (its own maximum). Click a tile to see it large.</source>
        <translation>主幹之後與每個階段之後最活躍的通道；每格從黑色（0）縮放到白色（該格的最大值）。點一下方格可放大檢視。</translation>
    </message>
    <message>
        <location filename="../feature_view.py" line="274"/>
        <source>{place}: {count} channels of {h} × {w}, the {shown} most active</source>
        <translation>{place}：{count} 個 {h} × {w} 的通道，顯示最活躍的 {shown} 個</translation>
    </message>
    <message>
        <location filename="../feature_view.py" line="287"/>
        <source>Stem</source>
        <translation>主幹</translation>
    </message>
    <message>
        <location filename="../feature_view.py" line="288"/>
        <source>Stage {n} ({layer})</source>
        <translation>第 {n} 階段（{layer}）</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../i18n.py" line="49"/>
        <source>&amp;Automatic</source>
        <translation>自動(&amp;A)</translation>
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
        <translation>校準後最高類別的機率低於 50%：模型預期答錯的機會比答對大。</translation>
    </message>
    <message>
        <location filename="../menus.py" line="28"/>
        <source>&amp;File</source>
        <translation>檔案(&amp;F)</translation>
    </message>
    <message>
        <location filename="../menus.py" line="35"/>
        <source>&amp;Open Images…</source>
        <translation>開啟圖片(&amp;O)…</translation>
    </message>
    <message>
        <location filename="../menus.py" line="35"/>
        <source>Open &amp;Folder…</source>
        <translation>開啟資料夾(&amp;F)…</translation>
    </message>
    <message>
        <location filename="../menus.py" line="35"/>
        <source>&amp;Paste Image</source>
        <translation>貼上圖片(&amp;P)</translation>
    </message>
    <message>
        <location filename="../menus.py" line="35"/>
        <source>&amp;Export Results as CSV…</source>
        <translation>匯出結果為 CSV(&amp;E)…</translation>
    </message>
    <message>
        <location filename="../menus.py" line="35"/>
        <source>C&amp;lear History</source>
        <translation>清除歷史紀錄(&amp;L)</translation>
    </message>
    <message>
        <location filename="../menus.py" line="35"/>
        <source>&amp;Quit</source>
        <translation>結束(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../menus.py" line="28"/>
        <source>&amp;Model</source>
        <translation>模型(&amp;M)</translation>
    </message>
    <message>
        <location filename="../menus.py" line="35"/>
        <source>&amp;Open Checkpoint…</source>
        <translation>開啟檢查點(&amp;O)…</translation>
    </message>
    <message>
        <location filename="../menus.py" line="35"/>
        <source>&amp;Recent Checkpoints</source>
        <translation>最近的檢查點(&amp;R)</translation>
    </message>
    <message>
        <location filename="../menus.py" line="35"/>
        <source>Use &amp;Bundled Model</source>
        <translation>使用內建模型(&amp;B)</translation>
    </message>
    <message>
        <location filename="../menus.py" line="35"/>
        <source>Model &amp;Info…</source>
        <translation>模型資訊(&amp;I)…</translation>
    </message>
    <message>
        <location filename="../menus.py" line="28"/>
        <source>&amp;View</source>
        <translation>檢視(&amp;V)</translation>
    </message>
    <message>
        <location filename="../menus.py" line="35"/>
        <source>Show &amp;Attention Map</source>
        <translation>顯示注意力圖(&amp;A)</translation>
    </message>
    <message>
        <location filename="../menus.py" line="35"/>
        <source>&amp;Language</source>
        <translation>語言(&amp;L)</translation>
    </message>
    <message>
        <location filename="../menus.py" line="28"/>
        <source>&amp;Device</source>
        <translation>裝置(&amp;D)</translation>
    </message>
    <message>
        <location filename="../menus.py" line="28"/>
        <source>&amp;Help</source>
        <translation>說明(&amp;H)</translation>
    </message>
    <message>
        <location filename="../menus.py" line="35"/>
        <source>Try &amp;Sample Images</source>
        <translation>試用範例圖片(&amp;S)</translation>
    </message>
    <message>
        <location filename="../menus.py" line="35"/>
        <source>&amp;About</source>
        <translation>關於(&amp;A)</translation>
    </message>
    <message>
        <location filename="../window.py" line="311"/>
        <source>CIFAR-10 Classifier</source>
        <translation>CIFAR-10 分類器</translation>
    </message>
    <message>
        <location filename="../window.py" line="154"/>
        <source>History</source>
        <translation>歷史紀錄</translation>
    </message>
    <message>
        <location filename="../result_panel.py" line="103"/>
        <source>Try Sample Images</source>
        <translation>試用範例圖片</translation>
    </message>
    <message>
        <location filename="../status.py" line="102"/>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <location filename="../state.py" line="285"/>
        <source>History cleared</source>
        <translation>已清除歷史紀錄</translation>
    </message>
    <message>
        <location filename="../window.py" line="233"/>
        <source>The clipboard holds no image</source>
        <translation>剪貼簿中沒有圖片</translation>
    </message>
    <message>
        <location filename="../window.py" line="239"/>
        <source>Nothing to export yet</source>
        <translation>還沒有可匯出的結果</translation>
    </message>
    <message>
        <location filename="../window.py" line="256"/>
        <source>Export failed</source>
        <translation>匯出失敗</translation>
    </message>
    <message>
        <location filename="../window.py" line="258"/>
        <source>Exported {count} results to {path}</source>
        <translation>已將 {count} 筆結果匯出到 {path}</translation>
    </message>
    <message>
        <location filename="../window.py" line="271"/>
        <source>No bundled model</source>
        <translation>沒有內建模型</translation>
    </message>
    <message>
        <location filename="../window.py" line="271"/>
        <source>The bundled checkpoint is missing:
{path}

Use Model › Open Checkpoint… to choose one.</source>
        <translation>找不到內建的檢查點：
{path}

請用「模型 › 開啟檢查點…」選擇一個。</translation>
    </message>
    <message>
        <location filename="../window.py" line="289"/>
        <source>No sample images</source>
        <translation>沒有範例圖片</translation>
    </message>
    <message>
        <location filename="../window.py" line="289"/>
        <source>The sample images are missing:
{path}</source>
        <translation>找不到範例圖片：
{path}</translation>
    </message>
    <message>
        <location filename="../window.py" line="304"/>
        <source>The {code} translation is missing; using English</source>
        <translation>找不到 {code} 的翻譯，改用英文</translation>
    </message>
    <message>
        <location filename="../window.py" line="311"/>
        <source>About {name}</source>
        <translation>關於 {name}</translation>
    </message>
    <message>
        <location filename="../state.py" line="351"/>
        <source>{device} is not available here; using Automatic</source>
        <translation>這台電腦沒有 {device}，改用自動</translation>
    </message>
    <message>
        <location filename="../state.py" line="383"/>
        <source>Loaded {name}</source>
        <translation>已載入 {name}</translation>
    </message>
    <message>
        <location filename="../window.py" line="341"/>
        <source>Could not load checkpoint</source>
        <translation>無法載入檢查點</translation>
    </message>
    <message>
        <location filename="../window.py" line="330"/>
        <source>Using the bundled model instead.</source>
        <translation>改用內建模型。</translation>
    </message>
    <message>
        <location filename="../window.py" line="335"/>
        <source>The previous model stays active:</source>
        <translation>繼續使用原本的模型：</translation>
    </message>
    <message>
        <location filename="../window.py" line="339"/>
        <source>No model is loaded. Use Model › Open Checkpoint… to choose one.</source>
        <translation>尚未載入模型。請用「模型 › 開啟檢查點…」選擇一個。</translation>
    </message>
    <message>
        <location filename="../state.py" line="459"/>
        <source>No images found in what was dropped</source>
        <translation>拖放的項目中沒有圖片</translation>
    </message>
    <message>
        <location filename="../state.py" line="462"/>
        <source>Cancelled after {done} of {total} images</source>
        <translation>已取消（完成 {total} 張中的 {done} 張）</translation>
    </message>
    <message>
        <location filename="../state.py" line="465"/>
        <source>Classified {done} images ({failed} failed)</source>
        <translation>已分類 {done} 張圖片（{failed} 張失敗）</translation>
    </message>
    <message>
        <location filename="../state.py" line="465"/>
        <source>Classified {done} images</source>
        <translation>已分類 {done} 張圖片</translation>
    </message>
    <message>
        <location filename="../status.py" line="110"/>
        <source>Last inference: {ms} ms</source>
        <translation>上次推論：{ms} 毫秒</translation>
    </message>
    <message>
        <location filename="../result_panel.py" line="146"/>
        <source>Could not classify this file</source>
        <translation>無法分類這個檔案</translation>
    </message>
    <message>
        <location filename="../window.py" line="401"/>
        <source>Grad-CAM for {label}, {layer}</source>
        <translation>{label} 的 Grad-CAM，{layer}</translation>
    </message>
    <message>
        <location filename="../window.py" line="135"/>
        <source>No attention map: {error}</source>
        <translation>無法產生注意力圖：{error}</translation>
    </message>
    <message>
        <location filename="../status.py" line="107"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../status.py" line="86"/>
        <source>Looking for images…</source>
        <translation>正在尋找圖片…</translation>
    </message>
    <message>
        <location filename="../status.py" line="91"/>
        <source>Classifying… {done} of {total}</source>
        <translation>正在分類… {done} / {total}</translation>
    </message>
    <message>
        <location filename="../status.py" line="119"/>
        <source>Loading model {name}…</source>
        <translation>正在載入模型 {name}…</translation>
    </message>
    <message>
        <location filename="../status.py" line="123"/>
        <source>Loading model…</source>
        <translation>正在載入模型…</translation>
    </message>
    <message>
        <location filename="../status.py" line="123"/>
        <source>You can drop images already; they will be classified as soon as it is ready.</source>
        <translation>現在就可以拖放圖片，模型一準備好就會開始分類。</translation>
    </message>
    <message>
        <location filename="../status.py" line="131"/>
        <source>No model loaded</source>
        <translation>尚未載入模型</translation>
    </message>
    <message>
        <location filename="../status.py" line="131"/>
        <source>Open a checkpoint with Model › Open Checkpoint… (Ctrl+Shift+O).</source>
        <translation>請用「模型 › 開啟檢查點…」（Ctrl+Shift+O）開啟檢查點。</translation>
    </message>
    <message>
        <location filename="../status.py" line="138"/>
        <source>Drop images or folders here</source>
        <translation>將圖片或資料夾拖放到這裡</translation>
    </message>
    <message>
        <location filename="../status.py" line="138"/>
        <source>or use File › Open Images… (Ctrl+O)</source>
        <translation>或使用「檔案 › 開啟圖片…」（Ctrl+O）</translation>
    </message>
    <message>
        <location filename="../status.py" line="145"/>
        <source>test accuracy {accuracy}</source>
        <translation>測試準確率 {accuracy}</translation>
    </message>
    <message>
        <location filename="../status.py" line="150"/>
        <source>test accuracy unknown</source>
        <translation>測試準確率未知</translation>
    </message>
    <message>
        <location filename="../status.py" line="151"/>
        <source>Model: {name} · {accuracy}</source>
        <translation>模型：{name} · {accuracy}</translation>
    </message>
    <message>
        <location filename="../status.py" line="160"/>
        <source>Device: {device}</source>
        <translation>裝置：{device}</translation>
    </message>
    <message>
        <location filename="../status.py" line="167"/>
        <source>{n} requests waiting.</source>
        <translation>{n} 個請求等待中。</translation>
    </message>
    <message>
        <location filename="../status.py" line="167"/>
        <source>1 request waiting.</source>
        <translation>1 個請求等待中。</translation>
    </message>
    <message>
        <location filename="../menus.py" line="155"/>
        <source>Clear Recent</source>
        <translation>清除最近項目</translation>
    </message>
    <message>
        <location filename="../status.py" line="177"/>
        <source>MPS (Apple GPU)</source>
        <translation>MPS（Apple GPU）</translation>
    </message>
    <message>
        <location filename="../status.py" line="183"/>
        <source>Classifies images into the ten CIFAR-10 classes with a ResNet-18 (He et al., 2016).</source>
        <translation>使用 ResNet-18（He 等人，2016）將圖片分類到 CIFAR-10 的十個類別。</translation>
    </message>
    <message>
        <location filename="../status.py" line="185"/>
        <source>Drop images or folders on the window, paste an image, or use File › Open.</source>
        <translation>將圖片或資料夾拖放到視窗上、貼上圖片，或使用「檔案 › 開啟」。</translation>
    </message>
    <message>
        <location filename="../status.py" line="188"/>
        <source>Model:</source>
        <translation>模型：</translation>
    </message>
    <message>
        <location filename="../status.py" line="191"/>
        <source>No model loaded.</source>
        <translation>尚未載入模型。</translation>
    </message>
    <message>
        <location filename="../history.py" line="102"/>
        <source>Model: {name}</source>
        <translation>模型：{name}</translation>
    </message>
    <message>
        <location filename="../state.py" line="281"/>
        <source>History cleared; the running batch stopped ({left})</source>
        <translation>已清除歷史紀錄；執行中的批次已停止（{left}）</translation>
    </message>
    <message>
        <location filename="../state.py" line="378"/>
        <source>Loaded {name}; classifying the rest of the interrupted batch with it ({left})</source>
        <translation>已載入 {name}；中斷的批次其餘部分改用它分類（{left}）</translation>
    </message>
    <message>
        <location filename="../state.py" line="477"/>
        <source>folders still being searched</source>
        <translation>仍在搜尋資料夾</translation>
    </message>
    <message>
        <location filename="../state.py" line="479"/>
        <source>{n} images left</source>
        <translation>剩下 {n} 張圖片</translation>
    </message>
    <message>
        <location filename="../result_panel.py" line="30"/>
        <source>The network&apos;s response is weaker than for 95% of the held-out images it was calibrated on (energy score): the picture may show none of its classes.</source>
        <translation>網路的反應比校準時所用保留圖片中的 95% 都弱（能量分數）：這張圖片可能不屬於它的任何一個類別。</translation>
    </message>
    <message>
        <location filename="../result_panel.py" line="34"/>
        <source>The picture&apos;s features are far from those of the training images (feature detector): it may show none of the classes.</source>
        <translation>這張圖片的特徵與訓練圖片的特徵相距甚遠（特徵偵測器）：它可能不屬於任何一個類別。</translation>
    </message>
    <message>
        <location filename="../history.py" line="116"/>
        <source>none of the classes?</source>
        <translation>不像任何類別？</translation>
    </message>
    <message>
        <location filename="../result_panel.py" line="110"/>
        <source>Not sure: the model is unsure between classes</source>
        <translation>不確定：模型在幾個類別之間猶豫</translation>
    </message>
    <message>
        <location filename="../result_panel.py" line="112"/>
        <source>Not sure: this does not look like any of the {n} classes</source>
        <translation>不確定：這不像 {n} 個類別中的任何一個</translation>
    </message>
    <message>
        <location filename="../menus.py" line="35"/>
        <source>&amp;Architecture…</source>
        <translation>架構(&amp;A)…</translation>
    </message>
    <message>
        <location filename="../menus.py" line="35"/>
        <source>&amp;Feature Maps…</source>
        <translation>特徵圖(&amp;F)…</translation>
    </message>
    <message>
        <location filename="../menus.py" line="35"/>
        <source>&amp;Why Residual Connections?</source>
        <translation>為什麼要殘差連接？(&amp;W)</translation>
    </message>
    <message>
        <location filename="../menus.py" line="35"/>
        <source>&amp;New Model from Folders…</source>
        <translation>從資料夾建立新模型(&amp;N)…</translation>
    </message>
    <message>
        <location filename="../window.py" line="328"/>
        <source>It was taken off Recent Checkpoints.</source>
        <translation>已將它從「最近的檢查點」移除。</translation>
    </message>
    <message>
        <location filename="../status.py" line="147"/>
        <source>validation accuracy {accuracy}</source>
        <translation>驗證準確率 {accuracy}</translation>
    </message>
    <message>
        <location filename="../image_errors.py" line="19"/>
        <source>no model loaded</source>
        <translation>未載入模型</translation>
    </message>
    <message>
        <location filename="../image_errors.py" line="20"/>
        <source>file not found</source>
        <translation>找不到檔案</translation>
    </message>
    <message>
        <location filename="../image_errors.py" line="21"/>
        <source>permission denied</source>
        <translation>沒有存取權限</translation>
    </message>
    <message>
        <location filename="../image_errors.py" line="22"/>
        <source>cannot read it ({why})</source>
        <translation>無法讀取（{why}）</translation>
    </message>
    <message>
        <location filename="../image_errors.py" line="23"/>
        <source>is a folder, not an image file</source>
        <translation>是資料夾，不是圖片檔</translation>
    </message>
    <message>
        <location filename="../image_errors.py" line="24"/>
        <source>cannot open this folder ({why})</source>
        <translation>無法開啟此資料夾（{why}）</translation>
    </message>
    <message>
        <location filename="../image_errors.py" line="25"/>
        <source>is a named pipe (FIFO), not an image file</source>
        <translation>是具名管道（FIFO），不是圖片檔</translation>
    </message>
    <message>
        <location filename="../image_errors.py" line="26"/>
        <source>is a socket, not an image file</source>
        <translation>是通訊端（socket），不是圖片檔</translation>
    </message>
    <message>
        <location filename="../image_errors.py" line="27"/>
        <source>is a device, not an image file</source>
        <translation>是裝置，不是圖片檔</translation>
    </message>
    <message>
        <location filename="../image_errors.py" line="28"/>
        <source>a symbolic link loop (the link leads back to itself)</source>
        <translation>符號連結循環（連結指回自身）</translation>
    </message>
    <message>
        <location filename="../image_errors.py" line="30"/>
        <source>a broken symbolic link (what it points to does not exist)</source>
        <translation>失效的符號連結（指向的目標不存在）</translation>
    </message>
    <message>
        <location filename="../image_errors.py" line="32"/>
        <source>the path, or a name in it, is too long for this system ({chars} characters)</source>
        <translation>路徑或其中的名稱對此系統而言太長（{chars} 個字元）</translation>
    </message>
    <message>
        <location filename="../image_errors.py" line="34"/>
        <source>empty file (0 bytes)</source>
        <translation>空檔案（0 位元組）</translation>
    </message>
    <message>
        <location filename="../image_errors.py" line="35"/>
        <source>not an image, or a format this program cannot read</source>
        <translation>不是圖片，或是本程式無法讀取的格式</translation>
    </message>
    <message>
        <location filename="../image_errors.py" line="37"/>
        <source>truncated or damaged file ({why})</source>
        <translation>檔案不完整或已損壞（{why}）</translation>
    </message>
    <message>
        <location filename="../image_errors.py" line="38"/>
        <source>cannot decode image ({why})</source>
        <translation>無法解碼圖片（{why}）</translation>
    </message>
    <message>
        <location filename="../image_errors.py" line="39"/>
        <source>invalid size {width}×{height}</source>
        <translation>無效的尺寸 {width}×{height}</translation>
    </message>
    <message>
        <location filename="../image_errors.py" line="40"/>
        <source>refused: {width}×{height} pixels, over the limit of {limit} pixels</source>
        <translation>已拒絕：{width}×{height} 像素，超過 {limit} 像素的上限</translation>
    </message>
    <message>
        <location filename="../image_errors.py" line="42"/>
        <source>refused: too many pixels ({why})</source>
        <translation>已拒絕：像素過多（{why}）</translation>
    </message>
    <message>
        <location filename="../image_errors.py" line="43"/>
        <source>refused: {width}×{height} pixels need {mb} MB to decode, over the limit of {limit} MB</source>
        <translation>已拒絕：{width}×{height} 像素解碼需要 {mb} MB，超過 {limit} MB 的上限</translation>
    </message>
    <message>
        <location filename="../image_errors.py" line="46"/>
        <source>not enough memory to decode this image</source>
        <translation>記憶體不足，無法解碼此圖片</translation>
    </message>
    <message>
        <location filename="../image_errors.py" line="47"/>
        <source>unsupported colour mode {mode}</source>
        <translation>不支援的色彩模式 {mode}</translation>
    </message>
    <message>
        <location filename="../result_panel.py" line="37"/>
        <source>The picture is almost blank, noise-like or smoother than photos, unlike the photos the model was trained on.</source>
        <translation>這張圖片幾乎是空白、雜訊，或比照片更平滑，不像模型訓練時看過的照片。</translation>
    </message>
    <message>
        <location filename="../image_errors.py" line="48"/>
        <source>the network&apos;s output for this image is not a finite number (the checkpoint&apos;s weights overflow on it)</source>
        <translation>網路對這張圖片的輸出不是有限數值（檢查點的權重在它上面溢位）</translation>
    </message>
    <message>
        <location filename="../window.py" line="337"/>
        <source>Still loading the checkpoint you chose after it:</source>
        <translation>仍在載入之後選擇的檢查點：</translation>
    </message>
    <message>
        <location filename="../state.py" line="400"/>
        <source>The device setting went back to {device}.</source>
        <translation>裝置設定已改回 {device}。</translation>
    </message>
    <message>
        <location filename="../window.py" line="182"/>
        <source>Settings will not be kept</source>
        <translation>設定將不會保存</translation>
    </message>
    <message>
        <location filename="../window.py" line="182"/>
        <source>The app works, but what you choose (model, language, window size) is forgotten when it closes.</source>
        <translation>程式仍可使用，但您的選擇（模型、語言、視窗大小）會在關閉時遺失。</translation>
    </message>
</context>
<context>
    <name>ModelInfo</name>
    <message>
        <location filename="../model_info.py" line="76"/>
        <source>not recorded</source>
        <translation>未記錄</translation>
    </message>
    <message>
        <location filename="../model_info.py" line="78"/>
        <source>{size} × {size} px, mean {mean}, std {std}</source>
        <translation>{size} × {size} 像素，平均值 {mean}，標準差 {std}</translation>
    </message>
    <message>
        <location filename="../model_info.py" line="81"/>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location filename="../model_info.py" line="82"/>
        <source>Checkpoint</source>
        <translation>檢查點</translation>
    </message>
    <message>
        <location filename="../model_info.py" line="83"/>
        <source>Device</source>
        <translation>裝置</translation>
    </message>
    <message>
        <location filename="../model_info.py" line="122"/>
        <source>Test accuracy</source>
        <translation>測試準確率</translation>
    </message>
    <message>
        <location filename="../model_info.py" line="85"/>
        <source>Input</source>
        <translation>輸入</translation>
    </message>
    <message>
        <location filename="../model_info.py" line="86"/>
        <source>Created</source>
        <translation>建立時間</translation>
    </message>
    <message>
        <location filename="../model_info.py" line="291"/>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <location filename="../model_info.py" line="89"/>
        <source>Model information</source>
        <translation>模型資訊</translation>
    </message>
    <message>
        <location filename="../model_info.py" line="91"/>
        <source>Classes ({n})</source>
        <translation>類別（{n}）</translation>
    </message>
    <message>
        <location filename="../model_info.py" line="93"/>
        <source>Class</source>
        <translation>類別</translation>
    </message>
    <message>
        <location filename="../model_info.py" line="97"/>
        <source>No per-class accuracy recorded.</source>
        <translation>沒有記錄各類別的準確率。</translation>
    </message>
    <message>
        <location filename="../model_info.py" line="101"/>
        <source>Training configuration</source>
        <translation>訓練設定</translation>
    </message>
    <message>
        <location filename="../model_info.py" line="103"/>
        <source>Not recorded.</source>
        <translation>未記錄。</translation>
    </message>
    <message>
        <location filename="../model_info.py" line="106"/>
        <source>Other metadata</source>
        <translation>其他中繼資料</translation>
    </message>
    <message>
        <location filename="../model_info.py" line="153"/>
        <source>No model loaded</source>
        <translation>尚未載入模型</translation>
    </message>
    <message>
        <location filename="../model_info.py" line="153"/>
        <source>Use Model › Open Checkpoint…</source>
        <translation>請用「模型 › 開啟檢查點…」</translation>
    </message>
    <message>
        <location filename="../model_info.py" line="165"/>
        <source>Measured on the {split} split of {data}, {count} images.</source>
        <translation>在 {data} 的 {split} 分割上測量，共 {count} 張圖片。</translation>
    </message>
    <message>
        <location filename="../model_info.py" line="168"/>
        <source>Measured on the {split} split, {count} images.</source>
        <translation>在 {split} 分割上測量，共 {count} 張圖片。</translation>
    </message>
    <message>
        <location filename="../model_info.py" line="171"/>
        <source>Measured by the checkpoint&apos;s recorded evaluation.</source>
        <translation>取自檢查點中記錄的評估結果。</translation>
    </message>
    <message>
        <location filename="../model_info.py" line="173"/>
        <source>With test-time augmentation.</source>
        <translation>使用測試時資料增強。</translation>
    </message>
    <message>
        <location filename="../model_info.py" line="41"/>
        <source>Top class under 50% probability</source>
        <translation>最高類別的機率低於 50%</translation>
    </message>
    <message>
        <location filename="../model_info.py" line="41"/>
        <source>Weak response (energy score)</source>
        <translation>回應偏弱（能量分數）</translation>
    </message>
    <message>
        <location filename="../model_info.py" line="41"/>
        <source>Far from every training image (feature detector)</source>
        <translation>與所有訓練影像都相距很遠（特徵偵測器）</translation>
    </message>
    <message>
        <location filename="../model_info.py" line="99"/>
        <source>Not-sure checks</source>
        <translation>「不確定」檢查</translation>
    </message>
    <message>
        <location filename="../model_info.py" line="143"/>
        <source>off (needs {command})</source>
        <translation>關閉（需要 {command}）</translation>
    </message>
    <message>
        <location filename="../model_info.py" line="145"/>
        <source>on, on uncalibrated probabilities</source>
        <translation>開啟，基於未校準的機率</translation>
    </message>
    <message>
        <location filename="../model_info.py" line="147"/>
        <source>on</source>
        <translation>開啟</translation>
    </message>
    <message>
        <location filename="../model_info.py" line="128"/>
        <source>Validation accuracy</source>
        <translation>驗證準確率</translation>
    </message>
    <message>
        <location filename="../model_info.py" line="41"/>
        <source>Blank, noise-like or unnaturally smooth picture</source>
        <translation>空白、類似雜訊或過於平滑的圖片</translation>
    </message>
</context>
<context>
    <name>ModelInfoDialog</name>
    <message>
        <location filename="../model_info.py" line="247"/>
        <source>Confusion matrix</source>
        <translation>混淆矩陣</translation>
    </message>
    <message>
        <location filename="../model_info.py" line="244"/>
        <source>Model Info</source>
        <translation>模型資訊</translation>
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
        <translation>網路看到的內容：縮放到輸入尺寸、尚未正規化的圖片</translation>
    </message>
    <message>
        <location filename="../prediction_view.py" line="160"/>
        <source>Network input</source>
        <translation>網路輸入</translation>
    </message>
</context>
<context>
    <name>NewModelDialog</name>
    <message>
        <location filename="../training/dialog.py" line="61"/>
        <source>Quick: the last stage and the classifier, {epochs} epochs</source>
        <translation>快速：只訓練最後一個階段和分類器，{epochs} 個 epoch</translation>
    </message>
    <message>
        <location filename="../training/dialog.py" line="63"/>
        <source>Better: the whole network, {epochs} epochs</source>
        <translation>較佳：訓練整個網路，{epochs} 個 epoch</translation>
    </message>
    <message>
        <location filename="../training/dialog.py" line="172"/>
        <source>New Model from Folders</source>
        <translation>從資料夾建立新模型</translation>
    </message>
    <message>
        <location filename="../training/dialog.py" line="173"/>
        <source>Choose (or drop here) a folder that holds one folder per class, each with that class&apos;s pictures. The bundled network is fine-tuned on them; a fifth of every class is held out to measure the result.</source>
        <translation>選擇（或拖放到這裡）一個資料夾，其中每個類別一個子資料夾，各自放著該類別的圖片。內建網路會在這些圖片上微調；每個類別保留五分之一用來衡量結果。</translation>
    </message>
    <message>
        <location filename="../training/dialog.py" line="177"/>
        <source>Classes from:</source>
        <translation>類別來源：</translation>
    </message>
    <message>
        <location filename="../training/dialog.py" line="183"/>
        <source>Choose…</source>
        <translation>選擇…</translation>
    </message>
    <message>
        <location filename="../training/dialog.py" line="179"/>
        <source>Class</source>
        <translation>類別</translation>
    </message>
    <message>
        <location filename="../training/dialog.py" line="179"/>
        <source>Images</source>
        <translation>圖片</translation>
    </message>
    <message>
        <location filename="../training/dialog.py" line="180"/>
        <source>Mirror pictures while training (turn off for text, digits and other things a mirror changes)</source>
        <translation>訓練時左右翻轉圖片（文字、數字等翻轉後意義會改變的內容請關閉）</translation>
    </message>
    <message>
        <location filename="../training/dialog.py" line="182"/>
        <source>Save to:</source>
        <translation>儲存到：</translation>
    </message>
    <message>
        <location filename="../training/dialog.py" line="184"/>
        <source>Start</source>
        <translation>開始</translation>
    </message>
    <message>
        <location filename="../training/dialog.py" line="283"/>
        <source>about {time} on this machine</source>
        <translation>在這台電腦上約需 {time}</translation>
    </message>
    <message>
        <location filename="../training/dialog.py" line="286"/>
        <source>time unknown ({error})</source>
        <translation>所需時間未知（{error}）</translation>
    </message>
    <message>
        <location filename="../training/dialog.py" line="288"/>
        <source>measuring this machine's speed…</source>
        <translation>正在測量這台電腦的速度…</translation>
    </message>
    <message>
        <location filename="../training/dialog.py" line="331"/>
        <source>Unfinished run</source>
        <translation>未完成的訓練</translation>
    </message>
    <message>
        <location filename="../training/dialog.py" line="331"/>
        <source>{folder} holds a run that was stopped before it finished.</source>
        <translation>{folder} 中有一次尚未完成就停止的訓練。</translation>
    </message>
    <message>
        <location filename="../training/dialog.py" line="331"/>
        <source>Resume It</source>
        <translation>繼續訓練</translation>
    </message>
    <message>
        <location filename="../training/dialog.py" line="331"/>
        <source>Start Over</source>
        <translation>重新開始</translation>
    </message>
    <message>
        <location filename="../training/dialog.py" line="340"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../training/dialog.py" line="340"/>
        <source>Replace model?</source>
        <translation>要取代模型嗎？</translation>
    </message>
    <message>
        <location filename="../training/dialog.py" line="340"/>
        <source>{path} exists. Training replaces it.</source>
        <translation>{path} 已存在。訓練會取代它。</translation>
    </message>
    <message>
        <location filename="../training/dialog.py" line="340"/>
        <source>Replace</source>
        <translation>取代</translation>
    </message>
    <message>
        <location filename="../training/dialog.py" line="382"/>
        <source>Training stopped</source>
        <translation>訓練已停止</translation>
    </message>
    <message>
        <location filename="../training/dialog.py" line="382"/>
        <source>Keep the partial run to resume it later, or discard it?</source>
        <translation>要保留這次未完成的訓練以便之後繼續，還是捨棄它？</translation>
    </message>
    <message>
        <location filename="../training/dialog.py" line="382"/>
        <source>Keep</source>
        <translation>保留</translation>
    </message>
    <message>
        <location filename="../training/dialog.py" line="382"/>
        <source>Discard</source>
        <translation>捨棄</translation>
    </message>
    <message>
        <location filename="../training/dialog.py" line="251"/>
        <source>{classes} classes, {images} images: {train} to train on, {held} held out to measure the result</source>
        <translation>{classes} 個類別，{images} 張圖片：{train} 張用來訓練，保留 {held} 張衡量結果</translation>
    </message>
    <message>
        <location filename="../training/dialog.py" line="256"/>
        <source>Too few held out to fit the not-sure checks (at least {least}): the model will use the rule&apos;s defaults. About {images} images in all are enough.</source>
        <translation>保留的圖片太少，無法擬合「不確定」檢查（至少需要 {least} 張）：模型將使用規則的預設值。總共約 {images} 張圖片就足夠。</translation>
    </message>
    <message>
        <location filename="../training/problem_text.py" line="58"/>
        <source>{count} file(s) there could not be read:</source>
        <translation>其中 {count} 個檔案無法讀取：</translation>
    </message>
    <message>
        <location filename="../training/problem_text.py" line="62"/>
        <source>… and {count} more</source>
        <translation>…… 另有 {count} 個</translation>
    </message>
    <message>
        <location filename="../training/problem_text.py" line="17"/>
        <source>{path}: not a folder</source>
        <translation>{path}：不是資料夾</translation>
    </message>
    <message>
        <location filename="../training/problem_text.py" line="18"/>
        <source>{path}: not a folder of class folders (it should hold one folder per class, each with that class&apos;s images; train/ and test/ layouts train from the command line)</source>
        <translation>{path}：不是由類別資料夾組成的資料夾（應為每個類別一個資料夾，各自放該類別的圖片；train/ 與 test/ 的結構請從命令列訓練）</translation>
    </message>
    <message>
        <location filename="../training/problem_text.py" line="22"/>
        <source>{path}: no images in its class folders</source>
        <translation>{path}：類別資料夾中沒有圖片</translation>
    </message>
    <message>
        <location filename="../training/problem_text.py" line="23"/>
        <source>{path}: cannot be read ({reason})</source>
        <translation>{path}：無法讀取（{reason}）</translation>
    </message>
    <message>
        <location filename="../training/problem_text.py" line="24"/>
        <source>{path}: only one class folder ({name}); at least 2 are needed</source>
        <translation>{path}：只有一個類別資料夾（{name}）；至少需要 2 個</translation>
    </message>
    <message>
        <location filename="../training/problem_text.py" line="26"/>
        <source>{path}: {count} images; a class needs at least {least}</source>
        <translation>{path}：{count} 張圖片；每個類別至少需要 {least} 張</translation>
    </message>
    <message>
        <location filename="../training/problem_text.py" line="28"/>
        <source>{path}: 1 image; a class needs at least {least}</source>
        <translation>{path}：1 張圖片；每個類別至少需要 {least} 張</translation>
    </message>
    <message>
        <location filename="../training/problem_text.py" line="30"/>
        <source>{path}: only {count} readable images; a class needs at least {least}</source>
        <translation>{path}：只有 {count} 張可讀取的圖片；每個類別至少需要 {least} 張</translation>
    </message>
    <message>
        <location filename="../training/problem_text.py" line="33"/>
        <source>{path}: only 1 readable image; a class needs at least {least}</source>
        <translation>{path}：只有 1 張可讀取的圖片；每個類別至少需要 {least} 張</translation>
    </message>
    <message>
        <location filename="../training/problem_text.py" line="35"/>
        <source>{path}: no readable image in this class folder</source>
        <translation>{path}：這個類別資料夾中沒有可讀取的圖片</translation>
    </message>
    <message>
        <location filename="../training/problem_text.py" line="37"/>
        <source>{path}: none of its {count} images could be read; the first:</source>
        <translation>{path}：其中 {count} 張圖片都無法讀取；最前面幾個：</translation>
    </message>
    <message>
        <location filename="../training/dialog.py" line="238"/>
        <source>Reading {folder}…</source>
        <translation>正在讀取 {folder}…</translation>
    </message>
    <message>
        <location filename="../training/dialog.py" line="359"/>
        <source>No folder to save to</source>
        <translation>沒有儲存的資料夾</translation>
    </message>
    <message>
        <location filename="../training/dialog.py" line="359"/>
        <source>Choose the folder the new model is saved in.</source>
        <translation>請選擇新模型要儲存的資料夾。</translation>
    </message>
    <message>
        <location filename="../training/dialog.py" line="366"/>
        <source>Cannot save there</source>
        <translation>無法儲存在那裡</translation>
    </message>
    <message>
        <location filename="../training/dialog.py" line="366"/>
        <source>{path} is a file, not a folder.</source>
        <translation>{path} 是檔案，不是資料夾。</translation>
    </message>
    <message>
        <location filename="../training/dialog.py" line="264"/>
        <source>Images in subfolders count as their class folder&apos;s: {folders}</source>
        <translation>子資料夾中的圖片算作其類別資料夾的圖片：{folders}</translation>
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
        <translation>正在用保留的圖片檢查模型（校準、分布外偵測器）…</translation>
    </message>
    <message>
        <location filename="../training/pages.py" line="77"/>
        <source>Training…</source>
        <translation>正在訓練…</translation>
    </message>
    <message>
        <location filename="../training/pages.py" line="79"/>
        <source>Loading the images…</source>
        <translation>正在載入圖片…</translation>
    </message>
    <message>
        <location filename="../training/pages.py" line="81"/>
        <source>epoch {done} of {epochs}</source>
        <translation>第 {done} / {epochs} 個 epoch</translation>
    </message>
    <message>
        <location filename="../training/pages.py" line="84"/>
        <source>loss {loss:.3f}</source>
        <translation>損失 {loss:.3f}</translation>
    </message>
    <message>
        <location filename="../training/pages.py" line="87"/>
        <source>held-out accuracy {acc:.1f}%</source>
        <translation>保留圖片準確率 {acc:.1f}%</translation>
    </message>
    <message>
        <location filename="../training/pages.py" line="90"/>
        <source>about {time} of training left</source>
        <translation>訓練約剩 {time}</translation>
    </message>
    <message>
        <location filename="../training/pages.py" line="75"/>
        <source>Measuring the model on the held-out images…</source>
        <translation>正在用保留的圖片衡量模型…</translation>
    </message>
</context>
<context>
    <name>Residuals</name>
    <message>
        <location filename="../residuals_view.py" line="31"/>
        <source>The experiment&apos;s log is missing or incomplete.</source>
        <translation>找不到實驗紀錄，或紀錄不完整。</translation>
    </message>
    <message>
        <location filename="../residuals_view.py" line="35"/>
        <source>Without shortcuts, the deeper network trains worse: after {epochs} epochs plain-{deep} has {deep_err} training error against {shallow_err} for plain-{shallow}. This is the degradation problem.</source>
        <translation>沒有捷徑時，較深的網路反而訓練得較差：{epochs} 個 epoch 後，plain-{deep} 的訓練誤差為 {deep_err}，plain-{shallow} 為 {shallow_err}。這就是退化問題。</translation>
    </message>
    <message>
        <location filename="../residuals_view.py" line="45"/>
        <source>At this budget the deeper plain network does not train worse: after {epochs} epochs plain-{deep} has {deep_err} training error against {shallow_err} for plain-{shallow}.</source>
        <translation>在這個訓練預算下，較深的 plain 網路並沒有訓練得較差：{epochs} 個 epoch 後，plain-{deep} 的訓練誤差為 {deep_err}，plain-{shallow} 為 {shallow_err}。</translation>
    </message>
    <message>
        <location filename="../residuals_view.py" line="51"/>
        <source>With shortcuts (H(x) = F(x) + x) depth helps: ResNet-{deep} reaches {deep_err} test error against {shallow_err} for ResNet-{shallow}.</source>
        <translation>有了捷徑（H(x) = F(x) + x），深度就有幫助：ResNet-{deep} 的測試誤差為 {deep_err}，ResNet-{shallow} 為 {shallow_err}。</translation>
    </message>
    <message>
        <location filename="../residuals_view.py" line="66"/>
        <source>With shortcuts (H(x) = F(x) + x), ResNet-{deep} has {deep_err} test error against {shallow_err} for ResNet-{shallow}: at this budget the deeper one is not yet better.</source>
        <translation>有了捷徑（H(x) = F(x) + x），ResNet-{deep} 的測試誤差為 {deep_err}，ResNet-{shallow} 為 {shallow_err}：在這個訓練預算下，較深的還沒有比較好。</translation>
    </message>
    <message>
        <location filename="../residuals_view.py" line="124"/>
        <source>Why Residual Connections?</source>
        <translation>為什麼要殘差連接？</translation>
    </message>
    <message>
        <location filename="../residuals_view.py" line="126"/>
        <source>The plot is missing: {path}</source>
        <translation>找不到圖表：{path}</translation>
    </message>
    <message>
        <location filename="../residuals_view.py" line="133"/>
        <source>Made with: {command}</source>
        <translation>產生指令：{command}</translation>
    </message>
    <message>
        <location filename="../residuals_view.py" line="40"/>
        <source>Without shortcuts, the deeper network trains worse: after {epochs} epochs plain-{deep} has {deep_err} training error against {shallow_err} for plain-{shallow}.</source>
        <translation>沒有捷徑時，較深的網路訓練得較差：{epochs} 個 epoch 後，plain-{deep} 的訓練誤差為 {deep_err}，plain-{shallow} 為 {shallow_err}。</translation>
    </message>
    <message>
        <location filename="../residuals_view.py" line="57"/>
        <source>With shortcuts (H(x) = F(x) + x), ResNet-{deep} trains better than plain-{deep} ({deep_err} against {plain_err} training error) but not yet as well as ResNet-{shallow} ({shallow_err}): at this budget the extra depth has not had the time to pay off.</source>
        <translation>有了捷徑（H(x) = F(x) + x），ResNet-{deep} 訓練得比 plain-{deep} 好（訓練誤差 {deep_err} 對 {plain_err}），但還不如 ResNet-{shallow}（{shallow_err}）：在這個訓練預算下，多出來的深度還來不及發揮作用。</translation>
    </message>
    <message>
        <location filename="../degradation_chart.py" line="75"/>
        <source>plain networks</source>
        <translation>無捷徑的網路（plain）</translation>
    </message>
    <message>
        <location filename="../degradation_chart.py" line="75"/>
        <source>residual networks (ResNet)</source>
        <translation>殘差網路（ResNet）</translation>
    </message>
    <message>
        <location filename="../degradation_chart.py" line="114"/>
        <source>error (%)</source>
        <translation>誤差（%）</translation>
    </message>
    <message>
        <location filename="../degradation_chart.py" line="151"/>
        <source>epoch</source>
        <translation>epoch</translation>
    </message>
    <message>
        <location filename="../degradation_chart.py" line="176"/>
        <source>training error</source>
        <translation>訓練誤差</translation>
    </message>
    <message>
        <location filename="../degradation_chart.py" line="177"/>
        <source>test error</source>
        <translation>測試誤差</translation>
    </message>
    <message>
        <location filename="../degradation_chart.py" line="180"/>
        <source>{depth} layers</source>
        <translation>{depth} 層</translation>
    </message>
    <message>
        <location filename="../residuals_view.py" line="130"/>
        <source>Training and test error per epoch</source>
        <translation>每個 epoch 的訓練與測試誤差</translation>
    </message>
</context>
<context>
    <name>ResultPage</name>
    <message>
        <location filename="../training/pages.py" line="124"/>
        <source>Load This Model</source>
        <translation>載入這個模型</translation>
    </message>
    <message>
        <location filename="../training/pages.py" line="125"/>
        <source>New Model…</source>
        <translation>建立新模型…</translation>
    </message>
    <message>
        <location filename="../training/pages.py" line="132"/>
        <source>Saved: {path}</source>
        <translation>已儲存：{path}</translation>
    </message>
    <message>
        <location filename="../training/pages.py" line="135"/>
        <source>Accuracy on the {n} held-out images: {acc:.1f}%</source>
        <translation>在 {n} 張保留圖片上的準確率：{acc:.1f}%</translation>
    </message>
    <message>
        <location filename="../training/pages.py" line="141"/>
        <source>Training stopped with an error:</source>
        <translation>訓練因錯誤而停止：</translation>
    </message>
    <message>
        <location filename="../training/pages.py" line="143"/>
        <source>Stopped. The run is kept in {folder}: start again with the same folders to resume it.</source>
        <translation>已停止。訓練保留在 {folder}：用相同的資料夾再次開始即可繼續。</translation>
    </message>
    <message>
        <location filename="../training/pages.py" line="149"/>
        <source>Stopped. The partial run was discarded.</source>
        <translation>已停止。未完成的訓練已捨棄。</translation>
    </message>
    <message>
        <location filename="../training/pages.py" line="147"/>
        <source>Stopped before the first epoch was saved.</source>
        <translation>在第一個 epoch 儲存前就已停止。</translation>
    </message>
</context>
<context>
    <name>TrainingDialog</name>
    <message>
        <location filename="../training/curve.py" line="34"/>
        <source>{done} of {epochs} epochs; held-out accuracy {acc}</source>
        <translation>已完成 {done} / {epochs} 個 epoch；保留圖片準確率 {acc}</translation>
    </message>
    <message>
        <location filename="../training/curve.py" line="66"/>
        <source>epoch (of {epochs})</source>
        <translation>epoch（共 {epochs} 個）</translation>
    </message>
    <message>
        <location filename="../training/curve.py" line="71"/>
        <source>training loss</source>
        <translation>訓練損失</translation>
    </message>
    <message>
        <location filename="../training/curve.py" line="74"/>
        <source>held-out accuracy</source>
        <translation>保留圖片準確率</translation>
    </message>
    <message>
        <location filename="../training/pages.py" line="30"/>
        <source>{n} s</source>
        <translation>{n} 秒</translation>
    </message>
    <message>
        <location filename="../training/pages.py" line="31"/>
        <source>{n} min</source>
        <translation>{n} 分鐘</translation>
    </message>
    <message>
        <location filename="../training/pages.py" line="37"/>
        <source>{n} file(s) could not be read and were left out:</source>
        <translation>有 {n} 個檔案無法讀取，已略過：</translation>
    </message>
    <message>
        <location filename="../training/pages.py" line="40"/>
        <source>  … and {n} more</source>
        <translation>  … 還有 {n} 個</translation>
    </message>
</context>
<context>
    <name>TrainingLauncher</name>
    <message>
        <location filename="../training/launcher.py" line="72"/>
        <source>A model is training</source>
        <translation>模型正在訓練</translation>
    </message>
    <message>
        <location filename="../training/launcher.py" line="134"/>
        <source>Stop the training and quit? The run is saved; New Model from Folders can resume it.</source>
        <translation>要停止訓練並結束嗎？訓練會保留下來，可以用「從資料夾建立新模型」繼續。</translation>
    </message>
    <message>
        <location filename="../training/launcher.py" line="72"/>
        <source>Stop and Quit</source>
        <translation>停止並結束</translation>
    </message>
    <message>
        <location filename="../training/launcher.py" line="72"/>
        <source>Keep Training</source>
        <translation>繼續訓練</translation>
    </message>
    <message>
        <location filename="../training/launcher.py" line="100"/>
        <source>the speed probe stopped (exit status {code})</source>
        <translation>測速程式已停止（結束狀態 {code}）</translation>
    </message>
    <message>
        <location filename="../training/launcher.py" line="137"/>
        <source>Stop and quit? The model is trained and saved; the checks still running (validation results, calibration, out-of-distribution detector) will be missing from it.</source>
        <translation>要停止並結束嗎？模型已訓練完成並儲存；仍在進行的檢查（驗證結果、校準、分布外偵測器）將不會包含在模型中。</translation>
    </message>
    <message>
        <location filename="../training/launcher.py" line="141"/>
        <source>Stop the training and quit? No epoch has finished yet, so nothing is saved.</source>
        <translation>要停止訓練並結束嗎？還沒有完成任何一輪訓練，因此不會保留任何內容。</translation>
    </message>
</context>
<context>
    <name>TrainingRun</name>
    <message>
        <location filename="../training/run.py" line="293"/>
        <source>cifar10 train stopped (exit status {code})</source>
        <translation>cifar10 train 已停止（結束狀態 {code}）</translation>
    </message>
    <message>
        <location filename="../training/run.py" line="302"/>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <location filename="../training/run.py" line="306"/>
        <source>exit status {code}</source>
        <translation>結束狀態 {code}</translation>
    </message>
    <message>
        <location filename="../training/run.py" line="346"/>
        <source>No validation results or calibration: the not-sure rule uses its defaults</source>
        <translation>沒有驗證結果與校準：「不確定」規則使用預設值</translation>
    </message>
    <message>
        <location filename="../training/run.py" line="348"/>
        <source>No out-of-distribution detector: pictures of other things are flagged less often</source>
        <translation>沒有分布外偵測器：其他東西的圖片較少被標示出來</translation>
    </message>
    <message>
        <location filename="../training/run.py" line="268"/>
        <source>{program}: could not start ({reason})</source>
        <translation>{program}：無法啟動（{reason}）</translation>
    </message>
    <message>
        <location filename="../training/run.py" line="330"/>
        <source>No validation results shown: {path} could not be read ({reason})</source>
        <translation>無法顯示驗證結果：無法讀取 {path}（{reason}）</translation>
    </message>
    <message>
        <location filename="../training/run.py" line="150"/>
        <source>No calibration and no out-of-distribution detector: {held} held-out images are too few to fit them on (at least {least}); the not-sure rule uses its defaults</source>
        <translation>沒有校準也沒有分布外偵測器：保留的 {held} 張圖片太少，無法擬合（至少需要 {least} 張）；「不確定」規則使用預設值</translation>
    </message>
</context>
</TS>
