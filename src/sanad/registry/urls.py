from django.urls import include, path

from sanad.registry.search import views as search
from sanad.registry.views import (
    corrections,
    corrections_enrollment,
    enrollment,
    lists,
    members,
    papers,
    queue,
)

app_name = "registry"

urlpatterns = [
    path("search/", search.search, name="search"),
    path("queue/", queue.queue, name="queue"),
    path("queue/issue/", queue.queue_issue, name="queue_issue"),
    path("queue/call/", queue.queue_call, name="queue_call"),
    path("queue/serve/<int:pk>/", queue.queue_serve, name="queue_serve"),
    path("queue/waits/", queue.queue_waits_page, name="queue_waits"),
    path("queue/screen/<str:branch>/", queue.queue_screen, name="queue_screen"),
    path("queue/screen/<str:branch>/now/", queue.queue_screen_now, name="queue_screen_now"),
    path("queue/ticket/<int:pk>/pdf/", queue.queue_ticket_pdf, name="queue_ticket_pdf"),
    path("queue/display-link/", queue.queue_display_link, name="queue_display_link"),
    path("queue/display/<str:token>/", queue.queue_display, name="queue_display"),
    path("queue/display/<str:token>/now/", queue.queue_display_now, name="queue_display_now"),
    path("enroll/", enrollment.enroll, name="enroll"),
    path("enroll/<str:step>/", enrollment.enroll, name="enroll_step"),
    path("enrollments/", lists.enrollment_list, name="enrollment_list"),
    path("member/<int:pk>/", members.member_detail, name="member_detail"),
    path("member/<int:pk>/contribution/", members.contribution_add, name="contribution_add"),
    path("dependant/<int:pk>/certificate/", members.certificate_add, name="certificate_add"),
    path("certificate/<int:pk>/scan/", members.certificate_scan, name="certificate_scan"),
    path("enrollment/<int:pk>/certify/", members.enrollment_certify, name="enrollment_certify"),
    path("enrollment/<int:pk>/refuse/", corrections_enrollment.enrollment_refuse, name="enrollment_refuse"),
    path("enrollment/<int:pk>/reopen/", corrections_enrollment.enrollment_reopen, name="enrollment_reopen"),
    path("member/<int:pk>/merge/", corrections_enrollment.member_merge_page, name="member_merge"),
    path("member/<int:pk>/contribution/fields/", members.contribution_fields, name="contribution_fields"),
    path("receipt/<int:pk>/", members.receipt, name="receipt"),
    path("receipt/<int:pk>/pdf/", papers.receipt_pdf, name="receipt_pdf"),
    path("member/<int:pk>/quote/", papers.quote_page, name="contribution_quote"),
    path("member/<int:pk>/quote/pdf/", papers.quote_pdf, name="contribution_quote_pdf"),
    path("contribution/<int:pk>/correct/", corrections.contribution_correct, name="contribution_correct"),
    path("corrections/", corrections.correction_queue, name="correction_queue"),
    path("correction/<int:pk>/decide/", corrections.correction_decide, name="correction_decide"),
    path("quality/", include("sanad.registry.quality.urls")),
    path("import/", include("sanad.registry.imports.urls")),
    path("me/", include("sanad.registry.selfservice.urls")),
]
