"""Rules as data: parameters in YAML, keyed by effective date, and pure formulas over them."""
