"""The AKNet network: configuration, building blocks, the model and its checkpoints."""

from core.network.aknet import AKNet
from core.network.config import PRESETS, AKNetConfig

__all__ = ["PRESETS", "AKNet", "AKNetConfig"]
