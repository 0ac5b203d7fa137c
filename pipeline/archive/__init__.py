"""The raw-page archive: every page kept as it came, by its sha256, and checked against the warehouse."""
