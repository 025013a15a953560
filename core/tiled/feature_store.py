"""A feature map kept between tiled passes, in memory or, when memory is short, in a temporary file."""

from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np
import torch

from core.tiled.windows import Window


class FeatureStore:
    """A 1×C×H×W map at 1/scale resolution, written and read by windows (full-resolution coordinates).

    On disk it is stored pixel-major (H×W×C) so that each row of a window is one contiguous read;
    the file is read and written with plain seeks (no memory map), so it occupies the page cache,
    which the system may evict, rather than the process's own memory. It is an anonymous
    temporary file: nothing is left behind, even after a crash.
    """

    def __init__(
        self,
        channels: int,
        height: int,
        width: int,
        scale: int,
        dtype: torch.dtype,
        device: torch.device,
        on_disk: bool = False,
        folder: Path | None = None,
    ) -> None:
        self.channels, self.scale, self.dtype, self.device = channels, scale, dtype, device
        self.height, self.width = height // scale, width // scale
        self.on_disk = on_disk
        self._memory: torch.Tensor | None = None
        self._file = None
        if on_disk:
            self._file = tempfile.TemporaryFile(prefix="aknet-features-", dir=folder)  # noqa: SIM115
            self._numpy_dtype = np.dtype(str(dtype).replace("torch.", ""))
            self._row_bytes = self.width * channels * self._numpy_dtype.itemsize
        else:
            self._memory = torch.empty((1, channels, self.height, self.width), dtype=dtype, device=device)

    @property
    def nbytes(self) -> int:
        """Size of the whole map."""
        return self.channels * self.height * self.width * torch.finfo(self.dtype).bits // 8

    def write(self, window: Window, values: torch.Tensor) -> None:
        """Store `values` (1×C×h×w covering `window` at 1/scale)."""
        rows, cols = window.at(self.scale)
        if self._memory is not None:
            self._memory[..., rows, cols] = values
            return
        pixels = values[0].to("cpu", self.dtype).permute(1, 2, 0).contiguous().numpy()  # h×w×C
        offset = cols.start * self.channels * self._numpy_dtype.itemsize
        for index, row in enumerate(range(rows.start, rows.stop)):
            self._file.seek(row * self._row_bytes + offset)
            self._file.write(memoryview(pixels[index]).cast("B"))

    def read(self, window: Window) -> torch.Tensor:
        """The stored values of `window` (1×C×h×w, on the store's device, in its dtype)."""
        rows, cols = window.at(self.scale)
        if self._memory is not None:
            return self._memory[..., rows, cols]
        width = cols.stop - cols.start
        count = width * self.channels * self._numpy_dtype.itemsize
        offset = cols.start * self.channels * self._numpy_dtype.itemsize
        pixels = np.empty((rows.stop - rows.start, width, self.channels), dtype=self._numpy_dtype)
        for index, row in enumerate(range(rows.start, rows.stop)):
            self._file.seek(row * self._row_bytes + offset)
            if self._file.readinto(memoryview(pixels[index]).cast("B")) != count:
                raise OSError(f"the temporary feature file is shorter than expected (row {row})")
        return torch.from_numpy(pixels).permute(2, 0, 1).unsqueeze(0).to(self.device)

    def close(self) -> None:
        """Release the memory or the temporary file."""
        self._memory = None
        if self._file is not None:
            self._file.close()
            self._file = None

    def __del__(self) -> None:
        self.close()
