"""Keeps the finished-step counts HEE's time figures read (`FinishedStepCount`) right however a
step is written: through the services, the admin or a delete. Fixture loading (`raw`) brings
its own rows and is left alone; bulk writes that bypass signals only ever create steps not yet
started (`registration_start`), which are not counted."""

from candidates.models import RegistrationStep
from candidates.services import finished_step_counts_refresh
from portal.stored_counts import save_touches

COUNTED_FIELDS = {"template", "template_id", "started_on", "finished_on", "due_on"}


def remember_before_save(sender, instance, raw=False, update_fields=None, **kwargs) -> None:
    """A step that finished in another month (or under another template) leaves a count to
    redo there."""
    instance._counted_before = None
    if raw or instance.pk is None or not save_touches(update_fields, COUNTED_FIELDS):
        return
    instance._counted_before = (
        RegistrationStep.objects.filter(pk=instance.pk, finished_on__isnull=False)
        .values_list("template_id", "finished_on")
        .first()
    )


def finished_step_counts_after_save(
    sender, instance, raw=False, update_fields=None, **kwargs
) -> None:
    if raw or not save_touches(update_fields, COUNTED_FIELDS):
        return
    pairs = [getattr(instance, "_counted_before", None)]
    if instance.finished_on is not None:
        pairs.append((instance.template_id, instance.finished_on))
    finished_step_counts_refresh(template_months=[pair for pair in pairs if pair is not None])


def finished_step_counts_after_delete(sender, instance, **kwargs) -> None:
    if instance.finished_on is not None:
        finished_step_counts_refresh(template_months=[(instance.template_id, instance.finished_on)])
