"""Subcommands that need the warehouse and the archive (registered by cli.build_parser)."""

from __future__ import annotations

import argparse


def register(sub: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    return None
