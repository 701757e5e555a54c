"""The one error a batch run raises: the run cannot start or continue (not a bad input)."""

from __future__ import annotations


class BatchError(RuntimeError):
    """A batch cannot run: unusable output folder, input that changed under a resumed run, a
    missing engine, a worker that died. Bad inputs are ``Failure`` records, never this."""
