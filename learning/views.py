from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from candidates.selectors import candidate_for_user
from employers.models import Organisation
from employers.selectors import organisation_ids_managed_by
from learning import selectors, services
from learning.forms import (
    CpdActivityForm,
    CpdEvidenceForm,
    GuideForm,
    ObjectiveForm,
    PreceptorshipStartForm,
    ProtectedTimeForm,
    ReviewSignOffForm,
    SelfCheckForm,
)
from learning.models import Audience, GoodPracticeTopic
from learning.pdf import cpd_profile_pdf
from pastoral.selectors import preceptor_for
from portal.access import employer_staff_required, recruit_required, require_form_methods
from portal.uploads import private_file_response

# --- Guides -------------------------------------------------------------------------------------


@login_required
@recruit_required
@require_safe
def library(request):
    candidate = candidate_for_user(request.user)
    guides = list(selectors.library_for_candidate(candidate).order_by("title"))
    return render(
        request,
        "learning/library.html",
        {
            "candidate": candidate,
            "guides": guides,
            "completed_count": sum(1 for g in guides if g.progress_status == "completed"),
        },
    )


def _guide_page(request, guide, *, form=None, wrong=None, status=200):
    context = {"guide": guide, "wrong": wrong or []}
    if request.user.is_recruit and guide.audience == Audience.RECRUIT:
        candidate = candidate_for_user(request.user)
        context["progress"] = selectors.guide_progress(candidate, guide)
        if guide.questions.all():
            context["form"] = form or SelfCheckForm(guide=guide)
    return render(request, "learning/guide.html", context, status=status)


@login_required
@require_safe
def guide(request, slug):
    return _guide_page(request, selectors.guide_for_user(request.user, slug))


@login_required
@recruit_required
@require_POST
def guide_read(request, slug):
    guide = selectors.guide_for_user(request.user, slug)
    services.guide_mark_read(candidate=candidate_for_user(request.user), guide=guide)
    messages.success(request, f"You have marked “{guide.title}” as read.")
    return redirect("learning:guide", slug=guide.slug)


@login_required
@recruit_required
@require_POST
def guide_check(request, slug):
    guide = selectors.guide_for_user(request.user, slug)
    form = SelfCheckForm(request.POST, guide=guide)
    if not form.is_valid():
        return _guide_page(request, guide, form=form)
    _progress, wrong = services.guide_self_check_submit(
        candidate=candidate_for_user(request.user), guide=guide, answers=form.answers()
    )
    if wrong:
        return _guide_page(request, guide, form=form, wrong=wrong)
    messages.success(request, f"All answers right: you have completed “{guide.title}”.")
    return redirect("learning:guide", slug=guide.slug)


def _require_author(user):
    if not selectors.user_may_write_guides(user):
        raise PermissionDenied(
            "Only your organisation's managers can write or change its guides. Ask a manager "
            "if a guide needs changing."
        )


@login_required
@require_safe
def authoring(request):
    user = request.user
    if not (selectors.user_is_admin(user) or user.is_employer_staff):
        raise PermissionDenied("This page is for employer staff and administrators.")
    may_write = selectors.user_may_write_guides(user)
    guides = (
        selectors.guides_editable_by(user)
        if may_write
        else selectors.organisation_guides_for_staff(user)
    )
    return render(
        request,
        "learning/authoring.html",
        {"guides": guides.order_by("title"), "may_write": may_write},
    )


def _author_organisation(user):
    """The organisation a new guide belongs to: none (national) for admins, else the one the
    writer manages."""
    if selectors.user_is_admin(user):
        return None
    organisation = (
        Organisation.objects.filter(pk__in=organisation_ids_managed_by(user))
        .order_by("name")
        .first()
    )
    if organisation is None:
        raise PermissionDenied("You need to belong to an organisation to write guides.")
    return organisation


@login_required
@require_form_methods
def guide_create(request):
    _require_author(request.user)
    form = GuideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        guide = services.guide_create(
            author=request.user,
            organisation=_author_organisation(request.user),
            audience=Audience.RECRUIT,
            professions=data.pop("professions"),
            **data,
        )
        messages.success(request, f"Guide “{guide.title}” saved.")
        return redirect("learning:guide", slug=guide.slug)
    return render(request, "learning/guide_form.html", {"form": form, "guide": None})


