"""Included under registry/quality/ in the registry's namespace: registry:quality_queue and the rest."""

from django.urls import path

from sanad.registry.quality import views

urlpatterns = [
    path("", views.queue, name="quality_queue"),
    path("finding/<int:pk>/close/", views.close, name="quality_close"),
    path("enrollment/<int:enrollment_id>/check/", views.check, name="quality_check"),
]
