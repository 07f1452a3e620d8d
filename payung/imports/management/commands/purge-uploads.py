"""`payung purge-uploads`: the spelling the README gives for `purge_uploads`."""

from .purge_uploads import Command

__all__ = ["Command"]
