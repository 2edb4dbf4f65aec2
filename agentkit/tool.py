"""Tools an agent can use: function tools built from Python callables, and hosted tools."""

from __future__ import annotations

import functools
import importlib
import inspect
import json
import math
import types
import typing
from collections.abc import Awaitable, Callable
from dataclasses import field
from typing import (
    TYPE_CHECKING,
    Any,
    Concatenate,
    Generic,
    Literal,
    Protocol,
    get_type_hints,
    overload,
)

from pydantic import TypeAdapter, ValidationError
from typing_extensions import NotRequired, ParamSpec, Required, TypedDict, TypeVar

from ._tool_features import (
    ToolCaller as ToolCaller,
)
from ._tool_features import (
    ensure_function_tool_supports_responses_only_features as ensure_function_tool_supports_responses_only_features,
)
from ._tool_features import (
    ensure_tool_choice_supports_backend as ensure_tool_choice_supports_backend,
)
from ._tool_features import (
    get_function_tool_responses_only_features as get_function_tool_responses_only_features,
)
from ._tool_features import (
    mark_sdk_generated_output,
    normalize_allowed_callers,
    normalize_output_json_schema,
    resolve_function_tool_output,
    validate_function_tool_output,
)
from ._tool_identity import tool_namespace as tool_namespace
from ._tool_identity import tool_qualified_name
from .computer import AsyncComputer, Computer
from .exceptions import (
    AgentNestingLimitExceeded,
    MCPToolCancellationError,
    ModelBehaviorError,
    ToolInputGuardrailTripwireTriggered,
    ToolOutputGuardrailTripwireTriggered,
    ToolTimeoutError,
    UserError,
)
from .function_schema import (
    DocstringStyle,
    FuncSchema,
    function_schema,
    generate_func_documentation,
)
from .logger import logger
from .run_context import RunContextWrapper
from .strict_schema import _copy_schema, ensure_strict_json_schema
from .tool_context import ToolContext
from .util._dataclass import dataclass
from .util._debug import dont_log_tool_data
from .util._types import MaybeAwaitable

if TYPE_CHECKING:
    from ._apply_patch_tool import (
        ApplyPatchApprovalFunction as ApplyPatchApprovalFunction,
    )
    from ._apply_patch_tool import (
        ApplyPatchOnApprovalFunction as ApplyPatchOnApprovalFunction,
    )
    from ._apply_patch_tool import (
        ApplyPatchOnApprovalFunctionResult as ApplyPatchOnApprovalFunctionResult,
    )
    from ._apply_patch_tool import (
        ApplyPatchTool as ApplyPatchTool,
    )
    from ._computer_lifecycle import (
        dispose_resolved_computers as dispose_resolved_computers,
    )
    from ._computer_lifecycle import (
        resolve_computer as resolve_computer,
    )
    from ._custom_data import (
        ApplyPatchToolCustomDataContext as ApplyPatchToolCustomDataContext,
    )
    from ._custom_data import (
        ApplyPatchToolCustomDataExtractor as ApplyPatchToolCustomDataExtractor,
    )
    from ._custom_data import (
        ComputerToolCustomDataContext as ComputerToolCustomDataContext,
    )
    from ._custom_data import (
        ComputerToolCustomDataExtractor as ComputerToolCustomDataExtractor,
    )
    from ._custom_data import (
        CustomToolCustomDataContext as CustomToolCustomDataContext,
    )
    from ._custom_data import (
        CustomToolCustomDataExtractor as CustomToolCustomDataExtractor,
    )
    from ._custom_data import (
        FunctionToolCustomDataContext as FunctionToolCustomDataContext,
    )
    from ._custom_data import (
        FunctionToolCustomDataExtractor as FunctionToolCustomDataExtractor,
    )
    from ._custom_tool import (
        CustomTool as CustomTool,
    )
    from ._custom_tool import (
        CustomToolApprovalFunction as CustomToolApprovalFunction,
    )
    from ._custom_tool import (
        CustomToolExecutor as CustomToolExecutor,
    )
    from ._custom_tool import (
        CustomToolOnApprovalFunction as CustomToolOnApprovalFunction,
    )
    from ._custom_tool import (
        CustomToolOnApprovalFunctionResult as CustomToolOnApprovalFunctionResult,
    )
    from ._shell_tool import (
        ShellActionRequest as ShellActionRequest,
    )
    from ._shell_tool import (
        ShellApprovalFunction as ShellApprovalFunction,
    )
    from ._shell_tool import (
        ShellCallData as ShellCallData,
    )
    from ._shell_tool import (
        ShellCallOutcome as ShellCallOutcome,
    )
    from ._shell_tool import (
        ShellCommandOutput as ShellCommandOutput,
    )
    from ._shell_tool import (
        ShellCommandRequest as ShellCommandRequest,
    )
    from ._shell_tool import (
        ShellExecutor as ShellExecutor,
    )
    from ._shell_tool import (
        ShellOnApprovalFunction as ShellOnApprovalFunction,
    )
    from ._shell_tool import (
        ShellOnApprovalFunctionResult as ShellOnApprovalFunctionResult,
    )
    from ._shell_tool import (
        ShellResult as ShellResult,
    )
    from ._shell_tool import (
        ShellTool as ShellTool,
    )
    from ._shell_tool import (
        ShellToolContainerAutoEnvironment as ShellToolContainerAutoEnvironment,
    )
    from ._shell_tool import (
        ShellToolContainerNetworkPolicy as ShellToolContainerNetworkPolicy,
    )
    from ._shell_tool import (
        ShellToolContainerNetworkPolicyAllowlist as ShellToolContainerNetworkPolicyAllowlist,
    )
    from ._shell_tool import (
        ShellToolContainerNetworkPolicyDisabled as ShellToolContainerNetworkPolicyDisabled,
    )
    from ._shell_tool import (
        ShellToolContainerNetworkPolicyDomainSecret as ShellToolContainerNetworkPolicyDomainSecret,
    )
    from ._shell_tool import (
        ShellToolContainerReferenceEnvironment as ShellToolContainerReferenceEnvironment,
    )
    from ._shell_tool import (
        ShellToolContainerSkill as ShellToolContainerSkill,
    )
    from ._shell_tool import (
        ShellToolEnvironment as ShellToolEnvironment,
    )
    from ._shell_tool import (
        ShellToolHostedEnvironment as ShellToolHostedEnvironment,
    )
    from ._shell_tool import (
        ShellToolInlineSkill as ShellToolInlineSkill,
    )
    from ._shell_tool import (
        ShellToolInlineSkillSource as ShellToolInlineSkillSource,
    )
    from ._shell_tool import (
        ShellToolLocalEnvironment as ShellToolLocalEnvironment,
    )
    from ._shell_tool import (
        ShellToolLocalSkill as ShellToolLocalSkill,
    )
    from ._shell_tool import (
        ShellToolSkillReference as ShellToolSkillReference,
    )
    from ._tool_output import ToolOutputFileContent as ToolOutputFileContent
    from ._tool_output import ToolOutputFileContentDict as ToolOutputFileContentDict
    from ._tool_output import ToolOutputImage as ToolOutputImage
    from ._tool_output import ToolOutputImageDict as ToolOutputImageDict
    from ._tool_output import ToolOutputText as ToolOutputText
    from ._tool_output import ToolOutputTextDict as ToolOutputTextDict
    from ._tool_output import ValidToolOutputPydanticModels as ValidToolOutputPydanticModels
    from ._tool_output import _convert_tool_output as _convert_tool_output
    from ._tool_search import (
        ProgrammaticToolCallingTool as ProgrammaticToolCallingTool,
    )
    from ._tool_search import (
        ToolSearchTool as ToolSearchTool,
    )
    from ._tool_search import (
        has_required_tool_search_surface as has_required_tool_search_surface,
    )
    from ._tool_search import (
        has_responses_tool_search_surface as has_responses_tool_search_surface,
    )
    from ._tool_search import (
        is_required_tool_search_surface as is_required_tool_search_surface,
    )
    from ._tool_search import (
        is_responses_tool_search_surface as is_responses_tool_search_surface,
    )
    from ._tool_search import (
        prune_orphaned_tool_search_tools as prune_orphaned_tool_search_tools,
    )
    from ._tool_search import (
        validate_responses_programmatic_tool_calling_configuration as validate_responses_programmatic_tool_calling_configuration,
    )
    from ._tool_search import (
        validate_responses_tool_search_configuration as validate_responses_tool_search_configuration,
    )
    from .agent import Agent, AgentBase
    from .items import RunItem
    from .tool_guardrails import (
        ToolInputGuardrail as ToolInputGuardrail,
    )
    from .tool_guardrails import (
        ToolInputGuardrailData as ToolInputGuardrailData,
    )
    from .tool_guardrails import (
        ToolInputGuardrailResult as ToolInputGuardrailResult,
    )
    from .tool_guardrails import (
        ToolOutputGuardrail as ToolOutputGuardrail,
    )
    from .tool_guardrails import (
        ToolOutputGuardrailData as ToolOutputGuardrailData,
    )
    from .tool_guardrails import (
        ToolOutputGuardrailResult as ToolOutputGuardrailResult,
    )
    from .types.responses import (
        LocalShellCall,
        McpApprovalRequest,
        PendingSafetyCheck,
        ResponseComputerToolCall,
        WebSearchToolFilters,
    )

