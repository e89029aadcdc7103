"""Run the command line: ``python -m jcgraph``."""

from jcgraph.cli import main

raise SystemExit(main())
