<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ABCompare</name>
    <message>
        <source>Original</source>
        <translation>原图</translation>
    </message>
    <message>
        <source>{method} (compute)</source>
        <translation>{method}（计算）</translation>
    </message>
    <message>
        <source>This result at {percent}%</source>
        <translation>此结果的 {percent}%</translation>
    </message>
    <message>
        <source>Result at {percent}%</source>
        <translation>结果的 {percent}%</translation>
    </message>
</context>
<context>
    <name>AboutDialog</name>
    <message>
        <source>Provenance</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Validation</source>
        <translation>验证</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <source>History</source>
        <translation>历史</translation>
    </message>
    <message>
        <source>License</source>
        <translation>许可证</translation>
    </message>
    <message>
        <source>Paper</source>
        <translation>论文</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>参考</translation>
    </message>
    <message>
        <source>not installed</source>
        <translation>未安装</translation>
    </message>
    <message>
        <source>No model is loaded.</source>
        <translation>尚未加载模型。</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>not stated in the weights</source>
        <translation>权重中未注明</translation>
    </message>
    <message>
        <source>Weights</source>
        <translation>权重</translation>
    </message>
    <message>
        <source>none (a classic method)</source>
        <translation>无（经典方法）</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>格式</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>参数量</translation>
    </message>
    <message>
        <source>Input</source>
        <translation>输入</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>输出</translation>
    </message>
    <message>
        <source>Running on</source>
        <translation>运行设备</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Architecture</source>
        <translation>网络结构</translation>
    </message>
    <message>
        <source>Restores hazy, snowy and out-of-focus photos with AKNet (an aligned-kernel restoration network), on the GPU or the CPU. Originals are never changed.</source>
        <translation>使用 AKNet（一种对齐核图像修复网络）在 GPU 或 CPU 上修复有雾、有雪和失焦的照片。原图始终不会被修改。</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>About AKNet Studio</source>
        <translation>关于 AKNet Studio</translation>
    </message>
    <message>
        <source>The app, its libraries and the loaded model</source>
        <translation>本程序、所用的库以及已加载的模型</translation>
    </message>
</context>
<context>
    <name>BatchDialog</name>
    <message>
        <source>Batch restore</source>
        <translation>批量修复</translation>
    </message>
    <message>
        <source>Photos to restore</source>
        <translation>要修复的照片</translation>
    </message>
    <message>
        <source>Input folder</source>
        <translation>输入文件夹</translation>
    </message>
    <message>
        <source>Restored files</source>
        <translation>修复后的文件</translation>
    </message>
    <message>
        <source>Devices</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>The device chosen in the window</source>
        <translation>主窗口中选择的设备</translation>
    </message>
    <message>
        <source>All GPUs ({count}: {names})</source>
        <translation>全部 GPU（{count} 个：{names}）</translation>
    </message>
    <message>
        <source>All GPUs: one process per GPU, each taking the next photo as it finishes one.</source>
        <translation>全部 GPU：每个 GPU 一个进程，处理完一张照片后接着处理下一张。</translation>
    </message>
    <message>
        <source>The folder whose photos are restored (Alt+I)</source>
        <translation>要修复其中照片的文件夹（Alt+I）</translation>
    </message>
    <message>
        <source>&amp;Input folder:</source>
        <translation>输入文件夹(&amp;I)：</translation>
    </message>
    <message>
        <source>Include &amp;subfolders (their structure is kept in the output)</source>
        <translation>包含子文件夹(&amp;S)（输出中保留其目录结构）</translation>
    </message>
    <message>
        <source>Run on</source>
        <translation>运行于</translation>
    </message>
    <message>
        <source>Run &amp;on:</source>
        <translation>运行于(&amp;O)：</translation>
    </message>
    <message>
        <source>Task: &lt;b&gt;{task}&lt;/b&gt; at strength &lt;b&gt;{strength}%&lt;/b&gt;. Originals are never changed; a file that fails is reported and the batch goes on. Photos dropped on the window while the batch runs join it.</source>
        <translation>任务：&lt;b&gt;{task}&lt;/b&gt;，强度 &lt;b&gt;{strength}%&lt;/b&gt;。原图始终不会被修改；处理失败的文件会被报告，批量处理继续进行。批量处理运行期间拖到窗口上的照片也会加入其中。</translation>
    </message>
    <message>
        <source>Start batch</source>
        <translation>开始批量处理</translation>
    </message>
    <message>
        <source>Restore every photo of the input folder (Enter)</source>
        <translation>修复输入文件夹中的所有照片（Enter）</translation>
    </message>
    <message>
        <source>Photos found</source>
        <translation>找到的照片</translation>
    </message>
    <message>
        <source>What the batch does</source>
        <translation>批量处理说明</translation>
    </message>
    <message>
        <source>Looking for photos…</source>
        <translation>正在查找照片…</translation>
    </message>
    <message>
        <source>{count} image(s) found.</source>
        <translation>找到 {count} 张图像。</translation>
    </message>
    <message>
        <source>Choose a folder of photos.</source>
        <translation>请选择一个照片文件夹。</translation>
    </message>
    <message>
        <source>There are no images in this folder.</source>
        <translation>此文件夹中没有图像。</translation>
    </message>
</context>
<context>
    <name>Clipboard</name>
    <message>
        <source>the result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Copied the result of {name} ({width} × {height}).</source>
        <translation>已复制 {name} 的修复结果（{width} × {height}）。</translation>
    </message>
    <message>
        <source>The clipboard holds no image or image files to paste.</source>
        <translation>剪贴板中没有可粘贴的图像或图像文件。</translation>
    </message>
    <message>
        <source>Could not keep the pasted image: {reason}</source>
        <translation>无法保存粘贴的图像：{reason}</translation>
    </message>
</context>
<context>
    <name>CompareView</name>
    <message>
        <source>Side by side</source>
        <translation>并排</translation>
    </message>
    <message>
        <source>Split</source>
        <translation>分割</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Restored</source>
        <translation>修复结果</translation>
    </message>
    <message>
        <source>Ctrl+plus and Ctrl+minus zoom, Ctrl+0 fits, Ctrl+1 shows 100%, arrow keys pan</source>
        <translation>Ctrl+加号和 Ctrl+减号缩放，Ctrl+0 适合窗口，Ctrl+1 显示 100%，方向键平移</translation>
    </message>
    <message>
        <source>Original photo</source>
        <translation>原图</translation>
    </message>
    <message>
        <source>Restored photo</source>
        <translation>修复后的照片</translation>
    </message>
    <message>
        <source>{keys}; hold backslash to see the original</source>
        <translation>{keys}；按住反斜杠键查看原图</translation>
    </message>
    <message>
        <source>Original (not restored yet)</source>
        <translation>原图（尚未修复）</translation>
    </message>
    <message>
        <source>Original (held)</source>
        <translation>原图（按住中）</translation>
    </message>
    <message>
        <source>Original</source>
        <translation>原图</translation>
    </message>
    <message>
        <source>Drop photos or folders here
or open them with Ctrl+O</source>
        <translation>将照片或文件夹拖放到此处
或按 Ctrl+O 打开</translation>
    </message>
