"""The run loop's internals (private)."""
