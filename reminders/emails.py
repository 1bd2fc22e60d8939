"""Reminder emails: plain text and HTML from templates, a link to the item, and a signed
one-click unsubscribe link for the reminder's kind (RFC 8058 headers included). The link works
for REMINDER_UNSUBSCRIBE_VALID_DAYS: long enough for any email someone still reads, not for ever
(a leaked link should not keep working)."""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from reminders.models import Kind, Reminder
from reminders.sources import Message

UNSUBSCRIBE_SALT = "reminders.unsubscribe"


def unsubscribe_token(*, user_id: int, kind: str) -> str:
    return signing.dumps({"u": user_id, "k": kind}, salt=UNSUBSCRIBE_SALT, compress=True)


def read_unsubscribe_token(token: str) -> tuple[int, str]:
    """The (user id, kind) a token was signed for; raises signing.SignatureExpired once it is
    older than REMINDER_UNSUBSCRIBE_VALID_DAYS, signing.BadSignature for anything else."""
    data = signing.loads(
        token,
        salt=UNSUBSCRIBE_SALT,
        max_age=timedelta(days=settings.REMINDER_UNSUBSCRIBE_VALID_DAYS),
    )
    if not isinstance(data, dict) or data.get("k") not in Kind.values:
        raise signing.BadSignature("Unknown kind.")
    return int(data["u"]), data["k"]


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}" if path.startswith("/") else path


def unsubscribe_url(*, user_id: int, kind: str) -> str:
    token = unsubscribe_token(user_id=user_id, kind=kind)
    return absolute(reverse("reminders:unsubscribe", args=[token]))


def _message(
    *, to: str, subject: str, text: str, html: str, headers: dict
) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=f"[{settings.SERVICE_NAME}] {subject}",
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        headers=headers,
    )
    message.attach_alternative(html, "text/html")
    return message


def reminder_email(
    reminder: Reminder, message: Message, *, unsubscribable: bool = True
) -> EmailMultiAlternatives:
    """One reminder's email: its kind's templates around its message."""
    recipient = reminder.recipient
    context = {
        "recipient": recipient,
        "reminder": reminder,
        "message": message,
        "item_url": absolute(message.url),
        "unsubscribe_url": unsubscribe_url(user_id=recipient.pk, kind=reminder.kind),
        "unsubscribable": unsubscribable,
        "preferences_url": absolute(reverse("reminders:preferences")),
        "service_name": settings.SERVICE_NAME,
    }
    headers = {"X-Reminder-Id": str(reminder.pk)}
    if unsubscribable:
        headers["List-Unsubscribe"] = f"<{context['unsubscribe_url']}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    return _message(
        to=recipient.email,
        subject=message.title,
        text=render_to_string(f"reminders/email/{reminder.kind}.txt", context),
        html=render_to_string(f"reminders/email/{reminder.kind}.html", context),
        headers=headers,
    )


def digest_email(recipient, items: list[tuple[Reminder, Message]]) -> EmailMultiAlternatives:
    """One person's daily summary: each reminder's message, with a link to stop its kind."""
    reminders = [reminder for reminder, _ in items]
    kinds = sorted({reminder.kind for reminder in reminders})
    context = {
        "recipient": recipient,
        "items": [
            {
                "reminder": reminder,
                "message": message,
                "item_url": absolute(message.url),
                "unsubscribe_url": unsubscribe_url(user_id=recipient.pk, kind=reminder.kind),
            }
            for reminder, message in items
        ],
        "preferences_url": absolute(reverse("reminders:preferences")),
        "service_name": settings.SERVICE_NAME,
    }
    headers = {"X-Reminder-Ids": ",".join(str(reminder.pk) for reminder in reminders)}
    if len(kinds) == 1:
        headers["List-Unsubscribe"] = f"<{unsubscribe_url(user_id=recipient.pk, kind=kinds[0])}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    count = len(reminders)
    return _message(
        to=recipient.email,
        subject=f"Your daily summary: {count} reminder{'s' if count != 1 else ''}",
        text=render_to_string("reminders/email/digest.txt", context),
        html=render_to_string("reminders/email/digest.html", context),
        headers=headers,
    )
