"""Writes for reminders: the scan, delivery, digests, preferences and notifications.

Exactly once: the scan stores each reminder as a row (unique per recipient, kind, subject and
period) before anything is sent, and delivery claims a row with a conditional UPDATE, so a
repeated scan, two workers or a redelivered task find nothing left to do. A row is the intent
only; its message is rendered from its kind's templates when it is sent (`reminders.sources`).

Tasks call these services, never the reverse: a service queues a task by name, once its
transaction commits (`Publisher`).
"""

import logging
import secrets
import smtplib
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial
from itertools import islice

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Case, DateTimeField, F, Q, QuerySet, Value, When
from django.utils import timezone
from kombu.exceptions import OperationalError

from accounts.models import User
from employers.models import Membership
from portal.celery import app as celery_app
from reminders import emails
from reminders.models import Delivery, Kind, Notification, NotificationPreference, Reminder
from reminders.sources import (
    SOURCES,
    Intent,
    messages_for,
    still_due,
    subject_key,
)

logger = logging.getLogger(__name__)

# What a publish raises when the broker (Redis) is down: kombu wraps the client's connection
# errors in its OperationalError. (Not OSError: with Celery eager a task's own SMTP errors,
# which are OSErrors, must still propagate.)
BROKER_ERRORS = (OperationalError,)


class Publisher:
    """Queues Celery tasks by name once the current transaction commits (at once outside one):
    a task never looks for rows before they are committed, and services need not import the
    tasks that call them. The one place reminders hand work to Celery.

    When the broker is down a publish fails, logged and swallowed, and this publisher queues
    nothing more: the work is in the database first (a reminder row stays pending, a digest's
    rows stay waiting), and the next scan's `reminders_queue` / `digests_queue` queues it again.
    With Celery eager (no broker) the task runs at commit and its own errors propagate.
    """

    def __init__(self) -> None:
        self.broker_down = False

    def enqueue(self, name: str, /, **kwargs) -> None:
        transaction.on_commit(partial(self._publish, name, kwargs))

    def _publish(self, name: str, kwargs: dict) -> None:
        if self.broker_down:
            return
        try:
            celery_app.tasks[name].delay(**kwargs)
        except BROKER_ERRORS:
            self.broker_down = True
            logger.warning(
                "Could not queue %s %s: broker unavailable.", name, kwargs, exc_info=True
            )


# Reminders per delivery message: few enough that workers still share a scan's sending.
DELIVERY_BATCH_SIZE = 100

Status = Reminder.Status


class TransientDeliveryError(Exception):
    """The mail server failed in a way worth retrying (the task backs off and tries again)."""


class PermanentDeliveryError(Exception):
    pass


@dataclass
class ScanResult:
    stored: int = 0  # rows new this scan (a repeated scan stores none)
    queued: int = 0
    by_kind: Counter = field(default_factory=Counter)  # new rows by kind


def _batches(iterable, size: int):
    iterator = iter(iterable)
    while batch := list(islice(iterator, size)):
        yield batch


def _claim_cutoff(now: datetime) -> datetime:
    return now - timedelta(seconds=settings.REMINDER_CLAIM_TIMEOUT_SECONDS)


def _claimable(now: datetime) -> Q:
    """Pending, or being sent by a worker that has not finished in time (presumed dead)."""
    return Q(status=Status.PENDING) | Q(status=Status.SENDING, claimed_at__lt=_claim_cutoff(now))


