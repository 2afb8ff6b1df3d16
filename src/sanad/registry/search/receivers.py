"""The search index follows every save of a person, whatever wrote it (a service, the admin, a merge).

The bulk writers (register import, demo) skip model signals and index what they wrote themselves.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from sanad.registry.models import Dependant, Member, SearchTerm
from sanad.registry.search.terms import search_terms_refresh


@receiver(post_save, sender=Member, dispatch_uid="registry_search_member_saved")
def member_saved(sender: Any, instance: Member, raw: bool = False, **kwargs: Any) -> None:
    if not raw:
        search_terms_refresh(member_ids=[instance.pk])


@receiver(post_save, sender=Dependant, dispatch_uid="registry_search_dependant_saved")
@receiver(post_delete, sender=Dependant, dispatch_uid="registry_search_dependant_deleted")
def dependant_changed(sender: Any, instance: Dependant, raw: bool = False, **kwargs: Any) -> None:
    if not raw:
        search_terms_refresh(member_ids=[instance.member_id])


@receiver(post_delete, sender=Member, dispatch_uid="registry_search_member_deleted")
def member_deleted(sender: Any, instance: Member, **kwargs: Any) -> None:
    # Its dependants' deletion, just before, indexed the family again.
    SearchTerm.objects.filter(member_id=instance.pk).delete()
