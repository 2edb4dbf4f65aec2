"""`require_approval` settings, checked and normalised the way upstream does.

`needs_approval_for` gives each tool's `needs_approval` (the run pauses until a call that needs
approval is approved or rejected, as for function tools).
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable
from typing import Any, Literal, Union, cast

from typing_extensions import TypedDict

from ..exceptions import UserError
from ..run_context import RunContextWrapper
from ..util._types import MaybeAwaitable


class RequireApprovalToolList(TypedDict, total=False):
    tool_names: list[str]


class RequireApprovalObject(TypedDict, total=False):
    always: RequireApprovalToolList
    never: RequireApprovalToolList


RequireApprovalPolicy = Literal["always", "never"]
RequireApprovalMapping = dict[str, RequireApprovalPolicy]
LocalMCPApprovalCallable = Callable[[RunContextWrapper[Any], Any, Any], MaybeAwaitable[bool]]
"""`(run_context, agent, mcp_tool) -> bool`: whether this call needs approval."""
RequireApprovalSetting = Union[  # noqa: UP007
    RequireApprovalPolicy,
    RequireApprovalObject,
    RequireApprovalMapping,
    LocalMCPApprovalCallable,
    bool,
    None,
]
NormalizedApproval = Union[bool, dict[str, bool], LocalMCPApprovalCallable]  # noqa: UP007


def _policy(value: object, where: str) -> bool:
    if value == "always":
        return True
    if value == "never":
        return False
    raise UserError(
        f"Invalid require_approval value at {where}: expected 'always' or 'never', got {value!r}."
    )


def _names(entry: object, policy: str) -> list[str]:
    if not isinstance(entry, dict):
        raise UserError(
            f"Invalid require_approval.{policy}: expected an object with 'tool_names', "
            f"got {type(entry).__name__}."
        )
    names = entry.get("tool_names", [])
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise UserError(
            f"Invalid require_approval.{policy}.tool_names: expected a list of strings."
        )
    return names


def _is_tool_lists(value: dict[Any, Any]) -> bool:
    return any(
        isinstance(value.get(k), dict) and "tool_names" in value[k] for k in ("always", "never")
    )


def normalize_require_approval(setting: RequireApprovalSetting) -> NormalizedApproval:
    """A bool, a tool name -> bool map, or the callable; raises `UserError` on bad settings."""
    if setting is None:
        return False
    if isinstance(setting, bool):
        return setting
    if isinstance(setting, dict) and _is_tool_lists(cast(dict[Any, Any], setting)):
        unexpected = sorted(set(setting) - {"always", "never"})
        if unexpected:
            raise UserError(
                f"Invalid require_approval tool list policy: unexpected keys {unexpected!r}; "
                "expected only 'always' and 'never'."
            )
        always = _names(setting.get("always", {}), "always")
        never = _names(setting.get("never", {}), "never")
        both = sorted(set(always) & set(never))
        if both:
            raise UserError(
                "Invalid require_approval tool list policy: tool names cannot appear in both "
                f"always and never: {both!r}."
            )
        return {**dict.fromkeys(always, True), **dict.fromkeys(never, False)}
    if isinstance(setting, dict):
        return {
            str(name): value
            if isinstance(value, bool)
            else _policy(value, f"require_approval[{name!r}]")
            for name, value in setting.items()
        }
    if callable(setting):
        return setting
    return _policy(setting, "require_approval")


def needs_approval_for(
    policy: NormalizedApproval, tool: Any, agent: Any
) -> bool | Callable[[RunContextWrapper[Any], dict[str, Any], str], Awaitable[bool]]:
    """The `needs_approval` value for one tool: a bool, or an async check per call."""
    if isinstance(policy, bool):
        return policy
    if isinstance(policy, dict):
        return bool(policy.get(tool.name, False))
    if agent is None:
        return True  # a dynamic policy without an agent fails closed, as upstream
    check = policy

    async def needs_approval(
        run_context: RunContextWrapper[Any], _args: Any, _call_id: str
    ) -> bool:
        verdict = check(run_context, agent, tool)
        if inspect.isawaitable(verdict):
            verdict = await verdict
        return bool(verdict)

    return needs_approval
