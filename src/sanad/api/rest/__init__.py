"""The REST API under /api/v1 (django-ninja): one router module per app, errors mapped in one place."""
