"""The prior-authorization models, one module per part of a request."""

from sanad.authorizations.models.appeal import Appeal
from sanad.authorizations.models.batch import RequestBatch
from sanad.authorizations.models.calendar import CalendarSlot, FacilityContact, SlotKind
from sanad.authorizations.models.decision import Decision, DecisionItem
from sanad.authorizations.models.dispensing import Dispensing
from sanad.authorizations.models.documents import InformationRequest, RequestDocument
from sanad.authorizations.models.events import RequestEvent
from sanad.authorizations.models.request import AuthorizationRequest, beneficiary_key

__all__ = [
    "Appeal",
    "AuthorizationRequest",
    "CalendarSlot",
    "Decision",
    "DecisionItem",
    "Dispensing",
    "FacilityContact",
    "InformationRequest",
    "RequestBatch",
    "RequestDocument",
    "RequestEvent",
    "SlotKind",
    "beneficiary_key",
]
