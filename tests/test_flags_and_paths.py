"""Flags and paths: numeric options are range-checked, --recursive survives link loops and unreadable folders,
output names stay inside the output folder, and two processes writing into one folder never corrupt a file."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from core.batch import InputItem, OutputOptions, collect_inputs, output_path_for
from core.cli import main
from core.errors import AKNetError
from core.image.write import write_image
from core.progress import Status
from tests.conftest import REPO, smooth_image


@pytest.fixture
def photo(tmp_path, rng) -> Path:
    path = tmp_path / "photo.png"
    write_image(path, smooth_image(rng, 16, 20))
    return path


@pytest.mark.parametrize(
    "option, value, message",
    [
        ("--tile", "-5", "Tile size -5 is too small"),
        ("--tile", "0", "Tile size 0 is too small"),
        ("--tile", "12", "Tile size 12 is too small"),
        ("--tile", "99999999", "larger than any image"),
        ("--tile", "big", "'big' is not a tile setting"),
        ("--quality", "0", "must be a whole number from 1 to 100, not '0'"),
        ("--quality", "101", "from 1 to 100"),
        ("--quality", "9.5", "must be a whole number"),
        ("--strength", "-1", "must be a number from 0 to 100, not '-1'"),
        ("--strength", "100.5", "from 0 to 100"),
        ("--strength", "nan", "not 'nan'"),
        ("--strength", "inf", "not 'inf'"),
    ],
)
def test_restore_refuses_out_of_range_numbers_before_doing_anything(tmp_path, photo, capsys, option, value, message):
    out = tmp_path / "out"
    with pytest.raises(SystemExit) as exited:  # classic-dehaze: --tile was ignored there before
        main(["restore", str(photo), "-o", str(out), "--task", "classic-dehaze", option, value])
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert f"argument {option}" in err and message in err
    assert not out.exists()


@pytest.mark.parametrize(
    "arguments, message",
    [
        (["--size", "0x100"], "each side must be from 1 to 65535"),
        (["--size=-5x5"], "each side must be from 1"),
        (["--size", "100"], "is not a size"),
        (["--repeats", "0"], "must be a whole number from 1 to 1000"),
        (["--warmup", "-1"], "from 0 to 100"),
        (["--tile", "-5"], "Tile size -5 is too small"),
    ],
)
def test_bench_refuses_out_of_range_numbers(capsys, arguments, message):
    with pytest.raises(SystemExit):
        main(["bench", *arguments])
    assert message in capsys.readouterr().err


@pytest.mark.parametrize(
    "arguments, message",
    [
        (["train", "--batch-size", "0"], "--batch-size: must be a whole number of at least 1"),
        (["train", "--learning-rate", "nan"], "must be a number greater than 0 and at most 1"),
        (["train", "--kernel-size", "1001"], "from 3 to 127"),
        (["train", "--max-minutes", "-3"], "greater than 0"),
        (["train", "--scale-range", "0", "1"], "greater than 0 and at most 1, not '0'"),
        (["synth", "--clean", "x", "--output", "y", "--variants", "0"], "--variants: must be a whole number"),
    ],
)
def test_training_commands_refuse_out_of_range_numbers(capsys, arguments, message):
    with pytest.raises(SystemExit) as exited:
        main(arguments)
    assert exited.value.code == 2
    assert message in capsys.readouterr().err


# --- folders -----------------------------------------------------------------------------------------


def test_recursive_search_survives_link_loops_and_lists_them_as_skipped(tmp_path, rng, capsys):
    folder = tmp_path / "in"
    (folder / "a" / "b").mkdir(parents=True)
    write_image(folder / "top.png", smooth_image(rng, 12, 12))
    write_image(folder / "a" / "b" / "deep.png", smooth_image(rng, 12, 12))
    (folder / "a" / "b" / "up").symlink_to(folder)  # a loop through the whole tree
    (folder / "a" / "self").symlink_to(folder / "a" / "self")  # a link to itself
    (folder / "gone.png").symlink_to(tmp_path / "missing.png")
    items, problems = collect_inputs([folder], recursive=True)
    assert sorted(item.path.name for item in items) == ["deep.png", "top.png"]
    skipped = {p.input.name: p.error for p in problems if p.status == Status.SKIPPED}
    assert skipped == {
        "up": "folder already searched (a link back to it)",
        "self": "broken or looping link",
        "gone.png": "broken or looping link",
    }
    out = tmp_path / "out"
    status = main(["restore", str(folder), "-o", str(out), "--recursive", "--task", "classic-dehaze"])
    err = capsys.readouterr().err
    assert status == 0, err
    assert "2 restored, 3 skipped, 0 failed" in err
    assert f"SKIPPED {folder / 'a' / 'b' / 'up'}: folder already searched" in err
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*.png")) == [
        "a/b/deep_classic-dehaze.png",
        "top_classic-dehaze.png",
    ]


def test_linked_subfolder_is_searched_once(tmp_path, rng):
    folder = tmp_path / "in"
    (folder / "real").mkdir(parents=True)
    write_image(folder / "real" / "one.png", smooth_image(rng, 12, 12))
    (folder / "alias").symlink_to(folder / "real")
    items, problems = collect_inputs([folder], recursive=True)
    assert [item.path.relative_to(folder).as_posix() for item in items] == ["real/one.png"]
    assert [p.input.name for p in problems] == ["alias"]


def test_unreadable_subfolder_is_skipped_and_listed(rng):
    # Root reads every folder, so the search runs in a forked child that gives up root for user 'nobody' (in a
    # folder of /tmp that nobody may enter: pytest's own are private to their owner).
    base = Path(tempfile.mkdtemp(prefix="aknet-unreadable-"))
    try:
        base.chmod(0o755)
        (base / "open").mkdir()
        (base / "locked").mkdir()
        write_image(base / "open" / "seen.png", smooth_image(rng, 8, 8))
        write_image(base / "locked" / "hidden.png", smooth_image(rng, 8, 8))
        (base / "locked").chmod(0)
        reading, writing = os.pipe()
        child = os.fork()
        if child == 0:  # pragma: no cover (runs in the child)
            try:
                if os.geteuid() == 0:
                    os.setgid(65534)
                    os.setuid(65534)
                items, problems = collect_inputs([base], recursive=True)
                found = [i.path.name for i in items], [(p.input.name, str(p.status), p.error) for p in problems]
                os.write(writing, repr(found).encode())
            except BaseException as exc:
                os.write(writing, repr(exc).encode())
            finally:
                os._exit(0)
        os.close(writing)
        with os.fdopen(reading) as pipe:
            answer = pipe.read()
        os.waitpid(child, 0)
    finally:
        (base / "locked").chmod(0o755)
        shutil.rmtree(base)
    assert answer == repr((["seen.png"], [("locked", "skipped", "folder not readable (Permission denied)")]))


# --- output names --------------------------------------------------------------------------------------


@pytest.mark.parametrize("template", ["../{name}", "..\\{name}", "/etc/{name}", "{name}/..", "a\0b", "  "])
def test_templates_that_name_folders_are_refused(template):
    with pytest.raises(AKNetError, match="file name"):
        OutputOptions(template=template)


@pytest.mark.parametrize("template", ["..", ".", "{name}..", "..{name}", "{ext}{task}.."])
def test_dotted_templates_stay_inside_the_output_folder(tmp_path, template):
    out = tmp_path / "out"
    path = output_path_for(InputItem(tmp_path / "in" / "x.png", Path("sub")), OutputOptions(out, template), "t")
    assert path.parent == out / "sub"
    assert os.path.realpath(path).startswith(os.path.realpath(out) + os.sep)


def test_a_mirrored_folder_that_climbs_out_is_refused(tmp_path):
    options = OutputOptions(tmp_path / "out")
    with pytest.raises(AKNetError, match="would be written outside"):
        output_path_for(InputItem(tmp_path / "x.png", Path("../..")), options, "t")
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "escape").symlink_to(tmp_path)  # a link inside the output folder counts where it leads
    with pytest.raises(AKNetError, match="would be written outside"):
        output_path_for(InputItem(tmp_path / "x.png", Path("escape")), options, "t")


# --- two processes, one output folder --------------------------------------------------------------------


@pytest.mark.slow
def test_two_restore_processes_into_one_folder_never_corrupt_a_file(tmp_path, rng):
    """Two processes overwrite the same files with different results (strength 100% and 40%): every file ends as
    one process's complete output, byte for byte, and no temporary file is left."""
    folder = tmp_path / "in"
    folder.mkdir()
    for index in range(6):
        write_image(folder / f"p{index}.png", smooth_image(rng, 600, 800))
    command = [sys.executable, "-m", "core.cli", "restore", str(folder), "--task", "classic-dehaze", "--overwrite"]
    for strength in ("100", "40"):  # each alone, for reference
        subprocess.run([*command, "-o", str(tmp_path / strength), "--strength", strength], cwd=REPO, check=True,
                       capture_output=True, timeout=300)  # fmt: skip
    out = tmp_path / "out"
    runs = [
        subprocess.Popen(
            [*command, "-o", str(out), "--strength", strength], cwd=REPO, stderr=subprocess.PIPE, text=True
        )
        for strength in ("100", "40")
    ]
    errors = [run.communicate(timeout=300)[1] for run in runs]
    assert [run.returncode for run in runs] == [0, 0], errors
    names = sorted(p.name for p in (tmp_path / "100").iterdir())
    assert sorted(p.name for p in out.iterdir()) == names  # no temporary files left behind
    for name in names:
        written = (out / name).read_bytes()
        assert written in ((tmp_path / "100" / name).read_bytes(), (tmp_path / "40" / name).read_bytes()), name
