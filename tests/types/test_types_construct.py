"""Building wire objects by keyword (as custom models and tests do), public names, import cost."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from pydantic import ValidationError

from agentkit.types import chat, responses, shared
from agentkit.types.responses import (
    Response,
    ResponseCompletedEvent,
    ResponseFunctionToolCall,
    ResponseOutputMessage,
    ResponseOutputRefusal,
    ResponseOutputText,
    ResponseReasoningItem,
    ResponseTextDeltaEvent,
    ResponseUsage,
    Summary,
    parse_stream_event,
)


def test_build_output_message_like_upstream() -> None:
    message = ResponseOutputMessage(
        id="msg_1",
        content=[ResponseOutputText(text="Hello", annotations=[], type="output_text")],
        role="assistant",
        status="completed",
        type="message",
    )
    assert message.model_dump(exclude_unset=True) == {
        "id": "msg_1",
        "content": [{"text": "Hello", "annotations": [], "type": "output_text"}],
        "role": "assistant",
        "status": "completed",
        "type": "message",
    }


def test_type_default_still_counts_as_set() -> None:
    """Leaving ``type`` out is allowed, but it is still sent on the wire."""
    message = ResponseOutputMessage(
        id="msg_1",
        content=[
            ResponseOutputText(text="Hi", annotations=[]),
            ResponseOutputRefusal(refusal="no"),
        ],
        status="completed",
    )
    dumped = message.model_dump(exclude_unset=True)
    assert dumped["type"] == "message"
    assert dumped["role"] == "assistant"
    assert [part["type"] for part in dumped["content"]] == ["output_text", "refusal"]
    call = ResponseFunctionToolCall(call_id="call_1", name="f", arguments="{}")
    assert call.model_dump(exclude_unset=True) == {
        "call_id": "call_1",
        "name": "f",
        "arguments": "{}",
        "type": "function_call",
    }
    reasoning = ResponseReasoningItem(id="rs_1", summary=[Summary(text="thinking")])
    assert reasoning.model_dump(exclude_unset=True) == {
        "id": "rs_1",
        "summary": [{"text": "thinking", "type": "summary_text"}],
        "type": "reasoning",
    }


def test_wrong_type_value_is_rejected() -> None:
    with pytest.raises(ValidationError):
        ResponseOutputText(text="x", annotations=[], type="refusal")  # type: ignore[arg-type]
    with pytest.raises(ValidationError):
        ResponseOutputMessage(id="m", content=[], status="completed", role="user")  # type: ignore[arg-type]


def test_build_a_response_and_its_stream_events() -> None:
    message = ResponseOutputMessage(
        id="msg_1",
        content=[ResponseOutputText(text="4", annotations=[])],
        status="completed",
    )
    response = Response(
        id="resp_1",
        created_at=0,
        model="fake",
        object="response",
        output=[message],
        tool_choice="auto",
        tools=[],
        parallel_tool_calls=False,
        usage=ResponseUsage(
            input_tokens=3,
            output_tokens=1,
            total_tokens=4,
            input_tokens_details=responses.InputTokensDetails(cached_tokens=0),
            output_tokens_details=responses.OutputTokensDetails(reasoning_tokens=0),
        ),
    )
    assert response.output_text == "4"
    delta = ResponseTextDeltaEvent(
        content_index=0,
        delta="4",
        item_id="msg_1",
        output_index=0,
        logprobs=[],
        sequence_number=1,
        type="response.output_text.delta",
    )
    done = ResponseCompletedEvent(response=response, sequence_number=2, type="response.completed")
    # What a fake model builds parses back to equal objects from its own JSON.
    for event in (delta, done):
        wire = json.loads(event.model_dump_json(exclude_unset=True))
        assert parse_stream_event(wire) == event


def test_reasoning_settings() -> None:
    reasoning = shared.Reasoning(effort="low", summary="auto")
    assert reasoning.model_dump(exclude_none=True) == {"effort": "low", "summary": "auto"}
    assert str(shared.Reasoning.model_validate({"effort": "ultra"}).effort) == "ultra"


def test_build_chat_objects() -> None:
    call = chat.ChatCompletionMessageToolCall(
        id="call_1",
        type="function",
        function=chat.Function(name="get_weather", arguments='{"city":"Paris"}'),
    )
    completion = chat.ChatCompletion(
        id="c",
        created=0,
        model="m",
        object="chat.completion",
        choices=[
            chat.Choice(
                index=0,
                finish_reason="tool_calls",
                message=chat.ChatCompletionMessage(
                    role="assistant", content=None, tool_calls=[call]
                ),
            )
        ],
        usage=chat.CompletionUsage(prompt_tokens=5, completion_tokens=2, total_tokens=7),
    )
    data = json.loads(completion.model_dump_json(exclude_unset=True))
    assert data["choices"][0]["message"]["tool_calls"][0]["function"]["name"] == "get_weather"
    assert chat.ChatCompletion.model_validate(data) == completion


# Names the OpenAI Agents SDK imports from openai.types.responses / .shared / .chat (all of them,
# wherever upstream keeps them), which must exist here under the same names.
RESPONSES_NAMES = [
    "ApplyPatchToolParam",
    "CustomToolParam",
    "EasyInputMessageParam",
    "FileSearchToolParam",
    "FunctionToolParam",
    "Response",
    "ResponseApplyPatchToolCall",
    "ResponseCompactionItem",
    "ResponseCompletedEvent",
    "ResponseComputerToolCall",
    "ResponseContentPartAddedEvent",
    "ResponseContentPartDoneEvent",
    "ResponseCreatedEvent",
    "ResponseCustomToolCall",
    "ResponseFailedEvent",
    "ResponseFileSearchToolCall",
    "ResponseFileSearchToolCallParam",
    "ResponseFunctionCallArgumentsDeltaEvent",
    "ResponseFunctionCallArgumentsDoneEvent",
    "ResponseFunctionShellToolCall",
    "ResponseFunctionShellToolCallOutput",
    "ResponseFunctionToolCall",
    "ResponseFunctionToolCallParam",
    "ResponseFunctionWebSearch",
    "ResponseInProgressEvent",
    "ResponseIncludable",
    "ResponseIncompleteEvent",
    "ResponseInputAudioParam",
    "ResponseInputContentParam",
    "ResponseInputFileParam",
    "ResponseInputImageParam",
    "ResponseInputItemParam",
    "ResponseInputTextParam",
    "ResponseOutputItem",
    "ResponseOutputItemAddedEvent",
    "ResponseOutputItemDoneEvent",
    "ResponseOutputMessage",
    "ResponseOutputMessageParam",
    "ResponseOutputRefusal",
    "ResponseOutputText",
    "ResponseOutputTextAnnotationAddedEvent",
    "ResponseReasoningItem",
    "ResponseReasoningItemParam",
    "ResponseReasoningSummaryPartAddedEvent",
    "ResponseReasoningSummaryPartDoneEvent",
    "ResponseReasoningSummaryTextDeltaEvent",
    "ResponseReasoningSummaryTextDoneEvent",
    "ResponseReasoningTextDeltaEvent",
    "ResponseReasoningTextDoneEvent",
    "ResponseRefusalDeltaEvent",
    "ResponseRefusalDoneEvent",
    "ResponseStreamEvent",
    "ResponseTextConfigParam",
    "ResponseTextDeltaEvent",
    "ResponseTextDoneEvent",
    "ResponseToolSearchCall",
    "ResponseToolSearchOutputItem",
    "ResponseUsage",
    "ToolParam",
    "ToolSearchToolParam",
    "Filters",
    "RankingOptions",
    "ResponseCodeInterpreterToolCall",
    "PendingSafetyCheck",
    "CallerDirect",
    "ResponseFunctionCallOutputItemListParam",
    "ResponseFunctionCallOutputItemParam",
    "ResponseInputFileContentParam",
    "ResponseInputImageContentParam",
    "ComputerCallOutput",
    "ComputerCallOutputAcknowledgedSafetyCheck",
    "FunctionCallOutput",
    "LocalShellCallOutput",
    "McpApprovalResponse",
    "ItemReference",
    "Message",
    "ImageGenerationCall",
    "LocalShellCall",
    "McpApprovalRequest",
    "McpCall",
    "McpListTools",
    "Program",
    "ProgramOutput",
    "Annotation",
    "AnnotationURLCitation",
    "Logprob",
    "LogprobTopLogprob",
    "ResponsePrompt",
    "ResponsePromptParam",
    "Variables",
    "Content",
    "Summary",
    "Part",
    "InputTokensDetails",
    "OutputTokensDetails",
    "CodeInterpreter",
    "ImageGeneration",
    "ImageGenerationInputImageMask",
    "LocalShell",
    "Mcp",
    "WebSearchToolFilters",
    "UserLocation",
]
CHAT_NAMES = [
    "ChatCompletion",
    "ChatCompletionAssistantMessageParam",
    "ChatCompletionChunk",
    "ChatCompletionContentPartImageParam",
    "ChatCompletionContentPartInputAudioParam",
    "ChatCompletionContentPartParam",
    "ChatCompletionContentPartTextParam",
    "ChatCompletionDeveloperMessageParam",
    "ChatCompletionMessage",
    "ChatCompletionMessageCustomToolCall",
    "ChatCompletionMessageFunctionToolCall",
    "ChatCompletionMessageFunctionToolCallParam",
    "ChatCompletionMessageParam",
    "ChatCompletionSystemMessageParam",
    "ChatCompletionToolChoiceOptionParam",
    "ChatCompletionToolMessageParam",
    "ChatCompletionUserMessageParam",
    "Choice",
    "ChoiceDelta",
    "ChoiceDeltaToolCall",
    "ChoiceDeltaToolCallFunction",
    "File",
    "FileFile",
    "Annotation",
    "AnnotationURLCitation",
    "Function",
    "ChatCompletionTokenLogprob",
    "ChatCompletionToolParam",
    "ResponseFormat",
    "CompletionTokensDetails",
    "CompletionUsage",
    "PromptTokensDetails",
    "ChatCompletionMessageToolCall",
]


def test_upstream_names_exist() -> None:
    assert [n for n in RESPONSES_NAMES if not hasattr(responses, n)] == []
    assert [n for n in CHAT_NAMES if not hasattr(chat, n)] == []
    assert hasattr(shared, "Reasoning")
    assert hasattr(shared, "ReasoningEffort")


def _run(code: str) -> str:
    return subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True
    ).stdout.strip()


def test_importing_the_package_loads_nothing() -> None:
    loaded = _run(
        "import sys, agentkit.types; "
        "print(sorted(m for m in ('pydantic', 'httpx') if m in sys.modules))"
    )
    assert loaded == "[]"


def test_importing_responses_does_not_load_httpx_or_build_validators() -> None:
    out = _run(
        "import sys; from agentkit.types import responses as r; "
        "print('httpx' in sys.modules, r.Response.__pydantic_complete__, "
        "r.ResponseTextDeltaEvent.__pydantic_complete__)"
    )
    assert out == "False False False"


def test_stream_events_are_built_on_first_use_and_stay_package_names() -> None:
    # A run that never streams must not build the ~60 event classes; parsing a Response does not
    # need them. Once asked for, they are ordinary names of the package.
    out = _run(
        "import json, pickle, sys; from agentkit.types import responses as r; "
        "r.Response.model_validate({'id': 'r', 'output': []}); "
        "before = 'agentkit.types.responses._events' in sys.modules; "
        "from agentkit.types.responses import ResponseTextDeltaEvent as E; "
        "e = E(delta='x', item_id='i'); "
        "print(json.dumps([before, E.__module__, 'ResponseTextDeltaEvent' in vars(r), "
        "'ResponseCompletedEvent' in dir(r), pickle.loads(pickle.dumps(e)) == e, "
        "r.Response.__module__, r.parse_stream_event.__module__]))"
    )
    assert json.loads(out) == [
        False,
        "agentkit.types.responses",
        True,
        True,
        True,
        "agentkit.types.responses",
        "agentkit.types.responses",
    ]


def test_a_star_import_still_brings_the_models_and_the_events() -> None:
    namespace: dict[str, object] = {}
    exec("from agentkit.types.responses import *", namespace)
    assert {
        "Response",
        "ResponseOutputMessage",
        "ResponseTextDeltaEvent",
        "parse_stream_event",
    } <= (set(namespace))
    assert namespace["ResponseCompletedEvent"] is responses.ResponseCompletedEvent


def test_the_lazy_event_names_are_exactly_the_event_module() -> None:
    from agentkit.types.responses import _EVENT_NAMES, _events, _models

    assert set(_events.__all__) == _EVENT_NAMES
    assert not set(_models.__all__) & _EVENT_NAMES
    assert all(hasattr(responses, name) for name in _EVENT_NAMES | set(_models.__all__))


def test_to_dict_and_to_json_give_the_set_fields() -> None:
    call = ResponseFunctionToolCall(call_id="c", name="f", arguments="{}")
    expected = {"call_id": "c", "name": "f", "arguments": "{}", "type": "function_call"}
    assert call.to_dict() == expected
    assert json.loads(call.to_json()) == expected
    assert call.to_dict(exclude_unset=False)["status"] is None
