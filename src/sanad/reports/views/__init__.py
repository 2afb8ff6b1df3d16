"""The dashboards' pages (`pages`), their filters (`filters`) and their tables, charts and exports
(`tables`)."""