# Re-exported names a plain function-tool run never needs, loaded on first access (PEP 562,
# `__getattr__` below): the structured tool outputs (pydantic models), the other tool kinds,
# their custom-data hooks and the tool guardrails cost dozens of classes that
# `from agentkit import Agent, Runner, function_tool` would otherwise create. Each resolves to
# the defining module's object.
_LAZY_EXPORTS: dict[str, str] = {
    "ToolOutputFileContent": "._tool_output",
    "ToolOutputFileContentDict": "._tool_output",
    "ToolOutputImage": "._tool_output",
    "ToolOutputImageDict": "._tool_output",
    "ToolOutputText": "._tool_output",
    "ToolOutputTextDict": "._tool_output",
    "ValidToolOutputPydanticModels": "._tool_output",
    "_convert_tool_output": "._tool_output",
    "ApplyPatchApprovalFunction": "._apply_patch_tool",
    "ApplyPatchOnApprovalFunction": "._apply_patch_tool",
    "ApplyPatchOnApprovalFunctionResult": "._apply_patch_tool",
    "ApplyPatchTool": "._apply_patch_tool",
    "dispose_resolved_computers": "._computer_lifecycle",
    "resolve_computer": "._computer_lifecycle",
    "ApplyPatchToolCustomDataContext": "._custom_data",
    "ApplyPatchToolCustomDataExtractor": "._custom_data",
    "ComputerToolCustomDataContext": "._custom_data",
    "ComputerToolCustomDataExtractor": "._custom_data",
    "CustomToolCustomDataContext": "._custom_data",
    "CustomToolCustomDataExtractor": "._custom_data",
    "FunctionToolCustomDataContext": "._custom_data",
    "FunctionToolCustomDataExtractor": "._custom_data",
    "CustomTool": "._custom_tool",
    "CustomToolApprovalFunction": "._custom_tool",
    "CustomToolExecutor": "._custom_tool",
    "CustomToolOnApprovalFunction": "._custom_tool",
    "CustomToolOnApprovalFunctionResult": "._custom_tool",
    "ShellActionRequest": "._shell_tool",
    "ShellApprovalFunction": "._shell_tool",
    "ShellCallData": "._shell_tool",
    "ShellCallOutcome": "._shell_tool",
    "ShellCommandOutput": "._shell_tool",
    "ShellCommandRequest": "._shell_tool",
    "ShellExecutor": "._shell_tool",
    "ShellOnApprovalFunction": "._shell_tool",
    "ShellOnApprovalFunctionResult": "._shell_tool",
    "ShellResult": "._shell_tool",
    "ShellTool": "._shell_tool",
    "ShellToolContainerAutoEnvironment": "._shell_tool",
    "ShellToolContainerNetworkPolicy": "._shell_tool",
    "ShellToolContainerNetworkPolicyAllowlist": "._shell_tool",
    "ShellToolContainerNetworkPolicyDisabled": "._shell_tool",
    "ShellToolContainerNetworkPolicyDomainSecret": "._shell_tool",
    "ShellToolContainerReferenceEnvironment": "._shell_tool",
    "ShellToolContainerSkill": "._shell_tool",
    "ShellToolEnvironment": "._shell_tool",
    "ShellToolHostedEnvironment": "._shell_tool",
    "ShellToolInlineSkill": "._shell_tool",
    "ShellToolInlineSkillSource": "._shell_tool",
    "ShellToolLocalEnvironment": "._shell_tool",
    "ShellToolLocalSkill": "._shell_tool",
    "ShellToolSkillReference": "._shell_tool",
    "ProgrammaticToolCallingTool": "._tool_search",
    "ToolSearchTool": "._tool_search",
    "has_required_tool_search_surface": "._tool_search",
    "has_responses_tool_search_surface": "._tool_search",
    "is_required_tool_search_surface": "._tool_search",
    "is_responses_tool_search_surface": "._tool_search",
    "prune_orphaned_tool_search_tools": "._tool_search",
    "validate_responses_programmatic_tool_calling_configuration": "._tool_search",
    "validate_responses_tool_search_configuration": "._tool_search",
    "ToolInputGuardrail": ".tool_guardrails",
    "ToolInputGuardrailData": ".tool_guardrails",
    "ToolInputGuardrailResult": ".tool_guardrails",
    "ToolOutputGuardrail": ".tool_guardrails",
    "ToolOutputGuardrailData": ".tool_guardrails",
    "ToolOutputGuardrailResult": ".tool_guardrails",
}

