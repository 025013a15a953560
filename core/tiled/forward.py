"""Tiled AKNet forward pass equal to the whole-image one, in memory bounded by the tile size.

AKNet is not purely local: the SCM branches end in instance normalisation (whole-image
statistics) and the bottleneck takes global means and a global FFT. So the pass runs in phases:
  S. instance-norm statistics of both SCM branches, accumulated over tiles;
  A. the encoder, tile by tile, into a 1/4-scale feature map (and the 1/2-scale skip feature);
  B. the bottleneck on the whole 1/4-scale map (see lean_bottleneck), then its decoder stage;
  C. the rest of the decoder, tile by tile.
The skip features the decoder needs are kept from phase A (in memory or, when memory is short,
in a temporary file; see FeatureStore), or the full-resolution one is recomputed in phase C.
Every tile is computed with a halo at least as wide as the receptive field of what follows, and
each stage is cropped to what the next stage needs, so every output pixel sees exactly the
values the whole-image pass gives it (up to float rounding).
"""

from __future__ import annotations

from collections.abc import Callable

import torch

from core.network.aknet import AKNet
from core.network.blocks import SCM
from core.progress import CancelToken
from core.tiled.feature_store import FeatureStore
from core.tiled.lean_bottleneck import lean_bottleneck
from core.tiled.margins import Margins
from core.tiled.memory import release_free_memory
from core.tiled.planner import TilePlan
from core.tiled.windows import Window, crop, grid

Tick = Callable[[float, str], None]
# Share of the work in each phase, for progress.
PHASE_SHARE = {"S": 0.02, "A": 0.40, "B": 0.06, "C": 0.52}


def _scm_features(scm: SCM, image: torch.Tensor) -> torch.Tensor:
    return scm.convs(image)


def _normalise(features: torch.Tensor, scm: SCM, stats: tuple[torch.Tensor, torch.Tensor]) -> torch.Tensor:
    """Instance norm of `features` with statistics of the whole image."""
    mean, var = stats
    norm = scm.norm
    scale = (norm.weight.double() / torch.sqrt(var + norm.eps)).to(features.dtype)
    shift = (norm.bias.double() - mean * norm.weight.double() / torch.sqrt(var + norm.eps)).to(features.dtype)
    return features * scale.view(1, -1, 1, 1) + shift.view(1, -1, 1, 1)


