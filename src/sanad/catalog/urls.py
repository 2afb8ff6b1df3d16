from django.urls import path

from sanad.catalog import views

app_name = "catalog"

urlpatterns = [
    path("acts/", views.act_list, name="act_list"),
    path("acts/<str:code>/", views.act_detail, name="act_detail"),
    path("import/", views.import_page, name="import"),
    path("export/", views.export, name="export"),
]
