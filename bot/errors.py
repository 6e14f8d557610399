"""The error tree of the core; imports nothing from the platforms.

Every error carries ``user_message``: one short sentence for the person who pasted the link. ``str(e)`` is
the log detail and is never shown to users. ``exit_code`` follows DESIGN.md: 2 when the input was refused or
unusable, 1 for an upstream or internal failure. ``kind`` is the stable machine name used in JSON output.

    BotError
      InputError                      exit 2: the link or file itself is the problem
        InvalidSourceError            malformed URL, unsupported scheme, missing file
        HostNotFoundError             the link's host name does not exist (NXDOMAIN): likely a typo
        BlockedAddressError           resolves to a non-public address
        ContentTypeError              an image, a zip, ... served where a page was expected
        TooLargeError                 body over the byte cap (after decompression)
        NotFoundError                 the server says 404/410 or similar 4xx
        NotTextError                  binary data or NUL bytes where text was expected
        MalformedPageError            markup the parsers cannot survive (nested 100k deep, broken tags)
        NotArticleError               the extraction gate: too short, paywalled, needs JavaScript, not an article
        TooLongError                  an article past the word cap for one brief
        DeadlineError                 reading or briefing a page took past the CPU deadline
        EmptyQuestionError            a follow-up question with no words
        ConversationNotFoundError     a follow-up in a thread that has no brief
      UpstreamError                   exit 1: something outside us failed; a retry may help
        FetchError                    DNS failure, connection refused, TLS, 5xx, too many redirects
          FetchTimeoutError           the overall fetch deadline passed
        LLMError                      the LLM could not give a usable answer
          LLMUnavailableError         timeouts, 429/5xx after retries, connection errors
          LLMOutputError              invalid JSON / schema after the corrective re-ask, truncated output
          LLMRefusalError             the model refused
        StoreError                    the database failed
          LeaseLostError              a job's lease expired and another worker took it over
        CpuCrashError                 a CPU worker process died, twice, running one call
      ConfigError                     exit 1: a setting is missing or wrong
"""

from __future__ import annotations

from typing import Any, ClassVar


class BotError(Exception):
    """Base of every error the core raises on purpose."""

    kind: ClassVar[str] = "error"
    exit_code: ClassVar[int] = 1
    default_message: ClassVar[str] = "Something went wrong on our side. Please try again shortly."

    def __init__(self, detail: str = "", *, user_message: str | None = None) -> None:
        super().__init__(detail or self.default_message)
        self.user_message = user_message or self.default_message

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle by state, not by constructor, so an error raised in a CPU worker process keeps its message."""
        return (_restore_error, (type(self), self.args, self.__dict__))


def _restore_error(cls: type[BotError], args: tuple[Any, ...], state: dict[str, Any]) -> BotError:
    error = cls.__new__(cls)
    Exception.__init__(error, *args)
    error.__dict__.update(state)
    return error


class InputError(BotError):
    """The input was refused or is unusable; retrying the same input will not help."""

    kind = "input"
    exit_code = 2
    default_message = "I can't use that input."


class InvalidSourceError(InputError):
    """Raised for a malformed URL, a scheme other than http(s), or a local file that cannot be read."""

    kind = "invalid_source"
    default_message = "That doesn't look like a web link I can read (only http and https links work)."


class BlockedAddressError(InputError):
    """Raised when a host resolves to a loopback, private, link-local, metadata or other non-public address."""

    kind = "blocked_address"
    default_message = "I won't fetch that link: it points to a private or internal address."


class HostNotFoundError(InputError):
    """Raised when DNS says the host name does not exist (NXDOMAIN); a retry will not make it exist."""

    kind = "host_not_found"
    default_message = "I couldn't find that site: its name doesn't resolve. Check the link for typos."


class NotTextError(InputError):
    """Raised when a source decodes to binary data (NUL bytes, control characters) rather than text."""

    kind = "not_text"
    default_message = "That isn't text I can read: it looks like binary data, not an article."


class MalformedPageError(InputError):
    """Raised when the page's markup breaks the parsers (nesting past the recursion limit, parser asserts)."""

    kind = "malformed"
    default_message = "That page's markup is too malformed for me to read."


class TooLongError(InputError):
    """Raised when an article has more words than one brief may cover; the message gives the count."""

    kind = "too_long"
    default_message = "That article is too long for me to brief."

    def __init__(self, words: int, limit: int) -> None:
        super().__init__(
            f"article has {words} words (limit {limit})",
            user_message=f"That article is too long for me to brief ({words:,} words; my limit is {limit:,}).",
        )
        self.words = words


