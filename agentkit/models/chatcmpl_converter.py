"""Conversions between Responses-style items and Chat Completions messages, tools and formats."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, Literal

from .._tool_features import (
    ensure_function_tool_supports_responses_only_features,
    ensure_tool_choice_supports_backend,
)
from ..exceptions import UserError
from ..logger import logger
from ..model_settings import MCPToolChoice
from ..util._dataclass import dataclass
from ._chat_translator import translate_completion
from .chatcmpl_helpers import _REASONING_FIELD_KEY
from .fake_id import FAKE_RESPONSES_ID

if TYPE_CHECKING:
    from ..agent_output import AgentOutputSchemaBase
    from ..handoffs import Handoff
    from ..items import TResponseInputItem, TResponseOutputItem
    from ..tool import Tool


_OMITTED_TOOL_OUTPUT_PLACEHOLDER = "[tool output omitted]"


@dataclass
class ReasoningContentSource:
    """A reasoning item that could be replayed into the next Chat Completions request."""

    item: Any
    origin_model: str | None
    """The model that produced it, when known."""
    provider_data: Mapping[str, Any]


@dataclass
class ReasoningContentReplayContext:
    """What a reasoning-replay hook gets to decide whether to replay one reasoning item."""

    model: str
    """The model the next request goes to."""
    base_url: str | None
    reasoning: ReasoningContentSource


ShouldReplayReasoningContent = Callable[[ReasoningContentReplayContext], bool]
"""Decides whether a reasoning item goes back to the model as `reasoning_content`."""


def default_should_replay_reasoning_content(context: ReasoningContentReplayContext) -> bool:
    """Replay `reasoning_content` to DeepSeek models, which require it across tool calls, when
    it came from DeepSeek or from an unknown origin."""
    if "deepseek" not in context.model.lower():
        return False
    origin = context.reasoning.origin_model
    other_data = {
        k: v for k, v in context.reasoning.provider_data.items() if k != "thinking_blocks"
    }
    return (origin is not None and "deepseek" in origin.lower()) or not other_data


class Converter:
    """Chat Completions wire shapes for the agent's tools, output schema and history."""

    @classmethod
    def convert_tool_choice(
        cls, tool_choice: Literal["auto", "required", "none"] | str | MCPToolChoice | None
    ) -> Any:
        """The wire `tool_choice` (nested `function.name` for a named tool), or None if unset."""
        if tool_choice is None:
            return None
        if isinstance(tool_choice, MCPToolChoice):
            raise UserError("MCPToolChoice is not supported for Chat Completions models")
        if tool_choice in ("auto", "required", "none"):
            return tool_choice
        ensure_tool_choice_supports_backend(
            tool_choice, backend_name="Chat Completions-compatible models"
        )
        return {"type": "function", "function": {"name": tool_choice}}

    @classmethod
    def convert_response_format(
        cls, final_output_schema: AgentOutputSchemaBase | None
    ) -> dict[str, Any] | None:
        """The `response_format` for structured output, or None for plain text."""
        if final_output_schema is None or final_output_schema.is_plain_text():
            return None
        return {
            "type": "json_schema",
            "json_schema": {
                "name": "final_output",
                "strict": final_output_schema.is_strict_json_schema(),
                "schema": final_output_schema.json_schema(),
            },
        }

    @classmethod
    def message_to_output_items(
        cls,
        message: Any,
        provider_data: dict[str, Any] | None = None,
        strict_feature_validation: bool = False,
    ) -> list[TResponseOutputItem]:
        """A chat assistant message (dict or wire model) as Responses output items.

        Reasoning (`reasoning_content`, or a plain `reasoning` field) becomes a reasoning item
        first; text and refusal become one message; each tool call becomes a `function_call`
        (with a generated call id when the provider sent none).
        """
        from ..types.responses import Response

        skeleton = Response(
            id=FAKE_RESPONSES_ID,
            created_at=0,
            model="",
            object="response",
            output=[],
            tool_choice="auto",
            tools=[],
            parallel_tool_calls=False,
        )
        completed = translate_completion(
            skeleton,
            message,
            finish_reason=None,
            logprobs=None,
            usage=None,
            provider_data=dict(provider_data or {}),
            strict_feature_validation=strict_feature_validation,
        )
        return list(completed.output)

    @classmethod
    def maybe_easy_input_message(cls, item: Any) -> dict[str, Any] | None:
        if not isinstance(item, dict):
            return None
        keys = set(item)
        if not {"content", "role"} <= keys or not keys <= {"content", "role", "type", "phase"}:
            return None
        if "type" in item and item["type"] != "message":
            return None
        if item.get("phase") not in (None, "commentary", "final_answer"):
            return None
        if item.get("role") not in ("user", "assistant", "system", "developer"):
            return None
        return item

    @classmethod
    def maybe_input_message(cls, item: Any) -> dict[str, Any] | None:
        if (
            isinstance(item, dict)
            and item.get("type") == "message"
            and item.get("role") in ("user", "system", "developer")
        ):
            return item
        return None

    @classmethod
    def maybe_file_search_call(cls, item: Any) -> dict[str, Any] | None:
        return item if isinstance(item, dict) and item.get("type") == "file_search_call" else None

    @classmethod
    def maybe_function_tool_call(cls, item: Any) -> dict[str, Any] | None:
        return item if isinstance(item, dict) and item.get("type") == "function_call" else None

    @classmethod
    def maybe_function_tool_call_output(cls, item: Any) -> dict[str, Any] | None:
        if isinstance(item, dict) and item.get("type") == "function_call_output":
            return item
        return None

    @classmethod
    def maybe_item_reference(cls, item: Any) -> dict[str, Any] | None:
        return item if isinstance(item, dict) and item.get("type") == "item_reference" else None

    @classmethod
    def maybe_response_output_message(cls, item: Any) -> dict[str, Any] | None:
        if (
            isinstance(item, dict)
            and item.get("type") == "message"
            and item.get("role") == "assistant"
            and {"id", "content"} <= set(item)
        ):
            return item
        return None

    @classmethod
    def maybe_reasoning_message(cls, item: Any) -> dict[str, Any] | None:
        return item if isinstance(item, dict) and item.get("type") == "reasoning" else None

    @classmethod
    def extract_text_content(cls, content: Any) -> str | list[dict[str, Any]]:
        """Content for roles that take text only (system, developer, assistant)."""
        all_content = cls.extract_all_content(content)
        if isinstance(all_content, str):
            return all_content
        out: list[dict[str, Any]] = []
        for part in all_content:
            if part.get("type") == "text":
                out.append(part)
            elif part.get("type") == "video_url":
                raise UserError(f"Only text content is supported here, got: {part}")
        return out

    @classmethod
    def _normalize_input_content_part_alias(cls, part: Any) -> Any:
        """Accept raw Chat Completions `text` / `image_url` parts as their Responses forms."""
        if not isinstance(part, dict):
            return part
        part_type = part.get("type")
        if part_type == "text":
            text = part.get("text")
            if not isinstance(text, str):
                raise UserError(f"Only text content is supported here, got: {part}")
            normalized: dict[str, Any] = {"type": "input_text", "text": text}
            _copy_cache_breakpoint(part, normalized)
            return normalized
        if part_type != "image_url":
            return part
        payload = part.get("image_url")
        url = payload.get("url") if isinstance(payload, dict) else None
        if not isinstance(url, str) or not url:
            raise UserError(f"Only image URLs are supported for image_url {part}")
        normalized = {"type": "input_image", "image_url": url}
        if payload is not None and payload.get("detail") is not None:
            normalized["detail"] = payload["detail"]
        _copy_cache_breakpoint(part, normalized)
        return normalized

    @classmethod
    def extract_all_content(cls, content: Any) -> str | list[dict[str, Any]]:
        """User content parts in Chat form: text, image_url, input_audio, file."""
        if isinstance(content, str):
            return content
        out: list[dict[str, Any]] = []
        for raw in content:
            part = cls._normalize_input_content_part_alias(raw)
            part_type = part.get("type") if isinstance(part, dict) else None
            convert = _USER_PART_CONVERTERS.get(part_type) if isinstance(part_type, str) else None
            if convert is None:
                raise UserError(f"Unknown content: {raw}")
            converted = convert(part)
            _copy_cache_breakpoint(part, converted)
            out.append(converted)
        return out

    @classmethod
    def items_to_messages(
        cls,
        items: str | Iterable[TResponseInputItem],
        model: str | None = None,
        preserve_thinking_blocks: bool = False,
        preserve_tool_output_all_content: bool = False,
        base_url: str | None = None,
        should_replay_reasoning_content: ShouldReplayReasoningContent | None = None,
        strict_feature_validation: bool = False,
    ) -> list[dict[str, Any]]:
        """Responses-style input items as Chat Completions messages.

        Messages map by role; assistant output messages, function calls and file-search calls
        gather into one assistant message (`tool_calls`); each function output becomes a `tool`
        message. Reasoning items are replayed as `reasoning_content` (when the replay policy
        says so) or as `reasoning` (same model), on the assistant message that follows them.
        `preserve_thinking_blocks` is accepted for signature compatibility; thinking blocks are
        not rebuilt here.
        """
        del preserve_thinking_blocks
        if isinstance(items, str):
            return [{"role": "user", "content": items}]

        builder = _MessageBuilder()
        context = _ConversionContext(
            model=model,
            base_url=base_url.rstrip("/") if base_url is not None else None,
            should_replay=should_replay_reasoning_content,
            preserve_tool_output_all_content=preserve_tool_output_all_content,
            strict_feature_validation=strict_feature_validation,
        )
        for item in items:
            cls._add_item(builder, item, context)
        builder.flush()
        return builder.result

    @classmethod
    def _add_item(cls, builder: _MessageBuilder, item: Any, context: _ConversionContext) -> None:
        """Add one input item to the messages being built."""
        if message := cls.maybe_easy_input_message(item) or cls.maybe_input_message(item):
            builder.flush()
            builder.result.append(cls._input_message(message["role"], message["content"]))
        elif out_msg := cls.maybe_response_output_message(item):
            builder.add_output_message(out_msg)
        elif file_search := cls.maybe_file_search_call(item):
            builder.add_tool_call(_file_search_tool_call(file_search))
        elif func_call := cls.maybe_function_tool_call(item):
            builder.add_tool_call(_function_tool_call(func_call, context.model))
        elif func_output := cls.maybe_function_tool_call_output(item):
            builder.flush()
            builder.result.append(cls._tool_message(func_output, context))
        elif item_ref := cls.maybe_item_reference(item):
            raise UserError(f"Encountered an item_reference, which is not supported: {item_ref}")
        elif reasoning_item := cls.maybe_reasoning_message(item):
            builder.add_reasoning(
                reasoning_item,
                model=context.model,
                base_url=context.base_url,
                should_replay=context.should_replay,
            )
        elif isinstance(item, dict) and item.get("type") == "compaction":
            raise UserError(
                "Compaction items are not supported for chat completions. Please use the "
                "Responses API to handle compaction."
            )
        else:
            raise UserError(f"Unhandled item type or structure: {item}")

    @classmethod
    def _input_message(cls, role: str, content: Any) -> dict[str, Any]:
        if role == "user":
            return {"role": "user", "content": cls.extract_all_content(content)}
        return {"role": role, "content": cls.extract_text_content(content)}

    @classmethod
    def _tool_message(
        cls, func_output: dict[str, Any], context: _ConversionContext
    ) -> dict[str, Any]:
        call_id = func_output.get("call_id")
        if call_id is None:
            raise UserError(
                "Unpaired function outputs are supported by Responses but cannot be "
                "converted to Chat Completions tool messages. Use a Responses model to "
                "preserve this input."
            )
        return {
            "role": "tool",
            "tool_call_id": call_id,
            "content": cls._tool_output_content(
                func_output["output"],
                context.preserve_tool_output_all_content,
                context.strict_feature_validation,
            ),
        }

    @classmethod
    def _tool_output_content(
        cls, output: Any, preserve_all: bool, strict_feature_validation: bool
    ) -> str | list[dict[str, Any]]:
        content = cls.extract_all_content(output)
        if preserve_all or isinstance(content, str):
            return content
        texts = [part for part in content if part.get("type") == "text"]
        if texts:
            return texts
        message = (
            "Chat Completions tool outputs cannot be empty or contain only non-text content "
            "unless preserve_tool_output_all_content=True."
        )
        if strict_feature_validation:
            raise UserError(message)
        logger.warning("%s Replacing the tool output with a placeholder.", message)
        return _OMITTED_TOOL_OUTPUT_PLACEHOLDER

    @classmethod
    def tool_to_openai(cls, tool: Tool) -> dict[str, Any]:
        """A function tool in Chat form; hosted tools are rejected (Responses API only)."""
        from ..tool import FunctionTool

        if isinstance(tool, FunctionTool):
            ensure_function_tool_supports_responses_only_features(
                tool, backend_name="Chat Completions-compatible models"
            )
            return {
                "type": "function",
                "function": {
                    "name": tool.name,
                    "description": tool.description or "",
                    "parameters": tool.params_json_schema,
                    "strict": tool.strict_json_schema,
                },
            }
        raise UserError(
            "Hosted tools are not supported with the ChatCompletions API. Got tool type: "
            f"{type(tool)}, tool: {tool}"
        )

    @classmethod
    def convert_handoff_tool(cls, handoff: Handoff[Any, Any]) -> dict[str, Any]:
        return {
            "type": "function",
            "function": {
                "name": handoff.tool_name,
                "description": handoff.tool_description,
                "parameters": handoff.input_json_schema,
                "strict": handoff.strict_json_schema,
            },
        }


