"""Orchestration and I/O: fetching, the raw archive, Prefect flows and the CLI."""

__version__ = "0.1.0"
