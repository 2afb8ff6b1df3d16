"""Django side of the load drills: the account, members and care the load uses, as one JSON line.

Run as `python -m sanad.operations.drill.prepare` on a database where `sanad demo` has run: the demo's
facility account, registration numbers of members covered today, and a consultation of the catalogue
in the fund's benefit package that the facility bills.
"""

from __future__ import annotations

import json

import django


def prepared() -> dict:
    from django.utils import timezone

    from sanad.catalog.models import Act, BenefitPackageEntry
    from sanad.common.demo import DEMO_PASSWORD
    from sanad.common.demo.users import DEMO_USERS
    from sanad.common.permissions import Role
    from sanad.registry.models import Member
    from sanad.registry.selectors import Beneficiary, rights_on_many

    today = timezone.localdate()
    members = list(
        Member.objects.filter(merged_into=None).order_by("pk").values_list("pk", "registration_number")
    )
    rights = rights_on_many(on=today, beneficiaries=[Beneficiary.member(pk) for pk, _n in members])
    covered = [number for pk, number in members if rights[Beneficiary.member(pk)].covered]
    packaged = set(BenefitPackageEntry.objects.filter(kind="act").values_list("code", flat=True))
    act = (
        Act.objects.filter(category="consultation", code__in=packaged)
        .order_by("code")
        .values_list("code", flat=True)
        .first()
    )
    return {
        "username": DEMO_USERS[Role.FACILITY_STAFF],
        "password": DEMO_PASSWORD,
        "covered": covered,
        "act": act,
        "today": today.isoformat(),
    }


if __name__ == "__main__":
    django.setup()
    print(json.dumps(prepared()))
