"""The access gate, for every role, against objects inside and outside its scope."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser

from payung.core.access import can_write, visible_to
from payung.coverage.models import ReportedFigure
from payung.employers.models import Employer, WorkUnit
from payung.enrollments.models import Enrollment
from payung.regions.models import Region
from payung.workers.models import Worker

pytestmark = pytest.mark.django_db

KENDARI_DAMKAR = {"employer__npp": "74710001", "code": "DAMKAR"}


def visible_counts(user):
    return {
        "regions": visible_to(user, Region.objects.all()).count(),
        "employers": visible_to(user, Employer.objects.all()).count(),
        "units": visible_to(user, WorkUnit.objects.all()).count(),
        "workers": visible_to(user, Worker.objects.all()).count(),
        "enrollments": visible_to(user, Enrollment.objects.all()).count(),
        "figures": visible_to(user, ReportedFigure.objects.all()).count(),
    }


def test_branch_officer_sees_the_whole_province(user_named):
    """Kantor Cabang Kendari serves all of Sultra: every demo object is visible and writable."""
    counts = visible_counts(user_named("cabang"))
    assert counts["regions"] == Region.objects.filter(code__startswith="74").count()
    assert counts["employers"] == 8  # the seven of 2018 and Muna Barat (2022)
    assert counts["workers"] == 7432 + 308
    assert counts["enrollments"] == 2 * (7432 + 308)
    assert counts["figures"] == ReportedFigure.objects.count()
    assert can_write(user_named("cabang"))


def test_region_officer_sees_its_region_and_below_only(user_named):
    """Kendari's officer sees Kendari's 1,136 workers and none of Konawe's."""
    user = user_named("kendari")
    counts = visible_counts(user)
    assert counts["employers"] == 1
    assert counts["workers"] == 1136
    assert not visible_to(user, Employer.objects.filter(region_id="74.02")).exists()
    assert not visible_to(user, Region.objects.filter(code="74")).exists()
    assert visible_to(user, Region.objects.filter(code="74.71.01")).exists()
    assert can_write(user)


def test_unit_operator_sees_only_its_unit(user_named):
    """Damkar's operator sees Damkar's 217 workers, not DLHK's nor other employers'."""
    user = user_named("damkar")
    counts = visible_counts(user)
    assert counts["units"] == 1
    assert counts["workers"] == 217
    assert counts["enrollments"] == 2 * 217
    assert counts["employers"] == 1
    dlhk = Worker.objects.filter(
        employments__unit__code="DLHK", employments__employer__npp="74710001"
    )
    assert not visible_to(user, dlhk).exists()
    assert visible_to(user, ReportedFigure.objects.all()).get().unit.code == "DAMKAR"


def test_viewer_reads_but_never_writes(user_named):
    """The province viewer sees the province and may change nothing."""
    user = user_named("pimpinan")
    assert visible_counts(user)["workers"] == 7432 + 308
    assert not can_write(user)


def test_anonymous_and_roleless_users_see_nothing(db):
    """No role, no data: the gate is closed by default."""
    roleless = get_user_model().objects.create_user("tanpaperan", password="x")
    for user in (AnonymousUser(), roleless):
        assert set(visible_counts(user).values()) == {0}
        assert not can_write(user)


def test_superuser_sees_everything(user_named):
    """The back office's superuser is not narrowed."""
    assert visible_counts(user_named("admin"))["workers"] == Worker.objects.count()
