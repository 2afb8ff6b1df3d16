"""The claims pages, one URL module per area (each next to its views)."""

from sanad.claims.views import batches_urls, complaints_urls, desk_urls, review_urls

app_name = "claims"

urlpatterns = [
    *desk_urls.urlpatterns,
    *batches_urls.urlpatterns,
    *review_urls.urlpatterns,
    *complaints_urls.urlpatterns,
]
