"""Lenient parsing: unknown fields kept, nulls accepted, usage defaults, unknown nested types."""

from __future__ import annotations

import types
import typing
from typing import Any

import pytest
from pydantic import BaseModel

from agentkit.types import _base, chat, responses, shared
from agentkit.types.responses import (
    Response,
    ResponseUsage,
    UnknownPart,
    parse_output_item,
    parse_stream_event,
)

_RESPONSE: dict[str, Any] = {
    "id": "resp_1",
    "object": "response",
    "created_at": 1_700_000_000,
    "model": "gpt-x",
    "output": [],
}


def test_unknown_fields_are_kept_at_every_level() -> None:
    data = {
        **_RESPONSE,
        "brand_new_setting": {"a": [1, 2]},
        "output": [
            {
                "id": "msg_1",
                "type": "message",
                "role": "assistant",
                "status": "completed",
                "item_novelty": True,
                "content": [
                    {
                        "type": "output_text",
                        "text": "hi",
                        "annotations": [
                            {
                                "type": "url_citation",
                                "url": "https://e.x",
                                "title": "t",
                                "start_index": 0,
                                "end_index": 2,
                                "favicon": "f.ico",
                            }
                        ],
                        "part_novelty": 3.5,
                    }
                ],
            }
        ],
        "usage": {
            "input_tokens": 3,
            "output_tokens": 2,
            "total_tokens": 5,
            "input_tokens_details": {"cached_tokens": 0, "audio_tokens": 9},
            "output_tokens_details": {"reasoning_tokens": 0},
            "cost_micros": 12,
        },
    }
    response = Response.model_validate(data)
    assert response.model_extra == {"brand_new_setting": {"a": [1, 2]}}
    message = response.output[0]
    assert isinstance(message, responses.ResponseOutputMessage)
    assert message.model_extra == {"item_novelty": True}
    part = message.content[0]
    assert isinstance(part, responses.ResponseOutputText)
    assert part.model_extra == {"part_novelty": 3.5}
    assert part.annotations[0].model_extra == {"favicon": "f.ico"}
    assert response.usage is not None
    assert response.usage.input_tokens_details.model_extra == {"audio_tokens": 9}
    assert response.model_dump(exclude_unset=True) == data
    assert response.model_dump(mode="json", exclude_unset=True) == data


def test_unknown_fields_on_stream_events_are_kept() -> None:
    data = {
        "type": "response.output_text.delta",
        "sequence_number": 4,
        "item_id": "msg_1",
        "output_index": 0,
        "content_index": 0,
        "delta": "Hel",
        "logprobs": [],
        "obfuscation": "zzT9",
    }
    event = parse_stream_event(data)
    assert isinstance(event, responses.ResponseTextDeltaEvent)
    assert event.model_extra == {"obfuscation": "zzT9"}
    assert event.model_dump() == data


def test_unknown_nested_types_become_unknown_parts() -> None:
    data = {
        **_RESPONSE,
        "tools": [
            {"type": "function", "name": "f", "parameters": {"type": "object"}, "strict": True},
            {"type": "mcp", "server_label": "deepwiki", "server_url": "https://m.x"},
            {"type": "quantum_tool", "qubits": 4},
        ],
        "tool_choice": {"type": "future_choice", "x": 1},
        "text": {"format": {"type": "yaml", "indent": 2}, "verbosity": "loquacious"},
        "output": [
            {
                "id": "msg_1",
                "type": "message",
                "role": "assistant",
                "status": "completed",
                "content": [
                    {"type": "output_audio", "transcript": "hi"},
                    {
                        "type": "output_text",
                        "text": "x",
                        "annotations": [{"type": "page_citation", "page": 3}],
                    },
                ],
            },
            {
                "id": "ws_1",
                "type": "web_search_call",
                "status": "completed",
                "action": {"type": "scroll_page", "by": 3},
            },
        ],
    }
    response = Response.model_validate(data)
    assert isinstance(response.tools[0], responses.FunctionTool)
    assert isinstance(response.tools[1], UnknownPart)
    assert isinstance(response.tools[2], UnknownPart)
    assert isinstance(response.tool_choice, responses.ToolChoiceTypes)
    assert response.text is not None
    assert isinstance(response.text.format, UnknownPart)
    message = response.output[0]
    assert isinstance(message, responses.ResponseOutputMessage)
    assert isinstance(message.content[0], UnknownPart)
    text_part = message.content[1]
    assert isinstance(text_part, responses.ResponseOutputText)
    assert isinstance(text_part.annotations[0], UnknownPart)
    search = response.output[1]
    assert isinstance(search, responses.ResponseFunctionWebSearch)
    assert isinstance(search.action, UnknownPart)
    assert response.model_dump(exclude_unset=True) == data
    assert response.model_dump(mode="json", exclude_unset=True) == data


