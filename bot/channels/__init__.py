"""The buyers' channels (widget over socket.io, REST) and the hub that owns the socket.io server."""