# --- Recording --------------------------------------------------------------------------------
def reminders_record(*, intents: list[Intent], now: datetime) -> int:
    """Store reminders for `intents`, once each: a row already there is left alone.

    Reads the recipients' preferences (off → stored as skipped, unless the intent is mandatory;
    digest → left for the daily summary); inactive recipients get none. Three queries whatever
    the number. Returns the rows offered.
    """
    if not intents:
        return 0
    active = set(
        User.objects.filter(
            pk__in={intent.recipient_id for intent in intents}, is_active=True
        ).values_list("pk", flat=True)
    )
    preferences = {
        (user_id, kind): delivery
        for user_id, kind, delivery in NotificationPreference.objects.filter(
            user_id__in=active, kind__in={intent.kind for intent in intents}
        ).values_list("user_id", "kind", "delivery")
    }
    rows = []
    for intent in intents:
        if intent.recipient_id not in active:
            continue
        delivery = preferences.get((intent.recipient_id, intent.kind), Delivery.IMMEDIATE)
        if delivery == Delivery.OFF and intent.mandatory:
            delivery = Delivery.IMMEDIATE
        rows.append(
            Reminder(
                recipient_id=intent.recipient_id,
                kind=intent.kind,
                subject=intent.subject,
                period=intent.period,
                delivery=delivery,
                status=Status.SKIPPED if delivery == Delivery.OFF else Status.PENDING,
                created_at=now,
            )
        )
    Reminder.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


# A new row's columns, in the table's terms, and the names the scan's query gives them.
_STORED = {
    "recipient_id": "recipient_id",
    "kind": "stored_kind",
    "subject": "intent_subject",
    "period": "intent_period",
    "delivery": "stored_delivery",
    "status": "stored_status",
    "created_at": "stored_created_at",
    "attempts": "stored_attempts",
    "last_error": "stored_last_error",
    "claim_token": "stored_claim_token",
}


def _rows_to_store(intents: QuerySet, *, kind: str, now: datetime) -> QuerySet:
    """A source's intents (`Source.due`) as new Reminder rows (`_STORED`): inactive recipients
    left out, each recipient's preference deciding the delivery (off → stored as skipped; digest
    → left for the daily summary)."""
    preferences = NotificationPreference.objects.filter(kind=kind)
    digest = preferences.filter(delivery=Delivery.DIGEST).values("user_id")
    off = preferences.filter(delivery=Delivery.OFF).values("user_id")
    return (
        intents.filter(recipient_id__in=User.objects.filter(is_active=True).values("pk"))
        .annotate(
            stored_kind=Value(kind),
            stored_delivery=Case(
                When(recipient_id__in=digest, then=Value(Delivery.DIGEST.value)),
                When(recipient_id__in=off, then=Value(Delivery.OFF.value)),
                default=Value(Delivery.IMMEDIATE.value),
            ),
            stored_status=Case(
                When(recipient_id__in=off, then=Value(Status.SKIPPED.value)),
                default=Value(Status.PENDING.value),
            ),
            stored_created_at=Value(now, output_field=DateTimeField()),
            stored_attempts=Value(0),
            stored_last_error=Value(""),
            stored_claim_token=Value(""),
        )
        .values(*_STORED.values())
    )


