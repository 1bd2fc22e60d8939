"""Writes for reminders: the scan, delivery, digests, preferences and notifications.

Exactly once: the scan stores each reminder as a row (unique per recipient, kind, subject and
period) before anything is sent, and delivery claims a row with a conditional UPDATE, so a
repeated scan, two workers or a redelivered task find nothing left to do.
"""

import logging
import secrets
import smtplib
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from itertools import islice

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from kombu.exceptions import OperationalError

from accounts.models import User
from reminders import emails
from reminders.models import Delivery, Kind, Notification, NotificationPreference, Reminder
from reminders.sources import DUE_COLUMNS, SOURCES, Due, People, subject_pk

logger = logging.getLogger(__name__)

# What a publish raises when the broker (Redis) is down: kombu wraps the client's connection
# errors in its OperationalError. (Not OSError: with Celery eager a task's own SMTP errors,
# which are OSErrors, must still propagate.)
BROKER_ERRORS = (OperationalError,)


def _enqueue(task, **kwargs) -> bool:
    """Queue `task` with `kwargs`; a broker failure is logged and swallowed (returns False).

    Safe because the work lives in the database first: a reminder row stays pending (or a
    digest's rows stay waiting), and the next scan's `reminders_queue` / `digests_queue` queues
    it again. With Celery eager (no broker) the task runs here and its own errors propagate.
    """
    try:
        task.delay(**kwargs)
    except BROKER_ERRORS:
        logger.warning(
            "Could not queue %s %s: broker unavailable.", task.name, kwargs, exc_info=True
        )
        return False
    return True


def _enqueue_delivery(reminder_id: int) -> bool:
    """Queue delivery of one reminder; False (logged) when the broker is down."""
    from reminders.tasks import deliver_reminder

    return _enqueue(deliver_reminder, reminder_id=reminder_id)


# Reminders per delivery message: few enough that workers still share a scan's sending.
DELIVERY_BATCH_SIZE = 100


def _enqueue_deliveries(reminder_ids: list[int]) -> bool:
    """Queue delivery of a batch of reminders as one message; False (logged) when the broker
    is down."""
    from reminders.tasks import deliver_reminders

    return _enqueue(deliver_reminders, reminder_ids=reminder_ids)


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
_RECORD_COLUMNS = (
    "recipient_id",
    "kind",
    "subject",
    "period",
    "title",
    "detail",
    "url",
    "delivery",
    "status",
    "created_at",
)
_RECORD_CHUNK = 3000  # rows per INSERT (10 values each): under SQLite's 32,766 bound values


def _insert_reminders(rows: list[tuple]) -> None:
    """INSERT the rows, leaving alone any already there (the unique recipient, kind, subject
    and period). Plain tuples, not model instances: a scan stores tens of thousands, and
    building a model per row cost more than the database did."""
    table = Reminder._meta.db_table
    defaults = "0, '', '', NULL, NULL"
    columns = ", ".join([*_RECORD_COLUMNS, "attempts", "last_error", "claim_token"])
    columns += ", claimed_at, sent_at"
    one = "(" + ", ".join(["%s"] * len(_RECORD_COLUMNS)) + f", {defaults})"
    with connection.cursor() as cursor:
        for start in range(0, len(rows), _RECORD_CHUNK):
            chunk = rows[start : start + _RECORD_CHUNK]
            values = ", ".join([one] * len(chunk))
            cursor.execute(
                f"INSERT INTO {table} ({columns}) VALUES {values} "  # noqa: S608
                "ON CONFLICT DO NOTHING",
                [value for row in chunk for value in row],
            )


def reminders_record(*, dues: list[Due], now: datetime) -> int:
    """Store reminders for `dues`, once each: a row already there is left alone.

    Reads the recipients' preferences (off → stored as skipped; digest → left for the daily
    summary). Two queries plus one INSERT, whatever the batch size. Returns rows offered.
    """
    if not dues:
        return 0
    recipient_ids = {due.recipient_id for due in dues}
    active = set(
        User.objects.filter(pk__in=recipient_ids, is_active=True).values_list("pk", flat=True)
    )
    preferences = {
        (user_id, kind): delivery
        for user_id, kind, delivery in NotificationPreference.objects.filter(
            user_id__in=active, kind__in={due.kind for due in dues}
        ).values_list("user_id", "kind", "delivery")
    }
    created_at = connection.ops.adapt_datetimefield_value(now)
    rows = []
    for due in dues:
        if due.recipient_id not in active:
            continue
        delivery = preferences.get((due.recipient_id, due.kind), Delivery.IMMEDIATE)
        if delivery == Delivery.OFF and due.mandatory:
            delivery = Delivery.IMMEDIATE
        status = Status.SKIPPED if delivery == Delivery.OFF else Status.PENDING
        rows.append(
            (
                due.recipient_id,
                due.kind,
                due.subject,
                due.period,
                due.title[:200],
                due.detail[:300],
                due.url[:300],
                str(delivery),
                str(status),
                created_at,
            )
        )
    _insert_reminders(rows)
    return len(rows)


