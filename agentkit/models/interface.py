"""The model seam: what the runner asks of an LLM, and how model names are resolved."""

from __future__ import annotations

import abc
import enum
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..agent_output import AgentOutputSchemaBase
    from ..handoffs import Handoff
    from ..items import ModelResponse, TResponseInputItem, TResponseStreamEvent
    from ..model_settings import ModelSettings
    from ..retry import ModelRetryAdvice, ModelRetryAdviceRequest
    from ..tool import Tool
    from ..types.responses import ResponsePromptParam


class ModelTracing(enum.Enum):
    """How much of a model call goes into its tracing span."""

    DISABLED = 0
    """No span at all."""
    ENABLED = 1
    """A span with the call's inputs and outputs."""
    ENABLED_WITHOUT_DATA = 2
    """A span without inputs and outputs."""

    def is_disabled(self) -> bool:
        return self is ModelTracing.DISABLED

    def include_data(self) -> bool:
        return self is ModelTracing.ENABLED


class Model(abc.ABC):
    """An LLM that answers one turn, whole or as a stream of Responses-style events.

    Implementations must give every tool call a non-empty call id; tool outputs refer to it.
    """

    @abc.abstractmethod
    async def get_response(
        self,
        system_instructions: str | None,
        input: str | list[TResponseInputItem],
        model_settings: ModelSettings,
        tools: list[Tool],
        output_schema: AgentOutputSchemaBase | None,
        handoffs: list[Handoff],
        tracing: ModelTracing,
        *,
        previous_response_id: str | None,
        conversation_id: str | None,
        prompt: ResponsePromptParam | None,
    ) -> ModelResponse:
        """Return the model's whole answer to this turn."""

    @abc.abstractmethod
    def stream_response(
        self,
        system_instructions: str | None,
        input: str | list[TResponseInputItem],
        model_settings: ModelSettings,
        tools: list[Tool],
        output_schema: AgentOutputSchemaBase | None,
        handoffs: list[Handoff],
        tracing: ModelTracing,
        *,
        previous_response_id: str | None,
        conversation_id: str | None,
        prompt: ResponsePromptParam | None,
    ) -> AsyncIterator[TResponseStreamEvent]:
        """Yield the answer as Responses streaming events, ending with `response.completed`."""

    def get_retry_advice(self, request: ModelRetryAdviceRequest) -> ModelRetryAdvice | None:
        """This model's reading of a failed call, for runner-managed retries (default: none).

        Override to say whether the provider would retry, after how long, and whether replaying
        the request is safe.
        """
        return None

    async def close(self) -> None:
        """Release connections or other resources the model holds (default: nothing)."""
        return None


class ModelProvider(abc.ABC):
    """Resolves model names to `Model` instances."""

    @abc.abstractmethod
    def get_model(self, model_name: str | None) -> Model:
        """Return the model for `model_name` (`None` means the provider's default)."""

    async def aclose(self) -> None:
        """Release resources the provider holds (default: nothing)."""
        return None
