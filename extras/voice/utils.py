"""Text splitting for speech: send whole sentences to the TTS model as soon as they are complete."""

from __future__ import annotations

import re
from collections.abc import Callable

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def get_sentence_based_splitter(
    min_sentence_length: int = 20,
) -> Callable[[str], tuple[str, str]]:
    """A splitter returning `(text to speak now, text to keep buffering)`.

    Complete sentences are released once together they reach `min_sentence_length` characters;
    the unfinished last sentence (and its trailing whitespace, which separates it from the next
    delta) stays in the buffer.
    """

    def split(text_buffer: str) -> tuple[str, str]:
        sentences = _SENTENCE_END.split(text_buffer.strip())
        complete = " ".join(sentences[:-1])
        if len(complete) < min_sentence_length:
            return "", text_buffer
        trailing = text_buffer[len(text_buffer.rstrip()) :]
        return complete, sentences[-1] + trailing

    return split
