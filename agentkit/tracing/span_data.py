"""What each kind of span carries, and its wire form (``export()``) for the traces ingest API."""

from __future__ import annotations

import abc
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Protocol


class _HasId(Protocol):
    @property
    def id(self) -> str: ...


class SpanData(abc.ABC):
    """The payload of one span; ``export()`` is what goes into ``span_data`` on the wire."""

    @abc.abstractmethod
    def export(self) -> dict[str, Any]:
        """The JSON-ready dict for the ingest API."""

    @property
    @abc.abstractmethod
    def type(self) -> str:
        """The span type (``"agent"``, ``"generation"`` ...)."""


class AgentSpanData(SpanData):
    """One agent's turn(s) in a run: its name, handoffs, tools and output type."""

    __slots__ = ("handoffs", "metadata", "name", "output_type", "tools")

    def __init__(
        self,
        name: str,
        handoffs: list[str] | None = None,
        tools: list[str] | None = None,
        output_type: str | None = None,
        metadata: dict[str, Any] | None = None,
    ) -> None:
        self.name = name
        self.handoffs = handoffs
        self.tools = tools
        self.output_type = output_type
        self.metadata = metadata

    @property
    def type(self) -> str:
        return "agent"

    def export(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "name": self.name,
            "handoffs": self.handoffs,
            "tools": self.tools,
            "output_type": self.output_type,
        }


class TaskSpanData(SpanData):
    """One top-level runner invocation; sent as a ``custom`` span tagged ``sdk_span_type``."""

    __slots__ = ("metadata", "name", "usage")

    def __init__(
        self,
        name: str,
        usage: dict[str, Any] | None = None,
        metadata: dict[str, Any] | None = None,
    ) -> None:
        self.name = name
        self.usage = usage
        self.metadata = metadata

    @property
    def type(self) -> str:
        return "task"

    def export(self) -> dict[str, Any]:
        data: dict[str, Any] = {"sdk_span_type": self.type, "name": self.name}
        if self.usage is not None:
            data["usage"] = self.usage
        return {"type": "custom", "name": self.type, "data": data}


class TurnSpanData(SpanData):
    """One turn of the agent loop; sent as a ``custom`` span tagged ``sdk_span_type``."""

    __slots__ = ("agent_name", "metadata", "turn", "usage")

    def __init__(
        self,
        turn: int,
        agent_name: str,
        usage: dict[str, Any] | None = None,
        metadata: dict[str, Any] | None = None,
    ) -> None:
        self.turn = turn
        self.agent_name = agent_name
        self.usage = usage
        self.metadata = metadata

    @property
    def type(self) -> str:
        return "turn"

    def export(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "sdk_span_type": self.type,
            "turn": self.turn,
            "agent_name": self.agent_name,
        }
        if self.usage is not None:
            data["usage"] = self.usage
        return {"type": "custom", "name": self.type, "data": data}


class FunctionSpanData(SpanData):
    """One function tool call: its arguments, its output (sent as ``str(output)``), MCP details."""

    __slots__ = ("input", "mcp_data", "name", "output")

    def __init__(
        self,
        name: str,
        input: str | None,
        output: Any | None,
        mcp_data: dict[str, Any] | None = None,
    ) -> None:
        self.name = name
        self.input = input
        self.output = output
        self.mcp_data = mcp_data

    @property
    def type(self) -> str:
        return "function"

    def export(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "name": self.name,
            "input": self.input,
            "output": None if self.output is None else str(self.output),
            "mcp_data": self.mcp_data,
        }


class GenerationSpanData(SpanData):
    """One model call as messages in and out, with the model, its settings and token usage."""

    __slots__ = ("input", "model", "model_config", "output", "usage")

    def __init__(
        self,
        input: Sequence[Mapping[str, Any]] | None = None,
        output: Sequence[Mapping[str, Any]] | None = None,
        model: str | None = None,
        model_config: Mapping[str, Any] | None = None,
        usage: dict[str, Any] | None = None,
    ) -> None:
        self.input = input
        self.output = output
        self.model = model
        self.model_config = model_config
        self.usage = usage

    @property
    def type(self) -> str:
        return "generation"

    def export(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "input": self.input,
            "output": self.output,
            "model": self.model,
            "model_config": self.model_config,
            "usage": self.usage,
        }