</context>
<context>
    <name>CompareWithBox</name>
    <message>
        <source>What the left side (or left of the split) shows: the original, another result of this photo (restore it again with another model or task to keep both), Classic dehaze, or this result at 50%</source>
        <translation>左侧（或分割线左边）显示的内容：原图、此照片的另一个修复结果（用其他模型或任务再次修复即可保留两者）、经典去雾，或此结果的 50%</translation>
    </message>
    <message>
        <source>Compare with</source>
        <translation>对比对象</translation>
    </message>
    <message>
        <source>Compare with: {choices}</source>
        <translation>对比对象：{choices}</translation>
    </message>
    <message>
        <source>Open the list of what the left side shows</source>
        <translation>打开左侧可显示内容的列表</translation>
    </message>
</context>
<context>
    <name>ComparisonDialog</name>
    <message>
        <source>Full size</source>
        <translation>原始尺寸</translation>
    </message>
    <message>
        <source>Long side 2048 px</source>
        <translation>长边 2048 像素</translation>
    </message>
    <message>
        <source>Long side 1024 px</source>
        <translation>长边 1024 像素</translation>
    </message>
    <message>
        <source>Side by side</source>
        <translation>并排</translation>
    </message>
    <message>
        <source>Split down the middle</source>
        <translation>从中间分割</translation>
    </message>
    <message>
        <source>Export comparison</source>
        <translation>导出对比图</translation>
    </message>
    <message>
        <source>&amp;Layout:</source>
        <translation>布局(&amp;L)：</translation>
    </message>
    <message>
        <source>&amp;Size:</source>
        <translation>尺寸(&amp;S)：</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>浏览(&amp;B)…</translation>
    </message>
    <message>
        <source>&amp;File:</source>
        <translation>文件(&amp;F)：</translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation>导出(&amp;E)</translation>
    </message>
    <message>
        <source>Layout</source>
        <translation>布局</translation>
    </message>
    <message>
        <source>The two sides next to each other, or one photo split in two</source>
        <translation>两侧并排，或将一张照片一分为二</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>尺寸</translation>
    </message>
    <message>
        <source>The picture&apos;s size: the photo&apos;s own, or smaller to share</source>
        <translation>图片尺寸：照片原始尺寸，或缩小以便分享</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>The file the comparison is written to</source>
        <translation>对比图写入的文件</translation>
    </message>
    <message>
        <source>Browse</source>
        <translation>浏览</translation>
    </message>
    <message>
        <source>Choose the file to write</source>
        <translation>选择要写入的文件</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Write the comparison picture</source>
        <translation>写入对比图</translation>
    </message>
</context>
<context>
    <name>ComparisonExport</name>
    <message>
        <source>Restore the photo first; a comparison needs its result.</source>
        <translation>请先修复照片；对比图需要其修复结果。</translation>
    </message>
    <message>
        <source>The result of this photo is no longer available; restore it again.</source>
        <translation>此照片的修复结果已不可用；请重新修复。</translation>
    </message>
    <message>
        <source>Restored</source>
        <translation>修复结果</translation>
    </message>
    <message>
        <source>Saved the comparison {name} in {folder}.</source>
        <translation>已将对比图 {name} 保存到 {folder}。</translation>
    </message>
    <message>
        <source>Could not export the comparison: {reason}</source>
        <translation>无法导出对比图：{reason}</translation>
    </message>
</context>
<context>
    <name>Controller</name>
    <message>
        <source>Added {count} image(s) to the running batch.</source>
        <translation>已将 {count} 张图像加入正在进行的批量处理。</translation>
    </message>
    <message>
        <source>Added {count} image(s) to the running restore.</source>
        <translation>已将 {count} 张图像加入正在进行的修复。</translation>
    </message>
    <message>
        <source>{method} is computed once the running work ends; choose it again then.</source>
        <translation>“{method}”将在当前任务结束后计算；届时请重新选择。</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <source>Could not compute the comparison: {reason}</source>
        <translation>无法计算对比结果：{reason}</translation>
    </message>
    <message>
        <source>Saved {name} in {folder}.</source>
        <translation>已将 {name} 保存到 {folder}。</translation>
    </message>
    <message>
        <source>Could not save: {reason}</source>
        <translation>无法保存：{reason}</translation>
    </message>
</context>
<context>
    <name>CrashDialog</name>
    <message>
        <source>AKNet Studio: something went wrong</source>
        <translation>AKNet Studio：出现了问题</translation>
    </message>
    <message>
        <source>An unexpected error happened. AKNet Studio keeps running, and your photos are untouched, but what you were doing may not have finished. If it happens again, please copy this report and send it with the log to the developers.</source>
        <translation>发生了意外错误。AKNet Studio 仍在运行，您的照片也未受影响，但您刚才进行的操作可能没有完成。如果再次发生，请复制此报告，并连同日志一起发送给开发者。</translation>
    </message>
    <message>
        <source>&amp;Copy report</source>
        <translation>复制报告(&amp;C)</translation>
    </message>
    <message>
        <source>Open &amp;log folder</source>
        <translation>打开日志文件夹(&amp;L)</translation>
    </message>
    <message>
        <source>Error report</source>
        <translation>错误报告</translation>
    </message>
    <message>
        <source>The full report, with the versions and the traceback</source>
        <translation>完整报告，包括版本信息和回溯</translation>
    </message>
    <message>
        <source>Copy report</source>
        <translation>复制报告</translation>
    </message>
    <message>
        <source>Put the whole report on the clipboard</source>
        <translation>将完整报告复制到剪贴板</translation>
    </message>
    <message>
        <source>Open log folder</source>
        <translation>打开日志文件夹</translation>
    </message>
    <message>
        <source>Show the folder of AKNet Studio&apos;s log files</source>
        <translation>显示 AKNet Studio 日志文件所在的文件夹</translation>
    </message>
    <message>
        <source>and {count} more errors (below)</source>
        <translation>以及另外 {count} 个错误（见下方）</translation>
    </message>
</context>
<context>
    <name>EngineChoice</name>
    <message>
        <source>Auto</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>Loading the model…</source>
        <translation>正在加载模型…</translation>
    </message>
    <message>
        <source>This checkpoint says it was trained for {trained}, not {task}.</source>
        <translation>此检查点声明其训练任务为“{trained}”，而不是“{task}”。</translation>
    </message>
