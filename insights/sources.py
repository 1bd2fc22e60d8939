"""The rows insights reads, each from the owning app's `*_for_analysis` selector.

Kept in one module so that a selector that is missing or broken can be bridged in one place
(against the owning app's model, reading the same columns) until its app fixes it.
"""

from django.db.models import F, QuerySet

from onboarding import selectors as onboarding_selectors


def offers() -> QuerySet:
    """One row per offer, no free text (onboarding.selectors.offers_for_analysis)."""
    try:
        return onboarding_selectors.offers_for_analysis()
    except ValueError:
        # onboarding's selector names an annotation "profession", which clashes with the Offer
        # field of that name; read the same columns here until it is renamed there.
        from onboarding.models import Offer

        return Offer.objects.values(
            "id",
            "candidate_id",
            "organisation_id",
            "band",
            "recruitment_route",
            "recruited_from",
            "offer_date",
            "start_date",
            "created_at",
            region=F("organisation__region"),
            profession_slug=F("profession__slug"),
            pathway=F("candidate__pathway"),
        )
