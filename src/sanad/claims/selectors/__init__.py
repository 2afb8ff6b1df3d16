"""Reads of the claims app, one module per audience; the public names are re-exported here."""

from sanad.claims.selectors.queues import billing_file_decision, billing_file_queue

__all__ = ["billing_file_decision", "billing_file_queue"]
