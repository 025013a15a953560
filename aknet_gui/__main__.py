"""`python -m aknet_gui` starts the desktop app."""

from aknet_gui.launch import main

raise SystemExit(main())
