from copy import copy

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from employers.selectors import organisations_managed_by
from onboarding.forms import (
    ApplyChecklistForm,
    CommentForm,
    OfferForm,
    TaskAddForm,
    TemplateCopyForm,
    TemplateForm,
    TemplateItemForm,
)
from onboarding.models import ChecklistTemplateItem, Offer
from onboarding.selectors import (
    RECRUIT_FILTERS,
    RECRUIT_SORTS,
    applications_of,
    checklist_sections,
    decisions_of,
    journey_for,
    journey_managed_by,
    journey_timeline,
    journey_viewer,
    offer_of,
    organisations_managed_with_settings,
    own_checklist_recruit,
    recruit_page,
    recruit_rows,
    task_for,
    tasks_of,
    template_editable_by,
    template_for,
    templates_applicable_to,
    templates_visible_to,
    unanswered_refusal_of,
)
from onboarding.services import (
    AgreementConfirmationNeeded,
    ApplicationAccountNeeded,
    OnboardingError,
    checklist_apply,
    offer_create,
    offer_update,
    task_add,
    task_comment_add,
    task_complete,
    task_reopen,
    template_copy,
    template_delete,
    template_item_delete,
    template_item_save,
    template_update,
)
from portal.access import employer_staff_required, recruit_required, require_form_methods
from portal.audit import audit_trail_rows, newest_audit_entries_for_candidate

RECRUITS_PER_PAGE = 25
# The newest changes shown on the journey; the admin keeps the whole trail.
AUDIT_ENTRIES_SHOWN = 50


# --- The manager's start page ---------------------------------------------------------------


@login_required
@employer_staff_required
@require_safe
def recruits(request):
    today = timezone.localdate()
    organisations = organisations_managed_with_settings(request.user)
    organisation_id = _int_or_none(request.GET.get("organisation"))
    if organisation_id not in {o.pk for o in organisations}:
        organisation_id = None
    status = request.GET.get("status", "")
    sort = request.GET.get("sort", "")
    if sort not in RECRUIT_SORTS:
        sort = "progress"
    page = recruit_page(
        request.user,
        today=today,
        number=request.GET.get("page"),
        per_page=RECRUITS_PER_PAGE,
        organisation_id=organisation_id,
        status=status,
        sort=sort,
        stalled_after_days=organisations[0].stalled_after_days if organisations else None,
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "onboarding/recruits.html",
        {
            "organisations": organisations,
            "several_organisations": len(organisations) > 1,
            "rows": recruit_rows(page, today=today),
            "page": page,
            "sorts": [(key, label) for key, (_order, label) in RECRUIT_SORTS.items()],
            "filters": list(RECRUIT_FILTERS.items()),
            "chosen": {"organisation": organisation_id, "status": status, "sort": sort},
            "query": query.urlencode(),
        },
    )


