"""VoicePipeline with the scripted doubles: event order, audio, errors, cancellation, spans,
configuration, workflows."""

from __future__ import annotations

import asyncio
from typing import Any

import numpy as np
import pytest
from agentkit.voice import (
    AudioInput,
    SingleAgentVoiceWorkflow,
    SingleAgentWorkflowCallbacks,
    StreamedAudioInput,
    StreamedTranscriptionSession,
    STTModel,
    STTModelSettings,
    TTSModel,
    TTSModelSettings,
    VoiceModelProvider,
    VoicePipeline,
    VoicePipelineConfig,
    VoiceStreamEventAudio,
)
from agentkit.voice.testing import (
    ScriptedSTTModel,
    ScriptedTranscriptionSession,
    ScriptedTTSModel,
    ScriptedVoiceWorkflow,
    pcm16_samples,
)

from agentkit import Agent, handoff
from agentkit.exceptions import UserError
from agentkit.testing import ScriptedModel, assistant_message, function_call
from tests.voice.voice_support import SpanRecorder, collect, describe

SILENCE = AudioInput(np.zeros(2400, dtype=np.int16))


def pipeline(workflow: Any, stt: Any = None, tts: Any = None, **config: Any) -> VoicePipeline:
    return VoicePipeline(
        workflow=workflow,
        stt_model=stt or ScriptedSTTModel("hello"),
        tts_model=tts or ScriptedTTSModel(),
        config=VoicePipelineConfig(**config) if config else None,
    )


async def test_one_turn_speaks_each_sentence_in_order() -> None:
    tts = ScriptedTTSModel([[pcm16_samples(range(300))], [pcm16_samples([7, 8, 9])]])
    workflow = ScriptedVoiceWorkflow([["Hello there. ", "How are you today? ", "Fine"]])
    stt = ScriptedSTTModel("hi there")

    result = await pipeline(workflow, stt, tts).run(SILENCE)
    events, error = await collect(result)

    assert error is None
    assert [describe(e) for e in events] == [
        "turn_started",
        ("audio", 300),
        ("audio", 3),
        "turn_ended",
        "session_ended",
    ]
    assert events[1].data.tolist() == list(range(300))
    assert events[2].data.dtype == np.int16 and events[2].data.tolist() == [7, 8, 9]
    assert [c.text for c in tts.calls] == ["Hello there. How are you today?", "Fine"]
    assert workflow.transcriptions == ("hi there",)
    assert result.total_output_text == "Hello there. How are you today? Fine"
    assert np.array_equal(stt.calls[0].input.buffer, SILENCE.buffer)
    for double in (tts, workflow, stt):
        double.assert_complete()


async def test_speech_is_fetched_concurrently_but_delivered_in_order() -> None:
    release_first = asyncio.Event()

    class SlowFirst(TTSModel):
        model_name = "slow"  # type: ignore[assignment]

        def __init__(self) -> None:
            self.started: list[str] = []

        async def run(self, text: str, settings: TTSModelSettings) -> Any:
            self.started.append(text)
            if text.startswith("First"):
                await release_first.wait()
            yield pcm16_samples([1 if text.startswith("First") else 2])

    tts = SlowFirst()
    workflow = ScriptedVoiceWorkflow(
        [["First sentence is long. ", "Second sentence is long. ", "x"]]
    )
    result = await pipeline(workflow, tts=tts).run(SILENCE)
    stream = result.stream()
    assert describe(await stream.__anext__()) == "turn_started"
    while len(tts.started) < 3:  # all three segments requested before the first answers
        await asyncio.sleep(0.01)
    release_first.set()
    rest = [e async for e in stream]
    assert [e.data.tolist() for e in rest if isinstance(e, VoiceStreamEventAudio)] == [
        [1],
        [2],
        [2],
    ]


