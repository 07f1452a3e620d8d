"""HTTP API of the outreach app (mounted under /api/outreach/)."""

from ninja import Router

router = Router(tags=["outreach"])
