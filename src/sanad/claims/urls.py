"""The claims pages, one URL module per area (each next to its views)."""

from django.urls import path

from sanad.claims.views import batches_urls, complaints_urls, desk_urls, reimbursement_lookup, review_urls

app_name = "claims"

urlpatterns = [
    *desk_urls.urlpatterns,
    *batches_urls.urlpatterns,
    *review_urls.urlpatterns,
    *complaints_urls.urlpatterns,
    # The lists of the reimbursement form (htmx): facilities, care and medicines, illnesses.
    path(
        "reimbursements/lists/facilities/",
        reimbursement_lookup.facility_options,
        name="reimbursement_facility_options",
    ),
    path("reimbursements/lists/care/", reimbursement_lookup.care_options, name="reimbursement_care_options"),
    path(
        "reimbursements/lists/illnesses/",
        reimbursement_lookup.illness_options,
        name="reimbursement_illness_options",
    ),
]
