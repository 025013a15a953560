"""The `aknet` command line: restore, info, bench, compare, models, plus subcommands that other packages register."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from importlib.metadata import entry_points
from pathlib import Path
from typing import TextIO

from core import __version__, cli_types
from core.cli_compare import add_compare_command
from core.errors import AKNetError
from core.models_cli import register_models
from core.precision import PRECISIONS
from core.tasks import TASKS


class _StderrProgress:
    """A one-line progress display on stderr (a plain line per step when stderr is not a terminal)."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream = stream or sys.stderr  # looked up now: stderr may have been replaced since import
        self.interactive = stream.isatty()
        self.last_percent = -1

    def __call__(self, fraction: float, message: str) -> None:
        percent = int(fraction * 100)
        if percent == self.last_percent:
            return
        self.last_percent = percent
        if self.interactive:
            self.stream.write(f"\r{percent:3d}% {message[:70]:<70}")
            self.stream.flush()
        elif percent % 10 == 0:
            self.stream.write(f"{percent:3d}% {message}\n")

    def finish(self) -> None:
        if self.interactive:
            self.stream.write("\r" + " " * 76 + "\r")
            self.stream.flush()
        self.last_percent = -1


class _PoolProgress:
    """The one progress display of a batch on several devices: the files done and those being restored."""

    def __init__(self, total: int, display: _StderrProgress | None = None) -> None:
        self.display = display or _StderrProgress()
        self.total, self.done = total, 0
        self.running: dict[int, tuple[str, float]] = {}  # index → (file name, fraction done)

    def starter(self, index: int, name: str) -> Callable[[float, str], None]:
        """The progress callback of file `index` (0..1 of that file)."""
        self.running[index] = (name, 0.0)

        def report(fraction: float, message: str) -> None:
            if index in self.running:
                self.running[index] = (name, fraction)
                self._show()

        return report

    def finish(self, index: int) -> None:
        """File `index` has its result: clear the line before it is printed."""
        self.running.pop(index, None)
        self.done += 1
        self.display.finish()

    def _show(self) -> None:
        fraction = (self.done + sum(f for _, f in self.running.values())) / max(self.total, 1)
        files = ", ".join(f"{name} {int(f * 100)}%" for name, f in self.running.values())
        self.display(min(fraction, 1.0), f"{self.done}/{self.total} done; {files}")


def _cmd_restore(args: argparse.Namespace) -> int:
    from core.batch import (
        BatchSummary,
        InputItem,
        ItemResult,
        OutputOptions,
        collect_inputs,
        parse_shard,
        run_batch,
        take_shard,
    )
    from core.device_pool import debug_reason, device_list, run_batch_on_devices
    from core.engine import create_restorer
    from core.image import IMAGE_SUFFIXES
    from core.progress import Status

    devices = device_list(args.device)  # several devices: each is checked before any work
    if args.device == "auto" and not TASKS[args.task].classic:
        from core.gpu_check import gpu_problem

        problem = gpu_problem()  # e.g. a CUDA build without a matching driver: say why the CPU runs it
        if problem:
            print(f"note: {problem}", file=sys.stderr)
    items, problems = collect_inputs(args.inputs, recursive=args.recursive)
    if not items and not problems:
        raise AKNetError("No images found in the given inputs.")
    if args.shard:
        index, count = parse_shard(args.shard)
        found = len(items)
        items = take_shard(items, index, count)
        problems = problems if index == 0 else []  # inputs that are missing or not images: told once
        print(f"Shard {index}/{count}: {len(items)} of the {found} image(s) found", file=sys.stderr)
    output = Path(args.output)
    single_file = (
        len(items) == 1 and not problems and Path(args.inputs[0]).is_file() and output.suffix.lower() in IMAGE_SUFFIXES
    )
    options = OutputOptions(
        folder=None if single_file else output,
        template=args.template,
        format=args.format,
        bit_depth=args.bit_depth,
        quality=args.quality,
        skip_existing=args.skip_existing,
        overwrite=args.overwrite,
        replace_originals=args.replace_originals,
        strength=args.strength / 100,
        strip_metadata=args.strip_metadata,
    )
    summary = BatchSummary(list(problems))
    if items:
        if single_file:
            items = [InputItem(items[0].path, output=output)]

        def ready(device_labels: list[str], task_of_weights: str | None) -> None:
            if task_of_weights and task_of_weights != args.task and not TASKS[args.task].classic:
                warning = f"warning: these weights were trained for '{task_of_weights}', not '{args.task}'."
                print(warning, file=sys.stderr)
            print(f"Restoring {len(items)} image(s) with {args.task} on {'; '.join(device_labels)}", file=sys.stderr)

        progress = _StderrProgress() if devices is None else _PoolProgress(len(items))

        def label(index: int) -> str:
            return f"[{index + 1}/{len(items)}] {items[index].path.name}"

        def on_start(index: int, item: InputItem) -> Callable[[float, str], None]:
            if devices is not None:
                return progress.starter(index, item.path.name)
            return lambda fraction, message: progress(fraction, f"{label(index)}: {message}")

        def on_item(index: int, result: ItemResult) -> None:
            if devices is None:
                progress.finish()
            else:
                progress.finish(index)
            shown = result.output if result.status == Status.DONE else result.error
            note = f" ({result.note})" if result.note else ""
            print(f"{label(index)}: {result.status} ({result.seconds:.1f} s) {shown}{note}", file=sys.stderr)

        if devices is None:
            engine = create_restorer(
                args.task, weights=args.weights, device=args.device, tile=args.tile, precision=args.precision
            )
            ready([engine.device_label], engine.description.get("task"))
            batch = run_batch(engine, items, options, args.task, None, on_start, on_item, unexpected=debug_reason)
        else:
            batch = run_batch_on_devices(
                devices,
                items,
                options,
                args.task,
                args.weights,
                args.tile,
                None,
                ready,
                on_start,
                on_item,
                precision=args.precision,
            )
        summary.results += batch.results
    print(summary.report(all_counts=True), file=sys.stderr)
    return 0 if summary.ok else 1


