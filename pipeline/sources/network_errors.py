"""What went wrong with a connection, said in a few whole words."""

from __future__ import annotations

import os
import socket
import ssl


def connection_reason(exc: BaseException) -> str:
    """Why a connection failed, in a few whole words ("connection refused", "host name not
    found"), from the innermost cause requests and urllib3 wrap it in: their own messages repeat
    the pool's repr and are long enough to be cut mid-word."""
    stack: list[BaseException] = [exc]
    seen: set[int] = set()
    while stack:
        error = stack.pop(0)
        if id(error) in seen:
            continue
        seen.add(id(error))
        if isinstance(error, socket.gaierror):
            return "host name not found"
        if isinstance(error, ConnectionRefusedError):
            return "connection refused"
        if isinstance(error, ConnectionResetError):
            return "connection reset by the server"
        if isinstance(error, TimeoutError | socket.timeout):
            return "timed out"
        if isinstance(error, ssl.SSLError):
            return f"TLS failed ({error.reason or error.__class__.__name__})"
        if isinstance(error, OSError) and error.errno:
            return os.strerror(error.errno).lower()
        reason = getattr(error, "reason", None)
        stack += [e for e in (error.__cause__, error.__context__, reason, *error.args) if isinstance(e, BaseException)]
    return exc.__class__.__name__
