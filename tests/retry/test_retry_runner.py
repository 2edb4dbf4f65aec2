"""Runner-managed retries in-process, against the loopback server's faults (no reference
environment needed), plus the settings, the policies and the backoff."""

from __future__ import annotations

import asyncio
import random
from typing import Any

import pytest

from agentkit import Agent, ModelSettings, RunConfig, Runner
from agentkit._run.model_retry import backoff_delay, normalized_error
from agentkit.client import AsyncOpenAI
from agentkit.exceptions import ModelTimeoutError
from agentkit.models.openai_provider import OpenAIProvider
from agentkit.retry import (
    ModelRetryAdvice,
    ModelRetryAdviceRequest,
    ModelRetryBackoffSettings,
    ModelRetryNormalizedError,
    ModelRetrySettings,
    RetryDecision,
    RetryPolicyContext,
    retry_policies,
    retry_policy_retries_safe_transport_errors,
)
from tests.openai_server import OpenAIServer, SSEReply, error_reply
from tests.openai_server import builders as b


def _config(server: OpenAIServer, *, client_retries: int = 0, responses: bool = True) -> RunConfig:
    client = AsyncOpenAI(base_url=server.base_url, api_key="sk-test", max_retries=client_retries)
    provider = OpenAIProvider(openai_client=client, use_responses=responses)
    return RunConfig(model_provider=provider, tracing_disabled=True)


def _agent(retry: Any = None, **settings: Any) -> Agent[Any]:
    return Agent(name="A", model="gpt-4.1", model_settings=ModelSettings(retry=retry, **settings))


FAST = {"initial_delay": 0.001, "jitter": False}


# --- settings -----------------------------------------------------------------------------------


def test_settings_from_a_dict_are_checked_and_serialised_without_the_policy() -> None:
    settings = ModelSettings(retry={"max_retries": 2, "backoff": {"initial_delay": 0.5}})
    assert isinstance(settings.retry, ModelRetrySettings)
    assert settings.retry.backoff == ModelRetryBackoffSettings(initial_delay=0.5)
    with_policy = ModelSettings(
        retry=ModelRetrySettings(max_retries=1, policy=retry_policies.never())
    )
    assert with_policy.to_json_dict()["retry"] == {"max_retries": 1, "backoff": None}
    assert settings.to_json_dict()["retry"] == {
        "max_retries": 2,
        "backoff": {"initial_delay": 0.5, "max_delay": None, "multiplier": None, "jitter": None},
    }


@pytest.mark.parametrize(
    ("value", "error", "words"),
    [
        ({"max_retrys": 2}, TypeError, "max_retrys"),
        ({"backoff": {"initial": 1}}, TypeError, "initial"),
        ({"backoff": {"initial_delay": -1}}, ValueError, "initial_delay"),
        ({"max_retries": "2"}, TypeError, "max_retries"),
        ({"policy": 3}, TypeError, "policy"),
        ("often", TypeError, "ModelSettings.retry"),
    ],
)
def test_bad_retry_settings_say_what_is_wrong(value: Any, error: type, words: str) -> None:
    with pytest.raises(error, match=words):
        ModelSettings(retry=value)


def test_resolve_merges_retry_settings_field_by_field() -> None:
    policy = retry_policies.network_error()
    base = ModelSettings(retry=ModelRetrySettings(max_retries=3, backoff={"jitter": False}))
    merged = base.resolve(
        ModelSettings(retry=ModelRetrySettings(policy=policy, backoff={"multiplier": 3}))
    )
    assert merged.retry == ModelRetrySettings(
        max_retries=3,
        backoff=ModelRetryBackoffSettings(multiplier=3, jitter=False),
        policy=policy,
    )
    assert merged.retry is not None and merged.retry.policy is policy


