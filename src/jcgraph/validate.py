"""The documented entry point ``jcgraph.validate.validate``; the job itself lives in :mod:`jcgraph.validation`."""

from jcgraph.validation.validate import ValidationReport, ValidationResult, read_delta, shapes_graph, validate

__all__ = ["ValidationReport", "ValidationResult", "read_delta", "shapes_graph", "validate"]
