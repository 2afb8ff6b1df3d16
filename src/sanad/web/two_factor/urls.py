from django.urls import path

from sanad.web.two_factor import views

app_name = "two_factor"

urlpatterns = [
    path("", views.verify, name="verify"),
    path("set-up/", views.set_up, name="set_up"),
    path("backup-codes/", views.backup_codes, name="backup_codes"),
    path("accounts/", views.accounts, name="accounts"),
    path("accounts/<int:user_id>/reset/", views.reset, name="reset"),
]
