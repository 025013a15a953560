<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de">
<context>
    <name>ABCompare</name>
    <message>
        <source>Original</source>
        <translation>Original</translation>
    </message>
    <message>
        <source>{method} (compute)</source>
        <translation>{method} (berechnen)</translation>
    </message>
    <message>
        <source>This result at {percent}%</source>
        <translation>Dieses Ergebnis bei {percent} %</translation>
    </message>
    <message>
        <source>Result at {percent}%</source>
        <translation>Ergebnis bei {percent} %</translation>
    </message>
</context>
<context>
    <name>AboutDialog</name>
    <message>
        <source>Provenance</source>
        <translation>Herkunft</translation>
    </message>
    <message>
        <source>Validation</source>
        <translation>Validierung</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>Training</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>Daten</translation>
    </message>
    <message>
        <source>History</source>
        <translation>Verlauf</translation>
    </message>
    <message>
        <source>License</source>
        <translation>Lizenz</translation>
    </message>
    <message>
        <source>Paper</source>
        <translation>Publikation</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>Referenz</translation>
    </message>
    <message>
        <source>not installed</source>
        <translation>nicht installiert</translation>
    </message>
    <message>
        <source>No model is loaded.</source>
        <translation>Es ist kein Modell geladen.</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>Aufgabe</translation>
    </message>
    <message>
        <source>not stated in the weights</source>
        <translation>in den Gewichten nicht angegeben</translation>
    </message>
    <message>
        <source>Weights</source>
        <translation>Gewichte</translation>
    </message>
    <message>
        <source>none (a classic method)</source>
        <translation>keine (klassisches Verfahren)</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>Format</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>Parameter</translation>
    </message>
    <message>
        <source>Input</source>
        <translation>Eingabe</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>Ausgabe</translation>
    </message>
    <message>
        <source>Running on</source>
        <translation>Läuft auf</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>Architecture</source>
        <translation>Architektur</translation>
    </message>
    <message>
        <source>Restores hazy, snowy and out-of-focus photos with AKNet (an aligned-kernel restoration network), on the GPU or the CPU. Originals are never changed.</source>
        <translation>Restauriert dunstige, verschneite und unscharfe Fotos mit AKNet (einem Restaurierungsnetz mit ausgerichteten Kernen), auf der GPU oder der CPU. Originale werden nie verändert.</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>About AKNet Studio</source>
        <translation>Über AKNet Studio</translation>
    </message>
    <message>
        <source>The app, its libraries and the loaded model</source>
        <translation>Die App, ihre Bibliotheken und das geladene Modell</translation>
    </message>
</context>
<context>
    <name>BatchDialog</name>
    <message>
        <source>Batch restore</source>
        <translation>Stapelverarbeitung</translation>
    </message>
    <message>
        <source>Photos to restore</source>
        <translation>Zu restaurierende Fotos</translation>
    </message>
    <message>
        <source>Input folder</source>
        <translation>Eingabeordner</translation>
    </message>
    <message>
        <source>Restored files</source>
        <translation>Restaurierte Dateien</translation>
    </message>
    <message>
        <source>Devices</source>
        <translation>Geräte</translation>
    </message>
    <message>
        <source>The device chosen in the window</source>
        <translation>Das im Fenster gewählte Gerät</translation>
    </message>
    <message>
        <source>All GPUs ({count}: {names})</source>
        <translation>Alle GPUs ({count}: {names})</translation>
    </message>
    <message>
        <source>All GPUs: one process per GPU, each taking the next photo as it finishes one.</source>
        <translation>Alle GPUs: ein Prozess je GPU; jeder nimmt sich das nächste Foto, sobald er eines fertig hat.</translation>
    </message>
    <message>
        <source>The folder whose photos are restored (Alt+I)</source>
        <translation>Der Ordner, dessen Fotos restauriert werden (Alt+E)</translation>
    </message>
    <message>
        <source>&amp;Input folder:</source>
        <translation>&amp;Eingabeordner:</translation>
    </message>
    <message>
        <source>Include &amp;subfolders (their structure is kept in the output)</source>
        <translation>&amp;Unterordner einbeziehen (ihre Struktur bleibt in der Ausgabe erhalten)</translation>
    </message>
    <message>
        <source>Run on</source>
        <translation>Ausführen mit</translation>
    </message>
    <message>
        <source>Run &amp;on:</source>
        <translation>Ausführen &amp;mit:</translation>
    </message>
    <message>
        <source>Task: &lt;b&gt;{task}&lt;/b&gt; at strength &lt;b&gt;{strength}%&lt;/b&gt;. Originals are never changed; a file that fails is reported and the batch goes on. Photos dropped on the window while the batch runs join it.</source>
        <translation>Aufgabe: &lt;b&gt;{task}&lt;/b&gt; mit Stärke &lt;b&gt;{strength} %&lt;/b&gt;. Originale werden nie verändert; eine Datei, die fehlschlägt, wird gemeldet und der Stapel läuft weiter. Fotos, die während der Verarbeitung auf das Fenster gezogen werden, kommen hinzu.</translation>
    </message>
    <message>
        <source>Start batch</source>
        <translation>Stapel starten</translation>
    </message>
    <message>
        <source>Restore every photo of the input folder (Enter)</source>
        <translation>Alle Fotos des Eingabeordners restaurieren (Eingabetaste)</translation>
    </message>
    <message>
        <source>Photos found</source>
        <translation>Gefundene Fotos</translation>
    </message>
    <message>
        <source>What the batch does</source>
        <translation>Was der Stapel tut</translation>
    </message>
    <message>
        <source>Looking for photos…</source>
        <translation>Fotos werden gesucht …</translation>
    </message>
    <message>
        <source>{count} image(s) found.</source>
        <translation>{count} Bild(er) gefunden.</translation>
    </message>
    <message>
        <source>Choose a folder of photos.</source>
        <translation>Wählen Sie einen Ordner mit Fotos.</translation>
    </message>
    <message>
        <source>There are no images in this folder.</source>
        <translation>In diesem Ordner sind keine Bilder.</translation>
    </message>
</context>
<context>
    <name>Clipboard</name>
    <message>
        <source>the result</source>
        <translation>das Ergebnis</translation>
    </message>
    <message>
        <source>Copied the result of {name} ({width} × {height}).</source>
        <translation>Ergebnis von {name} kopiert ({width} × {height}).</translation>
    </message>
    <message>
        <source>The clipboard holds no image or image files to paste.</source>
        <translation>Die Zwischenablage enthält kein Bild und keine Bilddateien zum Einfügen.</translation>
    </message>
    <message>
        <source>Could not keep the pasted image: {reason}</source>
        <translation>Das eingefügte Bild konnte nicht gespeichert werden: {reason}</translation>
    </message>
</context>
<context>
    <name>CompareView</name>
    <message>
        <source>Side by side</source>
        <translation>Nebeneinander</translation>
    </message>
    <message>
        <source>Split</source>
        <translation>Geteilt</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <source>Restored</source>
        <translation>Restauriert</translation>
    </message>
    <message>
        <source>Ctrl+plus and Ctrl+minus zoom, Ctrl+0 fits, Ctrl+1 shows 100%, arrow keys pan</source>
        <translation>Strg+Plus und Strg+Minus zoomen, Strg+0 passt ein, Strg+1 zeigt 100 %, Pfeiltasten verschieben</translation>
    </message>
    <message>
        <source>Original photo</source>
        <translation>Originalfoto</translation>
    </message>
    <message>
        <source>Restored photo</source>
        <translation>Restauriertes Foto</translation>
    </message>
    <message>
        <source>{keys}; hold backslash to see the original</source>
        <translation>{keys}; Rückstrich gedrückt halten zeigt das Original</translation>
    </message>
    <message>
        <source>Original (not restored yet)</source>
        <translation>Original (noch nicht restauriert)</translation>
    </message>
    <message>
        <source>Original (held)</source>
        <translation>Original (gehalten)</translation>
    </message>
    <message>
        <source>Original</source>
        <translation>Original</translation>
    </message>
    <message>
        <source>Drop photos or folders here
or open them with Ctrl+O</source>
        <translation>Fotos oder Ordner hierher ziehen
oder mit Strg+O öffnen</translation>
    </message>