def _insert_select(rows: QuerySet) -> int:
    """INSERT the rows `rows` selects (named as in `_STORED`), leaving alone any already there;
    returns how many were new.

    The scan's one statement written by hand, kept because the scan's targets need it: Django
    has no INSERT … SELECT, and passing the same rows through Python instead
    (`bulk_create(ignore_conflicts=True)` in batches of 5,000, measured with bench/scan.py on
    this shared, busy machine, 2 December 2026) spent 3.5–4.1 s of Python CPU on 67,524
    reminders (60,000 open tasks; 12–14 s in all, target 1 s) and 66 s on 1,120,821 (1,000,000
    open tasks; 316 s in all, target 30 s), against 0.1 s and 0.4 s here (3 s and 28–53 s in
    all on that machine, the database's CPU 1.0 s and 15–18 s). Everything else about a row is
    a queryset's (`_rows_to_store`): this function only names the table's columns.
    """
    select, params = rows.query.sql_with_params()
    columns = ", ".join(Reminder._meta.get_field(name).column for name in _STORED)
    values = ", ".join(f"due.{alias}" for alias in _STORED.values())
    # After a SELECT with no WHERE, SQLite could read ON CONFLICT's "ON" as a join's: hence
    # "WHERE true". The conflict target names the one key that can clash (ids never do).
    sql = (
        f"INSERT INTO {Reminder._meta.db_table} ({columns}) "  # noqa: S608 (names from the model)
        f"SELECT {values} FROM ({select}) AS due WHERE true "
        "ON CONFLICT (recipient_id, kind, subject, period) DO NOTHING"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


# Ids read per round trip when queueing: many delivery messages' worth at once.
QUEUE_FETCH_SIZE = 100 * DELIVERY_BATCH_SIZE


def reminders_queue(*, now: datetime) -> int:
    """Queue delivery of every immediate reminder not yet sent and not being sent, one
    `reminders.deliver_reminders` message per `DELIVERY_BATCH_SIZE` reminders; returns how many
    reminders were queued.

    Also re-queues reminders whose worker died mid-send (claim older than the timeout). Safe to
    run twice: a reminder queued twice is still sent once (the task claims it). One query: the
    ids stream in `QUEUE_FETCH_SIZE` at a time.
    """
    cutoff = _claim_cutoff(now)
    ids = (
        Reminder.objects.filter(delivery=Delivery.IMMEDIATE, status__in=["pending", "sending"])
        .filter(
            Q(status=Status.PENDING, claimed_at__isnull=True) | Q(claimed_at__lt=cutoff),
        )
        .order_by()
        .values_list("pk", flat=True)
    )
    publisher = Publisher()
    queued = 0
    for batch in _batches(ids.iterator(chunk_size=QUEUE_FETCH_SIZE), DELIVERY_BATCH_SIZE):
        publisher.enqueue("reminders.deliver_reminders", reminder_ids=batch)
        if publisher.broker_down:
            break  # (published at once outside a transaction) the rest wait for the next scan
        queued += len(batch)
    return queued


def reminders_scan(*, now: datetime | None = None, kinds: list[str] | None = None) -> ScanResult:
    """Find everything due as of `now`, store a reminder row for each recipient (once), and
    queue delivery of the immediate ones.

    Each source describes its reminders as queries over its app's feed selectors, and each is
    stored with one INSERT … SELECT: a dozen statements whatever the number of rows, none of
    them held in memory. Runs outside a transaction (beat's task does): each INSERT commits by
    itself so workers can pick rows up while the scan continues. Side effects: Reminder rows
    inserted; `reminders.deliver_reminders` tasks queued (run in-process when Celery is eager).
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    result = ScanResult()
    for kind, source in SOURCES.items():
        if kinds is not None and kind not in kinds:
            continue
        for intents in source.due(today=today):
            stored = _insert_select(_rows_to_store(intents, kind=kind, now=now))
            result.stored += stored
            result.by_kind[kind] += stored
    result.queued = reminders_queue(now=now)
    return result


def low_pulse_alert(*, pulse_id: int, now: datetime | None = None) -> int:
    """Alert the recruit's buddy and managers about a low pulse, at once.

    Side effects: Reminder rows inserted (managers' even if they turned the kind off); a
    delivery task queued for each, once the transaction commits. Returns how many recipients
    were found.
    """
    now = now or timezone.now()
    intents = SOURCES[Kind.LOW_PULSE].intents_for_pulse(pulse_id)
    reminders_record(intents=intents, now=now)
    ids = Reminder.objects.filter(
        kind=Kind.LOW_PULSE,
        subject=subject_key("pastoral.pulse", pulse_id),
        delivery=Delivery.IMMEDIATE,
        status=Status.PENDING,
    ).values_list("pk", flat=True)
    publisher = Publisher()
    for reminder_id in ids:
        publisher.enqueue("reminders.deliver_reminder", reminder_id=reminder_id)
    return len(intents)


# --- Delivery ---------------------------------------------------------------------------------
def _notify(reminders: list[Reminder]) -> None:
    """Each reminder in its recipient's notification list (once: a redelivery adds none)."""
    now = timezone.now()
    Notification.objects.bulk_create(
        [
            Notification(
                recipient_id=reminder.recipient_id,
                reminder=reminder,
                kind=reminder.kind,
                created_at=now,
            )
            for reminder in reminders
        ],
        ignore_conflicts=True,
    )


def _mandatory(reminder: Reminder) -> bool:
    """Managers can't turn low-pulse alerts off, so their emails offer no unsubscribe."""
    if reminder.kind != Kind.LOW_PULSE:
        return False
    return Kind.LOW_PULSE in kinds_locked_on_for(reminder.recipient)


def _send(message) -> None:
    try:
        message.send()
    except (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused) as error:
        raise PermanentDeliveryError(str(error)) from error
    except (OSError, TimeoutError, smtplib.SMTPException) as error:
        # smtplib's errors, refused connections and timeouts are all worth another try.
        raise TransientDeliveryError(f"{type(error).__name__}: {error}") from error


def _out_of_attempts(attempts: int) -> bool:
    return attempts > settings.REMINDER_MAX_RETRIES


def _still_wanted(reminders: list[Reminder]) -> set[int]:
    """The ids of those reminders still worth sending: the recipient is active and the subject
    still needs it, as of the day the reminder was made."""
    return still_due([reminder for reminder in reminders if reminder.recipient.is_active])


def reminder_deliver(*, reminder_id: int) -> str:
    """Send one reminder, if it is still waiting and still relevant, its message rendered now.

    Claims the row (pending → sending) with a conditional UPDATE first, so only one caller
    sends it. Side effects: a Notification row; one email. Returns the outcome: "sent",
    "skipped" (subject gone or done), "busy" (another worker holds a fresh claim), "done"
    (already finished or gone), "failed" (out of attempts or refused for good). Raises
    TransientDeliveryError after releasing the claim when the mail server failed and attempts
    remain.
    """
    now = timezone.now()
    token = secrets.token_hex(16)
    claimed = Reminder.objects.filter(
        _claimable(now), pk=reminder_id, delivery=Delivery.IMMEDIATE
    ).update(status=Status.SENDING, claim_token=token, claimed_at=now, attempts=F("attempts") + 1)
    if not claimed:
        current = Reminder.objects.filter(pk=reminder_id).values_list("status", flat=True).first()
        return "busy" if current == Status.SENDING else "done"
    reminder = Reminder.objects.select_related("recipient").get(pk=reminder_id)
    mine = Reminder.objects.filter(pk=reminder_id, claim_token=token)

    if not _still_wanted([reminder]):
        mine.update(status=Status.SKIPPED, last_error="No longer due when it came to be sent.")
        return "skipped"

    message = messages_for([reminder])[reminder.pk]
    _notify([reminder])
    try:
        _send(emails.reminder_email(reminder, message, unsubscribable=not _mandatory(reminder)))
    except PermanentDeliveryError as error:
        mine.update(status=Status.FAILED, last_error=str(error)[:2000])
        return "failed"
    except TransientDeliveryError as error:
        if _out_of_attempts(reminder.attempts):
            mine.update(status=Status.FAILED, last_error=str(error)[:2000])
            return "failed"
        mine.update(status=Status.PENDING, last_error=str(error)[:2000])
        raise
    mine.update(status=Status.SENT, sent_at=timezone.now())
    return "sent"


def digests_queue(*, now: datetime | None = None) -> int:
    """Queue one digest task per person with reminders waiting for their daily summary."""
    now = now or timezone.now()
    user_ids = (
        Reminder.objects.filter(_claimable(now), delivery=Delivery.DIGEST)
        .order_by("recipient_id")
        .values_list("recipient_id", flat=True)
        .distinct()
    )
    publisher = Publisher()
    queued = 0
    for user_id in user_ids.iterator(chunk_size=settings.REMINDER_SCAN_BATCH_SIZE):
        publisher.enqueue("reminders.send_digest", user_id=user_id)
        if publisher.broker_down:
            break  # (published at once outside a transaction) the digests wait for the next run
        queued += 1
    return queued


def digest_send(*, user_id: int) -> str:
    """Send one person one email listing all their waiting digest reminders.

    Claims them together (conditional UPDATE with one token); reminders no longer due are
    skipped. Renders every message with one query per kind. Side effects: Notification rows;
    one email. Outcomes as `reminder_deliver`.
    """
    now = timezone.now()
    token = secrets.token_hex(16)
    claimed = Reminder.objects.filter(
        _claimable(now), recipient_id=user_id, delivery=Delivery.DIGEST
    ).update(status=Status.SENDING, claim_token=token, claimed_at=now, attempts=F("attempts") + 1)
    if not claimed:
        return "done"
    mine = Reminder.objects.filter(claim_token=token, recipient_id=user_id)
    reminders = list(mine.select_related("recipient").order_by("created_at", "pk"))
    wanted = _still_wanted(reminders)
    gone = [r.pk for r in reminders if r.pk not in wanted]
    if gone:
        Reminder.objects.filter(pk__in=gone, claim_token=token).update(
            status=Status.SKIPPED, last_error="No longer due when it came to be sent."
        )
    reminders = [r for r in reminders if r.pk in wanted]
    if not reminders:
        return "skipped"
    mine = Reminder.objects.filter(pk__in=[r.pk for r in reminders], claim_token=token)
    messages = messages_for(reminders)
    _notify(reminders)
    items = [(reminder, messages[reminder.pk]) for reminder in reminders]
    try:
        _send(emails.digest_email(reminders[0].recipient, items))
    except PermanentDeliveryError as error:
        mine.update(status=Status.FAILED, last_error=str(error)[:2000])
        return "failed"
    except TransientDeliveryError as error:
        if _out_of_attempts(max(r.attempts for r in reminders)):
            mine.update(status=Status.FAILED, last_error=str(error)[:2000])
            return "failed"
        mine.update(status=Status.PENDING, last_error=str(error)[:2000])
        raise
    mine.update(status=Status.SENT, sent_at=timezone.now())
    return "sent"


def reminders_retry_failed(*, reminder_ids: list[int]) -> int:
    """An admin's "try again": failed reminders go back to pending, and the immediate ones are
    queued once the transaction commits (digest ones wait for the next summary)."""
    failed = Reminder.objects.filter(pk__in=reminder_ids, status=Status.FAILED)
    immediate = list(failed.filter(delivery=Delivery.IMMEDIATE).values_list("pk", flat=True))
    count = failed.update(status=Status.PENDING, attempts=0, claimed_at=None, claim_token="")
    publisher = Publisher()
    for reminder_id in immediate:
        publisher.enqueue("reminders.deliver_reminder", reminder_id=reminder_id)
    return count


# --- Preferences and notifications ------------------------------------------------------------
def kinds_locked_on_for(user) -> set[str]:
    """Kinds this person may not turn off: low-pulse alerts for managers."""
    if Membership.objects.filter(user=user, role=Membership.Role.MANAGER).exists():
        return {Kind.LOW_PULSE}
    return set()


def preferences_save(*, user, choices: dict[str, str]) -> None:
    """Store how `user` wants each kind (one row per kind; "immediate" rows are kept too).

    A manager's "off" for low-pulse alerts is refused (ValueError); the form prevents it.
    """
    locked = kinds_locked_on_for(user)
    with transaction.atomic():
        for kind, delivery in choices.items():
            if kind not in Kind.values or delivery not in Delivery.values:
                raise ValueError(f"Unknown choice {kind}={delivery}")
            if kind in locked and delivery == Delivery.OFF:
                raise ValueError("Low-pulse alerts can't be turned off for managers.")
            NotificationPreference.objects.update_or_create(
                user=user, kind=kind, defaults={"delivery": delivery}
            )


def unsubscribe(*, token: str) -> tuple[User, str, bool]:
    """Turn one kind off for the person a signed token names.

    Returns (user, kind, changed): `changed` is False for a kind that can't be turned off.
    Raises signing.BadSignature or User.DoesNotExist for a bad token.
    """
    user_id, kind = emails.read_unsubscribe_token(token)
    user = User.objects.get(pk=user_id)
    if kind in kinds_locked_on_for(user):
        return user, kind, False
    NotificationPreference.objects.update_or_create(
        user=user, kind=kind, defaults={"delivery": Delivery.OFF}
    )
    return user, kind, True


def notification_mark_read(*, notification: Notification) -> None:
    if notification.read_at is None:
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=timezone.now()
        )


def notifications_mark_all_read(*, user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
