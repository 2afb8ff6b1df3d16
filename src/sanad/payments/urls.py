from django.urls import path

from sanad.payments.accounting import views as accounting_views
from sanad.payments.invoices import views as invoices
from sanad.payments.views import accounts, confirmations, overdue, paid_lists, papers, runs, statements

app_name = "payments"

urlpatterns = [
    path("", runs.run_list, name="run_list"),
    path("prepare/", runs.run_prepare, name="run_prepare"),
    path("run/<int:pk>/", runs.run_detail, name="run_detail"),
    path("run/<int:pk>/progress/", runs.run_progress, name="run_progress"),
    path("run/<int:pk>/approve/", runs.run_approve, name="run_approve"),
    path("run/<int:pk>/cancel/", runs.run_cancel, name="run_cancel"),
    path("run/<int:pk>/resume/", runs.run_resume, name="run_resume"),
    path("run/<int:pk>/bank-file/", runs.bank_file_issue, name="bank_file_issue"),
    path("run/<int:pk>/report.<str:fmt>", papers.run_report, name="run_report"),
    path("bank-file/<int:pk>.<str:fmt>", papers.bank_file_download, name="bank_file_download"),
    path("confirmations/", confirmations.confirmations, name="confirmations"),
    path("statements/", statements.statement_list, name="statement_list"),
    path("statement/<int:pk>.<str:fmt>", statements.statement_download, name="statement_download"),
    path("overdue/", overdue.overdue_list, name="overdue_list"),
    path("paid/", paid_lists.paid_list, name="paid_list"),
    path("recovered/", paid_lists.recovered_list, name="recovered_list"),
    path("payables/", paid_lists.payables_list, name="payables_list"),
    path("run/<int:pk>/journal.<str:fmt>", accounting_views.run_journal, name="run_journal"),
    path("invoices/", invoices.invoice_list, name="invoice_list"),
    path("invoice/<int:pk>/", invoices.invoice_detail, name="invoice_detail"),
    path("invoice/<int:pk>/scan/", invoices.invoice_scan, name="invoice_scan"),
    path("facility/invoices/", invoices.facility_invoices, name="facility_invoices"),
    path("accounts/", accounts.account_changes, name="account_changes"),
    path("accounts/facility/<int:pk>/", accounts.facility_account, name="facility_account"),
    path(
        "accounts/change/<int:pk>/decide/", accounts.facility_account_decide, name="facility_account_decide"
    ),
    path("accounts/member/<int:pk>/", accounts.member_account, name="member_account"),
    path(
        "accounts/member-entry/<int:pk>/decide/", accounts.member_account_decide, name="member_account_decide"
    ),
]
