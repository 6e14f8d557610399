"""Engines: turn an article into a brief or an answer. The router picks the LLM or the offline engine.

Never imports the store, the jobs or an adapter; ``extractive`` never imports ``llm``.
"""

from bot.engines.router import EngineChoice, Engines
from bot.engines.tokens import TokenCount, count_tokens, split_into_chunks

__all__ = ["EngineChoice", "Engines", "TokenCount", "count_tokens", "split_into_chunks"]
