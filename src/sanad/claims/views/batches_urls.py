"""URLs of the batches pages: the facility's batches and the fund's reception desk."""

from django.urls import URLPattern, path

from sanad.claims.views import batches, fund_reception

urlpatterns: list[URLPattern] = [
    path("batches/", batches.batch_list, name="batch_list"),
    path("batches/new/", batches.batch_create, name="batch_create"),
    path("batches/<int:pk>/", batches.batch_detail, name="batch_detail"),
    path("batches/<int:pk>/add/", batches.batch_files_add, name="batch_files_add"),
    path("batches/<int:pk>/remove/", batches.batch_files_remove, name="batch_files_remove"),
    path("batches/<int:pk>/submit/", batches.batch_submit, name="batch_submit"),
    path("batches/<int:pk>/recall/", batches.batch_recall, name="batch_recall"),
    path("batches/<int:pk>/slip.pdf", batches.batch_slip, name="batch_slip"),
    path("batches/<int:pk>/receipt.pdf", batches.batch_receipt, name="batch_receipt"),
    path("batches/<int:pk>/receive/", batches.batch_receive, name="batch_receive"),
    path("reception/", fund_reception.batch_queue, name="batch_queue"),
]