def _system_info(as_json: bool) -> None:
    """The machine as the restorer sees it (the text Help ▸ Copy system info copies in the app)."""
    from core.system_info import format_system_info, system_info

    info = system_info()
    print(json.dumps(info, indent=2) if as_json else format_system_info(info))


def _cmd_info(args: argparse.Namespace) -> int:
    from core.input_prior import describe_prior
    from core.network.checkpoint import load_checkpoint
    from core.network.config import OUTPUT_DESCRIPTIONS

    if args.system:
        _system_info(args.json)
        if not args.file:
            return 0
    if not args.file:
        raise AKNetError("Say which checkpoint to describe (aknet info FILE), or ask for --system.")

    checkpoint = load_checkpoint(args.file)
    info = {
        "file": str(checkpoint.path),
        "format": checkpoint.source_format,
        "architecture": checkpoint.config.to_dict(),
        "parameters": checkpoint.parameter_count,
        "tensors": len(checkpoint.state_dict),
        "dtype": str(next(iter(checkpoint.state_dict.values())).dtype).replace("torch.", ""),
        "metadata": checkpoint.metadata,
        "ignored_parameters": checkpoint.ignored,
    }
    if args.json:
        print(json.dumps(info, indent=2))
        return 0
    cfg = checkpoint.config
    print(f"File:          {info['file']}")
    print(f"Format:        {info['format']} ({info['tensors']} tensors, {info['dtype']})")
    print(
        f"Architecture:  AKNet, {cfg.base_channels} base channels, {cfg.num_blocks} blocks per stage, "
        f"{cfg.kernel_size}×{cfg.kernel_size} large kernels"
    )
    print(f"Parameters:    {info['parameters']:,}")
    if checkpoint.ignored:
        unused = sum(checkpoint.ignored.values())
        print(f"Unused:        {len(checkpoint.ignored)} published tensors, {unused:,} parameters, never used")
    if cfg.output != "image":
        print(f"Output:        {OUTPUT_DESCRIPTIONS[cfg.output]}")
    prior = describe_prior(checkpoint.metadata.get("input_prior"))
    if prior:
        print(f"Input:         {prior}")
    for key, value in checkpoint.metadata.items():
        if key not in ("config", "format", "input_prior"):
            shown = value if isinstance(value, str) else json.dumps(value)
            print(f"{key + ':':<14} {shown}")
    return 0


def _cmd_bench(args: argparse.Namespace) -> int:
    from core.bench import fidelity_lines, format_table, run_benchmarks

    sizes = args.size or [(512, 512), (1280, 720)]
    results = run_benchmarks(
        sizes,
        weights=args.weights,
        device=args.device,
        tile=args.tile,
        repeats=args.repeats,
        warmup=args.warmup,
        fast_paths=not args.plain,
        isolate=not args.inline,
        precisions=tuple(args.precision or ["auto"]),
    )
    print(json.dumps([r.to_dict() for r in results], indent=2) if args.json else format_table(results))
    if not args.json:
        for line in fidelity_lines(args.weights, args.device, tuple(args.precision or [])):
            print(line)
    return 0


