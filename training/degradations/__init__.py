"""Synthetic degradations of clean photos, one module per kind: haze, snow and defocus blur.

Each module has `synthesize(clean, rng, ranges) -> (degraded, params)`, deterministic for a given
seed, and a frozen `…Ranges` dataclass whose defaults are the documented parameter ranges. Which task
uses which is in training.tasks.
"""
