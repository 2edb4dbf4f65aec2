"""`OpenAIVoiceModelProvider`: OpenAI STT and TTS models sharing one HTTP client."""

from __future__ import annotations

from ...client import AsyncOpenAI, coerce_client
from ...exceptions import UserError
from ...models import _openai_shared
from ..model import STTModel, TTSModel, VoiceModelProvider
from .openai_stt import OpenAISTTModel
from .openai_tts import OpenAITTSModel

DEFAULT_STT_MODEL = "gpt-transcribe"
DEFAULT_TTS_MODEL = "gpt-4o-mini-tts"


class OpenAIVoiceModelProvider(VoiceModelProvider):
    """OpenAI voice models, through `openai_client` or a client built from the other arguments
    (falling back to the SDK-wide default client, key and `OPENAI_*` environment variables).

    The client is created on first use, so constructing the provider never needs a key.
    """

    def __init__(
        self,
        *,
        api_key: str | None = None,
        base_url: str | None = None,
        openai_client: object | None = None,
        organization: str | None = None,
        project: str | None = None,
    ) -> None:
        if openai_client is not None and any(
            value is not None for value in (api_key, base_url, organization, project)
        ):
            raise UserError(
                "Don't provide api_key, base_url, organization, or project if you provide "
                "openai_client"
            )
        self._client: AsyncOpenAI | None = (
            coerce_client(openai_client) if openai_client is not None else None
        )
        self._stored_api_key = api_key
        self._stored_base_url = base_url
        self._stored_organization = organization
        self._stored_project = project

    def __repr__(self) -> str:
        return f"OpenAIVoiceModelProvider(base_url={self._stored_base_url!r})"

    def _get_client(self) -> AsyncOpenAI:
        if self._client is not None:
            return self._client
        explicit = any(
            value is not None
            for value in (
                self._stored_api_key,
                self._stored_base_url,
                self._stored_organization,
                self._stored_project,
            )
        )
        default = None if explicit else _openai_shared.get_default_openai_client()
        if default is not None:
            self._client = coerce_client(default)
        else:
            key = self._stored_api_key
            self._client = AsyncOpenAI(
                api_key=key if key is not None else _openai_shared.get_default_openai_key(),
                base_url=self._stored_base_url,
                organization=self._stored_organization,
                project=self._stored_project,
            )
        return self._client

    def get_stt_model(self, model_name: str | None) -> STTModel:
        """An OpenAI transcription model ("gpt-transcribe" unless named)."""
        return OpenAISTTModel(model_name or DEFAULT_STT_MODEL, self._get_client())

    def get_tts_model(self, model_name: str | None) -> TTSModel:
        """An OpenAI speech model ("gpt-4o-mini-tts" unless named)."""
        return OpenAITTSModel(model_name or DEFAULT_TTS_MODEL, self._get_client())
