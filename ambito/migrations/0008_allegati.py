"""Attachments (ambito.allegati): any object of any module takes versioned, content-checked private files.

The act's PDF, until now a file field of ``Atto``, becomes the act's ``documento`` attachment: each act with a
file gets an Allegato and its version 1 pointing at the *same* stored file (nothing is copied or moved), with
its size, SHA-256 and kind read from storage (a file missing from storage keeps its row, size 0). Then the
field is removed from Atto and from its history table.
"""

import hashlib

import ambito.allegati.models
import django.db.models.deletion
import django.utils.timezone
import simple_history.models
from django.conf import settings
from django.db import migrations, models


def _documenti_degli_atti(apps, schema_editor):
    from django.core.files.storage import default_storage
    from django.utils import timezone

    Atto = apps.get_model("ambito", "Atto")
    Allegato = apps.get_model("ambito", "Allegato")
    VersioneAllegato = apps.get_model("ambito", "VersioneAllegato")
    ContentType = apps.get_model("contenttypes", "ContentType")
    tipo_atto, _creato = ContentType.objects.get_or_create(app_label="ambito", model="atto")
    for atto in Atto._base_manager.exclude(allegato="").exclude(allegato__isnull=True).order_by("pk"):
        nome = atto.allegato.name
        dimensione, impronta, tipo = 0, hashlib.sha256(), "pdf"
        try:
            with default_storage.open(nome, "rb") as file:
                for pezzo in iter(lambda: file.read(1 << 20), b""):
                    if dimensione == 0 and b"pdfaid:part" in pezzo:
                        tipo = "pdfa"
                    dimensione += len(pezzo)
                    impronta.update(pezzo)
        except OSError:
            pass
        quando = atto.pubblicato_il or timezone.now()
        allegato = Allegato._base_manager.create(
            ambito_id=atto.ambito_id, content_type=tipo_atto, object_id=atto.pk, chiave="documento",
            titolo="Documento dell'atto", creato_il=quando)
        versione = VersioneAllegato._base_manager.create(
            ambito_id=atto.ambito_id, allegato=allegato, numero=1, file=nome, nome_file=nome.rsplit("/", 1)[-1],
            tipo=tipo, dimensione=dimensione, sha256=impronta.hexdigest() if dimensione else "", caricato_il=quando)
        allegato.versione_corrente = versione
        allegato.save(update_fields=["versione_corrente"])
    schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


