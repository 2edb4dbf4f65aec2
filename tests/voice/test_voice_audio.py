"""Audio inputs (WAV and base64 conversion, validation) and sentence splitting."""

from __future__ import annotations

import asyncio
import base64
import io
import wave

import numpy as np
import pytest
from agentkit.voice import AudioInput, StreamedAudioInput, get_sentence_based_splitter

from agentkit.exceptions import UserError
from tests.voice.voice_support import load_wav


def _read_wav(file: io.BytesIO) -> tuple[wave._wave_params, bytes]:
    with wave.open(file, "rb") as wav:
        return wav.getparams(), wav.readframes(wav.getnframes())


def test_speech_fixture_round_trips_through_to_audio_file() -> None:
    samples, rate = load_wav()
    assert rate == 24000 and len(samples) > 24000  # over a second of speech
    assert np.abs(samples).max() > 5000  # real, loud speech, not silence

    name, file, content_type = AudioInput(buffer=samples, frame_rate=rate).to_audio_file()

    assert (name, content_type) == ("audio.wav", "audio/wav")
    params, frames = _read_wav(file)
    assert (params.nchannels, params.sampwidth, params.framerate) == (1, 2, 24000)
    assert np.array_equal(np.frombuffer(frames, dtype="<i2"), samples)


def test_float32_is_clipped_and_scaled_without_touching_the_caller_buffer() -> None:
    buffer = np.array([0.0, 0.5, -0.5, 1.0, -1.0, 2.0, -3.0], dtype=np.float32)
    original = buffer.copy()

    _, file, _ = AudioInput(buffer=buffer).to_audio_file()
    pcm = np.frombuffer(_read_wav(file)[1], dtype="<i2")
    decoded = np.frombuffer(base64.b64decode(AudioInput(buffer=buffer).to_base64()), dtype="<i2")

    expected = [0, 16383, -16383, 32767, -32767, 32767, -32767]
    assert pcm.tolist() == expected
    assert decoded.tolist() == expected
    assert np.array_equal(buffer, original)


@pytest.mark.parametrize("sample_width", [1, 2, 3, 4])
def test_every_sample_width_keeps_the_waveform(sample_width: int) -> None:
    samples = np.array([0, 256, -256, 32767, -32768], dtype=np.int16)
    _, file, _ = AudioInput(samples, frame_rate=8000, sample_width=sample_width).to_audio_file()
    params, frames = _read_wav(file)
    assert params.sampwidth == sample_width and params.framerate == 8000
    if sample_width == 1:  # unsigned 8-bit: the high byte, offset by 128
        assert list(frames) == [128, 129, 127, 255, 0]
    elif sample_width == 3:
        wide = [int.from_bytes(frames[i : i + 3], "little", signed=True) for i in range(0, 15, 3)]
        assert wide == [s << 8 for s in samples.tolist()]
    else:
        values = np.frombuffer(frames, dtype="<i2" if sample_width == 2 else "<i4")
        assert values.tolist() == [s << (8 * (sample_width - 2)) for s in samples.tolist()]


def test_stereo_frames_are_written_interleaved() -> None:
    stereo = np.array([[1, -1], [2, -2], [3, -3]], dtype=np.int16)
    _, file, _ = AudioInput(stereo, channels=2).to_audio_file()
    params, frames = _read_wav(file)
    assert params.nchannels == 2 and params.nframes == 3
    assert np.frombuffer(frames, dtype="<i2").tolist() == [1, -1, 2, -2, 3, -3]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"buffer": np.zeros(4, dtype=np.float64)}, "int16 or float32, got float64"),
        ({"buffer": np.zeros(4, dtype=np.int32)}, "int16 or float32, got int32"),
        ({"buffer": [0, 1, 2]}, "numpy array of int16 or float32, got list"),
        ({"buffer": np.zeros(4, dtype=np.int16), "frame_rate": 0}, "frame_rate must be positive"),
        (
            {"buffer": np.zeros(4, dtype=np.int16), "sample_width": 5},
            "sample_width must be 1, 2, 3",
        ),
        ({"buffer": np.zeros(4, dtype=np.int16), "channels": 0}, "channels must be a positive"),
        ({"buffer": np.zeros(5, dtype=np.int16), "channels": 2}, "not a whole number of 2-channel"),
    ],
)
def test_bad_audio_gets_a_clear_error(kwargs: dict[str, object], message: str) -> None:
    audio = AudioInput(**kwargs)  # type: ignore[arg-type]
    with pytest.raises(UserError) as caught:
        audio.to_audio_file()
    assert message.replace("must be positive", "must be a positive") in str(caught.value)


def test_to_base64_rejects_other_dtypes() -> None:
    with pytest.raises(UserError, match="int16 or float32, got float64"):
        AudioInput(np.zeros(3)).to_base64()


async def test_streamed_input_queues_chunks_and_the_end_marker() -> None:
    streamed = StreamedAudioInput()
    chunk = np.arange(10, dtype=np.int16)
    await streamed.add_audio(chunk)
    await streamed.add_audio(None)
    assert streamed.queue.get_nowait() is chunk
    assert streamed.queue.get_nowait() is None
    with pytest.raises(asyncio.QueueEmpty):
        streamed.queue.get_nowait()


@pytest.mark.parametrize(
    ("buffer", "expected"),
    [
        ("Hello", ("", "Hello")),
        ("Hi. Ok", ("", "Hi. Ok")),  # "Hi." is shorter than 20 characters
        ("This is the first sentence. And th", ("This is the first sentence.", "And th")),
        (
            "One sentence here! Two sentences here? Three",
            ("One sentence here! Two sentences here?", "Three"),
        ),
        ("The first sentence is done. He ", ("The first sentence is done.", "He ")),
        ("  The first sentence is done.  ", ("", "  The first sentence is done.  ")),
    ],
)
def test_sentence_splitter(buffer: str, expected: tuple[str, str]) -> None:
    assert get_sentence_based_splitter()(buffer) == expected


def test_sentence_splitter_minimum_length_is_configurable() -> None:
    assert get_sentence_based_splitter(min_sentence_length=2)("Hi. Ok") == ("Hi.", "Ok")
