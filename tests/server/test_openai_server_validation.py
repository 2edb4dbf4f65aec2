"""Request validation against the official OpenAPI schemas: real requests pass, wrong ones fail."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.openai_server import OpenAIServer, builders, schema_errors
from tests.spec import extract

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"


def post(server: OpenAIServer, path: str, body: Any) -> str | None:
    """Send ``body`` and return the validation error the server recorded."""
    with httpx.Client(base_url=server.base_url) as client:
        client.post(path, json=body)
    return server.last_request.validation_error


@pytest.fixture
def lenient_server() -> Any:
    with OpenAIServer() as server:
        server.queue(builders.response_text("x", times=None), path="/responses")
        server.queue(builders.chat_text("x", times=None), path="/chat/completions")
        server.queue_json({}, path="/audio/speech", times=None)
        yield server


@pytest.mark.parametrize(
    ("fixture", "path"),
    [
        ("responses_function_call.request.json", "/responses"),
        ("responses_function_call.followup_request.json", "/responses"),
        ("responses_function_call.followup_request_stateful.json", "/responses"),
        ("chat_stream_parallel_tool_calls_usage.request.json", "/chat/completions"),
    ],
)
def test_real_fixture_requests_are_accepted(
    lenient_server: OpenAIServer, fixture: str, path: str
) -> None:
    body = json.loads((FIXTURES / fixture).read_text())
    assert post(lenient_server, path, body) is None
    assert lenient_server.failures == []


def test_traces_capture_is_accepted(lenient_server: OpenAIServer) -> None:
    capture = json.loads((FIXTURES / "traces_ingest.request.json").read_text())
    assert post(lenient_server, "/traces/ingest", capture["body"]) is None


RESPONSES_OK = {"model": "gpt-4.1", "input": "hi"}
CHAT_OK = {"model": "gpt-4.1", "messages": [{"role": "user", "content": "hi"}]}


@pytest.mark.parametrize(
    ("path", "body", "expected"),
    [
        (
            "/responses",
            {**RESPONSES_OK, "temperature": "hot"},
            "at temperature: 'hot' is not of type",
        ),
        ("/responses", {"input": "hi"}, "'model' is required"),
        (
            "/responses",
            {**RESPONSES_OK, "tools": [{"type": "functoin", "name": "f"}]},
            "at tools/0/type: 'functoin' is not a known type",
        ),
        (
            "/responses",
            {**RESPONSES_OK, "tools": [{"type": "function", "name": "f"}]},
            "at tools/0: 'strict' is a required property",
        ),
        ("/responses", {**RESPONSES_OK, "max_tokens": 5}, "unknown parameter 'max_tokens'"),
        (
            "/responses",
            {"model": "m", "input": [{"role": "usr", "content": "hi"}]},
            "at input/0/role: 'usr' is not one of",
        ),
        ("/responses", {**RESPONSES_OK, "top_p": 3}, "at top_p"),
        (
            "/responses",
            {**RESPONSES_OK, "previous_response_id": "resp_1", "conversation": "conv_1"},
            "cannot be combined",
        ),
        ("/chat/completions", {"messages": CHAT_OK["messages"]}, "'model' is a required property"),
        ("/chat/completions", {**CHAT_OK, "n": 0}, "at n"),
        (
            "/chat/completions",
            {**CHAT_OK, "tool_choice": {"type": "function", "name": "f"}},
            "at tool_choice",
        ),
        (
            "/chat/completions",
            {"model": "m", "messages": [{"role": "tool", "content": "x"}]},
            "messages/0",
        ),
        (
            "/audio/speech",
            {"model": "tts-1", "input": "hi", "voice": "alloy", "sped": 1},
            "'sped' was unexpected",
        ),
        ("/audio/speech", {"model": "tts-1", "input": "hi"}, "'voice' is a required property"),
        ("/conversations", {"items": [{"role": "user", "content": "x"}] * 21}, "at items"),
        ("/conversations/conv_x/items", {}, "'items' is a required property"),
        ("/conversations/conv_x", {}, "'metadata' is a required property"),
    ],
)
def test_wrong_requests_are_caught(path: str, body: Any, expected: str) -> None:
    with OpenAIServer(stateful_conversations=False) as server:
        server.queue_json({}, times=None, path="/*")
        error = post(server, path, body)
    assert error is not None and expected in error, error
    assert any(expected in failure for failure in server.failures)


def test_nullable_and_discriminated_unions_are_real(lenient_server: OpenAIServer) -> None:
    body = {
        "model": "gpt-4.1",
        "instructions": None,
        "max_output_tokens": None,
        "previous_response_id": None,
        "input": [
            {"role": "user", "content": "hi"},
            {
                "type": "message",
                "role": "developer",
                "content": [{"type": "input_text", "text": "x"}],
            },
            builders.function_call_item("f", {"a": 1}, call_id="call_1"),
            {"type": "function_call_output", "call_id": "call_1", "output": "42"},
            builders.message_item("previous answer"),
        ],
        "text": {"format": {"type": "json_schema", "name": "o", "schema": {}, "strict": True}},
        "tool_choice": {"type": "function", "name": "f"},
    }
    assert post(lenient_server, "/responses", body) is None
    # The Responses json_schema format is flat: nesting it like Chat does is an error.
    nested = {**RESPONSES_OK, "text": {"format": {"type": "json_schema", "json_schema": {}}}}
    assert post(lenient_server, "/responses", nested) is not None
    lenient_server.allow_failures = True


def test_answer_schemas_are_checked_too() -> None:
    good = json.loads((FIXTURES / "responses_function_call.response.json").read_text())
    assert schema_errors("Response", good) == []
    bad = {**good, "output": [{**good["output"][1], "type": "function_cal"}]}
    assert schema_errors("Response", bad)
    assert schema_errors("Response", {**good, "user": None})
    event = {"type": "response.output_text.delta", "sequence_number": 1}
    assert schema_errors("ResponseStreamEvent", event) == [
        "at <root>: 'item_id' is a required property"
    ]


def test_builders_produce_spec_valid_answers() -> None:
    items = [
        builders.reasoning_item(["why"], encrypted_content="enc"),
        builders.message_item("Hello world"),
        builders.function_call_item("f", {"a": 1}),
    ]
    assert schema_errors("Response", builders.response_object(items)) == []
    cases: list[tuple[str, dict[str, Any]]] = [
        ("completed", {}),
        ("incomplete", {"incomplete_reason": "max_output_tokens"}),
        ("failed", {"error": {"code": "server_error", "message": "boom"}}),
    ]
    for terminal, extra in cases:
        for event in builders.response_stream_events(items, terminal=terminal, **extra):
            assert schema_errors("ResponseStreamEvent", event) == [], event["type"]
    calls = [builders.chat_tool_call("f", {"a": 1}), builders.chat_tool_call("g")]
    for chunk in builders.chat_stream_chunks("a b") + builders.chat_stream_chunks(
        tool_calls=calls, obfuscation=True
    ):
        assert schema_errors("CreateChatCompletionStreamResponse", chunk) == []
    assert schema_errors("CreateChatCompletionResponse", builders.chat_completion("x")) == []
    assert (
        schema_errors("ResponseStreamEvent", builders.response_error_event(sequence_number=3)) == []
    )
    assert schema_errors("ErrorResponse", builders.chat_error_chunk("boom")) == []


def test_teardown_fails_with_the_schema_error(tmp_path: Path) -> None:
    """The ``openai_server`` fixture turns a bad request and an unused reply into test errors."""
    (tmp_path / "test_inner.py").write_text(
        textwrap.dedent(
            """
            import httpx
            from tests.openai_server import builders

            def test_bad_body(openai_server):
                openai_server.queue(builders.response_text("x"))
                httpx.post(openai_server.base_url + "/responses",
                           json={"model": "m", "input": "hi", "temperature": "hot"})

            def test_unused_reply(openai_server):
                openai_server.queue(builders.response_text("x"))

            def test_opted_out(openai_server):
                openai_server.queue(builders.response_text("x"))
                openai_server.allow_pending = True

            def test_clean(openai_server):
                openai_server.queue(builders.response_text("x"))
                httpx.post(openai_server.base_url + "/responses", json={"model": "m", "input": "x"})
            """
        )
    )
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "tests.conftest",
            "-q",
            "-p",
            "no:cacheprovider",
            str(tmp_path / "test_inner.py"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    out = result.stdout
    assert "4 passed, 2 errors" in out, out
    assert "ERROR" in out and "test_bad_body" in out and "test_unused_reply" in out
    assert "POST /v1/responses: request body does not match the spec" in out
    assert "at temperature: 'hot' is not of type" in out
    assert "queued reply never served" in out


def test_schema_loading_is_fast_and_cached() -> None:
    code = textwrap.dedent(
        """
        import time
        t0 = time.perf_counter()
        from tests.openai_server import schema_errors
        from tests.openai_server._validation import validator
        schema_errors("CreateResponse", {"model": "m", "input": "x"})
        schema_errors("CreateChatCompletionRequest", {"model": "m", "messages": []})
        t1 = time.perf_counter()
        assert validator("CreateResponse") is validator("CreateResponse")
        body = {"model": "m", "input": [{"role": "user", "content": "x"}] * 50}
        for _ in range(20):
            schema_errors("CreateResponse", body)
        t2 = time.perf_counter()
        print(t1 - t0, (t2 - t1) / 20)
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    first, each = map(float, result.stdout.split())
    assert first < 2.0, f"loading and compiling took {first:.3f}s"
    assert each < 0.1, f"validating a 50-item request took {each:.4f}s"


