"""URLs of the desk pages: the facility checks rights, opens care sheets, bills them and follows its files."""

from django.urls import URLPattern, path

from sanad.claims.views import desk

urlpatterns: list[URLPattern] = [
    path("desk/", desk.desk, name="desk"),
    path("desk/sheet/new/", desk.sheet_new, name="sheet_new"),
    path("desk/sheet/line/", desk.sheet_line, name="sheet_line"),
    path("desk/sheet/<int:pk>/", desk.sheet_detail, name="sheet_detail"),
    path("desk/sheet/<int:pk>/sheet.pdf", desk.sheet_pdf, name="sheet_pdf"),
    path("desk/sheet/<int:pk>/bill/", desk.file_create, name="file_create"),
    path("desk/files/", desk.file_list, name="desk_files"),
    path("desk/files/<int:pk>/", desk.file_detail, name="desk_file"),
    path("desk/files/<int:pk>/documents/", desk.document_upload, name="document_upload"),
    path("desk/files/<int:pk>/requests/<int:request_id>/", desk.info_answer, name="info_answer"),
    # Any reader of a file opens its documents here (facility, fund staff; the envelope: medical advisers).
    path("documents/<int:pk>/", desk.document_open, name="document_open"),
]
