"""steward."""
