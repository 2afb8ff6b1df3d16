"""Builders of the care-side sections of a profile: care types, claims, authorizations, network, rates."""

from __future__ import annotations

from decimal import Decimal

from sanad.funds import types as t
from sanad.funds import vocabulary as v
from sanad.funds.reader import Node
from sanad.funds.sections import CODE, clock, is_code, text


def care_types(root: Node) -> tuple[t.CareType, ...]:
    out = []
    for code, node in root.tables("care_types"):
        if not is_code(code):
            raise node.fail_here(f"care type code {code!r} must be snake_case")
        out.append(t.CareType(code=code, label=text(node)))
        node.done()
    if not out:
        raise root.fail("care_types", "must not be empty")
    return tuple(out)


def claims(node: Node, care_type_codes: tuple[str, ...]) -> t.ClaimRules:
    threshold = node.optional_decimal("direct_billing_threshold")
    result = t.ClaimRules(
        time_bar_months=node.integer("time_bar_months", minimum=1, maximum=60),
        batch_max_files=node.integer("batch_max_files", minimum=1),
        batch_groups=_batch_groups(node.table("batch_groups"), care_type_codes),
        direct_billing_threshold=threshold,
        processing_clock=clock(node.table("processing_clock")),
        medical_review_amount=node.decimal("medical_review_amount"),
        medical_review_sample_rate=node.rate("medical_review_sample_rate"),
        insured_reimbursed_for=_insured_reimbursed_for(node, threshold),
        required_documents=_required_documents(node.table("required_documents"), care_type_codes),
        complaint_clock=clock(node.table("complaint_clock")),
        anomaly_peer_factor=node.decimal("anomaly_peer_factor"),
        anomaly_peer_min_acts=node.integer("anomaly_peer_min_acts", minimum=1),
        anomaly_burst_files=node.integer("anomaly_burst_files", minimum=2),
    )
    node.done()
    return result


def _insured_reimbursed_for(node: Node, threshold: Decimal | None) -> tuple[str, ...]:
    """Care below the direct-billing threshold is reimbursed to the insured exactly when the fund has a
    threshold: below it the facility does not bill the fund, so the insured pays and files (seed 002); the
    engine's reason on a facility's file below it tells the insured to file, and the filing is then open."""
    key = "insured_reimbursed_for"
    cases = node.strings(key, choices=t.INSURED_REIMBURSEMENT_CASES)
    below = t.BELOW_DIRECT_BILLING_THRESHOLD in cases
    if below and threshold is None:
        raise node.fail(key, f"{t.BELOW_DIRECT_BILLING_THRESHOLD!r} needs a direct_billing_threshold")
    if threshold is not None and not below:
        raise node.fail(
            key,
            f"must list {t.BELOW_DIRECT_BILLING_THRESHOLD!r}: below direct_billing_threshold the facility "
            "does not bill the fund, the insured pays and files for reimbursement",
        )
    return cases


def _documents_by(node: Node, choices: tuple[str, ...] | None) -> tuple[tuple[str, tuple[str, ...]], ...]:
    pairs = []
    for code in list(node.data):
        if choices is not None and code not in choices:
            raise node.fail(code, f"must be one of {', '.join(choices)}")
        if choices is None and not is_code(code):
            raise node.fail(code, "a category code must be snake_case")
        pairs.append((code, node.strings(code, choices=v.DOCUMENT_KINDS, non_empty=True)))
    node.done()
    return tuple(pairs)


def _required_documents(node: Node, care_type_codes: tuple[str, ...]) -> t.RequiredDocuments:
    result = t.RequiredDocuments(
        by_care_type=_documents_by(node.table("by_care_type"), care_type_codes),
        by_line_kind=_documents_by(node.table("by_line_kind"), v.LINE_KINDS),
        by_category=_documents_by(node.table("by_category"), None),
    )
    node.done()
    return result