__all__ = [
    "ApplyPatchApprovalFunction",
    "ApplyPatchOnApprovalFunction",
    "ApplyPatchOnApprovalFunctionResult",
    "ApplyPatchTool",
    "CodeInterpreterTool",
    "ComputerConfig",
    "ComputerCreate",
    "ComputerDispose",
    "ComputerProvider",
    "ComputerTool",
    "ComputerToolSafetyCheckData",
    "FileSearchTool",
    "FunctionTool",
    "FunctionToolResult",
    "HostedMCPTool",
    "ImageGenerationTool",
    "LocalShellCommandRequest",
    "LocalShellExecutor",
    "LocalShellTool",
    "MCPToolApprovalFunction",
    "MCPToolApprovalFunctionResult",
    "MCPToolApprovalRequest",
    "ShellActionRequest",
    "ShellApprovalFunction",
    "ShellCallData",
    "ShellCallOutcome",
    "ShellCommandOutput",
    "ShellCommandRequest",
    "ShellExecutor",
    "ShellOnApprovalFunction",
    "ShellOnApprovalFunctionResult",
    "ShellResult",
    "ShellTool",
    "ShellToolContainerAutoEnvironment",
    "ShellToolContainerNetworkPolicy",
    "ShellToolContainerNetworkPolicyAllowlist",
    "ShellToolContainerNetworkPolicyDisabled",
    "ShellToolContainerNetworkPolicyDomainSecret",
    "ShellToolContainerReferenceEnvironment",
    "ShellToolContainerSkill",
    "ShellToolEnvironment",
    "ShellToolHostedEnvironment",
    "ShellToolInlineSkill",
    "ShellToolInlineSkillSource",
    "ShellToolLocalEnvironment",
    "ShellToolLocalSkill",
    "ShellToolSkillReference",
    "Tool",
    "ToolErrorFunction",
    "ToolFunction",
    "ToolFunctionWithContext",
    "ToolFunctionWithToolContext",
    "ToolFunctionWithoutContext",
    "ToolOutputFileContent",
    "ToolOutputFileContentDict",
    "ToolOutputImage",
    "ToolOutputImageDict",
    "ToolOutputText",
    "ToolOutputTextDict",
    "ToolTimeoutBehavior",
    "WebSearchTool",
    "default_tool_error_function",
    "default_tool_timeout_error_message",
    "dispose_resolved_computers",
    "function_tool",
    "invoke_function_tool",
    "resolve_computer",
]

ToolParams = ParamSpec("ToolParams")
ToolFunctionWithoutContext = Callable[ToolParams, Any]
ToolFunctionWithContext = Callable[Concatenate[RunContextWrapper[Any], ToolParams], Any]
ToolFunctionWithToolContext = Callable[Concatenate[ToolContext[Any], ToolParams], Any]
ToolFunction = (
    ToolFunctionWithoutContext[ToolParams]
    | ToolFunctionWithContext[ToolParams]
    | ToolFunctionWithToolContext[ToolParams]
)

ToolTimeoutBehavior = Literal["error_as_result", "raise_exception"]
ToolErrorFunction = Callable[[RunContextWrapper[Any], Exception], MaybeAwaitable[str]]
ToolApprovalFunction = Callable[[RunContextWrapper[Any], dict[str, Any], str], MaybeAwaitable[bool]]
"""`(context, params, call_id) -> bool`: whether one call needs a person's approval."""
"""Builds the message sent to the model when a tool fails: `(context, error) -> str`."""

_TIMEOUT_BEHAVIORS: tuple[ToolTimeoutBehavior, ...] = ("error_as_result", "raise_exception")
# Distinguishes "not passed" (use the default formatter) from an explicit None (re-raise).
_UNSET: Any = object()
_INVALID: Any = object()


@dataclass
class ToolsToFinalOutputResult:
    """What a custom `tool_use_behavior` function decides."""

    is_final_output: bool
    """True ends the run with `final_output`; False lets the model see the tool results."""
    final_output: Any | None = None
    """The final output (must fit the agent's `output_type`) when `is_final_output` is True."""


# --- Function tools ------------------------------------------------------------------------------


@dataclass
class FunctionToolResult:
    """A function tool call that ran: the tool, its output and the item recorded for it."""

    tool: FunctionTool
    output: Any
    run_item: RunItem | None
    """None when the run was interrupted before an output item existed."""
    interruptions: list[Any] = field(default_factory=list)
    """Interruptions raised by a nested agent run (agents used as tools)."""
    agent_run_result: Any = None
    """The nested `RunResult`, for agents used as tools."""


