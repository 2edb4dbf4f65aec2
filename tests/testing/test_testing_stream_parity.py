"""ScriptedModel streams the same events, and returns the same responses, as upstream's.

The expected data comes from openai-agents 0.24.0; see data/dump_upstream_stream_events.py.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from agentkit.model_settings import ModelSettings
from agentkit.models.interface import ModelTracing
from agentkit.testing import ModelStep, ScriptedModel, assistant_message, function_call
from agentkit.types.responses import (
    AnnotationURLCitation,
    Content,
    Logprob,
    LogprobTopLogprob,
    ResponseOutputMessage,
    ResponseOutputRefusal,
    ResponseOutputText,
    ResponseReasoningItem,
    Summary,
)
from agentkit.usage import Usage

UPSTREAM = json.loads(
    (Path(__file__).parent / "data" / "upstream_scripted_stream_events.json").read_text("utf-8")
)


def _cases() -> dict[str, Any]:
    """The scripts of the dump script, built from agentkit's types."""
    usage = Usage(
        requests=1,
        input_tokens=11,
        output_tokens=7,
        total_tokens=18,
        input_tokens_details={"cached_tokens": 3},  # type: ignore[arg-type]
        output_tokens_details={"reasoning_tokens": 2},  # type: ignore[arg-type]
    )
    return {
        "text": [assistant_message("Hello, world!")],
        "text_custom_id": [assistant_message("Bonjour", item_id="msg_custom")],
        "function_call": [function_call("get_weather", {"city": "Paris"}, call_id="call_1")],
        "parallel_function_calls": [
            function_call("get_weather", {"city": "Paris"}, call_id="call_1"),
            function_call("get_time", '{"tz": "UTC"}', call_id="call_2", item_id="fc_2"),
            function_call("lookup", {"q": "café", "n": [1, 2]}, call_id="call_3"),
        ],
        "text_then_function_call": [
            assistant_message("Let me check."),
            function_call("get_weather", {}, call_id="call_9"),
        ],
        "reasoning": [
            ResponseReasoningItem(
                id="rs_1",
                summary=[Summary(text="First thought."), Summary(text="Second thought.")],
                content=[Content(text="Detailed reasoning.")],
                encrypted_content="opaque",
            ),
            assistant_message("Done thinking."),
        ],
        "reasoning_no_content": [ResponseReasoningItem(id="rs_2", summary=[Summary(text="Hmm.")])],
        "refusal_and_text": [
            ResponseOutputMessage(
                id="msg_r",
                status="completed",
                content=[
                    ResponseOutputRefusal(refusal="I can't do that."),
                    ResponseOutputText(text="But here is something.", annotations=[]),
                ],
            )
        ],
        "annotations_and_logprobs": [
            ResponseOutputMessage(
                id="msg_a",
                status="completed",
                content=[
                    ResponseOutputText(
                        text="See example.",
                        annotations=[
                            AnnotationURLCitation(
                                start_index=4,
                                end_index=11,
                                title="Example",
                                url="https://example.com",
                            )
                        ],
                        logprobs=[
                            Logprob(
                                token="See",
                                logprob=-0.5,
                                bytes=[83, 101, 101],
                                top_logprobs=[
                                    LogprobTopLogprob(token="See", logprob=-0.5, bytes=[83])
                                ],
                            )
                        ],
                    )
                ],
            )
        ],
        "usage_and_ids": ModelStep(
            output=[assistant_message("counted")],
            usage=usage,
            response_id="resp-custom",
            request_id="req_1",
        ),
        "no_response_id": ModelStep(output=[assistant_message("anon")], response_id=None),
        "empty_output": ModelStep(output=[]),
    }


def _without_nulls(value: Any) -> Any:
    """Drop null fields: the two type libraries differ in which optional fields they declare."""
    if isinstance(value, dict):
        return {k: _without_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_nulls(v) for v in value]
    return value


def _dump(model: Any) -> Any:
    return _without_nulls(model.model_dump(mode="json", by_alias=False))


_ARGS: dict[str, Any] = {
    "system_instructions": "sys",
    "input": "hi",
    "model_settings": ModelSettings(),
    "tools": [],
    "output_schema": None,
    "handoffs": [],
    "tracing": ModelTracing.DISABLED,
    "previous_response_id": None,
    "conversation_id": None,
    "prompt": None,
}


def test_every_upstream_case_is_covered() -> None:
    assert set(_cases()) == set(UPSTREAM)


@pytest.mark.parametrize("name", sorted(UPSTREAM))
async def test_stream_events_match_upstream(name: str) -> None:
    model = ScriptedModel([_cases()[name]])
    ours = [_dump(event) async for event in model.stream_response(**_ARGS)]
    expected = [_without_nulls(event) for event in UPSTREAM[name]["events"]]
    assert [e["type"] for e in ours] == [e["type"] for e in expected]
    assert [e["sequence_number"] for e in ours] == list(range(len(expected)))
    for index, (mine, theirs) in enumerate(zip(ours, expected, strict=False)):
        assert mine == theirs, f"event #{index} ({theirs['type']}) differs"


@pytest.mark.parametrize("name", sorted(UPSTREAM))
async def test_get_response_matches_upstream(name: str) -> None:
    model = ScriptedModel([_cases()[name]])
    response = await model.get_response(**_ARGS)
    expected = UPSTREAM[name]["response"]
    assert [_dump(item) for item in response.output] == [
        _without_nulls(item) for item in expected["output"]
    ]
    assert response.response_id == expected["response_id"]
    assert response.request_id == expected["request_id"]
    usage = response.usage
    assert {
        "requests": usage.requests,
        "input_tokens": usage.input_tokens,
        "output_tokens": usage.output_tokens,
        "total_tokens": usage.total_tokens,
        "cached_tokens": usage.input_tokens_details.cached_tokens,
        "reasoning_tokens": usage.output_tokens_details.reasoning_tokens,
    } == expected["usage"]
