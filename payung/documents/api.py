"""HTTP API of the documents app (mounted under /api/documents/)."""

from ninja import Router

router = Router(tags=["documents"])
