"""Rasa input/output channels: the buyer's web widget (socket.io)."""
