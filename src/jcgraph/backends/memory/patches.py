"""Every change jcgraph makes to a library's behaviour, in one module (as pySHACL keeps its own in ``monkey/``).

Each patch names the upstream behaviour it works around; tests/backends/test_patches.py fails when
that behaviour changes, so a patch that is no longer needed is noticed and removed.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def pyshacl_fixes() -> Iterator[None]:
    """Work around two pySHACL behaviours for the length of one run (restored afterwards).

    - ``focus_nodes`` is meant to pick the focus nodes of the *top-level* shapes, but pySHACL also
      filters the value nodes handed to nested shapes (``sh:or``, ``sh:node``, qualified value
      shapes) by it, and drops every literal: a wrong datatype inside ``sh:or`` would then pass.
      Nested evaluations (those given their focus explicitly) run here without that filter.
    - pySHACL hands rdflib a SPARQL constraint's text for every focus node and rdflib parses it
      each time (most of the run time); here a parsed query is kept and re-evaluated with the new
      bindings, as rdflib's prepared queries are meant to be.

    Not thread-safe: the patched methods are class attributes.
    """
    from pyshacl.shape import Shape
    from rdflib.plugins.sparql import processor

    original_query = processor.SPARQLProcessor.query
    original_validate = Shape.validate
    cache: dict = {}

    def query(self, strOrQuery, initBindings=None, initNs=None, base=None, DEBUG=False):  # noqa: N803
        if isinstance(strOrQuery, str):
            key = (strOrQuery, base, tuple(sorted((initNs or {}).items())))
            if key not in cache:
                cache[key] = processor.translateQuery(processor.parseQuery(strOrQuery), base, initNs)
            strOrQuery = cache[key]
        return original_query(self, strOrQuery, initBindings, initNs, base, DEBUG)

    def validate_shape(self, executor, target_graph, focus=None, *args, **kwargs):
        if focus is None or not executor.focus_nodes:
            return original_validate(self, executor, target_graph, focus, *args, **kwargs)
        saved, executor.focus_nodes = executor.focus_nodes, None
        try:
            return original_validate(self, executor, target_graph, focus, *args, **kwargs)
        finally:
            executor.focus_nodes = saved

    processor.SPARQLProcessor.query = query
    Shape.validate = validate_shape
    try:
        yield
    finally:
        processor.SPARQLProcessor.query = original_query
        Shape.validate = original_validate


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
