"""Tiled inference that reproduces the whole-image result in bounded memory."""
