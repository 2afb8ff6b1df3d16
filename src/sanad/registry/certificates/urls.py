"""Mounted at the root: the certificate download and the public verification page its QR code opens (the
whole signed token) and its SMS links to (the short code of `links`)."""

from django.urls import path

from sanad.registry.certificates import views

app_name = "certificates"

urlpatterns = [
    path("registry/certificate/<str:registration_number>.pdf", views.download, name="download"),
    path("verify/public-key.pem", views.public_key, name="public_key"),
    path("verify/<str:token>/", views.verify, name="verify"),
]
