"""`Model` on the OpenAI Responses API (`POST /responses`), whole or streamed."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from ..exceptions import ModelBehaviorError, UserError
from ..logger import logger
from ..model_settings import MCPToolChoice
from .chatcmpl_helpers import ChatCmplHelpers, _set_private
from .fake_id import FAKE_RESPONSES_ID
from .interface import Model, ModelTracing

if TYPE_CHECKING:
    from ..agent_output import AgentOutputSchemaBase
    from ..client import AsyncOpenAI, AsyncStream
    from ..handoffs import Handoff
    from ..items import ModelResponse, TResponseInputItem
    from ..model_settings import ModelSettings
    from ..tool import Tool
    from ..tracing import Span
    from ..tracing.span_data import ResponseSpanData
    from ..types.responses import Response, ResponsePromptParam, ResponseStreamEvent
    from ..usage import Usage

_HEADERS: dict[str, str] = {}
"""Headers every Responses request of the model carries (the client's User-Agent already names
agentkit, so nothing is added by default)."""

_HEADERS_OVERRIDE: ContextVar[dict[str, str] | None] = ContextVar(
    "openai_responses_headers_override", default=None
)
"""Headers laid over every Responses request made in the current context."""


class _Omit:
    """Marks a request field that must not be sent (distinct from an explicit `None`)."""

    def __repr__(self) -> str:
        return "OMIT"


_OMIT: Any = _Omit()


def _non_null_or_omit(value: Any) -> Any:
    return _OMIT if value is None else value


def _jsonable(value: Any) -> Any:
    """Plain JSON data for request bodies: wire models become dicts of their set fields."""
    from pydantic import BaseModel

    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", exclude_unset=True, by_alias=True)
    if isinstance(value, Mapping):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return value


def _coerce_client(client: Any) -> AsyncOpenAI:
    from ..client import AsyncOpenAI, coerce_client

    if client is None:
        return AsyncOpenAI()
    if isinstance(client, AsyncOpenAI):
        return client
    return coerce_client(client)


def _split_request(
    kwargs: dict[str, Any],
) -> tuple[dict[str, Any], dict[str, Any], Mapping[str, Any] | None, Mapping[str, Any] | None]:
    """Split built kwargs into (body params, headers, extra query, extra body); drop omitted."""
    params = {k: v for k, v in kwargs.items() if v is not _OMIT}
    headers = dict(params.pop("extra_headers", None) or {})
    extra_query = params.pop("extra_query", None)
    extra_body = params.pop("extra_body", None)
    if extra_query is not None and not isinstance(extra_query, Mapping):
        raise UserError(
            f"ModelSettings.extra_query must be a mapping, got {type(extra_query).__name__}"
        )
    if extra_body is not None and not isinstance(extra_body, Mapping):
        raise UserError(
            f"ModelSettings.extra_body must be a mapping, got {type(extra_body).__name__}"
        )
    return params, headers, extra_query, extra_body


def _request_body(
    params: Mapping[str, Any], extra_body: Mapping[str, Any] | None
) -> dict[str, Any]:
    body = {k: _jsonable(v) for k, v in params.items() if v is not None}
    if extra_body:
        body.update(_jsonable(dict(extra_body)))
    return body


def _add_extra_args(kwargs: dict[str, Any], extra_args: Mapping[str, Any], call: str) -> None:
    """Add `ModelSettings.extra_args` to the built `kwargs`; like a duplicate keyword argument,
    one that sets a field the model already sends is a TypeError."""
    duplicates = sorted(k for k in extra_args if k in kwargs and kwargs[k] is not _OMIT)
    if len(duplicates) == 1:
        raise TypeError(f"{call} got multiple values for keyword argument '{duplicates[0]}'")
    if duplicates:
        names = ", ".join(repr(k) for k in duplicates)
        raise TypeError(f"{call} got multiple values for keyword arguments {names}")
    kwargs.update(extra_args)


async def _post_json(
    client: AsyncOpenAI,
    model: str,
    path: str,
    kwargs: dict[str, Any],
    *,
    api: str,
    expected: str,
) -> tuple[dict[str, Any], Mapping[str, str]]:
    """Send a built non-streaming request; return the JSON object answered and the headers."""
    from ._request_guard import check_model_requests_allowed

    params, headers, extra_query, extra_body = _split_request(kwargs)
    check_model_requests_allowed(model)
    deadline = params.pop("deadline", None)  # ModelSettings.extra_args: the call's deadline
    http_response = await client.request(
        "POST",
        path,
        body=_request_body(params, extra_body),
        query=extra_query,
        headers=headers,
        deadline=deadline,
    )
    try:
        data = http_response.json()
    # RecursionError: JSON nested deeper than the interpreter's recursion limit.
    except (ValueError, RecursionError) as e:
        raise ModelBehaviorError(f"The {api} API answered with a body that is not JSON: {e}") from e
    if not isinstance(data, dict):
        raise ModelBehaviorError(
            f"The {api} API answered with {type(data).__name__}, not {expected}"
        )
    return data, http_response.headers


async def _open_event_stream(
    create: Callable[..., Awaitable[AsyncStream]], model: str, kwargs: dict[str, Any]
) -> AsyncStream:
    """Send a built streaming request through the client's `create`; return its event stream."""
    from ._request_guard import check_model_requests_allowed

    params, headers, extra_query, extra_body = _split_request(kwargs)
    params.pop("stream", None)
    check_model_requests_allowed(model)
    return await create(
        stream=True,
        extra_headers=headers,
        extra_query=extra_query,
        extra_body=_jsonable(dict(extra_body)) if extra_body else None,
        **{k: _jsonable(v) for k, v in params.items()},
    )