@dataclass
class FunctionTool:
    """A tool backed by a Python callable. `function_tool` is the usual way to build one."""

    name: str
    """The tool's name as the model sees it."""
    description: str
    """The tool's description as the model sees it."""
    params_json_schema: dict[str, Any]
    """The JSON schema of the arguments (made strict in `__post_init__` when strict)."""
    on_invoke_tool: Callable[[ToolContext[Any], str], Awaitable[Any]]
    """`async (ToolContext, arguments_json) -> output`. The output may be a str, a
    `ToolOutputText`/`ToolOutputImage`/`ToolOutputFileContent`, a list of those, or anything
    `str()` can render. Raising fails the run; return an error string to tell the model instead.
    """
    strict_json_schema: bool = True
    """Whether the schema is strict. Strongly recommended: the model then always sends valid JSON."""
    is_enabled: bool | Callable[[RunContextWrapper[Any], AgentBase[Any]], MaybeAwaitable[bool]] = (
        True
    )
    """A bool, or `(context, agent) -> bool` evaluated each turn; disabled tools are not sent."""
    tool_input_guardrails: list[ToolInputGuardrail[Any]] | None = None
    """Checks run before each invocation."""
    tool_output_guardrails: list[ToolOutputGuardrail[Any]] | None = None
    """Checks run on each output."""
    timeout_seconds: float | None = None
    """Per-invocation time limit (async tools only)."""
    timeout_behavior: ToolTimeoutBehavior = "error_as_result"
    """On timeout: `"error_as_result"` tells the model; `"raise_exception"` raises
    `ToolTimeoutError` and fails the run."""
    timeout_error_function: ToolErrorFunction | None = None
    """Builds the timeout message for `"error_as_result"`; the default names tool and limit."""
    needs_approval: bool | ToolApprovalFunction = False
    """Whether a call pauses the run for a person's approval: a bool, or
    `(context, params, call_id) -> bool` (sync or async). A callable never sees arguments it
    cannot inspect (missing, empty, malformed, non-object JSON, NaN/Infinity): such a call
    always needs approval."""

    defer_loading: bool = False
    """Hide the definition from the model until `ToolSearchTool` loads it (Responses only)."""
    custom_data_extractor: FunctionToolCustomDataExtractor | None = field(
        default=None, kw_only=True
    )
    """Attaches SDK-only data (never sent to the model) to the tool's output item."""
    allowed_callers: list[ToolCaller] | None = field(default=None, kw_only=True)
    """Who may call the tool on OpenAI Responses models: `"direct"`, `"programmatic"`, or both."""
    output_json_schema: dict[str, Any] | None = field(default=None, kw_only=True)
    """JSON schema of the tool's output (an object), sent as `output_schema` (Responses only)."""
    _output_type_adapter: TypeAdapter[Any] | None = field(default=None, kw_only=True, repr=False)
    """Validates and serializes the output of a tool built with `output_type`."""
    _tool_namespace: str | None = field(default=None, kw_only=True, repr=False)
    """Set by `tool_namespace()`."""
    _tool_namespace_description: str | None = field(default=None, kw_only=True, repr=False)
    _agent_tool_default_identity: tuple[str, str] | None = field(
        default=None, kw_only=True, repr=False
    )
    """(agent name, derived tool name) for an agent tool named after its agent."""
    _is_agent_tool: bool = field(default=False, kw_only=True, repr=False)
    """Set by `Agent.as_tool`."""
    _agent_instance: Any = field(default=None, kw_only=True, repr=False)
    """The agent behind an agent tool."""
    _is_sync_function: bool = field(default=False, kw_only=True, repr=False)
    """Set by `function_tool` when the wrapped callable is synchronous."""

    @property
    def qualified_name(self) -> str:
        """`namespace.name` for a tool inside `tool_namespace()`, else its name."""
        return tool_qualified_name(self.name, self._tool_namespace) or self.name

    def __post_init__(self) -> None:
        self.allowed_callers = normalize_allowed_callers(
            self.allowed_callers, tool_name=self.qualified_name
        )
        if self.output_json_schema is not None:
            self.output_json_schema = normalize_output_json_schema(self.output_json_schema)
        if self.strict_json_schema:
            self.params_json_schema = ensure_strict_json_schema(
                _copy_schema(self.params_json_schema)
            )
        self._check_timeout_config()
        if not isinstance(self.needs_approval, bool) and not callable(self.needs_approval):
            raise UserError(
                "FunctionTool needs_approval must be a bool or a callable "
                f"(context, params, call_id) -> bool, got {type(self.needs_approval).__name__}."
            )

    def _check_timeout_config(self) -> None:
        timeout = self.timeout_seconds
        if timeout is not None:
            if isinstance(timeout, bool) or not isinstance(timeout, int | float):
                raise TypeError(
                    "FunctionTool timeout_seconds must be a positive number in seconds or None."
                )
            if not math.isfinite(timeout):
                raise ValueError("FunctionTool timeout_seconds must be a finite number.")
            if timeout <= 0:
                raise ValueError("FunctionTool timeout_seconds must be greater than 0.")
            if self._is_sync_function:
                # A thread cannot be cancelled, so a timeout could not actually stop the call.
                raise ValueError(
                    "FunctionTool timeout_seconds is only supported for async @function_tool"
                    " handlers."
                )
            self.timeout_seconds = float(timeout)
        if self.timeout_behavior not in _TIMEOUT_BEHAVIORS:
            raise ValueError(
                "FunctionTool timeout_behavior must be one of: " + ", ".join(_TIMEOUT_BEHAVIORS)
            )
        if self.timeout_error_function is not None and not callable(self.timeout_error_function):
            raise TypeError("FunctionTool timeout_error_function must be callable or None.")


def default_tool_error_function(ctx: RunContextWrapper[Any], error: Exception) -> str:
    """The default message sent to the model when a tool fails.

    It is deliberately generic, so exception text never reaches the model; pass your own
    `failure_error_function` to share details you have vetted.
    """
    return "An error occurred while running the tool. Please try again."


def default_tool_timeout_error_message(*, tool_name: str, timeout_seconds: float) -> str:
    """The default message sent to the model when a tool times out."""
    return f"Tool '{tool_name}' timed out after {timeout_seconds:g} seconds."


def _parse_arguments(tool_name: str, input_json: str) -> dict[str, Any]:
    base = f"Invalid JSON input for tool {tool_name}"
    try:
        parsed = json.loads(input_json) if input_json else {}
    # RecursionError: JSON nested deeper than the interpreter's recursion limit.
    except (ValueError, RecursionError) as e:
        if not dont_log_tool_data():
            raise ModelBehaviorError(f"{base}: {input_json}") from e
        parsed = _INVALID
    if parsed is _INVALID:
        # Raised outside the except block: the JSONDecodeError holds the raw arguments.
        raise ModelBehaviorError(base)
    if not isinstance(parsed, dict):
        raise ModelBehaviorError(f"{base}: expected a JSON object")
    return parsed


def _report_handled_error(
    tool: FunctionTool,
    error: Exception,
    input_json: str,
    context: ToolContext[Any],
    failure_error_function: ToolErrorFunction,
) -> None:
    """Record a tool failure that was turned into a message for the model."""
    # The default formatter hides the error from the model, so hide it from traces too.
    sensitive_ok = (
        getattr(context.run_config, "trace_include_sensitive_data", True)
        and failure_error_function is not default_tool_error_function
    )
    is_json_error = (
        isinstance(error, ModelBehaviorError)
        and str(error).startswith("Invalid JSON input for tool")
        and isinstance(error.__cause__, json.JSONDecodeError)
    )
    if sensitive_ok and is_json_error:
        message, detail = "Error running tool", str(error.__cause__)
    else:
        message = "Error running tool (non-fatal)"
        detail = (
            str(error) if sensitive_ok else "Tool execution failed. Error details are redacted."
        )
    # Imported here: the tracing package is not needed until a tool fails (or a run starts).
    from .tracing.spans import SpanError
    from .util._error_tracing import attach_error_to_current_span

    attach_error_to_current_span(
        SpanError(message=message, data={"tool_name": tool.name, "error": detail})
    )
    if dont_log_tool_data():
        logger.debug("Tool %s failed", tool.name)
    else:
        logger.error("Tool %s failed: %s %s", tool.name, input_json, error, exc_info=error)


async def _apply_run_error_formatter(ctx: ToolContext[Any], error: Exception, default: Any) -> Any:
    """Let `RunConfig.tool_error_formatter` reword the default failure message.

    Only the default message is offered to it: a tool's own `failure_error_function` wins.
    """
    formatter = getattr(ctx.run_config, "tool_error_formatter", None)
    if formatter is None or isinstance(error, MCPToolCancellationError):
        return default
    from .run_config import ToolErrorFormatterArgs

    try:
        message = formatter(
            ToolErrorFormatterArgs(
                kind="tool_exception",
                tool_type="function",
                tool_name=ctx.qualified_tool_name,
                call_id=ctx.tool_call_id,
                default_message=default,
                run_context=ctx,
                error=error,
            )
        )
        if inspect.isawaitable(message):
            message = await message
    except Exception as formatter_error:
        logger.warning("Tool error formatter failed: %s", type(formatter_error).__name__)
        return default
    if isinstance(message, str):
        return message
    if message is not None:
        logger.warning("Tool error formatter returned a non-string value")
    return default


