"""core's words in the user's language. core imports no Qt and speaks English (the command line's language); the
app translates what core says as it takes it in (task names, model descriptions, errors, notes), here, once.

Fixed texts are looked up whole; texts with details (a path, a count) match a template of the catalogue below,
whose fields are filled into the translated template. A message the catalogue does not know stays English (the
app's own words around it are still translated). The catalogue is marked with QT_TRANSLATE_NOOP so that
pyside6-lupdate (scripts/update_translations.py) collects it into the context "core" of every .ts file."""

from __future__ import annotations

import re
from functools import cache

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

CONTEXT = "core"

FIXED = (
    # core.tasks: labels and descriptions
    QT_TRANSLATE_NOOP("core", "Dehaze"),
    QT_TRANSLATE_NOOP("core", "Desnow"),
    QT_TRANSLATE_NOOP("core", "Defocus deblur"),
    QT_TRANSLATE_NOOP("core", "Classic dehaze (no AI)"),
    QT_TRANSLATE_NOOP("core", "Remove haze and fog with AKNet."),
    QT_TRANSLATE_NOOP("core", "Remove falling snow with AKNet."),
    QT_TRANSLATE_NOOP("core", "Sharpen out-of-focus photos with AKNet."),
    QT_TRANSLATE_NOOP("core", "Dark channel prior dehazing (He et al.): fast, needs no weights."),
    # core.network.config.OUTPUT_DESCRIPTIONS, core.input_prior.DESCRIPTIONS
    QT_TRANSLATE_NOOP("core", "the restored image"),
    QT_TRANSLATE_NOOP(
        "core",
        "a transmission map and the airlight, estimated on a small copy; the haze is then removed from the "
        "full-size photo by the scattering model",
    ),
    QT_TRANSLATE_NOOP("core", "dark channel prior dehazing (the classic baseline, default parameters)"),
    # core.batch, core.progress, core.errors, core.restorer, core.image.write
    QT_TRANSLATE_NOOP("core", "Cancelled."),
    QT_TRANSLATE_NOOP("core", "cancelled"),
    QT_TRANSLATE_NOOP("core", "output exists"),
    QT_TRANSLATE_NOOP("core", "the batch stopped"),
    QT_TRANSLATE_NOOP("core", "the output would replace the original photo; choose another folder or name"),
    QT_TRANSLATE_NOOP("core", "The naming template must give a file name (no folders)."),
    QT_TRANSLATE_NOOP(
        "core", "There is not enough memory for this image. Close other programs or restore a smaller image."
    ),
    QT_TRANSLATE_NOOP("core", "float16 overflowed (NaN or infinity); redone in float32."),
    QT_TRANSLATE_NOOP("core", "The GPU ran out of memory on a photo this large before; restored on the CPU."),
    QT_TRANSLATE_NOOP("core", "The GPU ran out of memory on a photo this large before; restored in tiles."),
    QT_TRANSLATE_NOOP("core", "The GPU ran out of memory; restored in tiles."),
    QT_TRANSLATE_NOOP("core", "There was not enough memory for the whole image; restored in tiles."),
    QT_TRANSLATE_NOOP("core", "No CUDA GPU is available (or this build of PyTorch has no CUDA); use --device cpu."),
    QT_TRANSLATE_NOOP("core", "the disk is full. Free some space or choose another folder"),
    QT_TRANSLATE_NOOP("core", "the disk quota is used up. Free some space or choose another folder"),
    QT_TRANSLATE_NOOP("core", "permission denied. Choose a folder you can write to"),
    QT_TRANSLATE_NOOP("core", "the disk is read-only. Choose another folder"),
    # core.gpu_check, core.precision
    QT_TRANSLATE_NOOP(
        "core",
        "This machine has an NVIDIA GPU, but the installed PyTorch is a CPU-only build, so restoring runs on the CPU. "
        "To use the GPU, install a CUDA build of PyTorch (the README says how, under 'Two commands on a fresh "
        "machine').",
    ),
    QT_TRANSLATE_NOOP("core", "The bundled sample photos are missing: reinstall AKNet Studio."),
    # core.models_folder, core.model_details: the Model manager
    QT_TRANSLATE_NOOP("core", "bundled with the app"),
    QT_TRANSLATE_NOOP("core", "installed"),
    QT_TRANSLATE_NOOP("core", "Any task"),
)

