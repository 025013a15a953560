"""AKNet Studio desktop app (PySide6): widgets, a controller, and a worker thread that talks to `core`."""
