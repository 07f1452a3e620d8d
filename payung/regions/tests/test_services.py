import time

import pytest
from django.core.management import call_command

from payung.regions.models import Level, Region
from payung.regions.services import load_national, load_sultra

pytestmark = pytest.mark.django_db


def test_sultra_uses_kemendagri_codes_not_bps():
    """74.01 is Kolaka and 74.04 Buton (BPS numbers them the other way round)."""
    assert Region.objects.get(code="74.01").name == "Kabupaten Kolaka"
    assert Region.objects.get(code="74.04").name == "Kabupaten Buton"
    assert Region.objects.get(code="74.02").name == "Kabupaten Konawe"
    assert Region.objects.filter(parent_id="74").count() == 17
    assert Region.objects.filter(parent_id="74.71").count() == 11


def test_loading_sultra_twice_changes_nothing():
    """The shipped regions are loaded idempotently."""
    before = Region.objects.count()
    assert load_sultra().created == 0
    assert Region.objects.count() == before


def test_national_load_is_complete_idempotent_and_kept_in_history():
    """Kemendagri list: 38 provinces, 514 regencies/cities, 7,285 districts, 83,762 villages."""
    started = time.perf_counter()
    first = load_national()
    elapsed = time.perf_counter() - started
    counts = {level: Region.objects.filter(level=level).count() for level in Level.values}
    assert counts[Level.PROVINCE] == 38
    assert counts[Level.REGENCY] + counts[Level.CITY] == 514
    assert counts[Level.DISTRICT] == 7285
    assert counts[Level.VILLAGE] == 83762
    assert first.created > 90_000
    assert Region.history.filter(code="74.71.01.1005", history_type="+").count() == 1
    assert Region.objects.get(code="74.72").name == "Kota Baubau", "shipped names are kept"
    assert load_national().created == 0
    assert elapsed < 120, "set-based load, not a save per row"


def test_command_reports_counts(capsys):
    """`payung regions load --sultra-only` says what it created and found."""
    call_command("regions", "load", "--sultra-only")
    assert "regions created: 0" in capsys.readouterr().out
