"""`LitellmModel`: a `Model` that sends Chat Completions-shaped calls through `litellm.acompletion`.

The agent's history, tools, handoffs and output schema are converted with agentkit's Chat
Completions converter; LiteLLM translates them for the provider named in the model
(`"anthropic/claude-3-5-sonnet-20240620"`, `"gemini/gemini-2.5-flash"`, `"openai/gpt-4.1"` ...), and
its answers (whole or streamed) come back as Responses-style items and events.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Mapping
from copy import copy
from typing import TYPE_CHECKING, Any

from .._http._client import user_agent
from .._optional import import_extra
from ..logger import logger
from ..models._request_guard import check_model_requests_allowed
from ..models.chatcmpl_converter import Converter, ShouldReplayReasoningContent
from ..models.chatcmpl_helpers import HEADERS, HEADERS_OVERRIDE, ChatCmplHelpers
from ..models.chatcmpl_stream_handler import ChatCmplStreamHandler
from ..models.fake_id import FAKE_RESPONSES_ID
from ..models.interface import Model, ModelTracing
from ._messages import assistant_message, gemini_thought_signatures, pair_tool_results

if TYPE_CHECKING:
    from ..agent_output import AgentOutputSchemaBase
    from ..handoffs import Handoff
    from ..items import ModelResponse, TResponseInputItem, TResponseStreamEvent
    from ..model_settings import ModelSettings
    from ..tool import Tool
    from ..tracing import Span
    from ..tracing.span_data import GenerationSpanData
    from ..types.responses import Response, ResponsePromptParam
    from ..usage import Usage

__all__ = ["LitellmConverter", "LitellmModel"]

_CONTENT_FILTER_REFUSAL = "Response withheld by the provider's content filter."


def _litellm() -> Any:
    return import_extra("litellm", "litellm")


def _jsonable(value: Any) -> Any:
    """Plain JSON data: wire models become dicts of their set fields."""
    dump = getattr(value, "model_dump", None)
    if callable(dump) and not isinstance(value, type):
        return dump(mode="json", exclude_unset=True, by_alias=True)
    if isinstance(value, Mapping):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return value


def _sanitize_url(url: str | None) -> str:
    """The URL without credentials, query or fragment, for traces."""
    from urllib.parse import urlsplit, urlunsplit

    if not url:
        return ""
    try:
        parts = urlsplit(url)
    except ValueError:
        return ""
    return urlunsplit((parts.scheme, parts.netloc.rsplit("@", 1)[-1], parts.path, "", ""))


def _count(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def _usage_from_litellm(response: Any) -> Usage:
    """The usage of a whole (not streamed) LiteLLM answer; one request even without numbers."""
    from ..types.responses import InputTokensDetails, OutputTokensDetails
    from ..usage import Usage

    if not hasattr(response, "usage"):
        logger.warning("No usage information returned from LiteLLM")
        return Usage(requests=1)
    usage = response.usage
    if usage is None:
        return Usage(requests=1)
    prompt_details = getattr(usage, "prompt_tokens_details", None)
    completion_details = getattr(usage, "completion_tokens_details", None)
    input_details: dict[str, int] = {
        "cached_tokens": _count(getattr(prompt_details, "cached_tokens", 0))
    }
    if "cache_write_tokens" in InputTokensDetails.model_fields:
        input_details["cache_write_tokens"] = _count(
            getattr(prompt_details, "cache_write_tokens", 0)
        )
    return Usage(
        requests=1,
        input_tokens=_count(getattr(usage, "prompt_tokens", 0)),
        output_tokens=_count(getattr(usage, "completion_tokens", 0)),
        total_tokens=_count(getattr(usage, "total_tokens", 0)),
        input_tokens_details=InputTokensDetails.model_validate(input_details),
        output_tokens_details=OutputTokensDetails.model_validate(
            {"reasoning_tokens": _count(getattr(completion_details, "reasoning_tokens", 0))}
        ),
    )


def _span_usage(usage: Usage) -> dict[str, Any]:
    return {
        "requests": usage.requests,
        "input_tokens": usage.input_tokens,
        "output_tokens": usage.output_tokens,
        "total_tokens": usage.total_tokens,
        "input_tokens_details": usage.input_tokens_details.model_dump(),
        "output_tokens_details": usage.output_tokens_details.model_dump(),
    }


def _record_error(span: Span[Any], tracing: ModelTracing, message: str, error: Exception) -> None:
    from ..tracing import SpanError

    detail = str(error) if tracing.include_data() else "Error details are redacted."
    span.set_error(SpanError(message=message, data={"error": detail}))


class LitellmConverter:
    """LiteLLM answers in agentkit's shapes (kept under upstream's name)."""

    @classmethod
    def convert_message_to_openai(cls, message: Any, model: str | None = None) -> dict[str, Any]:
        """A LiteLLM assistant message as a Chat Completions message dict: content, refusal,
        annotations, tool calls (Gemini thought signatures under `extra_content`) and
        `reasoning_content`. Any other role is a `ModelBehaviorError`."""
        return assistant_message(message, model)


class LitellmModel(Model):
    """Any model LiteLLM supports (https://docs.litellm.ai/docs/providers), e.g.
    `LitellmModel("anthropic/claude-3-5-sonnet-20240620")` or
    `LitellmModel("openai/my-model", base_url="http://localhost:8000/v1", api_key=...)`.

    Without `base_url` / `api_key`, LiteLLM reads the provider's usual environment variables.
    Usage of a streamed answer is only reported with `ModelSettings(include_usage=True)`.
    """

    def __init__(
        self,
        model: str,
        base_url: str | None = None,
        api_key: str | None = None,
        should_replay_reasoning_content: ShouldReplayReasoningContent | None = None,
    ) -> None:
        self.model = model
        self.base_url = base_url
        self.api_key = api_key
        self.should_replay_reasoning_content = should_replay_reasoning_content

    def __repr__(self) -> str:
        return f"LitellmModel(model={self.model!r}, base_url={self.base_url!r})"

    async def get_response(
        self,
        system_instructions: str | None,
        input: str | list[TResponseInputItem],
        model_settings: ModelSettings,
        tools: list[Tool],
        output_schema: AgentOutputSchemaBase | None,
        handoffs: list[Handoff],
        tracing: ModelTracing,
        previous_response_id: str | None = None,
        conversation_id: str | None = None,
        prompt: ResponsePromptParam | None = None,
    ) -> ModelResponse:
        from ..items import ModelResponse

        with self._generation_span(model_settings, tracing) as span:
            try:
                kwargs = self._build_kwargs(
                    system_instructions,
                    input,
                    model_settings,
                    tools,
                    output_schema,
                    handoffs,
                    span,
                    tracing,
                    stream=False,
                )
                check_model_requests_allowed(self.model)
                response = await _litellm().acompletion(**kwargs)
                items, usage = self._convert_response(response, span, tracing)
            except Exception as error:
                _record_error(span, tracing, "Error getting response", error)
                raise
        return ModelResponse(output=items, usage=usage, response_id=None)

    def _convert_response(
        self, response: Any, span: Span[GenerationSpanData], tracing: ModelTracing
    ) -> tuple[list[Any], Usage]:
        choices = getattr(response, "choices", None) or []
        first_choice = choices[0] if choices else None
        message = getattr(first_choice, "message", None) if first_choice is not None else None
        if message is None:
            finish_reason = getattr(first_choice, "finish_reason", "-")
            logger.debug("LiteLLM answer had no message; finish_reason: %s", finish_reason)
        usage = _usage_from_litellm(response)
        span.span_data.usage = _span_usage(usage)
        if message is None:
            if tracing.include_data():
                span.span_data.output = []
            return [], usage

        converted = assistant_message(message, self.model)
        if (
            getattr(first_choice, "finish_reason", None) == "content_filter"
            and not converted.get("content")
            and not converted.get("tool_calls")
            and not converted.get("refusal")
        ):
            # Some providers signal a safety block only by the finish reason: surface a refusal
            # rather than an empty turn the run would retry.
            converted["refusal"] = _CONTENT_FILTER_REFUSAL
        if tracing.include_data():
            span.span_data.output = [converted]

        provider_data: dict[str, Any] = {"model": self.model}
        if getattr(response, "id", None):
            provider_data["response_id"] = response.id
        items: list[Any] = Converter.message_to_output_items(converted, provider_data=provider_data)
        logprobs = getattr(first_choice, "logprobs", None)
        content = getattr(logprobs, "content", None) if logprobs is not None else None
        if content:
            self._attach_logprobs(items, _jsonable(content))
        return items, usage

    @staticmethod
    def _attach_logprobs(items: list[Any], logprobs: Any) -> None:
        from ..types.responses import ResponseOutputMessage, ResponseOutputText

        converted = ChatCmplHelpers.convert_logprobs_for_output_text(logprobs)
        for item in items:
            if isinstance(item, ResponseOutputMessage):
                for part in item.content:
                    if isinstance(part, ResponseOutputText):
                        part.logprobs = converted
                        return

    async def stream_response(
        self,
        system_instructions: str | None,
        input: str | list[TResponseInputItem],
        model_settings: ModelSettings,
        tools: list[Tool],
        output_schema: AgentOutputSchemaBase | None,
        handoffs: list[Handoff],
        tracing: ModelTracing,
        previous_response_id: str | None = None,
        conversation_id: str | None = None,
        prompt: ResponsePromptParam | None = None,
    ) -> AsyncIterator[TResponseStreamEvent]:
        """Responses-style events converted from LiteLLM's chunks, ending with
        `response.completed` (with usage when `include_usage=True`)."""
        with self._generation_span(model_settings, tracing) as span:
            try:
                kwargs = self._build_kwargs(
                    system_instructions,
                    input,
                    model_settings,
                    tools,
                    output_schema,
                    handoffs,
                    span,
                    tracing,
                    stream=True,
                )
                check_model_requests_allowed(self.model)
                stream = await _litellm().acompletion(**kwargs)
                response = self._response_skeleton(model_settings, kwargs)
                try:
                    async for event in ChatCmplStreamHandler.handle_stream(
                        response, stream, model=self.model
                    ):
                        if event.type == "response.completed":
                            # Recorded before yielding: a consumer may stop at this event.
                            self._populate_span(span, event.response, tracing)  # type: ignore[union-attr]
                        yield event
                finally:
                    await _close(stream)
            except Exception as error:
                _record_error(span, tracing, "Error streaming response", error)
                raise

    @staticmethod
    def _populate_span(
        span: Span[GenerationSpanData], response: Response, tracing: ModelTracing
    ) -> None:
        from ..usage import Usage

        if tracing.include_data():
            span.span_data.output = [response.model_dump(mode="json", exclude_unset=True)]
        usage = response.usage
        if usage is not None:
            span.span_data.usage = _span_usage(
                Usage(
                    requests=1,
                    input_tokens=usage.input_tokens or 0,
                    output_tokens=usage.output_tokens or 0,
                    total_tokens=usage.total_tokens or 0,
                    input_tokens_details=usage.input_tokens_details,
                    output_tokens_details=usage.output_tokens_details,
                )
            )

    def _response_skeleton(self, model_settings: ModelSettings, kwargs: dict[str, Any]) -> Response:
        """The Responses object a stream's events build on."""
        from ..types.responses import Response

        choice = model_settings.tool_choice
        tool_choice: Any = "auto"
        if choice in ("auto", "required", "none"):
            tool_choice = choice
        elif isinstance(choice, str):
            tool_choice = {"type": "function", "name": choice}
        return Response(
            id=FAKE_RESPONSES_ID,
            created_at=time.time(),
            model=self.model,
            object="response",
            output=[],
            tool_choice=tool_choice,
            top_p=model_settings.top_p,
            temperature=model_settings.temperature,
            tools=[],
            parallel_tool_calls=kwargs.get("parallel_tool_calls") or False,
            reasoning=model_settings.reasoning,
        )

    def _generation_span(
        self, model_settings: ModelSettings, tracing: ModelTracing
    ) -> Span[GenerationSpanData]:
        from ..tracing import generation_span

        config = model_settings.to_traceable_dict()
        if not tracing.include_data():
            config.pop("metadata", None)
        config["base_url"] = _sanitize_url(self.base_url)
        config["model_impl"] = "litellm"
        return generation_span(
            model=str(self.model), model_config=config, disabled=tracing.is_disabled()
        )

    def _messages(
        self,
        system_instructions: str | None,
        input: str | list[TResponseInputItem],
        model_settings: ModelSettings,
    ) -> list[dict[str, Any]]:
        reasoning = model_settings.reasoning
        messages = Converter.items_to_messages(
            input if isinstance(input, str) else _jsonable(input),
            model=self.model,
            base_url=self.base_url,
            preserve_thinking_blocks=reasoning is not None and reasoning.effort is not None,
            preserve_tool_output_all_content=True,
            should_replay_reasoning_content=self.should_replay_reasoning_content,
        )
        lowered = self.model.lower()
        # Anthropic and Gemini reject a tool result that does not directly follow its call.
        if any(name in lowered for name in ("anthropic", "claude", "gemini")):
            messages = pair_tool_results(messages)
        if "gemini" in lowered:
            gemini_thought_signatures(messages)
        if system_instructions:
            messages.insert(0, {"content": system_instructions, "role": "system"})
        result: list[dict[str, Any]] = _jsonable(messages)
        return result

    @staticmethod
    def _reasoning_effort(model_settings: ModelSettings) -> Any:
        """`reasoning.effort`, else a `reasoning_effort` in `extra_body`, else in `extra_args`
        (so provider-specific values such as "none" can be sent)."""
        reasoning = model_settings.reasoning
        if reasoning is not None:
            if reasoning.summary is not None:
                logger.warning(
                    "LitellmModel does not forward Reasoning.summary (LiteLLM's chat completions "
                    "take only reasoning_effort); ignoring the summary."
                )
            if reasoning.effort is not None:
                return reasoning.effort
        extra_body = model_settings.extra_body
        if isinstance(extra_body, dict) and "reasoning_effort" in extra_body:
            return extra_body["reasoning_effort"]
        extra_args = model_settings.extra_args
        if extra_args and "reasoning_effort" in extra_args:
            return extra_args["reasoning_effort"]
        return None

    @staticmethod
    def _extra_kwargs(
        model_settings: ModelSettings, reasoning_effort: Any, has_tools: bool
    ) -> dict[str, Any]:
        """`extra_query`, `metadata`, `extra_body` and `extra_args`, merged as LiteLLM takes them
        (`reasoning_effort` only ever once, at the top level)."""
        extra: dict[str, Any] = {}
        if model_settings.extra_query:
            extra["extra_query"] = copy(model_settings.extra_query)
        if model_settings.metadata:
            extra["metadata"] = copy(model_settings.metadata)
        extra_body = copy(model_settings.extra_body)
        if isinstance(extra_body, dict) and reasoning_effort is not None:
            extra_body.pop("reasoning_effort", None)
            extra_body = extra_body or None
        if extra_body is not None:
            extra["extra_body"] = extra_body
        if model_settings.extra_args:
            extra.update(model_settings.extra_args)
        if has_tools:
            # The tools are plain function tools already: LiteLLM's proxy-side MCP handling has
            # nothing to do for them.
            extra.setdefault("_skip_mcp_handler", True)
        extra.pop("reasoning_effort", None)
        # Chat Completions needs logprobs=true with top_logprobs, unless the caller sets it.
        if model_settings.top_logprobs is not None and "logprobs" not in extra:
            extra["logprobs"] = True
        return extra

    def _build_kwargs(
        self,
        system_instructions: str | None,
        input: str | list[TResponseInputItem],
        model_settings: ModelSettings,
        tools: list[Tool],
        output_schema: AgentOutputSchemaBase | None,
        handoffs: list[Handoff],
        span: Span[GenerationSpanData],
        tracing: ModelTracing,
        stream: bool,
    ) -> dict[str, Any]:
        """The keyword arguments of the `litellm.acompletion` call."""
        messages = self._messages(system_instructions, input, model_settings)
        if tracing.include_data():
            span.span_data.input = messages
        converted_tools = [Converter.tool_to_openai(tool) for tool in tools]
        converted_tools.extend(Converter.convert_handoff_tool(handoff) for handoff in handoffs)
        converted_tools = _jsonable(converted_tools)
        reasoning_effort = self._reasoning_effort(model_settings)
        include_usage = model_settings.include_usage
        kwargs: dict[str, Any] = {
            "model": self.model,
            "messages": messages,
            "tools": converted_tools or None,
            "temperature": model_settings.temperature,
            "top_p": model_settings.top_p,
            "frequency_penalty": model_settings.frequency_penalty,
            "presence_penalty": model_settings.presence_penalty,
            "max_tokens": model_settings.max_tokens,
            "tool_choice": Converter.convert_tool_choice(model_settings.tool_choice),
            "response_format": Converter.convert_response_format(output_schema),
            "parallel_tool_calls": model_settings.parallel_tool_calls if converted_tools else None,
            "stream": stream,
            "stream_options": {"include_usage": include_usage}
            if stream and include_usage is not None
            else None,
            "reasoning_effort": reasoning_effort,
            "top_logprobs": model_settings.top_logprobs,
            # Named like agentkit's own client (upstream sends "Agents/Python <version>").
            "extra_headers": {
                "User-Agent": user_agent(),
                **HEADERS,
                **(model_settings.extra_headers or {}),
                **(HEADERS_OVERRIDE.get() or {}),
            },
            "api_key": self.api_key,
            "base_url": self.base_url,
        }
        extra = self._extra_kwargs(model_settings, reasoning_effort, bool(converted_tools))
        duplicates = sorted(name for name in extra if name in kwargs)
        if duplicates:
            # As a duplicate keyword argument of the call would be.
            raise TypeError(
                "litellm.acompletion() got multiple values for keyword argument(s) "
                + ", ".join(repr(name) for name in duplicates)
            )
        kwargs.update(extra)
        return kwargs


async def _close(stream: Any) -> None:
    """Close LiteLLM's stream wrapper (and its HTTP response), whichever close it offers."""
    import inspect

    for name in ("aclose", "close"):
        close = getattr(stream, name, None)
        if callable(close):
            result = close()
            if inspect.isawaitable(result):
                await result
            return
