"""The agent console: pages, JSON API and live socket.io events for human agents (docs/console.md)."""
