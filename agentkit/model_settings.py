"""Per-call model parameters; `None` everywhere means "use the provider's default"."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import fields, replace
from typing import TYPE_CHECKING, Any, Literal, TypeAlias

from .exceptions import UserError
from .util._dataclass import dataclass

if TYPE_CHECKING:
    from .retry import ModelRetrySettings
    from .types.shared import Reasoning


@dataclass
class MCPToolChoice:
    """Force a specific tool of a hosted MCP server."""

    server_label: str
    name: str


ToolChoice: TypeAlias = Literal["auto", "required", "none"] | str | MCPToolChoice | None
Headers: TypeAlias = Mapping[str, Any]
Query: TypeAlias = Mapping[str, Any]
Body: TypeAlias = object

_TRACEABLE_FIELDS = (
    "temperature",
    "top_p",
    "frequency_penalty",
    "presence_penalty",
    "tool_choice",
    "parallel_tool_calls",
    "truncation",
    "max_tokens",
    "reasoning",
    "verbosity",
    "metadata",
    "store",
    "prompt_cache_retention",
    "include_usage",
    "response_include",
    "top_logprobs",
    "retry",
    "context_management",
    "prompt_cache_options",
    "timeout",
)


@dataclass
class ModelSettings:
    """Optional model parameters; not every provider supports every one."""

    temperature: float | None = None
    top_p: float | None = None
    frequency_penalty: float | None = None
    presence_penalty: float | None = None
    tool_choice: ToolChoice | None = None
    parallel_tool_calls: bool | None = None
    """`False` limits the model to at most one tool call per turn."""
    truncation: Literal["auto", "disabled"] | None = None
    max_tokens: int | None = None
    reasoning: Reasoning | None = None
    verbosity: Literal["low", "medium", "high"] | None = None
    metadata: dict[str, str] | None = None
    store: bool | None = None
    """Unset: the Responses API stores responses; Chat Completions does not."""
    prompt_cache_retention: Literal["in_memory", "24h"] | None = None
    include_usage: bool | None = None
    """Ask for a usage chunk (Chat Completions only)."""
    response_include: list[str] | None = None
    top_logprobs: int | None = None
    """Also adds `"message.output_text.logprobs"` to the Responses `include`."""
    extra_query: Query | None = None
    extra_body: Body | None = None
    extra_headers: Headers | None = None
    extra_args: dict[str, Any] | None = None
    """Keyword arguments passed as-is to the provider call."""
    retry: ModelRetrySettings | None = None
    """Opt-in runner-managed retries of failed model calls (a `ModelRetrySettings` or a dict)."""
    context_management: list[dict[str, Any]] | None = None
    prompt_cache_options: dict[str, Any] | None = None
    preserve_raw_usage: bool | None = None
    timeout: float | None = None
    """Seconds one model attempt may take."""

    def __post_init__(self) -> None:
        _check_field_types(self)
        if isinstance(self.tool_choice, dict):
            self.tool_choice = MCPToolChoice(**self.tool_choice)
        if isinstance(self.reasoning, dict):
            from .types.shared import Reasoning

            self.reasoning = Reasoning.model_validate(self.reasoning)
        if self.retry is not None:
            # The retry module loads with the first settings that use it (not with the API).
            from .retry import _coerce_retry_settings

            self.retry = _coerce_retry_settings(self.retry)
        if self.timeout is not None and not (
            isinstance(self.timeout, (int, float)) and 0 < self.timeout < float("inf")
        ):
            raise ValueError(
                f"ModelSettings.timeout must be a positive finite number, got {self.timeout!r}"
            )

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: Any) -> Any:
        """Let pydantic (a `TypeAdapter`, a model field) build a schema for these settings.

        `Reasoning` and `ModelRetrySettings` are imported lazily, so their names are bound here,
        when pydantic is in use anyway, for the annotations to resolve.
        """
        from .retry import ModelRetrySettings
        from .types.shared import Reasoning

        globals().setdefault("Reasoning", Reasoning)
        globals().setdefault("ModelRetrySettings", ModelRetrySettings)
        return handler(source)

    def resolve(self, override: ModelSettings | dict[str, Any] | None) -> ModelSettings:
        """Return a copy with `override`'s non-None values laid over this one.

        `extra_args` dicts are merged (override wins per key) rather than replaced.
        """
        if override is None:
            return self
        names = {f.name for f in fields(self)}
        if isinstance(override, dict):
            unknown = sorted(k for k in override if k not in names)
            if unknown:
                raise TypeError(f"Unknown model settings: {', '.join(unknown)}")
            override = type(self)(**override)
        elif not isinstance(override, ModelSettings):
            raise TypeError(
                "ModelSettings override must be a ModelSettings instance or a dict, "
                f"got {type(override).__name__}"
            )
        changes = {
            f.name: getattr(override, f.name)
            for f in fields(self)
            if getattr(override, f.name, None) is not None
        }
        if self.extra_args is not None or override.extra_args is not None:
            merged: dict[str, Any] = {}
            merged.update(self.extra_args or {})
            merged.update(override.extra_args or {})
            changes["extra_args"] = merged or None
        if self.retry is not None or override.retry is not None:
            from .retry import _merge_retry_settings

            changes["retry"] = _merge_retry_settings(self.retry, override.retry)
        return replace(self, **changes)

    def to_json_dict(self) -> dict[str, Any]:
        """Every field as JSON-compatible data."""
        return {f.name: _jsonable(getattr(self, f.name)) for f in fields(self)}

    def to_traceable_dict(self) -> dict[str, Any]:
        """The fields that belong in a generation span."""
        data = self.to_json_dict()
        return {k: data[k] for k in _TRACEABLE_FIELDS if k in data}


_FLOAT_FIELDS = ("temperature", "top_p", "frequency_penalty", "presence_penalty")
_INT_FIELDS = ("max_tokens", "top_logprobs")
_BOOL_FIELDS = ("parallel_tool_calls", "store", "include_usage", "preserve_raw_usage")
_CHOICES = {
    "truncation": ("auto", "disabled"),
    "verbosity": ("low", "medium", "high"),
    "prompt_cache_retention": ("in_memory", "24h"),
}
_MAPPING_FIELDS = ("metadata", "extra_args", "prompt_cache_options", "extra_headers", "extra_query")
_LIST_FIELDS = ("response_include", "context_management")
# What pydantic's lax mode reads as a bool (openai-agents' ModelSettings is a pydantic dataclass).
_BOOL_WORDS = {
    "true": True, "1": True, "yes": True, "on": True, "t": True, "y": True,
    "false": False, "0": False, "no": False, "off": False, "f": False, "n": False,
}  # fmt: skip


def _bad_setting(name: str, value: Any, expected: str) -> UserError:
    return UserError(
        f"ModelSettings {name} must be {expected} or None, got {type(value).__name__}: "
        f"{value!r:.80}"
    )


def _as_float(name: str, value: Any) -> float:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            pass
    raise _bad_setting(name, value, "a number")


def _as_int(name: str, value: Any) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().lstrip("+-").isdigit():
        return int(value)
    raise _bad_setting(name, value, "an int")


def _as_bool(name: str, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str) and value.lower() in _BOOL_WORDS:
        return _BOOL_WORDS[value.lower()]
    raise _bad_setting(name, value, "a bool")


def _as_choice(name: str, value: Any) -> Any:
    choices = _CHOICES[name]
    if value not in choices:
        raise _bad_setting(name, value, "one of " + ", ".join(map(repr, choices)))
    return value


def _as_mapping(name: str, value: Any) -> Any:
    if not isinstance(value, Mapping):
        raise _bad_setting(name, value, "a dict")
    return value


def _as_list(name: str, value: Any) -> Any:
    if not isinstance(value, (list, tuple)):
        raise _bad_setting(name, value, "a list")
    return value


def _as_tool_choice(name: str, value: Any) -> Any:
    if not isinstance(value, (str, dict, MCPToolChoice)):
        raise _bad_setting(name, value, "'auto', 'required', 'none', a tool name")
    return value


def _as_reasoning(name: str, value: Any) -> Any:
    if isinstance(value, (str, int, float, list, tuple)):
        raise _bad_setting(name, value, "a Reasoning or a dict")
    return value


# Field -> (the type a value already has when nothing is to do, its check-and-convert).
_CHECKS: dict[str, tuple[type | None, Callable[[str, Any], Any]]] = {
    **dict.fromkeys(_FLOAT_FIELDS, (float, _as_float)),
    **dict.fromkeys(_INT_FIELDS, (int, _as_int)),
    **dict.fromkeys(_BOOL_FIELDS, (bool, _as_bool)),
    **dict.fromkeys(_CHOICES, (None, _as_choice)),
    **dict.fromkeys(_MAPPING_FIELDS, (dict, _as_mapping)),
    **dict.fromkeys(_LIST_FIELDS, (list, _as_list)),
    "tool_choice": (str, _as_tool_choice),
    "reasoning": (None, _as_reasoning),
}


def _check_field_types(settings: ModelSettings) -> None:
    """Reject what openai-agents 0.24's (pydantic) ModelSettings rejects, converting what it
    converts (`temperature=1` is sent as `1.0`, `max_tokens="12"` as `12`), with a `UserError`
    naming the field. Cheap: settings are built on every model call, and most fields are None."""
    values = vars(settings)
    for name in [name for name, value in values.items() if value is not None]:
        check = _CHECKS.get(name)
        if check is not None and type(values[name]) is not check[0]:
            values[name] = check[1](name, values[name])


def _jsonable(value: Any) -> Any:
    dump = getattr(value, "model_dump", None)
    if callable(dump):
        return dump(mode="json")
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        from .retry import ModelRetrySettings

        if isinstance(value, ModelRetrySettings):
            return value.to_json_dict()  # the policy is runtime-only
        return {f.name: _jsonable(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)
