"""HEE analysts' dashboards (disclosure-controlled) and a manager's dashboards for their own
organisation (exact figures, their recruits only). Every figure passes through
`insights.disclosure.protect_table` on its way to the page or the CSV."""

import csv

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from employers.selectors import organisations_managed_by
from insights.aggregates import settings_for_aggregates
from insights.caching import cached_tables
from insights.dashboards import DASHBOARDS
from insights.disclosure import NO_DATA, SMALLEST_GROUP, SUPPRESSED, Policy, protect_table
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


def _tables(dashboard, scope: Scope) -> list:
    def compute() -> list:
        with settings_for_aggregates():
            return [protect_table(raw, policy=scope.policy) for raw in dashboard.build(scope)]

    return cached_tables(dashboard.slug, scope, compute)


def _render(request, dashboard, *, organisation=None):
    form = DashboardFilterForm(request.GET, organisation=organisation)
    scope = _scope(form, organisation)
    tables = _tables(dashboard, scope) if scope else []
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
    table = next((t for t in _tables(dashboard, scope) if t.slug == table_slug), None)
    if table is None:
        raise Http404("No such table.")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
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
