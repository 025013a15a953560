"""AKNet, the aligned-kernel restoration network: a three-scale U-Net with a large-kernel
bottleneck and frequency-aware fusion. See ../shared/AKNET_SPEC.md for the published design."""

from __future__ import annotations

import torch
from torch import nn
from torch.nn import functional as F

from core.network.blocks import FAM, SCM, BasicConv, Stage
from core.network.config import AKNetConfig
from core.network.freq_fusion import FreqFusion
from core.network.haze_model import AIRLIGHT_BIAS, haze_parameters, recover
from core.network.large_kernel import LargeKernelBottleneck


class AKNet(nn.Module):
    """The AKNet restoration network; `forward` returns outputs at 1/4, 1/2 and full scale."""

    def __init__(self, config: AKNetConfig | None = None) -> None:
        super().__init__()
        self.config = config = config or AKNetConfig()
        c, n = config.base_channels, config.num_blocks
        self.stem = BasicConv(3, c, 3)
        self.down_half = BasicConv(c, 2 * c, 3, stride=2)
        self.down_quarter = BasicConv(2 * c, 4 * c, 3, stride=2)
        self.encoder_full = Stage(c, n)
        self.encoder_half = Stage(2 * c, n)
        self.encoder_quarter = Stage(4 * c, n)
        self.scm_half = SCM(2 * c)
        self.scm_quarter = SCM(4 * c)
        self.fam_half = FAM(2 * c)
        self.fam_quarter = FAM(4 * c)
        self.bottleneck = LargeKernelBottleneck(4 * c, config.kernel_size)
        self.decoder_quarter = Stage(4 * c, n)
        self.decoder_half = Stage(2 * c, n)
        self.decoder_full = Stage(c, n)
        self.fusion_half = FreqFusion(2 * c, 4 * c)
        self.fusion_full = FreqFusion(c, 2 * c)
        self.merge_half = BasicConv(6 * c, 2 * c, 1)
        self.merge_full = BasicConv(3 * c, c, 1)
        outputs = config.out_channels
        self.out_quarter = BasicConv(4 * c, outputs, 3, act=False)
        self.out_half = BasicConv(2 * c, outputs, 3, act=False)
        self.out_full = BasicConv(c, outputs, 3, act=False)
        if config.output == "haze":  # start from a bright airlight rather than mid-grey
            for head in (self.out_quarter, self.out_half, self.out_full):
                nn.init.constant_(head.conv.bias[1:4], AIRLIGHT_BIAS)

    def set_fast_paths(self, enabled: bool) -> AKNet:
        """Switch every exact reformulation on (default) or back to the plain published arithmetic."""
        for module in self.modules():
            if hasattr(module, "fast"):
                module.fast = enabled
        return self

    def encode(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor]:
        """Encoder: (full-scale skip, half-scale skip, quarter-scale features, quarter image)."""
        x_half = F.interpolate(x, scale_factor=0.5)
        x_quarter = F.interpolate(x_half, scale_factor=0.5)
        res_full = self.encoder_full(self.stem(x))
        res_half = self.encoder_half(self.fam_half(self.down_half(res_full), self.scm_half(x_half)))
        z = self.encoder_quarter(self.fam_quarter(self.down_quarter(res_half), self.scm_quarter(x_quarter)))
        return res_full, res_half, z, x_quarter

    def heads(self, x: torch.Tensor) -> list[torch.Tensor]:
        """The output convolutions' raw values at 1/4, 1/2 and full scale (before the residual or the haze model)."""
        res_full, res_half, z, _ = self.encode(x)
        z = self.decoder_quarter(self.bottleneck(z))
        out_quarter = self.out_quarter(z)
        lr, hr = self.fusion_half(hr=res_half, lr=z)
        del res_half
        z = self.decoder_half(self.merge_half(hr, lr))
        del lr, hr
        out_half = self.out_half(z)
        lr, hr = self.fusion_full(hr=res_full, lr=z)
        del res_full, z
        z = self.decoder_full(self.merge_full(hr, lr))
        del lr, hr
        return [out_quarter, out_half, self.out_full(z)]

    def forward(self, x: torch.Tensor) -> list[torch.Tensor]:
        """The restored image at 1/4, 1/2 and full scale: the heads plus the input (published), or the input
        with the predicted haze removed (output="haze")."""
        x_half = F.interpolate(x, scale_factor=0.5)
        inputs = [F.interpolate(x_half, scale_factor=0.5), x_half, x]
        raw = self.heads(x)
        if self.config.output == "haze":
            return [recover(image, out) for image, out in zip(inputs, raw, strict=True)]
        return [out + image for image, out in zip(inputs, raw, strict=True)]

    def haze_map(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """(transmission N×1×H×W, airlight N×3×1×1) that a haze-output network sees in the batch `x`."""
        if self.config.output != "haze":
            raise ValueError("haze_map needs a network built with output='haze'")
        return haze_parameters(self.heads(x)[-1])