def _batch_groups(node: Node, care_type_codes: tuple[str, ...]) -> tuple[t.BatchGroup, ...]:
    """Every care type belongs to exactly one batch group."""
    owner: dict[str, str] = {}
    groups = []
    for code in list(node.data):
        if not is_code(code):
            raise node.fail(code, "a batch group code must be snake_case")
        members = node.strings(code, choices=care_type_codes, non_empty=True)
        for index, care_type in enumerate(members):
            if care_type in owner:
                raise node.fail(
                    f"{code}[{index}]", f"care type {care_type!r} is already in group {owner[care_type]!r}"
                )
            owner[care_type] = code
        groups.append(t.BatchGroup(code=code, care_types=members))
    for care_type in care_type_codes:
        if care_type not in owner:
            raise node.fail_here(f"care type {care_type!r} is in no batch group")
    return tuple(groups)


def authorizations(node: Node) -> t.AuthorizationRules:
    result = t.AuthorizationRules(
        answer_clock=clock(node.table("answer_clock")),
        dialysis_answer_clock=clock(node.table("dialysis_answer_clock")),
        drug_cycles=node.integer("drug_cycles", minimum=1),
        request_batch_max=node.integer("request_batch_max", minimum=1),
        emergency_request_clock=clock(node.table("emergency_request_clock")),
    )
    node.done()
    return result


def agreements(node: Node) -> t.AgreementRules:
    result = t.AgreementRules(
        processing_clock=clock(node.table("processing_clock")),
        required_to_bill=node.boolean("required_to_bill"),
        eligible_sectors=node.strings("eligible_sectors", choices=v.SECTORS, non_empty=True),
        eligible_facility_kinds=node.strings(
            "eligible_facility_kinds", choices=v.FACILITY_KINDS, non_empty=True
        ),
        direct_billing_applicants=node.strings("direct_billing_applicants", choices=v.FACILITY_KINDS),
        direct_billing_automatic=node.strings("direct_billing_automatic", choices=v.FACILITY_KINDS),
    )
    node.done()
    return result


def care_pyramid(node: Node) -> t.CarePyramid:
    """Levels have distinct codes and distinct ranks; they are kept lowest rank first."""
    levels: list[t.PyramidLevel] = []
    for level in node.array_of_tables("levels"):
        code, rank = level.string("code", pattern=CODE), level.integer("rank", minimum=1)
        for other in levels:
            if other.rank == rank:
                raise level.fail("rank", f"duplicate rank {rank} (already the rank of level {other.code!r})")
            if other.code == code:
                raise level.fail("code", f"duplicate level code {code!r}")
        levels.append(t.PyramidLevel(code=code, rank=rank, label=text(level)))
        level.done()
    result = t.CarePyramid(
        levels=tuple(sorted(levels, key=lambda level: level.rank)),
        skip_penalty_rate=node.rate("skip_penalty_rate"),
    )
    node.done()
    return result


def coverage(node: Node, care_type_codes: tuple[str, ...]) -> t.CoverageRates:
    rates = node.table("rates")
    by_care_type = []
    for care_type in care_type_codes:
        row = rates.table(care_type)
        by_care_type.append(
            t.SectorRates(care_type=care_type, **{sector: row.rate(sector) for sector in v.SECTORS})
        )
        row.done()
    rates.done()
    result = t.CoverageRates(
        by_care_type=tuple(by_care_type),
        long_term_rate=node.rate("long_term_rate"),
        drug_rate=node.rate("drug_rate"),
    )
    node.done()
    return result


def prior_approval(node: Node) -> t.PriorApprovalRules:
    lists = {
        key: node.strings(key, choices=v.PRIOR_APPROVAL_CATEGORIES) for key in ("all_sectors", *v.SECTORS)
    }
    node.done()
    return t.PriorApprovalRules(**lists)


def yearly_ceilings(root: Node) -> tuple[t.YearlyCeiling, ...]:
    out: list[t.YearlyCeiling] = []
    for node in root.array_of_tables("yearly_ceilings", non_empty=False):
        code = node.string("code", pattern=CODE)
        if any(ceiling.code == code for ceiling in out):
            raise node.fail("code", f"duplicate ceiling code {code!r}")
        amount = node.decimal("amount", minimum=Decimal("0.01"))
        out.append(
            t.YearlyCeiling(
                code=code, label=text(node), amount=amount, per=node.string("per", choices=v.CEILING_SCOPES)
            )
        )
        node.done()
    return tuple(out)