DEFAULT_APPROVAL_REJECTION_MESSAGE = "Tool execution was not approved."
"""What the model is told about a rejected call when no message or formatter gives another."""

_TOOL_NAME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-")


def _plain_call_method(func: Any) -> tuple[type[Any], types.FunctionType]:
    """The class defining `func`'s `__call__`, and that plain function; UserError for wrappers,
    partial-like objects, decorated or generic `__call__`s."""
    missing = object()
    instance_vars = getattr(func, "__dict__", {})
    if (
        inspect.getattr_static(func, "__wrapped__", missing) is not missing
        or inspect.getattr_static(func, "__signature__", missing) is not missing
        or "__annotations__" in instance_vars
    ):
        raise UserError(
            "Unsupported callable wrapper: function_tool only infers plain callable instances. "
            "Use an explicit wrapper function."
        )
    owner = next((c for c in type(func).__mro__ if "__call__" in c.__dict__), None)
    call = owner.__dict__["__call__"] if owner is not None else None
    if not isinstance(call, types.FunctionType) or hasattr(call, "__wrapped__"):
        raise UserError(
            "Unsupported callable object: function_tool supports instances with a plain "
            "__call__ method. Use an explicit wrapper function for partials, decorated methods, "
            "built-in callables, or custom descriptors."
        )
    assert owner is not None
    if getattr(owner, "__parameters__", ()):
        raise UserError(
            "Unsupported generic callable object: use an explicit wrapper function with concrete "
            "parameter and return annotations."
        )
    return owner, call


def _call_hints(bound: Any, owner: type[Any]) -> dict[str, Any]:
    """The resolved annotations of a bound `__call__` (UserError when unresolvable or generic)."""
    try:
        hints = get_type_hints(
            bound, localns={**vars(owner), owner.__name__: owner}, include_extras=True
        )
    except (NameError, TypeError) as e:
        raise UserError(
            "Unsupported callable object annotations: use an explicit wrapper function with "
            "annotations resolvable from its module."
        ) from e
    if any(isinstance(h, typing.TypeVar) for h in hints.values()):
        raise UserError(
            "Unsupported generic or aliased callable object annotations: use an explicit wrapper "
            "function with concrete parameter and return annotations."
        )
    return hints


def _forwarding_function(bound: Any) -> Any:
    """A plain (sync or async) function calling `bound`."""
    adapter: Any
    if inspect.iscoroutinefunction(bound):

        async def adapter(*args: Any, **kwargs: Any) -> Any:
            return await bound(*args, **kwargs)

    else:

        def adapter(*args: Any, **kwargs: Any) -> Any:
            return bound(*args, **kwargs)

    return adapter


def _adapt_callable(
    func: Any, docstring_style: DocstringStyle | None, name_override: str | None
) -> tuple[Any, str | None]:
    """Accept functions as they are, and plain callable instances through a wrapper function.

    For an instance, the tool is named after its class, takes the signature and docstring of
    `__call__`, and, when both the class and `__call__` have docstrings, the class docstring's
    description. Returns (function to inspect and call, description from the class or None).
    """
    if isinstance(func, functools.partial):
        raise UserError(
            "Unsupported callable object: function_tool does not infer functools.partial "
            "contracts. Use an explicit wrapper function."
        )
    if inspect.isroutine(func) or inspect.isclass(func):
        return func, None
    owner, call = _plain_call_method(func)
    bound = call.__get__(func, type(func))
    hints = _call_hints(bound, owner)
    adapter = _forwarding_function(bound)

    class_name = type(func).__name__
    if not name_override and not (
        1 <= len(class_name) <= 64 and set(class_name) <= _TOOL_NAME_CHARS
    ):
        raise UserError(
            f"Cannot derive a function tool name from callable class {class_name!r}. Generated "
            "names must contain only ASCII letters, digits, underscores, or hyphens and be at "
            "most 64 characters. Pass name_override to function_tool()."
        )
    signature = inspect.signature(bound)
    adapter.__name__ = class_name
    adapter.__signature__ = signature
    adapter.__annotations__ = {
        k: v for k, v in hints.items() if k == "return" or k in signature.parameters
    }
    class_doc = inspect.getdoc(type(func))
    call_doc = inspect.cleandoc(call.__doc__) if call.__doc__ else None
    adapter.__doc__ = call_doc or class_doc
    class_description = None
    if class_doc and call_doc:
        class_description = generate_func_documentation(type(func), docstring_style).description
    return adapter, class_description


async def _call_tool_function(
    the_func: Any, schema: FuncSchema, is_async: bool, ctx: ToolContext[Any], input_json: str
) -> Any:
    """Validate the model's arguments against the schema and call the function with them."""
    tool_name = ctx.tool_name
    data = _parse_arguments(tool_name, input_json)
    parsed = None
    try:
        parsed = schema.params_pydantic_model(**data)
    except ValidationError as e:
        if not dont_log_tool_data():
            raise ModelBehaviorError(f"Invalid JSON input for tool {tool_name}: {e}") from e
    if parsed is None:
        # Outside the except block: pydantic's error quotes the arguments.
        raise ModelBehaviorError(f"Invalid JSON input for tool {tool_name}")
    args, kwargs = schema.to_call_args(parsed)
    if dont_log_tool_data():
        logger.debug("Invoking tool %s", tool_name)
    else:
        logger.debug("Invoking tool %s with input %s", tool_name, input_json)
    if schema.takes_context:
        args = [ctx, *args]
    if is_async:
        return await the_func(*args, **kwargs)
    import asyncio  # the API import does not load asyncio

    # to_thread copies contextvars, so tracing spans and the like stay visible.
    return await asyncio.to_thread(the_func, *args, **kwargs)


def _is_nesting_limit(error: Exception) -> bool:
    """The nesting limit ends the whole run: it is never turned into a message for the model,
    which would only call the tool again."""
    return isinstance(error, AgentNestingLimitExceeded)


def _make_function_tool(
    the_func: Any,
    schema: FuncSchema,
    failure_error_function: ToolErrorFunction | None,
    **fields: Any,
) -> FunctionTool:
    """The `FunctionTool` calling `the_func`; a failure becomes the error function's message
    (`failure_error_function`: `_UNSET` for the default, None to re-raise)."""
    is_async = inspect.iscoroutinefunction(the_func)
    output_type, declared_schema = fields.pop("output", (None, None))
    allowed_callers = normalize_allowed_callers(
        fields.get("allowed_callers"), tool_name=schema.name
    )
    output_json_schema, output_adapter = resolve_function_tool_output(
        return_annotation=_return_annotation(the_func),
        allowed_callers=allowed_callers,
        output_type=output_type,
        output_json_schema=declared_schema,
    )
    error_function: ToolErrorFunction | None = (
        default_tool_error_function if failure_error_function is _UNSET else failure_error_function
    )

    async def on_invoke_tool(ctx: ToolContext[Any], input_json: str) -> Any:
        try:
            result = await _call_tool_function(the_func, schema, is_async, ctx, input_json)
            return validate_function_tool_output(
                tool_name=schema.name, output=result, output_type_adapter=output_adapter
            )
        except Exception as e:
            if error_function is None or _is_nesting_limit(e):
                raise
            result = error_function(ctx, e)
            if inspect.isawaitable(result):
                result = await result
            if failure_error_function is _UNSET:
                result = await _apply_run_error_formatter(ctx, e, result)
                mark_sdk_generated_output(ctx)
            _report_handled_error(tool, e, input_json, ctx, error_function)
            return result

    tool = FunctionTool(
        name=schema.name,
        description=schema.description or "",
        params_json_schema=schema.params_json_schema,
        on_invoke_tool=on_invoke_tool,
        _is_sync_function=not is_async,
        output_json_schema=output_json_schema,
        _output_type_adapter=output_adapter,
        **fields,
    )
    return tool


