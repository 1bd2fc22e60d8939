"""HEE analysts' dashboards (disclosure-controlled) and a manager's dashboards for their own
organisation (exact figures, their recruits only). Every figure passes through
`insights.disclosure.protect_table` on its way to the page or the CSV."""

import csv

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import http_date
from django.views.decorators.http import require_safe

from employers.selectors import organisations_managed_by
from insights.caching import cached_figures
from insights.dashboards import DASHBOARDS
from insights.disclosure import NO_DATA, SMALLEST_GROUP, SUPPRESSED, Policy
from insights.forms import DashboardFilterForm
from insights.presentation import bars, summary
from insights.scope import Scope
from portal.access import employer_staff_required, hee_analyst_required


def _dashboard(slug: str):
    try:
        return DASHBOARDS[slug]
    except KeyError:
        raise Http404("No such dashboard.") from None


def _managed_organisation(user, organisation_id: int):
    """An organisation `user` manages; anyone else gets 404."""
    organisation = organisations_managed_by(user).filter(pk=organisation_id).first()
    if organisation is None:
        raise Http404("No such organisation.")
    return organisation


def _scope(form: DashboardFilterForm, organisation=None) -> Scope | None:
    if not form.is_valid():
        return None
    data = form.cleaned_data
    if organisation is not None:
        return Scope(
            policy=Policy.EXACT,
            start=data["start"],
            end=data["end"],
            profession=data["profession"].slug if data["profession"] else "",
            pathway=data["pathway"],
            organisation_id=organisation.pk,
        )
    return Scope(
        start=data["start"],
        end=data["end"],
        region=data["region"],
        profession=data["profession"].slug if data["profession"] else "",
        pathway=data["pathway"],
        organisation_id=data["employer"],
    )


def _render(request, dashboard, *, organisation=None):
    form = DashboardFilterForm(request.GET, organisation=organisation)
    scope = _scope(form, organisation)
    shown = cached_figures(dashboard, scope) if scope else None
    tables = shown.tables if shown else []
    if organisation is None:
        csv_name, csv_args = "insights:csv", [dashboard.slug]
    else:
        csv_name, csv_args = "insights:organisation-csv", [organisation.pk, dashboard.slug]
    query = request.GET.urlencode()
    figures = [
        {
            "table": table,
            "summary": summary(table),
            "bars": bars(table),
            "csv_url": reverse(csv_name, args=[*csv_args, table.slug])
            + (f"?{query}" if query else ""),
        }
        for table in tables
    ]
    return render(
        request,
        "insights/view.html",
        {
            "dashboard": dashboard,
            "dashboards": DASHBOARDS.values(),
            "organisation": organisation,
            "form": form,
            "figures": figures,
            "as_of": shown.as_of if shown else None,
            "as_of_earlier_day": shown and timezone.localdate(shown.as_of) != timezone.localdate(),
            "refresh_minutes": settings.INSIGHTS_REFRESH_SECONDS // 60,
            "controlled": organisation is None,
            "suppressed_marker": SUPPRESSED,
            "no_data_marker": NO_DATA,
            "smallest_group": SMALLEST_GROUP,
        },
    )


def _csv(request, dashboard, table_slug: str, *, organisation=None) -> HttpResponse:
    form = DashboardFilterForm(request.GET, organisation=organisation)
    scope = _scope(form, organisation)
    if scope is None:
        raise Http404("Those filters are not valid.")
    shown = cached_figures(dashboard, scope)
    table = next((t for t in shown.tables if t.slug == table_slug), None)
    if table is None:
        raise Http404("No such table.")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    # The CSV holds exactly the table; when its figures are as of travels with it as HTTP's own
    # date of the content.
    response["Last-Modified"] = http_date(shown.as_of.timestamp())
    prefix = f"{organisation.ods_code}-" if organisation else ""
    response["Content-Disposition"] = (
        f'attachment; filename="{prefix}{dashboard.slug}-{table.slug}.csv"'
    )
    csv.writer(response).writerows(table.as_rows())
    return response


# --- HEE analysts ------------------------------------------------------------------------------
@login_required
@hee_analyst_required
@require_safe
def dashboard(request):
    return render(request, "insights/dashboard.html", {"dashboards": DASHBOARDS.values()})


@login_required
@hee_analyst_required
@require_safe
def view(request, slug: str):
    return _render(request, _dashboard(slug))


@login_required
@hee_analyst_required
@require_safe
def csv_download(request, slug: str, table: str):
    return _csv(request, _dashboard(slug), table)


# --- A manager's own organisation ------------------------------------------------------------
@login_required
@employer_staff_required
@require_safe
def organisation_dashboard(request, organisation_id: int):
    organisation = _managed_organisation(request.user, organisation_id)
    return render(
        request,
        "insights/dashboard.html",
        {"dashboards": DASHBOARDS.values(), "organisation": organisation},
    )


@login_required
@employer_staff_required
@require_safe
def organisation_view(request, organisation_id: int, slug: str):
    organisation = _managed_organisation(request.user, organisation_id)
    return _render(request, _dashboard(slug), organisation=organisation)


@login_required
@employer_staff_required
@require_safe
def organisation_csv(request, organisation_id: int, slug: str, table: str):
    organisation = _managed_organisation(request.user, organisation_id)
    return _csv(request, _dashboard(slug), table, organisation=organisation)