# --------------------------------------------------------------------------- the extractor


def test_extract_rewrites_openapi_specifics() -> None:
    schema = {
        "type": "object",
        "description": "dropped",
        "x-oaiMeta": {"dropped": True},
        "properties": {
            "description": {"type": "string", "nullable": True, "example": "dropped"},
            "kind": {"type": "string", "enum": ["a", "b"], "nullable": True},
            "ref": {"$ref": "#/components/schemas/Other", "nullable": True},
            "union": {
                "oneOf": [
                    {"$ref": "#/components/schemas/A"},
                    {"$ref": "#/components/schemas/B"},
                ],
                "discriminator": {"propertyName": "type"},
            },
            "plain": {"oneOf": [{"type": "string"}, {"type": "integer"}]},
        },
    }
    converted = extract.convert(schema)
    assert "description" not in converted and "x-oaiMeta" not in converted
    props = converted["properties"]
    assert props["description"] == {"type": ["string", "null"]}
    assert props["kind"] == {"type": ["string", "null"], "enum": ["a", "b", None]}
    assert props["ref"] == {"anyOf": [{"$ref": "#/$defs/Other"}, {"type": "null"}]}
    assert props["union"] == {"anyOf": [{"$ref": "#/$defs/A"}, {"$ref": "#/$defs/B"}]}
    assert props["plain"] == {"oneOf": [{"type": "string"}, {"type": "integer"}]}
    schemas = {
        "R": {"$ref": "#/components/schemas/S"},
        "S": {"items": {"$ref": "#/components/schemas/T"}},
        "T": {},
        "U": {},
    }
    assert extract.closure(schemas, ["R"]) == ["R", "S", "T"]


def test_committed_subset_records_its_source() -> None:
    document = json.loads((ROOT / "tests" / "spec" / "openai_subset.json").read_text())
    assert (
        "db5d7478feae10b4d331834c60d9765a8aa042e38419f9b1694288c11aa8ebc8" in document["$comment"]
    )
    for name in [*extract.ROOTS, "CreateConversationItemsBody"]:
        assert name in document["$defs"]
    assert (ROOT / "tests" / "spec" / "LICENSE-openai-openapi.txt").read_text().count(
        "Copyright OpenAI"
    ) == 1