@dataclass
class _ConversionContext:
    """The settings of one `items_to_messages` conversion."""

    model: str | None
    base_url: str | None
    should_replay: ShouldReplayReasoningContent | None
    preserve_tool_output_all_content: bool
    strict_feature_validation: bool


def _file_search_tool_call(file_search: dict[str, Any]) -> dict[str, Any]:
    arguments = {"queries": file_search.get("queries", []), "status": file_search.get("status")}
    return {
        "id": file_search["id"],
        "type": "function",
        "function": {"name": "file_search_call", "arguments": json.dumps(arguments)},
    }


def _function_tool_call(func_call: dict[str, Any], model: str | None) -> dict[str, Any]:
    tool_call: dict[str, Any] = {
        "id": func_call["call_id"],
        "type": "function",
        "function": {"name": func_call["name"], "arguments": func_call.get("arguments") or "{}"},
    }
    provider_fields = func_call.get("provider_data")
    if isinstance(provider_fields, dict) and model and "gemini" in model.lower():
        signature = provider_fields.get("thought_signature")
        if signature:
            tool_call["extra_content"] = {"google": {"thought_signature": signature}}
    return tool_call


def _text_part(part: dict[str, Any]) -> dict[str, Any]:
    return {"type": "text", "text": part["text"]}


