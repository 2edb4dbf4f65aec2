"""A realtime session: one conversation with a realtime model."""

from __future__ import annotations

import asyncio
import dataclasses
import inspect
import json
from collections.abc import AsyncIterator, Callable
from functools import partial
from typing import Any, ClassVar, cast

from pydantic import BaseModel

from ..exceptions import (
    ToolInputGuardrailTripwireTriggered,
    ToolOutputGuardrailTripwireTriggered,
    UserError,
)
from ..guardrail import OutputGuardrail, OutputGuardrailResult
from ..handoffs import Handoff
from ..logger import logger
from ..run_context import RunContextWrapper, TContext
from ..tool import FunctionTool, Tool, invoke_function_tool
from ..tool_context import ToolContext
from ..tool_guardrails import ToolInputGuardrailData, ToolOutputGuardrailData
from ..util._dataclass import dataclass
from . import _history
from ._errors import RealtimeConnectionClosedError
from ._settings import filter_enabled_tools, settings_from_agent
from .agent import RealtimeAgent
from .config import RealtimeRunConfig, RealtimeSessionModelSettings, RealtimeUserInput
from .events import (
    RealtimeAgentEndEvent,
    RealtimeAgentStartEvent,
    RealtimeAudio,
    RealtimeAudioEnd,
    RealtimeAudioInterrupted,
    RealtimeError,
    RealtimeEventInfo,
    RealtimeGuardrailTripped,
    RealtimeHandoffEvent,
    RealtimeHistoryAdded,
    RealtimeHistoryUpdated,
    RealtimeInputAudioTimeoutTriggered,
    RealtimeRawModelEvent,
    RealtimeReconnected,
    RealtimeReconnecting,
    RealtimeSessionEvent,
    RealtimeToolApprovalRequired,
    RealtimeToolEnd,
    RealtimeToolStart,
)
from .handoffs import collect_enabled_handoffs, filter_enabled_handoffs
from .items import AssistantAudio, AssistantMessageItem, RealtimeItem
from .model import RealtimeModel, RealtimeModelConfig, RealtimeModelListener
from .model_events import RealtimeModelEvent, RealtimeModelToolCallEvent
from .model_inputs import (
    RealtimeModelSendAudio,
    RealtimeModelSendInterrupt,
    RealtimeModelSendRawMessage,
    RealtimeModelSendSessionUpdate,
    RealtimeModelSendToolOutput,
    RealtimeModelSendUserInput,
)

REJECTION_MESSAGE = "Tool execution was not approved."
_CLOSED = object()
_CANCEL_GRACE_SECONDS = 1.0
_SESSION_CLOSED = (
    "The realtime session is closed; start a new one with `await RealtimeRunner(...).run()`."
)


def _serialize_tool_output(output: Any) -> str:
    """Tool output as the string sent to the model (JSON for structured values)."""
    if isinstance(output, str):
        return output
    if isinstance(output, BaseModel):
        try:
            output = output.model_dump(mode="json")
        except Exception:
            return str(output)
    elif dataclasses.is_dataclass(output) and not isinstance(output, type):
        output = dataclasses.asdict(output)
    try:
        return json.dumps(output, ensure_ascii=False)
    except (TypeError, ValueError):
        return str(output)


@dataclass(frozen=True)
class _Dispatch:
    """The tools and handoffs an agent had when it was configured on the model."""

    agent: RealtimeAgent[Any]
    tools: tuple[Tool, ...]
    handoffs: tuple[Handoff[Any, Any], ...]


@dataclass
class _PendingApproval:
    call: RealtimeModelToolCallEvent
    agent: RealtimeAgent[Any]
    tool: FunctionTool


