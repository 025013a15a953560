"""Command lines of the trainer: `aknet train | eval | synth | export` (registered through the
'aknet.commands' entry points) and the published `python -m training --mode train|test`."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from core import cli_types
from core.input_prior import PRIORS
from core.network.config import OUTPUTS, SIZE_LIMITS
from training.tasks import TRAINABLE_TASKS

TASK_CHOICES = tuple(TRAINABLE_TASKS)


def _option(
    parser: argparse.ArgumentParser | Any,
    name: str,
    *,
    minimum: float | None = None,
    maximum: float | None = None,
    above: bool = False,
    **kwargs: Any,
) -> None:
    """Add `--name_with_underscores` and its `--hyphenated-form` as one option; a number is checked to be finite
    and within `minimum` (exclusive when `above`) and `maximum` as it is parsed."""
    if kwargs.get("type") in (int, float):
        kwargs["type"] = cli_types.number(kwargs["type"], minimum, maximum, above=above)
    flags = [f"--{name}"]
    if "_" in name:
        flags.append(f"--{name.replace('_', '-')}")
    parser.add_argument(*flags, dest=kwargs.pop("dest", name), **kwargs)


def add_train_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of a training run: the published ones first, then the practitioner's."""
    published = parser.add_argument_group("published options")
    _option(published, "data_dir", help="paired dataset: DIR/train/{hazy,gt} and DIR/test/{hazy,gt}")
    _option(published, "batch_size", type=int, minimum=1, default=8,
            help="images per step (default 8); under torchrun the global batch, split over the processes")  # fmt: skip
    _option(
        published,
        "learning_rate",
        type=float,
        minimum=0,
        maximum=1,
        above=True,
        default=2e-4,
        help="peak Adam learning rate (default 2e-4)",
    )
    _option(published, "num_epoch", type=int, minimum=1, default=500, help="epochs over the training set (default 500)")
    _option(
        published, "save_freq", type=int, minimum=1, default=50, help="save a checkpoint every N epochs (default 50)"
    )
    _option(published, "valid_freq", type=int, minimum=1, default=30, help="validate every N epochs (default 30)")
    _option(published, "resume", help="training checkpoint (.pt) to continue from exactly")
    _option(published, "seed", type=int, minimum=0, maximum=2**32 - 1, default=100, help="random seed (default 100)")

    model = parser.add_argument_group("task and model")
    _option(model, "task", choices=TASK_CHOICES, default="dehaze", help="what the weights are for (default dehaze)")
    _option(model, "model", choices=("published", "small", "tiny"), default="published", help="architecture preset")
    c_low, c_high = SIZE_LIMITS["base_channels"]
    b_low, b_high = SIZE_LIMITS["num_blocks"]
    k_low, k_high = SIZE_LIMITS["kernel_size"]
    _option(model, "base_channels", type=int, minimum=c_low, maximum=c_high, help="override the preset's base channels")
    _option(
        model,
        "num_blocks",
        type=int,
        minimum=b_low,
        maximum=b_high,
        help="override the preset's residual blocks per stage",
    )
    _option(
        model,
        "kernel_size",
        type=int,
        minimum=k_low,
        maximum=k_high,
        help="override the preset's large-kernel size (odd)",
    )
    _option(model, "output", choices=tuple(OUTPUTS), default="image", help="what the network predicts: image (the "
            "published residual) or haze (a transmission map and the airlight, inverted by the scattering model; "
            "dehaze only)")  # fmt: skip
    _option(model, "airlight_weight", type=float, minimum=0, default=0.0, help="haze output: weight of an L1 loss "
            "between each head's airlight and the one the haze was synthesised with (default 0: off)")  # fmt: skip
    _option(model, "transmission_weight", type=float, minimum=0, default=0.0, help="haze output: weight of an L1 "
            "loss between each head's transmission map and the one the haze was synthesised with, area-averaged to "
            "the head's size; haze made in linear light is left out (default 0: off)")  # fmt: skip
    _option(model, "init_weights", help="start from these weights (.pkl, .pth, .safetensors): fine-tuning")

    data = parser.add_argument_group("data")
    _option(data, "clean", action="append", default=[], metavar="DIR[:N]",
            help="clean photos to degrade on the fly (repeatable; :N counts each photo N times)")  # fmt: skip
    _option(data, "extra_clean", action="append", default=[], metavar="DIR[:N]",
            help="more clean photos for training only: never held out, and the held-out photos stay the ones "
                 "--clean and --holdout-seed pick (adding a folder to --clean would change them)")  # fmt: skip
    _option(data, "synthesize", action="store_true", help="treat --data_dir as clean photos to degrade on the fly")
    _option(data, "crop_size", type=int, minimum=16, default=256, help="training crop in pixels (default 256)")
    _option(data, "valid_count", type=int, minimum=0, default=16, help="validation images (0: the whole test split)")
    _option(data, "holdout_seed", type=int, minimum=0, maximum=2**32 - 1,
            help="pick the held-out photos (and their validation degradations) with this seed instead of --seed, "
            "so that runs with other seeds keep the same photos out: `aknet synth --seed S --test-count N` "
            "writes them")  # fmt: skip
    _option(data, "valid_size", type=int, minimum=0, default=0, help="centre-crop validation images to N px (0: whole)")
    _option(data, "scale_range", type=float, minimum=0, maximum=1, above=True, nargs=2, default=(0.5, 1.0),
            metavar=("LOW", "HIGH"), help="synthetic crops: random downscale of the photo (default 0.5 1.0)",
            )  # fmt: skip
    _option(data, "rot90", action="store_true", help="also rotate crops by multiples of 90°")
    _option(
        data,
        "colour_jitter",
        type=float,
        minimum=0,
        maximum=1,
        default=0.0,
        help="synthetic crops: ±brightness/contrast/saturation",
    )
    _option(data, "input_prior", choices=tuple(PRIORS), help="train the network to refine this classic "
            "restoration of each input (dark-channel: the dark channel prior); the weights record it")  # fmt: skip
    _option(data, "max_side", type=int, minimum=0, default=0, help="shrink photos so the long side is at most N px")
    _option(
        data, "cache_gb", type=float, minimum=0, default=4.0, help="keep paired images decoded in memory up to N GB"
    )
    _option(data, "workers", type=int, minimum=-1, default=-1, help="data-loader processes (default: automatic)")

    run = parser.add_argument_group("run")
    _option(run, "steps", type=int, minimum=1, help="train for N steps instead of --num_epoch epochs")
    _option(
        run,
        "max_minutes",
        type=float,
        minimum=0,
        above=True,
        help="time budget: stop, validate, save and export in time",
    )
    _option(
        run, "warmup_steps", type=int, minimum=0, help="linear warm-up steps (default: one epoch, ≤ 5%% of --steps)"
    )
    _option(run, "min_learning_rate", type=float, minimum=0, default=1e-6,
            help="where the cosine schedule ends after the warm-up (default 1e-6)")  # fmt: skip
    _option(run, "save_every", type=int, minimum=1, help="save every N steps (overrides --save_freq)")
    _option(run, "valid_every", type=int, minimum=1, help="validate every N steps (overrides --valid_freq)")
    _option(run, "log_every", type=int, minimum=1, default=10, help="log and show figures every N steps (default 10)")
    _option(run, "keep_checkpoints", type=int, minimum=0, default=3, help="periodic checkpoints kept (default 3)")
    _option(run, "output_dir", help="run folder (default runs/<task>)")
    _option(run, "device", default="auto", help="auto, cpu, cuda or cuda:N")
    _option(run, "amp", choices=("auto", "bf16", "fp16", "off"), default="auto",
            help="mixed precision: auto = bf16 or fp16 on CUDA, float32 on the CPU; bf16 also on CPUs with "
            "bfloat16 units (aknet info --system)")  # fmt: skip
    _option(run, "channels_last", action=argparse.BooleanOptionalAction, default=None,
            help="channels-last memory layout (default: on, except on Apple MPS)")  # fmt: skip
    _option(run, "compile", action="store_true", help="torch.compile the model (CUDA; slow start, faster steps)")
    _option(run, "deterministic", action="store_true", help="deterministic kernels (slower; exact reruns)")
    _option(run, "dist_timeout", type=float, default=30.0, metavar="MINUTES",
            help="under torchrun: how long a process waits for the others (rank 0's validation included) "
            "before the run fails (default 30)")  # fmt: skip
    _option(run, "benchmark", action="store_true", help="measure steps per second with these settings and exit")
    _option(run, "plain_kernels", action="store_true", help="direct large-kernel convolutions, not the fast paths")


