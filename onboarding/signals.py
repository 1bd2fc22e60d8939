"""Hooks for the apps above onboarding. Some task writes go round model signals (a conditional
UPDATE, bulk_create, bulk_update); they are announced here so a reader that caches (insights'
dashboards) knows the data changed."""

from django.dispatch import Signal

# Sent with sender=OnboardingTask and candidate_id after such a write.
tasks_changed_in_bulk = Signal()