</context>
<context>
    <name>EnginePanel</name>
    <message>
        <source>Restoration</source>
        <translation>修复</translation>
    </message>
    <message>
        <source>Auto</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>float16 on a GPU; on a CPU bfloat16 only where it has bfloat16 units and bfloat16 stays faithful to float32 on these weights (measured once), else float32</source>
        <translation>GPU 上用 float16；CPU 上仅当其有 bfloat16 运算单元且 bfloat16 在这些权重上与 float32 结果一致（只测一次）时用 bfloat16，否则用 float32</translation>
    </message>
    <message>
        <source>full precision: the reference results</source>
        <translation>完整精度：参考结果</translation>
    </message>
    <message>
        <source>faster on CPUs with AVX-512 BF16 or AMX; results differ slightly from float32</source>
        <translation>在支持 AVX-512 BF16 或 AMX 的 CPU 上更快；结果与 float32 略有差异</translation>
    </message>
    <message>
        <source>for GPUs; redone in float32 where it overflows</source>
        <translation>用于 GPU；溢出之处改用 float32 重算</translation>
    </message>
    <message>
        <source>&amp;Task:</source>
        <translation>任务(&amp;T)：</translation>
    </message>
    <message>
        <source>Mo&amp;del:</source>
        <translation>模型(&amp;D)：</translation>
    </message>
    <message>
        <source>D&amp;evice:</source>
        <translation>设备(&amp;E)：</translation>
    </message>
    <message>
        <source>&amp;Precision:</source>
        <translation>精度(&amp;P)：</translation>
    </message>
    <message>
        <source>Load checkpoint…</source>
        <translation>加载检查点…</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>What to restore: haze, snow, defocus blur (Alt+T)</source>
        <translation>要修复的问题：雾、雪、失焦模糊（Alt+T）</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>The weights the task runs with, or load a checkpoint (Alt+D)</source>
        <translation>任务所用的权重，或加载一个检查点（Alt+D）</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Where the model runs: automatic, a GPU or the CPU (Alt+E)</source>
        <translation>模型运行的位置：自动、某个 GPU 或 CPU（Alt+E）</translation>
    </message>
    <message>
        <source>Precision</source>
        <translation>精度</translation>
    </message>
    <message>
        <source>The arithmetic the model runs in: automatic, float32, bfloat16 or float16 (Alt+P)</source>
        <translation>模型运算所用的数值精度：自动、float32、bfloat16 或 float16（Alt+P）</translation>
    </message>
    <message>
        <source>Model state</source>
        <translation>模型状态</translation>
    </message>
    <message>
        <source>Whether the model is ready, loading, or why it cannot run</source>
        <translation>模型是否就绪、正在加载，或无法运行的原因</translation>
    </message>
    <message>
        <source>Load checkpoint</source>
        <translation>加载检查点</translation>
    </message>
    <message>
        <source>Choose a weights file for this task (Ctrl+L)</source>
        <translation>为此任务选择一个权重文件（Ctrl+L）</translation>
    </message>
    <message>
        <source>Ready — running on {device}</source>
        <translation>就绪 — 运行于 {device}</translation>
    </message>
    <message>
        <source>Loading the model…</source>
        <translation>正在加载模型…</translation>
    </message>
    <message>
        <source>No weights needed</source>
        <translation>无需权重</translation>
    </message>
    <message>
        <source>Bundled weights</source>
        <translation>内置权重</translation>
    </message>
    <message>
        <source>Bundled weights (none yet)</source>
        <translation>内置权重（暂无）</translation>
    </message>
    <message>
        <source>Installed: {path}</source>
        <translation>已安装：{path}</translation>
    </message>
    <message>
        <source>No weights</source>
        <translation>无权重</translation>
    </message>
    <message>
        <source>{device} (not found)</source>
        <translation>{device}（未找到）</translation>
    </message>
</context>
<context>
    <name>FileDialogs</name>
    <message>
        <source>Images ({patterns})</source>
        <translation>图像 ({patterns})</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>所有文件 (*)</translation>
    </message>
    <message>
        <source>Open photos</source>
        <translation>打开照片</translation>
    </message>
    <message>
        <source>Open a folder of photos</source>
        <translation>打开照片文件夹</translation>
    </message>
    <message>
        <source>AKNet checkpoints ({patterns})</source>
        <translation>AKNet 检查点 ({patterns})</translation>
    </message>
    <message>
        <source>Load an AKNet checkpoint</source>
        <translation>加载 AKNet 检查点</translation>
    </message>
    <message>
        <source>Replace?</source>
        <translation>是否替换？</translation>
    </message>
    <message>
        <source>{name} already exists in {folder}. Replace it?</source>
        <translation>{folder} 中已存在 {name}。要替换它吗？</translation>
    </message>
    <message>
        <source>TIFF, 16-bit</source>
        <translation>TIFF，16 位</translation>
    </message>
    <message>
        <source>Save the restored photo</source>
        <translation>保存修复后的照片</translation>
    </message>
    <message>
        <source>That is the original photo; originals are never replaced.</source>
        <translation>这是原图；原图永远不会被替换。</translation>
    </message>
    <message>
        <source>Results are written at the current strength ({percent}%).</source>
        <translation>结果以当前强度（{percent}%）写入。</translation>
    </message>
    <message>
        <source>Export all restored photos</source>
        <translation>导出所有修复后的照片</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Save (Ctrl+S) uses these; Save as… asks for a name each time. Originals are never replaced.</source>
        <translation>“保存”（Ctrl+S）使用这些设置；“另存为…”每次都会询问文件名。原图永远不会被替换。</translation>
    </message>
    <message>
        <source>Output options</source>
        <translation>输出选项</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>确定</translation>
    </message>
</context>
<context>
    <name>FinishAlert</name>
    <message>
        <source>Batch finished</source>
        <translation>批量处理已完成</translation>
    </message>
    <message>
        <source>Restoring finished</source>
        <translation>修复已完成</translation>
    </message>
    <message>
        <source>Export finished</source>
        <translation>导出已完成</translation>
    </message>
    <message>
        <source>{count} photo done</source>
        <translation>已完成 {count} 张照片</translation>
    </message>
    <message>
        <source>{count} photos done</source>
        <translation>已完成 {count} 张照片</translation>
    </message>
</context>
<context>
    <name>FolderScanner</name>
    <message>
        <source>could not be read ({reason})</source>
        <translation>无法读取（{reason}）</translation>
    </message>
</context>
<context>
    <name>ImageList</name>
    <message>
        <source>{width} × {height} px, {bits}-bit {format}</source>
        <translation>{width} × {height} 像素，{bits} 位 {format}</translation>
    </message>
    <message>
        <source>Failed: {reason}</source>
        <translation>失败：{reason}</translation>
    </message>
    <message>
        <source>Saved as {file}</source>
        <translation>已保存为 {file}</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>修复</translation>
    </message>
    <message>
        <source>Remove from the list</source>
        <translation>从列表中移除</translation>
    </message>
</context>
<context>
    <name>ImageLoader</name>
    <message>
        <source>cannot read this file ({reason})</source>
        <translation>无法读取此文件（{reason}）</translation>
    </message>
    <message>
        <source>cannot show this image ({reason})</source>
        <translation>无法显示此图像（{reason}）</translation>
    </message>
</context>
<context>
    <name>Language</name>
    <message>
        <source>System default</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>The new language applies when you restart AKNet Studio.</source>
        <translation>新语言将在重新启动 AKNet Studio 后生效。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Restore</source>
        <translation>修复</translation>
    </message>
    <message>
        <source>Restore all</source>
        <translation>全部修复</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Photos</source>
        <translation>照片</translation>
    </message>
    <message>
        <source>The opened photos and their status; arrow keys choose the one shown, Delete removes it.</source>
        <translation>已打开的照片及其状态；方向键选择要显示的照片，Delete 键将其移除。</translation>
    </message>
    <message>
        <source>Restore the shown photo (Ctrl+R)</source>
        <translation>修复当前显示的照片（Ctrl+R）</translation>
    </message>
    <message>
        <source>Restore every photo in the list</source>
        <translation>修复列表中的所有照片</translation>
    </message>
    <message>
        <source>Stop restoring (Esc)</source>
        <translation>停止修复（Esc）</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>进度</translation>
    </message>
    <message>
        <source>Progress details</source>
        <translation>进度详情</translation>
    </message>
    <message>
        <source>Photo size</source>
        <translation>照片尺寸</translation>
    </message>
    <message>
        <source>Restoration time</source>
        <translation>修复用时</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Zoom</source>
        <translation>缩放</translation>
    </message>
    <message>
        <source>Main toolbar</source>
        <translation>主工具栏</translation>
    </message>
    <message>
        <source>View toolbar</source>
        <translation>视图工具栏</translation>
    </message>
    <message>
        <source>Photos and comparison</source>
        <translation>照片与对比</translation>
    </message>
    <message>
        <source>Zoom {percent}%</source>
        <translation>缩放 {percent}%</translation>
    </message>
    <message>
        <source>{width} × {height} px · {bits}-bit {format}</source>
        <translation>{width} × {height} 像素 · {bits} 位 {format}</translation>
    </message>
    <message>
        <source>Restored in {seconds} s on {device}</source>
        <translation>在 {device} 上用时 {seconds} 秒完成修复</translation>
    </message>
    <message>
        <source>Restored in {seconds} s</source>
        <translation>用时 {seconds} 秒完成修复</translation>
    </message>
    <message>
        <source>Stop and quit?</source>
        <translation>停止并退出？</translation>
    </message>
    <message>
        <source>Images are still being restored. Stop and quit? Finished files are kept.</source>
        <translation>仍有图像正在修复。要停止并退出吗？已完成的文件会保留。</translation>
    </message>
