"""`mockscaling verify --mcp`: the MCP rules pass against the fake and fail where the fake is made to break a rule."""

from __future__ import annotations

from click.testing import CliRunner

from mockscaling.tools.cli import main
from mockscaling.tools.verify.mcp_rules import MCP_RULES, run_mcp_suite


def test_every_mcp_rule_passes_against_the_fake(mockscaling_server):
    fake = mockscaling_server
    access, _ = fake.store.issue_mcp_tokens("user_ada")
    result = CliRunner().invoke(main, ["verify", "--base-url", fake.url, "--mcp", "--mcp-token", access.token])
    assert result.exit_code == 0, result.output
    assert "PASS  mcp.initialize" in result.output
    for name, *_ in MCP_RULES:
        assert f"PASS  {name}" in result.output
    assert f"{len(MCP_RULES) + 1} passed, 0 failed" in result.output
    fake.assert_tool_called("resolve_incident", times=1)


def test_a_broken_rule_fails_and_a_bad_token_fails_initialize(mockscaling_server):
    fake = mockscaling_server
    access, _ = fake.store.issue_mcp_tokens("user_ada")
    fake.store.add_fault(tool="acknowledge_incident", status=500)
    lines: list[str] = []
    results = run_mcp_suite(fake.url + "/mcp", access.token, echo=lines.append)
    failed = [r.name for r in results if not r.passed]
    assert failed == ["mcp.lifecycle"], lines
    refused = run_mcp_suite(fake.url + "/mcp", "mcp_at_wrong", echo=lines.append)
    assert [(r.name, r.passed) for r in refused] == [("mcp.initialize", False)]


def test_read_only_runs_only_reading_rules_and_needs_a_token(mockscaling_server):
    fake = mockscaling_server
    access, _ = fake.store.issue_mcp_tokens("user_ada")
    result = CliRunner().invoke(main, ["verify", "--base-url", fake.url, "--mcp", "--mcp-token", access.token, "--read-only"])
    assert result.exit_code == 0, result.output
    assert "mcp.create_incident" not in result.output and fake.state()["incidents"] == []
    missing = CliRunner().invoke(main, ["verify", "--base-url", fake.url, "--mcp"])
    assert missing.exit_code == 2 and "--mcp-token" in missing.output
    no_key = CliRunner().invoke(main, ["verify", "--base-url", fake.url])
    assert no_key.exit_code == 2 and "--api-key" in no_key.output
