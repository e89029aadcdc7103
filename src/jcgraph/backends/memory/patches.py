"""Every change jcgraph makes to a library's behaviour, in one module (as pySHACL keeps its own in ``monkey/``).

Each patch names the upstream behaviour it works around; a regression test fails when that behaviour
changes, so a patch that is no longer needed is noticed and removed.
"""

from __future__ import annotations


def rdflib_distinct_aggregate_fix() -> None:
    """Let ``AGG(DISTINCT ?x)`` skip rows where ``?x`` is unbound, as the non-DISTINCT form does (idempotent).

    rdflib (7.x, RDFLib/rdflib#882) tests DISTINCT with ``Accumulator.use_row``, which evaluates the
    expression without catching ``NotBoundError``; only ``Counter`` overrides it (rdflib#2229). So
    ``GROUP_CONCAT(DISTINCT ?t)``, ``SUM(DISTINCT ?n)``, ``SAMPLE(DISTINCT ?v)`` ... over an OPTIONAL
    that did not match raise "Variable t is not bound" instead of leaving that row out. The SPARQL
    1.1 aggregates ignore errors in their argument (18.5.1), so skipping the row is the standard result.
    Tested by tests/test_rdflib_patches.py, which fails once rdflib fixes it upstream.
    """
    from rdflib.plugins.sparql import aggregates
    from rdflib.plugins.sparql.sparql import NotBoundError

    base = aggregates.Accumulator
    if getattr(base.use_row, "_jcgraph_fix", False):
        return
    original = base.use_row

    def use_row(self, row) -> bool:
        try:
            return original(self, row)
        except NotBoundError:  # an unbound argument is skipped, never an error
            return False

    use_row._jcgraph_fix = True
    base.use_row = use_row
