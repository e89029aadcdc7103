"""Run the command line: ``python -m jcgraph``."""

from .cli import main

raise SystemExit(main())