def test_backoff_grows_caps_and_jitters() -> None:
    plain = ModelRetryBackoffSettings(jitter=False)
    assert [backoff_delay(n, plain) for n in (1, 2, 3, 4, 5)] == [0.25, 0.5, 1.0, 2.0, 2.0]
    custom = ModelRetryBackoffSettings(initial_delay=1, multiplier=3, max_delay=5, jitter=False)
    assert [backoff_delay(n, custom) for n in (1, 2, 3)] == [1, 3, 5]
    random.seed(7)
    jittered = [backoff_delay(2, None) for _ in range(50)]
    assert all(0.4375 <= d <= 0.5625 for d in jittered) and len(set(jittered)) > 1


# --- policies -----------------------------------------------------------------------------------


def _context(
    *,
    status: int | None = None,
    advice: ModelRetryAdvice | None = None,
    network: bool = False,
    retry_after: float | None = None,
) -> RetryPolicyContext:
    normalized = ModelRetryNormalizedError(
        status_code=status, is_network_error=network, retry_after=retry_after
    )
    return RetryPolicyContext(
        error=RuntimeError("x"),
        attempt=1,
        max_retries=2,
        stream=False,
        normalized=normalized,
        provider_advice=advice,
    )


async def _ask(policy: Any, context: RetryPolicyContext) -> RetryDecision:
    value = policy(context)
    if asyncio.iscoroutine(value):
        value = await value
    return value if isinstance(value, RetryDecision) else RetryDecision(retry=bool(value))


async def test_simple_policies() -> None:
    assert not (await _ask(retry_policies.never(), _context(status=500))).retry
    assert (await _ask(retry_policies.http_status([500, 503]), _context(status=503))).retry
    assert not (await _ask(retry_policies.http_status([500]), _context(status=429))).retry
    assert (await _ask(retry_policies.network_error(), _context(network=True))).retry
    decision = await _ask(retry_policies.retry_after(), _context(retry_after=1.5))
    assert (decision.retry, decision.delay) == (True, 1.5)
    assert not (await _ask(retry_policies.retry_after(), _context())).retry


async def test_provider_no_vetoes_any_and_all() -> None:
    refused = ModelRetryAdvice(suggested=False, reason="nope")
    status = retry_policies.http_status([500])
    for combined in (
        retry_policies.any(status, retry_policies.provider_suggested()),
        retry_policies.all(status, retry_policies.provider_suggested()),
    ):
        decision = await _ask(combined, _context(status=500, advice=refused))
        assert (decision.retry, decision.reason) == (False, "nope")
    # Without the provider's "no", `any` takes the first yes and `all` needs every one.
    decision = await _ask(retry_policies.any(retry_policies.never(), status), _context(status=500))
    assert decision.retry
    assert not (
        await _ask(retry_policies.all(retry_policies.never(), status), _context(status=500))
    ).retry


async def test_unsafe_replay_veto_needs_an_explicit_approval() -> None:
    unsafe = ModelRetryAdvice(suggested=False, replay_safety="unsafe", reason="accepted")
    status = retry_policies.http_status([500])
    plain = await _ask(
        retry_policies.any(retry_policies.provider_suggested(), status),
        _context(status=500, advice=unsafe),
    )
    assert not plain.retry

    def approve(context: RetryPolicyContext) -> RetryDecision:
        return RetryDecision(retry=True, delay=0.1, approve_unsafe_replay=True)

    approved = await _ask(
        retry_policies.any(retry_policies.provider_suggested(), approve),
        _context(status=500, advice=unsafe),
    )
    assert (approved.retry, approved.delay, approved.approve_unsafe_replay) == (True, 0.1, True)


def test_policy_capabilities() -> None:
    assert retry_policy_retries_safe_transport_errors(retry_policies.provider_suggested())
    assert not retry_policy_retries_safe_transport_errors(retry_policies.http_status([500]))
    assert retry_policy_retries_safe_transport_errors(
        retry_policies.any(retry_policies.http_status([500]), retry_policies.network_error())
    )
    assert not retry_policy_retries_safe_transport_errors(
        retry_policies.all(retry_policies.http_status([500]), retry_policies.network_error())
    )
    assert not retry_policy_retries_safe_transport_errors(lambda context: True)