class RealtimeSession(RealtimeModelListener):
    """A conversation with a realtime model: send messages and audio, iterate over events.

    Use it as an async context manager (`async with await runner.run() as session:`) and iterate
    over it (`async for event in session:`). It keeps the history, runs tools and handoffs, and
    checks the agent's transcript with output guardrails.
    """

    def __init__(
        self,
        model: RealtimeModel,
        agent: RealtimeAgent[Any],
        context: TContext | None,
        model_config: RealtimeModelConfig | None = None,
        run_config: RealtimeRunConfig | None = None,
    ) -> None:
        self._model = model
        self._current_agent = agent
        self._context_wrapper: RunContextWrapper[Any] = RunContextWrapper(context)
        self._event_info = RealtimeEventInfo(context=self._context_wrapper)
        self._history: list[RealtimeItem] = []
        self._model_config: RealtimeModelConfig = model_config or {}
        self._run_config: RealtimeRunConfig = run_config or {}
        self._base_model_settings = cast(
            RealtimeSessionModelSettings,
            {
                **(self._run_config.get("model_settings") or {}),
                **(self._model_config.get("initial_model_settings") or {}),
            },
        )
        self._event_queue: asyncio.Queue[Any] = asyncio.Queue()
        self._waiters = 0
        self._closing = False
        self._closed = False
        self._stream_ended = False
        self._cleanup_task: asyncio.Task[None] | None = None
        self._stored_exception: BaseException | None = None
        self._dispatch: _Dispatch | None = None
        self._handled_calls: set[str] = set()
        self._pending_approvals: dict[str, _PendingApproval] = {}
        self._approval_decisions: dict[tuple[str, str], bool] = {}
        self._approval_always: dict[str, bool] = {}
        self._rejection_messages: dict[str, str] = {}
        self._interrupted_response_ids: set[str] = set()
        self._item_transcripts: dict[str, str] = {}
        self._item_guardrail_runs: dict[str, int] = {}
        self._generation = 0
        self._active_generation: int | None = None
        self._active_response_id: str | None = None
        self._active_agent: RealtimeAgent[Any] | None = None
        self._debounce = (self._run_config.get("guardrails_settings") or {}).get(
            "debounce_text_length", 100
        )
        self._guardrail_tasks: set[asyncio.Task[Any]] = set()
        self._guardrail_tasks_by_response: dict[str, set[asyncio.Task[Any]]] = {}
        self._awaiting_guardrail_cleanup: set[str] = set()
        self._tool_tasks: set[asyncio.Task[Any]] = set()
        self._async_tool_calls = bool(self._run_config.get("async_tool_calls", True))

    @property
    def model(self) -> RealtimeModel:
        """The underlying model, for extra listeners or low-level control."""
        return self._model

    @property
    def history(self) -> list[RealtimeItem]:
        """The conversation so far (agentkit addition; upstream exposes it through events)."""
        return list(self._history)

    # -- lifecycle --------------------------------------------------------------------------

    async def __aenter__(self) -> RealtimeSession:
        """Connect the model with the starting agent's settings."""
        config = cast(RealtimeModelConfig, dict(self._model_config))
        settings = await self._settings_for(
            self._current_agent, self._model_config.get("initial_model_settings")
        )
        config["initial_model_settings"] = settings
        self._dispatch = self._dispatch_from(self._current_agent, settings)
        self._model.add_listener(self)
        try:
            await self._model.connect(config)
        except BaseException:
            self._model.remove_listener(self)
            raise
        await self._put_event(RealtimeHistoryUpdated(history=self._history, info=self._event_info))
        return self

    async def enter(self) -> RealtimeSession:
        """Connect without `async with`; call `close()` when done."""
        return await self.__aenter__()

    async def __aexit__(self, *_exc: object) -> None:
        await self.close()

    async def __aiter__(self) -> AsyncIterator[RealtimeSessionEvent]:
        """The session's events, until it is closed or the model's stream ends."""
        while True:
            if (self._closing or self._closed or self._stream_ended) and self._event_queue.empty():
                return
            if self._stored_exception is not None:
                await self.close()
                raise self._stored_exception
            self._waiters += 1
            try:
                event = await self._event_queue.get()
            finally:
                self._waiters -= 1
            if event is _CLOSED:
                if self._waiters:
                    self._event_queue.put_nowait(event)
                return
            yield event

    async def close(self) -> None:
        """Close the session and its connection; background tools and guardrails are cancelled."""
        if self._closed:
            self._wake_iterators()
            return
        current = asyncio.current_task()
        if self._cleanup_task is not None and (
            current in self._guardrail_tasks or current in self._tool_tasks
        ):
            raise asyncio.CancelledError
        if self._cleanup_task is None:
            self._closing = True
            self._wake_iterators()
            self._cleanup_task = asyncio.create_task(self._cleanup())
        await asyncio.shield(self._cleanup_task)

    async def _cleanup(self) -> None:
        self._model.remove_listener(self)
        await self._cancel_background_tasks()
        self._interrupted_response_ids.clear()
        self._item_transcripts.clear()
        self._item_guardrail_runs.clear()
        self._guardrail_tasks_by_response.clear()
        try:
            await self._model.close()
        finally:
            self._pending_approvals.clear()
            self._closed = True
            self._wake_iterators()

    async def _cancel_background_tasks(self) -> None:
        tasks = self._guardrail_tasks | self._tool_tasks
        if not tasks:
            return
        for task in tasks:
            task.cancel()
        done, pending = await asyncio.wait(tasks, timeout=_CANCEL_GRACE_SECONDS)
        for task in done:
            if not task.cancelled():
                task.exception()
        self._guardrail_tasks.difference_update(done)
        self._tool_tasks.difference_update(done)
        if pending:
            logger.warning("Realtime session closed with %d task(s) still stopping", len(pending))

    def _wake_iterators(self) -> None:
        for _ in range(self._waiters):
            self._event_queue.put_nowait(_CLOSED)

    def _check_open(self) -> None:
        if self._closing or self._closed:
            raise RealtimeConnectionClosedError(_SESSION_CLOSED)

    # -- sending ----------------------------------------------------------------------------

    async def send_message(self, message: RealtimeUserInput) -> None:
        """Add a user message (text, or a message of text and images) and get a response."""
        self._check_open()
        await self._model.send_event(RealtimeModelSendUserInput(user_input=message))

    async def send_audio(self, audio: bytes, *, commit: bool = False) -> None:
        """Append audio to the input buffer (`commit=True` ends the user's turn when turn
        detection is off). Waits while the socket is slow (backpressure)."""
        self._check_open()
        await self._model.send_event(RealtimeModelSendAudio(audio=audio, commit=commit))

    async def interrupt(self) -> None:
        """Stop the agent: truncate its audio at the played position and cancel the response."""
        self._check_open()
        await self._model.send_event(RealtimeModelSendInterrupt())

    async def update_agent(self, agent: RealtimeAgent[Any]) -> None:
        """Switch to `agent`: its instructions, tools and handoffs are sent to the model."""
        self._check_open()
        settings = await self._settings_for(agent, None)
        self._current_agent = agent
        self._dispatch = self._dispatch_from(agent, settings)
        await self._model.send_event(RealtimeModelSendSessionUpdate(session_settings=settings))

    async def _settings_for(
        self, agent: RealtimeAgent[Any], starting: RealtimeSessionModelSettings | None
    ) -> RealtimeSessionModelSettings:
        return await settings_from_agent(
            agent=agent,
            context=self._context_wrapper,
            base=self._base_model_settings,
            starting=starting,
            run_config=self._run_config,
            validate=True,
        )

    @staticmethod
    def _dispatch_from(
        agent: RealtimeAgent[Any], settings: RealtimeSessionModelSettings
    ) -> _Dispatch:
        return _Dispatch(
            agent=agent,
            tools=tuple(settings.get("tools", [])),
            handoffs=tuple(settings.get("handoffs", [])),
        )

    # -- model events -----------------------------------------------------------------------

    async def _put_event(self, event: RealtimeSessionEvent) -> bool:
        if self._closing or self._closed:
            return False
        await self._event_queue.put(event)
        return True

    def _put_event_nowait(self, event: RealtimeSessionEvent) -> bool:
        if self._closing or self._closed:
            return False
        self._event_queue.put_nowait(event)
        return True

    async def on_event(self, event: RealtimeModelEvent) -> None:
        """Handle one model event: forward it raw, then as session events."""
        if self._closing or self._closed:
            return
        if not await self._put_event(RealtimeRawModelEvent(data=event, info=self._event_info)):
            return
        handler = self._HANDLERS.get(event.type)
        if handler is not None and not (self._closing or self._closed):
            await handler(self, event)

    async def _on_error(self, event: Any) -> None:
        await self._put_event(RealtimeError(info=self._event_info, error=event.error))

    async def _on_function_call(self, event: Any) -> None:
        agent = self._current_agent
        dispatch = self._dispatch if self._dispatch and self._dispatch.agent is agent else None
        if self._async_tool_calls:
            self._start_tool_task(event, agent, dispatch)
        else:
            await self._handle_tool_call(event, agent, dispatch)

    async def _on_audio(self, event: Any) -> None:
        if event.response_id not in self._interrupted_response_ids:
            await self._put_event(
                RealtimeAudio(
                    info=self._event_info,
                    audio=event,
                    item_id=event.item_id,
                    content_index=event.content_index,
                )
            )

    async def _on_audio_interrupted(self, event: Any) -> None:
        await self._put_event(
            RealtimeAudioInterrupted(
                info=self._event_info, item_id=event.item_id, content_index=event.content_index
            )
        )

    async def _on_audio_done(self, event: Any) -> None:
        await self._put_event(
            RealtimeAudioEnd(
                info=self._event_info, item_id=event.item_id, content_index=event.content_index
            )
        )

    async def _on_transcription(self, event: Any) -> None:
        before = len(self._history)
        self._history = _history.with_transcript(self._history, event)
        if len(self._history) > before:
            await self._put_event(
                RealtimeHistoryAdded(info=self._event_info, item=self._history[-1])
            )
        else:
            await self._put_event(
                RealtimeHistoryUpdated(info=self._event_info, history=self._history)
            )

    async def _on_timeout(self, event: Any) -> None:
        await self._put_event(RealtimeInputAudioTimeoutTriggered(info=self._event_info))

    async def _on_transcript_delta(self, event: Any) -> None:
        self._reconcile_response(event.response_id)
        self._record_output_delta(event.item_id, event.delta, event.response_id, is_audio=True)
        self._history = _history.with_item(
            self._history,
            AssistantMessageItem(
                item_id=event.item_id,
                content=[AssistantAudio(transcript=self._item_transcripts[event.item_id])],
            ),
        )

    async def _on_text_delta(self, event: Any) -> None:
        self._reconcile_response(event.response_id)
        self._record_output_delta(event.item_id, event.delta, event.response_id, is_audio=False)

    async def _on_item_updated(self, event: Any) -> None:
        incoming = event.item
        existing = next((i for i in self._history if i.item_id == incoming.item_id), None)
        try:
            incoming = _history.preserve_transcripts(existing, incoming, self._item_transcripts)
        except Exception:
            logger.error("Error merging transcripts", exc_info=True)
        self._history = _history.with_item(self._history, incoming)
        if existing is None:
            added = next(i for i in self._history if i.item_id == incoming.item_id)
            await self._put_event(RealtimeHistoryAdded(info=self._event_info, item=added))
        else:
            await self._put_event(
                RealtimeHistoryUpdated(info=self._event_info, history=self._history)
            )

    async def _on_item_deleted(self, event: Any) -> None:
        self._history = [i for i in self._history if i.item_id != event.item_id]
        await self._put_event(RealtimeHistoryUpdated(info=self._event_info, history=self._history))

    async def _on_end_of_stream(self, event: Any) -> None:
        self._stream_ended = True
        self._wake_iterators()

    async def _on_turn_started(self, event: Any) -> None:
        late = (
            event.response_id is not None
            and event.response_id == self._active_response_id
            and self._active_generation is not None
        )
        if not late:
            self._generation += 1
            self._active_generation = self._generation
            self._active_response_id = event.response_id
            self._active_agent = self._current_agent
        await self._put_event(
            RealtimeAgentStartEvent(agent=self._current_agent, info=self._event_info)
        )

    async def _on_usage(self, event: Any) -> None:
        self._context_wrapper.usage.add(event.usage)

    async def _on_turn_ended(self, event: Any) -> None:
        response_id = event.response_id or self._active_response_id
        if response_id is not None:
            self._finish_response_guardrails(response_id)
        if event.response_id is not None and event.response_id != self._active_response_id:
            return
        ended = self._active_agent or self._current_agent
        self._item_transcripts.clear()
        self._item_guardrail_runs.clear()
        self._active_generation = self._active_response_id = self._active_agent = None
        await self._put_event(RealtimeAgentEndEvent(agent=ended, info=self._event_info))

    async def _on_exception(self, event: Any) -> None:
        self._stored_exception = event.exception

    async def _on_reconnecting(self, event: Any) -> None:
        await self._put_event(
            RealtimeReconnecting(
                attempt=event.attempt, delay=event.delay, reason=event.reason, info=self._event_info
            )
        )

    async def _on_reconnected(self, event: Any) -> None:
        """Replay the history on the new connection, then report it."""
        self._interrupted_response_ids.clear()
        self._item_transcripts.clear()
        self._item_guardrail_runs.clear()
        self._active_generation = self._active_response_id = self._active_agent = None
        for item in _history.restore_items(self._history):
            await self._model.send_event(
                RealtimeModelSendRawMessage(
                    message={"type": "conversation.item.create", "other_data": {"item": item}}
                )
            )
        await self._put_event(RealtimeReconnected(attempt=event.attempt, info=self._event_info))

    _HANDLERS: ClassVar[dict[str, Callable[[RealtimeSession, Any], Any]]] = {
        "error": _on_error,
        "function_call": _on_function_call,
        "audio": _on_audio,
        "audio_interrupted": _on_audio_interrupted,
        "audio_done": _on_audio_done,
        "input_audio_transcription_completed": _on_transcription,
        "input_audio_timeout_triggered": _on_timeout,
        "transcript_delta": _on_transcript_delta,
        "output_text_delta": _on_text_delta,
        "item_updated": _on_item_updated,
        "item_deleted": _on_item_deleted,
        "end_of_stream": _on_end_of_stream,
        "turn_started": _on_turn_started,
        "usage": _on_usage,
        "turn_ended": _on_turn_ended,
        "exception": _on_exception,
        "reconnecting": _on_reconnecting,
        "reconnected": _on_reconnected,
    }

    # -- tool calls -------------------------------------------------------------------------

    def _start_tool_task(
        self,
        call: RealtimeModelToolCallEvent,
        agent: RealtimeAgent[Any],
        dispatch: _Dispatch | None,
        *,
        approved: bool = False,
    ) -> None:
        if self._closing or self._closed:
            return
        task = asyncio.create_task(self._handle_tool_call(call, agent, dispatch, approved=approved))
        self._tool_tasks.add(task)
        task.add_done_callback(self._on_tool_task_done)

    def _on_tool_task_done(self, task: asyncio.Task[Any]) -> None:
        self._tool_tasks.discard(task)
        if task.cancelled():
            return
        exception = task.exception()
        if exception is None or self._closing or self._closed:
            return
        logger.error("Realtime tool call task failed", exc_info=exception)
        if self._stored_exception is None:
            self._stored_exception = exception
        self._put_event_nowait(
            RealtimeError(info=self._event_info, error={"message": "Tool call task failed"})
        )

    async def _resolve_dispatch(
        self, agent: RealtimeAgent[Any], dispatch: _Dispatch | None
    ) -> _Dispatch:
        if dispatch is None and self._dispatch is not None and self._dispatch.agent is agent:
            dispatch = self._dispatch
        if dispatch is None:
            tools, handoffs = await asyncio.gather(
                agent.get_all_tools(self._context_wrapper),
                collect_enabled_handoffs(agent, self._context_wrapper),
            )
            dispatch = _Dispatch(agent, tuple(tools), tuple(handoffs))
        tools_enabled, handoffs_enabled = await asyncio.gather(
            filter_enabled_tools(dispatch.tools, self._context_wrapper, agent),
            filter_enabled_handoffs(dispatch.handoffs, self._context_wrapper, agent),
        )
        return _Dispatch(agent, tuple(tools_enabled), tuple(handoffs_enabled))

    async def _handle_tool_call(
        self,
        call: RealtimeModelToolCallEvent,
        agent: RealtimeAgent[Any],
        dispatch: _Dispatch | None,
        *,
        approved: bool = False,
    ) -> None:
        if not approved:
            if call.call_id in self._handled_calls or call.call_id in self._pending_approvals:
                return
            self._handled_calls.add(call.call_id)
        resolved = await self._resolve_dispatch(agent, dispatch)
        if self._closing or self._closed:
            return
        functions = {t.name: t for t in resolved.tools if isinstance(t, FunctionTool)}
        handoffs = {h.tool_name: h for h in resolved.handoffs}
        if call.name in functions:
            await self._run_function_tool(call, agent, functions[call.name], approved=approved)
        elif call.name in handoffs:
            await self._run_handoff(call, agent, handoffs[call.name])
        else:
            message = f"Tool {call.name} not found"
            await self._send_tool_output(call, message, start_response=False)
            await self._put_event(RealtimeError(info=self._event_info, error={"message": message}))

    def _tool_context(
        self, call: RealtimeModelToolCallEvent, agent: RealtimeAgent[Any]
    ) -> ToolContext[Any]:
        return ToolContext.from_agent_context(
            self._context_wrapper,
            call.call_id,
            agent=agent,
            tool_name=call.name,
            tool_arguments=call.arguments,
        )

    async def _run_function_tool(
        self,
        call: RealtimeModelToolCallEvent,
        agent: RealtimeAgent[Any],
        tool: FunctionTool,
        *,
        approved: bool,
    ) -> None:
        if not approved:
            decision = await self._approval_decision(call, agent, tool)
            if decision is None:
                return
            if decision is False:
                await self._send_rejection(call, agent, tool)
                return
        context = self._tool_context(call, agent)
        rejected = await self._run_input_guardrails(tool, context, agent)
        if self._closing or self._closed:
            return
        if rejected is not None:
            await self._finish_tool(call, agent, tool, rejected, rejected)
            return
        await self._put_event(
            RealtimeToolStart(
                info=self._event_info, tool=tool, agent=agent, arguments=call.arguments
            )
        )
        result = await invoke_function_tool(
            function_tool=tool, context=context, arguments=call.arguments
        )
        if self._closing or self._closed:
            return
        result = await self._run_output_guardrails_on_tool(tool, context, agent, result)
        await self._finish_tool(call, agent, tool, _serialize_tool_output(result), result)

    async def _finish_tool(
        self,
        call: RealtimeModelToolCallEvent,
        agent: RealtimeAgent[Any],
        tool: FunctionTool,
        output: str,
        raw_output: Any,
    ) -> None:
        if not await self._send_tool_output(call, output, start_response=True):
            return
        self._put_event_nowait(
            RealtimeToolEnd(
                info=self._event_info,
                tool=tool,
                output=raw_output,
                agent=agent,
                arguments=call.arguments,
            )
        )

    async def _send_tool_output(
        self,
        call: RealtimeModelToolCallEvent,
        output: str,
        *,
        start_response: bool,
        session_update: RealtimeSessionModelSettings | None = None,
    ) -> bool:
        if self._closing or self._closed:
            return False
        if session_update is not None:
            await self._model.send_event(
                RealtimeModelSendSessionUpdate(session_settings=session_update)
            )
            if self._closing or self._closed:
                return False
        await self._model.send_event(
            RealtimeModelSendToolOutput(
                tool_call=call, output=output, start_response=start_response
            )
        )
        return True

    async def _run_input_guardrails(
        self, tool: FunctionTool, context: ToolContext[Any], agent: RealtimeAgent[Any]
    ) -> str | None:
        for guardrail in tool.tool_input_guardrails or []:
            result = await guardrail.run(
                ToolInputGuardrailData(context=context, agent=cast(Any, agent))
            )
            if result.behavior["type"] == "raise_exception":
                raise ToolInputGuardrailTripwireTriggered(guardrail=guardrail, output=result)
            if result.behavior["type"] == "reject_content":
                return result.behavior["message"]
        return None

    async def _run_output_guardrails_on_tool(
        self, tool: FunctionTool, context: ToolContext[Any], agent: RealtimeAgent[Any], output: Any
    ) -> Any:
        for guardrail in tool.tool_output_guardrails or []:
            data = ToolOutputGuardrailData(context=context, agent=cast(Any, agent), output=output)
            result = await guardrail.run(data)
            if result.behavior["type"] == "raise_exception":
                raise ToolOutputGuardrailTripwireTriggered(guardrail=guardrail, output=result)
            if result.behavior["type"] == "reject_content":
                return result.behavior["message"]
        return output

    async def _run_handoff(
        self,
        call: RealtimeModelToolCallEvent,
        agent: RealtimeAgent[Any],
        handoff: Handoff[Any, Any],
    ) -> None:
        target = await handoff.on_invoke_handoff(self._context_wrapper, call.arguments)
        if self._closing or self._closed:
            return
        if not isinstance(target, RealtimeAgent):
            raise UserError(f"Handoff {handoff.tool_name} returned invalid result: {type(target)}")
        settings = await self._settings_for(target, None)
        if self._closing or self._closed:
            return
        self._current_agent = target
        self._dispatch = self._dispatch_from(target, settings)
        await self._put_event(
            RealtimeHandoffEvent(from_agent=agent, to_agent=target, info=self._event_info)
        )
        await self._send_tool_output(
            call, handoff.get_transfer_message(target), start_response=True, session_update=settings
        )

    # -- tool approvals ---------------------------------------------------------------------

    async def _needs_approval(self, call: RealtimeModelToolCallEvent, tool: FunctionTool) -> bool:
        # The run loop's rule: a callable never sees arguments it cannot inspect (fails closed).
        from .._run.approvals import call_needs_approval

        return await call_needs_approval(tool, self._context_wrapper, call.arguments, call.call_id)

    async def _approval_decision(
        self, call: RealtimeModelToolCallEvent, agent: RealtimeAgent[Any], tool: FunctionTool
    ) -> bool | None:
        """True: run it; False: reject it; None: an approval was requested."""
        known = self._approval_always.get(tool.name)
        if known is None:
            known = self._approval_decisions.get((tool.name, call.call_id))
        if known is not None:
            return known
        if not await self._needs_approval(call, tool):
            return True
        if self._pre_approval_guardrails():
            rejected = await self._run_input_guardrails(
                tool, self._tool_context(call, agent), agent
            )
            if rejected is not None:
                await self._finish_tool(call, agent, tool, rejected, rejected)
                return None
        if self._closing or self._closed:
            return None
        self._pending_approvals[call.call_id] = _PendingApproval(call, agent, tool)
        await self._put_event(
            RealtimeToolApprovalRequired(
                agent=agent,
                tool=tool,
                call_id=call.call_id,
                arguments=call.arguments,
                info=self._event_info,
            )
        )
        return None

    def _pre_approval_guardrails(self) -> bool:
        execution = self._run_config.get("tool_execution") or {}
        return execution.get("pre_approval_tool_input_guardrails", False) is True

    async def approve_tool_call(self, call_id: str, *, always: bool = False) -> None:
        """Run the pending tool call `call_id` (and, with `always`, every later call of the tool)."""
        if self._closing or self._closed:
            return
        pending = self._pending_approvals.pop(call_id, None)
        if pending is None:
            return
        self._approval_decisions[(pending.tool.name, call_id)] = True
        if always:
            self._approval_always[pending.tool.name] = True
        if self._async_tool_calls:
            self._start_tool_task(pending.call, pending.agent, None, approved=True)
        else:
            await self._handle_tool_call(pending.call, pending.agent, None, approved=True)

    async def reject_tool_call(
        self, call_id: str, *, always: bool = False, rejection_message: str | None = None
    ) -> None:
        """Refuse the pending tool call `call_id`; the model is told (`rejection_message`, or the
        run's `tool_error_formatter`, or a default message)."""
        if self._closing or self._closed:
            return
        pending = self._pending_approvals.pop(call_id, None)
        if pending is None:
            return
        self._approval_decisions[(pending.tool.name, call_id)] = False
        if always:
            self._approval_always[pending.tool.name] = False
        if rejection_message is not None:
            self._rejection_messages[call_id] = rejection_message
        await self._send_rejection(pending.call, pending.agent, pending.tool)

    async def _send_rejection(
        self, call: RealtimeModelToolCallEvent, agent: RealtimeAgent[Any], tool: FunctionTool
    ) -> None:
        message = self._rejection_messages.pop(call.call_id, None)
        if message is None:
            message = await self._formatted_rejection(call, tool)
        await self._finish_tool(call, agent, tool, message, message)

    async def _formatted_rejection(
        self, call: RealtimeModelToolCallEvent, tool: FunctionTool
    ) -> str:
        formatter = self._run_config.get("tool_error_formatter")
        if formatter is None:
            return REJECTION_MESSAGE
        try:
            from ..run_config import ToolErrorFormatterArgs

            args_type: Any = ToolErrorFormatterArgs
            result = formatter(
                args_type(
                    kind="approval_rejected",
                    tool_type="function",
                    tool_name=tool.name,
                    call_id=call.call_id,
                    default_message=REJECTION_MESSAGE,
                    run_context=self._context_wrapper,
                )
            )
            if inspect.isawaitable(result):
                result = await result
        except Exception:
            logger.error("Tool error formatter failed", exc_info=True)
            return REJECTION_MESSAGE
        return result if isinstance(result, str) else REJECTION_MESSAGE

    # -- output guardrails ------------------------------------------------------------------

    def _reconcile_response(self, response_id: str) -> None:
        if self._active_generation is None:
            self._generation += 1
            self._active_generation = self._generation
            self._active_response_id = response_id
            self._active_agent = self._current_agent
        elif self._active_response_id is None:
            self._active_response_id = response_id

    def _record_output_delta(
        self, item_id: str, delta: str, response_id: str, *, is_audio: bool
    ) -> None:
        text = self._item_transcripts.get(item_id, "") + delta
        self._item_transcripts[item_id] = text
        runs = self._item_guardrail_runs.setdefault(item_id, 0)
        threshold = self._debounce
        if len(text) < (runs + 1) * threshold:
            return
        crossed = len(text) // threshold if threshold > 0 else 1
        self._item_guardrail_runs[item_id] = max(runs + 1, crossed)
        if self._closing or self._closed:
            return
        task = asyncio.create_task(
            self._run_output_guardrails(
                text,
                response_id,
                agent=self._active_agent,
                generation=self._active_generation,
                is_audio=is_audio,
            )
        )
        self._guardrail_tasks.add(task)
        self._guardrail_tasks_by_response.setdefault(response_id, set()).add(task)
        task.add_done_callback(partial(self._on_guardrail_done, response_id=response_id))

    def _guardrails_for(self, agent: RealtimeAgent[Any]) -> list[OutputGuardrail[Any]]:
        seen: set[int] = set()
        out: list[OutputGuardrail[Any]] = []
        for guardrail in [
            *agent.output_guardrails,
            *(self._run_config.get("output_guardrails") or []),
        ]:
            if id(guardrail) not in seen:
                seen.add(id(guardrail))
                out.append(guardrail)
        return out

    async def _tripped_results(
        self, text: str, agent: RealtimeAgent[Any], guardrails: list[OutputGuardrail[Any]]
    ) -> list[OutputGuardrailResult]:
        tripped = []
        for guardrail in guardrails:
            try:
                result = await guardrail.run(self._context_wrapper, cast(Any, agent), text)
            except Exception:
                logger.warning("Output guardrail raised an exception; skipping it", exc_info=True)
                continue
            if result.output.tripwire_triggered:
                tripped.append(result)
        return tripped

    async def _run_output_guardrails(
        self,
        text: str,
        response_id: str,
        *,
        agent: RealtimeAgent[Any] | None,
        generation: int | None,
        is_audio: bool,
    ) -> bool:
        """Run the output guardrails on `text`; True when one tripped (and the response was
        interrupted and the model told)."""
        source = agent if agent is not None else self._current_agent
        guardrails = self._guardrails_for(source)
        if not guardrails or response_id in self._interrupted_response_ids or self._closing:
            return False
        tripped = await self._tripped_results(text, source, guardrails)
        if (
            not tripped
            or response_id in self._interrupted_response_ids
            or self._closing
            or self._closed
        ):
            return False
        self._interrupted_response_ids.add(response_id)
        event = RealtimeGuardrailTripped(
            guardrail_results=tripped, message=text, info=self._event_info
        )
        if not await self._put_event(event) or self._closing or self._closed:
            return False
        stale = generation is not None and generation != self._generation
        await self._interrupt_for_guardrail(response_id, generation, is_audio, stale)
        if stale or self._closing or self._closed:
            return True
        names = ", ".join(r.guardrail.get_name() for r in tripped)
        feedback = RealtimeModelSendUserInput(user_input=f"guardrail triggered: {names}")
        if generation is None:
            await self._model.send_event(feedback)
        else:
            await self._model.send_event_if(feedback, lambda: generation == self._generation)
        return True

    async def _interrupt_for_guardrail(
        self, response_id: str, generation: int | None, is_audio: bool, stale: bool
    ) -> None:
        if generation is None:
            await self._model.send_event(RealtimeModelSendInterrupt(force_response_cancel=True))
        elif not stale and generation == self._active_generation:
            await self._model.send_event(
                RealtimeModelSendInterrupt(
                    force_response_cancel=True,
                    response_id=response_id,
                    cancel_response_only=not is_audio,
                )
            )
        elif is_audio:
            await self._model.send_event(
                RealtimeModelSendInterrupt(response_id=response_id, playback_only=True)
            )

    def _on_guardrail_done(self, task: asyncio.Task[Any], *, response_id: str) -> None:
        self._guardrail_tasks.discard(task)
        tasks = self._guardrail_tasks_by_response.get(response_id)
        if tasks is not None:
            tasks.discard(task)
            if not tasks:
                del self._guardrail_tasks_by_response[response_id]
        retire = (
            response_id in self._awaiting_guardrail_cleanup
            and response_id not in self._guardrail_tasks_by_response
        )
        if retire:
            self._awaiting_guardrail_cleanup.discard(response_id)
        if task.cancelled():
            return
        exception = task.exception()
        if self._closing or self._closed:
            return
        if retire:
            self._retire_response(response_id)
        if exception is not None:
            self._put_event_nowait(
                RealtimeError(
                    info=self._event_info, error={"message": f"Guardrail task failed: {exception}"}
                )
            )

    def _finish_response_guardrails(self, response_id: str) -> None:
        if response_id in self._guardrail_tasks_by_response:
            self._awaiting_guardrail_cleanup.add(response_id)
        else:
            self._retire_response(response_id)

    def _retire_response(self, response_id: str) -> None:
        try:
            self._model._retire_response_audio(response_id)
        except Exception as exc:
            self._put_event_nowait(
                RealtimeError(
                    info=self._event_info,
                    error={"message": f"Response audio cleanup failed: {exc}"},
                )
            )
        finally:
            self._interrupted_response_ids.discard(response_id)
