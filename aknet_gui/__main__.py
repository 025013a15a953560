"""`python -m aknet_gui` starts the desktop app."""

from aknet_gui.app import main

raise SystemExit(main())