def _image_part(part: dict[str, Any]) -> dict[str, Any]:
    if not part.get("image_url"):
        raise UserError(f"Only image URLs are supported for input_image {part}")
    detail = part.get("detail", "auto")
    # Chat knows only auto/low/high; "original" asks for the most detail.
    if detail == "original":
        detail = "high"
    return {"type": "image_url", "image_url": {"url": part["image_url"], "detail": detail}}


def _video_part(part: dict[str, Any]) -> dict[str, Any]:
    video = part.get("video_url")
    if not isinstance(video, dict) or not video.get("url"):
        raise UserError(f"Only video URLs are supported for video_url {part}")
    return {"type": "video_url", "video_url": {"url": video["url"]}}


def _audio_part(part: dict[str, Any]) -> dict[str, Any]:
    audio = part.get("input_audio")
    if not audio:
        raise UserError(f"Only audio data is supported for input_audio {part}")
    if not isinstance(audio, dict):
        raise UserError(f"input_audio must provide audio data and format {part}")
    if not audio.get("data") or not audio.get("format"):
        raise UserError(f"input_audio requires both data and format {part}")
    return {
        "type": "input_audio",
        "input_audio": {"data": audio["data"], "format": audio["format"]},
    }


def _file_part(part: dict[str, Any]) -> dict[str, Any]:
    file: dict[str, Any]
    if part.get("file_data"):
        file = {"file_data": part["file_data"]}
    elif part.get("file_id"):
        file = {"file_id": part["file_id"]}
    else:
        raise UserError(f"Only file_data or file_id is supported for input_file {part}")
    if part.get("filename"):
        file["filename"] = part["filename"]
    return {"type": "file", "file": file}


