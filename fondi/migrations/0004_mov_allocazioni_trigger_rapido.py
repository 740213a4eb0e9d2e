"""Faster ledger checks: a partial index for the assegnazione's own balances, and the triggers
re-installed (the invariant check groups earlier movements at the movement's date; the
immutability trigger no longer reads a column of the other table, which made every UPDATE of an
assegnazione or a quota fail)."""

from django.db import migrations, models

from fondi import db


class Migration(migrations.Migration):

    dependencies = [
        ("fondi", "0003_vincoli_database"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="movimento",
            index=models.Index(condition=models.Q(("voce__in", ["assegnato", "allocato"])),
                               fields=["assegnazione", "data_contabile"], name="fondi_mov_assegn_allocaz"),
        ),
        migrations.RunPython(db.installa, migrations.RunPython.noop),
    ]
