"""Running input and output guardrails concurrently; the first tripwire cancels the rest."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from ..exceptions import InputGuardrailTripwireTriggered, OutputGuardrailTripwireTriggered
from ..guardrail import (
    InputGuardrail,
    InputGuardrailResult,
    OutputGuardrail,
    OutputGuardrailResult,
)
from ..run_context import RunContextWrapper
from .util import attach_error_to_current_span

if TYPE_CHECKING:
    from ..agent import Agent
    from ..items import TResponseInputItem


async def _run_single_input_guardrail(
    agent: Agent[Any],
    guardrail: InputGuardrail[Any],
    input: str | list[TResponseInputItem],
    context: RunContextWrapper[Any],
) -> InputGuardrailResult:
    from ..tracing import guardrail_span

    with guardrail_span(guardrail.get_name()) as span:
        result = await guardrail.run(agent, input, context)
        span.span_data.triggered = result.output.tripwire_triggered
        return result


async def _run_single_output_guardrail(
    guardrail: OutputGuardrail[Any], agent: Agent[Any], output: Any, context: RunContextWrapper[Any]
) -> OutputGuardrailResult:
    from ..tracing import guardrail_span

    with guardrail_span(guardrail.get_name()) as span:
        result = await guardrail.run(context, agent, output)
        span.span_data.triggered = result.output.tripwire_triggered
        return result


async def _gather_guardrails(
    coros: list[Awaitable[Any]],
    sink: list[Any],
    on_trip: Callable[[Any], BaseException],
    on_result: Callable[[Any], None] | None = None,
) -> None:
    """Run guardrails concurrently; record each result as it completes; on the first tripwire,
    cancel the others and raise."""
    tasks = [asyncio.ensure_future(c) for c in coros]
    try:
        for done in asyncio.as_completed(tasks):
            result = await done
            sink.append(result)
            if on_result is not None:
                on_result(result)
            if result.output.tripwire_triggered:
                for t in tasks:
                    t.cancel()
                await asyncio.gather(*tasks, return_exceptions=True)
                attach_error_to_current_span(
                    "Guardrail tripwire triggered", {"guardrail": result.guardrail.get_name()}
                )
                raise on_trip(result)
    except BaseException:
        for t in tasks:
            if not t.done():
                t.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        raise


async def run_input_guardrails(
    agent: Agent[Any],
    guardrails: list[InputGuardrail[Any]],
    input: str | list[TResponseInputItem],
    context: RunContextWrapper[Any],
    sink: list[InputGuardrailResult],
    on_result: Callable[[InputGuardrailResult], None] | None = None,
) -> None:
    if not guardrails:
        return
    await _gather_guardrails(
        [_run_single_input_guardrail(agent, g, input, context) for g in guardrails],
        sink,
        InputGuardrailTripwireTriggered,
        on_result,
    )


async def run_output_guardrails(
    guardrails: list[OutputGuardrail[Any]],
    agent: Agent[Any],
    output: Any,
    context: RunContextWrapper[Any],
    sink: list[OutputGuardrailResult],
) -> None:
    if not guardrails:
        return
    await _gather_guardrails(
        [_run_single_output_guardrail(g, agent, output, context) for g in guardrails],
        sink,
        OutputGuardrailTripwireTriggered,
    )
