"""Hooks for the apps above candidates, which register receivers in their AppConfig.ready:
candidates cannot call their services, so its services announce what they changed here."""

from django.dispatch import Signal

# Sent with `candidate_ids`, inside the transaction of a candidates service that created a
# recruit's profile or changed their profile or registration steps (onboarding stores each
# recruit's progress and registration facts again).
recruits_changed = Signal()
