"""The LLM engine: prompts, one structured call with retries, long articles in parts merged into one brief.

Owns openai. Never imports the offline engine, the store or an adapter.
"""

from bot.engines.llm.engine import LLMEngine
from bot.engines.llm.prompts import load_prompt

__all__ = ["LLMEngine", "load_prompt"]