</context>
<context>
    <name>ModelInstaller</name>
    <message>
        <source>Install models</source>
        <translation>安装模型</translation>
    </message>
    <message>
        <source>Checking {file}…</source>
        <translation>正在检查 {file}…</translation>
    </message>
    <message>
        <source>every task</source>
        <translation>所有任务</translation>
    </message>
    <message>
        <source>{file} is already installed for {task}.</source>
        <translation>{file} 已为“{task}”安装。</translation>
    </message>
    <message>
        <source>Installed {file} for {task} in {folder}.</source>
        <translation>已将 {file} 为“{task}”安装到 {folder}。</translation>
    </message>
    <message>
        <source>{file} was not installed (nothing was copied): {reason}</source>
        <translation>{file} 未安装（未复制任何文件）：{reason}</translation>
    </message>
</context>
<context>
    <name>ModelManagerDialog</name>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>Architecture</source>
        <translation>网络结构</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>参数量</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Model manager</source>
        <translation>模型管理器</translation>
    </message>
    <message>
        <source>Installed models live in &lt;b&gt;{folder}&lt;/b&gt;</source>
        <translation>已安装的模型位于 &lt;b&gt;{folder}&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&amp;Open folder</source>
        <translation>打开文件夹(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Install model…</source>
        <translation>安装模型(&amp;I)…</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>移除(&amp;R)</translation>
    </message>
    <message>
        <source>Open folder</source>
        <translation>打开文件夹</translation>
    </message>
    <message>
        <source>Show the models folder in the file manager</source>
        <translation>在文件管理器中显示模型文件夹</translation>
    </message>
    <message>
        <source>Models</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Every bundled and installed model with its task, architecture, size, training and source</source>
        <translation>所有内置和已安装的模型，及其任务、网络结构、大小、训练情况和来源</translation>
    </message>
    <message>
        <source>Install model</source>
        <translation>安装模型</translation>
    </message>
    <message>
        <source>Check a checkpoint and copy it here</source>
        <translation>检查一个检查点并将其复制到此处</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Delete the selected installed model</source>
        <translation>删除所选的已安装模型</translation>
    </message>
    <message>
        <source>{architecture} (preset {preset})</source>
        <translation>{architecture}（预设 {preset}）</translation>
    </message>
    <message>
        <source>{source}, published format</source>
        <translation>{source}，官方发布格式</translation>
    </message>
    <message>
        <source>not recorded in the file</source>
        <translation>文件中未记录</translation>
    </message>
    <message>
        <source>{bundled} bundled, {installed} installed. Drop a .pkl, .pth or .safetensors file on the main window to install it.</source>
        <translation>内置 {bundled} 个，已安装 {installed} 个。将 .pkl、.pth 或 .safetensors 文件拖放到主窗口即可安装。</translation>
    </message>
    <message>
        <source>Delete {path} from the models folder?</source>
        <translation>要从模型文件夹中删除 {path} 吗？</translation>
    </message>
    <message>
        <source>Remove model?</source>
        <translation>移除模型？</translation>
    </message>
    <message>
        <source>Could not remove the model</source>
        <translation>无法移除模型</translation>
    </message>
    <message>
        <source>Bundled models cannot be removed.</source>
        <translation>内置模型无法移除。</translation>
    </message>
    <message>
        <source>Reading the models…</source>
        <translation>正在读取模型…</translation>
    </message>
</context>
<context>
    <name>NoticeBar</name>
    <message>
        <source>Dismiss</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Dismiss the message</source>
        <translation>关闭此消息</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>消息</translation>
    </message>
    <message>
        <source>Message action</source>
        <translation>消息操作</translation>
    </message>
    <message>
        <source>Message bar</source>
        <translation>消息栏</translation>
    </message>
    <message>
        <source>Errors and notices about the work; Tab reaches its buttons.</source>
        <translation>有关处理过程的错误和提示；按 Tab 键可到达其按钮。</translation>
    </message>
</context>
<context>
    <name>OutputOptions</name>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Choose the folder: {what}</source>
        <translation>选择文件夹：{what}</translation>
    </message>
</context>
<context>
    <name>OutputOptionsWidget</name>
    <message>
        <source>Same as the original</source>
        <translation>与原图相同</translation>
    </message>
    <message>
        <source>TIFF, 16-bit</source>
        <translation>TIFF，16 位</translation>
    </message>
    <message>
        <source>a folder</source>
        <translation>一个文件夹</translation>
    </message>
    <message>
        <source>beside each original</source>
        <translation>与各原图放在一起</translation>
    </message>
    <message>
        <source>File names</source>
        <translation>文件名</translation>
    </message>
    <message>
        <source>File &amp;names:</source>
        <translation>文件名(&amp;N)：</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>格式</translation>
    </message>
    <message>
        <source>The file type restored photos are written as (Alt+R)</source>
        <translation>修复后照片的文件类型（Alt+R）</translation>
    </message>
    <message>
        <source>Fo&amp;rmat:</source>
        <translation>格式(&amp;R)：</translation>
    </message>
    <message>
        <source>Example file name</source>
        <translation>示例文件名</translation>
    </message>
    <message>
        <source>S&amp;kip images whose output already exists</source>
        <translation>跳过输出文件已存在的图像(&amp;K)</translation>
    </message>
    <message>
        <source>Output folder</source>
        <translation>输出文件夹</translation>
    </message>
    <message>
        <source>Where restored files are written (Alt+F)</source>
        <translation>修复后文件的写入位置（Alt+F）</translation>
    </message>
    <message>
        <source>Output &amp;folder:</source>
        <translation>输出文件夹(&amp;F)：</translation>
    </message>
    <message>
        <source>Fields: {fields}</source>
        <translation>可用字段：{fields}</translation>
    </message>
    <message>
        <source>JPEG and WebP quality (PNG and TIFF are lossless)</source>
        <translation>JPEG 和 WebP 的质量（PNG 和 TIFF 无损）</translation>
    </message>
    <message>
        <source>Quality</source>
        <translation>质量</translation>
    </message>
    <message>
        <source>&amp;Quality:</source>
        <translation>质量(&amp;Q)：</translation>
    </message>
    <message>
        <source>Strip &amp;metadata (camera, place, time; colours are kept)</source>
        <translation>移除元数据（相机、地点、时间；保留颜色）(&amp;M)</translation>
    </message>
    <message>
        <source>Leave out EXIF, XMP, IPTC and the provenance note, e.g. before sharing a photo. The colour profile (ICC) and the resolution stay.</source>
        <translation>不写入 EXIF、XMP、IPTC 和来源说明，例如在分享照片之前。颜色配置文件（ICC）和分辨率保留。</translation>
    </message>
    <message>
        <source>Strip metadata</source>
        <translation>移除元数据</translation>
    </message>
    <message>
        <source>Choose an output folder.</source>
        <translation>请选择一个输出文件夹。</translation>
    </message>
    <message>
        <source>{folder} is a file, not a folder.</source>
        <translation>{folder} 是一个文件，而不是文件夹。</translation>
    </message>
    <message>
        <source>e.g. {name} → {example}</source>
        <translation>例如 {name} → {example}</translation>
    </message>
</context>
<context>
    <name>RestoreWorker</name>
    <message>
        <source>no model is loaded</source>
        <translation>尚未加载模型</translation>
    </message>
    <message>
        <source>Could not list GPUs ({reason}); the CPU is available.</source>
        <translation>无法列出 GPU（{reason}）；可以使用 CPU。</translation>
    </message>
    <message>
        <source>{file} could not be read as AKNet weights ({kind}: {detail}). Choose an AKNet checkpoint (.pkl, .pth or .safetensors).</source>
        <translation>无法将 {file} 读取为 AKNet 权重（{kind}：{detail}）。请选择一个 AKNet 检查点（.pkl、.pth 或 .safetensors）。</translation>
    </message>
    <message>
        <source>The model could not be loaded. {reason}</source>
        <translation>无法加载模型。{reason}</translation>
    </message>
    <message>
        <source>{file}: {note}.</source>
        <translation>{file}：{note}。</translation>
    </message>
    <message>
        <source>No model is loaded. Choose a task with weights, or load a checkpoint.</source>
        <translation>尚未加载模型。请选择一个有权重的任务，或加载一个检查点。</translation>
    </message>
    <message>
        <source>Reading</source>
        <translation>正在读取</translation>
    </message>
    <message>
        <source>The batch could not run on {devices}: {reason}</source>
        <translation>批量处理无法在 {devices} 上运行：{reason}</translation>
    </message>
    <message>
        <source>{file} changed on disk since it was restored; restore it again.</source>
        <translation>{file} 在修复后已在磁盘上被更改；请重新修复。</translation>
    </message>
</context>
<context>
    <name>Run</name>
    <message>
        <source>Restoring</source>
        <translation>正在修复</translation>
    </message>
    <message>
        <source>Batch</source>
        <translation>批量处理</translation>
    </message>
    <message>
        <source>Saving</source>
        <translation>正在保存</translation>
    </message>
    <message>
        <source>Exporting</source>
        <translation>正在导出</translation>
    </message>
    <message>
        <source>Comparing</source>
        <translation>正在比较</translation>
    </message>
    <message>
        <source>{count} skipped</source>
        <translation>跳过 {count} 张</translation>
    </message>
    <message>
        <source>{count} failed</source>
        <translation>失败 {count} 张</translation>
    </message>
    <message>
        <source>{count} cancelled</source>
        <translation>取消 {count} 张</translation>
    </message>
    <message>
        <source>{count} restored</source>
        <translation>已修复 {count} 张</translation>
    </message>
    <message>
        <source>{counts}.</source>
        <translation>{counts}。</translation>
    </message>
    <message>
        <source>, </source>
        <translation>，</translation>
    </message>
    <message>
        <source>Cancelled. {summary}</source>
        <translation>已取消。{summary}</translation>
    </message>
    <message>
        <source>  FAILED {file}: {reason}</source>
        <translation>  失败 {file}：{reason}</translation>
    </message>
    <message>
        <source>  SKIPPED {file}: {reason}</source>
        <translation>  跳过 {file}：{reason}</translation>
    </message>
    <message>
        <source>… and {count} more.</source>
        <translation>… 以及另外 {count} 项。</translation>
    </message>
    <message>
        <source>{status} · {seconds} s</source>
        <translation>{status} · {seconds} 秒</translation>
    </message>
    <message>
        <source>{status}: {reason}</source>
        <translation>{status}：{reason}</translation>
    </message>
    <message>
        <source>{verb} {position} of {total}</source>
        <translation>{verb} 第 {position} 张，共 {total} 张</translation>
    </message>
    <message>
        <source>looking for photos…</source>
        <translation>正在查找照片…</translation>
    </message>
    <message>
        <source>{time} left</source>
        <translation>剩余 {time}</translation>
    </message>
    <message>
        <source>h</source>
        <translation>小时</translation>
    </message>
    <message>
        <source>min</source>
        <translation>分</translation>
    </message>
    <message>
        <source>s</source>
        <translation>秒</translation>
    </message>
</context>
<context>
    <name>Session</name>
    <message>
        <source>Skipped {file}: {reason}.</source>
        <translation>已跳过 {file}：{reason}。</translation>
    </message>
</context>
<context>
    <name>Settings</name>
    <message>
        <source>The settings file {path} was damaged and could not be read: every setting (window, folders, task, device, output options) was reset to its default. A copy of it is kept as {copy}.</source>
        <translation>设置文件 {path} 已损坏，无法读取：所有设置（窗口、文件夹、任务、设备、输出选项）均已恢复为默认值。其副本保存为 {copy}。</translation>
    </message>
    <message>
        <source>The settings file {path} was damaged and could not be read: every setting (window, folders, task, device, output options) was reset to its default.</source>
        <translation>设置文件 {path} 已损坏，无法读取：所有设置（窗口、文件夹、任务、设备、输出选项）均已恢复为默认值。</translation>
    </message>
    <message>
        <source>Settings will not be saved: {path} cannot be written (check that its folder exists and that you may write there). AKNet Studio works as usual, but forgets this session&apos;s choices when it closes.</source>
        <translation>设置将不会被保存：无法写入 {path}（请检查其所在文件夹是否存在，以及您是否有写入权限）。AKNet Studio 照常工作，但关闭时会忘记本次会话中的选择。</translation>
    </message>
</context>
<context>
    <name>Status</name>
    <message>
        <source>Not restored</source>
        <translation>未修复</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>等待中</translation>
    </message>
    <message>
        <source>Working…</source>
        <translation>处理中…</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>Skipped</source>
        <translation>已跳过</translation>
    </message>
</context>
<context>
    <name>SupportActions</name>
    <message>
        <source>Open &amp;log folder</source>
        <translation>打开日志文件夹(&amp;L)</translation>
    </message>
    <message>
        <source>Show the folder of AKNet Studio&apos;s log files (attach them to a bug report)</source>
        <translation>显示 AKNet Studio 日志文件所在的文件夹（可附加到错误报告中）</translation>
    </message>
    <message>
        <source>Copy &amp;system info</source>
        <translation>复制系统信息(&amp;S)</translation>
    </message>
    <message>
        <source>Copy the app, OS, PyTorch, GPU, CPU and model versions, for a bug report or a question</source>
        <translation>复制本程序、操作系统、PyTorch、GPU、CPU 和模型的版本信息，用于错误报告或提问</translation>
    </message>
    <message>
        <source>The system info could not be gathered: {error}</source>
        <translation>无法收集系统信息：{error}</translation>
    </message>
    <message>
        <source>System info copied to the clipboard: paste it into your bug report or question.</source>
        <translation>系统信息已复制到剪贴板：请将其粘贴到您的错误报告或问题中。</translation>
    </message>
</context>
<context>
    <name>Theme</name>
    <message>
        <source>Follow the system</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>浅色</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>深色</translation>
    </message>
</context>
<context>
    <name>WindowActions</name>
    <message>
        <source>&amp;Open photos…</source>
        <translation>打开照片(&amp;O)…</translation>
    </message>
    <message>
        <source>Open one or more photos</source>
        <translation>打开一张或多张照片</translation>
    </message>
    <message>
        <source>Open &amp;folder…</source>
        <translation>打开文件夹(&amp;F)…</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>Save the result with the output naming</source>
        <translation>按输出命名规则保存结果</translation>
    </message>
    <message>
        <source>Save &amp;as…</source>
        <translation>另存为(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Export all…</source>
        <translation>全部导出(&amp;E)…</translation>
    </message>
    <message>
        <source>Export &amp;comparison…</source>
        <translation>导出对比图(&amp;C)…</translation>
    </message>
    <message>
        <source>Write a before/after picture to share</source>
        <translation>生成一张可分享的前后对比图</translation>
    </message>
    <message>
        <source>Output &amp;options…</source>
        <translation>输出选项(&amp;P)…</translation>
    </message>
    <message>
        <source>&amp;Batch folder…</source>
        <translation>批量处理文件夹(&amp;B)…</translation>
    </message>
    <message>
        <source>Restore a whole folder to files</source>
        <translation>将整个文件夹修复并写入文件</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Copy result</source>
        <translation>复制结果(&amp;C)</translation>
    </message>
    <message>
        <source>Copy the shown result</source>
        <translation>复制显示的结果</translation>
    </message>
    <message>
        <source>&amp;Paste</source>
        <translation>粘贴(&amp;P)</translation>
    </message>
    <message>
        <source>Open a copied image or image files</source>
        <translation>打开复制的图像或图像文件</translation>
    </message>
    <message>
        <source>&amp;Restore</source>
        <translation>修复(&amp;R)</translation>
    </message>
    <message>
        <source>Restore the shown photo</source>
        <translation>修复当前显示的照片</translation>
    </message>
    <message>
        <source>Restore &amp;all</source>
        <translation>全部修复(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation>取消(&amp;C)</translation>
    </message>
    <message>
        <source>Stop (within a second)</source>
        <translation>停止（一秒内）</translation>
    </message>
    <message>
        <source>&amp;Load checkpoint…</source>
        <translation>加载检查点(&amp;L)…</translation>
    </message>
    <message>
        <source>&amp;Install model…</source>
        <translation>安装模型(&amp;I)…</translation>
    </message>
    <message>
        <source>Check a checkpoint and copy it into your models folder</source>
        <translation>检查一个检查点并将其复制到您的模型文件夹</translation>
    </message>
    <message>
        <source>Model &amp;manager…</source>
        <translation>模型管理器(&amp;M)…</translation>
    </message>
    <message>
        <source>&amp;Fit</source>
        <translation>适合窗口(&amp;F)</translation>
    </message>
    <message>
        <source>Fit the photo in the window</source>
        <translation>使照片适合窗口大小</translation>
    </message>
    <message>
        <source>&amp;100%</source>
        <translation>&amp;100%</translation>
    </message>
    <message>
        <source>One photo pixel per screen pixel</source>
        <translation>每个照片像素对应一个屏幕像素</translation>
    </message>
    <message>
        <source>Zoom &amp;in</source>
        <translation>放大(&amp;I)</translation>
    </message>
    <message>
        <source>Zoom &amp;out</source>
        <translation>缩小(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;About AKNet Studio</source>
        <translation>关于 AKNet Studio(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>键盘快捷键(&amp;K)</translation>
    </message>
    <message>
        <source>&amp;Remove from the list</source>
        <translation>从列表中移除(&amp;R)</translation>
    </message>
    <message>
        <source>Less strength</source>
        <translation>降低强度</translation>
    </message>
    <message>
        <source>More strength</source>
        <translation>提高强度</translation>
    </message>
    <message>
        <source>Main</source>
        <translation>主工具栏</translation>
    </message>
    <message>
        <source>View</source>
        <translation>视图</translation>
    </message>
    <message>
        <source>Original</source>
        <translation>原图</translation>
    </message>
    <message>
        <source>Hold to see the original (or hold \, or the right mouse button)</source>
        <translation>按住查看原图（或按住 \ 键或鼠标右键）</translation>
    </message>
    <message>
        <source>Strength</source>
        <translation>强度</translation>
    </message>
    <message>
        <source>Blend the result with the original; saved files use this strength ([ and ])</source>
        <translation>将结果与原图混合；保存的文件使用此强度（[ 和 ]）</translation>
    </message>
    <message>
        <source>Show the original</source>
        <translation>显示原图</translation>
    </message>
    <message>
        <source>Strength in percent</source>
        <translation>强度百分比</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>Open &amp;recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Model</source>
        <translation>模型(&amp;M)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Theme</source>
        <translation>主题(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>Open a photo first.</source>
        <translation>请先打开一张照片。</translation>
    </message>
    <message>
        <source>No recent photos</source>
        <translation>没有最近打开的照片</translation>
    </message>
    <message>
        <source>Clear the list</source>
        <translation>清空列表</translation>
    </message>
    <message>
        <source>Show the original: hold \ or the right mouse button</source>
        <translation>显示原图：按住 \ 键或鼠标右键</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
</context>
<context>
    <name>core</name>
    <message>
        <source>Dehaze</source>
        <translation>去雾</translation>
    </message>
    <message>
        <source>Desnow</source>
        <translation>去雪</translation>
    </message>
    <message>
        <source>Defocus deblur</source>
        <translation>失焦去模糊</translation>
    </message>
    <message>
        <source>Classic dehaze (no AI)</source>
        <translation>经典去雾（非 AI）</translation>
    </message>
    <message>
        <source>Remove haze and fog with AKNet.</source>
        <translation>使用 AKNet 去除薄雾和雾气。</translation>
    </message>
    <message>
        <source>Remove falling snow with AKNet.</source>
        <translation>使用 AKNet 去除飘落的雪花。</translation>
    </message>
    <message>
        <source>Sharpen out-of-focus photos with AKNet.</source>
        <translation>使用 AKNet 锐化失焦的照片。</translation>
    </message>
    <message>
        <source>Dark channel prior dehazing (He et al.): fast, needs no weights.</source>
        <translation>暗通道先验去雾（He 等人）：速度快，无需权重。</translation>
    </message>
    <message>
        <source>the restored image</source>
        <translation>修复后的图像</translation>
    </message>
    <message>
        <source>a transmission map and the airlight, estimated on a small copy; the haze is then removed from the full-size photo by the scattering model</source>
        <translation>在缩小的副本上估计的透射图和大气光；随后按散射模型去除全尺寸照片中的雾</translation>
    </message>
    <message>
        <source>dark channel prior dehazing (the classic baseline, default parameters)</source>
        <translation>暗通道先验去雾（经典基线方法，默认参数）</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>已取消。</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>output exists</source>
        <translation>输出文件已存在</translation>
    </message>
    <message>
        <source>the batch stopped</source>
        <translation>批量处理已停止</translation>
    </message>
    <message>
        <source>the output would replace the original photo; choose another folder or name</source>
        <translation>输出文件将替换原图；请选择其他文件夹或文件名</translation>
    </message>
    <message>
        <source>The naming template must give a file name (no folders).</source>
        <translation>命名模板必须生成一个文件名（不能包含文件夹）。</translation>
    </message>
    <message>
        <source>There is not enough memory for this image. Close other programs or restore a smaller image.</source>
        <translation>内存不足，无法处理此图像。请关闭其他程序，或修复一张较小的图像。</translation>
    </message>
    <message>
        <source>float16 overflowed (NaN or infinity); redone in float32.</source>
        <translation>float16 溢出（NaN 或无穷大）；已用 float32 重新计算。</translation>
    </message>
    <message>
        <source>The GPU ran out of memory on a photo this large before; restored on the CPU.</source>
        <translation>此前处理这么大的照片时 GPU 显存不足；已改用 CPU 修复。</translation>
    </message>
    <message>
        <source>The GPU ran out of memory on a photo this large before; restored in tiles.</source>
        <translation>此前处理这么大的照片时 GPU 显存不足；已分块修复。</translation>
    </message>
    <message>
        <source>The GPU ran out of memory; restored in tiles.</source>
        <translation>GPU 显存不足；已分块修复。</translation>
    </message>
    <message>
        <source>There was not enough memory for the whole image; restored in tiles.</source>
        <translation>内存不足以处理整张图像；已分块修复。</translation>
    </message>
    <message>
        <source>No CUDA GPU is available (or this build of PyTorch has no CUDA); use --device cpu.</source>
        <translation>没有可用的 CUDA GPU（或此 PyTorch 版本不支持 CUDA）；请使用 --device cpu。</translation>
    </message>
    <message>
        <source>the disk is full. Free some space or choose another folder</source>
        <translation>磁盘已满。请释放一些空间或选择其他文件夹</translation>
    </message>
    <message>
        <source>the disk quota is used up. Free some space or choose another folder</source>
        <translation>磁盘配额已用完。请释放一些空间或选择其他文件夹</translation>
    </message>
    <message>
        <source>permission denied. Choose a folder you can write to</source>
        <translation>权限不足。请选择一个您有写入权限的文件夹</translation>
    </message>
    <message>
        <source>the disk is read-only. Choose another folder</source>
        <translation>磁盘为只读。请选择其他文件夹</translation>
    </message>
    <message>
        <source>This machine has an NVIDIA GPU, but the installed PyTorch is a CPU-only build, so restoring runs on the CPU. To use the GPU, install a CUDA build of PyTorch (the README says how, under &apos;Two commands on a fresh machine&apos;).</source>
        <translation>本机有 NVIDIA GPU，但安装的 PyTorch 是仅支持 CPU 的版本，因此修复在 CPU 上运行。要使用 GPU，请安装支持 CUDA 的 PyTorch 版本（方法见 README 中的“Two commands on a fresh machine”一节）。</translation>
    </message>
    <message>
        <source>The bundled sample photos are missing: reinstall AKNet Studio.</source>
        <translation>缺少内置的示例照片：请重新安装 AKNet Studio。</translation>
    </message>
    <message>
        <source>bundled with the app</source>
        <translation>程序内置</translation>
    </message>
    <message>
        <source>installed</source>
        <translation>已安装</translation>
    </message>
    <message>
        <source>Any task</source>
        <translation>任意任务</translation>
    </message>
    <message>
        <source>No trained weights are bundled for {task} yet ({file} is missing), so it cannot run. Load a checkpoint for this task (--weights FILE, or Model ▸ Load checkpoint… in the app).</source>
        <translation>“{task}”暂无内置的训练权重（缺少 {file}），因此无法运行。请为此任务加载一个检查点（--weights FILE，或在程序中选择 模型 ▸ 加载检查点…）。</translation>
    </message>
    <message>
        <source>{task} needs no weights.</source>
        <translation>“{task}”不需要权重。</translation>
    </message>
    <message>
        <source>Unknown task &apos;{name}&apos;. Choose one of: {names}.</source>
        <translation>未知任务“{name}”。请从以下任务中选择：{names}。</translation>
    </message>
    <message>
        <source>Weights file not found: {path}</source>
        <translation>找不到权重文件：{path}</translation>
    </message>
    <message>
        <source>{file} is not a readable PyTorch checkpoint (the file is damaged).</source>
        <translation>{file} 不是可读取的 PyTorch 检查点（文件已损坏）。</translation>
    </message>
    <message>
        <source>{file} could not be read ({reason}).</source>
        <translation>无法读取 {file}（{reason}）。</translation>
    </message>
    <message>
        <source>Image not found: {path}. Check that the file still exists.</source>
        <translation>找不到图像：{path}。请确认该文件仍然存在。</translation>
    </message>
    <message>
        <source>{path} is a folder, not an image file. Choose an image inside it.</source>
        <translation>{path} 是一个文件夹，而不是图像文件。请选择其中的图像。</translation>
    </message>
    <message>
        <source>Cannot open {path}: permission denied. Check the file&apos;s permissions.</source>
        <translation>无法打开 {path}：权限不足。请检查该文件的权限。</translation>
    </message>
    <message>
        <source>{file} could not be decoded; the file is damaged or incomplete ({reason}). Copy or export it again. ({path})</source>
        <translation>无法解码 {file}；文件已损坏或不完整（{reason}）。请重新复制或导出该文件。（{path}）</translation>
    </message>
    <message>
        <source>Not enough memory to read {path}. Close other programs and try again.</source>
        <translation>内存不足，无法读取 {path}。请关闭其他程序后重试。</translation>
    </message>
    <message>
        <source>Could not save {target}: {reason}. The existing file was left unchanged.</source>
        <translation>无法保存 {target}：{reason}。现有文件未被更改。</translation>
    </message>
    <message>
        <source>Could not save {target}: {reason}. No file was written.</source>
        <translation>无法保存 {target}：{reason}。未写入任何文件。</translation>
    </message>
    <message>
        <source>{target} already exists. Choose another name, or allow overwriting.</source>
        <translation>{target} 已存在。请选择其他名称，或允许覆盖。</translation>
    </message>
    <message>
        <source>{file} already exists; allow overwriting or skip existing files</source>
        <translation>{file} 已存在；请允许覆盖或跳过已存在的文件</translation>
    </message>
    <message>
        <source>The naming template &apos;{template}&apos; is malformed ({reason}).</source>
        <translation>命名模板“{template}”格式错误（{reason}）。</translation>
    </message>
    <message>
        <source>The naming template uses unknown field(s) {fields}; available: {available}.</source>
        <translation>命名模板使用了未知字段 {fields}；可用字段：{available}。</translation>
    </message>
    <message>
        <source>the file holds {frames} frames; only the first was restored</source>
        <translation>该文件包含 {frames} 帧；仅修复了第一帧</translation>
    </message>
    <message>
        <source>the photo after {prior}; the network refines that result</source>
        <translation>经过{prior}处理后的照片；网络在此结果上进一步优化</translation>
    </message>
    <message>
        <source>Unexpected error ({kind}: {detail}). Please report it.</source>
        <translation>意外错误（{kind}：{detail}）。请报告此问题。</translation>
    </message>
    <message>
        <source>There is no GPU cuda:{index}; this machine has {count}.</source>
        <translation>不存在 GPU cuda:{index}；本机共有 {count} 个 GPU。</translation>
    </message>
    <message>
        <source>The GPU cannot be used: this PyTorch is built for CUDA {cuda}, but {reason}. Restoring runs on the CPU (slower). To use the GPU, install or update the NVIDIA driver to one that supports CUDA {cuda}, then restart AKNet Studio.</source>
        <translation>无法使用 GPU：此 PyTorch 是为 CUDA {cuda} 构建的，但 CUDA 无法启动（{reason}）。修复将在 CPU 上运行（较慢）。要使用 GPU，请安装或更新支持 CUDA {cuda} 的 NVIDIA 驱动程序，然后重新启动 AKNet Studio。</translation>
    </message>
    <message>
        <source>The log cannot be written in {folder} ({reason}); it is kept in {fallback} for this session instead. Set {variable} to a folder you may write to, or fix that folder&apos;s permissions.</source>
        <translation>无法在 {folder} 中写入日志（{reason}）；本次会话的日志改为保存在 {fallback}。请将 {variable} 设置为您有写入权限的文件夹，或修正该文件夹的权限。</translation>
    </message>
    <message>
        <source>Unknown precision {name}: choose one of {names}.</source>
        <translation>未知精度 {name}：请从 {names} 中选择。</translation>
    </message>
    <message>
        <source>AKNET_PRECISION={value} is not one of {names}: correct or unset it.</source>
        <translation>AKNET_PRECISION={value} 不是 {names} 之一：请更正或取消设置该变量。</translation>
    </message>
    <message>
        <source>{file} does not hold network weights: expected a state dict or a dict with a &apos;model&apos; entry. Choose an AKNet checkpoint (.pkl, .pth or .safetensors).</source>
        <translation>{file} 不包含网络权重：应为 state dict 或带有 &apos;model&apos; 项的字典。请选择一个 AKNet 检查点（.pkl、.pth 或 .safetensors）。</translation>
    </message>
    <message>
        <source>{file} contains Python objects other than tensors ({found}), which could run code when loaded, so it was refused. Re-save the weights as a plain state dict.</source>
        <translation>{file} 包含张量以外的 Python 对象（{found}），加载时可能执行代码，因此已被拒绝。请将权重重新保存为普通的 state dict。</translation>
    </message>
    <message>
        <source>{file} is not a readable PyTorch checkpoint ({reason}).</source>
        <translation>{file} 不是可读取的 PyTorch 检查点（{reason}）。</translation>
    </message>
    <message>
        <source>{file} is not a readable safetensors file (it is only {count} bytes).</source>
        <translation>{file} 不是可读取的 safetensors 文件（只有 {count} 字节）。</translation>
    </message>
    <message>
        <source>{file} is not a readable safetensors file ({reason}).</source>
        <translation>{file} 不是可读取的 safetensors 文件（{reason}）。</translation>
    </message>
    <message>
        <source>{file} is not an AKNet checkpoint: it has no {tensor} tensor. Choose a file saved from AKNet or AKNet Studio.</source>
        <translation>{file} 不是 AKNet 检查点：其中没有 {tensor} 张量。请选择由 AKNet 或 AKNet Studio 保存的文件。</translation>
    </message>
    <message>
        <source>{file} does not describe a valid AKNet: its first convolution&apos;s weight has no dimensions.</source>
        <translation>{file} 描述的不是有效的 AKNet：其第一个卷积层的权重没有维度。</translation>
    </message>
    <message>
        <source>{file} does not describe a valid AKNet: {reason}.</source>
        <translation>{file} 描述的不是有效的 AKNet：{reason}。</translation>
    </message>
    <message>
        <source>{file} does not fit an AKNet with {channels} base channels, {blocks} blocks per stage and {kernel}×{kernel} kernels.{listing}
Choose a checkpoint made for this network.</source>
        <translation>{file} 与基础通道数为 {channels}、每级 {blocks} 个块、卷积核为 {kernel}×{kernel} 的 AKNet 不匹配。{listing}
请选择为此网络制作的检查点。</translation>
    </message>
    <message>
        <source>{file} has malformed metadata: &apos;config&apos; should describe the network&apos;s sizes, not {kind} {value}. Re-export the weights.</source>
        <translation>{file} 的元数据格式错误：&apos;config&apos; 应描述网络的尺寸，而不是 {kind} {value}。请重新导出权重。</translation>
    </message>
    <message>
        <source>{file} describes an impossible AKNet in its metadata: {reason}.</source>
        <translation>{file} 的元数据描述了一个不可能存在的 AKNet：{reason}。</translation>
    </message>
    <message>
        <source>{file} is {size} MB; AKNet weights are at most {limit} MB (the published network is 18 MB). Choose an AKNet checkpoint.</source>
        <translation>{file} 大小为 {size} MB；AKNet 权重最大为 {limit} MB（官方发布的网络为 18 MB）。请选择一个 AKNet 检查点。</translation>
    </message>
    <message>
        <source>{file} is not a checkpoint file: AKNet models are {suffixes} files.</source>
        <translation>{file} 不是检查点文件：AKNet 模型为 {suffixes} 文件。</translation>
    </message>
    <message>
        <source>{file} does not say which task it was trained for. Say it: one of {tasks} (aknet models install FILE --task TASK, or choose the task in the app before installing).</source>
        <translation>{file} 未注明其训练任务。请指定：{tasks} 之一（aknet models install FILE --task TASK，或在安装前先在程序中选择任务）。</translation>
    </message>
    <message>
        <source>{task} runs no network; install the model for one of: {tasks}.</source>
        <translation>“{task}”不使用网络；请为以下任务之一安装模型：{tasks}。</translation>
    </message>
    <message>
        <source>{file} says it was trained for {trained}, not {task}. Install it for {name}.</source>
        <translation>{file} 声明其训练任务为“{trained}”，而不是“{task}”。请将其安装到 {name}。</translation>
    </message>
    <message>
        <source>Could not copy {file} into {folder} ({reason}). Check that the folder can be written (or set {variable} to another folder).</source>
        <translation>无法将 {file} 复制到 {folder}（{reason}）。请检查该文件夹是否可写入（或将 {variable} 设置为其他文件夹）。</translation>
    </message>
    <message>
        <source>{name} is bundled with the app and cannot be removed.</source>
        <translation>{name} 是程序内置的，无法移除。</translation>
    </message>
    <message>
        <source>{path} is not in the models folder ({folder}); only installed models are removed.</source>
        <translation>{path} 不在模型文件夹（{folder}）中；只能移除已安装的模型。</translation>
    </message>
    <message>
        <source>{name} was already removed.</source>
        <translation>{name} 已被移除。</translation>
    </message>
    <message>
        <source>Could not remove {path} ({reason}).</source>
        <translation>无法移除 {path}（{reason}）。</translation>
    </message>
    <message>
        <source>AKNet {channels} ch, {blocks} blocks, {kernel}×{kernel}, {output} output</source>
        <translation>AKNet {channels} 通道，{blocks} 个块，{kernel}×{kernel}，输出 {output}</translation>
    </message>
    <message>
        <source>AKNet {channels} ch, {blocks} blocks, {kernel}×{kernel}</source>
        <translation>AKNet {channels} 通道，{blocks} 个块，{kernel}×{kernel}</translation>
    </message>
    <message>
        <source>The restored image is {width}×{height} but the original is {original_width}×{original_height}; compare a photo with its own restoration.</source>
        <translation>修复后的图像为 {width}×{height}，而原图为 {original_width}×{original_height}；请将照片与其自身的修复结果对比。</translation>
    </message>
</context>
</TS>