</context>
<context>
    <name>CompareWithBox</name>
    <message>
        <source>What the left side (or left of the split) shows: the original, another result of this photo (restore it again with another model or task to keep both), Classic dehaze, or this result at 50%</source>
        <translation>Was die linke Seite (oder die linke Hälfte der Teilung) zeigt: das Original, ein anderes Ergebnis dieses Fotos (mit einem anderen Modell oder einer anderen Aufgabe erneut restaurieren, um beide zu behalten), die klassische Dunstentfernung oder dieses Ergebnis bei 50 %</translation>
    </message>
    <message>
        <source>Compare with</source>
        <translation>Vergleichen mit</translation>
    </message>
    <message>
        <source>Compare with: {choices}</source>
        <translation>Vergleichen mit: {choices}</translation>
    </message>
    <message>
        <source>Open the list of what the left side shows</source>
        <translation>Die Liste öffnen, was die linke Seite zeigt</translation>
    </message>
</context>
<context>
    <name>ComparisonDialog</name>
    <message>
        <source>Full size</source>
        <translation>Volle Größe</translation>
    </message>
    <message>
        <source>Long side 2048 px</source>
        <translation>Lange Seite 2048 px</translation>
    </message>
    <message>
        <source>Long side 1024 px</source>
        <translation>Lange Seite 1024 px</translation>
    </message>
    <message>
        <source>Side by side</source>
        <translation>Nebeneinander</translation>
    </message>
    <message>
        <source>Split down the middle</source>
        <translation>In der Mitte geteilt</translation>
    </message>
    <message>
        <source>Export comparison</source>
        <translation>Vergleich exportieren</translation>
    </message>
    <message>
        <source>&amp;Layout:</source>
        <translation>An&amp;ordnung:</translation>
    </message>
    <message>
        <source>&amp;Size:</source>
        <translation>&amp;Größe:</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>Durch&amp;suchen …</translation>
    </message>
    <message>
        <source>&amp;File:</source>
        <translation>&amp;Datei:</translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation>&amp;Exportieren</translation>
    </message>
    <message>
        <source>Layout</source>
        <translation>Anordnung</translation>
    </message>
    <message>
        <source>The two sides next to each other, or one photo split in two</source>
        <translation>Die beiden Seiten nebeneinander oder ein Foto in zwei Hälften geteilt</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>The picture&apos;s size: the photo&apos;s own, or smaller to share</source>
        <translation>Die Größe des Bildes: die des Fotos oder kleiner zum Teilen</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Datei</translation>
    </message>
    <message>
        <source>The file the comparison is written to</source>
        <translation>Die Datei, in die der Vergleich geschrieben wird</translation>
    </message>
    <message>
        <source>Browse</source>
        <translation>Durchsuchen</translation>
    </message>
    <message>
        <source>Choose the file to write</source>
        <translation>Die zu schreibende Datei wählen</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Exportieren</translation>
    </message>
    <message>
        <source>Write the comparison picture</source>
        <translation>Das Vergleichsbild schreiben</translation>
    </message>
</context>
<context>
    <name>ComparisonExport</name>
    <message>
        <source>Restore the photo first; a comparison needs its result.</source>
        <translation>Restaurieren Sie zuerst das Foto; ein Vergleich braucht sein Ergebnis.</translation>
    </message>
    <message>
        <source>The result of this photo is no longer available; restore it again.</source>
        <translation>Das Ergebnis dieses Fotos ist nicht mehr verfügbar; restaurieren Sie es erneut.</translation>
    </message>
    <message>
        <source>Restored</source>
        <translation>Restauriert</translation>
    </message>
    <message>
        <source>Saved the comparison {name} in {folder}.</source>
        <translation>Vergleich {name} in {folder} gespeichert.</translation>
    </message>
    <message>
        <source>Could not export the comparison: {reason}</source>
        <translation>Der Vergleich konnte nicht exportiert werden: {reason}</translation>
    </message>
</context>
<context>
    <name>Controller</name>
    <message>
        <source>Added {count} image(s) to the running batch.</source>
        <translation>{count} Bild(er) zum laufenden Stapel hinzugefügt.</translation>
    </message>
    <message>
        <source>Added {count} image(s) to the running restore.</source>
        <translation>{count} Bild(er) zur laufenden Restaurierung hinzugefügt.</translation>
    </message>
    <message>
        <source>{method} is computed once the running work ends; choose it again then.</source>
        <translation>„{method}“ wird berechnet, sobald die laufende Arbeit endet; wählen Sie es dann erneut.</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Wird abgebrochen …</translation>
    </message>
    <message>
        <source>Could not compute the comparison: {reason}</source>
        <translation>Der Vergleich konnte nicht berechnet werden: {reason}</translation>
    </message>
    <message>
        <source>Saved {name} in {folder}.</source>
        <translation>{name} in {folder} gespeichert.</translation>
    </message>
    <message>
        <source>Could not save: {reason}</source>
        <translation>Speichern nicht möglich: {reason}</translation>
    </message>
</context>
<context>
    <name>CrashDialog</name>
    <message>
        <source>AKNet Studio: something went wrong</source>
        <translation>AKNet Studio: Etwas ist schiefgegangen</translation>
    </message>
    <message>
        <source>An unexpected error happened. AKNet Studio keeps running, and your photos are untouched, but what you were doing may not have finished. If it happens again, please copy this report and send it with the log to the developers.</source>
        <translation>Ein unerwarteter Fehler ist aufgetreten. AKNet Studio läuft weiter, und Ihre Fotos sind unverändert, aber was Sie gerade getan haben, wurde möglicherweise nicht abgeschlossen. Wenn es wieder passiert, kopieren Sie bitte diesen Bericht und senden Sie ihn mit dem Protokoll an die Entwickler.</translation>
    </message>
    <message>
        <source>&amp;Copy report</source>
        <translation>Bericht &amp;kopieren</translation>
    </message>
    <message>
        <source>Open &amp;log folder</source>
        <translation>&amp;Protokollordner öffnen</translation>
    </message>
    <message>
        <source>Error report</source>
        <translation>Fehlerbericht</translation>
    </message>
    <message>
        <source>The full report, with the versions and the traceback</source>
        <translation>Der vollständige Bericht mit den Versionen und dem Traceback</translation>
    </message>
    <message>
        <source>Copy report</source>
        <translation>Bericht kopieren</translation>
    </message>
    <message>
        <source>Put the whole report on the clipboard</source>
        <translation>Den ganzen Bericht in die Zwischenablage legen</translation>
    </message>
    <message>
        <source>Open log folder</source>
        <translation>Protokollordner öffnen</translation>
    </message>
    <message>
        <source>Show the folder of AKNet Studio&apos;s log files</source>
        <translation>Den Ordner mit den Protokolldateien von AKNet Studio zeigen</translation>
    </message>
    <message>
        <source>and {count} more errors (below)</source>
        <translation>und {count} weitere Fehler (unten)</translation>
    </message>
</context>
<context>
    <name>EngineChoice</name>
    <message>
        <source>Auto</source>
        <translation>Automatisch</translation>
    </message>
    <message>
        <source>Loading the model…</source>
        <translation>Modell wird geladen …</translation>
    </message>
    <message>
        <source>This checkpoint says it was trained for {trained}, not {task}.</source>
        <translation>Laut diesem Checkpoint wurde er für „{trained}“ trainiert, nicht für „{task}“.</translation>
    </message>