async def test_buffer_size_groups_chunks_and_carries_half_samples() -> None:
    tts = ScriptedTTSModel([[b"\x01", b"\x00\x02", b"\x00", b"\x03"]])
    result = await pipeline(
        ScriptedVoiceWorkflow([["Hi"]]),
        tts=tts,
        tts_settings=TTSModelSettings(buffer_size=2, dtype=np.float32),
    ).run(SILENCE)
    events, error = await collect(result)
    audio = [e.data for e in events if isinstance(e, VoiceStreamEventAudio)]
    assert error is None
    assert [a.shape for a in audio] == [(1, 1), (1, 1), (1, 1)]
    assert [round(float(a[0, 0]) * 32767) for a in audio] == [1, 2, 3]
    assert all(a.dtype == np.float32 for a in audio)


async def test_transform_data_shapes_every_chunk() -> None:
    tts = ScriptedTTSModel([[pcm16_samples([1, 2, 3, 4])]])
    settings = TTSModelSettings(transform_data=lambda a: a.reshape(-1, 2) * 2)
    result = await pipeline(ScriptedVoiceWorkflow([["Hi"]]), tts=tts, tts_settings=settings).run(
        SILENCE
    )
    events, _ = await collect(result)
    (audio,) = [e.data for e in events if isinstance(e, VoiceStreamEventAudio)]
    assert audio.tolist() == [[2, 4], [6, 8]]


async def test_an_unsupported_output_dtype_is_a_clear_error() -> None:
    tts = ScriptedTTSModel([[pcm16_samples([1])]])
    result = await pipeline(
        ScriptedVoiceWorkflow([["Hi"]]), tts=tts, tts_settings={"dtype": np.float64}
    ).run(SILENCE)
    events, error = await collect(result)
    assert [describe(e) for e in events] == ["turn_started", "session_ended"]
    assert isinstance(error, UserError) and "np.int16 or np.float32" in str(error)


async def test_failing_transcription_raises_from_stream() -> None:
    workflow = ScriptedVoiceWorkflow([["never"]])
    result = await pipeline(workflow, ScriptedSTTModel([RuntimeError("stt down")])).run(SILENCE)
    events, error = await collect(result)
    assert events == [] and isinstance(error, RuntimeError) and str(error) == "stt down"
    assert workflow.transcriptions == ()
    assert result.text_generation_task is not None and result.text_generation_task.done()


async def test_failing_speech_ends_the_session_then_raises() -> None:
    result = await pipeline(
        ScriptedVoiceWorkflow([["Hello"]]), tts=ScriptedTTSModel([RuntimeError("tts down")])
    ).run(SILENCE)
    events, error = await collect(result)
    assert [describe(e) for e in events] == ["turn_started", "session_ended"]
    assert isinstance(error, RuntimeError) and str(error) == "tts down"


async def test_failing_workflow_raises_from_stream() -> None:
    result = await pipeline(
        ScriptedVoiceWorkflow([ValueError("bad agent")]), tts=ScriptedTTSModel()
    ).run(SILENCE)
    events, error = await collect(result)
    assert events == [] and isinstance(error, ValueError)


async def test_a_workflow_that_says_nothing_just_ends_the_session() -> None:
    result = await pipeline(ScriptedVoiceWorkflow([[]]), tts=ScriptedTTSModel()).run(SILENCE)
    events, error = await collect(result)
    assert [describe(e) for e in events] == ["session_ended"] and error is None


async def test_streamed_input_greets_then_speaks_one_turn_per_transcript() -> None:
    session = ScriptedTranscriptionSession(["first", "second"])
    stt = ScriptedSTTModel(sessions=[session])
    tts = ScriptedTTSModel(
        [[b"\x01\x00" * 10], [b"\x02\x00" * 5], [b"\x03\x00" * 4], [b"\x04\x00"]]
    )
    workflow = ScriptedVoiceWorkflow(
        [["One."], ["Two two two two two two two. Three"]], start="Welcome"
    )
    streamed = StreamedAudioInput()

    result = await pipeline(workflow, stt, tts).run(streamed)
    events, error = await collect(result)

    assert error is None
    assert [describe(e) for e in events] == [
        "turn_started", ("audio", 10), "turn_ended",
        "turn_started", ("audio", 5), "turn_ended",
        "turn_started", ("audio", 4), ("audio", 1), "turn_ended",
        "session_ended",
    ]  # fmt: skip
    assert workflow.transcriptions == ("first", "second")
    assert session.closed and session.close_calls == 1
    assert stt.session_calls[0].input is streamed
    for double in (stt, tts, workflow):
        double.assert_complete()


