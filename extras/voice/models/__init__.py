"""OpenAI speech-to-text and text-to-speech models for voice pipelines."""