_USER_PART_CONVERTERS: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "input_text": _text_part,
    "input_image": _image_part,
    "video_url": _video_part,
    "input_audio": _audio_part,
    "input_file": _file_part,
}
"""User content part type -> its Chat Completions form."""


def _copy_cache_breakpoint(source: Mapping[str, Any], target: dict[str, Any]) -> None:
    breakpoint_ = source.get("prompt_cache_breakpoint")
    if breakpoint_ is not None:
        target["prompt_cache_breakpoint"] = breakpoint_


class _MessageBuilder:
    """Accumulates chat messages; gathers one assistant turn's text and tool calls together."""

    def __init__(self) -> None:
        self.result: list[dict[str, Any]] = []
        self.assistant: dict[str, Any] | None = None
        self.pending_reasoning_content: str | None = None
        self.pending_reasoning: str | None = None

    def flush(self, *, clear_pending_reasoning: bool = True) -> None:
        if self.assistant is not None:
            if not self.assistant.get("tool_calls"):
                # The API rejects an empty tool_calls list.
                del self.assistant["tool_calls"]
                self.pending_reasoning_content = None
                self.pending_reasoning = None
            self.result.append(self.assistant)
            self.assistant = None
        if clear_pending_reasoning:
            # Reasoning belongs to the assistant turn right after it, never to a later one.
            self.pending_reasoning_content = None
            self.pending_reasoning = None

    def _apply_pending_reasoning(self, message: dict[str, Any]) -> None:
        if self.pending_reasoning_content:
            message["reasoning_content"] = self.pending_reasoning_content
            self.pending_reasoning_content = None
        if self.pending_reasoning:
            message["reasoning"] = self.pending_reasoning
            self.pending_reasoning = None

    def ensure_assistant(self) -> dict[str, Any]:
        if self.assistant is None:
            self.assistant = {"role": "assistant", "content": None, "tool_calls": []}
        self._apply_pending_reasoning(self.assistant)
        return self.assistant

    def add_tool_call(self, tool_call: dict[str, Any]) -> None:
        assistant = self.ensure_assistant()
        assistant["tool_calls"] = [*assistant.get("tool_calls", []), tool_call]

    def add_output_message(self, item: dict[str, Any]) -> None:
        texts: list[str] = []
        refusal: str | None = None
        for part in item["content"]:
            part_type = part.get("type")
            if part_type == "output_text":
                texts.append(part["text"])
            elif part_type == "refusal":
                refusal = part["refusal"]
            elif part_type == "output_audio":
                raise UserError(
                    f"Only audio IDs are supported for chat completions, but got: {part}"
                )
            else:
                raise UserError(f"Unknown content type in ResponseOutputMessage: {part}")
        current = self.assistant
        if (
            current is not None
            and current.get("tool_calls")
            and "refusal" not in current
            and current.get("content") is None
        ):
            # A streamed turn can put its function calls before its text: the text belongs to
            # the same assistant message (two assistant messages in a row would be rejected).
            if texts:
                current["content"] = "\n".join(texts)
            if refusal is not None:
                current["refusal"] = refusal
            self._apply_pending_reasoning(current)
            return
        # Reasoning may precede a message that is followed by tool calls of the same turn.
        self.flush(clear_pending_reasoning=False)
        message: dict[str, Any] = {"role": "assistant"}
        if refusal is not None:
            message["refusal"] = refusal
        if texts:
            message["content"] = "\n".join(texts)
        message["tool_calls"] = []
        self._apply_pending_reasoning(message)
        self.assistant = message

    def add_reasoning(
        self,
        item: dict[str, Any],
        *,
        model: str | None,
        base_url: str | None,
        should_replay: ShouldReplayReasoningContent | None,
    ) -> None:
        self.pending_reasoning = None
        self.pending_reasoning_content = None
        provider_data = item.get("provider_data") or {}
        if not isinstance(provider_data, dict):
            provider_data = {}
        item_model = provider_data.get("model", "")
        if provider_data.get(_REASONING_FIELD_KEY) == "reasoning" and model == item_model:
            texts = [
                part["text"]
                for part in item.get("content") or []
                if isinstance(part, dict)
                and part.get("type") == "reasoning_text"
                and part.get("text")
            ]
            if texts:
                self.pending_reasoning = "\n".join(texts)
        if model is None:
            return
        context = ReasoningContentReplayContext(
            model=model,
            base_url=base_url,
            reasoning=ReasoningContentSource(
                item=item, origin_model=item_model or None, provider_data=provider_data
            ),
        )
        policy = should_replay or default_should_replay_reasoning_content
        if policy(context):
            texts = [
                part["text"]
                for part in item.get("summary") or []
                if isinstance(part, dict) and part.get("text")
            ]
            if texts:
                self.pending_reasoning_content = "\n".join(texts)