</context>
<context>
    <name>EnginePanel</name>
    <message>
        <source>Restoration</source>
        <translation>Restaurierung</translation>
    </message>
    <message>
        <source>Auto</source>
        <translation>Automatisch</translation>
    </message>
    <message>
        <source>float16 on a GPU; on a CPU bfloat16 only where it has bfloat16 units and bfloat16 stays faithful to float32 on these weights (measured once), else float32</source>
        <translation>float16 auf einer GPU; auf einer CPU bfloat16 nur, wenn sie bfloat16-Einheiten hat und bfloat16 bei diesen Gewichten float32 treu bleibt (einmal gemessen), sonst float32</translation>
    </message>
    <message>
        <source>full precision: the reference results</source>
        <translation>volle Genauigkeit: die Referenzergebnisse</translation>
    </message>
    <message>
        <source>faster on CPUs with AVX-512 BF16 or AMX; results differ slightly from float32</source>
        <translation>schneller auf CPUs mit AVX-512 BF16 oder AMX; die Ergebnisse weichen leicht von float32 ab</translation>
    </message>
    <message>
        <source>for GPUs; redone in float32 where it overflows</source>
        <translation>für GPUs; wo es überläuft, wird in float32 neu gerechnet</translation>
    </message>
    <message>
        <source>&amp;Task:</source>
        <translation>Auf&amp;gabe:</translation>
    </message>
    <message>
        <source>Mo&amp;del:</source>
        <translation>M&amp;odell:</translation>
    </message>
    <message>
        <source>D&amp;evice:</source>
        <translation>G&amp;erät:</translation>
    </message>
    <message>
        <source>&amp;Precision:</source>
        <translation>&amp;Präzision:</translation>
    </message>
    <message>
        <source>Load checkpoint…</source>
        <translation>Checkpoint laden …</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>Aufgabe</translation>
    </message>
    <message>
        <source>What to restore: haze, snow, defocus blur (Alt+T)</source>
        <translation>Was restauriert wird: Dunst, Schnee, Unschärfe (Alt+G)</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>The weights the task runs with, or load a checkpoint (Alt+D)</source>
        <translation>Die Gewichte, mit denen die Aufgabe läuft, oder einen Checkpoint laden (Alt+O)</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>Gerät</translation>
    </message>
    <message>
        <source>Where the model runs: automatic, a GPU or the CPU (Alt+E)</source>
        <translation>Wo das Modell läuft: automatisch, auf einer GPU oder der CPU (Alt+E)</translation>
    </message>
    <message>
        <source>Precision</source>
        <translation>Präzision</translation>
    </message>
    <message>
        <source>The arithmetic the model runs in: automatic, float32, bfloat16 or float16 (Alt+P)</source>
        <translation>Die Rechengenauigkeit des Modells: automatisch, float32, bfloat16 oder float16 (Alt+P)</translation>
    </message>
    <message>
        <source>Model state</source>
        <translation>Modellstatus</translation>
    </message>
    <message>
        <source>Whether the model is ready, loading, or why it cannot run</source>
        <translation>Ob das Modell bereit ist, geladen wird oder warum es nicht laufen kann</translation>
    </message>
    <message>
        <source>Load checkpoint</source>
        <translation>Checkpoint laden</translation>
    </message>
    <message>
        <source>Choose a weights file for this task (Ctrl+L)</source>
        <translation>Eine Gewichtsdatei für diese Aufgabe wählen (Strg+L)</translation>
    </message>
    <message>
        <source>Ready — running on {device}</source>
        <translation>Bereit – läuft auf {device}</translation>
    </message>
    <message>
        <source>Loading the model…</source>
        <translation>Modell wird geladen …</translation>
    </message>
    <message>
        <source>No weights needed</source>
        <translation>Keine Gewichte nötig</translation>
    </message>
    <message>
        <source>Bundled weights</source>
        <translation>Mitgelieferte Gewichte</translation>
    </message>
    <message>
        <source>Bundled weights (none yet)</source>
        <translation>Mitgelieferte Gewichte (noch keine)</translation>
    </message>
    <message>
        <source>Installed: {path}</source>
        <translation>Installiert: {path}</translation>
    </message>
    <message>
        <source>No weights</source>
        <translation>Keine Gewichte</translation>
    </message>
    <message>
        <source>{device} (not found)</source>
        <translation>{device} (nicht gefunden)</translation>
    </message>
</context>
<context>
    <name>FileDialogs</name>
    <message>
        <source>Images ({patterns})</source>
        <translation>Bilder ({patterns})</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Open photos</source>
        <translation>Fotos öffnen</translation>
    </message>
    <message>
        <source>Open a folder of photos</source>
        <translation>Ordner mit Fotos öffnen</translation>
    </message>
    <message>
        <source>AKNet checkpoints ({patterns})</source>
        <translation>AKNet-Checkpoints ({patterns})</translation>
    </message>
    <message>
        <source>Load an AKNet checkpoint</source>
        <translation>AKNet-Checkpoint laden</translation>
    </message>
    <message>
        <source>Replace?</source>
        <translation>Ersetzen?</translation>
    </message>
    <message>
        <source>{name} already exists in {folder}. Replace it?</source>
        <translation>{name} gibt es in {folder} bereits. Ersetzen?</translation>
    </message>
    <message>
        <source>TIFF, 16-bit</source>
        <translation>TIFF, 16 Bit</translation>
    </message>
    <message>
        <source>Save the restored photo</source>
        <translation>Restauriertes Foto speichern</translation>
    </message>
    <message>
        <source>That is the original photo; originals are never replaced.</source>
        <translation>Das ist das Originalfoto; Originale werden nie ersetzt.</translation>
    </message>
    <message>
        <source>Results are written at the current strength ({percent}%).</source>
        <translation>Die Ergebnisse werden mit der aktuellen Stärke ({percent} %) geschrieben.</translation>
    </message>
    <message>
        <source>Export all restored photos</source>
        <translation>Alle restaurierten Fotos exportieren</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Exportieren</translation>
    </message>
    <message>
        <source>Save (Ctrl+S) uses these; Save as… asks for a name each time. Originals are never replaced.</source>
        <translation>„Speichern“ (Strg+S) verwendet diese Einstellungen; „Speichern unter …“ fragt jedes Mal nach einem Namen. Originale werden nie ersetzt.</translation>
    </message>
    <message>
        <source>Output options</source>
        <translation>Ausgabeoptionen</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
</context>
<context>
    <name>FinishAlert</name>
    <message>
        <source>Batch finished</source>
        <translation>Stapel fertig</translation>
    </message>
    <message>
        <source>Restoring finished</source>
        <translation>Restaurierung fertig</translation>
    </message>
    <message>
        <source>Export finished</source>
        <translation>Export fertig</translation>
    </message>
    <message>
        <source>{count} photo done</source>
        <translation>{count} Foto fertig</translation>
    </message>
    <message>
        <source>{count} photos done</source>
        <translation>{count} Fotos fertig</translation>
    </message>
</context>
<context>
    <name>FolderScanner</name>
    <message>
        <source>could not be read ({reason})</source>
        <translation>konnte nicht gelesen werden ({reason})</translation>
    </message>
</context>
<context>
    <name>ImageList</name>
    <message>
        <source>{width} × {height} px, {bits}-bit {format}</source>
        <translation>{width} × {height} px, {bits} Bit {format}</translation>
    </message>
    <message>
        <source>Failed: {reason}</source>
        <translation>Fehlgeschlagen: {reason}</translation>
    </message>
    <message>
        <source>Saved as {file}</source>
        <translation>Gespeichert als {file}</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>Restaurieren</translation>
    </message>
    <message>
        <source>Remove from the list</source>
        <translation>Aus der Liste entfernen</translation>
    </message>
</context>
<context>
    <name>ImageLoader</name>
    <message>
        <source>cannot read this file ({reason})</source>
        <translation>diese Datei kann nicht gelesen werden ({reason})</translation>
    </message>
    <message>
        <source>cannot show this image ({reason})</source>
        <translation>dieses Bild kann nicht angezeigt werden ({reason})</translation>
    </message>
</context>
<context>
    <name>Language</name>
    <message>
        <source>System default</source>
        <translation>Systemstandard</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Sprache</translation>
    </message>
    <message>
        <source>The new language applies when you restart AKNet Studio.</source>
        <translation>Die neue Sprache gilt ab dem nächsten Start von AKNet Studio.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Restore</source>
        <translation>Restaurieren</translation>
    </message>
    <message>
        <source>Restore all</source>
        <translation>Alle restaurieren</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Photos</source>
        <translation>Fotos</translation>
    </message>
    <message>
        <source>The opened photos and their status; arrow keys choose the one shown, Delete removes it.</source>
        <translation>Die geöffneten Fotos und ihr Status; die Pfeiltasten wählen das angezeigte, Entf entfernt es.</translation>
    </message>
    <message>
        <source>Restore the shown photo (Ctrl+R)</source>
        <translation>Das angezeigte Foto restaurieren (Strg+R)</translation>
    </message>
    <message>
        <source>Restore every photo in the list</source>
        <translation>Alle Fotos der Liste restaurieren</translation>
    </message>
    <message>
        <source>Stop restoring (Esc)</source>
        <translation>Restaurieren anhalten (Esc)</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>Fortschritt</translation>
    </message>
    <message>
        <source>Progress details</source>
        <translation>Fortschrittsdetails</translation>
    </message>
    <message>
        <source>Photo size</source>
        <translation>Fotogröße</translation>
    </message>
    <message>
        <source>Restoration time</source>
        <translation>Restaurierungsdauer</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>Gerät</translation>
    </message>
    <message>
        <source>Zoom</source>
        <translation>Zoom</translation>
    </message>
    <message>
        <source>Main toolbar</source>
        <translation>Hauptwerkzeugleiste</translation>
    </message>
    <message>
        <source>View toolbar</source>
        <translation>Ansichtswerkzeugleiste</translation>
    </message>
    <message>
        <source>Photos and comparison</source>
        <translation>Fotos und Vergleich</translation>
    </message>
    <message>
        <source>Zoom {percent}%</source>
        <translation>Zoom {percent} %</translation>
    </message>
    <message>
        <source>{width} × {height} px · {bits}-bit {format}</source>
        <translation>{width} × {height} px · {bits} Bit {format}</translation>
    </message>
    <message>
        <source>Restored in {seconds} s on {device}</source>
        <translation>In {seconds} s auf {device} restauriert</translation>
    </message>
    <message>
        <source>Restored in {seconds} s</source>
        <translation>In {seconds} s restauriert</translation>
    </message>
    <message>
        <source>Stop and quit?</source>
        <translation>Anhalten und beenden?</translation>
    </message>
    <message>
        <source>Images are still being restored. Stop and quit? Finished files are kept.</source>
        <translation>Es werden noch Bilder restauriert. Anhalten und beenden? Fertige Dateien bleiben erhalten.</translation>
    </message>
