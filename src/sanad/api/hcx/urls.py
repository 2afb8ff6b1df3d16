"""The HCX-style exchange (the root URL map mounts it: `path("hcx/v1/", include("sanad.api.hcx.urls"))`)."""

from django.urls import path

from sanad.api.hcx import views

app_name = "hcx"

urlpatterns = [
    path("coverageeligibility/check", views.eligibility_check, name="coverageeligibility-check"),
    path("preauth/submit", views.preauth_submit, name="preauth-submit"),
    path("claim/submit", views.claim_submit, name="claim-submit"),
    path("paymentnotice/request", views.payment_notice_request, name="paymentnotice-request"),
    path("hcx/status", views.status, name="status"),
    path("status", views.status, name="status-short"),
]
