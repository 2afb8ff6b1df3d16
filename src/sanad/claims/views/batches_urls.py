"""URLs of the batches pages."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
