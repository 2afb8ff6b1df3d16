from django.urls import include, path

from sanad.registry.search import views as search
from sanad.registry.views import enrollment, members, queue

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
    path("enroll/", enrollment.enroll, name="enroll"),
    path("enroll/<str:step>/", enrollment.enroll, name="enroll_step"),
    path("enrollments/", members.enrollment_list, name="enrollment_list"),
    path("member/<int:pk>/", members.member_detail, name="member_detail"),
    path("member/<int:pk>/contribution/", members.contribution_add, name="contribution_add"),
    path("dependant/<int:pk>/certificate/", members.certificate_add, name="certificate_add"),
    path("certificate/<int:pk>/scan/", members.certificate_scan, name="certificate_scan"),
    path("enrollment/<int:pk>/certify/", members.enrollment_certify, name="enrollment_certify"),
    path("member/<int:pk>/contribution/fields/", members.contribution_fields, name="contribution_fields"),
    path("receipt/<int:pk>/", members.receipt, name="receipt"),
    path("quality/", include("sanad.registry.quality.urls")),
    path("import/", include("sanad.registry.imports.urls")),
    path("me/", include("sanad.registry.selfservice.urls")),
]
