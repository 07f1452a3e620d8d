"""Signals that core sends and the apps above it answer, so that core imports none of them."""

from django.dispatch import Signal

worker_starting = Signal()
"""Sent by `payung worker` before it takes a task: each app marks failed the jobs that a worker
which died (killed, restarted) left in progress."""
