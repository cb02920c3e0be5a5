"""docs/security.md names, for each ASVS requirement, the test that shows it: every test it names
must exist, so the document cannot point at a test that was renamed or removed."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
DOC = ROOT / "docs" / "security.md"
# `accounts/tests/test_x.py::test_y`, `test_x.py` (V2/V3: in accounts/tests), `::test_z` (same file as before)
REFERENCE = re.compile(r"(?P<file>(?:[\w/]+/)?test_\w+\.py)?(?:::(?P<test>\w+))?")


def named_tests() -> list[tuple[Path, str | None, int]]:
    found = []
    for number, line in enumerate(DOC.read_text().splitlines(), 1):
        if not line.startswith("| ") or line.startswith("| requirement"):
            continue
        last = None
        for cell in re.findall(r"`?([\w/]*test_\w+\.py(?:::\w+)?|::test_\w+)`?", line.split("|")[-2]):
            match = REFERENCE.fullmatch(cell)
            name = match["file"] or last
            if name is None:
                continue
            path = ROOT / "huurpad" / name if "/" in name else ROOT / "huurpad" / "accounts" / "tests" / name
            found.append((path, match["test"], number))
            last = name
    return found


def test_every_test_the_security_document_names_exists():
    references = named_tests()
    assert len(references) > 100  # the document is read, not skipped
    missing = []
    for path, test, line in references:
        if not path.exists():
            missing.append(f"line {line}: no file {path.relative_to(ROOT)}")
        elif test and not re.search(rf"^(async )?def {test}\b", path.read_text(), re.M):
            missing.append(f"line {line}: no test {test} in {path.relative_to(ROOT)}")
    assert not missing, "\n".join(missing)
