"""The compare view: what it paints at each zoom, synchronised views, split, hold, strength, 24 MP speed."""

from __future__ import annotations

import time

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QImage, QWheelEvent

from aknet_gui.compare_view import CompareView
from aknet_gui.display import display_image

pytestmark = pytest.mark.gui


def solid(colour: tuple[int, int, int], height: int = 60, width: int = 80) -> np.ndarray:
    return np.broadcast_to(np.array(colour, dtype=np.uint8), (height, width, 3)).copy()


def checker(height: int = 40, width: int = 40) -> np.ndarray:
    yy, xx = np.mgrid[0:height, 0:width]
    return np.where(((yy + xx) % 2 == 0)[..., None], 230, 20).astype(np.uint8).repeat(3, axis=2)


@pytest.fixture
def view(qtbot) -> CompareView:
    compare = CompareView()
    qtbot.addWidget(compare)
    compare.resize(640, 400)
    compare.show()
    qtbot.waitExposed(compare)
    return compare


def grab(view) -> QImage:
    return view.viewport().grab().toImage()


def rgb_at(image: QImage, x: int, y: int) -> tuple[int, int, int]:
    colour = image.pixelColor(x, y)
    return colour.red(), colour.green(), colour.blue()


def scene_to_view(view, x: float, y: float) -> QPoint:
    return view.mapFromScene(QPointF(x, y))


def test_pixels_stay_sharp_from_100_percent_and_smooth_below(qtbot, view: CompareView):
    image = display_image(checker(), min_side=8)
    view.set_mode("single")
    view.set_images(image, None)
    right = view.right
    right.set_zoom(4.0)
    shot = grab(right)
    top_left = scene_to_view(right, 10, 10)
    values = {rgb_at(shot, top_left.x() + dx, top_left.y() + dy)[0] for dx in range(12) for dy in range(12)}
    assert values == {20, 230}  # nearest neighbour: only the two source values, no blending
    block = {rgb_at(shot, top_left.x() + dx, top_left.y() + dy) for dx in range(4) for dy in range(4)}
    assert len(block) == 1  # one source pixel covers a 4×4 screen block

    right.set_zoom(0.5)
    shot = grab(right)
    centre = scene_to_view(right, 20, 20)
    grey = rgb_at(shot, centre.x(), centre.y())[0]
    assert 100 < grey < 150  # area-averaged below 100%, not aliased


def test_side_by_side_views_zoom_and_pan_together(qtbot, view: CompareView, rng):
    original = display_image(rng.integers(0, 255, (300, 400, 3), dtype=np.uint8))
    view.set_images(original, original)
    left, right = view.left, view.right
    assert view.zoom() == pytest.approx(left.zoom())
    anchor = QPointF(110, 230)  # inside the photo, off-centre
    under_cursor = right.mapToScene(anchor.toPoint())
    event = QWheelEvent(
        anchor,
        right.viewport().mapToGlobal(anchor),
        QPoint(),
        QPoint(0, 480),  # four notches: the photo then overflows the view both ways
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    right.wheelEvent(event)
    assert right.zoom() > 1.0 and not right.fit_mode
    moved = right.mapToScene(anchor.toPoint()) - under_cursor
    assert abs(moved.x()) <= 1.0 / right.zoom() + 1e-6 and abs(moved.y()) <= 1.0 / right.zoom() + 1e-6
    right.horizontalScrollBar().setValue(right.horizontalScrollBar().value() + 37)
    assert left.zoom() == pytest.approx(right.zoom())
    assert left.horizontalScrollBar().value() == right.horizontalScrollBar().value()
    assert left.verticalScrollBar().value() == right.verticalScrollBar().value()
    view.actual_size()
    assert left.zoom() == pytest.approx(1.0)
    view.zoom_in()
    assert right.zoom() == pytest.approx(1.5) and left.zoom() == pytest.approx(1.5)
    view.fit()
    assert right.fit_mode and left.fit_mode


def test_split_hold_and_strength_show_the_right_pixels(qtbot, view: CompareView):
    red, blue = (200, 30, 30), (30, 30, 200)
    view.set_images(display_image(solid(red)), display_image(solid(blue)))
    view.set_mode("split")
    right = view.right
    assert not view.left.isVisible()
    shot = grab(right)
    centre = scene_to_view(right, 40, 30)
    x_split = right.viewport().width() // 2
    assert rgb_at(shot, x_split - 20, centre.y()) == red  # left of the line: the original
    assert rgb_at(shot, x_split + 20, centre.y()) == blue  # right of it: the result

    right.set_split(0.25)
    assert right.top.clip.left() == pytest.approx(right.mapToScene(QPoint(round(right.viewport().width() / 4), 0)).x())

    view.set_hold(True)
    shot = grab(right)
    assert rgb_at(shot, x_split + 20, centre.y()) == red
    assert right.captions[0] == "Original (held)"
    view.set_hold(False)

    view.set_mode("single")
    for strength in (0.25, 0.9):  # a quarter of the way from the original to the result, then most of it
        view.set_strength(strength)
        shot = grab(right)
        expected = (1 - strength) * np.array(red) + strength * np.array(blue)
        assert np.abs(np.array(rgb_at(shot, centre.x(), centre.y())) - expected).max() <= 2
        assert right.captions[0] == f"Restored · {strength:.0%}"


@pytest.mark.slow
def test_a_24_megapixel_photo_paints_fast(qtbot, view: CompareView):
    height, width = 4000, 6000
    yy, xx = np.mgrid[0:height, 0:width].astype(np.float32)
    scene = (0.5 + 0.4 * np.sin(xx / 170)[..., None] * np.cos(yy / 230)[..., None]) * np.ones(3, np.float32)
    original = display_image(scene)
    restored = display_image(np.clip(scene * 1.2 - 0.1, 0, 1))
    view.resize(1400, 800)
    view.set_images(original, restored)
    view.set_strength(0.7)
    frames: list[float] = []

    def frame() -> None:
        start = time.perf_counter()
        view.left.viewport().repaint()
        view.right.viewport().repaint()
        frames.append((time.perf_counter() - start) * 1000)

    for zoom in (None, 1.0, 4.0, 0.37):
        view.fit() if zoom is None else view.right.set_zoom(zoom)
        frame()
        for _ in range(10):  # pan
            view.right.horizontalScrollBar().setValue(view.right.horizontalScrollBar().value() + 40)
            frame()
    print(f"\n24 MP side by side: slowest frame {max(frames):.1f} ms, median {np.median(frames):.1f} ms")
    assert max(frames) < 50