def _return_annotation(func: Any) -> Any:
    """The function's resolved return annotation (`inspect.Signature.empty` when it has none)."""
    try:
        return get_type_hints(func, include_extras=True).get("return", inspect.Signature.empty)
    except Exception:
        return inspect.signature(func).return_annotation


def __getattr__(name: str) -> Any:
    # Built on first use rather than at import (a pydantic TypeAdapter is not free).
    if name == "ValidToolOutputPydanticModelsTypeAdapter":
        from ._tool_output import _tool_output_adapter

        return _tool_output_adapter()
    if name == "Tool":
        value = _tool_union()
    elif name in _LAZY_EXPORTS:
        value = getattr(importlib.import_module(_LAZY_EXPORTS[name], __package__), name)
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value  # later lookups skip __getattr__
    return value


@overload
def function_tool(
    func: ToolFunction[...],
    *,
    name_override: str | None = None,
    description_override: str | None = None,
    docstring_style: DocstringStyle | None = None,
    use_docstring_info: bool = True,
    failure_error_function: ToolErrorFunction | None = None,
    strict_mode: bool = True,
    is_enabled: bool
    | Callable[[RunContextWrapper[Any], AgentBase[Any]], MaybeAwaitable[bool]] = True,
    tool_input_guardrails: list[ToolInputGuardrail[Any]] | None = None,
    tool_output_guardrails: list[ToolOutputGuardrail[Any]] | None = None,
    timeout: float | None = None,
    timeout_behavior: ToolTimeoutBehavior = "error_as_result",
    timeout_error_function: ToolErrorFunction | None = None,
    needs_approval: bool | ToolApprovalFunction = False,
    defer_loading: bool = False,
    custom_data_extractor: FunctionToolCustomDataExtractor | None = None,
    allowed_callers: list[ToolCaller] | None = None,
    output_type: Any | None = None,
    output_json_schema: dict[str, Any] | None = None,
) -> FunctionTool: ...


@overload
def function_tool(
    *,
    name_override: str | None = None,
    description_override: str | None = None,
    docstring_style: DocstringStyle | None = None,
    use_docstring_info: bool = True,
    failure_error_function: ToolErrorFunction | None = None,
    strict_mode: bool = True,
    is_enabled: bool
    | Callable[[RunContextWrapper[Any], AgentBase[Any]], MaybeAwaitable[bool]] = True,
    tool_input_guardrails: list[ToolInputGuardrail[Any]] | None = None,
    tool_output_guardrails: list[ToolOutputGuardrail[Any]] | None = None,
    timeout: float | None = None,
    timeout_behavior: ToolTimeoutBehavior = "error_as_result",
    timeout_error_function: ToolErrorFunction | None = None,
    needs_approval: bool | ToolApprovalFunction = False,
    defer_loading: bool = False,
    custom_data_extractor: FunctionToolCustomDataExtractor | None = None,
    allowed_callers: list[ToolCaller] | None = None,
    output_type: Any | None = None,
    output_json_schema: dict[str, Any] | None = None,
) -> Callable[[ToolFunction[...]], FunctionTool]: ...


def function_tool(
    func: ToolFunction[...] | None = None,
    *,
    name_override: str | None = None,
    description_override: str | None = None,
    docstring_style: DocstringStyle | None = None,
    use_docstring_info: bool = True,
    failure_error_function: ToolErrorFunction | None = _UNSET,
    strict_mode: bool = True,
    is_enabled: bool
    | Callable[[RunContextWrapper[Any], AgentBase[Any]], MaybeAwaitable[bool]] = True,
    tool_input_guardrails: list[ToolInputGuardrail[Any]] | None = None,
    tool_output_guardrails: list[ToolOutputGuardrail[Any]] | None = None,
    timeout: float | None = None,
    timeout_behavior: ToolTimeoutBehavior = "error_as_result",
    timeout_error_function: ToolErrorFunction | None = None,
    needs_approval: bool | ToolApprovalFunction = False,
    defer_loading: bool = False,
    custom_data_extractor: FunctionToolCustomDataExtractor | None = None,
    allowed_callers: list[ToolCaller] | None = None,
    output_type: Any | None = None,
    output_json_schema: dict[str, Any] | None = None,
) -> FunctionTool | Callable[[ToolFunction[...]], FunctionTool]:
    """Turn a function into a `FunctionTool`; use as `@function_tool` or `@function_tool(...)`.

    The schema comes from the signature (see `function_schema`), the description and argument
    descriptions from the docstring. A first parameter typed `RunContextWrapper`/`ToolContext`
    receives the context; its type must match the agent's context type. Sync functions run in a
    worker thread so they do not block other tool calls; async functions are awaited.

    Args:
        failure_error_function: builds the message sent to the model when the tool raises
            (including invalid arguments from the model). Defaults to
            `default_tool_error_function`; `None` re-raises the exception instead.
        strict_mode: strict JSON schema (strongly recommended); False makes defaults optional.
        is_enabled: bool or `(context, agent) -> bool`; disabled tools are hidden from the model.
        timeout: seconds allowed per call (async functions only); see `timeout_behavior` and
            `timeout_error_function`.
        needs_approval: a bool, or `(context, params, call_id) -> bool` (sync or async);
            a call that needs approval pauses the run until it is approved or rejected.
        The Responses-only options (`defer_loading`, `allowed_callers`, `output_type`, ...) are
            described on the `FunctionTool` fields.
    """

    def build(the_func: ToolFunction[...]) -> FunctionTool:
        the_func, class_description = _adapt_callable(the_func, docstring_style, name_override)
        schema = function_schema(
            func=the_func,
            name_override=name_override,
            description_override=description_override
            or (class_description if use_docstring_info else None),
            docstring_style=docstring_style,
            use_docstring_info=use_docstring_info,
            strict_json_schema=strict_mode,
        )
        return _make_function_tool(
            the_func,
            schema,
            failure_error_function,
            strict_json_schema=strict_mode,
            is_enabled=is_enabled,
            tool_input_guardrails=tool_input_guardrails,
            tool_output_guardrails=tool_output_guardrails,
            timeout_seconds=timeout,
            timeout_behavior=timeout_behavior,
            timeout_error_function=timeout_error_function,
            needs_approval=needs_approval,
            defer_loading=defer_loading,
            custom_data_extractor=custom_data_extractor,
            allowed_callers=allowed_callers,
            output=(output_type, output_json_schema),
        )

    if callable(func):
        return build(func)
    _reject_non_callable(func)
    return build