class TiledForward:
    """Runs `model` on a padded 1×3×H×W image in tiles and returns its full-scale output."""

    def __init__(self, model: AKNet, device: torch.device, plan: TilePlan) -> None:
        self.model, self.device, self.plan = model, device, plan
        self.dtype = next(model.parameters()).dtype
        self.margins = Margins.for_blocks(model.config.num_blocks)
        self.channels_last = device.type == "cpu"

    def _load(self, image: torch.Tensor, window: Window, scale: int = 1) -> torch.Tensor:
        """A window of a (possibly CPU-resident) tensor at 1/scale, on the device in the model's layout."""
        rows, cols = window.at(scale)
        part = image[..., rows, cols].to(self.device, self.dtype)
        return part.contiguous(memory_format=torch.channels_last) if self.channels_last else part.contiguous()

    def __call__(
        self, image: torch.Tensor, tick: Tick | None = None, cancel: CancelToken | None = None
    ) -> torch.Tensor:
        """The restored full-scale output (1×3×H×W float32 on the CPU) of a padded image on the CPU."""
        height, width = image.shape[-2:]
        report = _PhaseReporter(tick, cancel)
        image_half = image[..., ::2, ::2]  # F.interpolate(scale_factor=0.5, mode='nearest') picks even pixels
        image_quarter = image_half[..., ::2, ::2]
        c, plan = self.model.config.base_channels, self.plan
        skip_half = FeatureStore(
            2 * c, height, width, 2, plan.skip_dtype, self.device, on_disk=plan.half_skip == "disk"
        )
        skip_full = None
        if plan.full_skip != "recompute":
            skip_full = FeatureStore(c, height, width, 1, plan.skip_dtype, self.device, plan.full_skip == "disk")
        try:
            with torch.inference_mode():
                stats_half = self._scm_stats(self.model.scm_half, image_half, height, width, 2, report.phase("S", 0, 2))
                stats_quarter = self._scm_stats(
                    self.model.scm_quarter, image_quarter, height, width, 4, report.phase("S", 1, 2)
                )
                release_free_memory()
                features = torch.empty((1, 4 * c, height // 4, width // 4), dtype=self.dtype, device=self.device)
                tiles = list(grid(height, width, plan.encoder_tile))
                for index, window in enumerate(tiles):
                    report.check()
                    self._encode_tile(
                        image, image_half, image_quarter, window, (stats_half, stats_quarter),
                        features, skip_half, skip_full,
                    )  # fmt: skip
                    report.phase("A", index, len(tiles))(1.0)
                release_free_memory()
                decoded = lean_bottleneck(
                    self.model.bottleneck, features, plan.chunk_channels, tick=report.phase("B", 0, 2)
                )
                features = self._decode_quarter(decoded, features, height, width, report.phase("B", 1, 2))
                del decoded
                release_free_memory()
                output = torch.empty((1, 3, height, width), dtype=torch.float32)
                tiles = list(grid(height, width, plan.decoder_tile))
                for index, window in enumerate(tiles):
                    report.check()
                    rows, cols = window.at(1)
                    output[..., rows, cols] = self._decode_tile(image, window, features, skip_half, skip_full)
                    report.phase("C", index, len(tiles))(1.0)
        finally:
            skip_half.close()
            if skip_full is not None:
                skip_full.close()
        return output

    def _scm_stats(
        self, scm: SCM, image: torch.Tensor, height: int, width: int, scale: int, tick: Callable[[float], None]
    ) -> tuple[torch.Tensor, torch.Tensor]:
        """Per-channel mean and (biased) variance of an SCM branch's features over the whole image."""
        total = torch.zeros(scm.norm.num_features, dtype=torch.float64, device=self.device)
        squares = torch.zeros_like(total)
        tiles = list(grid(height, width, self.plan.encoder_tile))
        for index, window in enumerate(tiles):
            have = window.grown(2 * scale, height, width)  # SCM's receptive radius is 2 pixels of its scale
            features = crop(_scm_features(scm, self._load(image, have, scale)), have, window, scale)
            total += features.sum(dim=(0, 2, 3), dtype=torch.float64)
            squares += features.square().sum(dim=(0, 2, 3), dtype=torch.float64)
            del features
            tick((index + 1) / len(tiles))
        count = (height // scale) * (width // scale)
        mean = total / count
        return mean, (squares / count - mean * mean).clamp_min(0)

    def _encode_tile(
        self,
        image: torch.Tensor,
        image_half: torch.Tensor,
        image_quarter: torch.Tensor,
        window: Window,
        stats: tuple[tuple[torch.Tensor, torch.Tensor], tuple[torch.Tensor, torch.Tensor]],
        features: torch.Tensor,
        skip_half: FeatureStore,
        skip_full: FeatureStore | None,
    ) -> None:
        """Phase A for one tile: the encoder, writing the tile's 1/4-scale features and its skip features."""
        m, net = self.margins, self.model
        height, width = image.shape[-2:]

        def grown(margin: int) -> Window:
            return window.grown(margin, height, width)

        have = grown(m.encoder_input)
        stats_half, stats_quarter = stats
        x = net.encoder_full(net.stem(self._load(image, have)))
        if skip_full is not None:
            skip_full.write(window, crop(x, have, window, 1))
        x = crop(x, have, have := grown(m.encoder_full_out), 1)
        x = crop(net.down_half(x), have, have := grown(m.fam_half_in), 2)
        scm_in = grown(m.fam_half_in + 4)
        scm = crop(_scm_features(net.scm_half, self._load(image_half, scm_in, 2)), scm_in, have, 2)
        x = crop(net.fam_half(x, _normalise(scm, net.scm_half, stats_half)), have, have := grown(m.encoder_half_in), 2)
        x = net.encoder_half(x)
        skip_half.write(window, crop(x, have, window, 2))
        x = crop(x, have, have := grown(m.encoder_half_out), 2)
        x = crop(net.down_quarter(x), have, have := grown(m.fam_quarter_in), 4)
        scm_in = grown(m.fam_quarter_in + 8)
        scm = crop(_scm_features(net.scm_quarter, self._load(image_quarter, scm_in, 4)), scm_in, have, 4)
        x = net.fam_quarter(x, _normalise(scm, net.scm_quarter, stats_quarter))
        x = crop(x, have, have := grown(m.encoder_quarter_in), 4)
        rows, cols = window.at(4)
        features[..., rows, cols] = crop(net.encoder_quarter(x), have, window, 4)

    def _decode_quarter(
        self, source: torch.Tensor, target: torch.Tensor, height: int, width: int, tick: Callable[[float], None]
    ) -> torch.Tensor:
        """The 1/4-scale decoder stage over the whole map, in tiles, written into `target`."""
        tiles = list(grid(height, width, self.plan.encoder_tile))  # its working set per pixel is an encoder tile's
        for index, window in enumerate(tiles):
            have = window.grown(self.margins.decoder_quarter_in, height, width)
            rows, cols = have.at(4)
            part = source[..., rows, cols]
            if self.channels_last:
                part = part.contiguous(memory_format=torch.channels_last)
            decoded = crop(self.model.decoder_quarter(part), have, window, 4)
            rows, cols = window.at(4)
            target[..., rows, cols] = decoded
            tick((index + 1) / len(tiles))
        return target

    def _decode_tile(
        self,
        image: torch.Tensor,
        window: Window,
        features: torch.Tensor,
        skip_half: FeatureStore,
        skip_full: FeatureStore | None,
    ) -> torch.Tensor:
        """Phase C for one tile: fusion and decoder stages down to the restored full-scale pixels."""
        m, net = self.margins, self.model
        height, width = image.shape[-2:]

        def grown(margin: int) -> Window:
            return window.grown(margin, height, width)

        have = grown(m.fusion_half_in)
        lr = self._load(features, have, 4)
        hr = self._to_model(skip_half.read(have))
        lr, hr = net.fusion_half(hr=hr, lr=lr)
        inner = grown(m.decoder_half_in)
        x = net.merge_half(crop(hr, have, inner, 2), crop(lr, have, inner, 2))
        del lr, hr
        have = inner
        x = net.decoder_half(x)
        x = crop(x, have, have := grown(m.fusion_full_in), 2)
        if skip_full is not None:
            skip = self._to_model(skip_full.read(have))
        else:
            source = grown(m.skip_full_input)
            skip = crop(net.encoder_full(net.stem(self._load(image, source))), source, have, 1)
        lr, hr = net.fusion_full(hr=skip, lr=x)
        del skip, x
        inner = grown(m.decoder_full_in)
        x = net.merge_full(crop(hr, have, inner, 1), crop(lr, have, inner, 1))
        del lr, hr
        have = inner
        x = net.out_full(net.decoder_full(x))
        restored = crop(x, have, window, 1) + self._load(image, window)
        return restored.float().cpu()

    def _to_model(self, values: torch.Tensor) -> torch.Tensor:
        values = values.to(self.device, self.dtype)
        return values.contiguous(memory_format=torch.channels_last) if self.channels_last else values.contiguous()


class _PhaseReporter:
    """Turns per-phase fractions into overall progress and checks cancel."""

    def __init__(self, tick: Tick | None, cancel: CancelToken | None) -> None:
        self.tick, self.cancel = tick, cancel

    def check(self) -> None:
        if self.cancel is not None:
            self.cancel.raise_if_cancelled()

    def phase(self, name: str, index: int, count: int) -> Callable[[float], None]:
        """A callback for step `index` of `count` in phase `name`, taking that step's fraction done."""
        order = list(PHASE_SHARE)
        start = sum(PHASE_SHARE[p] for p in order[: order.index(name)])
        share = PHASE_SHARE[name]
        messages = {"S": "Measuring", "A": "Encoding tiles", "B": "Bottleneck", "C": "Decoding tiles"}

        def report(fraction: float) -> None:
            self.check()
            if self.tick is not None:
                done = start + share * (index + min(max(fraction, 0.0), 1.0)) / count
                self.tick(min(done, 1.0), f"{messages[name]} ({index + 1}/{count})" if name in "AC" else messages[name])

        return report
