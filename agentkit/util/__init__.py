"""Private helpers shared across agentkit modules."""
