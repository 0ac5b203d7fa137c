"""Runs: the jobs (ingest, refresh, backfill, reparse) as steps, run plainly or as Prefect flows; one run per database."""
