"""`payung export-roster`: the spelling the issue gives for `export_roster`."""

from .export_roster import Command

__all__ = ["Command"]
