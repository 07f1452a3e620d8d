"""HTTP API of the imports app (mounted under /api/imports/)."""

from ninja import Router

router = Router(tags=["imports"])