</context>
<context>
    <name>ModelInstaller</name>
    <message>
        <source>Install models</source>
        <translation>Modelle installieren</translation>
    </message>
    <message>
        <source>Checking {file}…</source>
        <translation>{file} wird geprüft …</translation>
    </message>
    <message>
        <source>every task</source>
        <translation>alle Aufgaben</translation>
    </message>
    <message>
        <source>{file} is already installed for {task}.</source>
        <translation>{file} ist für „{task}“ bereits installiert.</translation>
    </message>
    <message>
        <source>Installed {file} for {task} in {folder}.</source>
        <translation>{file} für „{task}“ in {folder} installiert.</translation>
    </message>
    <message>
        <source>{file} was not installed (nothing was copied): {reason}</source>
        <translation>{file} wurde nicht installiert (nichts wurde kopiert): {reason}</translation>
    </message>
</context>
<context>
    <name>ModelManagerDialog</name>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>Aufgabe</translation>
    </message>
    <message>
        <source>Architecture</source>
        <translation>Architektur</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>Parameter</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>Training</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Quelle</translation>
    </message>
    <message>
        <source>Model manager</source>
        <translation>Modellverwaltung</translation>
    </message>
    <message>
        <source>Installed models live in &lt;b&gt;{folder}&lt;/b&gt;</source>
        <translation>Installierte Modelle liegen in &lt;b&gt;{folder}&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&amp;Open folder</source>
        <translation>&amp;Ordner öffnen</translation>
    </message>
    <message>
        <source>&amp;Install model…</source>
        <translation>Modell &amp;installieren …</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>&amp;Entfernen</translation>
    </message>
    <message>
        <source>Open folder</source>
        <translation>Ordner öffnen</translation>
    </message>
    <message>
        <source>Show the models folder in the file manager</source>
        <translation>Den Modellordner im Dateimanager zeigen</translation>
    </message>
    <message>
        <source>Models</source>
        <translation>Modelle</translation>
    </message>
    <message>
        <source>Every bundled and installed model with its task, architecture, size, training and source</source>
        <translation>Alle mitgelieferten und installierten Modelle mit Aufgabe, Architektur, Größe, Training und Quelle</translation>
    </message>
    <message>
        <source>Install model</source>
        <translation>Modell installieren</translation>
    </message>
    <message>
        <source>Check a checkpoint and copy it here</source>
        <translation>Einen Checkpoint prüfen und hierher kopieren</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <source>Delete the selected installed model</source>
        <translation>Das ausgewählte installierte Modell löschen</translation>
    </message>
    <message>
        <source>{architecture} (preset {preset})</source>
        <translation>{architecture} (Voreinstellung {preset})</translation>
    </message>
    <message>
        <source>{source}, published format</source>
        <translation>{source}, veröffentlichtes Format</translation>
    </message>
    <message>
        <source>not recorded in the file</source>
        <translation>in der Datei nicht vermerkt</translation>
    </message>
    <message>
        <source>{bundled} bundled, {installed} installed. Drop a .pkl, .pth or .safetensors file on the main window to install it.</source>
        <translation>{bundled} mitgeliefert, {installed} installiert. Ziehen Sie eine .pkl-, .pth- oder .safetensors-Datei auf das Hauptfenster, um sie zu installieren.</translation>
    </message>
    <message>
        <source>Delete {path} from the models folder?</source>
        <translation>{path} aus dem Modellordner löschen?</translation>
    </message>
    <message>
        <source>Remove model?</source>
        <translation>Modell entfernen?</translation>
    </message>
    <message>
        <source>Could not remove the model</source>
        <translation>Das Modell konnte nicht entfernt werden</translation>
    </message>
    <message>
        <source>Bundled models cannot be removed.</source>
        <translation>Mitgelieferte Modelle können nicht entfernt werden.</translation>
    </message>
    <message>
        <source>Reading the models…</source>
        <translation>Modelle werden gelesen …</translation>
    </message>
</context>
<context>
    <name>NoticeBar</name>
    <message>
        <source>Dismiss</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>Dismiss the message</source>
        <translation>Meldung schließen</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Meldung</translation>
    </message>
    <message>
        <source>Message action</source>
        <translation>Aktion zur Meldung</translation>
    </message>
    <message>
        <source>Message bar</source>
        <translation>Meldungsleiste</translation>
    </message>
    <message>
        <source>Errors and notices about the work; Tab reaches its buttons.</source>
        <translation>Fehler und Hinweise zur Arbeit; mit Tab erreichen Sie ihre Schaltflächen.</translation>
    </message>
</context>
<context>
    <name>OutputOptions</name>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen …</translation>
    </message>
    <message>
        <source>Choose the folder: {what}</source>
        <translation>Ordner wählen: {what}</translation>
    </message>
</context>
<context>
    <name>OutputOptionsWidget</name>
    <message>
        <source>Same as the original</source>
        <translation>Wie das Original</translation>
    </message>
    <message>
        <source>TIFF, 16-bit</source>
        <translation>TIFF, 16 Bit</translation>
    </message>
    <message>
        <source>a folder</source>
        <translation>ein Ordner</translation>
    </message>
    <message>
        <source>beside each original</source>
        <translation>neben dem jeweiligen Original</translation>
    </message>
    <message>
        <source>File names</source>
        <translation>Dateinamen</translation>
    </message>
    <message>
        <source>File &amp;names:</source>
        <translation>Datei&amp;namen:</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>Format</translation>
    </message>
    <message>
        <source>The file type restored photos are written as (Alt+R)</source>
        <translation>Der Dateityp der restaurierten Fotos (Alt+F)</translation>
    </message>
    <message>
        <source>Fo&amp;rmat:</source>
        <translation>&amp;Format:</translation>
    </message>
    <message>
        <source>Example file name</source>
        <translation>Beispiel-Dateiname</translation>
    </message>
    <message>
        <source>S&amp;kip images whose output already exists</source>
        <translation>Bilder übers&amp;pringen, deren Ausgabe schon existiert</translation>
    </message>
    <message>
        <source>Output folder</source>
        <translation>Ausgabeordner</translation>
    </message>
    <message>
        <source>Where restored files are written (Alt+F)</source>
        <translation>Wohin die restaurierten Dateien geschrieben werden (Alt+O)</translation>
    </message>
    <message>
        <source>Output &amp;folder:</source>
        <translation>Ausgabe&amp;ordner:</translation>
    </message>
    <message>
        <source>Fields: {fields}</source>
        <translation>Felder: {fields}</translation>
    </message>
    <message>
        <source>JPEG and WebP quality (PNG and TIFF are lossless)</source>
        <translation>Qualität für JPEG und WebP (PNG und TIFF sind verlustfrei)</translation>
    </message>
    <message>
        <source>Quality</source>
        <translation>Qualität</translation>
    </message>
    <message>
        <source>&amp;Quality:</source>
        <translation>&amp;Qualität:</translation>
    </message>
    <message>
        <source>Strip &amp;metadata (camera, place, time; colours are kept)</source>
        <translation>&amp;Metadaten entfernen (Kamera, Ort, Zeit; Farben bleiben)</translation>
    </message>
    <message>
        <source>Leave out EXIF, XMP, IPTC and the provenance note, e.g. before sharing a photo. The colour profile (ICC) and the resolution stay.</source>
        <translation>EXIF, XMP, IPTC und den Herkunftsvermerk weglassen, z. B. bevor Sie ein Foto teilen. Das Farbprofil (ICC) und die Auflösung bleiben.</translation>
    </message>
    <message>
        <source>Strip metadata</source>
        <translation>Metadaten entfernen</translation>
    </message>
    <message>
        <source>Choose an output folder.</source>
        <translation>Wählen Sie einen Ausgabeordner.</translation>
    </message>
    <message>
        <source>{folder} is a file, not a folder.</source>
        <translation>{folder} ist eine Datei, kein Ordner.</translation>
    </message>
    <message>
        <source>e.g. {name} → {example}</source>
        <translation>z. B. {name} → {example}</translation>
    </message>
