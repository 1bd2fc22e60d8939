import importlib
from datetime import date

import pytest

from employers.models import CodeOfPracticeList, CountryStatus
from employers.selectors import country_status_on

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("employers", "0003_seed_country_statuses")]
PUBLISHED = date(2023, 3, 23)


def test_code_of_practice_list_migration_corrects_a_database_seeded_with_the_old_list(
    migrate_to,
):
    old = migrate_to(BEFORE)
    OldStatus = old.get_model("employers", "CountryStatus")
    OldStatus.objects.all().delete()
    importlib.import_module("employers.migrations.0003_seed_country_statuses").seed(old, None)
    # An admin's own later period is theirs to keep.
    OldStatus.objects.create(
        country="GH", status="amber", effective_from=date(2026, 1, 1), agreement_note="New deal"
    )
    assert OldStatus.objects.filter(country__in=["SY", "KP"]).count() == 2

    migrate_to(None)

    held = CountryStatus.objects.filter(effective_from=PUBLISHED)
    assert held.filter(status="red").count() == 54
    assert set(held.filter(status="amber").values_list("country", flat=True)) == {"KE", "NP"}
    assert not CountryStatus.objects.filter(country__in=["SY", "KP"]).exists()
    assert not CountryStatus.objects.filter(effective_from=date(2023, 3, 14)).exists()
    assert country_status_on("DJ", date(2025, 1, 1)).status == "red"
    assert country_status_on("GQ", date(2025, 1, 1)).status == "red"
    assert country_status_on("GH", date(2026, 1, 1)).agreement_note == "New deal"
    assert "11 November 2021" in country_status_on("KE", date(2025, 1, 1)).agreement_note
    assert list(CodeOfPracticeList.objects.values_list("effective_from", flat=True)) == [PUBLISHED]
