"""Boards in HTML as a person sees them: tables, ARIA grids and cards -> display values per row.

Every form is first read into a grid (column names over cells); columns are then mapped to our
fields by their header words, with judgement, and each mapped column must fit its field cell by
cell, or the page is refused naming it.
"""

from .cards import card_grids
from .columns import ColumnMisfit
from .grid import Grid, grids
from .table import TABLE_FIELDS, BoardTable, find_board_table, parse_document, read_table

__all__ = ["TABLE_FIELDS", "BoardTable", "ColumnMisfit", "Grid", "card_grids", "find_board_table", "grids",
           "parse_document", "read_table"]
