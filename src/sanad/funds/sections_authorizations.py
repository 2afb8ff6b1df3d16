"""Builder of the prior-authorization request types of a profile (`[authorizations]` fields, documents,
dossier and `[[authorizations.request_types]]`), with the checks that tie them together."""

from __future__ import annotations

from decimal import Decimal

from sanad.funds import types_authorizations as a
from sanad.funds import vocabulary as v
from sanad.funds.reader import Node
from sanad.funds.sections import CODE, clock, is_code, text
from sanad.funds.types import Clock

DEFAULT_MAX_LENGTH = 200
# The fields each automatic rule reads, besides the type's item field.
RULE_FIELDS = {
    "dialysis_renewal": ("sessions_per_week",),
    "long_term_drug": ("diagnosis", "months"),
    "quote_within_reference": ("quote_amount",),
}
RULE_ITEM_KINDS = {"long_term_drug": ("drug",), "quote_within_reference": ("device", "act")}


def request_catalogue(node: Node, *, drug_cycles: int) -> a.RequestCatalogue:
    """Read the request types from the `[authorizations]` table; the keys read here are marked read, so
    the section's own builder (`sections_care.authorizations`) accepts the table afterwards."""
    clocks = {
        "standard": clock(node.table("answer_clock")),
        "dialysis": clock(node.table("dialysis_answer_clock")),
    }
    fields = _fields(node)
    documents = _documents(node)
    document_codes = tuple(document.code for document in documents)
    dossier = _dossier(node.table("dossier"), document_codes)
    by_code = {field.code: field for field in fields}
    types: list[a.RequestType] = []
    for item in node.array_of_tables("request_types"):
        request_type = _request_type(item, by_code, document_codes, clocks, drug_cycles)
        if any(other.code == request_type.code for other in types):
            raise item.fail("code", f"duplicate request type {request_type.code!r}")
        types.append(request_type)
    return a.RequestCatalogue(
        information_clock=node.string("information_clock", choices=a.INFORMATION_CLOCK_MODES),
        near_due_share=node.decimal("near_due_share", minimum=Decimal("0.01"), maximum=Decimal("0.99")),
        appeal_days=node.integer("appeal_days", minimum=1, maximum=366),
        fields=fields,
        documents=documents,
        dossier=dossier,
        types=tuple(types),
        fund_pharmacy=_fund_pharmacy(node.table("fund_pharmacy")) if node.has("fund_pharmacy") else None,
        deposit_calendar=node.boolean("deposit_calendar") if node.has("deposit_calendar") else False,
        branch_filing=_branch_filing(node.table("branch_filing"), types, document_codes)
        if node.has("branch_filing")
        else None,
    )


def _branch_filing(node: Node, types: list[a.RequestType], document_codes: tuple[str, ...]) -> a.BranchFiling:
    codes = tuple(t.code for t in types)
    result = a.BranchFiling(
        request_types=node.strings("request_types", choices=codes, non_empty=True),
        documents=node.strings("documents", choices=document_codes, non_empty=True),
    )
    pharmacies = [
        t.code for t in types if t.code in result.request_types and a.PHARMACY_KIND in t.facility_kinds
    ]
    if pharmacies:
        raise node.fail(
            "request_types", f"a pharmacy's types are not filed at a branch: {', '.join(pharmacies)}"
        )
    node.done()
    return result


def _fund_pharmacy(node: Node) -> a.FundPharmacy:
    result = a.FundPharmacy(drugs=node.strings("drugs", choices=a.FUND_PHARMACY_DRUGS, non_empty=True))
    node.done()
    return result


def categories_check(root: Node, catalogue: a.RequestCatalogue, needed: set[str]) -> None:
    """Every category that needs prior approval has a request type to ask for it."""
    offered = {category for request_type in catalogue.types for category in request_type.categories}
    missing = sorted(needed - offered)
    if missing:
        raise root.fail(
            "authorizations.request_types", f"no request type asks for {', '.join(missing)} (prior_approval)"
        )


def _fields(node: Node) -> tuple[a.RequestField, ...]:
    out = []
    for code, item in node.tables("fields"):
        if not is_code(code):
            raise item.fail_here(f"field code {code!r} must be snake_case")
        kind = item.string("type", choices=a.FIELD_TYPES)
        bounded = kind in ("integer", "decimal")
        minimum = item.optional_decimal("min", minimum=None) if bounded else None
        maximum = item.optional_decimal("max", minimum=None) if bounded else None
        if minimum is not None and maximum is not None and maximum < minimum:
            raise item.fail("max", f"must be at least min ({minimum}), got {maximum}")
        whole = all(b is None or b == b.to_integral_value() for b in (minimum, maximum))
        if kind == "integer" and not whole:
            raise item.fail("min", "the bounds of an integer are whole numbers")
        choices: tuple[a.FieldChoice, ...] = ()
        if kind == "choice":
            choices = tuple(
                a.FieldChoice(code=choice_code, label=_label(choice))
                for choice_code, choice in item.tables("choices")
            )
            if len(choices) < 2:
                raise item.fail("choices", "a choice offers at least two values")
        max_length = DEFAULT_MAX_LENGTH
        if kind == "text" and item.has("max_length"):
            max_length = item.integer("max_length", minimum=1, maximum=2000)
        out.append(
            a.RequestField(
                code=code,
                label=text(item),
                type=kind,
                required=not item.boolean("optional") if item.has("optional") else True,
                minimum=minimum,
                maximum=maximum,
                max_length=max_length,
                unit=item.optional_string("unit") or "",
                choices=choices,
            )
        )
        item.done()
    return tuple(out)


