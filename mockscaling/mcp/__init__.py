"""The MCP surface (contract §7): Scaling's ten tools over the same store, on the official MCP SDK."""
