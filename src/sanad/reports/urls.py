"""The dashboards: /reports/ (the reader's overview), /reports/<area>/ and /reports/indicator/<code>/."""

from django.urls import path, re_path

from sanad.reports.indicators import Area
from sanad.reports.views import pages

app_name = "reports"

# Only the areas' own names: /reports/monthly/ and any other page under /reports/ stay free.
_AREAS = "|".join(Area.values)

urlpatterns = [
    path("", pages.overview, name="overview"),
    path("indicator/<str:code>/", pages.indicator, name="indicator"),
    re_path(rf"^(?P<area>{_AREAS})/$", pages.area, name="area"),
]
