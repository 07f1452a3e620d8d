import pytest

from payung.core.history import CHANGED, record_bulk_history
from payung.workers.models import Worker

pytestmark = pytest.mark.django_db


def test_bulk_history_copies_every_row_with_actor_and_reason(user_named):
    """A bulk change leaves one history row per object, with who and why."""
    admin = user_named("admin")
    workers = Worker.objects.filter(employments__unit__code="SDA")
    Worker.objects.filter(pk__in=workers.values("pk")).update(category="village_official")
    written = record_bulk_history(
        workers, history_type=CHANGED, actor=admin, reason="kenaikan honor"
    )
    assert written == 10
    rows = Worker.history.filter(history_type=CHANGED, history_change_reason="kenaikan honor")
    assert rows.count() == 10
    assert {row.history_user_id for row in rows} == {admin.pk}
    assert {row.category for row in rows} == {"village_official"}


def test_bulk_history_of_nothing_writes_nothing():
    """An empty selection (`pk__in=[]`, which SQL cannot even express) records no row."""
    assert record_bulk_history(Worker.objects.filter(pk__in=[]), history_type=CHANGED) == 0


def test_demo_is_in_history():
    """Bulk-created demo workers and enrolments each have a creation record."""
    assert Worker.history.filter(history_type="+").count() >= 7432
