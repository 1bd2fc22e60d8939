"""Celery tasks: thin, keyword-only ids, safe to run twice (the services claim their rows)."""

from datetime import datetime

from celery import shared_task
from django.conf import settings

from reminders import services


def _in_process_retries(task, service, **ids) -> str:
    """Run `service`; when eager (no broker) retry at once, since there is no queue to wait
    on. The row's attempt count still ends it (the service marks the reminder failed)."""
    while True:
        try:
            return service(**ids)
        except services.TransientDeliveryError:
            if not task.request.is_eager:
                raise


# Email delivery: acknowledged late, retried with exponential backoff on temporary mail failures.
# The row's attempt count decides when to give up (it marks the reminder failed).
DELIVERY_TASK_OPTIONS = {
    "bind": True,
    "acks_late": True,
    "reject_on_worker_lost": True,
    "autoretry_for": (services.TransientDeliveryError,),
    "retry_backoff": settings.REMINDER_RETRY_BACKOFF_SECONDS,
    "retry_backoff_max": settings.REMINDER_RETRY_BACKOFF_MAX_SECONDS,
    "retry_jitter": False,
    "max_retries": None,
}


@shared_task(name="reminders.scan_reminders")
def scan_reminders(*, now: str | None = None) -> dict:
    """Beat runs this hourly; `now` (ISO 8601) pins the clock for tests and replays."""
    result = services.reminders_scan(now=datetime.fromisoformat(now) if now else None)
    return {"stored": result.stored, "queued": result.queued}


@shared_task(name="reminders.deliver_reminder", **DELIVERY_TASK_OPTIONS)
def deliver_reminder(self, *, reminder_id: int) -> str:
    outcome = _in_process_retries(self, services.reminder_deliver, reminder_id=reminder_id)
    if outcome == "busy" and not self.request.is_eager:
        # Another worker holds the claim. If it died, the claim goes stale: look again then.
        raise self.retry(countdown=settings.REMINDER_CLAIM_TIMEOUT_SECONDS + 1)
    return outcome


@shared_task(
    name="reminders.deliver_reminders", bind=True, acks_late=True, reject_on_worker_lost=True
)
def deliver_reminders(self, *, reminder_ids: list[int]) -> dict[str, int]:
    """A batch the scan queued as one message. Each reminder is claimed and sent exactly as
    `deliver_reminder` does, so a batch delivered twice (a worker lost mid-batch) sends nothing
    twice. One the mail server refuses for now, or another worker holds, goes on alone in
    `deliver_reminder` with its backoff."""
    outcomes: dict[str, int] = {}
    for reminder_id in reminder_ids:
        if self.request.is_eager:
            outcome = _in_process_retries(self, services.reminder_deliver, reminder_id=reminder_id)
        else:
            try:
                outcome = services.reminder_deliver(reminder_id=reminder_id)
            except services.TransientDeliveryError:
                outcome = "retrying"
                deliver_reminder.apply_async(
                    kwargs={"reminder_id": reminder_id},
                    countdown=settings.REMINDER_RETRY_BACKOFF_SECONDS,
                )
            else:
                if outcome == "busy":
                    deliver_reminder.apply_async(
                        kwargs={"reminder_id": reminder_id},
                        countdown=settings.REMINDER_CLAIM_TIMEOUT_SECONDS + 1,
                    )
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
    return outcomes


@shared_task(name="reminders.send_digests")
def send_digests() -> int:
    """Beat runs this daily: one digest task per person with reminders waiting."""
    return services.digests_queue()


@shared_task(name="reminders.send_digest", **DELIVERY_TASK_OPTIONS)
def send_digest(self, *, user_id: int) -> str:
    return _in_process_retries(self, services.digest_send, user_id=user_id)
