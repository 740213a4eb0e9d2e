"""Seed the catalogue of funding sources (idempotent; see fondi.catalogo)."""

from django.db import migrations


def semina(apps, schema_editor):
    from fondi.catalogo import semina as semina_catalogo

    semina_catalogo(apps.get_model("fondi", "FonteFinanziamento"))


class Migration(migrations.Migration):
    dependencies = [("fondi", "0001_iniziale")]

    operations = [migrations.RunPython(semina, migrations.RunPython.noop)]
