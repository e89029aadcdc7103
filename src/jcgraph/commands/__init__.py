"""One module per ``jcgraph`` command; see :mod:`jcgraph.cli`."""
