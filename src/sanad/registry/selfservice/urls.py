"""Included under registry/me/ in the registry's namespace: registry:selfservice_number and the rest."""

from django.urls import path

from sanad.registry.selfservice import views

urlpatterns = [
    path("login/", views.number, name="selfservice_number"),
    path("code/", views.code, name="selfservice_code"),
    path("code/resend/", views.resend, name="selfservice_resend"),
    path("family/", views.family, name="selfservice_family"),
]
