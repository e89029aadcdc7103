"""backends.memory."""
