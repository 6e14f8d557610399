"""Reference ids for failures we did not expect: the user reads the id, the log has it with the traceback."""

from __future__ import annotations

import logging
import secrets

GENERIC_FAILURE_TEXT = "Something went wrong on my side (reference {ref}). Please try again; an admin can look it up."


def new_reference() -> str:
    return secrets.token_hex(4)


def log_unexpected(logger: logging.Logger, what: str, *, error: BaseException | None = None) -> str:
    """Log an unexpected failure with a fresh reference and return the message the user should read."""
    ref = new_reference()
    if error is None:
        logger.exception("unexpected failure in %s (ref %s)", what, ref)
    else:
        logger.error("unexpected failure in %s (ref %s)", what, ref, exc_info=error)
    return GENERIC_FAILURE_TEXT.format(ref=ref)