def reminders_record_due(rows: QuerySet, *, now: datetime) -> int:
    """Store the reminders a source's SELECT describes (`Source.due`), once each, in one
    INSERT … SELECT: nothing passes through Python however many rows.

    As `reminders_record`: inactive recipients get none; the recipient's preference decides the
    delivery (off → stored as skipped; digest → left for the daily summary); a row already there
    is left alone. Returns how many rows were new.
    """
    select, params = rows.query.sql_with_params()
    due = {column: f"due.due_{column}" for column in DUE_COLUMNS}
    user_table = User._meta.db_table
    preference_table = NotificationPreference._meta.db_table
    # After a SELECT with no WHERE, SQLite could read ON CONFLICT's "ON" as a join's: hence
    # "WHERE true". The conflict target names the one key that can clash (ids never do).
    sql = f"""
        INSERT INTO {Reminder._meta.db_table} (
            recipient_id, kind, subject, period, title, detail, url, delivery, status,
            created_at, attempts, last_error, claim_token
        )
        SELECT {due["recipient_id"]}, {due["kind"]}, {due["subject"]}, {due["period"]},
            SUBSTR({due["title"]}, 1, 200), SUBSTR({due["detail"]}, 1, 300),
            SUBSTR({due["url"]}, 1, 300),
            COALESCE(preference.delivery, %s),
            CASE WHEN preference.delivery = %s THEN %s ELSE %s END,
            %s, 0, '', ''
        FROM ({select}) AS due
        JOIN {user_table} recipient
            ON recipient.id = {due["recipient_id"]} AND recipient.is_active
        LEFT JOIN {preference_table} preference
            ON preference.user_id = {due["recipient_id"]} AND preference.kind = {due["kind"]}
        WHERE true
        ON CONFLICT (recipient_id, kind, subject, period) DO NOTHING
    """  # noqa: S608 (table names from the models; values are parameters)
    choices = [Delivery.IMMEDIATE, Delivery.OFF, Status.SKIPPED, Status.PENDING]
    created_at = connection.ops.adapt_datetimefield_value(now)
    with connection.cursor() as cursor:
        cursor.execute(sql, [*map(str, choices), created_at, *params])
        return cursor.rowcount


# Ids read per round trip when queueing: many delivery messages' worth at once.
QUEUE_FETCH_SIZE = 100 * DELIVERY_BATCH_SIZE


def reminders_queue(*, now: datetime) -> int:
    """Queue delivery of every immediate reminder not yet sent and not being sent, one
    `reminders.deliver_reminders` message per `DELIVERY_BATCH_SIZE` reminders.

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
    queued = 0
    for batch in _batches(ids.iterator(chunk_size=QUEUE_FETCH_SIZE), DELIVERY_BATCH_SIZE):
        if not _enqueue_deliveries(batch):
            break  # the broker is down: the rest stay pending for the next scan
        queued += len(batch)
    return queued


def reminders_scan(*, now: datetime | None = None, kinds: list[str] | None = None) -> ScanResult:
    """Find everything due as of `now`, store a reminder row for each recipient (once), and
    queue delivery of the immediate ones.

    Each source describes its reminders as SELECTs over its apps' selectors, and each is
    stored with one INSERT … SELECT: a dozen statements whatever the number of rows, none of
    them held in memory. Must run outside a transaction: each INSERT commits by itself so
    workers can pick rows up while the scan continues. Side effects: Reminder rows inserted;
    `reminders.deliver_reminders` tasks queued (run in-process when Celery is eager).
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    result = ScanResult()
    with _commits_without_waiting_for_disk():
        for kind, source in SOURCES.items():
            if kinds is not None and kind not in kinds:
                continue
            if not source.available():
                logger.info("Reminder source %s is not available yet.", kind)
                continue
            for rows in source.due(today=today):
                stored = reminders_record_due(rows, now=now)
                result.stored += stored
                result.by_kind[kind] += stored
    result.queued = reminders_queue(now=now)
    return result


