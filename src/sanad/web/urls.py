from django.contrib.auth import views as auth_views
from django.urls import include, path

from sanad.web import find, reasons, views

urlpatterns = [
    path("", views.home, name="home"),
    path(
        "login/",
        auth_views.LoginView.as_view(template_name="web/login.html", authentication_form=views.LoginForm),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("reasons/", reasons.reason_catalogue, name="reasons"),
    path("find/", find.find, name="find"),
    path("two-factor/", include("sanad.web.two_factor.urls")),
]