def add_test_arguments(parser: argparse.ArgumentParser, data_dir: bool = True) -> None:
    """Options of `--mode test` / `aknet eval`."""
    group = parser.add_argument_group("test")
    if data_dir:
        _option(group, "data_dir", required=True, help="paired dataset: DIR/test/{hazy,gt} (or DIR/{hazy,gt})")
    _option(group, "test_model", help="weights to test (.pkl, .pth, .pt or .safetensors)")
    _option(group, "result_dir", help="where to write results.csv (and the images with --save_image)")
    _option(group, "save_image", action="store_true", help="save the restored images")
    _option(group, "half", action="store_true", help="fp16 on CUDA (published figures use fp32)")
    _option(group, "limit", type=int, minimum=0, default=0, help="only the first N pairs")
    if data_dir:
        _option(group, "device", default="auto", help="auto, cpu, cuda or cuda:N")


def config_from_args(args: argparse.Namespace):
    """A TrainConfig from parsed training options (option names are the config's field names)."""
    from training.config import TrainConfig

    renamed = {"clean": "clean_dirs", "extra_clean": "extra_clean_dirs", "workers": "num_workers"}
    values = {renamed.get(key, key): value for key, value in vars(args).items()}
    values["output_dir"] = args.output_dir or f"runs/{args.task}"
    values["fast_paths"] = not args.plain_kernels
    return TrainConfig.from_dict(values)


