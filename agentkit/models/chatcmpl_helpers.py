"""Small helpers shared by the Chat Completions model, its converter and its stream handler."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from ..model_settings import ModelSettings
    from ..types.responses import AnnotationURLCitation, Logprob

_REASONING_FIELD_KEY = "_chat_completions_reasoning_field"
"""`provider_data` key marking reasoning that came in a provider's plain `reasoning` field."""

HEADERS: dict[str, str] = {}
"""Headers every Chat Completions request of the models carries (the client names agentkit in its
own User-Agent, so nothing is added by default)."""

HEADERS_OVERRIDE: ContextVar[dict[str, str] | None] = ContextVar(
    "openai_chatcompletions_headers_override", default=None
)
"""Headers laid over every request made in the current context (e.g. by a wrapping SDK)."""


def _field(source: Any, name: str) -> Any:
    """Read `name` from a mapping or an object (wire models and raw dicts are both accepted)."""
    if isinstance(source, Mapping):
        return source.get(name)
    return getattr(source, name, None)


def _is_official_openai_base_url(base_url: object) -> bool:
    parts = urlsplit(str(base_url))
    return parts.scheme == "https" and parts.hostname == "api.openai.com"


def _set_private(obj: Any, name: str, value: Any) -> None:
    """Attach a private attribute (e.g. `_request_id`) to a wire model."""
    setattr(obj, name, value)


def _new_call_id() -> str:
    """A tool-call id for providers that send none (tool outputs must refer to one)."""
    return f"call_{uuid.uuid4().hex[:24]}"


class ChatCmplHelpers:
    """Defaults and conversions that depend on the endpoint or on Chat Completions shapes."""

    @classmethod
    def is_openai(cls, client: Any) -> bool:
        """Whether `client` talks to the official OpenAI endpoint (not a compatible server)."""
        base_url = getattr(client, "base_url", None)
        return base_url is not None and _is_official_openai_base_url(base_url)

    @classmethod
    def get_store_param(cls, client: Any, model_settings: ModelSettings) -> bool | None:
        # OpenAI gets store=True by default to match the Responses API; other servers get
        # nothing unless asked, since many reject the field.
        if model_settings.store is not None:
            return model_settings.store
        return True if cls.is_openai(client) else None

    @classmethod
    def get_stream_options_param(
        cls, client: Any, model_settings: ModelSettings, stream: bool
    ) -> dict[str, bool] | None:
        if not stream:
            return None
        include_usage = model_settings.include_usage
        if include_usage is None and cls.is_openai(client):
            include_usage = True
        return {"include_usage": include_usage} if include_usage is not None else None

    @classmethod
    def convert_logprobs_for_output_text(cls, logprobs: Any) -> list[Logprob] | None:
        """Chat token logprobs as the `logprobs` of a Responses `output_text` part."""
        if not logprobs:
            return None
        from ..types.responses import Logprob, LogprobTopLogprob

        return [
            Logprob(
                token=_field(entry, "token"),
                logprob=_field(entry, "logprob"),
                bytes=_field(entry, "bytes") or [],
                top_logprobs=[
                    LogprobTopLogprob(
                        token=_field(top, "token"),
                        logprob=_field(top, "logprob"),
                        bytes=_field(top, "bytes") or [],
                    )
                    for top in _field(entry, "top_logprobs") or []
                ],
            )
            for entry in logprobs
        ]

    @classmethod
    def convert_logprobs_for_text_delta(cls, logprobs: Any) -> list[Logprob] | None:
        """Chat token logprobs in the shape of `response.output_text.delta` logprobs."""
        if not logprobs:
            return None
        from ..types.responses import Logprob, LogprobTopLogprob

        return [
            Logprob(
                token=_field(entry, "token"),
                logprob=_field(entry, "logprob"),
                top_logprobs=[
                    LogprobTopLogprob(token=_field(top, "token"), logprob=_field(top, "logprob"))
                    for top in _field(entry, "top_logprobs") or []
                ]
                or None,
            )
            for entry in logprobs
        ]

    @classmethod
    def convert_url_citations(cls, raw_annotations: Any) -> list[AnnotationURLCitation]:
        """Chat `url_citation` annotations as Responses output-text annotations.

        Malformed citations are skipped: a provider's incomplete annotation must not fail a turn.
        """
        if not isinstance(raw_annotations, (list, tuple)):
            return []
        from pydantic import ValidationError

        from ..types.responses import AnnotationURLCitation

        result: list[AnnotationURLCitation] = []
        for annotation in raw_annotations:
            citation = _field(annotation, "url_citation")
            if _field(annotation, "type") != "url_citation" or citation is None:
                continue
            try:
                result.append(
                    AnnotationURLCitation.model_validate(
                        {
                            "type": "url_citation",
                            "start_index": _field(citation, "start_index"),
                            "end_index": _field(citation, "end_index"),
                            "url": _field(citation, "url"),
                            "title": _field(citation, "title"),
                        }
                    )
                )
            except ValidationError:
                continue
        return result

    @classmethod
    def clean_gemini_tool_call_id(cls, tool_call_id: str, model: str | None = None) -> str:
        """Drop the `__thought__` suffix LiteLLM appends to Gemini tool-call ids."""
        if model and "gemini" in model.lower() and "__thought__" in tool_call_id:
            return tool_call_id.split("__thought__")[0]
        return tool_call_id
