"""Tooling around the bot, outside the runtime package: benchmarks, NLU evaluation, data validation."""
