"""Writes to the register: each one keyword-only, atomic, locked and audited."""

from sanad.registry.services.contributions import contribution_record
from sanad.registry.services.documents import certificate_add, dependant_add, document_add
from sanad.registry.services.enrollment import enrollment_move, enrollment_submit
from sanad.registry.services.people import member_contact_update, phone_normalize

__all__ = [
    "certificate_add",
    "contribution_record",
    "dependant_add",
    "document_add",
    "enrollment_move",
    "enrollment_submit",
    "member_contact_update",
    "phone_normalize",
]
