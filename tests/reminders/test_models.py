from reminders.models import Reminder
from tests.factories import ReminderFactory


def test_deleting_a_user_deletes_their_reminders_and_no_one_elses(db):
    """The recipient has no foreign key in the database (for the scan's speed), so Django's
    cascade is what keeps reminders from outliving their recipient."""
    leaving = ReminderFactory().recipient
    ReminderFactory(recipient=leaving)
    staying = ReminderFactory()

    leaving.delete()

    assert list(Reminder.objects.all()) == [staying]
