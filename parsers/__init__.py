"""Pure parsers: page bytes -> typed board rows. No network, no database, no files."""

from .boards import BOARDS, TIERS, Board
from .errors import ParseError
from .page import parse_page
from .rows import ModelRow, ParsedPage

# Bump when a change alters what any page parses into: `reparse` adds a new version per snapshot.
# 1.3.0: the medium and large boards (a catalogue page carries all four).
# 1.2.0: record ids; a lone parameter figure is a total only; a comma only groups thousands; key of any script.
PARSER_VERSION = "1.3.0"

__all__ = ["BOARDS", "PARSER_VERSION", "TIERS", "Board", "ModelRow", "ParseError", "ParsedPage", "parse_page"]
