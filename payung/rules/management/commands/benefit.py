"""`payung benefit jkm|jkk-death|stmb`: a benefit under the rules in force on the event's date."""

from payung.rules.management.base import CalculatorCommand


class Command(CalculatorCommand):
    help = "JKM benefit, JKK death benefit or STMB schedule, by the date of death or accident."
    calculator = "benefit"
