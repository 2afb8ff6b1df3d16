"""The search index of the register: each person under every key of their names (see `registry.search`)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from sanad.registry.models.people import Member


class SearchTerm(models.Model):
    """One key of one person's names; `dependant_id` 0 is the member themself.

    The dependant is a plain number, not a foreign key, so that the member's family sorts as one run of
    rows (member first) and a page of results follows the last (member, dependant) shown.
    """

    term = models.CharField(_("term"), max_length=40)
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="+", db_index=False)
    dependant_id = models.BigIntegerField(_("dependant"), default=0)

    class Meta:
        verbose_name = _("search term")
        verbose_name_plural = _("search terms")
        constraints = [
            # Also the index every search reads: a term's persons in (member, dependant) order.
            models.UniqueConstraint(fields=["term", "member", "dependant_id"], name="registry_search_term"),
        ]
        indexes = [models.Index(fields=["member"], name="registry_search_member")]

    def __str__(self) -> str:
        return self.term
