"""get_response on arbitrary and mutated JSON bodies: output items or a typed error."""

from __future__ import annotations

import copy
import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from agentkit.model_settings import ModelSettings
from agentkit.models.interface import ModelTracing
from agentkit.models.openai_chatcompletions import OpenAIChatCompletionsModel
from agentkit.models.openai_responses import OpenAIResponsesModel
from tests.openai_server import builders as b

from ._support import json_values, run, scaled
from .test_fuzz_stream_assembly import TYPED, _client


def _mutate(value: Any, draw: st.DrawFn) -> Any:
    """Replace or delete one value somewhere inside `value`."""
    value = copy.deepcopy(value)
    target = value
    while True:
        keys = list(target) if isinstance(target, dict) else list(range(len(target)))
        if not keys:
            return value
        key = draw(st.sampled_from(keys))
        child = target[key]
        if isinstance(child, (dict, list)) and child and draw(st.booleans()):
            target = child
            continue
        if isinstance(target, dict) and draw(st.booleans()):
            del target[key]
        else:
            target[key] = draw(json_values(6))
        return value


_RESPONSES = [
    b.response_object([b.message_item("hi")]),
    b.response_object(
        [b.function_call_item("f", '{"a": 1}', call_id="c1"), b.reasoning_item(["r"])]
    ),
]
_CHATS = [
    b.chat_completion("hi"),
    b.chat_completion(None, tool_calls=[b.chat_tool_call("f", {"a": 1}, id="c1")]),
]


async def _get(model: Any) -> Any:
    return await model.get_response(
        None, "hi", ModelSettings(), [], None, [], ModelTracing.DISABLED
    )


async def _call(api: str, body: bytes) -> BaseException | None:
    client = _client(body)
    model = (
        OpenAIResponsesModel("gpt-4.1", client)
        if api == "responses"
        else OpenAIChatCompletionsModel("gpt-4.1", client)
    )
    try:
        await _get(model)
    except Exception as exc:
        return exc
    finally:
        await client.close()
    return None


@scaled(2)
@given(st.sampled_from(["responses", "chat"]), st.data())
def test_fuzz_get_response_on_garbage_bodies(api: str, data: st.DataObject) -> None:
    samples = _RESPONSES if api == "responses" else _CHATS
    if data.draw(st.booleans()):
        body = _mutate(data.draw(st.sampled_from(samples)), data.draw)
    else:
        body = data.draw(json_values())
    raw = data.draw(
        st.just(json.dumps(body).encode())
        | st.binary(max_size=20)
        | st.sampled_from([b"[" * 5_000, b'{"a":' * 3_000, b"", b"null", b"\xff\xfe"])
    )
    error = run(_call(api, raw))
    assert error is None or isinstance(error, TYPED), repr(error)
