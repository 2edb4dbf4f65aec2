"""The shell tool: the model asks for shell commands, which your executor runs locally, or which
run in a hosted container (OpenAI's `shell` tool)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import field
from typing import TYPE_CHECKING, Any, Literal, cast

from typing_extensions import NotRequired, TypedDict

from .exceptions import UserError
from .run_context import RunContextWrapper
from .util._dataclass import dataclass
from .util._types import MaybeAwaitable

if TYPE_CHECKING:
    from .items import ToolApprovalItem

__all__ = [
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
]

ToolCallerName = Literal["direct", "programmatic"]


class ShellToolLocalSkill(TypedDict):
    """A skill available to a local shell environment."""

    description: str
    name: str
    path: str


class ShellToolSkillReference(TypedDict):
    """A hosted skill, by id."""

    type: Literal["skill_reference"]
    skill_id: str
    version: NotRequired[str]


class ShellToolInlineSkillSource(TypedDict):
    """An inline skill's zip archive, base64-encoded."""

    data: str
    media_type: Literal["application/zip"]
    type: Literal["base64"]


class ShellToolInlineSkill(TypedDict):
    """A hosted skill bundled inline with the request."""

    description: str
    name: str
    source: ShellToolInlineSkillSource
    type: Literal["inline"]


ShellToolContainerSkill = ShellToolSkillReference | ShellToolInlineSkill
"""A skill given to a hosted container."""


class ShellToolContainerNetworkPolicyDomainSecret(TypedDict):
    """A secret the container may send to one allowed domain."""

    domain: str
    name: str
    value: str


class ShellToolContainerNetworkPolicyAllowlist(TypedDict):
    """The container may reach only these domains."""

    allowed_domains: list[str]
    type: Literal["allowlist"]
    domain_secrets: NotRequired[list[ShellToolContainerNetworkPolicyDomainSecret]]


class ShellToolContainerNetworkPolicyDisabled(TypedDict):
    """The container has no network access."""

    type: Literal["disabled"]


ShellToolContainerNetworkPolicy = (
    ShellToolContainerNetworkPolicyAllowlist | ShellToolContainerNetworkPolicyDisabled
)
"""A hosted container's network policy."""


class ShellToolLocalEnvironment(TypedDict):
    """Commands run here, through the tool's executor."""

    type: Literal["local"]
    skills: NotRequired[list[ShellToolLocalSkill]]


class ShellToolContainerAutoEnvironment(TypedDict):
    """A hosted container the API creates for the request."""

    type: Literal["container_auto"]
    file_ids: NotRequired[list[str]]
    memory_limit: NotRequired[Literal["1g", "4g", "16g", "64g"] | None]
    network_policy: NotRequired[ShellToolContainerNetworkPolicy]
    skills: NotRequired[list[ShellToolContainerSkill]]


class ShellToolContainerReferenceEnvironment(TypedDict):
    """An existing hosted container, by id."""

    type: Literal["container_reference"]
    container_id: str


ShellToolHostedEnvironment = (
    ShellToolContainerAutoEnvironment | ShellToolContainerReferenceEnvironment
)
"""Where hosted shell commands run."""

ShellToolEnvironment = ShellToolLocalEnvironment | ShellToolHostedEnvironment
"""Where shell commands run: locally, or in a hosted container."""


@dataclass
class ShellCallOutcome:
    """How one command ended: it exited (with its code) or timed out."""

    type: Literal["exit", "timeout"]
    exit_code: int | None = None


@dataclass
class ShellCommandOutput:
    """What one command printed and how it ended."""

    stdout: str = ""
    stderr: str = ""
    outcome: ShellCallOutcome = field(default_factory=lambda: ShellCallOutcome(type="exit"))
    command: str | None = None
    provider_data: dict[str, Any] | None = None

    @property
    def exit_code(self) -> int | None:
        return self.outcome.exit_code

    @property
    def status(self) -> Literal["completed", "timeout"]:
        return "timeout" if self.outcome.type == "timeout" else "completed"


