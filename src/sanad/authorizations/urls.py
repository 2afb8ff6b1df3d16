from django.urls import path

from sanad.authorizations.views import (
    adviser,
    appeals,
    batches,
    branch,
    calendar,
    documents,
    escalation,
    facility,
    pages,
    pharmacy,
)

app_name = "authorizations"

urlpatterns = [
    path("", pages.request_list, name="request_list"),
    path("new/", facility.request_start, name="request_start"),
    path("new/<str:request_type>/", facility.request_new, name="request_new"),
    path("queue/", adviser.queue, name="queue"),
    path("escalation/", escalation.escalation, name="escalation"),
    path("mine/", documents.my_requests, name="my_requests"),
    path("pharmacy/", pharmacy.pharmacy, name="pharmacy"),
    path("pharmacy/<str:reference>/dispense/", pharmacy.pharmacy_dispense, name="pharmacy_dispense"),
    path("batches/", batches.batches, name="batches"),
    path("batches/<str:number>/receipt.pdf", batches.batch_receipt, name="batch_receipt"),
    path("calendar/", calendar.office_calendar, name="office_calendar"),
    path("calendar/mine/", calendar.facility_calendar, name="facility_calendar"),
    path("branch/", branch.branch_start, name="branch_start"),
    path("branch/<str:request_type>/", branch.branch_new, name="branch_new"),
    path("<str:reference>/", pages.request_detail, name="request_detail"),
    path("<str:reference>/decision.pdf", documents.decision_pdf, name="decision_pdf"),
    path("<str:reference>/documents/", facility.request_documents, name="request_documents"),
    path("<str:reference>/answer/", facility.request_answer, name="request_answer"),
    path("<str:reference>/appeal/", appeals.request_appeal, name="request_appeal"),
    path("<str:reference>/document/<int:pk>/", pages.request_document, name="request_document"),
    path("<str:reference>/<str:action>/", adviser.request_action, name="request_action"),
]
