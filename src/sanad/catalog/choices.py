"""The catalog's vocabularies: categories of acts and devices, kinds of item, sexes and care types."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ActCategory(models.TextChoices):
    # Values match the categories of the fund profiles' prior-approval lists and yearly ceilings.
    CONSULTATION = "consultation", _("Consultation")
    VISIT = "visit", _("Home visit")
    LAB = "lab", _("Laboratory test")
    IMAGING = "imaging", _("Imaging")
    SURGERY = "surgery", _("Surgery")
    SURGERY_PACKAGE = "surgery_package", _("Surgery package")
    INPATIENT_STAY = "inpatient_stay", _("Inpatient day")
    DAY_HOSPITAL = "day_hospital", _("Day hospital")
    INTENSIVE_CARE = "intensive_care", _("Intensive care")
    DENTAL = "dental", _("Dental care")
    ORTHODONTICS = "orthodontics", _("Orthodontics")
    ORTHODONTICS_FIRST_SEMESTER = "orthodontics_first_semester", _("Orthodontics, first semester")
    OPTICAL = "optical", _("Optics")
    PHYSIOTHERAPY = "physiotherapy", _("Physiotherapy")
    DIALYSIS = "dialysis", _("Dialysis session")
    CHEMOTHERAPY = "chemotherapy", _("Chemotherapy")
    RADIOTHERAPY = "radiotherapy", _("Radiotherapy")
    BRACHYTHERAPY = "brachytherapy", _("Brachytherapy")
    IRATHERAPY = "iratherapy", _("Radioactive iodine therapy")
    BONE_MARROW_TRANSPLANT = "bone_marrow_transplant", _("Bone marrow transplant")
    MEDICAL_EVACUATION = "medical_evacuation", _("Medical evacuation")
    OTHER = "other", _("Other")


class DeviceCategory(models.TextChoices):
    PROSTHESIS = "prosthesis", _("Prosthesis")
    ORTHOSIS = "orthosis", _("Orthosis")
    MEDICAL_DEVICE = "medical_device", _("Medical device")
    IMPLANT = "implant", _("Implant")
    OPTICAL = "optical", _("Optics")


class ItemKind(models.TextChoices):
    ACT = "act", _("Act")
    DRUG = "drug", _("Drug")
    DEVICE = "device", _("Device")


class SexChoice(models.TextChoices):
    FEMALE = "F", _("Female")
    MALE = "M", _("Male")


class CareTypeChoice(models.TextChoices):
    OUTPATIENT = "outpatient", _("Outpatient care")
    INPATIENT = "inpatient", _("Inpatient care")
    DAY_HOSPITAL = "day_hospital", _("Day hospital")
    PHARMACY = "pharmacy", _("Pharmacy")
