"""`payung remind [--on DATE] [--dry-run] [--json]`: mail the open outreach reminders once a day."""

import json
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from payung.core.commands import parse_date
from payung.outreach.reminders import send_reminders


class Command(BaseCommand):
    help = (
        "Kirim pengingat sosialisasi / Send outreach reminders: overdue next steps, agreements "
        "expiring soon, agreements signed with no participant yet. Run it daily (cron/systemd)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--on", default=None, help="Date YYYY-MM-DD (default: today)")
        parser.add_argument(
            "--dry-run", action="store_true", help="List, send nothing, log nothing"
        )
        parser.add_argument("--json", action="store_true", help="Print one JSON object")

    def handle(self, *args: Any, on: str | None, dry_run: bool, json: bool, **options: Any) -> None:
        day: date = parse_date(on) if on else timezone.localdate()
        result = send_reminders(on=day, dry_run=dry_run)
        if json:
            self.stdout.write(
                _dumps(
                    {
                        "on": day.isoformat(),
                        "dry_run": dry_run,
                        "sent": [item.as_dict() for item in result.sent],
                        "held_back": [item.as_dict() for item in result.held_back],
                        "messages": result.messages,
                    }
                )
            )
            return
        verb = "akan dikirim / would send" if dry_run else "dikirim / sent"
        self.stdout.write(
            f"{day.isoformat()}: {len(result.sent)} pengingat {verb} "
            f"({result.messages} email), {len(result.held_back)} sudah dikirim / already sent"
        )
        for item in result.sent:
            self.stdout.write(
                f"  [{item.kind}] {item.region_code} {item.region_name}: {item.text} ({item.day})"
            )


def _dumps(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)