@contextmanager
def _commits_without_waiting_for_disk():
    """The scan's INSERTs commit without waiting for PostgreSQL to flush its log to disk
    (`synchronous_commit = off`, on this connection, for the scan only). A crash can lose the
    last moments of stored reminders but never corrupts anything, and those rows are derived:
    the next scan stores them again (the unique key keeps that safe). Deliveries are queued
    after the setting is back, from rows already committed."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO off")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET synchronous_commit")


def low_pulse_alert(*, pulse_id: int, now: datetime | None = None) -> int:
    """Alert the recruit's buddy and managers about a low pulse, at once.

    Side effects: Reminder rows inserted (managers' even if they turned the kind off); a
    delivery task queued for each. Returns how many recipients were found.
    """

    now = now or timezone.now()
    dues = SOURCES[Kind.LOW_PULSE].dues_for_pulse(pulse_id, people=People())
    reminders_record(dues=dues, now=now)
    ids = Reminder.objects.filter(
        kind=Kind.LOW_PULSE,
        subject=f"pastoral.pulse:{pulse_id}",
        delivery=Delivery.IMMEDIATE,
        status=Status.PENDING,
    ).values_list("pk", flat=True)
    for reminder_id in ids:
        _enqueue_delivery(reminder_id)
    return len(dues)


# --- Delivery ---------------------------------------------------------------------------------
def _still_due(reminder: Reminder) -> bool:
    source = SOURCES.get(reminder.kind)
    if source is None or not source.available():
        return False
    return source.still_due(
        subject_id=subject_pk(reminder.subject), today=timezone.localdate(reminder.created_at)
    )


def _notify(reminder: Reminder) -> None:
    Notification.objects.get_or_create(
        reminder=reminder,
        defaults={
            "recipient_id": reminder.recipient_id,
            "kind": reminder.kind,
            "title": reminder.title,
            "detail": reminder.detail,
            "url": reminder.url,
            "created_at": timezone.now(),
        },
    )


def _mandatory(reminder: Reminder) -> bool:
    """Managers can't turn low-pulse alerts off, so their emails offer no unsubscribe."""
    if reminder.kind != Kind.LOW_PULSE:
        return False
    from employers.models import Membership

    return Membership.objects.filter(
        user_id=reminder.recipient_id, role=Membership.Role.MANAGER
    ).exists()


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


def reminder_deliver(*, reminder_id: int) -> str:
    """Send one reminder, if it is still waiting and still relevant.

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

    if not reminder.recipient.is_active or not _still_due(reminder):
        mine.update(status=Status.SKIPPED, last_error="No longer due when it came to be sent.")
        return "skipped"

    _notify(reminder)
    try:
        _send(emails.reminder_email(reminder, unsubscribable=not _mandatory(reminder)))
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
    from reminders.tasks import send_digest

    now = now or timezone.now()
    user_ids = (
        Reminder.objects.filter(_claimable(now), delivery=Delivery.DIGEST)
        .order_by("recipient_id")
        .values_list("recipient_id", flat=True)
        .distinct()
    )
    queued = 0
    for user_id in user_ids.iterator(chunk_size=settings.REMINDER_SCAN_BATCH_SIZE):
        if not _enqueue(send_digest, user_id=user_id):
            break  # the broker is down: the digests wait for the next run
        queued += 1
    return queued


def digest_send(*, user_id: int) -> str:
    """Send one person one email listing all their waiting digest reminders.

    Claims them together (conditional UPDATE with one token); reminders no longer due are
    skipped. Side effects: Notification rows; one email. Outcomes as `reminder_deliver`.
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
    gone = [r.pk for r in reminders if not r.recipient.is_active or not _still_due(r)]
    if gone:
        Reminder.objects.filter(pk__in=gone, claim_token=token).update(
            status=Status.SKIPPED, last_error="No longer due when it came to be sent."
        )
    reminders = [r for r in reminders if r.pk not in gone]
    if not reminders:
        return "skipped"
    mine = Reminder.objects.filter(pk__in=[r.pk for r in reminders], claim_token=token)
    for reminder in reminders:
        _notify(reminder)
    try:
        _send(emails.digest_email(reminders[0].recipient, reminders))
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
    """An admin's "try again": failed immediate reminders go back to pending and are queued."""

    ids = list(
        Reminder.objects.filter(pk__in=reminder_ids, status=Status.FAILED).values_list(
            "pk", flat=True
        )
    )
    Reminder.objects.filter(pk__in=ids).update(
        status=Status.PENDING, attempts=0, claimed_at=None, claim_token=""
    )
    for reminder_id in ids:
        if Reminder.objects.filter(pk=reminder_id, delivery=Delivery.IMMEDIATE).exists():
            transaction.on_commit(lambda pk=reminder_id: _enqueue_delivery(pk))
    return len(ids)


# --- Preferences and notifications ------------------------------------------------------------
def kinds_locked_on_for(user) -> set[str]:
    """Kinds this person may not turn off: low-pulse alerts for managers."""
    from employers.models import Membership

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