def _echo(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def run_train(args: argparse.Namespace) -> int:
    """Handler of `aknet train` and `--mode train`, in one process or in each process of a torchrun launch
    (rank 0 alone prints and writes)."""
    from core.atomic import atomic_write
    from core.errors import AKNetError
    from training.data import build_run_data
    from training.distributed import joined, launched_group
    from training.trainer import Trainer

    config = config_from_args(args)
    if args.benchmark:
        if launched_group().active:
            raise AKNetError("--benchmark measures one process; run it without torchrun.")
        from training.bench import benchmark

        data = build_run_data(config) if (config.data_dir or config.clean_dirs or config.extra_clean_dirs) else None
        print(json.dumps(benchmark(config, data=data), indent=2))
        return 0
    with joined(config.device, config.dist_timeout) as group:
        data = build_run_data(config)
        trainer = Trainer(config, data, echo=_echo, group=group)
        if group.is_main:
            for line in data.problems:
                _echo(f"warning: {line}")
            record = json.dumps({"config": config.to_dict(), "data": data.info}, indent=1)
            atomic_write(Path(config.output_dir) / "config.json", lambda path: path.write_text(record, "utf-8"))
        result = trainer.fit()
    if group.is_main:
        summary = {
            "stopped": result.stopped,
            "step": result.step,
            "seconds": round(result.seconds, 1),
            "steps_per_second": round(result.steps_per_second, 3),
            "validation": result.validation,
            "best": result.best,
            "checkpoint": str(result.checkpoint),
            "weights": str(result.exported) if result.exported else None,
        }
        print(json.dumps(summary, indent=2))
    return 130 if result.stopped == "interrupted" else 0


def run_eval(args: argparse.Namespace) -> int:
    """Handler of `aknet eval` and `--mode test`."""
    from core.errors import AKNetError
    from training.evaluate import evaluate

    if not args.test_model:
        raise AKNetError("Say which weights to test with --test_model FILE.")
    result_dir = Path(args.result_dir) if args.result_dir else None
    evaluate(
        Path(args.data_dir),
        Path(args.test_model),
        result_dir,
        args.save_image,
        args.device,
        args.half,
        args.limit,
        echo=lambda text: print(text, flush=True),
    )
    return 0


def run_synth(args: argparse.Namespace) -> int:
    """Handler of `aknet synth`."""
    from training.synthesize import synthesize_dataset

    synthesize_dataset(
        args.clean,
        Path(args.output),
        args.task,
        args.seed,
        args.variants,
        args.test_count,
        args.max_side,
        args.crop,
        args.workers,
        args.overwrite,
        echo=_echo,
        test_only=args.test_only,
    )
    return 0


def run_export(args: argparse.Namespace) -> int:
    """Handler of `aknet export`."""
    from training.export import export_checkpoint

    path = export_checkpoint([Path(name) for name in args.checkpoint], Path(args.output), half=not args.fp32)
    print(path)
    return 0


def register_train(subparsers: Any) -> argparse.ArgumentParser:
    """Add `aknet train`."""
    parser = subparsers.add_parser("train", help="train AKNet weights (published recipe by default)")
    add_train_arguments(parser)
    parser.set_defaults(handler=run_train)
    return parser


def register_eval(subparsers: Any) -> argparse.ArgumentParser:
    """Add `aknet eval`."""
    parser = subparsers.add_parser("eval", help="PSNR/SSIM of weights on a paired test folder")
    add_test_arguments(parser)
    parser.set_defaults(handler=run_eval)
    return parser


def register_synth(subparsers: Any) -> argparse.ArgumentParser:
    """Add `aknet synth`."""
    parser = subparsers.add_parser("synth", help="write a paired dataset from clean photos (haze, snow, defocus)")
    _option(parser, "clean", action="append", required=True, metavar="DIR[:N]",
            help="clean photo folder (repeatable; :N makes N degraded versions of each photo)")  # fmt: skip
    _option(parser, "output", required=True, help="dataset folder to create (train/ and test/ inside)")
    _option(parser, "task", choices=TASK_CHOICES, default="dehaze")
    _option(parser, "seed", type=int, minimum=0, maximum=2**32 - 1, default=0)
    _option(parser, "variants", type=int, minimum=1, default=1, help="degraded versions of every photo (default 1)")
    _option(parser, "test_count", type=int, minimum=0, default=10, help="photos held out for test/ (default 10)")
    _option(parser, "test_only", action="store_true",
            help="write only test/: the photos that `aknet train` with the same folders, --seed (or "
            "--holdout-seed) and --valid-count N = --test-count N holds out (a fixed evaluation set)")  # fmt: skip
    _option(parser, "max_side", type=int, minimum=0, default=0, help="shrink photos so the long side is at most N px")
    _option(parser, "crop", type=int, minimum=0, default=0, help="random N×N crop of each photo (0: whole photo)")
    _option(parser, "workers", type=int, minimum=-1, default=0, help="processes (default: automatic)")
    _option(parser, "overwrite", action="store_true", help="write into a folder that is not empty")
    parser.set_defaults(handler=run_synth)
    return parser


def register_export(subparsers: Any) -> argparse.ArgumentParser:
    """Add `aknet export`."""
    parser = subparsers.add_parser("export", help="turn a training checkpoint into app weights (.safetensors)")
    _option(parser, "checkpoint", required=True, action="append",
            help="training checkpoint (best.pt, last.pt, …); repeat to export the average of several")  # fmt: skip
    _option(parser, "output", required=True, help="weights file to write (.safetensors)")
    _option(parser, "fp32", action="store_true", help="keep float32 (default float16, as the app ships)")
    parser.set_defaults(handler=run_export)
    return parser


REGISTER = {"train": register_train, "eval": register_eval, "synth": register_synth, "export": register_export}
