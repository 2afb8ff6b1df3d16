from django.urls import path

from sanad.credentials import views

app_name = "credentials"

urlpatterns = [
    path("", views.client_list, name="client_list"),
    path("new/", views.client_create, name="client_create"),
    path("<int:pk>/", views.client_detail, name="client_detail"),
    path("<int:pk>/rotate/", views.key_rotate, name="key_rotate"),
    path("<int:pk>/revoke/", views.client_revoke, name="client_revoke"),
    path("<int:pk>/scopes/", views.scopes_change, name="scopes_change"),
]
