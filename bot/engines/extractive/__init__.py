"""The offline engine: a brief and follow-up answers from rules over the article's own sentences, no model.

Never imports the LLM engine, the store or an adapter.
"""

from bot.engines.extractive.answer import answer_extractive
from bot.engines.extractive.engine import brief_extractive

__all__ = ["answer_extractive", "brief_extractive"]