async def test_a_failing_greeting_is_skipped() -> None:
    workflow = ScriptedVoiceWorkflow([["Hi."]], start=RuntimeError("no greeting"))
    stt = ScriptedSTTModel(sessions=[["hello"]])
    result = await pipeline(workflow, stt, ScriptedTTSModel([[b"\x01\x00"]])).run(
        StreamedAudioInput()
    )
    events, error = await collect(result)
    assert error is None
    assert [describe(e) for e in events] == [
        "turn_started",
        ("audio", 1),
        "turn_ended",
        "session_ended",
    ]


async def test_transcription_session_failure_closes_the_session_and_raises() -> None:
    session = ScriptedTranscriptionSession(["a", ConnectionError("socket gone")])
    result = await pipeline(
        ScriptedVoiceWorkflow([["One."]]),
        ScriptedSTTModel(sessions=[session]),
        ScriptedTTSModel([[b"\x01\x00"]]),
    ).run(StreamedAudioInput())
    events, error = await collect(result)
    assert [describe(e) for e in events] == ["turn_started", ("audio", 1), "turn_ended"]
    assert isinstance(error, ConnectionError)
    assert session.closed


async def test_a_close_error_is_raised_when_nothing_else_failed() -> None:
    session = ScriptedTranscriptionSession(["a"], close_error=OSError("close failed"))
    result = await pipeline(
        ScriptedVoiceWorkflow([["One."]]),
        ScriptedSTTModel(sessions=[session]),
        ScriptedTTSModel([[b"\x01\x00"]]),
    ).run(StreamedAudioInput())
    events, error = await collect(result)
    assert [describe(e) for e in events] == ["turn_started", ("audio", 1), "turn_ended"]
    assert isinstance(error, OSError) and str(error) == "close failed"


class _EndlessSession(StreamedTranscriptionSession):
    """Hands out a turn, then waits forever (a live microphone); records its close."""

    def __init__(self) -> None:
        self.closed = asyncio.Event()

    async def transcribe_turns(self) -> Any:
        yield "hello"
        await asyncio.Event().wait()

    async def close(self) -> None:
        self.closed.set()


class _EndlessSTT(ScriptedSTTModel):
    def __init__(self, session: _EndlessSession) -> None:
        super().__init__()
        self.session = session

    async def create_session(self, *args: Any, **kwargs: Any) -> StreamedTranscriptionSession:
        return self.session


async def test_leaving_the_stream_early_cancels_the_pipeline_and_closes_the_session() -> None:
    session = _EndlessSession()
    result = await pipeline(
        ScriptedVoiceWorkflow([["One."]]), _EndlessSTT(session), ScriptedTTSModel([[b"\x01\x00"]])
    ).run(StreamedAudioInput())
    stream = result.stream()
    seen = [describe(await stream.__anext__()) for _ in range(3)]
    await stream.aclose()

    assert seen == ["turn_started", ("audio", 1), "turn_ended"]
    assert session.closed.is_set()
    assert result.text_generation_task is not None and result.text_generation_task.cancelled()


async def test_cancelling_the_consumer_cancels_the_pipeline_and_closes_the_session() -> None:
    session = _EndlessSession()
    result = await pipeline(
        ScriptedVoiceWorkflow([["One."]]), _EndlessSTT(session), ScriptedTTSModel([[b"\x01\x00"]])
    ).run(StreamedAudioInput())

    async def consume() -> None:
        async for _ in result.stream():
            pass

    consumer = asyncio.create_task(consume())
    await asyncio.sleep(0.05)
    consumer.cancel()
    with pytest.raises(asyncio.CancelledError):
        await consumer
    assert session.closed.is_set()
    producer = result.text_generation_task
    assert producer is not None and producer.done()
    leftover = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
    assert leftover == []


