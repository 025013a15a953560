"""The shareable before/after picture (core.comparison) and `aknet compare`, on real files."""

from __future__ import annotations

import numpy as np
import pytest

from core.cli import build_parser, main
from core.comparison import GAP, ComparisonOptions, compose_comparison, result_label, write_comparison
from core.errors import AKNetError
from core.image.read import read_image
from core.image.write import write_image
from tests.conftest import smooth_image


def solid(colour: tuple[float, float, float], height: int = 120, width: int = 200) -> np.ndarray:
    return np.broadcast_to(np.array(colour, dtype=np.float32), (height, width, 3)).copy()


RED, BLUE = (0.9, 0.1, 0.1), (0.1, 0.1, 0.9)


def test_side_by_side_puts_the_original_left_and_the_result_right_with_labels():
    picture = compose_comparison(solid(RED), solid(BLUE), ComparisonOptions(after_label="Dehaze · model.pkl"))
    assert picture.shape == (120, 2 * 200 + GAP, 3) and picture.dtype == np.uint8
    assert tuple(picture[-5, 100]) == (230, 26, 26)  # below the labels: the photos themselves
    assert tuple(picture[-5, 200 + GAP + 100]) == (26, 26, 230)
    top_left, top_right = picture[5:30, 5:60], picture[5:30, 200 + GAP + 5 : 200 + GAP + 60]
    assert (top_left.max(axis=2) > 240).any() and (top_left.max(axis=2) < 10).any()  # white text on a dark box
    assert (top_right.max(axis=2) > 240).any()


def test_split_shows_the_original_left_of_the_line_and_the_result_right():
    picture = compose_comparison(solid(RED), solid(BLUE), ComparisonOptions(layout="split", split=0.25))
    assert picture.shape == (120, 200, 3)
    assert tuple(picture[-5, 20]) == (230, 26, 26)
    assert tuple(picture[-5, 150]) == (26, 26, 230)
    assert tuple(picture[-5, 50]) == (255, 255, 255)  # the dividing line at a quarter


def test_reduced_size_keeps_the_longest_side_within_the_limit():
    picture = compose_comparison(solid(RED, 300, 400), solid(BLUE, 300, 400), ComparisonOptions(max_side=500))
    assert max(picture.shape[:2]) <= 500 and picture.shape[1] > 400
    split = compose_comparison(solid(RED, 300, 400), solid(BLUE, 300, 400), ComparisonOptions("split", max_side=100))
    assert split.shape[:2] == (75, 100)


def test_sixteen_bit_results_compose_like_float():
    deep = (solid(BLUE) * 65535 + 0.5).astype(np.uint16)
    options = ComparisonOptions()
    from_float = compose_comparison(solid(RED), solid(BLUE), options)
    assert np.array_equal(compose_comparison(solid(RED), deep, options), from_float)


def test_mismatched_sizes_and_bad_options_say_what_to_do():
    with pytest.raises(AKNetError, match="its own restoration"):
        compose_comparison(solid(RED), solid(BLUE, 60, 80), ComparisonOptions())
    with pytest.raises(AKNetError, match="side-by-side, split"):
        ComparisonOptions(layout="diagonal")
    assert result_label("Dehaze", "") == "Dehaze" and result_label("Dehaze", "a.pkl") == "Dehaze · a.pkl"


def test_write_is_atomic_and_refuses_to_replace_unless_told(tmp_path):
    target = tmp_path / "share.jpg"
    write_comparison(target, solid(RED), solid(BLUE), ComparisonOptions(), overwrite=False)
    assert read_image(target).rgb.shape == (120, 404, 3)
    with pytest.raises(AKNetError, match="already exists"):
        write_comparison(target, solid(RED), solid(BLUE), ComparisonOptions(), overwrite=False)
    assert [p.name for p in tmp_path.iterdir()] == ["share.jpg"]  # no temporary left behind


