"""The MCP Inspector CLI (the protocol's own debugging tool, npm) lists and calls the fake's tools over HTTP.

CI installs it (see .ci/run); without it (no npm) this module skips, as the Spectral lint does.
"""

from __future__ import annotations

import json
import subprocess

import pytest

from .support import node_tool


@pytest.fixture
def inspect(mockscaling_server):
    """`inspect(*arguments)`: the inspector's JSON answer for one CLI call against the fake's /mcp."""
    executable = node_tool("MOCKSCALING_MCP_INSPECTOR", "mcp-inspector")
    if executable is None:
        pytest.skip("the MCP Inspector is not installed (npm install @modelcontextprotocol/inspector, or run .ci/run)")
    access, _ = mockscaling_server.store.issue_mcp_tokens("user_ada")

    def run(*arguments: str, exit_code: int = 0) -> dict:
        result = subprocess.run(
            [executable, "--cli", mockscaling_server.url + "/mcp", "--transport", "http",
             "--header", f"Authorization: Bearer {access.token}", *arguments],
            capture_output=True, text=True, timeout=120, check=False,
        )
        assert result.returncode == exit_code, result.stderr[-2000:]
        return json.loads(result.stdout)

    return run


def test_the_inspector_lists_and_calls_the_tools(inspect, mockscaling_server):
    listed = inspect("--method", "tools/list")
    assert len(listed["tools"]) == 10
    assert all("inputSchema" in tool and "outputSchema" in tool for tool in listed["tools"])
    made = inspect("--method", "tools/call", "--tool-name", "create_incident",
                   "--tool-arg", "title=From the inspector", "severity=high", "ownerId=user_bob")
    assert made["structuredContent"]["title"] == "From the inspector" and not made.get("isError")
    mockscaling_server.assert_tool_called("create_incident", arguments={"title": "From the inspector"}, times=1)
    refused = inspect("--method", "tools/call", "--tool-name", "create_incident", "--tool-arg", "title=x", "severity=low",
                      exit_code=5)  # the inspector's exit status for a tool result with isError
    assert refused["isError"] is True and refused["structuredContent"]["code"] == "owner_required"
