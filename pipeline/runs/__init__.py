"""Runs: the jobs (ingest, refresh, backfill, reparse), each written once as its steps in flow order.

A job calls its steps through a step runner: directly on the fast path, as Prefect tasks in a
flow (pipeline.runs.flows, imported only when asked for, as Prefect is slow to import).
"""

from .jobs import StepRunner, backfill, backfill_plan, ingest_files, plain, refresh_urls, reparse_archive
from .outcomes import PageOutcome, exit_status

__all__ = ["PageOutcome", "StepRunner", "backfill", "backfill_plan", "exit_status", "ingest_files", "plain",
           "refresh_urls", "reparse_archive"]