def test_cli_compare_restores_with_the_classic_method_and_labels_it(tmp_path, rng, capsys):
    source = write_image(tmp_path / "hazy.png", smooth_image(rng, 64, 80))
    target = tmp_path / "share.png"
    status = main(["compare", str(source), "-o", str(target), "--task", "classic-dehaze", "--layout", "split"])
    assert status == 0, capsys.readouterr().err
    picture = read_image(target)
    assert picture.rgb.shape == (64, 80, 3) and picture.bit_depth == 8
    assert "Wrote" in capsys.readouterr().err


def test_cli_compare_two_files_at_reduced_size(tmp_path, rng):
    before = write_image(tmp_path / "a.png", smooth_image(rng, 100, 150))
    after = write_image(tmp_path / "a_dehaze.png", smooth_image(rng, 100, 150))
    target = tmp_path / "share.webp"
    argv = ["compare", str(before), str(after), "-o", str(target), "--max-side", "160", "--model", "mine.pkl"]
    assert main(argv) == 0
    assert read_image(target).rgb.shape[1] <= 160
    assert main(argv) == 2  # exists: refused, with a message
    assert main([*argv, "--overwrite"]) == 0


def test_cli_compare_errors_are_clear(tmp_path, rng, capsys):
    before = write_image(tmp_path / "a.png", smooth_image(rng, 40, 50))
    other = write_image(tmp_path / "b.png", smooth_image(rng, 30, 50))
    assert main(["compare", str(before), str(other), "-o", str(tmp_path / "x.png")]) == 2
    assert "its own restoration" in capsys.readouterr().err
    assert main(["compare", str(tmp_path / "missing.png"), "-o", str(tmp_path / "y.png")]) == 2
    assert not (tmp_path / "x.png").exists() and not (tmp_path / "y.png").exists()


def test_compare_is_in_the_help():
    assert "compare" in build_parser().format_help()


def test_cli_compare_strength_blends_the_restoration_with_the_original(tmp_path, rng):
    before = write_image(tmp_path / "a.png", smooth_image(rng, 60, 80))
    after = write_image(tmp_path / "a_dehaze.png", smooth_image(rng, 60, 80))
    target = tmp_path / "share.png"
    assert main(["compare", str(before), str(after), "-o", str(target), "--strength", "0", "--layout", "split"]) == 0
    picture, original = read_image(target).rgb, read_image(before).rgb
    assert np.abs(picture[40:, 50:] - original[40:, 50:]).max() <= 1 / 255 + 1e-6  # 0%: the original both sides


def test_labels_beyond_latin_are_drawn_with_a_system_font_that_has_their_glyphs():
    """A translated label (here Cyrillic, which this machine's DejaVu fonts cover; Chinese likewise where a CJK font
    is installed) is drawn with a font that has its glyphs, not Pillow's Latin-only one, which would draw boxes."""
    import shutil
    import subprocess

    from PIL import Image, ImageDraw, ImageFont

    from core.comparison import system_font_for

    assert system_font_for("Dehaze · model.pkl") is None  # Latin: Pillow's own font
    if shutil.which("fc-list") is None:
        pytest.skip("needs fontconfig")
    label = "Оригинал"
    font = system_font_for(label)
    covering = subprocess.run(["fc-list", "-f", "%{file}\n", ":charset=41e"], capture_output=True, text=True).stdout
    if not covering.strip():
        pytest.skip("no font on this machine has Cyrillic glyphs")
    assert font in covering.splitlines()

    # The built-in font draws every one of these letters as the same box; the system font draws them apart.
    def drawn(typeface, letter: str) -> bytes:
        canvas = Image.new("L", (40, 40))
        ImageDraw.Draw(canvas).text((4, 4), letter, font=typeface, fill=255)
        return canvas.tobytes()

    boxes = {drawn(ImageFont.load_default(size=24), c) for c in label[1:4]}
    glyphs = {drawn(ImageFont.truetype(font, 24), c) for c in label[1:4]}
    assert len(glyphs) == 3 and len(boxes) < 3
    picture = compose_comparison(solid(RED), solid(BLUE), ComparisonOptions(after_label=label))
    assert picture.shape[0] > 0
