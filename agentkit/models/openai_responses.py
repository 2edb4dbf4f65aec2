"""`Model` on the OpenAI Responses API (`POST /responses`), whole or streamed."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from contextvars import ContextVar
from dataclasses import field
from typing import TYPE_CHECKING, Any, Literal

from ..exceptions import ModelBehaviorError, UserError
from ..logger import logger
from ..model_settings import MCPToolChoice
from ..util._dataclass import dataclass
from ._openai_request import (
    _OMIT,
    _add_extra_args,
    _close_stream,
    _coerce_client,
    _json_answer,
    _jsonable,
    _jsonable_full,
    _non_null_or_omit,
    _open_event_stream,
    _record_span_error,
    _send_json,
    _span_usage,
)
from ._response_accumulator import (
    FAILURE_EVENTS,
    TERMINAL_EVENTS,
    ResponseAccumulator,
    failure_for_event,
)
from .chatcmpl_helpers import ChatCmplHelpers, _set_private
from .fake_id import FAKE_RESPONSES_ID
from .interface import Model, ModelTracing

if TYPE_CHECKING:
    import httpx

    from .._http._sse import ServerSentEvent
    from ..agent_output import AgentOutputSchemaBase
    from ..client import AsyncOpenAI
    from ..handoffs import Handoff
    from ..items import ModelResponse, TResponseInputItem
    from ..model_settings import ModelSettings
    from ..retry import ModelRetryAdvice, ModelRetryAdviceRequest
    from ..tool import FileSearchTool, FunctionTool, Tool, WebSearchTool
    from ..tracing import Span
    from ..tracing.span_data import ResponseSpanData
    from ..types.responses import Response, ResponsePromptParam, ResponseStreamEvent

_RESPONSE_EVENTS = TERMINAL_EVENTS | {"response.created", "response.in_progress", "response.queued"}
"""Events that carry the response (and with it the request id); `error` events carry none."""

_HEADERS: dict[str, str] = {}
"""Headers every Responses request of the model carries (the client's User-Agent already names
agentkit, so nothing is added by default)."""

_HEADERS_OVERRIDE: ContextVar[dict[str, str] | None] = ContextVar(
    "openai_responses_headers_override", default=None
)
"""Headers laid over every Responses request made in the current context."""


class OpenAIResponsesModel(Model):
    """A `Model` backed by the OpenAI Responses API."""

    def __init__(
        self,
        model: str,
        openai_client: AsyncOpenAI,
        *,
        model_is_explicit: bool = True,
    ) -> None:
        self.model = model
        self._model_is_explicit = model_is_explicit
        self._client: Any = openai_client

    def _get_client(self) -> AsyncOpenAI:
        from ._retry_advice import client_for_call

        client = _coerce_client(self._client)
        self._client = client
        return client_for_call(client)  # type: ignore[no-any-return]

    def get_retry_advice(self, request: ModelRetryAdviceRequest) -> ModelRetryAdvice | None:
        from ._retry_advice import openai_retry_advice

        return openai_retry_advice(request)

    def _uses_official_openai_endpoint(self) -> bool:
        return ChatCmplHelpers.is_openai(self._get_client())

    def _supports_default_prompt_cache_key(self) -> bool:
        """Whether the runner adds a generated `prompt_cache_key`: only on the official endpoint."""
        return self._uses_official_openai_endpoint()

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
        from ..tracing import response_span

        with response_span(disabled=tracing.is_disabled()) as span:
            try:
                # Built in the call's arguments: no kwargs held while the model answers.
                response = await self._fetch_response(
                    self._build_response_create_kwargs(
                        system_instructions,
                        input,
                        model_settings,
                        tools,
                        output_schema,
                        handoffs,
                        previous_response_id=previous_response_id,
                        conversation_id=conversation_id,
                        stream=False,
                        prompt=prompt,
                    )
                )
                accumulator = ResponseAccumulator(
                    preserve_raw_usage=model_settings.preserve_raw_usage is True
                )
                accumulator.add_response(response)
                answer = accumulator.result()
                self._record_response(span, tracing, response, input)
            except Exception as e:
                _record_span_error(span, tracing, "Error getting response", e)
                logger.error(
                    "Error getting response (request_id: %s): %s",
                    getattr(e, "request_id", None),
                    e,
                )
                raise
        return answer

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
    ) -> AsyncIterator[ResponseStreamEvent]:
        """Yield the typed stream events; the last one is `response.completed`."""
        from ..tracing import response_span

        with response_span(disabled=tracing.is_disabled()) as span:
            try:
                kwargs = self._build_response_create_kwargs(
                    system_instructions,
                    input,
                    model_settings,
                    tools,
                    output_schema,
                    handoffs,
                    previous_response_id=previous_response_id,
                    conversation_id=conversation_id,
                    stream=True,
                    prompt=prompt,
                )
                stream = await self._open_stream(kwargs)
                events, parse_event = _event_source(stream)
                request_id = stream.request_id
                completed = False
                try:
                    async for data in events:
                        event = parse_event(data)
                        event_type = event.type
                        if event_type in _RESPONSE_EVENTS:
                            completed = (
                                self._on_response_event(event, request_id, span, tracing, input)
                                or completed
                            )
                        yield event
                        # A failure event was yielded: stop reading, so teardown cannot mask it.
                        if event_type in FAILURE_EVENTS:
                            raise failure_for_event(event)  # type: ignore[misc]
                finally:
                    await _close_stream(stream)
                if not completed:
                    raise ModelBehaviorError(
                        "The Responses stream ended without a `response.completed` event; the "
                        "server closed the stream early or sent a truncated answer."
                    )
            except Exception as e:
                _record_span_error(span, tracing, "Error streaming response", e)
                logger.error("Error streaming response: %s", e)
                raise

    async def _open_stream(self, kwargs: dict[str, Any]) -> Any:
        """Send a built streaming request; return its stream of event dicts (the transport hook
        a WebSocket model overrides)."""
        return await _open_event_stream(
            self._get_client().responses.create, str(self.model), kwargs
        )

    def _on_response_event(
        self,
        event: Any,
        request_id: str | None,
        span: Span[ResponseSpanData],
        tracing: ModelTracing,
        input: str | list[TResponseInputItem],
    ) -> bool:
        """Handle an event carrying the response before it is yielded; return whether it
        completed the answer.

        The response gets the request id. `response.completed` goes on the span now, as a
        consumer may stop at it; a failure is recorded on the span (the caller raises it after
        yielding the event).
        """
        carried = getattr(event, "response", None)
        if request_id is not None and carried is not None:
            _set_private(carried, "_request_id", request_id)
        if event.type == "response.completed":
            self._record_response(span, tracing, event.response, input)
            return True
        failure = failure_for_event(event)
        if failure is not None:
            _record_span_error(span, tracing, "Error streaming response", failure)
        return False

    def _record_response(
        self,
        span: Span[ResponseSpanData],
        tracing: ModelTracing,
        response: Response | _Answer,
        input: str | list[TResponseInputItem],
    ) -> None:
        """Put a completed response on its span: usage always; the response and input only when
        tracing may hold data, else just the id (for the official endpoint's own logs)."""
        from ..usage import Usage

        span.span_data.usage = _span_usage(Usage._from_wire(response.usage))
        if tracing.include_data():
            if isinstance(response, _Answer):
                # Validated whole only if a processor reads it.
                span.span_data._defer_response(response.id, response.response)
            else:
                span.span_data.response = response
            span.span_data.input = input
        elif not tracing.is_disabled() and self._uses_official_openai_endpoint():
            span.span_data._response_id = response.id

    def _fetch_response(self, kwargs: dict[str, Any]) -> Awaitable[Response | _Answer]:
        """Send a non-streaming request built by `_build_response_create_kwargs` (to await; a
        subclass may answer it another way: the websocket model does). The request is sent before
        anything is awaited, so `kwargs` is not held while the model answers."""
        return _validated_answer(
            _send_json(self._get_client(), str(self.model), "/responses", kwargs)
        )

    def _build_response_create_kwargs(
        self,
        system_instructions: str | None,
        input: str | list[TResponseInputItem],
        model_settings: ModelSettings,
        tools: list[Tool],
        output_schema: AgentOutputSchemaBase | None,
        handoffs: list[Handoff],
        previous_response_id: str | None = None,
        conversation_id: str | None = None,
        stream: bool = False,
        prompt: ResponsePromptParam | None = None,
    ) -> dict[str, Any]:
        """The keyword arguments of the `responses.create` call (omitted fields are `_OMIT`)."""
        from ..items import ItemHelpers

        list_input = _jsonable(ItemHelpers.input_to_new_input_list(input))
        list_input = self._remove_openai_responses_api_incompatible_fields(list_input)

        # With a stored prompt and no explicit model, the prompt's own model applies.
        request_model: str | None = (
            None if prompt is not None and not self._model_is_explicit else self.model
        )
        tool_fields, tool_includes = _tool_fields(
            model_settings, tools, handoffs, prompt, request_model
        )
        response_format = Converter.get_response_format(output_schema)
        include = _include_values(tool_includes, model_settings)
        extra_args = dict(model_settings.extra_args or {})
        if model_settings.top_logprobs is not None:
            extra_args["top_logprobs"] = model_settings.top_logprobs
        if model_settings.verbosity is not None:
            if response_format is _OMIT:
                response_format = {"verbosity": model_settings.verbosity}
            else:
                response_format["verbosity"] = model_settings.verbosity

        logger.debug(
            "Calling LLM %s (stream=%s, tool_choice=%s, previous_response_id=%s, "
            "conversation_id=%s)",
            self.model,
            stream,
            tool_fields["tool_choice"],
            previous_response_id,
            conversation_id,
        )

        kwargs: dict[str, Any] = {
            "previous_response_id": _non_null_or_omit(previous_response_id),
            "conversation": _non_null_or_omit(conversation_id),
            "instructions": _non_null_or_omit(system_instructions),
            "model": _non_null_or_omit(request_model),
            "input": list_input,
            "include": include,
            "tools": tool_fields["tools"],
            "prompt": _non_null_or_omit(prompt),
            "temperature": _non_null_or_omit(model_settings.temperature),
            "top_p": _non_null_or_omit(model_settings.top_p),
            "truncation": _non_null_or_omit(model_settings.truncation),
            "max_output_tokens": _non_null_or_omit(model_settings.max_tokens),
            "tool_choice": tool_fields["tool_choice"],
            "parallel_tool_calls": tool_fields["parallel_tool_calls"],
            "stream": True if stream else _OMIT,
            "extra_headers": self._merge_headers(model_settings),
            "extra_query": model_settings.extra_query,
            "extra_body": model_settings.extra_body,
            "text": response_format,
            "store": _non_null_or_omit(model_settings.store),
            "prompt_cache_retention": _non_null_or_omit(model_settings.prompt_cache_retention),
            "prompt_cache_options": _non_null_or_omit(model_settings.prompt_cache_options),
            "reasoning": _non_null_or_omit(model_settings.reasoning),
            "metadata": _non_null_or_omit(model_settings.metadata),
            "context_management": _non_null_or_omit(model_settings.context_management),
        }
        _add_extra_args(kwargs, extra_args, "responses.create()")
        return kwargs

    def _remove_openai_responses_api_incompatible_fields(self, list_input: list[Any]) -> list[Any]:
        """Strip what only other providers understand: `provider_data`, placeholder ids, and
        reasoning items another provider produced."""
        if not any(
            isinstance(item, dict)
            and (item.get("provider_data") or item.get("id") == FAKE_RESPONSES_ID)
            for item in list_input
        ):
            return list_input
        cleaned: list[Any] = []
        for item in list_input:
            if not isinstance(item, dict):
                cleaned.append(item)
                continue
            if item.get("type") == "reasoning" and item.get("provider_data"):
                continue
            item = dict(item)
            if item.get("id") == FAKE_RESPONSES_ID:
                del item["id"]
            item.pop("provider_data", None)
            cleaned.append(item)
        return cleaned

    def _merge_headers(self, model_settings: ModelSettings) -> dict[str, Any]:
        return {
            **_HEADERS,
            **(model_settings.extra_headers or {}),
            **(_HEADERS_OVERRIDE.get() or {}),
        }


@dataclass
class ConvertedTools:
    """Tools in wire form, plus the `include` values they need."""

    tools: list[dict[str, Any]]
    includes: list[str] = field(default_factory=list)


class Converter:
    """Turns agent tools, handoffs, tool choices and output schemas into Responses wire shapes."""

    @classmethod
    def convert_tool_choice(
        cls,
        tool_choice: Literal["auto", "required", "none"] | str | MCPToolChoice | None,
        *,
        tools: Sequence[Tool] | None = None,
        handoffs: Sequence[Handoff[Any, Any]] | None = None,
        model: str | None = None,
    ) -> Any:
        """The wire `tool_choice`, or `_OMIT` when unset."""
        from .._tool_search import (
            validate_named_function_tool_choice,
            validate_required_tool_choice,
        )

        if tool_choice is None:
            return _OMIT
        if isinstance(tool_choice, MCPToolChoice):
            return {
                "server_label": tool_choice.server_label,
                "type": "mcp",
                "name": tool_choice.name,
            }
        if tool_choice == "required":
            validate_required_tool_choice(tools)
        if tool_choice in ("required", "auto", "none"):
            return tool_choice
        if tool_choice == "programmatic_tool_calling":
            return {"type": "programmatic_tool_calling"}
        if tool_choice in (
            "file_search",
            "web_search",
            "web_search_preview",
            "image_generation",
            "code_interpreter",
            "mcp",
        ):
            return {"type": tool_choice}
        if tool_choice in ("computer", "computer_use", "computer_use_preview") and (
            cls._has_computer_tool(tools)
        ):
            if cls._should_use_preview_computer_tool(model=model, tool_choice=tool_choice):
                return {"type": "computer_use_preview"}
            return {"type": "computer"}
        if tool_choice == "computer_use_preview":
            return {"type": "computer_use_preview"}
        if tool_choice in ("shell", "apply_patch") and any(
            getattr(tool, "type", None) == tool_choice for tool in tools or ()
        ):
            return {"type": tool_choice}
        validate_named_function_tool_choice(tool_choice, tools=tools, handoffs=handoffs)
        return {"type": "function", "name": tool_choice}

    @classmethod
    def _has_computer_tool(cls, tools: Sequence[Tool] | None) -> bool:
        from ..tool import ComputerTool

        return any(isinstance(tool, ComputerTool) for tool in tools or ())

    @classmethod
    def resolve_computer_tool_model(
        cls, *, request_model: str | None, tools: Sequence[Tool] | None
    ) -> str | None:
        """The model that decides the computer tool's wire shape (None without a computer tool)."""
        return request_model if cls._has_computer_tool(tools) else None

    @classmethod
    def _should_use_preview_computer_tool(
        cls,
        *,
        model: str | None,
        tool_choice: Literal["auto", "required", "none"] | str | MCPToolChoice | None,
    ) -> bool:
        # Preview models take only the preview tool; other known models take the GA `computer`
        # tool. Without a model (a stored prompt picks it) the preview shape is the safe default
        # unless the caller explicitly chose a GA selector.
        if isinstance(model, str) and model.startswith("computer-use-preview"):
            return True
        if model is not None:
            return False
        return not (isinstance(tool_choice, str) and tool_choice in ("computer", "computer_use"))

    @classmethod
    def get_response_format(cls, output_schema: AgentOutputSchemaBase | None) -> Any:
        """The `text` parameter for structured output, or `_OMIT` for plain text."""
        if output_schema is None or output_schema.is_plain_text():
            return _OMIT
        return {
            "format": {
                "type": "json_schema",
                "name": "final_output",
                "schema": output_schema.json_schema(),
                "strict": output_schema.is_strict_json_schema(),
            }
        }

    @classmethod
    def convert_tools(
        cls,
        tools: list[Tool],
        handoffs: list[Handoff[Any, Any]],
        *,
        allow_opaque_tool_search_surface: bool = False,
        model: str | None = None,
        tool_choice: Literal["auto", "required", "none"] | str | MCPToolChoice | None = None,
    ) -> ConvertedTools:
        """Every tool and handoff in wire form (handoffs become function tools; the function
        tools of a `tool_namespace()` become one namespace entry)."""
        from .._tool_search import (
            group_namespaces,
            validate_responses_programmatic_tool_calling_configuration,
            validate_responses_tool_search_configuration,
        )
        from ..tool import ComputerTool

        validate_responses_tool_search_configuration(
            tools, allow_opaque_search_surface=allow_opaque_tool_search_surface
        )
        validate_responses_programmatic_tool_calling_configuration(
            tools,
            tool_choice=tool_choice,
            allow_opaque_tool_search_surface=allow_opaque_tool_search_surface,
        )
        computer_tools = [tool for tool in tools if isinstance(tool, ComputerTool)]
        if len(computer_tools) > 1:
            raise UserError(f"You can only provide one computer tool. Got {len(computer_tools)}")
        use_preview = cls._should_use_preview_computer_tool(model=model, tool_choice=tool_choice)
        converted: list[dict[str, Any]] = []
        includes: list[str] = []
        for tool, namespace_payload in group_namespaces(tools, _function_tool_payload):
            if namespace_payload is not None:
                converted.append(namespace_payload)
                continue
            payload, include = cls._convert_tool(tool, use_preview_computer_tool=use_preview)
            converted.append(payload)
            if include:
                includes.append(include)
        for handoff in handoffs:
            converted.append(cls._convert_handoff_tool(handoff))
        return ConvertedTools(tools=converted, includes=includes)

    @classmethod
    def _convert_tool(
        cls, tool: Tool, *, use_preview_computer_tool: bool = False
    ) -> tuple[dict[str, Any], str | None]:
        from .._tool_search import tool_search_payload
        from ..tool import (
            CodeInterpreterTool,
            ComputerTool,
            FileSearchTool,
            FunctionTool,
            HostedMCPTool,
            ImageGenerationTool,
            LocalShellTool,
            WebSearchTool,
        )

        if isinstance(tool, FunctionTool):
            return _function_tool_payload(tool), None
        if isinstance(tool, WebSearchTool):
            return _web_search_payload(tool)
        if isinstance(tool, FileSearchTool):
            return _file_search_payload(tool)
        if isinstance(tool, ComputerTool):
            if use_preview_computer_tool:
                return cls._convert_preview_computer_tool(tool), None
            return {"type": "computer"}, None
        if isinstance(tool, (HostedMCPTool, ImageGenerationTool, CodeInterpreterTool)):
            return dict(tool.tool_config), None
        if isinstance(tool, LocalShellTool):
            return {"type": "local_shell"}, None
        search_payload = tool_search_payload(tool)
        if search_payload is not None:
            return search_payload, None
        tool_config = getattr(tool, "tool_config", None)
        if isinstance(tool_config, Mapping) and isinstance(tool_config.get("type"), str):
            # Hosted tools added later (custom, shell, apply_patch ...) carry their wire config.
            return dict(tool_config), None
        raise UserError(f"Unknown tool type: {type(tool)}, tool")

    @classmethod
    def _convert_preview_computer_tool(cls, tool: Any) -> dict[str, Any]:
        from ..computer import AsyncComputer, Computer

        computer = tool.computer
        if not isinstance(computer, (Computer, AsyncComputer)):
            raise UserError(
                "Computer tool is not initialized for serialization: its computer is a factory "
                "or provider. Resolve it for a run first (the runner does this), or pass a "
                "Computer/AsyncComputer instance."
            )
        environment = computer.environment
        dimensions = computer.dimensions
        if environment is None or dimensions is None:
            raise UserError(
                "Preview computer tool payloads require `environment` and `dimensions` on the "
                "Computer/AsyncComputer implementation."
            )
        return {
            "type": "computer_use_preview",
            "environment": environment,
            "display_width": dimensions[0],
            "display_height": dimensions[1],
        }

    @classmethod
    def _convert_handoff_tool(cls, handoff: Handoff[Any, Any]) -> dict[str, Any]:
        return {
            "name": handoff.tool_name,
            "parameters": handoff.input_json_schema,
            "strict": handoff.strict_json_schema,
            "type": "function",
            "description": handoff.tool_description,
        }


_DELTA_EVENT_NAMES = (
    "ResponseTextDeltaEvent",
    "ResponseFunctionCallArgumentsDeltaEvent",
    "ResponseRefusalDeltaEvent",
    "ResponseReasoningTextDeltaEvent",
    "ResponseReasoningSummaryTextDeltaEvent",
)
_delta_validators: dict[str, Callable[[str], Any]] = {}


class _Answer:
    """A non-streaming call's answer, validated as far as a run reads it.

    `id`, `status`, `error`, `incomplete_details`, `usage` and `output` hold what the `Response`
    would; `response()` validates the whole `Response` (the settings and tools echoed back) on its
    first call, which a run makes only for a trace that keeps responses. Data a run reads that does
    not validate raises what `Response.model_validate` raises; the rest is not checked unless read
    (the official client does not validate answers at all).
    """

    __slots__ = (
        "_data",
        "_request_id",
        "_response",
        "error",
        "id",
        "incomplete_details",
        "output",
        "status",
        "usage",
    )

    def __init__(self, data: dict[str, Any], request_id: str | None) -> None:
        from pydantic import ValidationError

        from ..types import responses

        self._data = data
        self._request_id = request_id
        self._response: Response | None = None
        try:
            fields = responses._ResponseAnswer.model_validate(data)
            output = responses._parse_output_items(fields.output or [])
        except ValidationError:
            # Report it as `Response` does (its error locations); valid after all, take it whole.
            response = self.response()
            fields, output = response, response.output  # type: ignore[assignment]
        self.id = fields.id
        self.status = fields.status
        self.error = fields.error
        self.incomplete_details = fields.incomplete_details
        self.usage = fields.usage
        self.output = output

    def response(self) -> Response:
        """The whole wire `Response`, carrying the call's request id."""
        if self._response is None:
            from ..types.responses import Response

            response = Response.model_validate(self._data)
            _set_private(response, "_request_id", self._request_id)
            self._response = response
        return self._response


async def _validated_answer(sending: Awaitable[httpx.Response]) -> _Answer:
    """A non-streaming call's answer (see `_Answer`), carrying the call's request id."""
    data, headers = _json_answer(await sending, api="Responses", expected="a response object")
    return _Answer(data, headers.get("x-request-id"))


def _event_source(stream: Any) -> tuple[AsyncIterator[Any], Callable[[Any], ResponseStreamEvent]]:
    """What to iterate for the events of `stream`, and how to parse each one.

    From the HTTP client's own stream, the JSON of a delta event (most of a stream) is validated
    straight into the class its SSE `event:` line names, with no dict in between. Any other event,
    and a delta that would not come out exactly as the dict path makes it (an `error` member, no
    or another `type`, data that does not validate), goes the usual way: `decode`, then
    `parse_stream_event`, with its errors. Other streams (a WebSocket transport, a delegated
    client's) give dicts.
    """
    from ..client import AsyncStream
    from ..types.responses import parse_stream_event

    if type(stream) is not AsyncStream:
        return stream, parse_stream_event
    validators = _delta_validators or _build_delta_validators()
    decode = stream.decode

    def parse(sse: ServerSentEvent) -> ResponseStreamEvent:
        validate = validators.get(sse.event)  # type: ignore[arg-type]
        if validate is not None:
            try:
                event = validate(sse.data)
            except ValueError:  # pydantic's ValidationError: let the dict path decide
                pass
            else:
                if (
                    "type" in event.__pydantic_fields_set__
                    and "error" not in event.__pydantic_extra__
                ):
                    return event  # type: ignore[no-any-return]
        return parse_stream_event(decode(sse))

    return stream._undecoded(), parse


def _build_delta_validators() -> dict[str, Callable[[str], Any]]:
    from ..types import responses

    responses._build_validators()  # the nested models first, as `parse_stream_event` does
    for name in _DELTA_EVENT_NAMES:
        cls = getattr(responses, name)
        cls.model_rebuild()
        _delta_validators[cls.model_fields["type"].default] = (
            cls.__pydantic_validator__.validate_json
        )
    return _delta_validators


def _function_tool_payload(tool: FunctionTool) -> dict[str, Any]:
    function_tool: dict[str, Any] = {
        "name": tool.name,
        "parameters": tool.params_json_schema,
        "strict": tool.strict_json_schema,
        "type": "function",
        "description": tool.description,
    }
    # Newer optional fields, sent only when a tool defines them.
    if tool.defer_loading:
        function_tool["defer_loading"] = True
    if tool.allowed_callers is not None:
        function_tool["allowed_callers"] = tool.allowed_callers
    if tool.output_json_schema is not None:
        function_tool["output_schema"] = tool.output_json_schema
    return function_tool


def _web_search_payload(tool: WebSearchTool) -> tuple[dict[str, Any], str | None]:
    filters = tool.filters
    web_search: dict[str, Any] = {
        "type": "web_search",
        "filters": _jsonable_full(filters),
        "user_location": tool.user_location,
        "search_context_size": tool.search_context_size,
    }
    if tool.external_web_access is not None:
        web_search["external_web_access"] = tool.external_web_access
    if tool.search_content_types is not None:
        web_search["search_content_types"] = list(tool.search_content_types)
    if tool.image_settings is not None:
        web_search["image_settings"] = dict(tool.image_settings)
    include = (
        "web_search_call.results"
        if tool.search_content_types is not None and "image" in tool.search_content_types
        else None
    )
    return web_search, include


def _file_search_payload(tool: FileSearchTool) -> tuple[dict[str, Any], str | None]:
    file_search: dict[str, Any] = {
        "type": "file_search",
        "vector_store_ids": tool.vector_store_ids,
    }
    max_results = tool.max_num_results
    if max_results is not None:
        if (
            isinstance(max_results, bool)
            or not isinstance(max_results, int)
            or not 0 <= max_results <= 50
        ):
            raise UserError(
                "FileSearchTool max_num_results must be zero, an integer between 1 and "
                f"50, or None; got {max_results!r}."
            )
        # Zero means "provider default", like None.
        if max_results > 0:
            file_search["max_num_results"] = max_results
    if tool.ranking_options:
        file_search["ranking_options"] = tool.ranking_options
    if tool.filters:
        file_search["filters"] = tool.filters
    return file_search, "file_search_call.results" if tool.include_search_results else None


def _include_values(tool_includes: list[str], model_settings: ModelSettings) -> list[str]:
    """The request's `include`: the tools' needs, then the settings', ordered and de-duplicated
    so the request is reproducible."""
    include: dict[str, None] = dict.fromkeys(tool_includes)
    if model_settings.response_include is not None:
        for value in model_settings.response_include:
            if not isinstance(value, str):
                raise UserError(f"Unsupported Responses include value: {value!r}")
            include[value] = None
    if model_settings.top_logprobs is not None:
        include["message.output_text.logprobs"] = None
    return list(include)


def _tool_fields(
    model_settings: ModelSettings,
    tools: list[Tool],
    handoffs: list[Handoff],
    prompt: ResponsePromptParam | None,
    request_model: str | None,
) -> tuple[dict[str, Any], list[str]]:
    """The request's `tools`, `tool_choice` and `parallel_tool_calls` (omitted ones `_OMIT`),
    and the `include` values the tools need."""
    computer_model = Converter.resolve_computer_tool_model(request_model=request_model, tools=tools)
    tool_choice = Converter.convert_tool_choice(
        model_settings.tool_choice, tools=tools, handoffs=handoffs, model=computer_model
    )
    converted = Converter.convert_tools(
        tools,
        handoffs,
        allow_opaque_tool_search_surface=prompt is not None,
        model=computer_model,
        tool_choice=model_settings.tool_choice,
    )
    tools_payload = _jsonable(converted.tools)
    omit_tools = prompt is not None and not tools_payload
    fields = {
        "tools": _OMIT if omit_tools else tools_payload,
        # A prompt that brings its own tools cannot take a named choice of a tool we don't send.
        "tool_choice": _OMIT if omit_tools and isinstance(tool_choice, dict) else tool_choice,
        "parallel_tool_calls": (
            _non_null_or_omit(model_settings.parallel_tool_calls)
            if prompt is not None or tools_payload
            else _OMIT
        ),
    }
    return fields, converted.includes
