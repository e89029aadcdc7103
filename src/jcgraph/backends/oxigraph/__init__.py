"""backends.oxigraph."""
