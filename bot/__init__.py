"""briefbot: turn a pasted news link into a structured, quote-verified brief."""

__version__ = "0.1.0"
