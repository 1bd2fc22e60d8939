from django.db import migrations

# Every recruit gets a stored progress row, and `last_progress_at` falls back to when the profile
# was created (readers used to join the profile for that). Copies of the SQL, so this migration
# never changes when onboarding.services does.
FILL_MISSING = """
INSERT INTO onboarding_journeyprogress
    (candidate_id, organisation_id, last_progress_at, open_count, next_due_on, updated_at)
SELECT c.id, c.organisation_id,
    COALESCE(
        (SELECT MAX(t.completed_at) FROM onboarding_onboardingtask t
         WHERE t.candidate_id = c.id AND t.completed_at IS NOT NULL),
        o.created_at, c.created_at),
    (SELECT COUNT(*) FROM onboarding_onboardingtask t
     WHERE t.candidate_id = c.id AND t.completed_at IS NULL),
    (SELECT MIN(t.due_on) FROM onboarding_onboardingtask t
     WHERE t.candidate_id = c.id AND t.completed_at IS NULL),
    CURRENT_TIMESTAMP
FROM candidates_candidateprofile c
LEFT JOIN onboarding_offer o ON o.candidate_id = c.id
WHERE NOT EXISTS (
    SELECT 1 FROM onboarding_journeyprogress p WHERE p.candidate_id = c.id
)
"""
FILL_EMPTY_PROGRESS = """
UPDATE onboarding_journeyprogress
SET last_progress_at = (
    SELECT c.created_at FROM candidates_candidateprofile c
    WHERE c.id = onboarding_journeyprogress.candidate_id
)
WHERE last_progress_at IS NULL
"""


class Migration(migrations.Migration):
    dependencies = [
        ("onboarding", "0005_backfill_journey_progress"),
        ("candidates", "0001_initial"),
    ]

    operations = [
        migrations.RunSQL(FILL_MISSING, reverse_sql=migrations.RunSQL.noop),
        migrations.RunSQL(FILL_EMPTY_PROGRESS, reverse_sql=migrations.RunSQL.noop),
    ]