class DeadlineError(InputError):
    """Raised when CPU work on one page (extraction, the offline engine, grounding) passes its deadline.

    An input error: the worker that ran it is killed and the job is not retried, so a crafted page cannot
    freeze one worker after another."""

    kind = "deadline"
    default_message = "That page took too long to read; it may be unusually large or malformed."


class EmptyQuestionError(InputError):
    """Raised when a follow-up question is empty or only whitespace."""

    kind = "empty_question"
    default_message = "Your question is empty: ask me something about the article."


class ContentTypeError(InputError):
    """Raised when the server sends something that is not a readable page (an image, an archive, ...)."""

    kind = "content_type"
    default_message = "That link isn't a web page I can read (it looks like a file or an image)."


class TooLargeError(InputError):
    """Raised when the body goes past the byte cap, counted after decompression."""

    kind = "too_large"
    default_message = "That page is too large for me to read."


class NotFoundError(InputError):
    """Raised when the site answers with a 4xx status such as 404 or 410."""

    kind = "not_found"
    default_message = "That page doesn't exist or isn't available (the site said it wasn't found)."


class NotArticleError(InputError):
    """Raised by the extraction gate; ``verdict`` is too_short, paywalled, needs_javascript or not_article."""

    kind = "not_article"
    default_message = "I couldn't find an article on that page."

    MESSAGES: ClassVar[dict[str, str]] = {
        "too_short": "That page has too little text to brief (it may be a teaser or a stub).",
        "paywalled": "That article seems to be behind a paywall: I can only see the teaser, so I won't brief it.",
        "needs_javascript": "That page needs JavaScript to show its text, so I can't read it.",
        "not_article": "That page doesn't look like an article (it seems to be a list, a home page or navigation).",
        "empty": "That page is empty.",
    }

    def __init__(self, verdict: str, detail: str = "") -> None:
        super().__init__(detail or f"extraction gate: {verdict}", user_message=self.MESSAGES.get(verdict))
        self.verdict = verdict


class ConversationNotFoundError(InputError):
    """Raised when a follow-up arrives in a thread that has no brief."""

    kind = "conversation_not_found"
    default_message = "I have no brief in this thread to answer from. Paste a link first."


class UpstreamError(BotError):
    """Something outside briefbot failed; a later retry may succeed."""

    kind = "upstream"
    exit_code = 1


class FetchError(UpstreamError):
    """Raised for DNS failures, refused connections, TLS errors, 5xx answers and redirect loops."""

    kind = "fetch"
    default_message = "I couldn't download that page."


class FetchTimeoutError(FetchError):
    """Raised when the whole fetch (connect, redirects, body) takes longer than its deadline."""

    kind = "fetch_timeout"
    default_message = "That site took too long to answer, so I gave up."


class LLMError(UpstreamError):
    """Base for failures of the language model."""

    kind = "llm"
    default_message = "The summariser is unavailable right now; please try again shortly."


class LLMUnavailableError(LLMError):
    """Raised after bounded retries of timeouts, rate limits, 5xx answers or connection errors."""

    kind = "llm_unavailable"


class LLMOutputError(LLMError):
    """Raised when the model's output stays invalid after the corrective re-ask, or was cut off."""

    kind = "llm_output"
    default_message = "The summariser gave an answer I couldn't use; please try again."


class LLMRefusalError(LLMError):
    """Raised when the model refuses to brief the article."""

    kind = "llm_refusal"
    default_message = "The summariser declined to brief this article."


class StoreError(UpstreamError):
    """Raised when the database cannot be read or written."""

    kind = "store"
    default_message = "I couldn't reach my storage; please try again shortly."


class LeaseLostError(StoreError):
    """Raised by the job queue when a worker reports on a job whose lease expired and was claimed again."""

    kind = "lease_lost"


class CpuCrashError(UpstreamError):
    """Raised when the worker process running a call dies (a crash, the OOM killer) and dies again on retry."""

    kind = "cpu_crash"
    default_message = "Reading that page crashed my worker; please try again shortly."


class ConfigError(BotError):
    """Raised when a setting is missing or invalid; the message names the setting."""

    kind = "config"
    exit_code = 1
    default_message = "The bot is misconfigured; an administrator needs to check its settings."
