"""`aknet compare`: write one shareable before/after picture of a photo, restoring it first unless its
restoration is given."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from core import cli_types
from core.comparison import LAYOUTS, ComparisonOptions, model_name, result_label, write_comparison
from core.tasks import TASKS, get_task


def _cmd_compare(args: argparse.Namespace) -> int:
    from core.batch import blend
    from core.image.read import read_image

    original = read_image(Path(args.original))
    task = get_task(args.task)
    if args.restored:
        restored = read_image(Path(args.restored)).rgb
        model = args.model or ""
    else:
        from core.batch import restore_loaded
        from core.engine import create_restorer

        engine = create_restorer(args.task, weights=args.weights, device=args.device, tile=args.tile)
        print(f"Restoring {original.path.name} with {args.task} on {engine.device_label}", file=sys.stderr)
        restored = restore_loaded(engine, original)
        model = args.model or model_name(engine.description)
    if restored.shape == original.rgb.shape:  # else compose_comparison says what is wrong
        restored = blend(original.rgb, restored, args.strength / 100)
    after = result_label(task.label, model)
    if args.strength < 100:
        after += f" · {args.strength:g}%"
    options = ComparisonOptions(args.layout, args.before_label, after, args.max_side)
    written = write_comparison(Path(args.output), original.rgb, restored, options, quality=args.quality,
                               overwrite=args.overwrite)  # fmt: skip
    print(f"Wrote {written}", file=sys.stderr)
    return 0


def add_compare_command(sub: argparse._SubParsersAction) -> None:
    """Register `aknet compare` on the subcommand parsers."""
    compare = sub.add_parser(
        "compare",
        help="write one before/after picture of a photo (side by side or split), labelled with the task and model",
        description="Write one shareable picture: the original and its restoration side by side (or split), each "
        "half labelled. Give RESTORED to compare with a file already restored; without it the photo is restored "
        "with --task/--weights first.",
    )
    compare.add_argument("original", metavar="ORIGINAL", help="the original photo")
    compare.add_argument("restored", nargs="?", metavar="RESTORED", help="its restoration (default: restore it now)")
    compare.add_argument("-o", "--output", required=True, help="the picture to write (.jpg, .png, .webp, .tif)")
    compare.add_argument("--task", choices=list(TASKS), default="dehaze", help="the task (labels the picture)")
    compare.add_argument("--weights", help="checkpoint to restore with instead of the task's bundled weights")
    compare.add_argument("--model", help="the model's name on the label (default: the weights file's name)")
    compare.add_argument("--device", default="auto", help="auto, cpu, cuda or cuda:N (default auto)")
    compare.add_argument(
        "--tile", type=cli_types.tile, default="auto", help="auto, off or a tile size in pixels (default auto)"
    )
    compare.add_argument(
        "--strength",
        type=cli_types.number(float, 0, 100),
        default=100.0,
        help="percent of the restoration shown (blended with the original), 0-100 (default 100)",
    )
    compare.add_argument("--layout", choices=LAYOUTS, default="side-by-side", help="default side-by-side")
    compare.add_argument(
        "--max-side",
        type=cli_types.number(int, 16, cli_types.MAX_SIDE),
        help="longest side of the picture in pixels (default: full size)",
    )
    compare.add_argument("--before-label", default="Original", help="label of the original's half")
    compare.add_argument(
        "--quality", type=cli_types.number(int, 1, 100), default=92, help="JPEG/WebP quality, 1-100 (default 92)"
    )
    compare.add_argument("--overwrite", action="store_true", help="replace an existing output file")
    compare.set_defaults(handler=_cmd_compare)
