"""What onboarding holds about one recruit, for the privacy app's export and erasure."""

from onboarding.models import (
    ChecklistApplication,
    CodeOfPracticeDecision,
    Offer,
    OnboardingTask,
    TaskComment,
)
from portal.personal_data import PersonalRows


def personal_data(user) -> list[PersonalRows]:
    """`user`'s offer, Code of Practice decisions, checklists, tasks and the comments on them.
    (Their JourneyProgress row is worked out from these and holds nothing of its own.)"""
    of_recruit = {"candidate__user": user}
    return [
        PersonalRows(Offer.objects.filter(**of_recruit), erase=("role_expectations",)),
        PersonalRows(
            CodeOfPracticeDecision.objects.filter(**of_recruit),
            erase=("agreement_text", "explanation", "application_account"),
        ),
        PersonalRows(ChecklistApplication.objects.filter(**of_recruit)),
        PersonalRows(OnboardingTask.objects.filter(**of_recruit)),
        PersonalRows(TaskComment.objects.filter(task__candidate__user=user), erase=("body",)),
    ]
