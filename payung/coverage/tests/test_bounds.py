"""A reported count has bounds: the database checks them, a migration brought older rows into
them, and the pages read whatever is stored (issue 11, finding 3)."""

import importlib

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from payung.coverage.models import ReportedFigure
from payung.tests.database import bounds_unchecked

pytestmark = pytest.mark.django_db


def test_the_database_checks_the_count():
    figure = ReportedFigure.objects.filter(region_id="74.71").first()
    with pytest.raises(IntegrityError), transaction.atomic():
        ReportedFigure.objects.filter(pk=figure.pk).update(count=10_000_001)


def test_the_back_office_refuses_it_with_the_bilingual_message():
    figure = ReportedFigure.objects.filter(region_id="74.71").first()
    figure.count = 10_000_001
    with pytest.raises(ValidationError) as refused:
        figure.validate_constraints()
    error = refused.value.error_dict["__all__"][0]
    assert error.code == "count_out_of_range"
    assert error.message.startswith("count: jumlah harus antara 0 dan 10.000.000 / the count")


def test_pages_read_a_count_beyond_the_bound(client, user_named):
    figure = ReportedFigure.objects.filter(region_id="74.71").first()
    with bounds_unchecked(ReportedFigure):
        ReportedFigure.objects.filter(pk=figure.pk).update(count=2**31 - 1)
    client.force_login(user_named("cabang"))
    for path in (
        "/wilayah/74/?on=2018-10-31",
        "/wilayah/74.71/?on=2018-10-31",
        "/wilayah/74.71/biaya/?year=2018",
        "/api/coverage/74?on=2018-10-31",
        "/api/reported-figures?region=74.71",
    ):
        assert client.get(path).status_code == 200, path


def test_the_migration_brings_older_counts_into_bounds():
    figure = ReportedFigure.objects.filter(region_id="74.71").first()
    with bounds_unchecked(ReportedFigure):
        ReportedFigure.objects.filter(pk=figure.pk).update(count=20_000_000)
    migration = importlib.import_module(
        "payung.coverage.migrations.0002_bring_reported_counts_into_bounds"
    )
    migration.bring_into_bounds(apps, None)
    figure.refresh_from_db()
    assert figure.count == 10_000_000
    assert "count: 20000000 di luar batas" in figure.note
