"""`payung worker`: runs background tasks (imports, document batches) from the database queue."""

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from payung.core.signals import worker_starting
from payung.core.stopping import let_signals_into_statements


class Command(BaseCommand):
    help = "Run the background task worker (django-tasks-db) until stopped."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch", action="store_true", help="Stop when the queue is empty.")

    def handle(self, *args: object, batch: bool, **options: object) -> None:
        # Jobs a worker that died (killed, out of memory, restarted) left in progress are failed
        # now, before this one takes tasks: their transactions died with it.
        for receiver, recovered in worker_starting.send(sender=self.__class__):
            if recovered:
                name = getattr(receiver, "__qualname__", receiver)
                ids = ", ".join(map(str, recovered))
                self.stderr.write(f"payung worker: {name}: marked failed (process died): {ids}")
        # A second SIGTERM gives the task up even in the middle of a long SQLite statement.
        let_signals_into_statements()
        # No autoreloader even with DEBUG: it would run the tasks in a grandchild that outlives
        # a killed worker (and `payung serve` restarts the worker itself).
        call_command("db_worker", batch=batch, interval=1.0, reload=False)