def _record_span_error(
    span: Span[Any], tracing: ModelTracing, message: str, error: Exception
) -> None:
    """Set a model call's error on its span; the error text only when tracing may hold data."""
    from ..tracing import SpanError

    detail = str(error) if tracing.include_data() else "Error details are redacted."
    span.set_error(SpanError(message=message, data={"error": detail}))


def _usage_from_response(response: Response) -> Usage:
    from ..usage import Usage

    usage = response.usage
    if usage is None:
        # The request completed, so it counts even without a usage payload.
        return Usage(requests=1)
    return Usage(
        requests=1,
        input_tokens=usage.input_tokens or 0,
        output_tokens=usage.output_tokens or 0,
        total_tokens=usage.total_tokens or 0,
        input_tokens_details=usage.input_tokens_details,
        output_tokens_details=usage.output_tokens_details,
    )


def _span_usage(usage: Usage) -> dict[str, Any]:
    return {
        "requests": usage.requests,
        "input_tokens": usage.input_tokens,
        "output_tokens": usage.output_tokens,
        "total_tokens": usage.total_tokens,
        "input_tokens_details": {
            "cached_tokens": getattr(usage.input_tokens_details, "cached_tokens", 0) or 0,
            "cache_write_tokens": getattr(usage.input_tokens_details, "cache_write_tokens", 0) or 0,
        },
        "output_tokens_details": {
            "reasoning_tokens": getattr(usage.output_tokens_details, "reasoning_tokens", 0) or 0,
        },
    }


def _raw_usage(response: Response) -> dict[str, Any] | None:
    if response.usage is None:
        return None
    return response.usage.model_dump(mode="json")


def _terminal_failure_message(event_type: str, response: Any) -> str:
    message = f"Responses stream ended with terminal event `{event_type}`."
    if response is None:
        return message
    details = []
    for name in ("status", "error", "incomplete_details"):
        value = getattr(response, name, None)
        if value:
            details.append(f"{name}={value}")
    return f"{message} {'; '.join(details)}." if details else message


def _error_event_message(event_type: str, event: Any) -> str:
    message = f"Responses stream ended with terminal event `{event_type}`."
    details = [
        f"{name}={getattr(event, name)}"
        for name in ("code", "message", "param")
        if getattr(event, name, None)
    ]
    return f"{message} {'; '.join(details)}." if details else message


async def _close_stream(stream: Any) -> None:
    """Close the HTTP stream; if cancelled meanwhile, let the close finish in the background."""
    task = asyncio.ensure_future(stream.aclose())
    try:
        await asyncio.shield(task)
    except asyncio.CancelledError:
        task.add_done_callback(_consume_task_result)
        raise


