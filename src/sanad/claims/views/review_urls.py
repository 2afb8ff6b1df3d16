"""URLs of the fund's pipeline pages: the queues, the overdue list, the file page and the medical review."""

from django.urls import URLPattern, path

from sanad.claims.views import decided_list, review, review_file, review_queues

urlpatterns: list[URLPattern] = [
    path("fund/check/", review_queues.check_queue, name="fund_check_queue"),
    path("fund/review/", review_queues.review_queue, name="fund_review_queue"),
    path("fund/overdue/", review_queues.overdue, name="fund_overdue"),
    # The decisions of a period: the list behind the claims' indicators (issue 20).
    path("fund/decided/", decided_list.decided_list, name="fund_decided"),
    path("fund/files/<int:pk>/", review_file.file_detail, name="fund_file"),
    path("fund/files/<int:pk>/review/", review.review_file, name="fund_file_review"),
    path("fund/files/<int:pk>/do/<slug:action>/", review_file.file_action, name="fund_file_action"),
]
