"""Every error code the fake can answer with is provoked somewhere in the suite and checked with assert_error."""

from pathlib import Path

import pytest

from mockscaling import chosen
from mockscaling.domain.errors import all_error_classes

TESTS = Path(__file__).parent
# Test files that check envelopes (assert_error or an equivalent envelope check on statusCode/type/code).
ENVELOPE_TESTS = {
    str(path.relative_to(TESTS)): path.read_text("utf-8")
    for path in TESTS.rglob("test_*.py")  # tests/hardening/ too
    if path.name != Path(__file__).name and ("assert_error" in path.read_text("utf-8") or "requestId" in path.read_text("utf-8"))
}
CODES = sorted(
    {cls.code for cls in all_error_classes()}
    | {chosen.VALIDATION_CODE_BODY, chosen.VALIDATION_CODE_QUERY, chosen.VALIDATION_CODE_PATH}
)


def test_the_catalog_is_not_empty():
    assert len(CODES) >= 30  # guards the discovery below (every class, plus the three 422 codes)


@pytest.mark.parametrize("code", CODES)
def test_every_error_code_has_an_envelope_test(code):
    files = [name for name, text in ENVELOPE_TESTS.items() if f'"{code}"' in text]
    assert files, f"no test provokes {code!r} and checks its envelope"
