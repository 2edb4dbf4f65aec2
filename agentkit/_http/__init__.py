"""The wire layer: one HTTP client for every OpenAI endpoint, and an incremental SSE decoder."""
