import logging

from sanad.common.logging import RedactPersonalData, redact


def test_it_masks_phone_numbers_identifiers_and_emails():
    text = "member 1234567890 phone +222 46 12 34 56 mail aicha@example.mr paid 200 MRU"

    masked = redact(text)

    assert "1234567890" not in masked
    assert "46 12 34 56" not in masked
    assert "aicha@example.mr" not in masked
    assert "paid 200 MRU" in masked


def test_it_filters_log_records_after_formatting_their_arguments():
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "lookup %s", ("22246123456",), None)

    RedactPersonalData().filter(record)

    assert record.getMessage() == "lookup [redacted]"


def test_it_keeps_dates_and_times_readable():
    assert redact("at 2026-11-23 00:42:11 file CNA000000123") == "at 2026-11-23 00:42:11 file CNA[redacted]"
