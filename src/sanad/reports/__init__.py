"""Dashboards and indicators (issue 20): figures computed by day into small tables, read by the pages."""
