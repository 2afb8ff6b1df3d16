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
