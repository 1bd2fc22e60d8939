from django.apps import AppConfig


class PastoralConfig(AppConfig):
    name = "pastoral"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save, pre_save

        from pastoral import receivers
        from pastoral.models import CheckIn, SupportAssignment, WellbeingPulse

        for model, after_save, after_delete in [
            (CheckIn, receivers.check_in_gaps_after_save, receivers.check_in_gaps_after_delete),
            (WellbeingPulse, receivers.pulse_marks_after_save, receivers.pulse_marks_after_delete),
        ]:
            uid = f"pastoral.analysis-marks-{model._meta.model_name}"
            pre_save.connect(receivers.remember_before_save, sender=model, dispatch_uid=uid)
            post_save.connect(after_save, sender=model, dispatch_uid=uid)
            post_delete.connect(after_delete, sender=model, dispatch_uid=uid)
        post_save.connect(
            receivers.check_in_roles_after_assignment_save,
            sender=SupportAssignment,
            dispatch_uid="pastoral.analysis-marks-check-in-roles",
        )
