"""The shape of a chat-completions reply, checked before any of it is used.

The ``openai`` client builds its response objects without validating them, so a hostile or broken
server's ``{"choices": "abc"}``, ``"message": null`` or ``"total_tokens": 1e400`` would surface as
an ``AttributeError``/``TypeError``/``OverflowError`` somewhere later. Here the raw body is held
to a size (:data:`MAX_REPLY_BYTES`) and a nesting depth (:data:`MAX_JSON_DEPTH`, checked by an
iterative scan before any recursive parser sees it), then validated as a whole by pydantic
(:class:`Completion`); token counts must be non-negative integers no larger than
:data:`MAX_TOKENS`. Anything else is :class:`BadReply` with one line saying what was wrong.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StrictInt, ValidationError

from .budget import MAX_TOKENS_PER_REPLY

#: The most bytes of one reply body that are read; a longer reply is refused.
MAX_REPLY_BYTES = 2_000_000
#: The deepest JSON nesting accepted, in the reply and in the plan inside it (a plan at the
#: expression-depth bound of 64 nests about 3 levels of JSON per level of expression).
MAX_JSON_DEPTH = 256
#: The largest token count one reply may report (far above any real context window).
MAX_TOKENS = MAX_TOKENS_PER_REPLY

TokenCount = Annotated[StrictInt, Field(ge=0, le=MAX_TOKENS)]


class BadReply(Exception):
    """The reply is not a chat completion we can use; ``reason`` is one line."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class _Part(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class Message(_Part):
    role: str | None = None
    content: str | None = None
    refusal: str | None = None


class Choice(_Part):
    message: Message
    finish_reason: str | None = None


class Usage(_Part):
    prompt_tokens: TokenCount = 0
    completion_tokens: TokenCount = 0
    total_tokens: TokenCount | None = None

    @property
    def total(self) -> int:
        """The reported total, or prompt + completion when the server left it out (or sent 0)."""
        return self.total_tokens or self.prompt_tokens + self.completion_tokens


class Completion(_Part):
    choices: list[Choice] = Field(min_length=1, max_length=128)
    usage: Usage | None = None
    model: str | None = None


def json_depth(text: str | bytes, limit: int = MAX_JSON_DEPTH) -> int:
    """The bracket nesting depth of JSON ``text`` (strings skipped), scanning iteratively and
    stopping as soon as ``limit`` is passed (then ``limit + 1``)."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    depth = deepest = 0
    in_str = escaped = False
    for ch in text:
        if in_str:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_str = False
        elif ch == '"':
            in_str = True
        elif ch in "[{":
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > limit:
                    return deepest
        elif ch in "]}":
            depth -= 1
    return deepest


def _where(err: Any) -> str:
    return ".".join(str(p) for p in err.get("loc", ())) or "(top level)"


def parse_completion(body: bytes) -> Completion:
    """The validated completion in ``body``; :class:`BadReply` for a wrong shape or size, and
    ``ValueError`` for a body that is not JSON at all (a cut-off reply: worth another try)."""
    if len(body) > MAX_REPLY_BYTES:
        raise BadReply(f"sent a reply over {MAX_REPLY_BYTES:,} bytes")
    if json_depth(body) > MAX_JSON_DEPTH:
        raise BadReply(f"sent a reply nested more than {MAX_JSON_DEPTH} levels deep")
    try:
        return Completion.model_validate_json(body)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        first: Any = errors[0] if errors else {}
        if first.get("type") == "json_invalid":  # a ValueError: retried, like a dropped connection
            raise ValueError("the reply is not valid JSON") from None
        more = f" (and {len(errors) - 1} more problems)" if len(errors) > 1 else ""
        what = f"{_where(first)}: {first.get('msg', 'invalid')}{more}"
        raise BadReply(f"sent a reply that is not a chat completion: {what}") from None