def _reject_non_callable(func: Any) -> None:
    if func is not None:
        raise UserError(
            "function_tool() takes a function (or a callable object) to turn into a tool, got "
            f"{type(func).__name__}: {func!r:.80}. Use it as @function_tool or "
            "@function_tool(name_override=...) above a def."
        )


async def invoke_function_tool(
    *, function_tool: FunctionTool, context: ToolContext[Any], arguments: str
) -> Any:
    """Call `function_tool.on_invoke_tool`, enforcing `timeout_seconds` when set.

    On timeout: `"raise_exception"` raises `ToolTimeoutError`; `"error_as_result"` returns
    `timeout_error_function(context, ToolTimeoutError)` or the default timeout message.
    """
    timeout = function_tool.timeout_seconds
    if timeout is None:
        return await function_tool.on_invoke_tool(context, arguments)
    import asyncio  # the API import does not load asyncio

    task = asyncio.ensure_future(function_tool.on_invoke_tool(context, arguments))
    try:
        return await asyncio.wait_for(task, timeout=timeout)
    except asyncio.TimeoutError as exc:
        # The tool may have finished in the same instant the timer fired: keep its outcome.
        if task.done() and not task.cancelled():
            return task.result()
        error = ToolTimeoutError(tool_name=function_tool.name, timeout_seconds=timeout)
        if function_tool.timeout_behavior == "raise_exception":
            raise error from exc
        mark_sdk_generated_output(context)
        if function_tool.timeout_error_function is None:
            return default_tool_timeout_error_message(
                tool_name=function_tool.name, timeout_seconds=timeout
            )
        message = function_tool.timeout_error_function(context, error)
        return await message if inspect.isawaitable(message) else message


@dataclass
class _FunctionToolOutcome:
    """How a function tool call ended."""

    output: Any
    """What goes back to the model: the tool's output, or a guardrail's rejection message."""
    invoked: bool
    """False when an input guardrail rejected the call, so the tool never ran."""
    rejected_by: Literal["input_guardrail", "output_guardrail"] | None = None


async def _execute_function_tool(
    *,
    function_tool: FunctionTool,
    context: ToolContext[Any],
    agent: Agent[Any],
    arguments: str,
    input_guardrail_results: list[ToolInputGuardrailResult],
    output_guardrail_results: list[ToolOutputGuardrailResult],
    before_invoke: Callable[[], Awaitable[None]] | None = None,
) -> _FunctionToolOutcome:
    """Run one function tool call the way the run loop does (for the runtime's tool executor).

    Steps, in order:
    1. `tool_input_guardrails`, one after another; each result is appended to
       `input_guardrail_results`. `raise_exception` raises `ToolInputGuardrailTripwireTriggered`;
       `reject_content` returns its message at once (tool, hooks and output guardrails skipped).
    2. `before_invoke()` if given: the place for the `on_tool_start` hooks.
    3. `invoke_function_tool` (timeouts). For `function_tool`-built tools, exceptions, including
       `ModelBehaviorError` for invalid argument JSON, become a `failure_error_function` message;
       with `failure_error_function=None`, and for hand-built tools, they propagate.
    4. `tool_output_guardrails` on the output, appended to `output_guardrail_results`;
       `raise_exception` raises `ToolOutputGuardrailTripwireTriggered`, `reject_content`
       replaces the output with its message.

    The caller owns the `function_span` around this call (and its input/output), the
    `on_tool_end` hooks, and turning the output into an item with `_convert_tool_output`.
    """
    for guardrail in function_tool.tool_input_guardrails or ():
        # Imported here: a tool without guardrails never loads the guardrail module.
        from .tool_guardrails import ToolInputGuardrailData, ToolInputGuardrailResult

        verdict = await guardrail.run(ToolInputGuardrailData(context=context, agent=agent))
        input_guardrail_results.append(
            ToolInputGuardrailResult(guardrail=guardrail, output=verdict)
        )
        if verdict.behavior["type"] == "raise_exception":
            raise ToolInputGuardrailTripwireTriggered(guardrail=guardrail, output=verdict)
        if verdict.behavior["type"] == "reject_content":
            return _FunctionToolOutcome(
                output=verdict.behavior["message"], invoked=False, rejected_by="input_guardrail"
            )

    if before_invoke is not None:
        await before_invoke()
    output = await invoke_function_tool(
        function_tool=function_tool, context=context, arguments=arguments
    )

    for out_guardrail in function_tool.tool_output_guardrails or ():
        from .tool_guardrails import ToolOutputGuardrailData, ToolOutputGuardrailResult

        verdict = await out_guardrail.run(
            ToolOutputGuardrailData(context=context, agent=agent, output=output)
        )
        output_guardrail_results.append(
            ToolOutputGuardrailResult(guardrail=out_guardrail, output=verdict)
        )
        if verdict.behavior["type"] == "raise_exception":
            raise ToolOutputGuardrailTripwireTriggered(guardrail=out_guardrail, output=verdict)
        if verdict.behavior["type"] == "reject_content":
            return _FunctionToolOutcome(
                output=verdict.behavior["message"], invoked=True, rejected_by="output_guardrail"
            )
    return _FunctionToolOutcome(output=output, invoked=True)


# --- Hosted and local special tools --------------------------------------------------------------


@dataclass
class FileSearchTool:
    """Hosted search over OpenAI vector stores (Responses API only)."""

    vector_store_ids: list[str]
    max_num_results: int | None = None
    """1 to 50; None or 0 uses the provider default."""
    include_search_results: bool = False
    """Whether the search results are included in the model's output."""
    ranking_options: dict[str, Any] | None = None
    """Wire `ranking_options` (ranker, score_threshold, ...)."""
    filters: dict[str, Any] | None = None
    """A comparison or compound filter on file attributes, in wire form."""

    @property
    def name(self) -> str:
        return "file_search"


class WebSearchToolImageSettings(TypedDict, total=False):
    """Image result settings for `WebSearchTool` when `search_content_types` includes "image"."""

    max_results: int
    caption: bool


@dataclass
class WebSearchTool:
    """Hosted web search (Responses API only)."""

    user_location: dict[str, Any] | None = None
    """Approximate location (`{"type": "approximate", "city": ..., "country": ...}`)."""
    filters: WebSearchToolFilters | dict[str, Any] | None = None
    """Domain restrictions, e.g. `{"allowed_domains": [...]}`."""
    search_context_size: Literal["low", "medium", "high"] = "medium"
    external_web_access: bool | None = None
    """False asks for cached/indexed results only; None keeps the API default."""
    search_content_types: list[Literal["text", "image"]] | None = None
    image_settings: WebSearchToolImageSettings | None = None

    def __post_init__(self) -> None:
        if isinstance(self.filters, dict):
            from .types.responses import WebSearchToolFilters

            try:
                self.filters = WebSearchToolFilters.model_validate(self.filters)
            except ValidationError as e:
                raise UserError(f"Invalid web search filters: {e}") from e

    @property
    def name(self) -> str:
        return "web_search"


