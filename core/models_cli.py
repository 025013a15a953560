"""`aknet models list|install|remove`: the user's models folder from the command line (core.models_folder)."""

from __future__ import annotations

import argparse
import json
import sys

from core.models_folder import all_models, install_model, models_dir, network_tasks, remove_model


def _cmd_list(args: argparse.Namespace) -> int:
    from core.model_details import describe_model

    details = [describe_model(model) for model in all_models()]
    if args.json:
        print(json.dumps({"folder": str(models_dir()), "models": [d.to_dict() for d in details]}, indent=2))
        return 0
    print(f"Models folder: {models_dir()}")
    for item in details:
        print(f"\n{item.model.name}  ({item.model.source}, {item.task_label})")
        print(f"  File:          {item.model.path}")
        if item.error:
            print(f"  Unreadable:    {item.error}")
            continue
        preset = f" (preset '{item.preset}')" if item.preset else ""
        print(f"  Architecture:  {item.architecture}{preset}, {item.parameters:,} parameters")
        if item.training:
            print(f"  Training:      {item.training}")
    return 0


def _cmd_install(args: argparse.Namespace) -> int:
    result = install_model(args.file, task=args.task)
    model = result.model
    if result.already_there:
        print(f"{args.file} is already installed as {model.name} ({model.path}); nothing copied.")
    else:
        print(f"Installed {model.name} in {model.path.parent}.")
    return 0


def _cmd_remove(args: argparse.Namespace) -> int:
    removed = remove_model(args.name)
    print(f"Removed {removed}.", file=sys.stderr)
    return 0


def register_models(sub: argparse._SubParsersAction) -> None:
    """Add `models` with its list, install and remove subcommands to the `aknet` parser."""
    models = sub.add_parser("models", help="list, install or remove models in the user's models folder")
    actions = models.add_subparsers(dest="models_command", required=True, metavar="ACTION")
    listing = actions.add_parser("list", help="every model: bundled and installed, with task, architecture, size")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=_cmd_list)
    install = actions.add_parser("install", help="check a checkpoint and copy it into the models folder")
    install.add_argument("file", help="a .pkl, .pth, .pt or .safetensors checkpoint")
    install.add_argument("--task", choices=network_tasks(), help="the task to offer it for (default: what it says)")
    install.set_defaults(handler=_cmd_install)
    remove = actions.add_parser("remove", help="delete an installed model (bundled ones stay)")
    remove.add_argument("name", help="the model's name as `aknet models list` shows it, e.g. dehaze/mine.safetensors")
    remove.set_defaults(handler=_cmd_remove)