def _unavailable(name: str, reason: Exception):
    def handler(args: argparse.Namespace) -> int:
        raise AKNetError(f"The '{name}' command is not available in this installation ({reason}).")

    return handler


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of `aknet`, with the subcommands registered by installed packages."""
    parser = argparse.ArgumentParser(prog="aknet", description="Restore hazy, snowy and defocused photos with AKNet.")
    parser.add_argument("--version", action="version", version=f"aknet {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    restore = sub.add_parser("restore", help="restore images or folders of images")
    restore.add_argument("inputs", nargs="+", metavar="INPUT", help="image files or folders")
    restore.add_argument("-o", "--output", required=True, help="output file (one input) or folder")
    restore.add_argument("--task", choices=list(TASKS), default="dehaze")
    restore.add_argument("--weights", help="checkpoint to use instead of the task's bundled weights")
    restore.add_argument(
        "--device",
        default="auto",
        help="auto, cpu, cuda or cuda:N (default auto); several, e.g. cuda:0,cuda:1 or all-gpus: one worker process "
        "per device, taking files from one queue (cpu,cpu: two CPU processes sharing the cores)",
    )
    restore.add_argument(
        "--tile", type=cli_types.tile, default="auto", help="auto, off or a tile size in pixels (default auto)"
    )
    restore.add_argument(
        "--precision",
        choices=PRECISIONS,
        default="auto",
        help="arithmetic: auto (float16 on GPUs; bfloat16 on CPUs with bfloat16 units where it is faithful to "
        "float32 on these weights, measured once and cached; else float32), fp32, bf16 or fp16",
    )
    restore.add_argument("--format", choices=["same", "png", "jpg", "tif", "webp"], default="same")
    restore.add_argument("--bit-depth", choices=["same", "8", "16"], default="same")
    restore.add_argument(
        "--quality", type=cli_types.number(int, 1, 100), default=95, help="JPEG/WebP quality, 1-100 (default 95)"
    )
    restore.add_argument(
        "--strength",
        type=cli_types.number(float, 0, 100),
        default=100.0,
        help="percent of the restoration kept, 0-100 (default 100)",
    )
    restore.add_argument(
        "--strip-metadata",
        action="store_true",
        help="leave out EXIF (camera, place, time), XMP, IPTC and the provenance note; colours (ICC) stay",
    )
    restore.add_argument("--template", default="{name}_{task}", help="output name template: {name} {task} {ext}")
    restore.add_argument("--recursive", action="store_true", help="also restore images in subfolders")
    restore.add_argument(
        "--overwrite", action="store_true", help="replace existing output files (never an input photo)"
    )
    restore.add_argument(
        "--replace-originals",
        action="store_true",
        help="write each result over its input photo: the original is lost (only with this flag)",
    )
    restore.add_argument("--skip-existing", action="store_true", help="leave existing outputs alone")
    restore.add_argument("--shard", metavar="K/N",
                         help="restore only part K of N disjoint parts of the inputs (K from 0; e.g. a job array's "
                         "$SLURM_ARRAY_TASK_ID/100); the parts together cover every image once")  # fmt: skip
    restore.set_defaults(handler=_cmd_restore)

    info = sub.add_parser("info", help="describe a checkpoint (architecture, parameters, metadata) or the system")
    info.add_argument("file", nargs="?")
    info.add_argument(
        "--system",
        action="store_true",
        help="the app, OS, PyTorch and its build, GPUs, the CPU's units, threads and models (for a support request)",
    )
    info.add_argument("--json", action="store_true")
    info.set_defaults(handler=_cmd_info)

    bench = sub.add_parser("bench", help="time restoration: wall time, megapixels per second, peak memory")
    bench.add_argument(
        "--size", type=cli_types.size, action="append", help="WIDTHxHEIGHT (repeatable; default 512x512 and 1280x720)"
    )
    bench.add_argument("--weights", help="checkpoint (default: the bundled dehaze weights)")
    bench.add_argument("--device", default="auto")
    bench.add_argument("--tile", type=cli_types.tile, default="off", help="auto, off or PIXELS (default off)")
    bench.add_argument(
        "--repeats", type=cli_types.number(int, 1, 1000), default=3, help="timed runs per size (median reported)"
    )
    bench.add_argument("--warmup", type=cli_types.number(int, 0, 100), default=1, help="untimed runs first (default 1)")
    bench.add_argument("--plain", action="store_true", help="use the plain reference arithmetic (no fast paths)")
    bench.add_argument(
        "--precision",
        action="append",
        choices=PRECISIONS,
        help="time at this precision (repeatable; default auto); each one other than fp32 also gets its fidelity "
        "against float32 on the sample photos",
    )
    bench.add_argument("--inline", action="store_true", help="measure in this process (peak memory is then shared)")
    bench.add_argument("--json", action="store_true")
    bench.set_defaults(handler=_cmd_bench)
    add_compare_command(sub)

    register_models(sub)

    for entry in entry_points(group="aknet.commands"):
        try:
            entry.load()(sub)
        except ImportError as exc:  # an optional part (e.g. training) that is not installed
            unavailable = sub.add_parser(entry.name, help=f"(unavailable: {exc})")
            unavailable.set_defaults(handler=_unavailable(entry.name, exc))
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run `aknet`; returns the exit status (0 ok, 1 some files failed, 2 error)."""
    args = build_parser().parse_args(argv)
    return run_at_edge(lambda: args.handler(args))


def run_at_edge(action: Callable[[], int | None]) -> int:
    """Run a command, turning the project's errors and Ctrl-C into a message and an exit status."""
    try:
        return int(action() or 0)
    except AKNetError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("\ninterrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
