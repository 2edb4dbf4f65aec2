# mypy: ignore-errors
# (Runs under the reference install, whose packages the dev venv does not have.)
"""Dump the stream events and responses of upstream's `agents.testing.ScriptedModel` as JSON.

This is how `upstream_scripted_stream_events.json` (next to this file) was produced; the tests
compare agentkit's `ScriptedModel` against it. It needs the reference install of openai-agents
0.24.0 (with `openai`), not the dev venv:

    /opt/ref/bin/python tests/testing/data/dump_upstream_stream_events.py \
        > tests/testing/data/upstream_scripted_stream_events.json

Each case lists the events of `stream_response()` and the `ModelResponse` of `get_response()` for
the same script, dumped with `model_dump(mode="json")`. Upstream uses the ids given in the script
(none are random), so the JSON is deterministic.
"""

from __future__ import annotations

import asyncio
import json
import sys
from typing import Any

from agents import ModelSettings, Usage
from agents.models.interface import ModelTracing
from agents.testing import ModelStep, ScriptedModel, assistant_message, function_call
from openai.types.responses import (
    ResponseOutputMessage,
    ResponseOutputRefusal,
    ResponseOutputText,
    ResponseReasoningItem,
)
from openai.types.responses.response_output_text import (
    AnnotationURLCitation,
    Logprob,
    LogprobTopLogprob,
)
from openai.types.responses.response_reasoning_item import Content, Summary
from openai.types.responses.response_usage import InputTokensDetails, OutputTokensDetails


def _cases() -> dict[str, Any]:
    usage = Usage(
        requests=1,
        input_tokens=11,
        output_tokens=7,
        total_tokens=18,
        input_tokens_details=InputTokensDetails(cached_tokens=3, cache_write_tokens=0),
        output_tokens_details=OutputTokensDetails(reasoning_tokens=2),
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
                type="reasoning",
                summary=[
                    Summary(text="First thought.", type="summary_text"),
                    Summary(text="Second thought.", type="summary_text"),
                ],
                content=[Content(text="Detailed reasoning.", type="reasoning_text")],
                encrypted_content="opaque",
            ),
            assistant_message("Done thinking."),
        ],
        "reasoning_no_content": [
            ResponseReasoningItem(
                id="rs_2", type="reasoning", summary=[Summary(text="Hmm.", type="summary_text")]
            )
        ],
        "refusal_and_text": [
            ResponseOutputMessage(
                id="msg_r",
                type="message",
                role="assistant",
                status="completed",
                content=[
                    ResponseOutputRefusal(type="refusal", refusal="I can't do that."),
                    ResponseOutputText(
                        type="output_text",
                        text="But here is something.",
                        annotations=[],
                    ),
                ],
            )
        ],
        "annotations_and_logprobs": [
            ResponseOutputMessage(
                id="msg_a",
                type="message",
                role="assistant",
                status="completed",
                content=[
                    ResponseOutputText(
                        type="output_text",
                        text="See example.",
                        annotations=[
                            AnnotationURLCitation(
                                type="url_citation",
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
                                    LogprobTopLogprob(token="See", logprob=-0.5, bytes=[83]),
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


def _dump(value: Any) -> Any:
    return value.model_dump(mode="json")


async def _run_case(step: Any) -> dict[str, Any]:
    settings = ModelSettings()
    args: dict[str, Any] = {
        "system_instructions": "sys",
        "input": "hi",
        "model_settings": settings,
        "tools": [],
        "output_schema": None,
        "handoffs": [],
        "tracing": ModelTracing.DISABLED,
        "previous_response_id": None,
        "conversation_id": None,
        "prompt": None,
    }
    streamed = ScriptedModel([step])
    events = [_dump(event) async for event in streamed.stream_response(**args)]
    plain = ScriptedModel([step])
    response = await plain.get_response(**args)
    usage = response.usage
    return {
        "events": events,
        "response": {
            "output": [_dump(item) for item in response.output],
            "response_id": response.response_id,
            "request_id": response.request_id,
            "usage": {
                "requests": usage.requests,
                "input_tokens": usage.input_tokens,
                "output_tokens": usage.output_tokens,
                "total_tokens": usage.total_tokens,
                "cached_tokens": usage.input_tokens_details.cached_tokens,
                "reasoning_tokens": usage.output_tokens_details.reasoning_tokens,
            },
        },
    }


async def _main() -> None:
    out = {name: await _run_case(step) for name, step in _cases().items()}
    json.dump(out, sys.stdout, indent=1, ensure_ascii=False, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    asyncio.run(_main())