</context>
<context>
    <name>RestoreWorker</name>
    <message>
        <source>no model is loaded</source>
        <translation>es ist kein Modell geladen</translation>
    </message>
    <message>
        <source>Could not list GPUs ({reason}); the CPU is available.</source>
        <translation>GPUs konnten nicht aufgelistet werden ({reason}); die CPU ist verfügbar.</translation>
    </message>
    <message>
        <source>{file} could not be read as AKNet weights ({kind}: {detail}). Choose an AKNet checkpoint (.pkl, .pth or .safetensors).</source>
        <translation>{file} konnte nicht als AKNet-Gewichte gelesen werden ({kind}: {detail}). Wählen Sie einen AKNet-Checkpoint (.pkl, .pth oder .safetensors).</translation>
    </message>
    <message>
        <source>The model could not be loaded. {reason}</source>
        <translation>Das Modell konnte nicht geladen werden. {reason}</translation>
    </message>
    <message>
        <source>{file}: {note}.</source>
        <translation>{file}: {note}.</translation>
    </message>
    <message>
        <source>No model is loaded. Choose a task with weights, or load a checkpoint.</source>
        <translation>Es ist kein Modell geladen. Wählen Sie eine Aufgabe mit Gewichten oder laden Sie einen Checkpoint.</translation>
    </message>
    <message>
        <source>Reading</source>
        <translation>Wird gelesen</translation>
    </message>
    <message>
        <source>The batch could not run on {devices}: {reason}</source>
        <translation>Der Stapel konnte nicht auf {devices} laufen: {reason}</translation>
    </message>
    <message>
        <source>{file} changed on disk since it was restored; restore it again.</source>
        <translation>{file} wurde seit der Restaurierung auf dem Datenträger geändert; restaurieren Sie es erneut.</translation>
    </message>
</context>
<context>
    <name>Run</name>
    <message>
        <source>Restoring</source>
        <translation>Restaurieren</translation>
    </message>
    <message>
        <source>Batch</source>
        <translation>Stapel</translation>
    </message>
    <message>
        <source>Saving</source>
        <translation>Speichern</translation>
    </message>
    <message>
        <source>Exporting</source>
        <translation>Exportieren</translation>
    </message>
    <message>
        <source>Comparing</source>
        <translation>Vergleichen</translation>
    </message>
    <message>
        <source>{count} skipped</source>
        <translation>{count} übersprungen</translation>
    </message>
    <message>
        <source>{count} failed</source>
        <translation>{count} fehlgeschlagen</translation>
    </message>
    <message>
        <source>{count} cancelled</source>
        <translation>{count} abgebrochen</translation>
    </message>
    <message>
        <source>{count} restored</source>
        <translation>{count} restauriert</translation>
    </message>
    <message>
        <source>{counts}.</source>
        <translation>{counts}.</translation>
    </message>
    <message>
        <source>, </source>
        <translation>, </translation>
    </message>
    <message>
        <source>Cancelled. {summary}</source>
        <translation>Abgebrochen. {summary}</translation>
    </message>
    <message>
        <source>  FAILED {file}: {reason}</source>
        <translation>  FEHLGESCHLAGEN {file}: {reason}</translation>
    </message>
    <message>
        <source>  SKIPPED {file}: {reason}</source>
        <translation>  ÜBERSPRUNGEN {file}: {reason}</translation>
    </message>
    <message>
        <source>… and {count} more.</source>
        <translation>… und {count} weitere.</translation>
    </message>
    <message>
        <source>{status} · {seconds} s</source>
        <translation>{status} · {seconds} s</translation>
    </message>
    <message>
        <source>{status}: {reason}</source>
        <translation>{status}: {reason}</translation>
    </message>
    <message>
        <source>{verb} {position} of {total}</source>
        <translation>{verb} {position} von {total}</translation>
    </message>
    <message>
        <source>looking for photos…</source>
        <translation>Fotos werden gesucht …</translation>
    </message>
    <message>
        <source>{time} left</source>
        <translation>noch {time}</translation>
    </message>
    <message>
        <source>h</source>
        <translation>Std.</translation>
    </message>
    <message>
        <source>min</source>
        <translation>Min.</translation>
    </message>
    <message>
        <source>s</source>
        <translation>s</translation>
    </message>
</context>
<context>
    <name>Session</name>
    <message>
        <source>Skipped {file}: {reason}.</source>
        <translation>{file} übersprungen: {reason}.</translation>
    </message>
</context>
<context>
    <name>Settings</name>
    <message>
        <source>The settings file {path} was damaged and could not be read: every setting (window, folders, task, device, output options) was reset to its default. A copy of it is kept as {copy}.</source>
        <translation>Die Einstellungsdatei {path} war beschädigt und konnte nicht gelesen werden: Alle Einstellungen (Fenster, Ordner, Aufgabe, Gerät, Ausgabeoptionen) wurden auf ihre Standardwerte zurückgesetzt. Eine Kopie wird als {copy} aufbewahrt.</translation>
    </message>
    <message>
        <source>The settings file {path} was damaged and could not be read: every setting (window, folders, task, device, output options) was reset to its default.</source>
        <translation>Die Einstellungsdatei {path} war beschädigt und konnte nicht gelesen werden: Alle Einstellungen (Fenster, Ordner, Aufgabe, Gerät, Ausgabeoptionen) wurden auf ihre Standardwerte zurückgesetzt.</translation>
    </message>
    <message>
        <source>Settings will not be saved: {path} cannot be written (check that its folder exists and that you may write there). AKNet Studio works as usual, but forgets this session&apos;s choices when it closes.</source>
        <translation>Einstellungen werden nicht gespeichert: {path} kann nicht geschrieben werden (prüfen Sie, ob der Ordner existiert und ob Sie dort schreiben dürfen). AKNet Studio arbeitet wie gewohnt, vergisst aber beim Schließen die Einstellungen dieser Sitzung.</translation>
    </message>
</context>
<context>
    <name>Status</name>
    <message>
        <source>Not restored</source>
        <translation>Nicht restauriert</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>Wartet</translation>
    </message>
    <message>
        <source>Working…</source>
        <translation>In Arbeit …</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Fertig</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Abgebrochen</translation>
    </message>
    <message>
        <source>Skipped</source>
        <translation>Übersprungen</translation>
    </message>
</context>
<context>
    <name>SupportActions</name>
    <message>
        <source>Open &amp;log folder</source>
        <translation>&amp;Protokollordner öffnen</translation>
    </message>
    <message>
        <source>Show the folder of AKNet Studio&apos;s log files (attach them to a bug report)</source>
        <translation>Den Ordner mit den Protokolldateien von AKNet Studio zeigen (hängen Sie sie an einen Fehlerbericht an)</translation>
    </message>
    <message>
        <source>Copy &amp;system info</source>
        <translation>&amp;Systeminformationen kopieren</translation>
    </message>
    <message>
        <source>Copy the app, OS, PyTorch, GPU, CPU and model versions, for a bug report or a question</source>
        <translation>Die Versionen von App, Betriebssystem, PyTorch, GPU, CPU und Modellen kopieren, für einen Fehlerbericht oder eine Frage</translation>
    </message>
    <message>
        <source>The system info could not be gathered: {error}</source>
        <translation>Die Systeminformationen konnten nicht ermittelt werden: {error}</translation>
    </message>
    <message>
        <source>System info copied to the clipboard: paste it into your bug report or question.</source>
        <translation>Systeminformationen in die Zwischenablage kopiert: Fügen Sie sie in Ihren Fehlerbericht oder Ihre Frage ein.</translation>
    </message>
