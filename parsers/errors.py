"""The one exception family the parsers raise."""

from __future__ import annotations


class ParseError(ValueError):
    """A page that cannot be turned into a trustworthy board.

    The message always starts with the source (file or URL) so a one-line report is actionable.
    """

    def __init__(self, source: str | None, cause: str) -> None:
        self.source = source or "<bytes>"
        self.cause = cause
        super().__init__(f"{self.source}: {cause}")
