"""Where the tests find the checkout, their data and the shared dev sets (wherever a test file sits)."""

from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "tests" / "data"
SHARED_EVAL = REPO.parent / "shared" / "eval"
