"""Services without a building (SAD, ADM, assistenza educativa scolastica) in the catalogue."""

from django.db import migrations, models


def semina(apps, schema_editor):
    from udos.catalogo import semina as semina_catalogo

    semina_catalogo(apps.get_model("udos", "TipologiaUdO"), apps.get_model("udos", "RequisitoTipologia"))


class Migration(migrations.Migration):
    dependencies = [("udos", "0003_senza_vincolo_tipologia")]

    operations = [
        migrations.AddField(
            model_name="tipologiaudo", name="senza_struttura",
            field=models.BooleanField(default=False, verbose_name="servizio senza struttura (senza CPE)")),
        migrations.AlterField(
            model_name="tipologiaudo", name="unita_capacita",
            field=models.CharField(choices=[("bambini", "bambini"), ("posti", "posti"), ("progetti", "progetti"),
                                            ("utenti", "utenti")], default="posti", max_length=10,
                                   verbose_name="unità di misura della capacità")),
        migrations.RunPython(semina, migrations.RunPython.noop),
    ]
