"""A progress line on a terminal's stderr: redrawn in place, and cleared before any other line
is written, so a page's line never lands in the middle of it."""

from __future__ import annotations

import shutil
import sys
from typing import TextIO


class ProgressLine:
    def __init__(self, stream: TextIO | None = None) -> None:
        self._stream = stream
        self.shown = False

    @property
    def stream(self) -> TextIO:
        return self._stream or sys.stderr

    def show(self, text: str) -> None:
        """Draw `text` in place of the last progress (on a terminal only), cut to the width so it
        never wraps: a wrapped line could not be redrawn."""
        try:
            if not self.stream.isatty():
                return
        except (AttributeError, ValueError):
            return
        width = shutil.get_terminal_size().columns
        self.stream.write("\r" + text[: max(width - 1, 1)] + "\x1b[K")
        self.stream.flush()
        self.shown = True

    def clear(self) -> None:
        """Take the progress line off the screen before another line is written."""
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self.shown = False


PROGRESS = ProgressLine()
