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


class OutOfMemoryError(AKNetError):
    """The device ran out of memory while restoring."""
