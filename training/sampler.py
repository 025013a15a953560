"""A resumable stream of training batches: every sample is named by (dataset index, seed, sample number),
so a run resumed at step k draws exactly what an uninterrupted run draws, with any number of workers; and
in a distributed run each process takes its own slice of the one global batch, so that N processes train
on exactly the samples one process would, none twice."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
from torch.utils.data import Sampler

SampleKey = tuple[int, int, int]  # (dataset index, run seed, global sample number)


class StepBatchSampler(Sampler[list[SampleKey]]):
    """Batches for steps `start_step`, `start_step + 1`, …: a fresh permutation of the data each epoch; with
    `world_size` > 1, the `rank`-th of `world_size` equal slices of each global batch of `batch_size`."""

    def __init__(
        self,
        dataset_size: int,
        batch_size: int,
        seed: int,
        start_step: int = 0,
        steps: int | None = None,
        rank: int = 0,
        world_size: int = 1,
    ):
        if dataset_size < 1:
            raise ValueError("the dataset is empty")
        if batch_size % world_size or not 0 <= rank < world_size:
            raise ValueError(f"a batch of {batch_size} has no slice {rank} of {world_size}")
        self.size, self.batch_size, self.seed = dataset_size, batch_size, seed
        self.start_step, self.steps = start_step, steps
        self.share = batch_size // world_size
        self.offset = rank * self.share
        self._epoch, self._order = -1, np.empty(0, np.int64)

    def index_of(self, sample: int) -> int:
        """The dataset index of global sample number `sample`."""
        epoch, position = divmod(sample, self.size)
        if epoch != self._epoch:
            self._epoch, self._order = epoch, np.random.default_rng([self.seed, epoch]).permutation(self.size)
        return int(self._order[position])

    def batch(self, step: int) -> list[SampleKey]:
        """The sample keys this process trains on at one step (its slice of the global batch)."""
        first = step * self.batch_size + self.offset
        return [(self.index_of(k), self.seed, k) for k in range(first, first + self.share)]

    def __iter__(self) -> Iterator[list[SampleKey]]:
        step = self.start_step
        while self.steps is None or step < self.start_step + self.steps:
            yield self.batch(step)
            step += 1

    def __len__(self) -> int:
        return self.steps if self.steps is not None else 2**62


def sample_rng(key: SampleKey | int) -> np.random.Generator:
    """The random generator of one sample: from its key, or fixed for a plain index (validation)."""
    if isinstance(key, tuple):
        _, seed, number = key
        return np.random.default_rng([seed, number])
    return np.random.default_rng([int(key)])
