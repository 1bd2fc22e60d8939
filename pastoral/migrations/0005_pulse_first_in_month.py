from django.db import migrations, models

# Each pulse's first-in-month marks, in one statement per database (windows over the pulses, in
# the order `pastoral.services.pulse_month_flags_refresh` marks them).
BACKFILL = {
    "postgresql": """
        UPDATE pastoral_wellbeingpulse AS pulse
        SET first_in_month = marks.first_in_month, first_low_in_month = marks.first_low_in_month
        FROM (
            SELECT id,
                ROW_NUMBER() OVER (
                    PARTITION BY candidate_id, date_trunc('month', period_start)
                    ORDER BY period_start, id
                ) = 1 AS first_in_month,
                is_low AND ROW_NUMBER() OVER (
                    PARTITION BY candidate_id, date_trunc('month', period_start), is_low
                    ORDER BY period_start, id
                ) = 1 AS first_low_in_month
            FROM pastoral_wellbeingpulse
        ) AS marks
        WHERE pulse.id = marks.id
    """,
    "sqlite": """
        UPDATE pastoral_wellbeingpulse
        SET first_in_month = marks.first_in_month, first_low_in_month = marks.first_low_in_month
        FROM (
            SELECT id,
                ROW_NUMBER() OVER (
                    PARTITION BY candidate_id, strftime('%Y-%m', period_start)
                    ORDER BY period_start, id
                ) = 1 AS first_in_month,
                is_low AND ROW_NUMBER() OVER (
                    PARTITION BY candidate_id, strftime('%Y-%m', period_start), is_low
                    ORDER BY period_start, id
                ) = 1 AS first_low_in_month
            FROM pastoral_wellbeingpulse
        ) AS marks
        WHERE pastoral_wellbeingpulse.id = marks.id
    """,
}


def backfill_marks(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(BACKFILL[schema_editor.connection.vendor])


class Migration(migrations.Migration):
    dependencies = [
        ("pastoral", "0004_check_in_days_since_previous"),
    ]

    operations = [
        migrations.AddField(
            model_name="wellbeingpulse",
            name="first_in_month",
            field=models.BooleanField(
                default=False,
                editable=False,
                help_text="The recruit's first answer with a period starting in this calendar "
                "month; kept by pastoral's services, so HEE's monthly counts of recruits need no "
                "DISTINCT.",
            ),
        ),
        migrations.AddField(
            model_name="wellbeingpulse",
            name="first_low_in_month",
            field=models.BooleanField(
                default=False,
                editable=False,
                help_text="The recruit's first low answer with a period starting in this "
                "calendar month.",
            ),
        ),
        migrations.RunPython(backfill_marks, migrations.RunPython.noop, elidable=True),
    ]
