"""Mounted at /transparency/ by the root URL map: the public page, no login."""

from django.urls import path

from sanad.reports.public import views

app_name = "reports_public"

urlpatterns = [
    path("", views.transparency, name="transparency"),
]
