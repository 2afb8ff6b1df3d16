"""The administrator's pages of the exchange (the root URL map mounts them under `exchange/`)."""

from django.urls import path

from sanad.exchange import views

app_name = "exchange"

urlpatterns = [
    path("participants/", views.participant_list, name="participant_list"),
    path("participants/new/", views.participant_create, name="participant_create"),
    path("participants/<int:pk>/deactivate/", views.participant_deactivate, name="participant_deactivate"),
]