TEMPLATES = (
    QT_TRANSLATE_NOOP(
        "core",
        "No trained weights are bundled for {task} yet ({file} is missing), so it cannot run. Load a checkpoint "
        "for this task (--weights FILE, or Model ▸ Load checkpoint… in the app).",
    ),
    QT_TRANSLATE_NOOP("core", "{task} needs no weights."),
    QT_TRANSLATE_NOOP("core", "Unknown task '{name}'. Choose one of: {names}."),
    QT_TRANSLATE_NOOP("core", "Weights file not found: {path}"),
    QT_TRANSLATE_NOOP("core", "{file} is not a readable PyTorch checkpoint (the file is damaged)."),
    QT_TRANSLATE_NOOP("core", "{file} could not be read ({reason})."),
    QT_TRANSLATE_NOOP("core", "Image not found: {path}. Check that the file still exists."),
    QT_TRANSLATE_NOOP("core", "{path} is a folder, not an image file. Choose an image inside it."),
    QT_TRANSLATE_NOOP("core", "Cannot open {path}: permission denied. Check the file's permissions."),
    QT_TRANSLATE_NOOP(
        "core",
        "{file} could not be decoded; the file is damaged or incomplete ({reason}). Copy or export it again. ({path})",
    ),
    QT_TRANSLATE_NOOP("core", "Not enough memory to read {path}. Close other programs and try again."),
    QT_TRANSLATE_NOOP("core", "Could not save {target}: {reason}. The existing file was left unchanged."),
    QT_TRANSLATE_NOOP("core", "Could not save {target}: {reason}. No file was written."),
    QT_TRANSLATE_NOOP("core", "{target} already exists. Choose another name, or allow overwriting."),
    QT_TRANSLATE_NOOP("core", "{file} already exists; allow overwriting or skip existing files"),
    QT_TRANSLATE_NOOP("core", "The naming template '{template}' is malformed ({reason})."),
    QT_TRANSLATE_NOOP("core", "The naming template uses unknown field(s) {fields}; available: {available}."),
    QT_TRANSLATE_NOOP("core", "the file holds {frames} frames; only the first was restored"),
    QT_TRANSLATE_NOOP("core", "the photo after {prior}; the network refines that result"),
    QT_TRANSLATE_NOOP("core", "Unexpected error ({kind}: {detail}). Please report it."),
    QT_TRANSLATE_NOOP("core", "There is no GPU cuda:{index}; this machine has {count}."),
    # core.gpu_check, core.logs, core.precision: notices at start and when a model loads
    QT_TRANSLATE_NOOP(
        "core",
        "The GPU cannot be used: this PyTorch is built for CUDA {cuda}, but {reason}. Restoring runs on the CPU "
        "(slower). To use the GPU, install or update the NVIDIA driver to one that supports CUDA {cuda}, then "
        "restart AKNet Studio.",
    ),
    QT_TRANSLATE_NOOP(
        "core",
        "The log cannot be written in {folder} ({reason}); it is kept in {fallback} for this session instead. Set "
        "{variable} to a folder you may write to, or fix that folder's permissions.",
    ),
    QT_TRANSLATE_NOOP("core", "Unknown precision {name}: choose one of {names}."),
    QT_TRANSLATE_NOOP("core", "AKNET_PRECISION={value} is not one of {names}: correct or unset it."),
    # core.network.checkpoint, core.network.checkpoint_checks: loading and installing a checkpoint
    QT_TRANSLATE_NOOP(
        "core",
        "{file} does not hold network weights: expected a state dict or a dict with a 'model' entry. Choose an "
        "AKNet checkpoint (.pkl, .pth or .safetensors).",
    ),
    QT_TRANSLATE_NOOP(
        "core",
        "{file} contains Python objects other than tensors ({found}), which could run code when loaded, so it was "
        "refused. Re-save the weights as a plain state dict.",
    ),
    QT_TRANSLATE_NOOP("core", "{file} is not a readable PyTorch checkpoint ({reason})."),
    QT_TRANSLATE_NOOP("core", "{file} is not a readable safetensors file (it is only {count} bytes)."),
    QT_TRANSLATE_NOOP("core", "{file} is not a readable safetensors file ({reason})."),
    QT_TRANSLATE_NOOP(
        "core",
        "{file} is not an AKNet checkpoint: it has no {tensor} tensor. Choose a file saved from AKNet or AKNet Studio.",
    ),
    QT_TRANSLATE_NOOP(
        "core", "{file} does not describe a valid AKNet: its first convolution's weight has no dimensions."
    ),
    QT_TRANSLATE_NOOP("core", "{file} does not describe a valid AKNet: {reason}."),
    QT_TRANSLATE_NOOP(
        "core",
        "{file} does not fit an AKNet with {channels} base channels, {blocks} blocks per stage and "
        "{kernel}×{kernel} kernels.{listing}\nChoose a checkpoint made for this network.",
    ),
    QT_TRANSLATE_NOOP(
        "core",
        "{file} has malformed metadata: 'config' should describe the network's sizes, not {kind} {value}. "
        "Re-export the weights.",
    ),
    QT_TRANSLATE_NOOP("core", "{file} describes an impossible AKNet in its metadata: {reason}."),
    QT_TRANSLATE_NOOP(
        "core",
        "{file} is {size} MB; AKNet weights are at most {limit} MB (the published network is 18 MB). Choose an "
        "AKNet checkpoint.",
    ),
    # core.models_folder, core.model_details: installing, listing and removing models
    QT_TRANSLATE_NOOP("core", "{file} is not a checkpoint file: AKNet models are {suffixes} files."),
    QT_TRANSLATE_NOOP(
        "core",
        "{file} does not say which task it was trained for. Say it: one of {tasks} (aknet models install FILE "
        "--task TASK, or choose the task in the app before installing).",
    ),
    QT_TRANSLATE_NOOP("core", "{task} runs no network; install the model for one of: {tasks}."),
    QT_TRANSLATE_NOOP("core", "{file} says it was trained for {trained}, not {task}. Install it for {name}."),
    QT_TRANSLATE_NOOP(
        "core",
        "Could not copy {file} into {folder} ({reason}). Check that the folder can be written (or set {variable} "
        "to another folder).",
    ),
    QT_TRANSLATE_NOOP("core", "{name} is bundled with the app and cannot be removed."),
    QT_TRANSLATE_NOOP("core", "{path} is not in the models folder ({folder}); only installed models are removed."),
    QT_TRANSLATE_NOOP("core", "{name} was already removed."),
    QT_TRANSLATE_NOOP("core", "Could not remove {path} ({reason})."),
    QT_TRANSLATE_NOOP("core", "AKNet {channels} ch, {blocks} blocks, {kernel}×{kernel}, {output} output"),
    QT_TRANSLATE_NOOP("core", "AKNet {channels} ch, {blocks} blocks, {kernel}×{kernel}"),
    # core.comparison: File ▸ Export comparison…
    QT_TRANSLATE_NOOP(
        "core",
        "The restored image is {width}×{height} but the original is {original_width}×{original_height}; compare "
        "a photo with its own restoration.",
    ),
)

_FIELD = re.compile(r"\{(\w+)\}")


@cache
def _pattern(template: str) -> re.Pattern[str]:
    """A regular expression matching a template's English text, with a named group per field (a field that comes
    again must repeat what it matched the first time)."""
    parts, position, seen = [], 0, set()
    for match in _FIELD.finditer(template):
        name = match.group(1)
        parts.append(re.escape(template[position : match.start()]))
        parts.append(f"(?P={name})" if name in seen else f"(?P<{name}>.+?)")
        seen.add(name)
        position = match.end()
    parts.append(re.escape(template[position:]))
    return re.compile("".join(parts), re.DOTALL)


def core_text(message: str | None, depth: int = 2) -> str:
    """A message from core in the user's language (unchanged when the catalogue does not know it)."""
    if not message:
        return message or ""
    translated = QCoreApplication.translate(CONTEXT, message)
    if translated != message or depth <= 0:
        return translated
    for template in TEMPLATES:
        match = _pattern(template).fullmatch(message)
        if match is not None:
            fields = {name: core_text(value, depth - 1) for name, value in match.groupdict().items()}
            return QCoreApplication.translate(CONTEXT, template).format(**fields)
    return message
