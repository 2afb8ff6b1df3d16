"""URLs of the complaints and reimbursements pages: the regional offices, the branch counters and the
insured person's own pages (under me/)."""

from django.urls import URLPattern, path

from sanad.claims.views import complaints, my_complaints, reimbursement_list, reimbursements

urlpatterns: list[URLPattern] = [
    # Reimbursement at a branch counter.
    path("reimbursements/", reimbursements.reimbursement_start, name="reimbursement_start"),
    path("reimbursements/files/", reimbursement_list.reimbursement_list_page, name="reimbursement_list"),
    path(
        "reimbursements/new/<str:registration_number>/",
        reimbursements.reimbursement_new,
        name="reimbursement_new",
    ),
    path("reimbursements/<int:pk>/", reimbursements.reimbursement_detail, name="reimbursement_detail"),
    path(
        "reimbursements/<int:pk>/receipt.pdf",
        reimbursements.reimbursement_receipt,
        name="reimbursement_receipt",
    ),
    # Complaints at a regional office.
    path("complaints/", complaints.complaint_queue_page, name="complaint_queue"),
    path("complaints/new/", complaints.complaint_new, name="complaint_new"),
    path("complaints/<int:pk>/", complaints.complaint_detail, name="complaint_detail"),
    path("complaints/<int:pk>/answer/", complaints.complaint_answer_page, name="complaint_answer"),
    # The insured person's own files, reimbursements and complaints.
    path("me/files/", reimbursements.my_files, name="my_files"),
    path("me/files/<int:pk>/", reimbursements.my_file_detail, name="my_file_detail"),
    path("me/reimbursements/new/", reimbursements.my_reimbursement_new, name="my_reimbursement_new"),
    path("me/complaints/", my_complaints.my_complaints, name="my_complaints"),
    path("me/complaints/new/", my_complaints.my_complaint_new, name="my_complaint_new"),
]
