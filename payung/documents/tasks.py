"""Background work of the documents app, run by `payung worker` (django-tasks-db)."""

from django.tasks import task


@task()
def render_card_batch(*, batch_id: int) -> int:
    """Render a batch of member cards (those its requester may see); returns how many."""
    from .services import run_card_batch

    return run_card_batch(batch_id).total
