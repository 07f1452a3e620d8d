"""`payung simulate`: what a regional government would budget to cover N workers for a year."""

from payung.rules.management.base import CalculatorCommand


class Command(CalculatorCommand):
    help = "Monthly and yearly cost per program, with regional budget account codes."
    calculator = "simulate"
