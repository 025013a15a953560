"""HEIC/HEIF and AVIF input, WebP output, and metadata round trips per format: EXIF, ICC, XMP, IPTC, resolution,
the provenance note, and stripping them on request. Real files written and read back."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageCms

from core.batch import OutputOptions, output_path_for
from core.cli import main
from core.image import IMAGE_SUFFIXES, is_image_file
from core.image.provenance import Provenance
from core.image.read import read_image
from core.image.write import write_image
from core.image.xmp_iptc import jpeg_iptc_segment
from tests.conftest import smooth_image

pillow_heif = pytest.importorskip("pillow_heif", reason="the dev extras write HEIC test photos with pillow-heif")

XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    b'<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>Ann Lee</dc:creator>'
    b"</rdf:Description></rdf:RDF></x:xmpmeta>"
)
IPTC = b"\x1c\x02\x00\x00\x02\x00\x04\x1c\x02\x78\x00\x0bHarbour fog"
PROVENANCE = Provenance("dehaze", "dehaze.safetensors")
SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def camera_exif(orientation: int = 1) -> bytes:
    exif = Image.Exif()
    exif[0x010F], exif[0x0110], exif[0x0112] = "PhoneMaker", "Phone 12", orientation
    return exif.tobytes()


@pytest.fixture
def pixels(rng) -> np.ndarray:
    return (smooth_image(rng, 40, 56) * 255).astype(np.uint8)


@pytest.fixture
def camera_jpeg(tmp_path, pixels):
    """A JPEG as a camera app writes it: EXIF, ICC, XMP, IPTC (APP13) and 300 dpi."""
    path = tmp_path / "camera.jpg"
    Image.fromarray(pixels).save(
        path, quality=95, exif=camera_exif(), icc_profile=SRGB, xmp=XMP, dpi=(300, 300), extra=jpeg_iptc_segment(IPTC)
    )
    return path


def test_the_new_formats_are_images_the_app_opens():
    assert {".heic", ".heif", ".avif", ".webp"} <= IMAGE_SUFFIXES
    from aknet_gui.file_dialogs import IMAGE_PATTERNS

    assert all(f"*{suffix}" in IMAGE_PATTERNS for suffix in (".heic", ".heif", ".avif", ".webp"))


def test_heic_is_read_upright_with_its_exif_and_xmp(tmp_path, pixels):
    path = tmp_path / "phone.heic"
    pillow_heif.from_pillow(Image.fromarray(pixels)).save(path, quality=95, exif=camera_exif(6), xmp=XMP)
    assert is_image_file(path)
    loaded = read_image(path)
    assert loaded.format == "HEIF" and loaded.bit_depth == 8
    upright = np.rot90(pixels, -1).astype(np.float32) / 255  # orientation 6: turned a quarter clockwise
    assert loaded.rgb.shape == upright.shape
    assert np.abs(loaded.rgb - upright).mean() < 0.03  # lossy, but the same picture the right way up
    assert b"PhoneMaker" in loaded.exif and b"Ann Lee" in loaded.xmp


def test_avif_is_read_upright_with_its_exif_and_xmp(tmp_path, pixels):
    path = tmp_path / "phone.avif"
    Image.fromarray(pixels).save(path, quality=95, exif=camera_exif(6), xmp=XMP)
    loaded = read_image(path)
    assert loaded.format == "AVIF"
    upright = np.rot90(pixels, -1).astype(np.float32) / 255
    assert loaded.rgb.shape == upright.shape and np.abs(loaded.rgb - upright).mean() < 0.03
    assert b"PhoneMaker" in loaded.exif and b"Ann Lee" in loaded.xmp


def test_a_damaged_heic_is_a_clear_error(tmp_path):
    from core.errors import ImageReadError

    path = tmp_path / "cut.heic"
    path.write_bytes(b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00heicmif1" + b"\x00" * 40)
    with pytest.raises(ImageReadError, match=r"cut\.heic"):
        read_image(path)


def test_heic_and_avif_results_in_the_same_format_are_written_as_jpeg(tmp_path):
    for suffix in (".heic", ".HEIF", ".avif"):
        assert output_path_for(tmp_path / f"p{suffix}", OutputOptions(), "dehaze").suffix == ".jpg"
    assert output_path_for(tmp_path / "p.heic", OutputOptions(format="webp"), "dehaze").suffix == ".webp"


@pytest.mark.parametrize("suffix", [".jpg", ".png", ".tif", ".webp"])
def test_metadata_round_trip_per_format(tmp_path, camera_jpeg, suffix):
    source = read_image(camera_jpeg)
    assert source.xmp and source.iptc == IPTC and source.dpi == (300, 300)
    out = write_image(tmp_path / f"restored{suffix}", source.rgb, like=source, provenance=PROVENANCE)
    back = read_image(out)
    assert b"PhoneMaker" in back.exif  # EXIF kept
    assert back.icc_profile == SRGB  # colours kept
    assert b"Ann Lee" in back.xmp  # the source's XMP kept, with the provenance added beside it
    assert b'aknet:Task="dehaze"' in back.xmp and b'aknet:Model="dehaze.safetensors"' in back.xmp
    assert b"xmp:CreatorTool" in back.xmp
    if suffix in (".jpg", ".tif"):
        assert back.iptc == IPTC
    if suffix != ".webp":  # WebP has no resolution field
        assert back.dpi == pytest.approx((300, 300), abs=0.01)
    with Image.open(out) as image:
        note = {
            ".jpg": image.info.get("comment", b"").decode(),
            ".png": image.info.get("Comment", ""),
            ".tif": image.tag_v2.get(270, "") if suffix == ".tif" else "",
            ".webp": "",
        }[suffix]
        if suffix != ".webp":
            assert note == PROVENANCE.note
        if suffix == ".png":
            assert image.info["Software"].startswith("AKNet Studio")
        if suffix == ".tif":
            assert image.tag_v2[305].startswith("AKNet Studio")


@pytest.mark.parametrize("suffix", [".jpg", ".png", ".tif", ".webp"])
def test_strip_metadata_leaves_out_exif_xmp_iptc_and_the_note_but_keeps_colours(tmp_path, camera_jpeg, suffix):
    source = read_image(camera_jpeg)
    out = write_image(
        tmp_path / f"private{suffix}", source.rgb, like=source, provenance=PROVENANCE, strip_metadata=True
    )
    back = read_image(out)
    assert back.xmp is None and back.iptc is None
    assert back.exif is None or b"PhoneMaker" not in back.exif  # a TIFF's own resolution tags are not EXIF
    assert back.icc_profile == SRGB
    raw = out.read_bytes()
    assert b"PhoneMaker" not in raw and b"Ann Lee" not in raw and b"AKNet Studio" not in raw and b"Harbour" not in raw


def test_a_second_restoration_keeps_the_first_note_and_damages_nothing(tmp_path, camera_jpeg):
    source = read_image(camera_jpeg)
    once = read_image(write_image(tmp_path / "once.jpg", source.rgb, like=source, provenance=PROVENANCE))
    twice = read_image(write_image(tmp_path / "twice.jpg", once.rgb, like=once, provenance=PROVENANCE))
    assert twice.xmp == once.xmp and twice.xmp.count(b"aknet:Task") == 1


def test_a_photo_without_xmp_gets_a_new_packet_with_the_note(tmp_path, pixels):
    source = write_image(tmp_path / "plain.png", pixels.astype(np.float32) / 255)
    loaded = read_image(source)
    assert loaded.xmp is None
    back = read_image(write_image(tmp_path / "out.webp", loaded.rgb, like=loaded, provenance=PROVENANCE))
    assert back.xmp.startswith(b"<?xpacket") and b'aknet:Task="dehaze"' in back.xmp


def test_heic_metadata_reaches_a_jpeg_result(tmp_path, pixels):
    path = tmp_path / "phone.heic"
    pillow_heif.from_pillow(Image.fromarray(pixels)).save(path, quality=95, exif=camera_exif(), xmp=XMP)
    loaded = read_image(path)
    back = read_image(write_image(tmp_path / "phone_dehaze.jpg", loaded.rgb, like=loaded, provenance=PROVENANCE))
    assert b"PhoneMaker" in back.exif and b"Ann Lee" in back.xmp and b"aknet:Task" in back.xmp


def test_16_bit_tiff_stays_16_bit_with_its_metadata(tmp_path, rng):
    deep = write_image(tmp_path / "deep.tif", smooth_image(rng, 30, 40), bit_depth=16)
    loaded = read_image(deep)
    back = read_image(write_image(tmp_path / "deep_out.tif", loaded.rgb, like=loaded, provenance=PROVENANCE))
    assert back.bit_depth == 16 and b"aknet:Task" in back.xmp


def test_cli_writes_webp_with_the_note_and_strips_on_request(tmp_path, camera_jpeg, capsys):
    out = tmp_path / "out"
    assert main(["restore", str(camera_jpeg), "-o", str(out), "--task", "classic-dehaze", "--format", "webp"]) == 0
    written = read_image(out / "camera_classic-dehaze.webp")
    assert written.format == "WEBP" and b"PhoneMaker" in written.exif
    assert b'aknet:Task="classic-dehaze"' in written.xmp and b"classic (no network)" in written.xmp
    private = tmp_path / "private.jpg"
    command = ["restore", str(camera_jpeg), "-o", str(private), "--task", "classic-dehaze", "--strip-metadata"]
    assert main(command) == 0
    stripped = read_image(private)
    assert stripped.exif is None and stripped.xmp is None and stripped.iptc is None
    assert b"AKNet" not in private.read_bytes()
