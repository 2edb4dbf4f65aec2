"""A process-wide switch that test suites flip to forbid requests to real model APIs.

The HTTP-backed models call `check_model_requests_allowed` before each request; test models
never do. The switch is a plain module global rather than a context variable on purpose: it must
also hold in threads and event loops a test does not control (e.g. `Runner.run_sync` running on
its own loop thread).
"""

from __future__ import annotations

_allowed = True


class ModelRequestsBlockedError(RuntimeError):
    """A real model request was attempted while model requests are blocked."""

    model_name: str

    def __init__(self, model_name: str) -> None:
        self.model_name = model_name
        super().__init__(
            f"Model requests are blocked, so the request to model {model_name!r} was not sent. "
            "Tests should use a model from agentkit.testing (ScriptedModel, FunctionModel or "
            "TestModel); to let real requests through, wrap the code in "
            "`with agentkit.testing.allow_model_requests():`."
        )


def model_requests_allowed() -> bool:
    """Return whether real model requests may be sent."""
    return _allowed


def _set_model_requests_allowed(allowed: bool) -> bool:
    """Allow or block real model requests; return the previous setting."""
    global _allowed
    previous = _allowed
    _allowed = bool(allowed)
    return previous


def check_model_requests_allowed(model_name: str) -> None:
    """Raise `ModelRequestsBlockedError` if real model requests are blocked."""
    if not _allowed:
        raise ModelRequestsBlockedError(model_name)
