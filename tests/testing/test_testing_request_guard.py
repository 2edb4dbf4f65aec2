"""The switch that forbids real model requests, and the package's import discipline."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import threading

import pytest

from agentkit.models._request_guard import check_model_requests_allowed
from agentkit.testing import (
    ModelRequestsBlockedError,
    allow_model_requests,
    block_model_requests,
    model_requests_allowed,
)


@pytest.fixture(autouse=True)
def _restore_switch() -> object:
    with allow_model_requests():
        yield None


def test_requests_are_allowed_by_default() -> None:
    assert model_requests_allowed()
    check_model_requests_allowed("gpt-4.1")


def test_block_as_a_plain_call_lasts_until_allowed_again() -> None:
    block_model_requests()
    assert not model_requests_allowed()
    with pytest.raises(ModelRequestsBlockedError) as caught:
        check_model_requests_allowed("gpt-4.1")
    assert caught.value.model_name == "gpt-4.1"
    assert "'gpt-4.1'" in str(caught.value)
    assert "agentkit.testing" in str(caught.value)
    assert isinstance(caught.value, RuntimeError)
    allow_model_requests()
    check_model_requests_allowed("gpt-4.1")


def test_context_managers_restore_the_previous_setting() -> None:
    with block_model_requests():
        assert not model_requests_allowed()
        with allow_model_requests():
            check_model_requests_allowed("m")
        assert not model_requests_allowed()
        with block_model_requests():
            pass
        assert not model_requests_allowed()
    assert model_requests_allowed()


def test_restored_even_when_the_block_raises() -> None:
    with pytest.raises(KeyError), block_model_requests():
        raise KeyError("x")
    assert model_requests_allowed()


def test_block_applies_in_other_threads_and_event_loops() -> None:
    errors: list[BaseException] = []

    def worker() -> None:
        async def attempt() -> None:
            check_model_requests_allowed("gpt-4o")

        try:
            asyncio.run(attempt())
        except BaseException as error:
            errors.append(error)

    with block_model_requests():
        thread = threading.Thread(target=worker)
        thread.start()
        thread.join()
    assert len(errors) == 1 and isinstance(errors[0], ModelRequestsBlockedError)


def test_importing_agentkit_does_not_import_testing() -> None:
    code = (
        "import sys, agentkit\n"
        "assert 'agentkit.testing' not in sys.modules, 'agentkit imported agentkit.testing'\n"
        "import agentkit.testing\n"
        "assert 'agentkit.testing' in sys.modules\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_public_names() -> None:
    import agentkit.testing as testing

    assert sorted(testing.__all__) == [
        "FunctionModel",
        "FunctionModelResult",
        "InvalidModelStep",
        "ModelCall",
        "ModelFunction",
        "ModelRequestsBlockedError",
        "ModelScriptError",
        "ModelStep",
        "ModelStepSpec",
        "SESSION_CONFORMANCE_CHECKS",
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
    for name in testing.__all__:
        assert getattr(testing, name) is not None
