"""The request body is built from the already-plain kwargs without copying them again, while wire
models, tuples and other mappings inside still become plain JSON data."""

from __future__ import annotations

from types import MappingProxyType

from agentkit.models._openai_request import _jsonable, _request_body
from agentkit.types.responses import ResponseOutputText


def test_plain_values_are_encoded_without_a_copy() -> None:
    tools = [{"type": "function", "name": "f", "parameters": {"type": "object"}}]
    items = [{"role": "user", "content": "hi"}]
    body = _request_body({"tools": tools, "input": items, "model": "m", "x": None}, None)
    assert body == {"tools": tools, "input": items, "model": "m"}
    assert body["tools"] is tools and body["input"] is items


def test_non_plain_values_are_converted_along_their_path_only() -> None:
    text = ResponseOutputText(type="output_text", text="a", annotations=[])
    untouched = {"role": "user", "content": "hi"}
    items = [untouched, {"role": "assistant", "content": [text]}, ("a", "b")]
    body = _request_body(
        {"input": items, "meta": MappingProxyType({"k": (1, 2)})}, {"extra": ("z",)}
    )
    assert body == {
        "input": [untouched, {"role": "assistant", "content": [_jsonable(text)]}, ["a", "b"]],
        "meta": {"k": [1, 2]},
        "extra": ["z"],
    }
    assert body["input"] is not items and body["input"][0] is untouched
    assert items[1]["content"][0] is text  # the caller's data is left as it was
    assert body["input"][1]["content"][0] == {"type": "output_text", "text": "a", "annotations": []}


def test_jsonable_copies_plain_containers_and_converts_the_rest() -> None:
    class Tag(str):
        pass

    text = ResponseOutputText(type="output_text", text="a", annotations=[])
    inner = {"k": [1, 2.5, True, None]}
    value = {"plain": inner, "model": text, "tuple": ("x", Tag("t")), "proxy": MappingProxyType({})}
    out = _jsonable(value)
    assert out == {
        "plain": {"k": [1, 2.5, True, None]},
        "model": {"type": "output_text", "text": "a", "annotations": []},
        "tuple": ["x", "t"],
        "proxy": {},
    }
    # Plain dicts and lists come back as fresh copies (callers may change them), nested too.
    assert out is not value and out["plain"] is not inner and out["plain"]["k"] is not inner["k"]
    assert type(out["tuple"][1]) is Tag  # a str subclass is kept as it is