@dataclass
class ShellResult:
    """A structured executor result: one output per command."""

    output: list[ShellCommandOutput]
    max_output_length: int | None = None
    """Cap on the combined output characters sent to the model (the smaller of this and the
    model's own request wins)."""
    provider_data: dict[str, Any] | None = None


@dataclass
class ShellActionRequest:
    """The commands the model asked for, with its timeout and output cap."""

    commands: list[str]
    timeout_ms: int | None = None
    max_output_length: int | None = None


@dataclass
class ShellCallData:
    """One shell call, normalized for your executor (`raw` is the model's item)."""

    call_id: str
    action: ShellActionRequest
    status: Literal["in_progress", "completed"] | None = None
    raw: Any | None = None


@dataclass
class ShellCommandRequest:
    """What a shell executor is given: the run context and the call."""

    ctx_wrapper: RunContextWrapper[Any]
    data: ShellCallData


ShellExecutor = Callable[[ShellCommandRequest], MaybeAwaitable["str | ShellResult"]]
"""Runs a shell call's commands; returns their text output or a `ShellResult`."""

ShellApprovalFunction = Callable[
    [RunContextWrapper[Any], ShellActionRequest, str], MaybeAwaitable[bool]
]
"""Decides per call whether it needs approval: (run context, action, call id) -> bool."""


class ShellOnApprovalFunctionResult(TypedDict):
    """An `on_approval` decision: approve, or reject with an optional reason for the model."""

    approve: bool
    reason: NotRequired[str]


ShellOnApprovalFunction = Callable[
    [RunContextWrapper[Any], "ToolApprovalItem"], MaybeAwaitable[ShellOnApprovalFunctionResult]
]
"""Decides a call that needs approval right away, instead of pausing the run."""


def _normalize_environment(environment: Any) -> dict[str, Any]:
    if environment is None:
        return {"type": "local"}
    if not isinstance(environment, Mapping):
        raise UserError(
            "ShellTool environment must be a mapping such as {'type': 'local'} or "
            f"{{'type': 'container_auto'}}, got {type(environment).__name__}."
        )
    normalized = dict(environment)
    normalized.setdefault("type", "local")
    return normalized


@dataclass
class ShellTool:
    """The model runs shell commands: through your `executor` (local environment, the default)
    or in a hosted container (`environment={"type": "container_auto"}`, no executor)."""

    executor: ShellExecutor | None = None
    name: str = "shell"
    needs_approval: bool | ShellApprovalFunction = False
    """Pause the run for a person's approval before running a call: a bool, or a function of
    (run context, action, call id)."""
    on_approval: ShellOnApprovalFunction | None = None
    """Decide calls that need approval immediately (approve, or reject with a reason)."""
    environment: ShellToolEnvironment | None = None
    """Where commands run; local when omitted."""
    allowed_callers: list[ToolCallerName] | None = field(default=None, kw_only=True)
    """Callers that may invoke this tool on OpenAI Responses models."""

    def __post_init__(self) -> None:
        environment = _normalize_environment(self.environment)
        self.environment = cast(ShellToolEnvironment, environment)
        if environment["type"] == "local":
            if self.executor is None:
                raise UserError(
                    "ShellTool with local environment requires an executor: pass "
                    "executor=<callable taking a ShellCommandRequest>, or a hosted environment."
                )
            return
        if self.executor is not None:
            raise UserError("ShellTool with hosted environment does not accept an executor.")
        if self.needs_approval is not False or self.on_approval is not None:
            raise UserError(
                "ShellTool with hosted environment does not support needs_approval or on_approval."
            )

    @property
    def type(self) -> str:
        return "shell"

    @property
    def tool_config(self) -> dict[str, Any]:
        """The tool as the Responses API receives it."""
        config: dict[str, Any] = {"type": "shell", "environment": dict(self.environment or {})}
        if self.allowed_callers is not None:
            config["allowed_callers"] = list(self.allowed_callers)
        return config
