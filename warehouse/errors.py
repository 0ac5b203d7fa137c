"""Failure families of the warehouse."""

from __future__ import annotations


class WarehouseError(Exception):
    """The database cannot be opened, migrated or written; it is left as it was."""


class DatabaseLockedError(WarehouseError):
    """Another process holds the database's write lock past the retry window."""


class SchemaError(WarehouseError):
    """The file's schema is newer than this program, or a migration failed."""