def _int_or_none(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


# --- The recruit's checklist ----------------------------------------------------------------


@login_required
@recruit_required
@require_safe
def my_tasks(request):
    candidate = own_checklist_recruit(request.user)
    viewer = journey_viewer(request.user, candidate)
    return render(
        request,
        "onboarding/my_tasks.html",
        {
            "candidate": candidate,
            "offer": offer_of(candidate),
            "sections": checklist_sections(tasks_of(candidate), viewer),
            "today": timezone.localdate(),
        },
    )


# --- The shared journey ---------------------------------------------------------------------


@login_required
@require_safe
def journey(request, pk: int):
    candidate, viewer = journey_for(request.user, pk)
    return _render_journey(request, candidate, viewer)


def _render_journey(request, candidate, viewer, *, status=200, **forms):
    # Loaded once for the page and its timeline alike.
    loaded = {
        "offer": offer_of(candidate),
        "decisions": list(decisions_of(candidate)),
        "applications": list(applications_of(candidate)),
        "tasks": tasks_of(candidate),
    }
    context = {
        "candidate": candidate,
        "viewer": viewer,
        "offer": loaded["offer"],
        "decisions": loaded["decisions"],
        "applications": loaded["applications"],
        "sections": checklist_sections(loaded["tasks"], viewer),
        "timeline": journey_timeline(candidate, **loaded),
        "comment_form": CommentForm(),
        "today": timezone.localdate(),
    }
    if viewer.is_manager:
        # Managers see who changed what and when; the recruit and their buddy do not.
        context["show_audit_trail"] = True
        context["audit_rows"] = audit_trail_rows(
            newest_audit_entries_for_candidate(candidate, AUDIT_ENTRIES_SHOWN)
        )
        context["apply_form"] = forms.get("apply_form") or ApplyChecklistForm(
            templates=templates_applicable_to(candidate)
        )
        context["task_form"] = forms.get("task_form") or TaskAddForm()
    return render(request, "onboarding/journey.html", context, status=status)


@login_required
@employer_staff_required
@require_form_methods
def offer_edit(request, pk: int):
    candidate = journey_managed_by(request.user, pk)
    offer = offer_of(candidate)
    after_refusal = unanswered_refusal_of(candidate) is not None
    # A copy for the form, whose validation writes the new values on its instance: the service
    # compares them with the offer as it was (a changed route or country is checked again).
    form = OfferForm(
        request.POST or None,
        instance=copy(offer) if offer else _new_offer(candidate),
        after_refusal=after_refusal,
    )
    amber = None
    if request.method == "POST" and form.is_valid():
        try:
            if offer is None:
                offer_create(
                    candidate=candidate,
                    organisation=candidate.organisation,
                    details=form.details(),
                    by=request.user,
                )
                messages.success(request, "Offer recorded. Now apply a checklist.")
            else:
                offer_update(offer=offer, details=form.details(), by=request.user)
                messages.success(request, "Offer changed. Open tasks' due dates follow it.")
            return redirect("onboarding:journey", pk=candidate.pk)
        except AgreementConfirmationNeeded as error:
            amber = error.status
            form.add_error("agreement_confirmed", str(error))
        except ApplicationAccountNeeded as error:
            form.add_error("application_account", str(error))
        except OnboardingError as error:
            form.add_error("recruitment_route", str(error))
    return render(
        request,
        "onboarding/offer_form.html",
        {"candidate": candidate, "offer": offer, "form": form, "amber": amber},
    )


def _new_offer(candidate) -> Offer:
    """What the form starts from for a recruit without an offer."""
    return Offer(
        profession_id=candidate.profession_id,
        band=5,
        offer_date=timezone.localdate(),
        recruited_from=(candidate.nationality or candidate.country_of_training).code or "",
    )


@login_required
@employer_staff_required
@require_POST
def checklist_apply_view(request, pk: int):
    candidate = journey_managed_by(request.user, pk)
    viewer = journey_viewer(request.user, candidate)
    form = ApplyChecklistForm(request.POST, templates=templates_applicable_to(candidate))
    if form.is_valid():
        try:
            application = checklist_apply(
                candidate=candidate, template=form.cleaned_data["template"], by=request.user
            )
        except OnboardingError as error:
            form.add_error("template", str(error))
        else:
            messages.success(
                request,
                f"“{application.template_name}” applied: {application.tasks.count()} tasks added.",
            )
            return redirect("onboarding:journey", pk=candidate.pk)
    return _render_journey(request, candidate, viewer, apply_form=form)


@login_required
@employer_staff_required
@require_POST
def task_add_view(request, pk: int):
    candidate = journey_managed_by(request.user, pk)
    viewer = journey_viewer(request.user, candidate)
    form = TaskAddForm(request.POST)
    if form.is_valid():
        try:
            task = task_add(candidate=candidate, by=request.user, **form.cleaned_data)
        except OnboardingError as error:
            form.add_error("due_on", str(error))
        else:
            messages.success(request, f"Task added: {task.title}.")
            return redirect("onboarding:journey", pk=candidate.pk)
    return _render_journey(request, candidate, viewer, task_form=form)


def _refused(request, error):
    messages.error(request, str(error))
    return render(request, "403.html", status=403)


def _back_to(request, task):
    if request.user.is_recruit:
        return redirect("onboarding:my-tasks")
    return redirect("onboarding:journey", pk=task.candidate_id)


@login_required
@require_POST
def task_complete_view(request, pk: int):
    task, _viewer = task_for(request.user, pk)
    try:
        task_complete(task=task, by=request.user)
    except OnboardingError as error:
        return _refused(request, error)
    messages.success(request, f"Done: {task.title}.")
    return _back_to(request, task)


@login_required
@require_POST
def task_reopen_view(request, pk: int):
    task, _viewer = task_for(request.user, pk)
    try:
        task_reopen(task=task, by=request.user)
    except OnboardingError as error:
        return _refused(request, error)
    messages.success(request, f"Reopened: {task.title}.")
    return _back_to(request, task)


@login_required
@require_POST
def task_comment_view(request, pk: int):
    task, _viewer = task_for(request.user, pk)
    form = CommentForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Write a comment before you send it.")
        return _back_to(request, task)
    task_comment_add(task=task, by=request.user, body=form.cleaned_data["body"])
    messages.success(request, f"Comment added to {task.title}.")
    return _back_to(request, task)


# --- Templates ------------------------------------------------------------------------------


@login_required
@employer_staff_required
@require_safe
def templates(request):
    organisations = list(organisations_managed_by(request.user))
    return render(
        request,
        "onboarding/templates.html",
        {
            "templates": templates_visible_to(request.user),
            "managed_ids": {o.pk for o in organisations},
            "can_copy": bool(organisations),
        },
    )


@login_required
@employer_staff_required
@require_form_methods
def template_copy_view(request, pk: int):
    template = template_for(request.user, pk)
    organisations = organisations_managed_by(request.user)
    if not organisations.exists():
        return _refused(request, OnboardingError("Only managers can copy templates."))
    form = TemplateCopyForm(
        request.POST or None,
        organisations=organisations,
        initial={"name": f"{template.name} (our copy)"},
    )
    if request.method == "POST" and form.is_valid():
        try:
            copy = template_copy(
                template=template,
                organisation=form.cleaned_data["organisation"],
                name=form.cleaned_data["name"],
                by=request.user,
            )
        except OnboardingError as error:
            form.add_error("name", str(error))
        else:
            messages.success(request, f"Copied. You can now edit “{copy.name}”.")
            return redirect("onboarding:template", pk=copy.pk)
    return render(request, "onboarding/template_copy.html", {"template": template, "form": form})


@login_required
@employer_staff_required
@require_form_methods
def template_detail(request, pk: int):
    template = template_for(request.user, pk)
    editable = template.organisation_id in {o.pk for o in organisations_managed_by(request.user)}
    form = None
    if editable:
        form = TemplateForm(request.POST or None, instance=template)
        if request.method == "POST" and form.is_valid():
            try:
                template_update(
                    template=template,
                    name=form.cleaned_data["name"],
                    description=form.cleaned_data["description"],
                )
            except OnboardingError as error:
                form.add_error("name", str(error))
            else:
                messages.success(request, "Template saved. Running journeys are unchanged.")
                return redirect("onboarding:template", pk=template.pk)
    return render(
        request,
        "onboarding/template_detail.html",
        {
            "template": template,
            "items": template.items.all(),
            "editable": editable,
            "form": form,
        },
    )


@login_required
@employer_staff_required
@require_form_methods
def template_item_edit(request, pk: int, item_pk: int | None = None):
    template = template_editable_by(request.user, pk)
    item = (
        get_object_or_404(ChecklistTemplateItem, pk=item_pk, template=template)
        if item_pk
        else ChecklistTemplateItem(template=template)
    )
    form = TemplateItemForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        try:
            template_item_save(item=form.save(commit=False))
        except OnboardingError as error:
            form.add_error("due_offset_days", str(error))
        else:
            messages.success(request, "Item saved. Tasks already on journeys are unchanged.")
            return redirect("onboarding:template", pk=template.pk)
    return render(
        request,
        "onboarding/template_item_form.html",
        {"template": template, "item": item, "form": form},
    )


@login_required
@employer_staff_required
@require_POST
def template_item_delete_view(request, pk: int, item_pk: int):
    template = template_editable_by(request.user, pk)
    item = get_object_or_404(ChecklistTemplateItem, pk=item_pk, template=template)
    template_item_delete(item=item)
    messages.success(request, f"Removed “{item.title}”. Tasks already on journeys are unchanged.")
    return redirect("onboarding:template", pk=template.pk)


@login_required
@employer_staff_required
@require_POST
def template_delete_view(request, pk: int):
    template = template_editable_by(request.user, pk)
    try:
        template_delete(template=template)
    except OnboardingError as error:
        messages.error(request, str(error))
        return redirect("onboarding:template", pk=template.pk)
    messages.success(request, f"Deleted “{template.name}”.")
    return redirect("onboarding:templates")
