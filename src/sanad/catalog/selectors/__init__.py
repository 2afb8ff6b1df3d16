"""Every read of the catalog, scoped and shaped for pages, the API, exports and the engine."""

from sanad.catalog.selectors.history import Change, HistoryEntry, catalog_history
from sanad.catalog.selectors.lists import (
    EVERY_SECTOR,
    ITEM_MODELS,
    code_kinds,
    condition_page,
    device_page,
    drug_page,
    key_letter_page,
    package_page,
    protocol_page,
    series_versions,
)
from sanad.catalog.selectors.tariffs import (
    ActPage,
    PricePeriod,
    act_on,
    act_page,
    act_price,
    act_price_history,
    act_price_on,
    act_versions,
    drug_by_barcode,
    key_letter_value_on,
    table_records,
)
from sanad.common.paging import PAGE_SIZE, KeyPage, key_page

__all__ = [
    "EVERY_SECTOR",
    "ITEM_MODELS",
    "PAGE_SIZE",
    "ActPage",
    "Change",
    "HistoryEntry",
    "KeyPage",
    "PricePeriod",
    "act_on",
    "act_page",
    "act_price",
    "act_price_history",
    "act_price_on",
    "act_versions",
    "catalog_history",
    "code_kinds",
    "condition_page",
    "device_page",
    "drug_by_barcode",
    "drug_page",
    "key_letter_page",
    "key_letter_value_on",
    "key_page",
    "package_page",
    "protocol_page",
    "series_versions",
    "table_records",
]
