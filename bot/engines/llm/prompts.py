"""Prompt files (prompts/*.md): loading, versioning and rendering; also fences untrusted article text.

Imports nothing from the platforms and no LLM client: prompts are plain text with ``$name`` placeholders.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from string import Template

from bot.errors import ConfigError

_VERSION_RE = re.compile(r"\A\s*<!--\s*version:\s*(?P<label>[\w.\-]+)\s*-->[ \t]*\n?")
# "<article>", "</ ARTICLE >", "&lt;/article&gt;": anything that could close or open our fence early.
_FENCE_RE = re.compile(r"(?:<|&lt;)\s*(/?)\s*(article)\s*(?:>|&gt;)", re.IGNORECASE)
HASH_CHARS = 8


@dataclass(frozen=True)
class Prompt:
    """One prompt file: ``text`` without its version header; ``version`` changes whenever the file does."""

    name: str
    text: str
    version: str

    def render(self, **values: object) -> str:
        """Fill ``$name`` placeholders ; a missing one raises KeyError; values are inserted as-is."""
        return Template(self.text).substitute({key: str(value) for key, value in values.items()})


def _content_hash(*texts: str) -> str:
    digest = hashlib.sha256()
    for text in texts:
        digest.update(text.encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()[:HASH_CHARS]


@lru_cache(maxsize=64)
def _read_prompt(path: Path, mtime_ns: int, size: int) -> Prompt:
    """Cached per file state, so an edited prompt file is picked up without a restart."""
    raw = path.read_text(encoding="utf-8")
    match = _VERSION_RE.match(raw)
    label = match.group("label") if match else path.stem
    text = raw[match.end() :] if match else raw
    return Prompt(name=path.name.removesuffix(".md"), text=text, version=f"{label}+{_content_hash(raw)}")


def load_prompt(name: str, *, prompts_dir: Path) -> Prompt:
    """Load ``<prompts_dir>/<name>.md`` (e.g. ``brief.system``); a missing file is a ConfigError."""
    path = (prompts_dir / f"{name}.md").resolve()
    try:
        stat = path.stat()
    except OSError as exc:
        raise ConfigError(
            f"prompt file {path} is missing ({exc.strerror})",
            user_message="The bot is misconfigured: a prompt file is missing (setting BRIEFBOT_PROMPTS_DIR).",
        ) from exc
    return _read_prompt(path, stat.st_mtime_ns, stat.st_size)


def combined_version(*prompts: Prompt, extra: Sequence[str] = ()) -> str:
    """One version for the prompts that made an output: the first label plus a hash over all of them and
    ``extra`` (the schemas sent, the sentence numbering), so any change to what the model is told is a new
    version and a cached brief made under the old one is never served as current."""
    label = prompts[0].version.split("+", 1)[0]
    return f"{label}+{_content_hash(*(prompt.version for prompt in prompts), *extra)}"


def fence_untrusted(text: str) -> str:
    """Neutralise our <article> delimiters inside untrusted text, so it cannot end the fence early."""
    return _FENCE_RE.sub(lambda m: f"[{m.group(1)}{m.group(2)}]", text)
