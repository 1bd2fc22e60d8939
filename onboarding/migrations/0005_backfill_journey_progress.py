from django.db import migrations

# The same definition as onboarding.services.journey_progress_rebuild (kept here as a copy, so
# this migration never changes when the service does).
BACKFILL = """
INSERT INTO onboarding_journeyprogress
    (candidate_id, organisation_id, last_progress_at, open_count, next_due_on, updated_at)
SELECT c.id, c.organisation_id,
    COALESCE(
        (SELECT MAX(t.completed_at) FROM onboarding_onboardingtask t
         WHERE t.candidate_id = c.id AND t.completed_at IS NOT NULL),
        o.created_at),
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


class Migration(migrations.Migration):
    dependencies = [
        ("onboarding", "0004_journey_progress"),
    ]

    operations = [
        migrations.RunSQL(BACKFILL, reverse_sql="DELETE FROM onboarding_journeyprogress"),
    ]
