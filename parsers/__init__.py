"""Pure parsers: page bytes -> typed board rows. No network, no database, no files."""

from .errors import ParseError
from .page import parse_page
from .rows import TIERS, ModelRow, ParsedPage

# Bump when a change alters what any page parses into: `reparse` adds a new version per snapshot.
# 1.2.0: record ids; a lone parameter figure is a total only; a comma only groups thousands; key of any script.
PARSER_VERSION = "1.2.0"

__all__ = ["PARSER_VERSION", "TIERS", "ModelRow", "ParseError", "ParsedPage", "parse_page"]
