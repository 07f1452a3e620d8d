"""docs/rules.md is generated from the parameters and must not go stale."""

from pathlib import Path

from payung.rules.docs import render
from payung.rules.loader import load_parameters

DOCS = Path(__file__).resolve().parents[3] / "docs" / "rules.md"


def test_committed_docs_equal_the_generated_text() -> None:
    """Regenerate with `python -m payung.rules.docs > docs/rules.md` when this fails."""
    assert DOCS.read_text(encoding="utf-8") == render()


def test_docs_list_every_parameter() -> None:
    """Each parameter has a section."""
    text = render()
    for path in load_parameters():
        assert f"### `{path}`" in text
