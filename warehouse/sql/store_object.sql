INSERT OR REPLACE INTO schema_objects VALUES ($name, $kind, $sha256, now())