def _label(node: Node) -> a.Text:
    result = text(node)
    node.done()
    return result


def _documents(node: Node) -> tuple[a.RequestDocument, ...]:
    out = []
    for code, item in node.tables("documents"):
        if not is_code(code):
            raise item.fail_here(f"document code {code!r} must be snake_case")
        register = ""
        if item.has("register"):
            register = item.string("register", choices=a.REGISTER_SOURCES)
        confidential = item.boolean("confidential") if item.has("confidential") else False
        label = text(item)
        out.append(a.RequestDocument(code=code, label=label, register=register, confidential=confidential))
        item.done()
    if not out:
        raise node.fail("documents", "must not be empty")
    return tuple(out)


def _dossier(node: Node, document_codes: tuple[str, ...]) -> a.Dossier:
    lists = {group: node.strings(group, choices=document_codes) for group in a.DOSSIER_GROUPS}
    node.done()
    return a.Dossier(**lists)


def _request_type(
    node: Node,
    fields: dict[str, a.RequestField],
    document_codes: tuple[str, ...],
    clocks: dict[str, Clock],
    drug_cycles: int,
) -> a.RequestType:
    code = node.string("code", pattern=CODE)
    field_codes = node.strings("fields", choices=tuple(fields), non_empty=True)
    item_kind = node.string("item_kind", choices=a.ITEM_KINDS) if node.has("item_kind") else None
    item_field = node.string("item_field", choices=field_codes) if node.has("item_field") else None
    if (item_kind is None) != (item_field is None):
        raise node.fail("item_field", "item_kind and item_field go together")
    quantity_field = None
    if node.has("quantity_field"):
        quantity_field = node.string("quantity_field", choices=field_codes)
        if fields[quantity_field].type != "integer":
            raise node.fail("quantity_field", f"{quantity_field!r} must be an integer field")
    counts = node.string("counts", choices=a.COUNTS)
    max_quantity = None
    if node.has("max_quantity"):
        max_quantity = node.integer("max_quantity", minimum=1)
    elif counts == "cycles":
        max_quantity = drug_cycles  # seed 002: an authorization for drugs covers the profile's cycles
    body_surface_area = node.boolean("body_surface_area") if node.has("body_surface_area") else False
    if body_surface_area and not {"weight_kg", "height_cm"} <= set(field_codes):
        raise node.fail("body_surface_area", "needs the fields weight_kg and height_cm")
    result = a.RequestType(
        code=code,
        label=text(node),
        categories=node.strings("categories", choices=v.PRIOR_APPROVAL_CATEGORIES, non_empty=True),
        admissions=node.strings("admissions", choices=a.ADMISSIONS, non_empty=True),
        fields=field_codes,
        documents=node.strings("documents", choices=document_codes, non_empty=True),
        conditional_documents=_conditional(node, fields, field_codes, document_codes),
        dossier=node.boolean("dossier"),
        answer_clock=clocks[node.string("answer_clock", choices=tuple(clocks))],
        emergency=node.boolean("emergency"),
        facility_kinds=node.strings("facility_kinds", choices=v.FACILITY_KINDS)
        if node.has("facility_kinds")
        else (),
        counts=counts,
        quantity_field=quantity_field,
        item_kind=item_kind,
        item_field=item_field,
        max_quantity=max_quantity,
        validity_days=node.integer("validity_days", minimum=1, maximum=366),
        body_surface_area=body_surface_area,
        automatic=_automatic(node, field_codes, item_kind) if node.has("automatic") else None,
    )
    node.done()
    return result


def _conditional(
    node: Node,
    fields: dict[str, a.RequestField],
    field_codes: tuple[str, ...],
    document_codes: tuple[str, ...],
) -> tuple[a.ConditionalDocuments, ...]:
    """Documents asked when a choice field of the form has a value; none when the key is left out."""
    if not node.has("conditional_documents"):
        return ()
    out = []
    for item in node.array_of_tables("conditional_documents"):
        field = item.string("field", choices=field_codes)
        choices = tuple(choice.code for choice in fields[field].choices)
        if not choices:
            raise item.fail("field", f"{field!r} is not a choice field")
        out.append(
            a.ConditionalDocuments(
                field=field,
                value=item.string("value", choices=choices),
                documents=item.strings("documents", choices=document_codes, non_empty=True),
            )
        )
        item.done()
    return tuple(out)


def _automatic(node: Node, field_codes: tuple[str, ...], item_kind: str | None) -> a.AutomaticRule:
    item = node.table("automatic")
    rule = item.string("rule", choices=a.AUTOMATIC_RULES)
    missing = [code for code in RULE_FIELDS[rule] if code not in field_codes]
    if missing:
        raise item.fail("rule", f"{rule} reads the fields {', '.join(missing)}, missing from the form")
    kinds = RULE_ITEM_KINDS.get(rule)
    if kinds is not None and item_kind not in kinds:
        raise item.fail("rule", f"{rule} needs item_kind {' or '.join(kinds)}")
    result = a.AutomaticRule(
        rule=rule,
        max_sessions_per_week=item.integer("max_sessions_per_week", minimum=1, maximum=7)
        if rule == "dialysis_renewal"
        else None,
        max_months=item.integer("max_months", minimum=1, maximum=12) if rule == "long_term_drug" else None,
    )
    item.done()
    return result
