"""Logging filters named by ``settings.LOGGING``.

Kept free of Django imports: the logging configuration is applied before the apps are loaded.
"""

from __future__ import annotations

import logging


class ClientErrorWithoutTraceback(logging.Filter):
    """A 4xx answer is the client's business, not a bug: log it as one line, without the traceback that
    Django attaches to a ``PermissionDenied``. The exception's text (e.g. the missing capability) stays,
    at the end of the line. 5xx records are left as they are."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and 400 <= getattr(record, "status_code", 0) < 500:
            motivo = str(record.exc_info[1] or "")
            record.msg = record.getMessage() + (f" ({motivo})" if motivo else "")
            record.args = ()
            record.exc_info = None
            record.exc_text = None
        return True
