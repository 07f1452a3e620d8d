"""The shared shape of the rules' calculator commands: parse, calculate, print."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from payung.rules.cli import COMMANDS, EXIT_USAGE, output
from payung.rules.errors import RuleError


class CalculatorCommand(BaseCommand):
    """A thin command over one calculator of `payung.rules.cli`."""

    calculator: str
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        add_arguments, _, _ = COMMANDS[self.calculator]
        add_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            self.stdout.write(output(self.calculator, options))
        except RuleError as error:
            raise CommandError(error.message, returncode=EXIT_USAGE) from error
