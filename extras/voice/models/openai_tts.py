"""OpenAI text to speech: POST /audio/speech, read back as streamed 24 kHz 16-bit PCM."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any, Literal

from ...client import AsyncOpenAI, BinaryStream
from ..model import TTSModel, TTSModelSettings

DEFAULT_VOICE: Literal["ash"] = "ash"
_CHUNK_SIZE = 1024


class OpenAITTSModel(TTSModel):
    """Speech from an OpenAI TTS model (e.g. "gpt-4o-mini-tts")."""

    def __init__(self, model: str, openai_client: AsyncOpenAI) -> None:
        self.model = model
        self._client = openai_client

    @property
    def model_name(self) -> str:
        return self.model

    async def run(self, text: str, settings: TTSModelSettings) -> AsyncIterator[bytes]:
        """Synthesize `text`, yielding PCM bytes while the answer downloads."""
        params: dict[str, Any] = {"response_format": "pcm"}
        if settings.speed is not None:
            params["speed"] = settings.speed
        stream = await self._client.audio.speech.create_streaming(
            model=self.model,
            voice=settings.voice or DEFAULT_VOICE,
            input=text,
            extra_body={"instructions": settings.instructions},
            **params,
        )
        assert isinstance(stream, BinaryStream)
        async with stream:
            async for chunk in stream.aiter_bytes(_CHUNK_SIZE):
                yield chunk
