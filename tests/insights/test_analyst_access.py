"""HEE analysts never reach a person's page or file, whatever its id."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from tests.factories import EvidenceDocumentFactory, LocalNetworkFactory

PERSON_APPS = ("candidates", "onboarding", "pastoral")
REFUSED = {403, 404, 405}


def _patterns(resolver=None, namespace=None, prefix=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _patterns(entry, entry.namespace or namespace, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern) and namespace in PERSON_APPS:
            yield namespace, entry.name, prefix + str(entry.pattern), entry.pattern.converters


def _urls(ids: list[int]):
    for namespace, name, route, converters in _patterns():
        if not converters:
            yield f"{namespace}:{name}", "/" + route
            continue
        for pk in ids:
            url = route
            for param in converters:
                url = url.replace(f"<int:{param}>", str(pk))
            yield f"{namespace}:{name}", "/" + url


@pytest.fixture
def world(db, module_world):
    """Both tests only read the world: it is built once for the module."""
    return module_world


@pytest.fixture
def everything(world):
    document = EvidenceDocumentFactory(candidate=world.r1)
    network = LocalNetworkFactory(organisation=world.a)
    from candidates.models import BarrierReport, RegistrationStep
    from onboarding.models import Offer, OnboardingTask
    from pastoral.models import CheckIn, SupportAssignment, WellbeingPulse

    ids = {document.pk, network.pk}
    for model in (
        BarrierReport,
        RegistrationStep,
        Offer,
        OnboardingTask,
        CheckIn,
        SupportAssignment,
        WellbeingPulse,
    ):
        ids.update(model.objects.values_list("pk", flat=True))
    ids.update(r.pk for r in (world.r1, world.r2, world.r3, world.r4, world.r5))
    ids.update((world.a.pk, world.b.pk))
    return sorted(ids)


def test_analyst_cannot_reach_any_person_page_or_file(client_for, analyst, everything):
    client = client_for(analyst)
    checked = 0
    for name, url in _urls(everything):
        response = client.get(url)
        assert response.status_code in REFUSED, f"{name} {url} gave {response.status_code}"
        checked += 1
    assert checked > 20


def test_analyst_cannot_download_a_recruits_document(client_for, analyst, world):
    from django.urls import reverse

    document = EvidenceDocumentFactory(candidate=world.r1)
    response = client_for(analyst).get(reverse("candidates:document-download", args=[document.pk]))
    assert response.status_code == 404
