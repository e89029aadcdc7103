"""The parts of ``jcgraph draft``: reading a page, gazetteers, dates, agreements, and the Turtle writer."""
