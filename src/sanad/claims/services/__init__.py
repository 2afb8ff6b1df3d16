"""Every write of the claims app, one module per task; the public names are re-exported here."""

from sanad.claims.services.adjudicate import billing_files_adjudicate
from sanad.claims.services.register import CareSheetInput, LineInput, billing_file_register

__all__ = ["CareSheetInput", "LineInput", "billing_file_register", "billing_files_adjudicate"]
