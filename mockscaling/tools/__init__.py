"""The command-line tools: `mockscaling serve / openapi / verify / proxy / chosen`, the proxy and the contract suite."""
