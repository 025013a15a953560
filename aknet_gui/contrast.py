"""Colour contrast as WCAG 2.x measures it, and text colours adjusted until they are readable on a background."""

from __future__ import annotations

from PySide6.QtGui import QColor

AA_TEXT = 4.5  # WCAG 2.x level AA, normal text
AA_GRAPHICS = 3.0  # WCAG 2.x level AA, large text and the parts of controls one must see (focus rings, icons)


def luminance(colour: QColor) -> float:
    """The relative luminance of an opaque colour (0 black … 1 white)."""

    def linear(channel: float) -> float:
        return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4

    return 0.2126 * linear(colour.redF()) + 0.7152 * linear(colour.greenF()) + 0.0722 * linear(colour.blueF())


def over(colour: QColor, background: QColor) -> QColor:
    """A translucent colour painted over an opaque one, as the screen shows it."""
    alpha = colour.alphaF()
    return QColor.fromRgbF(
        *(
            alpha * top + (1 - alpha) * bottom
            for top, bottom in zip(colour.getRgbF()[:3], background.getRgbF()[:3], strict=True)
        )
    )


def contrast_ratio(foreground: QColor, background: QColor) -> float:
    """WCAG's contrast ratio (1 … 21) of a colour (translucent ones are painted over the background first)."""
    shown = over(foreground, background) if foreground.alpha() < 255 else foreground
    lighter, darker = sorted((luminance(shown), luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def readable(colour: QColor, background: QColor, minimum: float = AA_TEXT) -> QColor:
    """The colour, darkened on a light background or lightened on a dark one until it reaches `minimum`."""
    towards = QColor(0, 0, 0) if luminance(background) > 0.18 else QColor(255, 255, 255)
    for step in range(21):
        mixed = QColor.fromRgbF(
            *(c + (t - c) * step / 20 for c, t in zip(colour.getRgbF()[:3], towards.getRgbF()[:3], strict=True))
        )
        if contrast_ratio(mixed, background) >= minimum:
            return mixed
    return towards