</context>
<context>
    <name>Theme</name>
    <message>
        <source>Follow the system</source>
        <translation>Wie das System</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>Hell</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>Dunkel</translation>
    </message>
</context>
<context>
    <name>WindowActions</name>
    <message>
        <source>&amp;Open photos…</source>
        <translation>Fotos ö&amp;ffnen …</translation>
    </message>
    <message>
        <source>Open one or more photos</source>
        <translation>Ein oder mehrere Fotos öffnen</translation>
    </message>
    <message>
        <source>Open &amp;folder…</source>
        <translation>&amp;Ordner öffnen …</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Speichern</translation>
    </message>
    <message>
        <source>Save the result with the output naming</source>
        <translation>Das Ergebnis mit der Ausgabebenennung speichern</translation>
    </message>
    <message>
        <source>Save &amp;as…</source>
        <translation>Speichern &amp;unter …</translation>
    </message>
    <message>
        <source>&amp;Export all…</source>
        <translation>Alle &amp;exportieren …</translation>
    </message>
    <message>
        <source>Export &amp;comparison…</source>
        <translation>Ver&amp;gleich exportieren …</translation>
    </message>
    <message>
        <source>Write a before/after picture to share</source>
        <translation>Ein Vorher-nachher-Bild zum Teilen schreiben</translation>
    </message>
    <message>
        <source>Output &amp;options…</source>
        <translation>Ausgabeo&amp;ptionen …</translation>
    </message>
    <message>
        <source>&amp;Batch folder…</source>
        <translation>Stapel&amp;verarbeitung …</translation>
    </message>
    <message>
        <source>Restore a whole folder to files</source>
        <translation>Einen ganzen Ordner in Dateien restaurieren</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;Copy result</source>
        <translation>Ergebnis &amp;kopieren</translation>
    </message>
    <message>
        <source>Copy the shown result</source>
        <translation>Das angezeigte Ergebnis kopieren</translation>
    </message>
    <message>
        <source>&amp;Paste</source>
        <translation>&amp;Einfügen</translation>
    </message>
    <message>
        <source>Open a copied image or image files</source>
        <translation>Ein kopiertes Bild oder Bilddateien öffnen</translation>
    </message>
    <message>
        <source>&amp;Restore</source>
        <translation>&amp;Restaurieren</translation>
    </message>
    <message>
        <source>Restore the shown photo</source>
        <translation>Das angezeigte Foto restaurieren</translation>
    </message>
    <message>
        <source>Restore &amp;all</source>
        <translation>&amp;Alle restaurieren</translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation>A&amp;bbrechen</translation>
    </message>
    <message>
        <source>Stop (within a second)</source>
        <translation>Anhalten (binnen einer Sekunde)</translation>
    </message>
    <message>
        <source>&amp;Load checkpoint…</source>
        <translation>Checkpoint &amp;laden …</translation>
    </message>
    <message>
        <source>&amp;Install model…</source>
        <translation>Modell &amp;installieren …</translation>
    </message>
    <message>
        <source>Check a checkpoint and copy it into your models folder</source>
        <translation>Einen Checkpoint prüfen und in Ihren Modellordner kopieren</translation>
    </message>
    <message>
        <source>Model &amp;manager…</source>
        <translation>Modell&amp;verwaltung …</translation>
    </message>
    <message>
        <source>&amp;Fit</source>
        <translation>&amp;Einpassen</translation>
    </message>
    <message>
        <source>Fit the photo in the window</source>
        <translation>Das Foto ins Fenster einpassen</translation>
    </message>
    <message>
        <source>&amp;100%</source>
        <translation>&amp;100 %</translation>
    </message>
    <message>
        <source>One photo pixel per screen pixel</source>
        <translation>Ein Fotopixel je Bildschirmpixel</translation>
    </message>
    <message>
        <source>Zoom &amp;in</source>
        <translation>Ver&amp;größern</translation>
    </message>
    <message>
        <source>Zoom &amp;out</source>
        <translation>Ver&amp;kleinern</translation>
    </message>
    <message>
        <source>&amp;About AKNet Studio</source>
        <translation>Ü&amp;ber AKNet Studio</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>&amp;Tastenkürzel</translation>
    </message>
    <message>
        <source>&amp;Remove from the list</source>
        <translation>Aus der &amp;Liste entfernen</translation>
    </message>
    <message>
        <source>Less strength</source>
        <translation>Weniger Stärke</translation>
    </message>
    <message>
        <source>More strength</source>
        <translation>Mehr Stärke</translation>
    </message>
    <message>
        <source>Main</source>
        <translation>Haupt</translation>
    </message>
    <message>
        <source>View</source>
        <translation>Ansicht</translation>
    </message>
    <message>
        <source>Original</source>
        <translation>Original</translation>
    </message>
    <message>
        <source>Hold to see the original (or hold \, or the right mouse button)</source>
        <translation>Gedrückt halten zeigt das Original (oder \ bzw. die rechte Maustaste halten)</translation>
    </message>
    <message>
        <source>Strength</source>
        <translation>Stärke</translation>
    </message>
    <message>
        <source>Blend the result with the original; saved files use this strength ([ and ])</source>
        <translation>Ergebnis mit dem Original mischen; gespeicherte Dateien verwenden diese Stärke ([ und ])</translation>
    </message>
    <message>
        <source>Show the original</source>
        <translation>Original zeigen</translation>
    </message>
    <message>
        <source>Strength in percent</source>
        <translation>Stärke in Prozent</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>Open &amp;recent</source>
        <translation>&amp;Zuletzt geöffnet</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Bearbeiten</translation>
    </message>
    <message>
        <source>&amp;Model</source>
        <translation>&amp;Modell</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Theme</source>
        <translation>&amp;Farbschema</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>Open a photo first.</source>
        <translation>Öffnen Sie zuerst ein Foto.</translation>
    </message>
    <message>
        <source>No recent photos</source>
        <translation>Keine zuletzt geöffneten Fotos</translation>
    </message>
    <message>
        <source>Clear the list</source>
        <translation>Liste leeren</translation>
    </message>
    <message>
        <source>Show the original: hold \ or the right mouse button</source>
        <translation>Original zeigen: \ oder die rechte Maustaste gedrückt halten</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Tastenkürzel</translation>
    </message>
