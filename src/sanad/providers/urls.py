from django.urls import path

from sanad.providers.views import agreements_decided, facilities, registration, workflow

app_name = "providers"

urlpatterns = [
    path("", facilities.facility_list, name="facility_list"),
    path("board/", workflow.board, name="board"),
    path("overdue/", workflow.overdue, name="overdue"),
    path("decided/", agreements_decided.agreements_decided_list, name="agreements_decided"),
    path("register/", registration.facility_register, name="facility_register"),
    path("facility/<str:code>/", facilities.facility_detail, name="facility_detail"),
    path("facility/<str:code>/edit/", registration.facility_edit, name="facility_edit"),
    path("facility/<str:code>/practitioners/", facilities.practitioner_add, name="practitioner_add"),
    path("facility/<str:code>/agreement/", facilities.agreement_request, name="agreement_request"),
    path("facility/<str:code>/direct-billing/", facilities.direct_billing_apply, name="direct_billing_apply"),
    path(
        "facility/<str:code>/direct-billing/admit/",
        facilities.direct_billing_admit,
        name="direct_billing_admit",
    ),
    path("agreement/<int:pk>/<str:action>/", facilities.agreement_action, name="agreement_action"),
    path("agreement/<int:pk>/letter/<str:kind>/", workflow.letter, name="letter"),
    path(
        "direct-billing/<int:pk>/<str:action>/",
        facilities.direct_billing_action,
        name="direct_billing_action",
    ),
]
