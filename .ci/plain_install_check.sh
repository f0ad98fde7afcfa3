#!/usr/bin/env bash
# CI: every shipped command works after a plain `pip install .` (no extras), and the pytest plugin loads with
# only pytest added. A fresh virtual environment of its own, apart from the test one; the checks themselves are
# in .ci/plain_install_check.py (one function per command: add one there when a command lands).
set -euo pipefail
cd "$(dirname "$0")/.."
venv="$(mktemp -d)/plain-venv"
trap 'rm -rf "$(dirname "$venv")"' EXIT
python3 -m venv "$venv"
"$venv/bin/pip" install -q .
"$venv/bin/python" .ci/plain_install_check.py commands
"$venv/bin/pip" install -q pytest
"$venv/bin/python" .ci/plain_install_check.py pytest-plugin
