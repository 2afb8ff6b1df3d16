"""The integrators' pages (the root URL map: `path("developers/", include("sanad.api.developers.urls"))`)."""

from django.urls import path

from sanad.api.developers import views

app_name = "developers"

urlpatterns = [
    path("", views.index, name="index"),
    path("rest/", views.rest, name="rest"),
    path("fhir/", views.fhir, name="fhir"),
    path("hcx/", views.hcx, name="hcx"),
    path("sanad.http", views.http_collection, name="http"),
    path("sanad.postman_collection.json", views.postman, name="postman"),
]
