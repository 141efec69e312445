"""Size limits, worded for users."""

from __future__ import annotations


def format_size(n: float) -> str:
    """``52_428_800`` -> ``"52.4 MB"`` (decimal units, as file managers show them)."""
    if n >= 1_000_000:
        return f"{n / 1_000_000:.1f} MB"
    if n >= 1_000:
        return f"{n / 1_000:.1f} KB"
    return f"{int(n)} bytes"


def too_large(what: str, size: int | None, limit: int) -> str:
    """The problem text for an input over ``limit`` bytes; ``size`` is None when unknown."""
    if size is None:
        return f"{what} is too large (over the {format_size(limit)} limit)"
    return f"{what} is too large ({format_size(size)}; limit {format_size(limit)})"
