"""The loader reads every parameter file and refuses a broken one, naming the file."""

import json
import shutil
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from payung.rules import loader
from payung.rules.errors import ParameterError
from payung.rules.formulas import contribution, contributions
from payung.rules.loader import PARAMETERS_DIR, load_parameters

JKM_RATE = "contributions/jkm/employer.yaml"


@pytest.fixture
def tree_copy(tmp_path: Path) -> Path:
    """A copy of the real parameter tree to edit."""
    copy = tmp_path / "parameters"
    shutil.copytree(PARAMETERS_DIR, copy)
    return copy


def test_real_parameters_load_and_cite_every_value() -> None:
    """Every real value has a reference, a known confidence and a review date."""
    tree = load_parameters()
    assert len(tree) > 50
    for parameter in tree.values():
        for value in parameter.values:
            assert value.reference.regulation
            assert value.reference.where
            assert value.last_reviewed <= date.today()


def test_loading_is_cached() -> None:
    """The default tree is read once."""
    assert load_parameters() is load_parameters()


def test_jp_ceiling_series_is_continuous_from_the_start() -> None:
    """The JP ceiling has a value on every date from 2015-07-01."""
    ceiling = load_parameters()["contributions/jp/wage_ceiling"]
    assert ceiling.continuous_from == date(2015, 7, 1)
    assert ceiling.at(date(2015, 6, 30)) is None
    found = ceiling.at(date(2021, 5, 1))
    assert found is not None
    assert found.value == Decimal("8754600")
    assert found.low_confidence


def test_a_null_ends_a_series() -> None:
    """The relief discount is in force for January 2021 and not for February."""
    discount = load_parameters()["relief/discount"]
    assert discount.at(date(2021, 1, 31)) is not None
    assert discount.at(date(2021, 2, 1)) is None


BROKEN = {
    "unsorted dates": ("", "", "dates are not sorted: 2015-06-01 comes after 2015-07-01"),
    "unknown unit": ("unit: ratio", "unit: percent", "unknown unit 'percent'"),
    "unknown confidence": ("confidence: H", "confidence: sure", "unknown confidence 'sure'"),
    "uncited value": ("    reference:\n", "    source:\n", "lacks ['reference']"),
    "value not a number": ("value: 0.0030", "value: lots", "is not a number"),
    "gap in a continuous series": (
        "continuous_from: 2015-07-01",
        "continuous_from: 2014-01-01",
        "must be continuous from 2014-01-01",
    ),
    "invalid yaml": ("values:", "values: [", "not valid YAML"),
}


@pytest.mark.parametrize(("old", "new", "problem"), BROKEN.values(), ids=BROKEN.keys())
def test_a_malformed_file_is_refused_naming_it(
    tree_copy: Path, old: str, new: str, problem: str
) -> None:
    """A broken file raises ParameterError with the file's path and the problem."""
    file = tree_copy / JKM_RATE
    text = file.read_text()
    if not old:
        text += text.split("values:\n")[1].replace("2015-07-01", "2015-06-01")
    else:
        assert old in text
        text = text.replace(old, new, 1)
    file.write_text(text)
    with pytest.raises(ParameterError) as raised:
        load_parameters(tree_copy)
    assert str(raised.value).startswith(f"{file}: ")
    assert problem in str(raised.value)


def test_a_file_inside_the_repository_is_named_by_its_repository_path(
    monkeypatch: pytest.MonkeyPatch, tree_copy: Path
) -> None:
    """Errors name files the way the repository does: payung/rules/parameters/..."""
    monkeypatch.setattr(loader, "REPOSITORY_ROOT", tree_copy.parent)
    (tree_copy / JKM_RATE).write_text("description: x\nunit: ratio\n")
    with pytest.raises(ParameterError, match=r"^parameters/contributions/jkm/employer\.yaml: "):
        load_parameters(tree_copy)


def test_changing_a_value_changes_the_result_without_code(tree_copy: Path) -> None:
    """A new JKM rate in a copied tree changes the contribution computed with it."""
    file = tree_copy / JKM_RATE
    file.write_text(file.read_text().replace("value: 0.0030", "value: 0.0040"))
    changed = load_parameters(tree_copy)
    on, wage = date(2018, 10, 1), Decimal(2000000)
    assert contribution(on=on, wage=wage, program="jkm").total == 6000
    assert contribution(on=on, wage=wage, program="jkm", parameters=changed).total == 8000


def test_a_dated_value_added_in_a_copy_applies_from_its_date(tree_copy: Path) -> None:
    """Adding a value keyed by a later date leaves earlier months as they were."""
    file = tree_copy / "contributions/jkk/very_low.yaml"
    text = file.read_text()
    entry = (
        text.split("values:\n")[1].replace("2015-07-01", "2030-01-01").replace("0.0024", "0.005")
    )
    file.write_text(text + entry)
    changed = load_parameters(tree_copy)
    before = contributions(
        on=date(2029, 12, 1),
        wage=Decimal(2000000),
        programs=["jkk"],
        risk_class="very_low",
        parameters=changed,
    )
    after = contributions(
        on=date(2030, 1, 1),
        wage=Decimal(2000000),
        programs=["jkk"],
        risk_class="very_low",
        parameters=changed,
    )
    assert (before.total, after.total) == (4800, 10000)


def test_explanations_are_json_serialisable() -> None:
    """An explanation lists each value used with path, value, unit, date, reference, confidence."""
    line = contribution(
        on=date(2020, 9, 1), wage=Decimal(2000000), program="jkk", risk_class="very_low"
    )
    data = json.loads(json.dumps(line.explanation.as_dict()))
    by_path = {used["path"]: used for used in data["parameters"]}
    rate = by_path["contributions/jkk/very_low"]
    assert rate["value"] == "0.0024"
    assert rate["unit"] == "ratio"
    assert rate["effective_from"] == "2015-07-01"
    assert rate["confidence"] == "H"
    assert "PP 44/2015" in rate["reference"]
    assert by_path["relief/discount"]["value"] == "0.99"
    assert "relief/excluded_employer_kinds" in data["low_confidence"]
    assert "rounding/mode" in data["low_confidence"]


def test_every_parameter_keeps_one_value_between_two_change_days():
    """`ParameterTree.era`: between two change days nothing changes, so results computed for one
    day of a stretch hold for every day of it (billing's unbilled estimates rely on it)."""
    from datetime import timedelta
    from itertools import pairwise

    tree = load_parameters()
    days = tree.change_days
    assert date(2019, 12, 2) in days  # PP 82/2019 took effect
    for first, following in pairwise(days):
        last = following - timedelta(days=1)
        assert tree.era(first) == tree.era(last) != tree.era(following)
        for path in tree:
            assert tree[path].at(first) == tree[path].at(last), (path, first, last)