def test_new_enum_values_do_not_break_parsing() -> None:
    data = {
        **_RESPONSE,
        "status": "paused",
        "service_tier": "hyperspeed",
        "error": {"code": "quantum_decoherence", "message": "oops"},
        "incomplete_details": {"reason": "max_wall_time"},
        "output": [
            {
                "type": "function_call",
                "call_id": "c",
                "name": "f",
                "arguments": "{}",
                "status": "deferred",
            }
        ],
    }
    response = Response.model_validate(data)
    assert str(response.status) == "paused"
    assert response.error is not None
    assert str(response.error.code) == "quantum_decoherence"
    assert response.model_dump(exclude_unset=True) == data


def test_null_is_accepted_for_optional_response_fields() -> None:
    data = {
        **_RESPONSE,
        "user": None,
        "usage": None,
        "error": None,
        "incomplete_details": None,
        "instructions": None,
        "metadata": None,
        "temperature": None,
        "top_p": None,
        "max_output_tokens": None,
        "previous_response_id": None,
        "reasoning": {"effort": None, "summary": None},
        "text": {"format": None, "verbosity": None},
        "prompt": None,
        "conversation": None,
        "truncation": None,
        "service_tier": None,
        "status": None,
        "completed_at": None,
    }
    response = Response.model_validate(data)
    assert response.user is None
    assert response.usage is None
    assert response.model_dump(exclude_unset=True) == data


def test_null_lists_and_settings_take_their_defaults() -> None:
    response = Response.model_validate(
        {
            **_RESPONSE,
            "output": None,
            "tools": None,
            "tool_choice": None,
            "parallel_tool_calls": None,
        }
    )
    assert response.output == []
    assert response.tools == []
    assert response.tool_choice == "auto"
    assert response.parallel_tool_calls is True