def _consume_task_result(task: asyncio.Future[Any]) -> None:
    if not task.cancelled() and task.exception() is not None:
        logger.debug("Closing a model stream failed: %s", task.exception())


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
        client = _coerce_client(self._client)
        self._client = client
        return client

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
        from ..items import ModelResponse
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
                    stream=False,
                    prompt=prompt,
                )
                response = await self._fetch_response(kwargs)
                usage = _usage_from_response(response)
                self._record_response(span, tracing, response, input)
            except Exception as e:
                _record_span_error(span, tracing, "Error getting response", e)
                logger.error(
                    "Error getting response (request_id: %s): %s",
                    getattr(e, "request_id", None),
                    e,
                )
                raise

        return ModelResponse(
            output=list(response.output),
            usage=usage,
            response_id=response.id,
            request_id=getattr(response, "_request_id", None),
            raw_usage=_raw_usage(response) if model_settings.preserve_raw_usage is True else None,
        )

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
        from ..types.responses import parse_stream_event

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
                stream = await _open_event_stream(
                    self._get_client().responses.create, str(self.model), kwargs
                )
                request_id = stream.request_id
                failure: ModelBehaviorError | None = None
                completed = False
                try:
                    async for data in stream:
                        event = parse_stream_event(data)
                        event_type = event.type
                        carried = getattr(event, "response", None)
                        if request_id is not None and carried is not None:
                            _set_private(carried, "_request_id", request_id)
                        if event_type == "response.completed":
                            completed = True
                            final = event.response  # type: ignore[union-attr]
                            # Recorded before yielding: a consumer may stop at this event.
                            self._record_response(span, tracing, final, input)
                        elif event_type in ("response.failed", "response.incomplete"):
                            failure = ModelBehaviorError(
                                _terminal_failure_message(
                                    event_type, getattr(event, "response", None)
                                )
                            )
                        elif event_type in ("error", "response.error"):
                            failure = ModelBehaviorError(_error_event_message(event_type, event))
                        if failure is not None:
                            _record_span_error(span, tracing, "Error streaming response", failure)
                        yield event
                        if failure is not None:
                            # Stop reading a failed stream so teardown cannot mask the error.
                            break
                finally:
                    await _close_stream(stream)
                if failure is not None:
                    raise failure
                if not completed:
                    raise ModelBehaviorError(
                        "The Responses stream ended without a `response.completed` event; the "
                        "server closed the stream early or sent a truncated answer."
                    )
            except Exception as e:
                _record_span_error(span, tracing, "Error streaming response", e)
                logger.error("Error streaming response: %s", e)
                raise

    def _record_response(
        self,
        span: Span[ResponseSpanData],
        tracing: ModelTracing,
        response: Response,
        input: str | list[TResponseInputItem],
    ) -> None:
        """Put a completed response on its span: usage always; the response and input only when
        tracing may hold data, else just the id (for the official endpoint's own logs)."""
        span.span_data.usage = _span_usage(_usage_from_response(response))
        if tracing.include_data():
            span.span_data.response = response
            span.span_data.input = input
        elif not tracing.is_disabled() and self._uses_official_openai_endpoint():
            span.span_data._response_id = response.id

    async def _fetch_response(self, kwargs: dict[str, Any]) -> Response:
        """Send a non-streaming request built by `_build_response_create_kwargs`."""
        from ..types.responses import Response

        data, headers = await _post_json(
            self._get_client(),
            str(self.model),
            "/responses",
            kwargs,
            api="Responses",
            expected="a response object",
        )
        response = Response.model_validate(data)
        _set_private(response, "_request_id", headers.get("x-request-id"))
        if response.status in ("failed", "incomplete"):
            raise ModelBehaviorError(
                _terminal_failure_message(f"response.{response.status}", response)
            )
        return response

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
        computer_model = Converter.resolve_computer_tool_model(
            request_model=request_model, tools=tools
        )
        tool_choice = Converter.convert_tool_choice(
            model_settings.tool_choice, tools=tools, handoffs=handoffs, model=computer_model
        )
        converted = Converter.convert_tools(
            tools, handoffs, model=computer_model, tool_choice=model_settings.tool_choice
        )
        tools_payload = _jsonable(converted.tools)
        parallel_tool_calls = (
            _non_null_or_omit(model_settings.parallel_tool_calls)
            if prompt is not None or tools_payload
            else _OMIT
        )
        response_format = Converter.get_response_format(output_schema)
        omit_tools = prompt is not None and not tools_payload
        # A prompt that brings its own tools cannot take a named choice of a tool we don't send.
        omit_tool_choice = omit_tools and isinstance(tool_choice, dict)

        # Ordered and de-duplicated so the request is reproducible.
        include: dict[str, None] = dict.fromkeys(converted.includes)
        if model_settings.response_include is not None:
            for value in model_settings.response_include:
                if not isinstance(value, str):
                    raise UserError(f"Unsupported Responses include value: {value!r}")
                include[value] = None
        if model_settings.top_logprobs is not None:
            include["message.output_text.logprobs"] = None

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
            tool_choice,
            previous_response_id,
            conversation_id,
        )

        kwargs: dict[str, Any] = {
            "previous_response_id": _non_null_or_omit(previous_response_id),
            "conversation": _non_null_or_omit(conversation_id),
            "instructions": _non_null_or_omit(system_instructions),
            "model": _non_null_or_omit(request_model),
            "input": list_input,
            "include": list(include),
            "tools": _OMIT if omit_tools else tools_payload,
            "prompt": _non_null_or_omit(prompt),
            "temperature": _non_null_or_omit(model_settings.temperature),
            "top_p": _non_null_or_omit(model_settings.top_p),
            "truncation": _non_null_or_omit(model_settings.truncation),
            "max_output_tokens": _non_null_or_omit(model_settings.max_tokens),
            "tool_choice": _OMIT if omit_tool_choice else tool_choice,
            "parallel_tool_calls": parallel_tool_calls,
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
        if tool_choice is None:
            return _OMIT
        if isinstance(tool_choice, MCPToolChoice):
            return {
                "server_label": tool_choice.server_label,
                "type": "mcp",
                "name": tool_choice.name,
            }
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
        model: str | None = None,
        tool_choice: Literal["auto", "required", "none"] | str | MCPToolChoice | None = None,
    ) -> ConvertedTools:
        """Every tool and handoff in wire form (handoffs become function tools)."""
        from ..tool import ComputerTool

        computer_tools = [tool for tool in tools if isinstance(tool, ComputerTool)]
        if len(computer_tools) > 1:
            raise UserError(f"You can only provide one computer tool. Got {len(computer_tools)}")
        use_preview = cls._should_use_preview_computer_tool(model=model, tool_choice=tool_choice)
        converted: list[dict[str, Any]] = []
        includes: list[str] = []
        for tool in tools:
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
            function_tool: dict[str, Any] = {
                "name": tool.name,
                "parameters": tool.params_json_schema,
                "strict": tool.strict_json_schema,
                "type": "function",
                "description": tool.description,
            }
            # Newer optional fields, sent only when a tool defines them.
            if getattr(tool, "defer_loading", False):
                function_tool["defer_loading"] = True
            if getattr(tool, "allowed_callers", None) is not None:
                function_tool["allowed_callers"] = tool.allowed_callers  # type: ignore[attr-defined]
            if getattr(tool, "output_json_schema", None) is not None:
                function_tool["output_schema"] = tool.output_json_schema  # type: ignore[attr-defined]
            return function_tool, None
        if isinstance(tool, WebSearchTool):
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
        if isinstance(tool, FileSearchTool):
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
        if isinstance(tool, ComputerTool):
            if use_preview_computer_tool:
                return cls._convert_preview_computer_tool(tool), None
            return {"type": "computer"}, None
        if isinstance(tool, (HostedMCPTool, ImageGenerationTool, CodeInterpreterTool)):
            return dict(tool.tool_config), None
        if isinstance(tool, LocalShellTool):
            return {"type": "local_shell"}, None
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


def _jsonable_full(value: Any) -> Any:
    """Like `_jsonable`, but a wire model keeps every field (as `model_dump()` does)."""
    from pydantic import BaseModel

    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", by_alias=True)
    return _jsonable(value)
