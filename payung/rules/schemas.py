"""Schemas of the rules API."""

from ninja import Schema


class RuleErrorOut(Schema):
    """A refused calculation: a stable code and a message in Indonesian and English."""

    code: str
    message: str
    message_id: str
    message_en: str
    field: str
