"""The import pages, included under the registry's URLs (names in the `registry` namespace)."""

from django.urls import path

from sanad.registry.imports import views

urlpatterns = [
    path("", views.import_page, name="import"),
    path("template.<str:fmt>", views.import_template, name="import_template"),
    path("<str:digest>/errors.csv", views.import_errors, name="import_errors"),
]
