"""Print the fixed token overhead of the brief, answer and merge prompts: system prompt + schema as sent + template.

The schemas are the wire models the model fills (sentence citations, ``bot.engines.llm.wire``); the budget for
the brief's system prompt plus schema is 900 tokens (issue 10: numbering may cost some prompt tokens).

Run: python3 bench/prompt_overhead.py   (set TIKTOKEN_CACHE_DIR=../shared/tiktoken-cache when offline)
The schema is counted as the compact JSON of the strict schema the openai SDK sends for ``response_format``.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
SHARED_CACHE = REPO_ROOT.parent / "shared" / "tiktoken-cache"
if "TIKTOKEN_CACHE_DIR" not in os.environ and SHARED_CACHE.is_dir():
    os.environ["TIKTOKEN_CACHE_DIR"] = str(SHARED_CACHE)
sys.path.insert(0, str(REPO_ROOT))

from openai import pydantic_function_tool  # noqa: E402
from pydantic import BaseModel  # noqa: E402

from bot.engines import count_tokens  # noqa: E402
from bot.engines.llm import load_prompt  # noqa: E402
from bot.engines.llm.merge import BriefLede  # noqa: E402
from bot.engines.llm.wire import AnswerCite, BriefCite  # noqa: E402

MODEL = "gpt-4o-mini"
BRIEF_BUDGET_TOKENS = 900


def schema_tokens(model: type[BaseModel]) -> int:
    schema = pydantic_function_tool(model)["function"]["parameters"]
    return count_tokens(json.dumps(schema, separators=(",", ":")), model=MODEL).n


def report(task: str, schema: type[BaseModel], **empty: str) -> int:
    prompts_dir = REPO_ROOT / "prompts"
    system = count_tokens(load_prompt(f"{task}.system", prompts_dir=prompts_dir).text, model=MODEL)
    user = count_tokens(load_prompt(f"{task}.user", prompts_dir=prompts_dir).render(**empty), model=MODEL).n
    fixed = system.n + schema_tokens(schema)
    note = "" if system.exact else " (estimates: no tokenizer)"
    print(
        f"{task:6} system {system.n:4}  schema {schema_tokens(schema):4}  system+schema {fixed:4}  "
        f"user template {user:3}  total {fixed + user:4}{note}"
    )
    return fixed


def main() -> int:
    brief_fixed = report("brief", BriefCite, title="", text="", part_note="")
    report("answer", AnswerCite, title="", text="", brief="", history="", question="")
    report("merge", BriefLede, title="", parts="", count="")  # once per long or cut-off article
    verdict = "OK" if brief_fixed <= BRIEF_BUDGET_TOKENS else "OVER"
    print(f"brief system+schema {brief_fixed} tokens: {verdict} (budget {BRIEF_BUDGET_TOKENS})")
    return 0 if brief_fixed <= BRIEF_BUDGET_TOKENS else 1


if __name__ == "__main__":
    sys.exit(main())
