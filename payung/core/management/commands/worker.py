"""`payung worker`: runs background tasks (imports, document batches) from the database queue."""

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Run the background task worker (django-tasks-db) until stopped."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch", action="store_true", help="Stop when the queue is empty.")

    def handle(self, *args: object, batch: bool, **options: object) -> None:
        call_command("db_worker", batch=batch, interval=1.0)
