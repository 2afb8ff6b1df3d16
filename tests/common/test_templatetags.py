def test_region_and_level_codes_read_as_names(settings):
    from django.template import Context, Template

    settings.SANAD_FUND = "cnass-mr"
    rendered = Template("{% load sanad %}{{ 'MR-04'|region_name }} / {{ 'XX'|region_name }}").render(
        Context()
    )

    assert rendered == "Gorgol / XX"


def test_a_level_code_reads_as_its_label(settings):
    from django.template import Context, Template
    from django.utils import translation

    settings.SANAD_FUND = "cnops-ma"
    from sanad.funds import load_profile

    level = load_profile("cnops-ma").care_pyramid.levels[0]
    with translation.override("ar"):
        rendered = Template("{% load sanad %}{{ code|level_name }}").render(Context({"code": level.code}))

    assert rendered == level.label.ar


def test_a_facility_reads_by_its_name_in_the_readers_language():
    from types import SimpleNamespace

    from django.template import Context, Template
    from django.utils import translation

    template = Template("{% load sanad %}{{ facility|local_name }}")
    both = SimpleNamespace(name_fr="Centre de santé de Teyarett", name_ar="المركز الصحي تيارت")
    french_only = SimpleNamespace(name_fr="Poste de santé 4", name_ar="")

    with translation.override("ar"):
        assert template.render(Context({"facility": both})) == "المركز الصحي تيارت"
        assert template.render(Context({"facility": french_only})) == "Poste de santé 4"
    with translation.override("fr"):
        assert template.render(Context({"facility": both})) == "Centre de santé de Teyarett"
        assert template.render(Context({"facility": None})) == ""


def test_a_document_code_reads_as_its_name_in_the_readers_language():
    from django.template import Context, Template
    from django.utils import translation

    template = Template("{% load claims %}{{ 'barcodes'|document_kind }} / {{ 'scroll'|document_kind }}")

    with translation.override("fr"):
        assert template.render(Context()) == "Vignettes code-barres des médicaments / scroll"
    with translation.override("en"):
        assert template.render(Context()) == "Barcode stickers of the drugs / scroll"
