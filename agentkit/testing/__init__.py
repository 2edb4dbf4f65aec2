"""Test doubles for agentkit: models that answer from a script, a function, or tool schemas.

Import it explicitly (`import agentkit.testing`); `import agentkit` does not load it.
"""

from __future__ import annotations

from ..memory._conformance import (
    SESSION_CONFORMANCE_CHECKS,
    SessionFactory,
    run_session_conformance,
)
from ._function_model import FunctionModel, FunctionModelResult, ModelFunction, StreamFunction
from ._requests import (
    ModelRequestsBlockedError,
    allow_model_requests,
    block_model_requests,
    model_requests_allowed,
)
from ._schema_values import SchemaValueError, generate_schema_value
from ._test_model import TestModel
from .model import (
    InvalidModelStep,
    ModelCall,
    ModelScriptError,
    ModelStep,
    ModelStepSpec,
    ScriptedModel,
    UnconsumedModelSteps,
    UnexpectedModelCall,
    assistant_message,
    function_call,
)

__all__ = [
    "SESSION_CONFORMANCE_CHECKS",
    "FunctionModel",
    "FunctionModelResult",
    "InvalidModelStep",
    "ModelCall",
    "ModelFunction",
    "ModelRequestsBlockedError",
    "ModelScriptError",
    "ModelStep",
    "ModelStepSpec",
    "SchemaValueError",
    "ScriptedModel",
    "SessionFactory",
    "StreamFunction",
    "TestModel",
    "UnconsumedModelSteps",
    "UnexpectedModelCall",
    "allow_model_requests",
    "assistant_message",
    "block_model_requests",
    "function_call",
    "generate_schema_value",
    "model_requests_allowed",
    "run_session_conformance",
]
