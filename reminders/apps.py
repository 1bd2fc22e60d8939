from django.apps import AppConfig


class RemindersConfig(AppConfig):
    name = "reminders"

    def ready(self) -> None:
        from pastoral.signals import low_pulse_recorded

        low_pulse_recorded.connect(_alert_low_pulse, dispatch_uid="reminders.alert_low_pulse")


def _alert_low_pulse(sender, *, pulse_id: int, **kwargs) -> None:
    from reminders.services import low_pulse_alert

    low_pulse_alert(pulse_id=pulse_id)