@login_required
@require_form_methods
def guide_edit(request, slug):
    _require_author(request.user)
    guide = selectors.guide_editable_by(request.user, slug)
    form = GuideForm(request.POST or None, instance=guide)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        guide = services.guide_update(guide=guide, professions=data.pop("professions"), **data)
        messages.success(request, f"Guide “{guide.title}” saved.")
        return redirect("learning:guide", slug=guide.slug)
    return render(request, "learning/guide_form.html", {"form": form, "guide": guide})


@login_required
@employer_staff_required
@require_safe
def good_practice(request):
    guides = list(selectors.good_practice_guides())
    labels = dict(GoodPracticeTopic.choices)
    for item in guides:
        item.topic_label = labels.get(item.topic, "")
    return render(request, "learning/good_practice.html", {"guides": guides})


@login_required
@employer_staff_required
@require_safe
def good_practice_topic(request, topic):
    label, guides = selectors.good_practice_topic(topic)
    return render(
        request,
        "learning/good_practice_topic.html",
        {"topic": topic, "topic_label": label, "guides": guides},
    )


# --- CPD ----------------------------------------------------------------------------------------


@login_required
@recruit_required
@require_safe
def cpd(request):
    candidate = candidate_for_user(request.user)
    activities = selectors.cpd_record_for_candidate(candidate)
    return render(
        request,
        "learning/cpd.html",
        {
            "candidate": candidate,
            "activities": activities,
            "renewal_date": selectors.registration_renewal_for(
                candidate, today=timezone.localdate()
            ),
        },
    )


