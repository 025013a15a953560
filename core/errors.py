"""The project's own exception types, caught once at the edge (CLI, GUI)."""

from __future__ import annotations


class AKNetError(Exception):
    """Base class of every error that AKNet Studio reports to a user."""


class CheckpointError(AKNetError):
    """A weights file could not be read or does not fit the network."""


class WeightsMissingError(AKNetError):
    """A task has no trained weights to run with."""


class ImageReadError(AKNetError):
    """An image file could not be read or decoded."""


class ImageWriteError(AKNetError):
    """An image could not be written."""


class DeviceError(AKNetError):
    """The requested compute device is not available."""


class CancelledError(AKNetError):
    """The user cancelled the work."""


class InvalidResultError(AKNetError):
    """A restoration came out as NaN or infinity (never written out)."""


class OutOfMemoryError(AKNetError):
    """The device ran out of memory while restoring."""


def unexpected_reason(exc: BaseException) -> str:
    """The reason a photo failed, for an error that is not one of the project's (the batch goes on)."""
    if isinstance(exc, MemoryError):
        return "There is not enough memory for this image. Close other programs or restore a smaller image."
    if isinstance(exc, OSError):
        return f"{exc.strerror or exc}" + (f": {exc.filename}" if getattr(exc, "filename", None) else "")
    return f"Unexpected error ({type(exc).__name__}: {exc}). Please report it."
