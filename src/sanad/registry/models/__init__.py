"""The register: persons, their documents and certificates, contributions, rights periods, enrollments."""

from sanad.registry.models.bank_accounts import BankAccountStatus, MemberBankAccount
from sanad.registry.models.certificates import CertificateLink
from sanad.registry.models.corrections import ContributionCorrection, CorrectionKind, CorrectionStatus
from sanad.registry.models.documents import IdentityDocument, SupportingCertificate
from sanad.registry.models.enrollment import Enrollment
from sanad.registry.models.money import Contribution, ContributionStatus, RightsPeriod
from sanad.registry.models.people import Dependant, Member, Person, Population, Relationship, Sex
from sanad.registry.models.quality import Finding
from sanad.registry.models.queue import QueueDay, QueueService, QueueTicket
from sanad.registry.models.search import SearchTerm
from sanad.registry.models.selfservice import OneTimeCode

__all__ = [
    "BankAccountStatus",
    "CertificateLink",
    "Contribution",
    "ContributionCorrection",
    "ContributionStatus",
    "CorrectionKind",
    "CorrectionStatus",
    "Dependant",
    "Enrollment",
    "Finding",
    "IdentityDocument",
    "Member",
    "MemberBankAccount",
    "OneTimeCode",
    "Person",
    "Population",
    "QueueDay",
    "QueueService",
    "QueueTicket",
    "Relationship",
    "RightsPeriod",
    "SearchTerm",
    "Sex",
    "SupportingCertificate",
]
