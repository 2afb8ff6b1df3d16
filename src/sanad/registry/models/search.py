"""The search index of the register: each person under every key of their names (see `registry.search`)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from sanad.registry.models.people import Member


class SearchTerm(models.Model):
    """One key of one person's names, as a 64-bit number (`registry.search.keys.term_key`); `dependant_id`
    0 is the member themself.

    Numbers, not text: the index takes millions of rows a register import writes, and integers are
    cheaper to compare than collated text. Keyed by its natural key, the person first, so that a family's
    keys are found (and replaced) together; the dependant is a plain number, so that the family sorts as
    one run of rows (member first) and a page of results follows the last (member, dependant) shown.
    """

    pk = models.CompositePrimaryKey("member", "dependant_id", "term_key")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="+", db_index=False)
    dependant_id = models.BigIntegerField(_("dependant"), default=0)
    term_key = models.BigIntegerField(_("term"))

    class Meta:
        verbose_name = _("search term")
        verbose_name_plural = _("search terms")
        indexes = [
            # The index every search reads: a key's persons in (member, dependant) order.
            models.Index(fields=["term_key", "member", "dependant_id"], name="registry_search_term"),
        ]

    def __str__(self) -> str:
        return str(self.term_key)
