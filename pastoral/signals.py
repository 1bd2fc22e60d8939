"""Hooks for the apps above pastoral, which register receivers in their AppConfig.ready."""

from django.dispatch import Signal

# Sent with `pulse_id` once a pulse with a low answer is committed (reminders alerts the buddy
# and managers).
low_pulse_recorded = Signal()

# Sent with `candidate_ids`, inside the transaction of a pastoral service that made, moved or
# ended a support assignment (onboarding stores when each recruit's first buddy started).
supporters_changed = Signal()
