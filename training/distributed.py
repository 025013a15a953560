"""Training over several processes with torch.distributed: one process per GPU (NCCL) or per share of the
CPU (gloo), started by torchrun on one node or several. This is where a process learns its place in the
run, joins the others, and the few collectives the trainer needs beyond DistributedDataParallel's own."""

from __future__ import annotations

import contextlib
import datetime
import os
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any

import torch
import torch.distributed as dist

from core.devices import resolve_device
from core.errors import AKNetError, DeviceError


@dataclass(frozen=True)
class Group:
    """This process's place in a run: its rank among `world_size` processes (every node), and on its node."""

    rank: int = 0
    world_size: int = 1
    local_rank: int = 0
    local_world_size: int = 1
    control: Any = field(default=None, compare=False)  # a gloo group for CPU-side agreement next to NCCL

    @property
    def active(self) -> bool:
        """Whether there are other processes to work with."""
        return self.world_size > 1

    @property
    def is_main(self) -> bool:
        """Rank 0: the one process that writes files, validates and prints."""
        return self.rank == 0

    def share(self, batch_size: int) -> int:
        """Images per step for this process when `batch_size` is the global batch."""
        if batch_size % self.world_size:
            raise AKNetError(
                f"--batch-size is the global batch, split evenly over the {self.world_size} processes; "
                f"{batch_size} does not divide by {self.world_size}: use a multiple of {self.world_size}."
            )
        return batch_size // self.world_size

    def agree(self, values: list[float]) -> list[float]:
        """The largest of each value over every process (all get the same list): decisions such as
        stopping, taken together so that no process waits for one that left."""
        if not self.active:
            return values
        largest = torch.tensor(values, dtype=torch.float64)
        dist.all_reduce(largest, op=dist.ReduceOp.MAX, group=self.control)
        return largest.tolist()

    def barrier(self) -> None:
        """Wait until every process has come this far."""
        if self.active:
            dist.barrier(group=self.control)

    def mean(self, tensor: torch.Tensor) -> torch.Tensor:
        """The mean of a tensor over every process (the tensor itself in a single process)."""
        if not self.active:
            return tensor
        total = tensor.clone()
        dist.all_reduce(total)
        return total / self.world_size


SINGLE = Group()


def _environment_int(name: str, default: int) -> int:
    text = os.environ.get(name, "")
    try:
        return int(text) if text else default
    except ValueError as exc:
        raise AKNetError(f"The launcher set {name}={text!r}, which is not a number.") from exc


def launched_group() -> Group:
    """The place torchrun (or any launcher setting RANK, WORLD_SIZE, LOCAL_RANK) gave this process;
    a single process when it was started plainly."""
    world_size = _environment_int("WORLD_SIZE", 1)
    if world_size <= 1:
        return SINGLE
    local_world_size = _environment_int("LOCAL_WORLD_SIZE", world_size)
    return Group(_environment_int("RANK", 0), world_size, _environment_int("LOCAL_RANK", 0), max(1, local_world_size))


def rank_device(spec: str, group: Group) -> torch.device:
    """The device a process trains on: the one named, or in a distributed run on GPUs the GPU of its rank on
    its node (torchrun starts one process per GPU)."""
    device = resolve_device(spec)
    if not group.active or device.type == "cpu":
        return device
    if device.type != "cuda":
        raise DeviceError(f"Distributed training runs on CUDA GPUs or on the CPU, not on {device.type}.")
    if ":" in (spec or ""):
        raise DeviceError(f"torchrun gives each process its own GPU: use --device cuda (or auto), not {spec}.")
    count = torch.cuda.device_count()
    if group.local_rank >= count:
        raise DeviceError(
            f"{group.local_world_size} processes on this node but only {count} GPU(s): "
            f"start at most --nproc-per-node={count}."
        )
    torch.cuda.set_device(group.local_rank)
    return torch.device("cuda", group.local_rank)


@contextlib.contextmanager
def joined(device_spec: str, timeout_minutes: float) -> Iterator[Group]:
    """Join the other processes of a torchrun launch for the duration (NCCL on GPUs, gloo on the CPU), with
    collectives that fail after `timeout_minutes` instead of waiting forever; a plain run joins nothing."""
    group = launched_group()
    if not group.active:
        yield group
        return
    device = rank_device(device_spec, group)
    timeout = datetime.timedelta(minutes=timeout_minutes)
    if device.type == "cuda":
        dist.init_process_group("nccl", timeout=timeout, device_id=device)
        group = replace(group, control=dist.new_group(backend="gloo", timeout=timeout))
    else:
        dist.init_process_group("gloo", timeout=timeout)
    try:
        yield group
        # Nobody leaves before rank 0 has written its files: a launcher that sees one process end with an
        # exit status (Ctrl-C's 130) stops the others.
        group.barrier()
    finally:
        dist.destroy_process_group()
