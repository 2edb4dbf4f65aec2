"""Optional helpers built on the core: handoff prompts and filters, extra session backends."""
