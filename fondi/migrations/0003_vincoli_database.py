"""Ledger invariants, append-only movements and immutable columns in the database (fondi.db)."""

from django.db import migrations

from fondi import db


class Migration(migrations.Migration):
    dependencies = [("fondi", "0002_catalogo_fonti")]

    operations = [migrations.RunPython(db.installa, db.rimuovi)]
