"""Members and their dependants: the persons of the register."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Sex(models.TextChoices):
    FEMALE = "F", _("Female")
    MALE = "M", _("Male")


class Population(models.TextChoices):
    NATIONAL = "national", _("National")
    MIGRANT = "migrant", _("Regular migrant")
    REFUGEE = "refugee", _("Refugee or asylum seeker")


class Relationship(models.TextChoices):
    SPOUSE = "spouse", _("Spouse")
    CHILD = "child", _("Child")


class Person(models.Model):
    """Names in Latin and Arabic script, sex and birth date: what every insured person has."""

    first_name = models.CharField(_("first name"), max_length=80)
    last_name = models.CharField(_("last name"), max_length=80)
    first_name_ar = models.CharField(_("first name (Arabic)"), max_length=80, blank=True)
    last_name_ar = models.CharField(_("last name (Arabic)"), max_length=80, blank=True)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    # Indexed: the register check looks duplicates up by birth date.
    birth_date = models.DateField(_("birth date"), db_index=True)

    class Meta:
        abstract = True

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def full_name_ar(self) -> str:
        return f"{self.first_name_ar} {self.last_name_ar}".strip()


class Member(Person):
    """The principal insured person (assuré principal), who joins and pays."""

    registration_number = models.CharField(_("registration number"), max_length=32, unique=True)
    population = models.CharField(_("population"), max_length=16, choices=Population.choices)
    nationality = models.CharField(_("nationality"), max_length=2)
    phone = models.CharField(_("phone"), max_length=20, blank=True, db_index=True)
    region = models.CharField(_("region"), max_length=32, db_index=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    # The language of the member's SMS, one of the fund profile's `languages` (checked at enrollment, not by
    # choices here: they come from the profile). Blank: the fund's default language. The database default
    # keeps the register import's raw inserts (imports/writing.py), which do not name the column, working.
    language = models.CharField(_("language"), max_length=8, blank=True, default="", db_default="")
    photo = models.FileField(_("photo"), upload_to="registry/photos/%Y/%m/", blank=True)
    enrolled_on = models.DateField(_("enrolled on"), db_index=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="member",
    )
    # A second record of a person already in the register is closed into the kept one, never deleted: its
    # dependants, documents, contributions and files follow the kept record (services/merge.py).
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_records",
    )
    merged_on = models.DateField(_("merged on"), null=True, blank=True)

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        ordering = ["registration_number"]

    def __str__(self) -> str:
        return f"{self.registration_number} {self.full_name}"


class Dependant(Person):
    """A person covered through a member: spouse or child (ayant droit)."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="dependants")
    relationship = models.CharField(_("relationship"), max_length=16, choices=Relationship.choices)
    # A disabled child stays a dependant past 21 with the fund's medical-control certificate (seed 002).
    disabled = models.BooleanField(_("disabled"), default=False)

    class Meta:
        verbose_name = _("dependant")
        verbose_name_plural = _("dependants")
        ordering = ["member_id", "birth_date"]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.get_relationship_display()})"
