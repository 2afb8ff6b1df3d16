"""Catalog pages. Thin: the work is in selectors and services."""

from sanad.catalog.views.acts import act_detail, act_list
from sanad.catalog.views.details import (
    condition_detail,
    device_detail,
    drug_detail,
    key_letter_detail,
    package_detail,
    protocol_detail,
)
from sanad.catalog.views.files import export, import_page
from sanad.catalog.views.lists import (
    condition_list,
    device_list,
    drug_list,
    key_letter_list,
    package_list,
    protocol_list,
)

__all__ = [
    "act_detail",
    "act_list",
    "condition_detail",
    "condition_list",
    "device_detail",
    "device_list",
    "drug_detail",
    "drug_list",
    "export",
    "import_page",
    "key_letter_detail",
    "key_letter_list",
    "package_detail",
    "package_list",
    "protocol_detail",
    "protocol_list",
]