</context>
<context>
    <name>core</name>
    <message>
        <source>Dehaze</source>
        <translation>Dunst entfernen</translation>
    </message>
    <message>
        <source>Desnow</source>
        <translation>Schnee entfernen</translation>
    </message>
    <message>
        <source>Defocus deblur</source>
        <translation>Unschärfe beheben</translation>
    </message>
    <message>
        <source>Classic dehaze (no AI)</source>
        <translation>Dunst klassisch entfernen (ohne KI)</translation>
    </message>
    <message>
        <source>Remove haze and fog with AKNet.</source>
        <translation>Dunst und Nebel mit AKNet entfernen.</translation>
    </message>
    <message>
        <source>Remove falling snow with AKNet.</source>
        <translation>Fallenden Schnee mit AKNet entfernen.</translation>
    </message>
    <message>
        <source>Sharpen out-of-focus photos with AKNet.</source>
        <translation>Unscharfe Fotos mit AKNet schärfen.</translation>
    </message>
    <message>
        <source>Dark channel prior dehazing (He et al.): fast, needs no weights.</source>
        <translation>Dunstentfernung mit dem Dark Channel Prior (He et al.): schnell, braucht keine Gewichte.</translation>
    </message>
    <message>
        <source>the restored image</source>
        <translation>das restaurierte Bild</translation>
    </message>
    <message>
        <source>a transmission map and the airlight, estimated on a small copy; the haze is then removed from the full-size photo by the scattering model</source>
        <translation>eine Transmissionskarte und das Luftlicht, geschätzt auf einer kleinen Kopie; der Dunst wird dann nach dem Streumodell aus dem Foto in voller Größe entfernt</translation>
    </message>
    <message>
        <source>dark channel prior dehazing (the classic baseline, default parameters)</source>
        <translation>Dunstentfernung mit dem Dark Channel Prior (das klassische Vergleichsverfahren, Standardparameter)</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>Abgebrochen.</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>abgebrochen</translation>
    </message>
    <message>
        <source>output exists</source>
        <translation>Ausgabe existiert bereits</translation>
    </message>
    <message>
        <source>the batch stopped</source>
        <translation>der Stapel wurde angehalten</translation>
    </message>
    <message>
        <source>the output would replace the original photo; choose another folder or name</source>
        <translation>die Ausgabe würde das Originalfoto ersetzen; wählen Sie einen anderen Ordner oder Namen</translation>
    </message>
    <message>
        <source>The naming template must give a file name (no folders).</source>
        <translation>Die Namensvorlage muss einen Dateinamen ergeben (keine Ordner).</translation>
    </message>
    <message>
        <source>There is not enough memory for this image. Close other programs or restore a smaller image.</source>
        <translation>Für dieses Bild reicht der Speicher nicht. Schließen Sie andere Programme oder restaurieren Sie ein kleineres Bild.</translation>
    </message>
    <message>
        <source>float16 overflowed (NaN or infinity); redone in float32.</source>
        <translation>float16 ist übergelaufen (NaN oder unendlich); in float32 neu berechnet.</translation>
    </message>
    <message>
        <source>The GPU ran out of memory on a photo this large before; restored on the CPU.</source>
        <translation>Der GPU ging bei einem so großen Foto schon einmal der Speicher aus; auf der CPU restauriert.</translation>
    </message>
    <message>
        <source>The GPU ran out of memory on a photo this large before; restored in tiles.</source>
        <translation>Der GPU ging bei einem so großen Foto schon einmal der Speicher aus; in Kacheln restauriert.</translation>
    </message>
    <message>
        <source>The GPU ran out of memory; restored in tiles.</source>
        <translation>Der GPU ging der Speicher aus; in Kacheln restauriert.</translation>
    </message>
    <message>
        <source>There was not enough memory for the whole image; restored in tiles.</source>
        <translation>Der Speicher reichte nicht für das ganze Bild; in Kacheln restauriert.</translation>
    </message>
    <message>
        <source>No CUDA GPU is available (or this build of PyTorch has no CUDA); use --device cpu.</source>
        <translation>Keine CUDA-GPU verfügbar (oder dieser PyTorch-Build hat kein CUDA); verwenden Sie --device cpu.</translation>
    </message>
    <message>
        <source>the disk is full. Free some space or choose another folder</source>
        <translation>der Datenträger ist voll. Geben Sie Speicherplatz frei oder wählen Sie einen anderen Ordner</translation>
    </message>
    <message>
        <source>the disk quota is used up. Free some space or choose another folder</source>
        <translation>das Speicherkontingent ist aufgebraucht. Geben Sie Speicherplatz frei oder wählen Sie einen anderen Ordner</translation>
    </message>
    <message>
        <source>permission denied. Choose a folder you can write to</source>
        <translation>Zugriff verweigert. Wählen Sie einen Ordner, in den Sie schreiben dürfen</translation>
    </message>
    <message>
        <source>the disk is read-only. Choose another folder</source>
        <translation>der Datenträger ist schreibgeschützt. Wählen Sie einen anderen Ordner</translation>
    </message>
    <message>
        <source>This machine has an NVIDIA GPU, but the installed PyTorch is a CPU-only build, so restoring runs on the CPU. To use the GPU, install a CUDA build of PyTorch (the README says how, under &apos;Two commands on a fresh machine&apos;).</source>
        <translation>Dieser Rechner hat eine NVIDIA-GPU, aber das installierte PyTorch ist ein reiner CPU-Build, daher läuft die Restaurierung auf der CPU. Um die GPU zu nutzen, installieren Sie einen CUDA-Build von PyTorch (das README beschreibt es unter „Two commands on a fresh machine“).</translation>
    </message>
    <message>
        <source>The bundled sample photos are missing: reinstall AKNet Studio.</source>
        <translation>Die mitgelieferten Beispielfotos fehlen: Installieren Sie AKNet Studio neu.</translation>
    </message>
    <message>
        <source>bundled with the app</source>
        <translation>mit der App geliefert</translation>
    </message>
    <message>
        <source>installed</source>
        <translation>installiert</translation>
    </message>
    <message>
        <source>Any task</source>
        <translation>Jede Aufgabe</translation>
    </message>
    <message>
        <source>No trained weights are bundled for {task} yet ({file} is missing), so it cannot run. Load a checkpoint for this task (--weights FILE, or Model ▸ Load checkpoint… in the app).</source>
        <translation>Für „{task}“ sind noch keine trainierten Gewichte mitgeliefert ({file} fehlt), daher kann die Aufgabe nicht laufen. Laden Sie einen Checkpoint für diese Aufgabe (--weights DATEI oder in der App Modell ▸ Checkpoint laden …).</translation>
    </message>
    <message>
        <source>{task} needs no weights.</source>
        <translation>„{task}“ braucht keine Gewichte.</translation>
    </message>
    <message>
        <source>Unknown task &apos;{name}&apos;. Choose one of: {names}.</source>
        <translation>Unbekannte Aufgabe „{name}“. Wählen Sie eine von: {names}.</translation>
    </message>
    <message>
        <source>Weights file not found: {path}</source>
        <translation>Gewichtsdatei nicht gefunden: {path}</translation>
    </message>
    <message>
        <source>{file} is not a readable PyTorch checkpoint (the file is damaged).</source>
        <translation>{file} ist kein lesbarer PyTorch-Checkpoint (die Datei ist beschädigt).</translation>
    </message>
    <message>
        <source>{file} could not be read ({reason}).</source>
        <translation>{file} konnte nicht gelesen werden ({reason}).</translation>
    </message>
    <message>
        <source>Image not found: {path}. Check that the file still exists.</source>
        <translation>Bild nicht gefunden: {path}. Prüfen Sie, ob die Datei noch existiert.</translation>
    </message>
    <message>
        <source>{path} is a folder, not an image file. Choose an image inside it.</source>
        <translation>{path} ist ein Ordner, keine Bilddatei. Wählen Sie ein Bild darin.</translation>
    </message>
    <message>
        <source>Cannot open {path}: permission denied. Check the file&apos;s permissions.</source>
        <translation>{path} kann nicht geöffnet werden: Zugriff verweigert. Prüfen Sie die Berechtigungen der Datei.</translation>
    </message>
    <message>
        <source>{file} could not be decoded; the file is damaged or incomplete ({reason}). Copy or export it again. ({path})</source>
        <translation>{file} konnte nicht dekodiert werden; die Datei ist beschädigt oder unvollständig ({reason}). Kopieren oder exportieren Sie sie erneut. ({path})</translation>
    </message>
    <message>
        <source>Not enough memory to read {path}. Close other programs and try again.</source>
        <translation>Nicht genug Speicher, um {path} zu lesen. Schließen Sie andere Programme und versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>Could not save {target}: {reason}. The existing file was left unchanged.</source>
        <translation>{target} konnte nicht gespeichert werden: {reason}. Die vorhandene Datei blieb unverändert.</translation>
    </message>
    <message>
        <source>Could not save {target}: {reason}. No file was written.</source>
        <translation>{target} konnte nicht gespeichert werden: {reason}. Es wurde keine Datei geschrieben.</translation>
    </message>
    <message>
        <source>{target} already exists. Choose another name, or allow overwriting.</source>
        <translation>{target} existiert bereits. Wählen Sie einen anderen Namen oder erlauben Sie das Überschreiben.</translation>
    </message>
    <message>
        <source>{file} already exists; allow overwriting or skip existing files</source>
        <translation>{file} existiert bereits; erlauben Sie das Überschreiben oder überspringen Sie vorhandene Dateien</translation>
    </message>
    <message>
        <source>The naming template &apos;{template}&apos; is malformed ({reason}).</source>
        <translation>Die Namensvorlage „{template}“ ist fehlerhaft ({reason}).</translation>
    </message>
    <message>
        <source>The naming template uses unknown field(s) {fields}; available: {available}.</source>
        <translation>Die Namensvorlage verwendet unbekannte Felder {fields}; verfügbar: {available}.</translation>
    </message>
    <message>
        <source>the file holds {frames} frames; only the first was restored</source>
        <translation>die Datei enthält {frames} Bilder; nur das erste wurde restauriert</translation>
    </message>
    <message>
        <source>the photo after {prior}; the network refines that result</source>
        <translation>das Foto nach {prior}; das Netz verfeinert dieses Ergebnis</translation>
    </message>
    <message>
        <source>Unexpected error ({kind}: {detail}). Please report it.</source>
        <translation>Unerwarteter Fehler ({kind}: {detail}). Bitte melden Sie ihn.</translation>
    </message>
    <message>
        <source>There is no GPU cuda:{index}; this machine has {count}.</source>
        <translation>Es gibt keine GPU cuda:{index}; dieser Rechner hat {count}.</translation>
    </message>
    <message>
        <source>The GPU cannot be used: this PyTorch is built for CUDA {cuda}, but {reason}. Restoring runs on the CPU (slower). To use the GPU, install or update the NVIDIA driver to one that supports CUDA {cuda}, then restart AKNet Studio.</source>
        <translation>Die GPU kann nicht genutzt werden: Dieses PyTorch ist für CUDA {cuda} gebaut, aber CUDA startet nicht ({reason}). Die Restaurierung läuft auf der CPU (langsamer). Um die GPU zu nutzen, installieren oder aktualisieren Sie den NVIDIA-Treiber auf einen, der CUDA {cuda} unterstützt, und starten Sie AKNet Studio dann neu.</translation>
    </message>
    <message>
        <source>The log cannot be written in {folder} ({reason}); it is kept in {fallback} for this session instead. Set {variable} to a folder you may write to, or fix that folder&apos;s permissions.</source>
        <translation>Das Protokoll kann nicht in {folder} geschrieben werden ({reason}); es wird für diese Sitzung stattdessen in {fallback} geführt. Setzen Sie {variable} auf einen Ordner, in den Sie schreiben dürfen, oder korrigieren Sie die Berechtigungen dieses Ordners.</translation>
    </message>
    <message>
        <source>Unknown precision {name}: choose one of {names}.</source>
        <translation>Unbekannte Präzision {name}: Wählen Sie eine von {names}.</translation>
    </message>
    <message>
        <source>AKNET_PRECISION={value} is not one of {names}: correct or unset it.</source>
        <translation>AKNET_PRECISION={value} ist keiner der Werte {names}: Korrigieren oder entfernen Sie die Variable.</translation>
    </message>
    <message>
        <source>{file} does not hold network weights: expected a state dict or a dict with a &apos;model&apos; entry. Choose an AKNet checkpoint (.pkl, .pth or .safetensors).</source>
        <translation>{file} enthält keine Netzgewichte: erwartet wurde ein State-Dict oder ein Dict mit einem Eintrag &apos;model&apos;. Wählen Sie einen AKNet-Checkpoint (.pkl, .pth oder .safetensors).</translation>
    </message>
    <message>
        <source>{file} contains Python objects other than tensors ({found}), which could run code when loaded, so it was refused. Re-save the weights as a plain state dict.</source>
        <translation>{file} enthält andere Python-Objekte als Tensoren ({found}), die beim Laden Code ausführen könnten, und wurde daher abgelehnt. Speichern Sie die Gewichte erneut als einfaches State-Dict.</translation>
    </message>
    <message>
        <source>{file} is not a readable PyTorch checkpoint ({reason}).</source>
        <translation>{file} ist kein lesbarer PyTorch-Checkpoint ({reason}).</translation>
    </message>
    <message>
        <source>{file} is not a readable safetensors file (it is only {count} bytes).</source>
        <translation>{file} ist keine lesbare safetensors-Datei (sie ist nur {count} Byte groß).</translation>
    </message>
    <message>
        <source>{file} is not a readable safetensors file ({reason}).</source>
        <translation>{file} ist keine lesbare safetensors-Datei ({reason}).</translation>
    </message>
    <message>
        <source>{file} is not an AKNet checkpoint: it has no {tensor} tensor. Choose a file saved from AKNet or AKNet Studio.</source>
        <translation>{file} ist kein AKNet-Checkpoint: Es fehlt der Tensor {tensor}. Wählen Sie eine Datei, die mit AKNet oder AKNet Studio gespeichert wurde.</translation>
    </message>
    <message>
        <source>{file} does not describe a valid AKNet: its first convolution&apos;s weight has no dimensions.</source>
        <translation>{file} beschreibt kein gültiges AKNet: Das Gewicht der ersten Faltung hat keine Dimensionen.</translation>
    </message>
    <message>
        <source>{file} does not describe a valid AKNet: {reason}.</source>
        <translation>{file} beschreibt kein gültiges AKNet: {reason}.</translation>
    </message>
    <message>
        <source>{file} does not fit an AKNet with {channels} base channels, {blocks} blocks per stage and {kernel}×{kernel} kernels.{listing}