async def test_spans_record_the_turn_and_each_speech_segment(spans: SpanRecorder) -> None:
    tts = ScriptedTTSModel([[pcm16_samples([1, 2])], [pcm16_samples([3])]], model_name="tts-x")
    config = {
        "workflow_name": "Voice test",
        "group_id": "group_1",
        "trace_metadata": {"k": "v"},
        "tts_settings": TTSModelSettings(voice="coral", speed=1.5, instructions="Calm."),
    }
    result = await pipeline(
        ScriptedVoiceWorkflow([["The first sentence is here. ", "Then more"]]), tts=tts, **config
    ).run(SILENCE)
    await collect(result)

    (trace,) = spans.traces
    assert (trace.name, trace.group_id, trace.metadata) == ("Voice test", "group_1", {"k": "v"})
    (group,) = spans.of_type("speech_group")
    speech = spans.of_type("speech")
    assert group.span_data.input == "The first sentence is here. Then more"
    assert [s.span_data.input for s in speech] == ["The first sentence is here.", "Then more"]
    assert all(s.parent_id == group.span_id for s in speech)
    assert speech[0].span_data.model == "tts-x"
    assert speech[0].span_data.model_config == {
        "voice": "coral",
        "instructions": "Calm.",
        "speed": 1.5,
    }
    assert speech[0].span_data.output == "AQACAA=="  # base64 of the PCM
    assert speech[0].span_data.first_content_at is not None
    assert speech[0].span_data.export()["output"] == {"data": "AQACAA==", "format": "pcm"}


async def test_sensitive_data_stays_out_of_spans_when_disabled(spans: SpanRecorder) -> None:
    tts = ScriptedTTSModel([[pcm16_samples([1, 2])], RuntimeError("secret failure")])
    result = await pipeline(
        ScriptedVoiceWorkflow([["The first sentence is here. ", "Then more"]]),
        tts=tts,
        trace_include_sensitive_data=False,
        trace_include_sensitive_audio_data=False,
    ).run(SILENCE)
    _, error = await collect(result)
    assert isinstance(error, RuntimeError)
    speech = spans.of_type("speech")
    assert [s.span_data.input for s in speech] == ["", ""]
    assert speech[0].span_data.output == ""
    assert speech[0].span_data.model_config["instructions"] is None
    failed = [s for s in speech if s.error]
    assert failed[0].error == {"message": "Error details are redacted.", "data": {"text": ""}}


async def test_tracing_disabled_records_nothing(spans: SpanRecorder) -> None:
    result = await pipeline(
        ScriptedVoiceWorkflow([["Hi"]]),
        tts=ScriptedTTSModel([[b"\x01\x00"]]),
        tracing_disabled=True,
    ).run(SILENCE)
    await collect(result)
    assert spans.traces == [] and spans.spans == []


class _Provider(VoiceModelProvider):
    def __init__(self) -> None:
        self.asked: list[tuple[str, str | None]] = []

    def get_stt_model(self, model_name: str | None) -> STTModel:
        self.asked.append(("stt", model_name))
        return ScriptedSTTModel("hi", model_name=model_name or "default-stt")

    def get_tts_model(self, model_name: str | None) -> TTSModel:
        self.asked.append(("tts", model_name))
        return ScriptedTTSModel([[b"\x01\x00"]], model_name=model_name or "default-tts")


async def test_models_named_or_omitted_come_from_the_provider() -> None:
    provider = _Provider()
    voice = VoicePipeline(
        workflow=ScriptedVoiceWorkflow([["Hi"]]),
        stt_model="my-stt",
        config={"model_provider": provider},
    )
    _, error = await collect(await voice.run(SILENCE))
    assert error is None and provider.asked == [("tts", None), ("stt", "my-stt")]
    assert voice.tts_model is not None and voice.tts_model.model_name == "default-tts"


