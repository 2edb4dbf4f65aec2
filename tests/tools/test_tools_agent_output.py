"""AgentOutputSchema: plain text, wrapping of non-object types, validation errors."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from pydantic import BaseModel
from typing_extensions import TypedDict

from agentkit.agent_output import _WRAPPER_DICT_KEY, AgentOutputSchema, AgentOutputSchemaBase
from agentkit.exceptions import ModelBehaviorError, UserError


class Answer(BaseModel):
    text: str
    score: int


class Movie(TypedDict):
    title: str


@dataclass
class Box:
    width: int


def test_plain_text() -> None:
    for output_type in (str, None):
        schema = AgentOutputSchema(output_type)  # type: ignore[arg-type]
        assert schema.is_plain_text()
        with pytest.raises(UserError, match="plain text"):
            schema.json_schema()
    assert AgentOutputSchema(str).validate_json('"hello"') == "hello"


def test_model_output_is_not_wrapped_and_validates() -> None:
    schema = AgentOutputSchema(Answer)
    assert not schema.is_plain_text()
    assert schema.is_strict_json_schema()
    assert schema.name() == "Answer"
    assert set(schema.json_schema()["properties"]) == {"text", "score"}
    value = schema.validate_json('{"text": "hi", "score": 3}')
    assert value == Answer(text="hi", score=3)


def test_list_is_wrapped_and_unwrapped() -> None:
    assert _WRAPPER_DICT_KEY == "response"
    schema = AgentOutputSchema(list[int])
    js = schema.json_schema()
    assert js["type"] == "object"
    assert js["required"] == ["response"]
    assert js["properties"]["response"]["type"] == "array"
    assert schema.validate_json('{"response": [1, 2, 3]}') == [1, 2, 3]
    assert schema.name() == "list[int]"


def test_typeddict_and_dict_are_objects_dataclass_is_wrapped() -> None:
    assert AgentOutputSchema(Movie).validate_json('{"title": "Heat"}') == {"title": "Heat"}
    box = AgentOutputSchema(Box)
    assert box.json_schema()["required"] == ["response"]
    assert box.validate_json('{"response": {"width": 2}}') == Box(width=2)
    loose_dict = AgentOutputSchema(dict[str, int], strict_json_schema=False)
    assert loose_dict.validate_json('{"a": 1}') == {"a": 1}


@pytest.mark.parametrize(
    "payload",
    ["not json", '{"text": "hi"}', '{"text": "hi", "score": "three"}', "[]"],
)
def test_invalid_model_json_raises_model_behavior_error(payload: str) -> None:
    with pytest.raises(ModelBehaviorError, match="Invalid JSON"):
        AgentOutputSchema(Answer).validate_json(payload)


def test_wrapped_payload_with_wrong_shape() -> None:
    schema = AgentOutputSchema(list[int])
    with pytest.raises(ModelBehaviorError):
        schema.validate_json("[1, 2]")
    with pytest.raises(ModelBehaviorError):
        schema.validate_json('{"other": [1]}')


def test_strict_validation_is_strict() -> None:
    # In strict mode "3" is not an int; in lax mode it is coerced.
    with pytest.raises(ModelBehaviorError):
        AgentOutputSchema(Answer).validate_json('{"text": "a", "score": "3"}')
    lax = AgentOutputSchema(Answer, strict_json_schema=False)
    assert lax.validate_json('{"text": "a", "score": "3"}') == Answer(text="a", score=3)
    assert lax.is_strict_json_schema() is False


def test_type_that_cannot_be_strict_fails_at_construction() -> None:
    with pytest.raises(UserError, match="strict_json_schema=False"):
        AgentOutputSchema(dict[str, int])
    # Non-strict mode accepts it.
    assert (
        AgentOutputSchema(dict[str, int], strict_json_schema=False).json_schema()["type"]
        == "object"
    )


def test_custom_output_schema_subclass() -> None:
    class Upper(AgentOutputSchemaBase):
        def is_plain_text(self) -> bool:
            return False

        def name(self) -> str:
            return "upper"

        def json_schema(self) -> dict[str, Any]:
            return {
                "type": "object",
                "properties": {},
                "additionalProperties": False,
                "required": [],
            }

        def is_strict_json_schema(self) -> bool:
            return True

        def validate_json(self, json_str: str) -> Any:
            return json_str.upper()

    assert Upper().validate_json("abc") == "ABC"
    with pytest.raises(TypeError):
        AgentOutputSchemaBase()  # type: ignore[abstract]


def test_validation_errors_are_redacted_unless_model_data_logging_is_on(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("OPENAI_AGENTS_DONT_LOG_MODEL_DATA", raising=False)
    with pytest.raises(ModelBehaviorError) as info:
        AgentOutputSchema(Answer).validate_json('{"text": "private", "score": "x"}')
    assert str(info.value) == "Invalid JSON when parsing model output"
    assert info.value.__cause__ is None and info.value.__context__ is None

    monkeypatch.setenv("OPENAI_AGENTS_DONT_LOG_MODEL_DATA", "false")
    with pytest.raises(ModelBehaviorError, match="private") as info:
        AgentOutputSchema(Answer).validate_json('{"text": "private", "score": "x"}')
    assert info.value.__cause__ is not None
