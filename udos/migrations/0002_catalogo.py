"""Seed the regional catalogue of unit types and their checklists (udos/catalogo.py); idempotent."""

from django.db import migrations


def semina(apps, schema_editor):
    from udos.catalogo import semina as semina_catalogo

    semina_catalogo(apps.get_model("udos", "TipologiaUdO"), apps.get_model("udos", "RequisitoTipologia"))


class Migration(migrations.Migration):
    dependencies = [("udos", "0001_iniziale")]

    operations = [migrations.RunPython(semina, migrations.RunPython.noop)]
