"""agentkit's benchmarks against the OpenAI Agents SDK: `python -m benchmarks --help`.

Programs, not tests: they print a table and write JSON to benchmarks/results/, and never fail on
a time. Importing this package loads nothing beyond the standard library.
"""
