"""Per-session options, currently how many history items a run loads."""

from __future__ import annotations

import dataclasses
from typing import Any

from ..util._dataclass import dataclass


@dataclass
class SessionSettings:
    """Options applied when a run reads a session."""

    limit: int | None = None
    """Load only the latest `limit` items; None loads the whole history."""

    def __post_init__(self) -> None:
        if self.limit is not None and (
            isinstance(self.limit, bool) or not isinstance(self.limit, int)
        ):
            raise TypeError(
                f"SessionSettings.limit must be an int or None, got {type(self.limit).__name__}"
            )

    def resolve(self, override: SessionSettings | dict[str, Any] | None) -> SessionSettings:
        """Return these settings with every non-None value of `override` laid over them."""
        if override is None:
            return self
        given = (
            {k: v for k, v in override.items() if v is not None}
            if isinstance(override, dict)
            else {
                f.name: getattr(override, f.name)
                for f in dataclasses.fields(override)
                if getattr(override, f.name) is not None
            }
        )
        coerce_session_settings(given)  # validates names and types before merging
        return dataclasses.replace(self, **given)

    def to_dict(self) -> dict[str, Any]:
        """Return the settings as a plain dict."""
        return dataclasses.asdict(self)


def coerce_session_settings(value: SessionSettings | dict[str, Any]) -> SessionSettings:
    """Accept settings as an instance or a dict of field values; reject anything else."""
    if isinstance(value, SessionSettings):
        return value
    if not isinstance(value, dict):
        raise TypeError(
            f"session settings must be a SessionSettings or a dict, got {type(value).__name__}"
        )
    known = {f.name for f in dataclasses.fields(SessionSettings)}
    unknown = sorted(str(k) for k in value if k not in known)
    if unknown:
        raise TypeError(f"Unknown session settings: {', '.join(unknown)}")
    return SessionSettings(**value)


def resolve_session_limit(
    explicit_limit: int | None, settings: SessionSettings | dict[str, Any] | None
) -> int | None:
    """Return the limit a read uses: the explicit one, else the settings' one, else None."""
    if explicit_limit is not None:
        if isinstance(explicit_limit, bool) or not isinstance(explicit_limit, int):
            raise TypeError(f"limit must be an int or None, got {type(explicit_limit).__name__}")
        return explicit_limit
    if settings is None:
        return None
    return coerce_session_settings(settings).limit
