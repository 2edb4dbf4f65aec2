"""Prompt templates stored on the OpenAI platform (Responses API only)."""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, TypeAlias

from typing_extensions import NotRequired, TypedDict

from .exceptions import UserError
from .run_context import RunContextWrapper
from .util._dataclass import dataclass

if TYPE_CHECKING:
    from .agent import Agent


class Prompt(TypedDict):
    """A stored prompt: its id, optional version, and template variables."""

    id: str
    version: NotRequired[str]
    variables: NotRequired[dict[str, Any]]


@dataclass
class GenerateDynamicPromptData:
    """What a dynamic prompt function receives."""

    context: RunContextWrapper[Any]
    agent: Agent[Any]


DynamicPromptFunction: TypeAlias = Callable[[GenerateDynamicPromptData], Prompt | Awaitable[Prompt]]


class PromptUtil:
    @staticmethod
    async def to_model_input(
        prompt: Prompt | DynamicPromptFunction | None,
        context: RunContextWrapper[Any],
        agent: Agent[Any],
    ) -> dict[str, Any] | None:
        """The `prompt` request parameter for `prompt`, or None."""
        if prompt is None:
            return None
        if isinstance(prompt, dict):
            resolved: Any = prompt
        else:
            resolved = prompt(GenerateDynamicPromptData(context=context, agent=agent))
            if inspect.isawaitable(resolved):
                resolved = await resolved
            if not isinstance(resolved, dict):
                raise UserError("Dynamic prompt function must return a Prompt")
        return {
            "id": resolved["id"],
            "version": resolved.get("version"),
            "variables": resolved.get("variables"),
        }
