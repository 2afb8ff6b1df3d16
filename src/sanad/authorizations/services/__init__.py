"""Writes to prior authorizations: each one atomic, locked, on the request's timeline and audited."""

from sanad.authorizations.services.appeals import authorization_appeal_file
from sanad.authorizations.services.batches import authorization_batch_hand_in
from sanad.authorizations.services.branch import authorization_branch_file
from sanad.authorizations.services.changes import (
    authorization_cancel,
    authorization_extend,
    authorization_modify,
)
from sanad.authorizations.services.decide import Item, authorization_decide
from sanad.authorizations.services.dispense import authorization_dispense
from sanad.authorizations.services.information import (
    authorization_information_answer,
    authorization_information_request,
)
from sanad.authorizations.services.submit import (
    RequestInput,
    authorization_documents_add,
    authorization_submit,
)

__all__ = [
    "Item",
    "RequestInput",
    "authorization_appeal_file",
    "authorization_batch_hand_in",
    "authorization_branch_file",
    "authorization_cancel",
    "authorization_decide",
    "authorization_dispense",
    "authorization_documents_add",
    "authorization_extend",
    "authorization_information_answer",
    "authorization_information_request",
    "authorization_modify",
    "authorization_submit",
]
