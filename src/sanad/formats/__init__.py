"""The fund's date and time formats per language (FORMAT_MODULE_PATH): day before month in French and
Arabic, on pages, papers and forms alike."""