class ResponseSpanData(SpanData):
    """One Responses API call; only the response id (and usage) is exported.

    ``input`` is kept for other processors (OpenTelemetry, custom ones); the ingest API never
    receives it.
    """

    __slots__ = ("_load_response", "_response", "_response_id", "input", "usage")

    def __init__(
        self,
        response: Any | None = None,
        input: str | list[Any] | None = None,
        usage: dict[str, Any] | None = None,
    ) -> None:
        self._response = response
        self._load_response: Callable[[], Any] | None = None
        self.input = input
        self.usage = usage
        self._response_id: str | None = None

    @property
    def response(self) -> Any | None:
        """The wire ``Response`` of the call (None until it answered, or when data is excluded)."""
        load = self._load_response
        if load is not None:
            self._response = load()
            self._load_response = None
        return self._response

    @response.setter
    def response(self, value: Any | None) -> None:
        self._response = value
        self._load_response = None

    def _defer_response(self, response_id: str, load: Callable[[], Any]) -> None:
        """Hold the response as ``load()``, called on the first read of ``response`` (if any)."""
        self._response = None
        self._response_id = response_id
        self._load_response = load

    @property
    def type(self) -> str:
        return "response"

    def export(self) -> dict[str, Any]:
        response: _HasId | None = self._response
        return {
            "type": self.type,
            "response_id": self._response_id if response is None else response.id,
            "usage": self.usage,
        }


class HandoffSpanData(SpanData):
    """Control passing from one agent to another."""

    __slots__ = ("from_agent", "to_agent")

    def __init__(self, from_agent: str | None, to_agent: str | None) -> None:
        self.from_agent = from_agent
        self.to_agent = to_agent

    @property
    def type(self) -> str:
        return "handoff"

    def export(self) -> dict[str, Any]:
        return {"type": self.type, "from_agent": self.from_agent, "to_agent": self.to_agent}


class CustomSpanData(SpanData):
    """A user-defined span: a name and a free-form JSON-ready dict."""

    __slots__ = ("data", "name")

    def __init__(self, name: str, data: dict[str, Any]) -> None:
        self.name = name
        self.data = data

    @property
    def type(self) -> str:
        return "custom"

    def export(self) -> dict[str, Any]:
        return {"type": self.type, "name": self.name, "data": self.data}


class GuardrailSpanData(SpanData):
    """One guardrail check and whether its tripwire fired."""

    __slots__ = ("name", "triggered")

    def __init__(self, name: str, triggered: bool = False) -> None:
        self.name = name
        self.triggered = triggered

    @property
    def type(self) -> str:
        return "guardrail"

    def export(self) -> dict[str, Any]:
        return {"type": self.type, "name": self.name, "triggered": self.triggered}


class TranscriptionSpanData(SpanData):
    """Speech to text: base64 audio in, text out."""

    __slots__ = ("input", "input_format", "model", "model_config", "output")

    def __init__(
        self,
        input: str | None = None,
        input_format: str | None = "pcm",
        output: str | None = None,
        model: str | None = None,
        model_config: Mapping[str, Any] | None = None,
    ) -> None:
        self.input = input
        self.input_format = input_format
        self.output = output
        self.model = model
        self.model_config = model_config

    @property
    def type(self) -> str:
        return "transcription"

    def export(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "input": {"data": self.input or "", "format": self.input_format},
            "output": self.output,
            "model": self.model,
            "model_config": self.model_config,
        }


class SpeechSpanData(SpanData):
    """Text to speech: text in, base64 audio out, and when the first audio arrived."""

    __slots__ = ("first_content_at", "input", "model", "model_config", "output", "output_format")

    def __init__(
        self,
        input: str | None = None,
        output: str | None = None,
        output_format: str | None = "pcm",
        model: str | None = None,
        model_config: Mapping[str, Any] | None = None,
        first_content_at: str | None = None,
    ) -> None:
        self.input = input
        self.output = output
        self.output_format = output_format
        self.model = model
        self.model_config = model_config
        self.first_content_at = first_content_at

    @property
    def type(self) -> str:
        return "speech"

    def export(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "input": self.input,
            "output": {"data": self.output or "", "format": self.output_format},
            "model": self.model,
            "model_config": self.model_config,
            "first_content_at": self.first_content_at,
        }


class SpeechGroupSpanData(SpanData):
    """Groups the speech spans produced for one piece of text."""

    __slots__ = ("input",)

    def __init__(self, input: str | None = None) -> None:
        self.input = input

    @property
    def type(self) -> str:
        return "speech_group"

    def export(self) -> dict[str, Any]:
        return {"type": self.type, "input": self.input}


class MCPListToolsSpanData(SpanData):
    """One MCP ``list_tools`` call: the server name and the tool names it returned."""

    __slots__ = ("result", "server")

    def __init__(self, server: str | None = None, result: list[str] | None = None) -> None:
        self.server = server
        self.result = result

    @property
    def type(self) -> str:
        return "mcp_tools"

    def export(self) -> dict[str, Any]:
        return {"type": self.type, "server": self.server, "result": self.result}
