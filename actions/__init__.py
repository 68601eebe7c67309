"""Xiaoer's custom actions, one module per domain; run with `rasa run actions`."""
