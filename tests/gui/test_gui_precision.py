"""The Precision picker beside Device: it reloads the engine at the chosen arithmetic, says so, and is remembered."""

from __future__ import annotations

import numpy as np

from aknet_gui.display import to_float
from aknet_gui.main_window import MainWindow
from core.progress import Status
from tests.gui.conftest import ENGINE_TIMEOUT_MS, wait_idle, write_photo


def _ready(qtbot, window: MainWindow) -> None:
    engine = window.controller.engine
    qtbot.waitUntil(lambda: engine.state in ("ready", "failed"), timeout=ENGINE_TIMEOUT_MS)
    assert engine.state == "ready", engine.message


def test_choosing_bfloat16_reloads_the_engine_restores_close_to_float32_and_is_remembered(
    qtbot, settings, tmp_path, rng
):
    window = MainWindow(settings)
    qtbot.addWidget(window)
    window.show()
    _ready(qtbot, window)
    panel, engine = window.engine_panel, window.controller.engine
    assert panel.precision.currentData() == "auto" and panel.precision.isEnabled()
    assert "bfloat16" not in panel.state.text()  # the test suite pins auto to float32 (tests/conftest.py)
    # Right after loading, the worker warms the model up on a small made-up photo (core.engine.warm_up).
    qtbot.waitUntil(lambda: window.controller.worker.engine.last_report is not None, timeout=ENGINE_TIMEOUT_MS)
    window.open_paths([write_photo(tmp_path / "hazy.png", rng)])
    entry = window.session.current
    qtbot.waitUntil(lambda: window.session.original is not None, timeout=10_000)

    def restore() -> np.ndarray:
        window.actions.restore.trigger()
        assert window.controller.busy()
        wait_idle(qtbot, window)
        assert window.session.entries[entry].status == Status.DONE, window.session.entries[entry].message
        return to_float(window.session.store.get(entry)).copy()

    full = restore()
    panel.precision.setCurrentIndex(panel.precision.findData("bf16"))  # as a user picks it
    assert engine.state == "loading"
    _ready(qtbot, window)
    assert engine.info.request.precision == "bf16"
    assert panel.state.text().endswith("bf16") and "bf16" in window.device_label.text()
    reduced = restore()
    assert not np.array_equal(reduced, full)  # really another arithmetic …
    assert float(np.abs(reduced - full).max()) < 0.1  # … of the same restoration
    window.controller.engine.set_task("classic-dehaze")  # the classic method has no precision to choose
    qtbot.waitUntil(lambda: not panel.precision.isEnabled(), timeout=ENGINE_TIMEOUT_MS)
    window.close()

    assert settings.precision == "bf16"
    second = MainWindow(settings, start=False)
    qtbot.addWidget(second)
    second.controller.engine.set_task("dehaze")
    assert second.controller.engine.precision == "bf16"
    assert second.engine_panel.precision.currentData() == "bf16"
    second.close()
