from allauth.account.internal.flows.email_verification import send_verification_email_for_user
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.views import ActivateTOTPView
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from accounts.forms import InvitationAcceptForm
from accounts.mfa import record_mfa_enrolment
from accounts.services import InvitationError, invitation_accept, invitation_check
from portal.access import require_form_methods


@require_form_methods
def invitation_accept_view(request, token: str):
    try:
        invitation = invitation_check(token=token)
    except InvitationError as error:
        return render(
            request, "accounts/invitation_invalid.html", {"reason": str(error)}, status=410
        )

    form = InvitationAcceptForm(
        request.POST or None, email=invitation.email, initial={"full_name": invitation.full_name}
    )
    if request.method == "POST" and form.is_valid():
        try:
            user = invitation_accept(
                token=token,
                full_name=form.cleaned_data["full_name"],
                password=form.cleaned_data["password1"],
            )
        except InvitationError as error:
            return render(
                request, "accounts/invitation_invalid.html", {"reason": str(error)}, status=410
            )
        send_verification_email_for_user(request, user)
        return redirect("account_email_verification_sent")
    return render(
        request, "accounts/invitation_accept.html", {"form": form, "invitation": invitation}
    )


@login_required
@require_safe
def home(request):
    """Send each person to the start page of their side of the journey."""
    user = request.user
    if user.is_recruit:
        return redirect("candidates:journey")
    if user.is_employer_staff:
        return redirect("onboarding:recruits")
    if user.is_hee_analyst:
        return redirect("insights:dashboard")
    return redirect(reverse("admin:index"))


class MfaActivateTotpView(ActivateTOTPView):
    """allauth's TOTP enrolment; the session that enrols has shown a code from the new app, so
    it counts as having passed MFA (RequireMfaForStaffMiddleware)."""

    def form_valid(self, form):
        response = super().form_valid(form)
        authenticator = Authenticator.objects.get(
            user=self.request.user, type=Authenticator.Type.TOTP
        )
        record_mfa_enrolment(self.request, authenticator)
        return response


mfa_activate_totp = MfaActivateTotpView.as_view()
