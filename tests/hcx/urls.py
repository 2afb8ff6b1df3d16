"""The site's URL map with the exchange's pages mounted (`exchange/`), until the root map lists them."""

from django.urls import include, path

from sanad.urls import urlpatterns as site

urlpatterns = [path("exchange/", include("sanad.exchange.urls")), *site]
