"""The jobs: ingest, refresh, backfill, reparse, and serve (the nightly refresh on a schedule)."""
