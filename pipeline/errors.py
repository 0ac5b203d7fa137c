"""Failure families of the pipeline, each with a message a user can act on."""

from __future__ import annotations


class PipelineError(Exception):
    """A data-side failure: exit status 1."""


class UsageError(Exception):
    """The command line is wrong: exit status 2."""


class FetchError(PipelineError):
    """A source URL could not be fetched (network, HTTP status, size, content type)."""


class UnreachableError(FetchError):
    """The network or the host is not there (refused, unresolved, timed out): worth trying again
    later, unlike a page that answered wrongly. A run whose every failure is one exits 75."""


class ArchiveError(PipelineError):
    """The raw-page archive cannot store or return a page intact."""


class WriteError(PipelineError):
    """A file of ours (archived page, feed, report) could not be written whole; nothing was written."""
