"""`python -m training`: the published interface (`--mode train|test`) and the subcommands
`train`, `eval`, `synth` and `export` (the same as `aknet train` …)."""

from __future__ import annotations

import argparse
import sys

from core.cli import run_at_edge
from training.cli import REGISTER, add_test_arguments, add_train_arguments, run_eval, run_train


def published_parser() -> argparse.ArgumentParser:
    """The published command line: --mode train|test plus every training and test option."""
    parser = argparse.ArgumentParser(
        prog="python -m training",
        description="Train or test AKNet. Also: python -m training {train,eval,synth,export} --help",
    )
    parser.add_argument("--mode", choices=("train", "test"), required=True)
    add_train_arguments(parser)
    add_test_arguments(parser, data_dir=False)
    return parser


def subcommand_parser() -> argparse.ArgumentParser:
    """`python -m training COMMAND …` with the same subcommands as `aknet`."""
    parser = argparse.ArgumentParser(prog="python -m training")
    subparsers = parser.add_subparsers(dest="command", required=True)
    for register in REGISTER.values():
        register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the training command line; returns the exit status."""
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] in REGISTER:
        args = subcommand_parser().parse_args(argv)
        handler = args.handler
    else:
        args = published_parser().parse_args(argv)
        handler = run_train if args.mode == "train" else run_eval
        if args.mode == "test" and not args.data_dir:
            published_parser().error("--mode test needs --data_dir")
    return run_at_edge(lambda: handler(args))


if __name__ == "__main__":
    sys.exit(main())
