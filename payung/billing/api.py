"""HTTP API of the billing app (mounted under /api/billing/)."""

from ninja import Router

router = Router(tags=["billing"])
