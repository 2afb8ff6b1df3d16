"""The URL map of the `eligibility` benchmark's server (settings `sanad.api.bench_site`): the project's,
plus the bare view of `bench/bare/<number>/`, a member read by its registration number (one query on its
unique index) answered as a small JSON. Never part of `sanad.urls`."""

from django.http import HttpRequest, JsonResponse
from django.urls import path

from sanad.registry.models import Member
from sanad.urls import handler400, handler403, handler404, handler500  # noqa: F401 - the site's own
from sanad.urls import urlpatterns as site_urlpatterns

BARE_PREFIX = "bench/bare/"


def bare(request: HttpRequest, number: str) -> JsonResponse:
    """One indexed query and a small JSON: what any Django view costs, the yardstick of the API's."""
    found = Member.objects.filter(registration_number=number).values_list("pk", "sex").first()
    if found is None:
        return JsonResponse({"found": False}, status=404)
    return JsonResponse({"found": True, "id": found[0], "sex": found[1]})


urlpatterns = [path(f"{BARE_PREFIX}<str:number>/", bare, name="bench-bare"), *site_urlpatterns]
