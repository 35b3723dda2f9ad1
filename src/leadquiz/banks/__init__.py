"""Question banks: strict YAML, the schema checks, the cache and snapshots."""
