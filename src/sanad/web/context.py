"""What every page's shell needs: the fund, the user's roles and the navigation they allow."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from sanad.common.permissions import Role, can, primary_role, roles_of
from sanad.funds.active import active_profile
from sanad.web.find import may_find
from sanad.web.two_factor.rules import two_factor_pending

# (label, URL name, capability or role that shows it). Later capabilities add their pages here.
NAVIGATION: tuple[tuple[Any, str, str | Role], ...] = (
    (_("Home"), "home", "any"),
    (_("Reception queue"), "registry:queue", "registry.enroll"),
    (_("New enrollment"), "registry:enroll", "registry.enroll"),
    (_("Enrollments"), "registry:enrollment_list", "registry.view"),
    (_("Register checks"), "registry:quality_queue", "registry.review"),
    (_("Payment corrections"), "registry:correction_queue", "registry.review"),
    (_("Register import"), "registry:import", "registry.review"),
    (_("Facilities"), "providers:facility_list", "providers.view"),
    (_("Agreements"), "providers:board", "providers.manage"),
    (_("Check rights"), "claims:desk", "claims.submit"),
    (_("Our billing files"), "claims:desk_files", "claims.submit"),
    (_("Batches"), "claims:batch_list", "claims.submit"),
    (_("Statements"), "payments:statement_list", "claims.submit"),
    (_("Global invoices"), "payments:facility_invoices", "claims.submit"),
    (_("Prior authorizations"), "authorizations:request_list", "authorizations.submit"),
    (_("Batches of requests"), "authorizations:batches", "authorizations.submit"),
    (_("Deposit and pick-up calendar"), "authorizations:facility_calendar", "deposit_calendar_facility"),
    (_("Prior authorizations to decide"), "authorizations:queue", "authorizations.decide"),
    (_("Reception of batches"), "claims:batch_queue", "claims.receive"),
    (_("Deposit and pick-up calendar"), "authorizations:office_calendar", "deposit_calendar_office"),
    (_("Administrative check"), "claims:fund_check_queue", "claims.check"),
    (_("Medical review"), "claims:fund_review_queue", "claims.review"),
    (_("Overdue files"), "claims:fund_overdue", "claims.view"),
    (_("Prior authorizations"), "authorizations:request_list", "authorizations.view"),
    (_("Fund pharmacy"), "authorizations:pharmacy", "fund_pharmacy"),
    (_("Reimbursements"), "claims:reimbursement_start", "claims.reimburse"),
    (_("Prior approval filed at the branch"), "authorizations:branch_start", "branch_filing"),
    (_("Settlement runs"), "payments:run_list", "payments.view"),
    (_("Bank confirmations"), "payments:confirmations", "payments.prepare"),
    (_("Global invoices"), "payments:invoice_list", "payments.view"),
    (_("Bank account changes"), "payments:account_changes", "payments.view"),
    (_("Complaints"), "claims:complaint_queue", "claims.complaints"),
    (_("My care files"), "claims:my_files", "self.view"),
    (_("My complaints"), "claims:my_complaints", "self.view"),
    (_("My prior authorizations"), "authorizations:my_requests", "self.view"),
    (_("Indicators"), "reports:overview", "reports.view"),
    (_("Catalog"), "catalog:act_list", "catalog.view"),
    (_("Reason codes"), "reasons", "any"),
    (_("API clients"), "credentials:client_list", "credentials.manage"),
    (_("HCX participants"), "exchange:participant_list", "credentials.manage"),
    (_("For developers"), "developers:index", "credentials.manage"),
    (_("For developers"), "developers:index", "claims.submit"),
    (_("Administration"), "admin:index", Role.ADMINISTRATOR),
    (_("Two-step log-in"), "two_factor:accounts", Role.ADMINISTRATOR),
)


# The navigation row of a 1024 px screen holds about this many characters of labels (French and Arabic
# included, with each link's padding counted as NAV_LINK_CHARACTERS); the links beyond go in a "More" menu.
NAV_ROW_CHARACTERS = 120
NAV_LINK_CHARACTERS = 3


def nav_split(items: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The links shown in the row and those in the "More" menu, in NAVIGATION's order, by label length."""
    width = sum(len(str(item["label"])) + NAV_LINK_CHARACTERS for item in items)
    if width <= NAV_ROW_CHARACTERS:
        return items, []
    # Keep room for the "More" button itself.
    budget = NAV_ROW_CHARACTERS - 10
    shown: list[dict[str, Any]] = []
    for item in items:
        budget -= len(str(item["label"])) + NAV_LINK_CHARACTERS
        if budget < 0:
            break
        shown.append(item)
    return shown, items[len(shown) :]


def _visible(user: Any, need: str | Role) -> bool:
    if need == "any":
        return True
    if need == "fund_pharmacy":  # only where the fund has a pharmacy of its own (the profile says)
        has_one = active_profile().authorization_requests.fund_pharmacy is not None
        return has_one and can(user, "authorizations.dispense")
    if need in ("deposit_calendar_office", "deposit_calendar_facility"):  # where the profile has one (CNOPS)
        if not active_profile().authorization_requests.deposit_calendar:
            return False
        office = need == "deposit_calendar_office"
        return can(user, "authorizations.calendar" if office else "authorizations.submit")
    if need == "branch_filing":  # only where the profile lets the insured file at a branch (CNSS)
        allowed = active_profile().authorization_requests.branch_filing is not None
        return allowed and can(user, "authorizations.branch")
    if isinstance(need, Role):
        return need in roles_of(user)
    return can(user, need)


def shell(request: Any) -> dict[str, Any]:
    user = request.user
    profile = active_profile()
    nav = []
    # Until the one-time code is given, the page shows no way elsewhere: the links would lead back to it.
    pending = two_factor_pending(user)
    if user.is_authenticated and not pending:
        # One link per page, though several capabilities may show it.
        shown = {url: label for label, url, need in NAVIGATION if _visible(user, need)}
        nav = [{"label": label, "url": url} for url, label in shown.items()]
    role = primary_role(user)
    nav_shown, nav_more = nav_split(nav)
    return {
        "fund": profile,
        "fund_name": profile.name.get(request.LANGUAGE_CODE if hasattr(request, "LANGUAGE_CODE") else "fr"),
        "navigation": nav,
        "nav_shown": nav_shown,
        "nav_more": nav_more,
        "primary_role": role,
        "primary_role_label": role.label if role else "",
        # The search box stands in the shell of every page of the staff who may find something with it.
        "may_find": may_find(user) and not pending,
    }