ComputerLike = Computer | AsyncComputer
ComputerT = TypeVar("ComputerT", bound=ComputerLike)
ComputerT_co = TypeVar("ComputerT_co", bound=ComputerLike, covariant=True)
ComputerT_contra = TypeVar("ComputerT_contra", bound=ComputerLike, contravariant=True)


class ComputerCreate(Protocol[ComputerT_co]):
    """Creates the computer for one run."""

    def __call__(self, *, run_context: RunContextWrapper[Any]) -> MaybeAwaitable[ComputerT_co]: ...


class ComputerDispose(Protocol[ComputerT_contra]):
    """Cleans up a computer created for a run."""

    def __call__(
        self, *, run_context: RunContextWrapper[Any], computer: ComputerT_contra
    ) -> MaybeAwaitable[None]: ...


@dataclass
class ComputerProvider(Generic[ComputerT]):
    """Per-run computer lifecycle: `create` when a run first needs it, `dispose` at the end."""

    create: ComputerCreate[ComputerT]
    dispose: ComputerDispose[ComputerT] | None = None


ComputerConfig = ComputerLike | ComputerCreate[Any] | ComputerProvider[Any]


@dataclass
class ComputerToolSafetyCheckData:
    """A pending computer-use safety check awaiting acknowledgement."""

    ctx_wrapper: RunContextWrapper[Any]
    agent: Agent[Any]
    tool_call: ResponseComputerToolCall
    safety_check: PendingSafetyCheck


@dataclass(eq=False)
class ComputerTool(Generic[ComputerT]):
    """Lets the model operate a computer you provide (Responses API only)."""

    computer: ComputerT | ComputerCreate[ComputerT] | ComputerProvider[ComputerT]
    """A computer, or a factory/provider that makes one per run."""
    on_safety_check: Callable[[ComputerToolSafetyCheckData], MaybeAwaitable[bool]] | None = None
    """Called for each pending safety check: True acknowledges it, False fails with UserError.
    Without it, checks stay unacknowledged and a warning is logged."""

    def __post_init__(self) -> None:
        from ._computer_lifecycle import remember_initializer

        remember_initializer(self)

    @property
    def name(self) -> str:
        # The preview-era name, which hooks and saved state already use.
        return "computer_use_preview"

    @property
    def trace_name(self) -> str:
        return "computer"


@dataclass
class MCPToolApprovalRequest:
    """A hosted MCP server asks whether one of its tools may run."""

    ctx_wrapper: RunContextWrapper[Any]
    data: McpApprovalRequest


class MCPToolApprovalFunctionResult(TypedDict):
    """The answer to an MCP approval request."""

    approve: bool
    reason: NotRequired[str]
    """Why the call was rejected."""


MCPToolApprovalFunction = Callable[
    [MCPToolApprovalRequest], MaybeAwaitable[MCPToolApprovalFunctionResult]
]
"""Approves or rejects a hosted MCP tool call."""


@dataclass
class HostedMCPTool:
    """Lets the model list and call a remote MCP server's tools itself (Responses API only).

    For servers reached over stdio or private networks, use `agentkit.mcp` servers with
    `Agent(mcp_servers=[...])` instead.
    """

    tool_config: dict[str, Any]
    """The wire `mcp` tool config: `{"type": "mcp", "server_label": ..., "server_url": ...}`."""
    on_approval_request: MCPToolApprovalFunction | None = None
    """Answers approval requests; without it, you add approvals to the input and run again."""

    def __post_init__(self) -> None:
        self.tool_config = dict(self.tool_config)

    @property
    def name(self) -> str:
        return "hosted_mcp"


@dataclass
class CodeInterpreterTool:
    """Lets the model run code in a hosted sandbox (Responses API only)."""

    tool_config: dict[str, Any]
    """The wire `code_interpreter` tool config, including the `container`."""

    def __post_init__(self) -> None:
        self.tool_config = dict(self.tool_config)

    @property
    def name(self) -> str:
        return "code_interpreter"


class ImageGenerationToolConfig(TypedDict, total=False):
    """The `image_generation` tool settings (a typed form of `ImageGenerationTool.tool_config`)."""

    type: Required[Literal["image_generation"]]
    action: Literal["generate", "edit", "auto"]
    background: Literal["transparent", "opaque", "auto"]
    input_fidelity: Literal["high", "low"] | None
    input_image_mask: dict[str, Any]
    model: str
    moderation: Literal["auto", "low"]
    output_compression: int
    output_format: Literal["png", "webp", "jpeg"]
    partial_images: int
    quality: Literal["low", "medium", "high", "xhigh", "max", "auto"]
    size: str


@dataclass
class ImageGenerationTool:
    """Lets the model generate images (Responses API only)."""

    tool_config: dict[str, Any]
    """The wire `image_generation` tool config (`{"type": "image_generation", ...}`)."""

    @property
    def name(self) -> str:
        return "image_generation"


@dataclass
class LocalShellCommandRequest:
    """A shell command the model wants run on this machine."""

    ctx_wrapper: RunContextWrapper[Any]
    data: LocalShellCall


LocalShellExecutor = Callable[[LocalShellCommandRequest], MaybeAwaitable[str]]
"""Runs a `LocalShellCommandRequest` and returns its output."""


@dataclass
class LocalShellTool:
    """Lets the model run shell commands through your `executor`."""

    executor: LocalShellExecutor

    @property
    def name(self) -> str:
        return "local_shell"


if TYPE_CHECKING:
    Tool = (
        FunctionTool
        | FileSearchTool
        | WebSearchTool
        | ComputerTool[Any]
        | HostedMCPTool
        | LocalShellTool
        | ShellTool
        | ApplyPatchTool
        | ImageGenerationTool
        | CodeInterpreterTool
        | CustomTool
        | ToolSearchTool
        | ProgrammaticToolCallingTool
    )
    """A tool an agent can use."""


def _tool_union() -> Any:
    """The runtime value of `Tool` (the same union as above), built on first access because it
    needs the lazily loaded tool kinds."""
    from ._apply_patch_tool import ApplyPatchTool
    from ._custom_tool import CustomTool
    from ._shell_tool import ShellTool
    from ._tool_search import ProgrammaticToolCallingTool, ToolSearchTool

    return (
        FunctionTool
        | FileSearchTool
        | WebSearchTool
        | ComputerTool[Any]
        | HostedMCPTool
        | LocalShellTool
        | ShellTool
        | ApplyPatchTool
        | ImageGenerationTool
        | CodeInterpreterTool
        | CustomTool
        | ToolSearchTool
        | ProgrammaticToolCallingTool
    )
