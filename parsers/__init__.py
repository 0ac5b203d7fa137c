"""Pure parsers: page bytes -> typed board rows. No network, no database, no files."""

from .errors import ParseError
from .page import parse_page
from .rows import TIERS, ModelRow, ParsedPage

# Bump when a change alters what any page parses into: `reparse` adds a new version per snapshot.
PARSER_VERSION = "1.1.1"

__all__ = ["PARSER_VERSION", "TIERS", "ModelRow", "ParseError", "ParsedPage", "parse_page"]
