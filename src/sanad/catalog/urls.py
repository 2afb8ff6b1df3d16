from django.urls import path

from sanad.catalog import views

app_name = "catalog"

urlpatterns = [
    path("acts/", views.act_list, name="act_list"),
    path("acts/<str:code>/", views.act_detail, name="act_detail"),
    path("drugs/", views.drug_list, name="drug_list"),
    path("drugs/<str:code>/", views.drug_detail, name="drug_detail"),
    path("devices/", views.device_list, name="device_list"),
    path("devices/<str:code>/", views.device_detail, name="device_detail"),
    path("conditions/", views.condition_list, name="condition_list"),
    path("conditions/<str:code>/", views.condition_detail, name="condition_detail"),
    path("package/", views.package_list, name="package_list"),
    path("package/<str:fund>/<str:code>/", views.package_detail, name="package_detail"),
    path("protocols/", views.protocol_list, name="protocol_list"),
    path("protocols/<str:diagnosis>/", views.protocol_detail, name="protocol_detail"),
    path("key-letters/", views.key_letter_list, name="key_letter_list"),
    path("key-letters/<str:letter>/<str:sector>/", views.key_letter_detail, name="key_letter_detail"),
    path("import/", views.import_page, name="import"),
    path("export/", views.export, name="export"),
]
