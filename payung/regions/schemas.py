"""Typed shapes of the regions API."""

from ninja import Schema


class RegionOut(Schema):
    code: str
    name: str
    level: str
    parent_id: str | None