@login_required
@recruit_required
@require_form_methods
def cpd_add(request):
    candidate = candidate_for_user(request.user)
    form = CpdActivityForm(
        request.POST or None,
        request.FILES or None,
        candidate=candidate,
        hours_on=selectors.cpd_hours_on,
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        activity = services.cpd_activity_create(
            candidate=candidate, evidence=data.pop("evidence"), **data
        )
        messages.success(request, f"“{activity.title}” added to your CPD record.")
        return redirect("learning:cpd")
    return render(request, "learning/cpd_form.html", {"form": form, "activity": None})


@login_required
@recruit_required
@require_form_methods
def cpd_edit(request, pk):
    activity = selectors.cpd_activity_owned_by(request.user, pk)
    form = CpdActivityForm(
        request.POST or None,
        instance=activity,
        candidate=activity.candidate,
        hours_on=selectors.cpd_hours_on,
    )
    if request.method == "POST" and form.is_valid():
        services.cpd_activity_update(activity=activity, **form.cleaned_data)
        messages.success(request, f"“{activity.title}” saved.")
        return redirect("learning:cpd-activity", pk=activity.pk)
    return render(request, "learning/cpd_form.html", {"form": form, "activity": activity})


@login_required
@require_form_methods
def cpd_activity(request, pk):
    activity = selectors.cpd_activity_visible_to(request.user, pk)
    is_owner = activity.candidate.user_id == request.user.pk
    form = None
    if is_owner:
        form = CpdEvidenceForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload, mime = form.cleaned_data["evidence"]
            services.cpd_evidence_add(activity=activity, upload=upload, mime=mime)
            messages.success(request, "Evidence file added.")
            return redirect("learning:cpd-activity", pk=activity.pk)
    elif request.method == "POST":
        raise Http404("No such CPD activity.")
    return render(
        request,
        "learning/cpd_activity.html",
        {"activity": activity, "is_owner": is_owner, "form": form},
    )


@login_required
@require_safe
def cpd_evidence(request, pk):
    evidence = selectors.cpd_evidence_visible_to(request.user, pk)
    return private_file_response(
        evidence.file, download_name=evidence.original_name, mime=evidence.mime
    )


@login_required
@recruit_required
@require_safe
def cpd_profile(request):
    candidate = candidate_for_user(request.user)
    profile = selectors.cpd_profile_for(candidate, today=timezone.localdate())
    response = HttpResponse(cpd_profile_pdf(profile), content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="cpd-profile.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@employer_staff_required
@require_safe
def recruit_cpd(request, candidate_id):
    candidate = selectors.candidate_for_shared_cpd(request.user, candidate_id)
    activities = selectors.shared_cpd_for(request.user, candidate)
    return render(
        request, "learning/recruit_cpd.html", {"candidate": candidate, "activities": activities}
    )


# --- Preceptorship ------------------------------------------------------------------------------


@login_required
@recruit_required
@require_safe
def preceptorship(request):
    preceptorship = selectors.preceptorship_for_recruit(request.user)
    if preceptorship is None:
        return render(request, "learning/preceptorship_none.html")
    return _preceptorship_page(request, preceptorship)


def _preceptorship_page(request, preceptorship, **forms):
    role = selectors.preceptorship_role(request.user, preceptorship)
    context = {
        "preceptorship": preceptorship,
        "role": role,
        "today": timezone.localdate(),
        "objective_form": forms.get("objective_form") or ObjectiveForm(),
        "time_form": forms.get("time_form") or ProtectedTimeForm(),
        "can_write": role in ("preceptee", "preceptor"),
    }
    if role != "preceptee":
        context["shared_cpd"] = selectors.shared_cpd_for(request.user, preceptorship.candidate)
    return render(request, "learning/preceptorship.html", context)


@login_required
@require_safe
def preceptorship_detail(request, pk):
    return _preceptorship_page(request, selectors.preceptorship_visible_to(request.user, pk))


@login_required
@employer_staff_required
@require_safe
def preceptorships(request):
    return render(
        request,
        "learning/preceptorships.html",
        {
            "preceptorships": selectors.preceptorship_list_for(request.user),
            "without": selectors.candidates_without_preceptorship(request.user),
        },
    )


@login_required
@employer_staff_required
@require_form_methods
def preceptorship_start(request, candidate_id):
    candidate = selectors.candidate_for_preceptorship_start(request.user, candidate_id)
    preceptor = preceptor_for(candidate)
    form = PreceptorshipStartForm(request.POST or None)
    if request.method == "POST" and preceptor is not None and form.is_valid():
        preceptorship = services.preceptorship_start(
            candidate=candidate, preceptor=preceptor, by=request.user, **form.cleaned_data
        )
        messages.success(request, f"Preceptorship started for {candidate}.")
        return redirect(preceptorship)
    return render(
        request,
        "learning/preceptorship_start.html",
        {"candidate": candidate, "preceptor": preceptor, "form": form},
    )


def _writable_preceptorship(user, pk):
    preceptorship = selectors.preceptorship_visible_to(user, pk)
    if selectors.preceptorship_role(user, preceptorship) == "manager":
        raise PermissionDenied("Only the preceptee and the preceptor add to a preceptorship.")
    return preceptorship


@login_required
@require_POST
def objective_add(request, pk):
    preceptorship = _writable_preceptorship(request.user, pk)
    form = ObjectiveForm(request.POST)
    if not form.is_valid():
        return _preceptorship_page(request, preceptorship, objective_form=form)
    services.preceptorship_objective_add(
        preceptorship=preceptorship, by=request.user, **form.cleaned_data
    )
    messages.success(request, "Objective added.")
    return redirect(_preceptorship_url(request.user, preceptorship))


@login_required
@require_POST
def protected_time_add(request, pk):
    preceptorship = _writable_preceptorship(request.user, pk)
    form = ProtectedTimeForm(request.POST)
    if not form.is_valid():
        return _preceptorship_page(request, preceptorship, time_form=form)
    services.protected_time_log(preceptorship=preceptorship, by=request.user, **form.cleaned_data)
    messages.success(request, "Protected time logged.")
    return redirect(_preceptorship_url(request.user, preceptorship))


def _preceptorship_url(user, preceptorship) -> str:
    if preceptorship.candidate.user_id == user.pk:
        return reverse("learning:preceptorship")
    return preceptorship.get_absolute_url()


@login_required
@require_form_methods
def review_sign_off(request, pk):
    review = selectors.review_visible_to(request.user, pk)
    preceptorship = review.preceptorship
    role = selectors.preceptorship_role(request.user, preceptorship)
    form = ReviewSignOffForm(request.POST or None)
    if request.method == "POST":
        if role == "manager":
            raise PermissionDenied("Only the preceptee and the preceptor sign off a review.")
        if form.is_valid():
            try:
                services.review_sign_off(
                    review=review, by=request.user, comments=form.cleaned_data["comments"]
                )
            except services.ReviewSignOffRefused as refusal:
                form.add_error(None, refusal.message)
            else:
                messages.success(request, f"You have signed off the {review.name}.")
                return redirect(_preceptorship_url(request.user, preceptorship))
    return render(
        request,
        "learning/review.html",
        {"review": review, "preceptorship": preceptorship, "role": role, "form": form},
    )
