from django.apps import AppConfig


class RemindersConfig(AppConfig):
    name = "reminders"

    def ready(self) -> None:
        from pastoral.signals import low_pulse_recorded

        # The services queue these tasks by name (reminders.services.Publisher): registered in
        # every process that may queue them, not only in workers that discover them.
        from reminders import tasks  # noqa: F401

        low_pulse_recorded.connect(_alert_low_pulse, dispatch_uid="reminders.alert_low_pulse")


def _alert_low_pulse(sender, *, pulse_id: int, **kwargs) -> None:
    from reminders.services import low_pulse_alert

    low_pulse_alert(pulse_id=pulse_id)