def test_advice_corrects_only_the_fields_it_sets() -> None:
    advice = ModelRetryAdvice(normalized=ModelRetryNormalizedError(status_code=503))
    normalized = normalized_error(TimeoutError("slow"), advice)
    assert (normalized.status_code, normalized.is_timeout, normalized.is_network_error) == (
        503,
        True,
        True,
    )


# --- the runner over HTTP -------------------------------------------------------------------------


@pytest.mark.parametrize("responses", [True, False])
@pytest.mark.parametrize("stream", [False, True])
async def test_429_is_retried_with_one_request_per_attempt(
    openai_server: OpenAIServer, responses: bool, stream: bool
) -> None:
    openai_server.queue(error_reply(429, retry_after_ms=5))
    if responses:
        openai_server.queue(b.response_auto("ok"))
    else:
        openai_server.queue(b.chat_auto("ok"))
    agent = _agent(ModelRetrySettings(max_retries=1, policy=retry_policies.provider_suggested()))
    config = _config(openai_server, responses=responses)
    if stream:
        result: Any = Runner.run_streamed(agent, "hi", run_config=config)
        async for _ in result.stream_events():
            pass
    else:
        result = await Runner.run(agent, "hi", run_config=config)
    assert result.final_output == "ok"
    first, second = openai_server.requests
    assert first.json == second.json  # the same request, replayed
    usage = result.context_wrapper.usage
    assert usage.requests == 2
    failed, succeeded = usage.request_usage_entries
    assert failed.total_tokens == 0
    assert succeeded.total_tokens == usage.total_tokens


async def test_budget_exhausted_raises_the_last_error(openai_server: OpenAIServer) -> None:
    openai_server.allow_failures = True
    openai_server.queue(error_reply(500, times=None))
    policy = retry_policies.http_status([500])
    agent = _agent(ModelRetrySettings(max_retries=2, policy=policy, backoff=FAST))
    with pytest.raises(Exception, match="Error code: 500"):
        await Runner.run(agent, "hi", run_config=_config(openai_server))
    assert len(openai_server.requests) == 3


async def test_explicit_zero_turns_off_the_clients_own_retries(openai_server: OpenAIServer) -> None:
    openai_server.allow_failures = True
    openai_server.queue(error_reply(500, retry_after_ms=1, times=None))
    with pytest.raises(Exception, match="Error code: 500"):
        await Runner.run(
            _agent(ModelRetrySettings(max_retries=0)),
            "hi",
            run_config=_config(openai_server, client_retries=2),
        )
    assert len(openai_server.requests) == 1
    openai_server.clear()
    openai_server.queue(error_reply(500, retry_after_ms=1, times=None))
    with pytest.raises(Exception, match="Error code: 500"):
        await Runner.run(_agent(), "hi", run_config=_config(openai_server, client_retries=2))
    assert len(openai_server.requests) == 3  # without settings the client retries as before


async def test_stream_cut_after_output_is_not_retried(openai_server: OpenAIServer) -> None:
    events = b.response_stream_events([b.message_item("hello")], deltas=2)
    openai_server.queue(SSEReply(events=events, cut_in_event=5))
    openai_server.queue(b.stream_response_text("never sent"))
    openai_server.allow_pending = True
    agent = _agent(
        ModelRetrySettings(max_retries=3, policy=retry_policies.network_error(), backoff=FAST)
    )
    result = Runner.run_streamed(agent, "hi", run_config=_config(openai_server))
    seen: list[str] = []
    with pytest.raises(Exception, match="connection broke"):
        async for event in result.stream_events():
            if event.type == "raw_response_event":
                seen.append(event.data.type)
    assert "response.output_text.delta" in seen
    assert len(openai_server.requests) == 1


