"""Hooks higher apps register receivers for (reminders listens for low pulses)."""

from django.dispatch import Signal

# Sent with `pulse_id` once a pulse with a low answer is committed.
low_pulse_recorded = Signal()