def _allows_none(annotation: Any) -> bool:
    if annotation is Any or annotation is object or annotation is type(None):
        return True
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _allows_none(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        return any(_allows_none(arg) for arg in typing.get_args(annotation))
    return False


def _wire_models() -> list[type[BaseModel]]:
    found: list[type[BaseModel]] = []
    for module in (responses, chat, shared):
        for value in (getattr(module, name) for name in dir(module)):
            if (
                isinstance(value, type)
                and issubclass(value, _base._WireModel)
                and value.__module__ == module.__name__
            ):
                found.append(value)
    return found


@pytest.mark.parametrize("model", _wire_models(), ids=lambda m: m.__name__)
def test_every_optional_field_accepts_null(model: type[BaseModel]) -> None:
    model.model_rebuild()
    for name, field in model.model_fields.items():
        if field.is_required() or field.default is not None:
            continue
        assert _allows_none(field.annotation), f"{model.__name__}.{name}: {field.annotation}"


def test_missing_usage_details_count_as_zero() -> None:
    usage = ResponseUsage.model_validate(
        {"input_tokens": 10, "output_tokens": 4, "total_tokens": 14}
    )
    assert usage.input_tokens_details.cached_tokens == 0
    assert usage.input_tokens_details.cache_write_tokens == 0
    assert usage.output_tokens_details.reasoning_tokens == 0
    # Round trip gives back only what came in.
    assert usage.model_dump(exclude_unset=True) == {
        "input_tokens": 10,
        "output_tokens": 4,
        "total_tokens": 14,
    }


def test_null_usage_counts_and_details_count_as_zero() -> None:
    usage = ResponseUsage.model_validate(
        {
            "input_tokens": None,
            "output_tokens": 4,
            "total_tokens": None,
            "input_tokens_details": None,
            "output_tokens_details": {"reasoning_tokens": None},
        }
    )
    assert usage.input_tokens == 0
    assert usage.total_tokens == 0
    assert usage.input_tokens_details.cached_tokens == 0
    assert usage.output_tokens_details.reasoning_tokens == 0
    details = ResponseUsage.model_validate({"input_tokens_details": {"cached_tokens": None}})
    assert details.input_tokens_details.cached_tokens == 0
    assert ResponseUsage.model_validate({}).total_tokens == 0


def test_chat_usage_nulls_count_as_zero() -> None:
    usage = chat.CompletionUsage.model_validate(
        {"prompt_tokens": None, "completion_tokens": 3, "total_tokens": None}
    )
    assert (usage.prompt_tokens, usage.completion_tokens, usage.total_tokens) == (0, 3, 0)
    assert usage.prompt_tokens_details is None


def test_unknown_chat_tool_call_type_is_kept() -> None:
    data = {
        "id": "c1",
        "object": "chat.completion",
        "created": 1,
        "model": "m",
        "choices": [
            {
                "index": 0,
                "finish_reason": "tool_calls",
                "logprobs": None,
                "message": {
                    "role": "assistant",
                    "content": None,
                    "refusal": None,
                    "tool_calls": [
                        {
                            "id": "t1",
                            "type": "function",
                            "function": {"name": "f", "arguments": "{}"},
                        },
                        {"id": "t2", "type": "custom", "custom": {"name": "g", "input": "raw"}},
                        {"id": "t3", "type": "hologram", "hologram": {"x": 1}},
                    ],
                },
            }
        ],
    }
    completion = chat.ChatCompletion.model_validate(data)
    calls = completion.choices[0].message.tool_calls
    assert calls is not None
    assert [type(c) for c in calls] == [
        chat.ChatCompletionMessageFunctionToolCall,
        chat.ChatCompletionMessageCustomToolCall,
        chat.UnknownToolCall,
    ]
    assert completion.model_dump(exclude_unset=True) == data


def test_aliased_fields_round_trip_under_their_wire_names() -> None:
    call = parse_output_item(
        {"type": "function_call", "call_id": "c", "name": "f", "arguments": "{}", "async": True}
    )
    assert isinstance(call, responses.ResponseFunctionToolCall)
    assert call.async_ is True
    assert call.model_dump(exclude_unset=True)["async"] is True
    fmt = responses.ResponseFormatTextJSONSchemaConfig.model_validate(
        {"type": "json_schema", "name": "out", "schema": {"type": "object"}, "strict": True}
    )
    assert fmt.schema_ == {"type": "object"}
    assert fmt.model_dump(exclude_unset=True) == {
        "type": "json_schema",
        "name": "out",
        "schema": {"type": "object"},
        "strict": True,
    }
    by_name = responses.ResponseFormatTextJSONSchemaConfig(name="out", schema={"type": "object"})
    assert by_name.model_dump(exclude_unset=True)["schema"] == {"type": "object"}


def test_numbers_keep_their_json_type() -> None:
    response = Response.model_validate({**_RESPONSE, "created_at": 5, "completed_at": 6.5})
    assert response.model_dump_json(exclude_unset=True).count('"created_at":5,') == 1
    assert response.completed_at == 6.5
    flt = shared.ComparisonFilter.model_validate({"key": "k", "type": "eq", "value": 3})
    assert flt.model_dump() == {"key": "k", "type": "eq", "value": 3}
    flag = shared.ComparisonFilter.model_validate({"key": "k", "type": "eq", "value": True})
    assert flag.value is True


def test_known_tools_and_tool_choices_parse_to_their_models() -> None:
    data = {
        **_RESPONSE,
        "tools": [
            {"type": "shell", "environment": {"type": "local"}},
            {"type": "apply_patch"},
            {"type": "web_search", "search_context_size": "low", "filters": None},
            {"type": "file_search", "vector_store_ids": ["vs_1"], "max_num_results": 3},
            {"type": "custom", "name": "grammar_tool", "format": {"type": "text"}},
        ],
        "tool_choice": {"type": "function", "name": "f"},
    }
    response = Response.model_validate(data)
    assert [type(t) for t in response.tools] == [
        responses.FunctionShellTool,
        responses.ApplyPatchTool,
        responses.WebSearchTool,
        responses.FileSearchTool,
        responses.CustomTool,
    ]
    assert isinstance(response.tool_choice, responses.ToolChoiceFunction)
    assert response.model_dump(exclude_unset=True) == data
    for choice in ("none", "auto", "required"):
        assert Response.model_validate({**_RESPONSE, "tool_choice": choice}).tool_choice == choice


def test_fields_the_runtime_does_not_read_default_when_missing() -> None:
    """The rule of `agentkit.types`: only what the runtime acts on is required."""
    created = parse_stream_event(
        {"type": "response.created", "response": {"id": "r", "object": "response", "status": "x"}}
    )
    assert created.response.output == [] and created.response.created_at == 0  # type: ignore[union-attr]
    delta = parse_stream_event({"type": "response.output_text.delta", "delta": "hi"})
    assert (delta.delta, delta.item_id, delta.output_index, delta.content_index) == ("hi", "", 0, 0)  # type: ignore[union-attr]
    item = parse_output_item({"type": "function_call", "call_id": "c", "name": "f"})
    assert (item.name, item.call_id, item.arguments) == ("f", "c", "")  # type: ignore[union-attr]
    chunk = chat.ChatCompletionChunk.model_validate({"choices": [{"delta": {"content": "x"}}]})
    assert (chunk.id, chunk.created, chunk.model, chunk.choices[0].index) == ("", 0, "", 0)
    filtered = chat.ChatCompletionChunk.model_validate({"choices": [{"index": 0}]})
    assert filtered.choices[0].delta.content is None
    assert chat.ChatCompletionChunk.model_validate({"choices": None, "usage": None}).choices == []
    assert chat.ChatCompletionChunk.model_validate({"choices": [{"delta": None}]}).choices[0].delta
    assert chat.ChatCompletion.model_validate({"choices": None}).choices == []
    # Defaults are not "set": a dump for the wire carries only what the server sent.
    assert delta.model_dump(exclude_unset=True) == {
        "type": "response.output_text.delta",
        "delta": "hi",
    }


@pytest.mark.parametrize(
    ("parse", "data"),
    [
        (parse_output_item, {"type": "function_call", "call_id": "c"}),  # no name
        (parse_output_item, {"type": "function_call", "name": "f"}),  # no call_id
        (
            chat.ChatCompletion.model_validate,
            {
                "choices": [
                    {
                        "message": {
                            "role": "assistant",
                            "tool_calls": [{"id": "c", "type": "function", "function": {}}],
                        }
                    }
                ]
            },
        ),
        (parse_stream_event, {"type": "response.created"}),  # no response
    ],
)
def test_what_the_runtime_acts_on_stays_required(parse: Any, data: dict[str, Any]) -> None:
    from pydantic import ValidationError

    with pytest.raises(ValidationError):
        parse(data)
