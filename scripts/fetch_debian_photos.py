"""Fetch clean outdoor and nature photos for training from Debian's wallpaper packages, with their licences.

Debian 12 ships desktop wallpapers as packages: most are drawings, some are photographs, a few of landscapes
with sky (what haze needs). This script downloads the packages listed below with `apt-get download` (the package
registry is reachable; nothing else is), unpacks them, and writes the photographs chosen by eye (drawings, fog,
mist and night shots left out: a "clean" photo with haze in it teaches the wrong target) at most MAX_SIDE px on
the long side as JPEG quality 95, with a PROVENANCE.md naming each photo's package, file, author and licence (from
the package's debian/copyright). The photos are for training only and are never committed or shipped.

    python scripts/fetch_debian_photos.py --output data/clean/debian
    aknet train ... --clean ../shared/clean/sunhays80 ... --extra-clean data/clean/debian:2
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from core.image.read import read_image
from core.image.write import write_image
from training.images import resize_to_fit

# package -> (path inside the package, author and year, licence); licences as the package's debian/copyright says.
_LOMIRI = "/usr/share/backgrounds/"
_MATE = "/usr/share/backgrounds/mate/nature/"
_PLASMA = "/usr/share/wallpapers/"
PHOTOS: dict[str, list[tuple[str, str, str]]] = {
    "lomiri-wallpapers-16.04": [
        (_LOMIRI + "Bridge_by_Sander_Klootwijk.jpg", "Sander Klootwijk, 2018", "CC-BY-SA-4.0"),
        (_LOMIRI + "Dragonfly_by_Bolly.jpg", '"Bolly", 2018', "CC-BY-SA-4.0"),
        (_LOMIRI + "Picture_0B_by_freespace.jpg", 'Trevor "Freespace", 2018', "CC-BY-4.0"),
        (_LOMIRI + "Picture_1A_by_freespace.jpg", 'Trevor "Freespace", 2018', "CC-BY-4.0"),
        (_LOMIRI + "aitzgorri_by_Aitzol_Berasategi.jpg", "Aitzol Berasategi, 2018", "CC-BY-4.0"),
        (_LOMIRI + "free_by_Peter_Nerlich.jpg", "Peter Nerlich, 2018", "CC-BY-SA-4.0"),
        (_LOMIRI + "greentock_by_Peter_Nerlich.jpg", "Peter Nerlich, 2018", "CC-BY-SA-4.0"),
        (_LOMIRI + "life_by_Aitzol_Berasategi.jpg", "Aitzol Berasategi, 2018", "CC-BY-4.0"),
        (_LOMIRI + "picosdeeuropa_by_Aitzol_Berasategi.jpg", "Aitzol Berasategi, 2018", "CC-BY-4.0"),
        (_LOMIRI + "seeding_by_Clements_Engelhardt.jpg", "Clemens Engelhardt, 2018", "CC0-1.0"),
        (_LOMIRI + "sunset_by_Aitzol_Berasategi.jpg", "Aitzol Berasategi, 2018", "CC-BY-4.0"),
    ],
    "lomiri-wallpapers-20.04": [
        (_LOMIRI + "Kleiber_by_Lukas_Baubkus.jpg", "Lukas Baubkus, 2021", "CC-BY-SA-3.0"),
    ],
    "mate-backgrounds": [
        (_MATE + "Aqua.jpg", "Charles Barbin, 2008", "GPL-2+"),
        (_MATE + "Blinds.jpg", "Lennart Poettering, 2008", "GPL-2+"),
        (_MATE + "Dune.jpg", "Marco Cogoni, 2007", "GPL-2+"),
        (_MATE + "FreshFlower.jpg", "Jens Ansorg, 2005", "GPL-2+"),
        (_MATE + "Garden.jpg", "Charles Barbin, 2008", "GPL-2+"),
        (_MATE + "GreenMeadow.jpg", "Timothy Schellhase, 2005", "GPL-2+"),
        (_MATE + "LadyBird.jpg", "Charles Barbin, 2008", "GPL-2+"),
        (_MATE + "RainDrops.jpg", '"blackcombwhistler07", 2008', "GPL-2+"),
        (_MATE + "Storm.jpg", "Sergey Nazarov, 2008", "GPL-2+"),
        (_MATE + "TwoWings.jpg", "Charles Barbin, 2008", "GPL-2+"),
        (_MATE + "Wood.jpg", "Jean-François Fortin Tam, 2008", "GPL-2+"),
        (_MATE + "YellowFlower.jpg", "Charles Barbin, 2008", "GPL-2+"),
    ],
    "plasma-workspace-wallpapers": [
        (_PLASMA + "BytheWater/contents/images/2560x1600.jpg", "KDE Visual Design Group, 2014", "GPL-2+"),
        (_PLASMA + "EveningGlow/contents/images/2560x1600.jpg", "KDE Visual Design Group, 2014", "GPL-2+"),
        (_PLASMA + "FallenLeaf/contents/images/2560x1600.jpg", "KDE Visual Design Group, 2014", "GPL-2+"),
        (_PLASMA + "Grey/contents/images/2560x1600.jpg", "KDE Visual Design Group, 2014", "GPL-2+"),
        (_PLASMA + "Kite/contents/images/2560x1600.jpg", "KDE Visual Design Group, 2014", "GPL-2+"),
        (_PLASMA + "OneStandsOut/contents/images/2560x1600.jpg", "KDE Visual Design Group, 2014", "GPL-2+"),
        (_PLASMA + "Path/contents/images/2560x1600.jpg", "KDE Visual Design Group, 2014", "GPL-2+"),
    ],
}


def _unpack(package: str, work: Path) -> tuple[Path, str]:
    """Download `package` with apt-get and unpack it under `work`: (the folder it went to, its version)."""
    subprocess.run(["apt-get", "download", package], cwd=work, check=True, capture_output=True)
    deb = next(work.glob(f"{package}_*.deb"))
    target = work / package
    subprocess.run(["dpkg-deb", "-x", str(deb), str(target)], check=True)
    return target, deb.name.split("_")[1].replace("%3a", ":")


def _resized(path: Path, max_side: int):
    image = read_image(path).rgb
    return resize_to_fit(image, max_side) if max(image.shape[:2]) > max_side else image


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--output", type=Path, required=True, help="folder for the photos and PROVENANCE.md")
    parser.add_argument("--max-side", type=int, default=1024, help="long side in pixels (default 1024)")
    args = parser.parse_args()
    if shutil.which("apt-get") is None or shutil.which("dpkg-deb") is None:
        print("This needs Debian's apt-get and dpkg-deb.", file=sys.stderr)
        return 1
    args.output.mkdir(parents=True, exist_ok=True)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for package, photos in PHOTOS.items():
            root, version = _unpack(package, Path(tmp))
            for inner, author, licence in photos:
                source = root / inner.lstrip("/")
                stem = inner.split("/contents/")[0].rsplit("/", 1)[-1] if "/contents/" in inner else source.stem
                name = f"{package}_{stem}.jpg"
                write_image(args.output / name, _resized(source, args.max_side), quality=95)
                rows.append(f"| {name} | {package} {version} | `{inner}` | {author} | {licence} |")
                print(f"wrote {name}")
    (args.output / "PROVENANCE.md").write_text(
        "# Clean photos from Debian 12's wallpaper packages\n\n"
        "Written by `python scripts/fetch_debian_photos.py` (AKNet Studio): photographs chosen by eye from the\n"
        f"packages below, at most {args.max_side} px on the long side, JPEG quality 95. For training only: not to be\n"
        "committed or shipped. Licences as each package's debian/copyright states them.\n\n"
        "| file | package | path in the package | author | licence |\n|---|---|---|---|---|\n" + "\n".join(rows) + "\n"
    )
    print(f"{len(rows)} photos in {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
