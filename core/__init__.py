"""AKNet Studio core: the network, the restoration engine, image I/O and the CLI (no Qt)."""

__version__ = "0.1.0"