class Migration(migrations.Migration):

    dependencies = [
        ('ambito', '0007_notifiche_scadenze'),
        ('contenttypes', '0002_remove_content_type_name'),
    ]

    operations = [
        migrations.CreateModel(
            name='Allegato',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('object_id', models.PositiveBigIntegerField()),
                ('chiave', models.CharField(blank=True, max_length=40, verbose_name='chiave')),
                ('titolo', models.CharField(max_length=250, verbose_name='titolo')),
                ('creato_il', models.DateTimeField(default=django.utils.timezone.now, verbose_name='creato il')),
                ('ambito', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='ambito.ambito', verbose_name='Ambito')),
                ('content_type', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='contenttypes.contenttype')),
            ],
            options={
                'verbose_name': 'allegato',
                'verbose_name_plural': 'allegati',
                'ordering': ['creato_il', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='HistoricalVersioneAllegato',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('numero', models.PositiveIntegerField(verbose_name='versione')),
                ('file', models.TextField(max_length=300, verbose_name='file')),
                ('nome_file', models.CharField(max_length=250, verbose_name='nome del file caricato')),
                ('tipo', models.CharField(choices=[('pdf', 'PDF'), ('pdfa', 'PDF/A'), ('p7m', 'PDF firmato digitalmente (.p7m)'), ('png', 'immagine PNG'), ('jpeg', 'immagine JPEG'), ('odt', 'documento ODT'), ('docx', 'documento Word (DOCX)')], max_length=10, verbose_name='tipo di file')),
                ('dimensione', models.PositiveBigIntegerField(verbose_name='dimensione (byte)')),
                ('sha256', models.CharField(max_length=64, verbose_name='impronta SHA-256')),
                ('caricato_il', models.DateTimeField(default=django.utils.timezone.now, verbose_name='caricato il')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('allegato', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='ambito.allegato')),
                ('ambito', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='ambito.ambito', verbose_name='Ambito')),
                ('caricato_da', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='caricato da')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'historical versione di un allegato',
                'verbose_name_plural': 'historical versioni di allegati',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='VersioneAllegato',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('numero', models.PositiveIntegerField(verbose_name='versione')),
                ('file', models.FileField(max_length=300, upload_to=ambito.allegati.models._percorso_versione, verbose_name='file')),
                ('nome_file', models.CharField(max_length=250, verbose_name='nome del file caricato')),
                ('tipo', models.CharField(choices=[('pdf', 'PDF'), ('pdfa', 'PDF/A'), ('p7m', 'PDF firmato digitalmente (.p7m)'), ('png', 'immagine PNG'), ('jpeg', 'immagine JPEG'), ('odt', 'documento ODT'), ('docx', 'documento Word (DOCX)')], max_length=10, verbose_name='tipo di file')),
                ('dimensione', models.PositiveBigIntegerField(verbose_name='dimensione (byte)')),
                ('sha256', models.CharField(max_length=64, verbose_name='impronta SHA-256')),
                ('caricato_il', models.DateTimeField(default=django.utils.timezone.now, verbose_name='caricato il')),
                ('allegato', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='versioni', to='ambito.allegato')),
                ('ambito', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='ambito.ambito', verbose_name='Ambito')),
                ('caricato_da', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='caricato da')),
            ],
            options={
                'verbose_name': 'versione di un allegato',
                'verbose_name_plural': 'versioni di allegati',
                'ordering': ['-numero'],
            },
        ),
        migrations.CreateModel(
            name='ScaricamentoAllegato',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('utente_email', models.EmailField(blank=True, help_text='Vuoto: scaricato da una pagina pubblica.', max_length=254, verbose_name='utente')),
                ('indirizzo_ip', models.GenericIPAddressField(blank=True, null=True)),
                ('avvenuto_il', models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name='avvenuto il')),
                ('ambito', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='ambito.ambito', verbose_name='Ambito')),
                ('utente', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('versione', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='scaricamenti', to='ambito.versioneallegato')),
            ],
            options={
                'verbose_name': 'scaricamento di un allegato',
                'verbose_name_plural': 'scaricamenti di allegati',
                'ordering': ['-avvenuto_il'],
            },
        ),
        migrations.CreateModel(
            name='HistoricalAllegato',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('object_id', models.PositiveBigIntegerField()),
                ('chiave', models.CharField(blank=True, max_length=40, verbose_name='chiave')),
                ('titolo', models.CharField(max_length=250, verbose_name='titolo')),
                ('creato_il', models.DateTimeField(default=django.utils.timezone.now, verbose_name='creato il')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('ambito', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='ambito.ambito', verbose_name='Ambito')),
                ('content_type', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='contenttypes.contenttype')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('versione_corrente', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='ambito.versioneallegato', verbose_name='versione corrente')),
            ],
            options={
                'verbose_name': 'historical allegato',
                'verbose_name_plural': 'historical allegati',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.AddField(
            model_name='allegato',
            name='versione_corrente',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='ambito.versioneallegato', verbose_name='versione corrente'),
        ),
        migrations.AddConstraint(
            model_name='versioneallegato',
            constraint=models.UniqueConstraint(fields=('allegato', 'numero'), name='versione_allegato_unica'),
        ),
        migrations.AddIndex(
            model_name='allegato',
            index=models.Index(fields=['ambito', 'content_type', 'object_id'], name='allegato_oggetto'),
        ),
        migrations.AddConstraint(
            model_name='allegato',
            constraint=models.UniqueConstraint(condition=models.Q(('chiave', ''), _negated=True), fields=('content_type', 'object_id', 'chiave'), name='allegato_chiave_unica'),
        ),
        migrations.RunPython(_documenti_degli_atti, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name='atto',
            name='allegato',
        ),
        migrations.RemoveField(
            model_name='historicalatto',
            name='allegato',
        ),
    ]
