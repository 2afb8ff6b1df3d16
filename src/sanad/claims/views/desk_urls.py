"""URLs of the desk pages: the facility checks rights, opens care sheets, bills them and follows its files."""

from django.urls import URLPattern, path

from sanad.claims.views import desk, desk_documents, desk_files, desk_lists, desk_lookup

urlpatterns: list[URLPattern] = [
    path("desk/", desk.desk, name="desk"),
    path("desk/sheet/new/", desk.sheet_new, name="sheet_new"),
    path("desk/sheet/line/", desk.sheet_line, name="sheet_line"),
    path("desk/sheet/line/pick/", desk_lookup.line_pick, name="sheet_line_pick"),
    path("desk/sheet/line/tariff/", desk_lookup.line_tariff, name="sheet_line_tariff"),
    path("desk/lookup/items/", desk_lookup.items, name="desk_items"),
    path("desk/lookup/diagnoses/", desk_lookup.diagnoses, name="desk_diagnoses"),
    path("desk/lookup/diagnoses/pick/", desk_lookup.diagnosis_pick, name="desk_diagnosis_pick"),
    path("desk/sheet/<int:pk>/", desk.sheet_detail, name="sheet_detail"),
    path("desk/sheet/<int:pk>/edit/", desk.sheet_edit, name="sheet_edit"),
    path("desk/sheet/<int:pk>/cancel/", desk.sheet_cancel, name="sheet_cancel"),
    path("desk/sheet/<int:pk>/sheet.pdf", desk_documents.sheet_pdf, name="sheet_pdf"),
    path("desk/sheet/<int:pk>/bill/", desk_files.file_create, name="file_create"),
    path("desk/files/", desk_lists.file_list, name="desk_files"),
    path("desk/files/<int:pk>/", desk_files.file_detail, name="desk_file"),
    path("desk/files/<int:pk>/edit/", desk_files.file_edit, name="file_edit"),
    path("desk/files/<int:pk>/cancel/", desk_files.file_cancel, name="file_cancel"),
    path("desk/files/<int:pk>/documents/", desk_documents.document_upload, name="document_upload"),
    path("desk/files/<int:pk>/requests/<int:request_id>/", desk_documents.info_answer, name="info_answer"),
    # Any reader of a file opens its documents here (facility, fund staff; the envelope: medical advisers).
    path("documents/<int:pk>/", desk_documents.document_open, name="document_open"),
]
