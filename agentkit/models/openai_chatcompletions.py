"""`Model` on the Chat Completions API (`POST /chat/completions`), for OpenAI and compatible
servers (Ollama, vLLM, llama.cpp, LiteLLM, Azure ...).

Input items, tools and output schemas are converted to chat shapes on the way in; answers are
converted back to Responses-style items and stream events, so callers cannot tell the APIs apart.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Mapping
from typing import TYPE_CHECKING, Any

from ..exceptions import ModelBehaviorError, UserError
from ..logger import logger
from ._chat_translator import ChatChunkTranslator, translate_completion
from ._openai_request import (
    _OMIT,
    _add_extra_args,
    _close_stream,
    _coerce_client,
    _json_answer,
    _jsonable,
    _non_null_or_omit,
    _open_event_stream,
    _record_span_error,
    _send_json,
    _span_usage,
)
from ._response_accumulator import ResponseAccumulator
from .chatcmpl_converter import Converter, ShouldReplayReasoningContent
from .chatcmpl_helpers import HEADERS, HEADERS_OVERRIDE, ChatCmplHelpers, _field, _set_private
from .chatcmpl_stream_handler import translated
from .fake_id import FAKE_RESPONSES_ID
from .interface import Model, ModelTracing
from .openai_responses import Converter as ResponsesConverter

if TYPE_CHECKING:
    from ..agent_output import AgentOutputSchemaBase
    from ..client import AsyncOpenAI, AsyncStream
    from ..handoffs import Handoff
    from ..items import ModelResponse, TResponseInputItem, TResponseStreamEvent
    from ..model_settings import ModelSettings
    from ..retry import ModelRetryAdvice, ModelRetryAdviceRequest
    from ..tool import Tool
    from ..tracing import Span
    from ..tracing.span_data import GenerationSpanData
    from ..types.responses import Response, ResponsePromptParam


def _sanitize_url(url: object) -> str:
    """The URL without credentials, query or fragment, for traces."""
    from urllib.parse import urlsplit, urlunsplit

    try:
        parts = urlsplit(str(url))
    except ValueError:
        return ""
    # Upstream records openai's client base URL, which always ends with a slash.
    path = parts.path if parts.path.endswith("/") else parts.path + "/"
    return urlunsplit((parts.scheme, parts.netloc.rsplit("@", 1)[-1], path, "", ""))


def _model_config_for_trace(
    model_settings: ModelSettings, tracing: ModelTracing, base_url: object
) -> dict[str, Any]:
    config = model_settings.to_traceable_dict()
    if not tracing.include_data():
        config.pop("metadata", None)
    config["base_url"] = _sanitize_url(base_url)
    return config


class OpenAIChatCompletionsModel(Model):
    """A `Model` backed by the Chat Completions API."""

    def __init__(
        self,
        model: str,
        openai_client: AsyncOpenAI,
        should_replay_reasoning_content: ShouldReplayReasoningContent | None = None,
        strict_feature_validation: bool = False,
    ) -> None:
        self.model = model
        self._client: Any = openai_client
        self.should_replay_reasoning_content = should_replay_reasoning_content
        self._strict_feature_validation = strict_feature_validation
        self._warned: set[str] = set()

    def _get_client(self) -> AsyncOpenAI:
        from ._retry_advice import client_for_call

        client = _coerce_client(self._client)
        self._client = client
        return client_for_call(client)  # type: ignore[no-any-return]

    def get_retry_advice(self, request: ModelRetryAdviceRequest) -> ModelRetryAdvice | None:
        from ._retry_advice import openai_retry_advice

        return openai_retry_advice(request)

    def _supports_default_prompt_cache_key(self) -> bool:
        """Whether the runner adds a generated `prompt_cache_key`: only on the official endpoint."""
        return ChatCmplHelpers.is_openai(self._get_client())

    def _unsupported(self, key: str, message: str) -> None:
        """Raise in strict mode; otherwise warn once per model and ignore the feature."""
        if self._strict_feature_validation:
            raise UserError(message)
        if key not in self._warned:
            self._warned.add(key)
            logger.warning(
                "%s Ignoring it; enable strict feature validation to raise instead.", message
            )

    def _check_unsupported_features(
        self,
        model_settings: ModelSettings,
        previous_response_id: str | None,
        conversation_id: str | None,
        prompt: ResponsePromptParam | None,
    ) -> None:
        state = [
            name
            for name, value in (
                ("previous_response_id", previous_response_id),
                ("conversation_id", conversation_id),
            )
            if value is not None
        ]
        if state:
            self._unsupported(
                "state",
                "OpenAIChatCompletionsModel does not support server-managed conversation state "
                f"({', '.join(state)}). Chat Completions requires callers to pass the full "
                "conversation history; use a Responses API model instead.",
            )
        if prompt is not None:
            self._unsupported(
                "prompt",
                "Reusable prompts are only supported by the Responses API. "
                "OpenAIChatCompletionsModel does not support `prompt`.",
            )
        reasoning = model_settings.reasoning
        if reasoning is not None:
            names = [n for n in ("mode", "context") if getattr(reasoning, n, None) is not None]
            if names:
                self._unsupported(
                    "reasoning",
                    "OpenAIChatCompletionsModel does not support "
                    f"{', '.join('reasoning.' + n for n in names)}; Chat Completions only uses "
                    "reasoning.effort.",
                )

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

        with self._generation_span(
            model_settings, tracing, previous_response_id, conversation_id, prompt
        ) as span:
            try:
                kwargs = self._build_create_kwargs(
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
                parallel_tool_calls = kwargs["parallel_tool_calls"]
                sending = _send_json(
                    self._get_client(), str(self.model), "/chat/completions", kwargs
                )
                del kwargs  # not held through the await (by every call in flight)
                body, headers = _json_answer(
                    await sending, api="Chat Completions", expected="a completion"
                )
                answer = self._answer_from_body(
                    body, headers, parallel_tool_calls, model_settings, span, tracing
                )
            except Exception as e:
                _record_span_error(span, tracing, "Error getting response", e)
                logger.error("Error getting response: %s", e)
                raise
        return answer

    def _answer_from_body(
        self,
        body: dict[str, Any],
        headers: Mapping[str, str],
        parallel_tool_calls: Any,
        model_settings: ModelSettings,
        span: Span[GenerationSpanData],
        tracing: ModelTracing,
    ) -> ModelResponse:
        """A whole completion as the answer: choice 0 goes through the chat translator as one
        chunk, and the result through the same accumulator as a stream."""
        from ..usage import Usage

        choices = body.get("choices")
        if not isinstance(choices, list) or not choices:
            error = body.get("error")
            detail = f": {error}" if error is not None else ""
            raise ModelBehaviorError(
                f"ChatCompletion response has no choices (possible provider error payload){detail}"
            )
        first_choice = choices[0] if isinstance(choices[0], dict) else {}
        message = first_choice.get("message")
        if not isinstance(message, dict):
            message = None
        raw_usage = body.get("usage")
        # Recorded before the checks below so a failed turn still counts its request.
        span.span_data.usage = _span_usage(Usage._from_wire(raw_usage))
        provider_data: dict[str, Any] = {"model": self.model}
        if message is not None and body.get("id"):
            provider_data["response_id"] = body["id"]
        completed = translate_completion(
            self._response_skeleton(model_settings, parallel_tool_calls),
            message or {},
            # Without a message there is nothing to judge truncation or filtering by.
            finish_reason=first_choice.get("finish_reason") if message is not None else None,
            logprobs=first_choice.get("logprobs"),
            usage=raw_usage if isinstance(raw_usage, Mapping) else None,
            provider_data=provider_data,
            model=self.model,
            strict_feature_validation=self._strict_feature_validation,
            raise_on_length_truncation=True,
        )
        if tracing.include_data():
            span.span_data.output = _traced_output(message, completed)
        _set_private(completed, "_request_id", headers.get("x-request-id"))
        accumulator = ResponseAccumulator(
            preserve_raw_usage=model_settings.preserve_raw_usage is True
        )
        accumulator.add_response(completed)
        return accumulator.result()

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
        """Yield Responses-style events converted from the chat chunks; the last one is
        `response.completed` with the whole output and usage."""
        with self._generation_span(
            model_settings, tracing, previous_response_id, conversation_id, prompt
        ) as span:
            try:
                kwargs = self._build_create_kwargs(
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
                response, stream = await self._open_stream(kwargs, model_settings)
                if stream.request_id is not None:
                    _set_private(response, "_request_id", stream.request_id)
                # What `ChatCmplStreamHandler.handle_stream` does, inline: a generator less
                # between the server and the consumer, on every chunk.
                translator = ChatChunkTranslator(
                    response,
                    model=self.model,
                    strict_feature_validation=self._strict_feature_validation,
                    raise_on_length_truncation=True,
                    require_finish_reason=ChatCmplHelpers.is_openai(self._get_client()),
                )
                take = translator.chunk
                failure: Exception | None = None
                from ..client import AsyncStream

                chunks = stream._iterable() if type(stream) is AsyncStream else stream
                try:
                    async for chunk in chunks:
                        # `translated(translator, chunk)` inline (once per chunk): the events
                        # made before an error still reach the consumer, first.
                        try:
                            events = take(chunk)
                        except Exception as exc:
                            events, failure = translator.pending, exc
                        for event in events:
                            yield event
                        if failure is not None:
                            raise failure
                    events, error = translated(translator)
                    for event in events:
                        if event.type == "response.completed":
                            # Recorded before yielding: a consumer may stop at this event.
                            self._populate_span(span, event.response, tracing)  # type: ignore[union-attr]
                        yield event
                    if error is not None:
                        raise error
                except ModelBehaviorError:
                    self._populate_span(span, response, tracing)
                    raise
                finally:
                    await _close_stream(stream)
            except Exception as e:
                _record_span_error(span, tracing, "Error streaming response", e)
                logger.error("Error streaming response: %s", e)
                raise

    @staticmethod
    def _populate_span(
        span: Span[GenerationSpanData], response: Response, tracing: ModelTracing
    ) -> None:
        if tracing.include_data():
            span.span_data.output = [response.model_dump(mode="json", exclude_unset=True)]
        from ..usage import Usage

        span.span_data.usage = _span_usage(Usage._from_wire(response.usage))

    def _generation_span(
        self,
        model_settings: ModelSettings,
        tracing: ModelTracing,
        previous_response_id: str | None,
        conversation_id: str | None,
        prompt: ResponsePromptParam | None,
    ) -> Span[GenerationSpanData]:
        """Check the call for features Chat Completions lacks, then open its generation span."""
        from ..tracing import generation_span

        self._check_unsupported_features(
            model_settings, previous_response_id, conversation_id, prompt
        )
        return generation_span(
            model=str(self.model),
            model_config=_model_config_for_trace(
                model_settings, tracing, self._get_client().base_url
            ),
            disabled=tracing.is_disabled(),
        )

    def _build_create_kwargs(
        self,
        system_instructions: str | None,
        input: str | list[TResponseInputItem],
        model_settings: ModelSettings,
        tools: list[Tool],
        output_schema: AgentOutputSchemaBase | None,
        handoffs: list[Handoff],
        span: Span[GenerationSpanData] | None,
        tracing: ModelTracing,
        stream: bool,
    ) -> dict[str, Any]:
        """The keyword arguments of the `chat.completions.create` call (omitted are `_OMIT`)."""
        client = self._get_client()
        self._validate_official_openai_input_content_types(client, input)
        messages = Converter.items_to_messages(
            _jsonable(input) if not isinstance(input, str) else input,
            model=self.model,
            base_url=str(client.base_url),
            should_replay_reasoning_content=self.should_replay_reasoning_content,
            strict_feature_validation=self._strict_feature_validation,
        )
        if system_instructions:
            messages.insert(0, {"content": system_instructions, "role": "system"})
        messages = _jsonable(messages)
        if span is not None and tracing.include_data():
            span.span_data.input = messages

        converted_tools = [Converter.tool_to_openai(tool) for tool in tools] if tools else []
        converted_tools.extend(Converter.convert_handoff_tool(h) for h in handoffs)
        converted_tools = _jsonable(converted_tools)
        reasoning = model_settings.reasoning
        kwargs: dict[str, Any] = {
            "model": self.model,
            "messages": messages,
            "tools": converted_tools or _OMIT,
            "temperature": _non_null_or_omit(model_settings.temperature),
            "top_p": _non_null_or_omit(model_settings.top_p),
            "frequency_penalty": _non_null_or_omit(model_settings.frequency_penalty),
            "presence_penalty": _non_null_or_omit(model_settings.presence_penalty),
            "max_tokens": _non_null_or_omit(model_settings.max_tokens),
            "tool_choice": _non_null_or_omit(
                Converter.convert_tool_choice(model_settings.tool_choice)
            ),
            "response_format": _non_null_or_omit(Converter.convert_response_format(output_schema)),
            # Chat Completions rejects parallel_tool_calls without tools (handoffs count).
            "parallel_tool_calls": _non_null_or_omit(model_settings.parallel_tool_calls)
            if converted_tools
            else _OMIT,
            "stream": True if stream else _OMIT,
            "stream_options": _non_null_or_omit(
                ChatCmplHelpers.get_stream_options_param(client, model_settings, stream=stream)
            ),
            "store": _non_null_or_omit(ChatCmplHelpers.get_store_param(client, model_settings)),
            "reasoning_effort": _non_null_or_omit(
                reasoning.effort if reasoning is not None else None
            ),
            "verbosity": _non_null_or_omit(model_settings.verbosity),
            "top_logprobs": _non_null_or_omit(model_settings.top_logprobs),
            "prompt_cache_retention": _non_null_or_omit(model_settings.prompt_cache_retention),
            "prompt_cache_options": _non_null_or_omit(model_settings.prompt_cache_options),
            "extra_headers": {
                **HEADERS,
                **(model_settings.extra_headers or {}),
                **(HEADERS_OVERRIDE.get() or {}),
            },
            "extra_query": model_settings.extra_query,
            "extra_body": model_settings.extra_body,
            "metadata": _non_null_or_omit(model_settings.metadata),
        }
        extra_args = model_settings.extra_args or {}
        # The API requires logprobs=true with top_logprobs, unless the caller passes it.
        if model_settings.top_logprobs is not None and "logprobs" not in extra_args:
            kwargs["logprobs"] = True
        _add_extra_args(kwargs, extra_args, "chat.completions.create()")
        return kwargs

    _OFFICIAL_INPUT_CONTENT_TYPES = frozenset(
        {"input_text", "input_image", "input_audio", "input_file"}
    )

    def _validate_official_openai_input_content_types(
        self, client: AsyncOpenAI, request_input: str | list[TResponseInputItem]
    ) -> None:
        """Reject user content parts the official endpoint does not take (e.g. video)."""
        if not ChatCmplHelpers.is_openai(client) or isinstance(request_input, str):
            return
        for item in request_input:
            message = Converter.maybe_easy_input_message(item) or Converter.maybe_input_message(
                item
            )
            if message is None or message["role"] != "user" or isinstance(message["content"], str):
                continue
            for part in message["content"]:
                normalized = Converter._normalize_input_content_part_alias(part)
                part_type = _field(normalized, "type")
                if (
                    isinstance(normalized, dict)
                    and part_type not in self._OFFICIAL_INPUT_CONTENT_TYPES
                ):
                    raise UserError(
                        "Unsupported content type for official OpenAI Chat Completions: "
                        f"{part_type!r} in {part}"
                    )

    async def _open_stream(
        self, kwargs: dict[str, Any], model_settings: ModelSettings
    ) -> tuple[Response, AsyncStream]:
        """Send a built streaming request; return the Response skeleton the events build on, and
        the client's stream of chunk dicts."""
        stream = await _open_event_stream(
            self._get_client().chat.completions.create, str(self.model), kwargs
        )
        return self._response_skeleton(model_settings, kwargs["parallel_tool_calls"]), stream

    def _response_skeleton(
        self, model_settings: ModelSettings, parallel_tool_calls: Any
    ) -> Response:
        """The Responses `Response` the translated answer builds on."""
        from ..types.responses import Response

        tool_choice = ResponsesConverter.convert_tool_choice(model_settings.tool_choice)
        return Response(
            id=FAKE_RESPONSES_ID,
            created_at=time.time(),
            model=self.model,
            object="response",
            output=[],
            # The Responses shape needs a tool choice; "auto" is what an unset one means.
            tool_choice=tool_choice if tool_choice is not _OMIT else "auto",
            top_p=model_settings.top_p,
            temperature=model_settings.temperature,
            tools=[],
            parallel_tool_calls=parallel_tool_calls if parallel_tool_calls is not _OMIT else False,
            reasoning=model_settings.reasoning,
        )


def _traced_output(message: dict[str, Any] | None, completed: Response) -> list[Any]:
    """The generation span's output of a whole completion: the provider's message, with the
    refusal the translation gave a content-filtered empty message."""
    if message is None:
        return []
    if not (message.get("content") or message.get("refusal") or message.get("tool_calls")):
        from ..types.responses import ResponseOutputMessage, ResponseOutputRefusal

        for item in completed.output:
            if isinstance(item, ResponseOutputMessage):
                for part in item.content:
                    if isinstance(part, ResponseOutputRefusal):
                        message["refusal"] = part.refusal
    return [message]
