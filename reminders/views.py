from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe

from accounts.models import User
from portal.access import require_form_methods
from reminders import emails, selectors, services
from reminders.forms import PreferencesForm
from reminders.models import Kind, kinds_for

PAGE_SIZE = 50


@login_required
@require_safe
def notifications(request):
    page = Paginator(selectors.notifications_for(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    page.object_list = selectors.with_messages(page.object_list)
    return render(request, "reminders/notifications.html", {"page": page})


@login_required
@require_POST
def notification_read(request, notification_id: int):
    notification = selectors.notification_for(request.user, notification_id)
    services.notification_mark_read(notification=notification)
    return redirect("reminders:notifications")


@login_required
@require_POST
def notifications_read_all(request):
    count = services.notifications_mark_all_read(user=request.user)
    messages.success(request, f"{count} notification{'s' if count != 1 else ''} marked as read.")
    return redirect("reminders:notifications")


@login_required
@require_form_methods
def preferences(request):
    kinds = kinds_for(request.user)
    locked = services.kinds_locked_on_for(request.user)
    form = PreferencesForm(
        request.POST or None,
        kinds=kinds,
        locked_on=locked,
        initial=selectors.preferences_for(request.user),
    )
    if request.method == "POST" and form.is_valid():
        services.preferences_save(user=request.user, choices=form.cleaned_data)
        messages.success(request, "Your reminder choices are saved.")
        return redirect("reminders:preferences")
    return render(request, "reminders/preferences.html", {"form": form})


# Mail clients post here without a CSRF token (RFC 8058 one-click); the signed token is the
# credential, and it can only turn one kind of reminder off for one person.
@csrf_exempt
@require_form_methods
def unsubscribe(request, token: str):
    try:
        user_id, kind = emails.read_unsubscribe_token(token)
        person = User.objects.get(pk=user_id)
    except signing.SignatureExpired:
        return render(request, "reminders/unsubscribe_invalid.html", {"expired": True}, status=410)
    except (signing.BadSignature, User.DoesNotExist):
        return render(request, "reminders/unsubscribe_invalid.html", status=400)
    # The page never shows whose link it is: whoever holds it learns nothing about the account.
    context = {"kind_label": Kind(kind).label, "token": token}
    if request.method == "POST":
        _, _, changed = services.unsubscribe(token=token)
        context["changed"] = changed
        return render(request, "reminders/unsubscribe_done.html", context)
    context["locked"] = kind in services.kinds_locked_on_for(person)
    return render(request, "reminders/unsubscribe_confirm.html", context)
