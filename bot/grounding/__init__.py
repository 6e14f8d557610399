"""Grounding: quotes checked against the article, and the article's numbered sentences that LLM citations use.

Pure (no I/O, no LLM); never imports the engines, the store or the service. One owner per output: each
engine's brief is grounded once, before it leaves ``bot.engines`` (see ``bot.engines.router``).
"""

from bot.grounding.briefs import cited_text, ground_answer, ground_brief, link_denials, mark_disputed
from bot.grounding.checks import check_quote, content_words, speaker_named, statement_supported
from bot.grounding.quotes import FOLD_CACHE, MAX_CACHE_BYTES, find_quote, locate_quote
from bot.grounding.sentences import SPLITTER_VERSION, NumberedText, Sentence, number_sentences

__all__ = [
    "FOLD_CACHE",
    "MAX_CACHE_BYTES",
    "SPLITTER_VERSION",
    "NumberedText",
    "Sentence",
    "check_quote",
    "cited_text",
    "content_words",
    "find_quote",
    "ground_answer",
    "ground_brief",
    "link_denials",
    "locate_quote",
    "mark_disputed",
    "number_sentences",
    "speaker_named",
    "statement_supported",
]
