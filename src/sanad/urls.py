"""Root URL map: the pages, the language switch and the administrators' admin."""

from django.contrib import admin
from django.urls import include, path

from sanad.api.rest.routes import api

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    # /health/live, /health/ready and /metrics, for the probes and Prometheus.
    path("", include("sanad.operations.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("fhir/", include("sanad.api.fhir.urls")),
    path("hcx/v1/", include("sanad.api.hcx.urls")),
    path("exchange/", include("sanad.exchange.urls")),
    path("authorizations/", include("sanad.authorizations.urls")),
    path("catalog/", include("sanad.catalog.urls")),
    path("claims/", include("sanad.claims.urls")),
    path("credentials/", include("sanad.credentials.urls")),
    path("developers/", include("sanad.api.developers.urls")),
    path("payments/", include("sanad.payments.urls")),
    path("providers/", include("sanad.providers.urls")),
    path("registry/", include("sanad.registry.urls")),
    path("transparency/", include("sanad.reports.public.urls")),
    path("reports/monthly/", include("sanad.reports.monthly.urls")),
    path("reports/", include("sanad.reports.urls")),
    path("", include("sanad.registry.certificates.urls")),
    path("", include("sanad.web.urls")),
]

# Styled pages in the reader's language, with a way back (sanad.web.errors); never the exception's text.
handler400 = "sanad.web.errors.bad_request"
handler403 = "sanad.web.errors.permission_denied"
handler404 = "sanad.web.errors.page_not_found"
handler500 = "sanad.web.errors.server_error"
