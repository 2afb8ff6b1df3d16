"""FHIR R4 under /fhir (the root URL map mounts it: `path("fhir/", include("sanad.api.fhir.urls"))`)."""

from django.urls import path, re_path

from sanad.api.fhir import subscriptions, views, views_claims

app_name = "fhir"

urlpatterns = [
    path("metadata", views.metadata, name="metadata"),
    path("Patient", views.patient_search, name="patient-search"),
    path("Patient/<str:id>", views.patient_read, name="patient"),
    path("Coverage", views.coverage_search, name="coverage-search"),
    path("Coverage/<str:id>", views.coverage_read, name="coverage"),
    path("Organization/<str:id>", views.organization, name="organization"),
    path("CoverageEligibilityRequest", views.eligibility, name="eligibility"),
    path("Claim/$submit", views_claims.claim_submit_view, name="claim-submit"),
    path("Claim/$inquire", views_claims.claim_inquire, name="claim-inquire"),
    path("Claim", views_claims.claim_submit_view, name="claim"),
    path("ClaimResponse", views_claims.claim_response_list, name="claim-response-search"),
    path("ClaimResponse/<str:id>", views_claims.claim_response, name="claim-response"),
    path("CodeSystem/<str:id>", views_claims.code_system, name="code-system"),
    path("Practitioner", views_claims.practitioner_list, name="practitioner-search"),
    path("Practitioner/<str:id>", views_claims.practitioner, name="practitioner"),
    path("PaymentReconciliation", views_claims.reconciliation_list, name="reconciliation-search"),
    path("PaymentReconciliation/<str:id>", views_claims.reconciliation, name="reconciliation"),
    path("PaymentNotice", views_claims.notice_list, name="notice-search"),
    path("PaymentNotice/<str:id>", views_claims.notice, name="notice"),
    # Last: any other address answers a FHIR 404 (an OperationOutcome), not the site's page.
    path("Subscription", subscriptions.subscription_list, name="subscription-search"),
    path("Subscription/<str:id>", subscriptions.subscription, name="subscription"),
    re_path(r"^(?P<path>.*)$", views.unknown, name="unknown"),
]