async def test_stream_cut_before_output_is_retried(openai_server: OpenAIServer) -> None:
    events = b.response_stream_events([b.message_item("hello")], deltas=2)
    openai_server.queue(SSEReply(events=events, cut_in_event=2))  # created, in_progress, cut
    openai_server.queue(b.stream_response_text("hello"))
    agent = _agent(
        ModelRetrySettings(max_retries=1, policy=retry_policies.network_error(), backoff=FAST)
    )
    result = Runner.run_streamed(agent, "hi", run_config=_config(openai_server))
    seen = [e.data.type async for e in result.stream_events() if e.type == "raw_response_event"]
    assert result.final_output == "hello"
    assert seen[:3] == ["response.created", "response.in_progress", "response.created"]
    assert len(openai_server.requests) == 2


async def test_each_attempt_has_its_own_timeout(openai_server: OpenAIServer) -> None:
    openai_server.queue(b.response_text("late", first_byte_delay=1.0))
    openai_server.queue(b.response_text("ok"))
    agent = _agent(
        ModelRetrySettings(max_retries=1, policy=retry_policies.network_error(), backoff=FAST),
        timeout=0.3,
    )
    result = await Runner.run(agent, "hi", run_config=_config(openai_server))
    assert result.final_output == "ok"
    openai_server.queue(b.response_text("late", first_byte_delay=1.0))
    with pytest.raises(ModelTimeoutError):
        await Runner.run(_agent(timeout=0.3), "hi", run_config=_config(openai_server))


async def test_a_custom_models_advice_drives_provider_suggested() -> None:
    from agentkit.items import ModelResponse
    from agentkit.models.interface import Model
    from agentkit.types.responses import ResponseOutputMessage, ResponseOutputText
    from agentkit.usage import Usage

    asked: list[ModelRetryAdviceRequest] = []

    class Flaky(Model):
        calls = 0

        async def get_response(self, *args: Any, **kwargs: Any) -> ModelResponse:
            Flaky.calls += 1
            if Flaky.calls == 1:
                raise RuntimeError("overloaded")
            message = ResponseOutputMessage(
                id="m",
                type="message",
                role="assistant",
                status="completed",
                content=[ResponseOutputText(type="output_text", text="fine", annotations=[])],
            )
            return ModelResponse(output=[message], usage=Usage(requests=1), response_id=None)

        def stream_response(self, *args: Any, **kwargs: Any) -> Any:
            raise NotImplementedError

        def get_retry_advice(self, request: ModelRetryAdviceRequest) -> ModelRetryAdvice | None:
            asked.append(request)
            return ModelRetryAdvice(suggested=True, retry_after=0.001, reason="busy")

    agent = Agent(
        name="A",
        model=Flaky(),
        model_settings=ModelSettings(
            retry=ModelRetrySettings(max_retries=1, policy=retry_policies.provider_suggested())
        ),
    )
    result = await Runner.run(agent, "hi", run_config=RunConfig(tracing_disabled=True))
    assert result.final_output == "fine"
    assert [(r.attempt, r.stream, str(r.error)) for r in asked] == [(1, False, "overloaded")]
    assert result.context_wrapper.usage.requests == 2


def test_type_adapter_round_trip_leaves_the_policy_out() -> None:
    from pydantic import TypeAdapter

    adapter = TypeAdapter(ModelSettings)
    settings = ModelSettings(
        retry=ModelRetrySettings(
            max_retries=2, policy=retry_policies.never(), backoff={"jitter": False}
        )
    )
    dumped = adapter.dump_python(settings, mode="json")["retry"]
    assert dumped == {
        "max_retries": 2,
        "backoff": {"initial_delay": None, "max_delay": None, "multiplier": None, "jitter": False},
    }
    restored = adapter.validate_python({"retry": dumped})
    assert restored.retry == ModelRetrySettings(max_retries=2, backoff={"jitter": False})
