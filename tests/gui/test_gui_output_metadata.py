"""The output options in the app: WebP among the formats (export and batch), strip metadata, and the provenance
note of the model that made a result, written by real saves from the window."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from aknet_gui.output_options import OutputDialog, OutputOptionsWidget
from aknet_gui.settings import OutputSettings
from core.image.read import read_image
from tests.conftest import smooth_image
from tests.gui.conftest import use_weights, wait_idle

pytestmark = pytest.mark.gui


def camera_photo(path, rng):
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    Image.fromarray((smooth_image(rng, 40, 56) * 255).astype(np.uint8)).save(path, quality=95, exif=exif.tobytes())
    return path


def test_the_options_offer_webp_with_quality_and_strip_metadata_and_remember_them(qtbot, settings):
    widget = OutputOptionsWidget("dehaze")
    qtbot.addWidget(widget)
    widget.set_value(settings.output)
    assert widget.format.findData("webp") >= 0
    widget.format.setCurrentIndex(widget.format.findData("png"))
    assert not widget.quality.isEnabled()
    widget.format.setCurrentIndex(widget.format.findData("webp"))
    assert widget.quality.isEnabled()  # WebP is lossy: its quality applies
    assert "photo_dehaze.webp" in widget.example.text()
    assert not widget.strip_metadata.isChecked()
    widget.strip_metadata.setChecked(True)
    settings.output = widget.value()
    assert settings.output.format == "webp" and settings.output.strip_metadata


def test_export_writes_webp_with_the_note_then_strips_it_when_asked(qtbot, window, reference_weights, tmp_path, rng):
    photo = camera_photo(tmp_path / "harbour.jpg", rng)
    use_weights(qtbot, window, reference_weights)
    window.open_paths([photo])
    window.actions.restore_all.trigger()
    wait_idle(qtbot, window)

    window.settings.output = OutputSettings(format="webp", skip_existing=False)
    window.controller.export_all(tmp_path / "shared")
    wait_idle(qtbot, window)
    written = read_image(tmp_path / "shared" / "harbour_dehaze.webp")
    assert written.format == "WEBP" and b"PhoneMaker" in written.exif
    assert b'aknet:Task="dehaze"' in written.xmp and reference_weights.name.encode() in written.xmp

    window.settings.output = OutputSettings(format="jpg", skip_existing=False, strip_metadata=True)
    window.controller.export_all(tmp_path / "private")
    wait_idle(qtbot, window)
    private = tmp_path / "private" / "harbour_dehaze.jpg"
    stripped = read_image(private)
    assert stripped.exif is None and stripped.xmp is None
    assert b"PhoneMaker" not in private.read_bytes() and b"AKNet" not in private.read_bytes()


def test_a_batch_writes_webp_with_strip_metadata(qtbot, window, reference_weights, tmp_path, rng):
    photo = camera_photo(tmp_path / "pier.jpg", rng)
    use_weights(qtbot, window, reference_weights)
    output = OutputSettings(folder=str(tmp_path / "out"), format="webp", skip_existing=False, strip_metadata=True)
    window.controller.start_batch([photo], False, output)
    wait_idle(qtbot, window)
    written = read_image(tmp_path / "out" / "pier_dehaze.webp")
    assert written.format == "WEBP" and written.exif is None and written.xmp is None


def test_the_output_dialog_shows_the_strip_option(qtbot, settings):
    dialog = OutputDialog("Output options", "dehaze", OutputSettings(strip_metadata=True), False, "OK")
    qtbot.addWidget(dialog)
    assert dialog.options.strip_metadata.isChecked() and dialog.value().strip_metadata
