"""The version aa-leaderboards reports (its User-Agent names it too)."""

__version__ = "0.1.0"