def test_config_accepts_dicts_and_rejects_unknown_settings() -> None:
    config = VoicePipelineConfig(stt_settings={"language": "fr"}, tts_settings={"voice": "nova"})
    assert config.stt_settings == STTModelSettings(language="fr")
    assert config.tts_settings.voice == "nova"
    with pytest.raises(TypeError, match=r"Unknown voice\.tts settings: colour"):
        VoicePipelineConfig(tts_settings={"colour": "blue"})
    with pytest.raises(TypeError, match=r"Unknown voice\.pipeline settings: worfklow_name"):
        VoicePipeline(workflow=ScriptedVoiceWorkflow(), config={"worfklow_name": "x"})


def test_config_defaults_and_legacy_positional_order() -> None:
    provider = _Provider()
    config = VoicePipelineConfig(provider, False, False, True, "Legacy")
    assert config.trace_include_sensitive_data is False
    assert config.trace_include_sensitive_audio_data is True
    assert config.workflow_name == "Legacy" and config.tracing is None
    default = VoicePipelineConfig()
    assert (default.workflow_name, default.tracing_disabled) == ("Voice Agent", False)
    assert (
        default.group_id.startswith("group_") and default.group_id != VoicePipelineConfig().group_id
    )
    assert default.tts_settings.buffer_size == 120 and default.tts_settings.dtype == np.int16
    assert default.stt_settings.turn_detection is None


async def test_unsupported_input_is_rejected() -> None:
    with pytest.raises(UserError, match="pass an AudioInput or a StreamedAudioInput"):
        await pipeline(ScriptedVoiceWorkflow()).run(np.zeros(3))  # type: ignore[arg-type]


async def test_single_agent_workflow_keeps_history_and_follows_handoffs() -> None:
    spanish = Agent(
        name="Spanish",
        handoff_description="A Spanish speaking agent.",
        model=ScriptedModel(
            [[assistant_message("Hola de nuevo.")], [assistant_message("Otra vez.")]]
        ),
    )
    main_model = ScriptedModel(
        [
            [assistant_message("Hello there.")],
            [function_call("transfer_to_spanish", {}, call_id="c1")],
        ]
    )
    main = Agent(name="Main", model=main_model, handoffs=[handoff(spanish)])
    seen: list[str] = []

    class Callbacks(SingleAgentWorkflowCallbacks):
        def on_run(self, workflow: SingleAgentVoiceWorkflow[Any], transcription: str) -> None:
            seen.append(transcription)

    workflow = SingleAgentVoiceWorkflow(main, Callbacks())
    first = "".join([t async for t in workflow.run("hi")])
    second = "".join([t async for t in workflow.run("habla español")])

    assert (first, second) == ("Hello there.", "Hola de nuevo.")
    assert seen == ["hi", "habla español"]
    second_call_input = main_model.calls[1].input
    assert [i.get("content") for i in second_call_input if i.get("role") == "user"] == [
        "hi",
        "habla español",
    ]
    assert any(i.get("role") == "assistant" for i in second_call_input)
    # The next turn starts at the agent that answered last.
    assert "".join([t async for t in workflow.run("otra vez")]) == "Otra vez."
    assert main_model.remaining_steps == 0


async def test_cancelling_the_pipeline_task_ends_the_session_and_the_stream_cancelled() -> None:
    session = _EndlessSession()
    result = await pipeline(
        ScriptedVoiceWorkflow([["One."]]), _EndlessSTT(session), ScriptedTTSModel([[b"\x01\x00"]])
    ).run(StreamedAudioInput())
    seen: list[Any] = []
    with pytest.raises(asyncio.CancelledError):
        async for event in result.stream():
            seen.append(describe(event))
            if seen[-1] == "turn_ended":
                assert result.text_generation_task is not None
                result.text_generation_task.cancel()
    assert seen == ["turn_started", ("audio", 1), "turn_ended", "session_ended"]
    assert session.closed.is_set()