Choose a checkpoint made for this network.</source>
        <translation>{file} passt nicht zu einem AKNet mit {channels} Basiskanälen, {blocks} Blöcken je Stufe und {kernel}×{kernel}-Kernen.{listing}
Wählen Sie einen Checkpoint, der für dieses Netz erstellt wurde.</translation>
    </message>
    <message>
        <source>{file} has malformed metadata: &apos;config&apos; should describe the network&apos;s sizes, not {kind} {value}. Re-export the weights.</source>
        <translation>{file} hat fehlerhafte Metadaten: &apos;config&apos; sollte die Größen des Netzes beschreiben, nicht {kind} {value}. Exportieren Sie die Gewichte erneut.</translation>
    </message>
    <message>
        <source>{file} describes an impossible AKNet in its metadata: {reason}.</source>
        <translation>{file} beschreibt in seinen Metadaten ein unmögliches AKNet: {reason}.</translation>
    </message>
    <message>
        <source>{file} is {size} MB; AKNet weights are at most {limit} MB (the published network is 18 MB). Choose an AKNet checkpoint.</source>
        <translation>{file} ist {size} MB groß; AKNet-Gewichte sind höchstens {limit} MB groß (das veröffentlichte Netz hat 18 MB). Wählen Sie einen AKNet-Checkpoint.</translation>
    </message>
    <message>
        <source>{file} is not a checkpoint file: AKNet models are {suffixes} files.</source>
        <translation>{file} ist keine Checkpoint-Datei: AKNet-Modelle sind {suffixes}-Dateien.</translation>
    </message>
    <message>
        <source>{file} does not say which task it was trained for. Say it: one of {tasks} (aknet models install FILE --task TASK, or choose the task in the app before installing).</source>
        <translation>{file} gibt nicht an, für welche Aufgabe es trainiert wurde. Geben Sie sie an: eine von {tasks} (aknet models install DATEI --task AUFGABE, oder wählen Sie die Aufgabe vor dem Installieren in der App).</translation>
    </message>
    <message>
        <source>{task} runs no network; install the model for one of: {tasks}.</source>
        <translation>„{task}“ verwendet kein Netz; installieren Sie das Modell für eine von: {tasks}.</translation>
    </message>
    <message>
        <source>{file} says it was trained for {trained}, not {task}. Install it for {name}.</source>
        <translation>Laut {file} wurde es für „{trained}“ trainiert, nicht für „{task}“. Installieren Sie es für {name}.</translation>
    </message>
    <message>
        <source>Could not copy {file} into {folder} ({reason}). Check that the folder can be written (or set {variable} to another folder).</source>
        <translation>{file} konnte nicht nach {folder} kopiert werden ({reason}). Prüfen Sie, ob der Ordner beschreibbar ist (oder setzen Sie {variable} auf einen anderen Ordner).</translation>
    </message>
    <message>
        <source>{name} is bundled with the app and cannot be removed.</source>
        <translation>{name} wird mit der App geliefert und kann nicht entfernt werden.</translation>
    </message>
    <message>
        <source>{path} is not in the models folder ({folder}); only installed models are removed.</source>
        <translation>{path} liegt nicht im Modellordner ({folder}); nur installierte Modelle werden entfernt.</translation>
    </message>
    <message>
        <source>{name} was already removed.</source>
        <translation>{name} wurde bereits entfernt.</translation>
    </message>
    <message>
        <source>Could not remove {path} ({reason}).</source>
        <translation>{path} konnte nicht entfernt werden ({reason}).</translation>
    </message>
    <message>
        <source>AKNet {channels} ch, {blocks} blocks, {kernel}×{kernel}, {output} output</source>
        <translation>AKNet {channels} Kanäle, {blocks} Blöcke, {kernel}×{kernel}, Ausgabe {output}</translation>
    </message>
    <message>
        <source>AKNet {channels} ch, {blocks} blocks, {kernel}×{kernel}</source>
        <translation>AKNet {channels} Kanäle, {blocks} Blöcke, {kernel}×{kernel}</translation>
    </message>
    <message>
        <source>The restored image is {width}×{height} but the original is {original_width}×{original_height}; compare a photo with its own restoration.</source>
        <translation>Das restaurierte Bild ist {width}×{height}, das Original aber {original_width}×{original_height}; vergleichen Sie ein Foto mit seiner eigenen Restaurierung.</translation>
    </message>
</context>
</TS>
