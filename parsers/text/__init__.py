"""Plain-text renderings of a board page (pipe rows, or one cell per line) -> display values per row."""

from .renderings import (
    LINE_COLUMNS,
    LINE_FIELDS,
    PIPE_COLUMNS,
    PIPE_FIELDS,
    has_line_rows,
    has_pipe_rows,
    read_line_rows,
    read_pipe_rows,
    text_lines,
)

__all__ = ["LINE_COLUMNS", "LINE_FIELDS", "PIPE_COLUMNS", "PIPE_FIELDS", "has_line_rows", "has_pipe_rows", "read_line_rows",
           "read_pipe_rows", "text_lines"]
