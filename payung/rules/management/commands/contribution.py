"""`payung contribution`: monthly contribution per worker per program on a date."""

from payung.rules.management.base import CalculatorCommand


class Command(CalculatorCommand):
    help = "Contribution per worker per month for each program, on the rules in force on --on."
    calculator = "contribution"
