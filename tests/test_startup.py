"""What a fresh process pays before its first answer (docs/performance.md, start-up): the package face imports
with the collector paused and leaves it as it found it; time zones and the state decoder are not loaded to answer."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _run(code: str) -> str:
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], check=True, capture_output=True, text=True,
                          cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}).stdout.strip()


def test_importing_a_public_name_runs_no_collection_and_leaves_the_collector_as_it_was():
    out = _run("""
        import gc
        import mockscaling
        gc.disable()
        from mockscaling import Clock                 # imported with the collector off: still off
        off = gc.isenabled()
        gc.enable()
        collections = []
        gc.callbacks.append(lambda phase, info: collections.append(info) if phase == "start" else None)
        from mockscaling import create_app            # most of the package: no collection meanwhile, on again after
        print(off, gc.isenabled(), len(collections), create_app is mockscaling.create_app)
    """)
    assert out == "False True 0 True"


def test_a_first_answer_loads_no_time_zone_nor_the_state_decoder():
    out = _run("""
        import sys
        from mockscaling import create_app
        reply = create_app().test_client().get('/v1/incidents', headers={'Authorization': 'Bearer scl_live_' + 'a' * 32})
        assert reply.status_code == 200, reply.data
        print(sorted(m for m in sys.modules if m.split('.')[0] in ('zoneinfo', 'sysconfig')
                     or m in ('mockscaling.state.documents', 'mockscaling.state.values')))
    """)
    assert out == "[]"
