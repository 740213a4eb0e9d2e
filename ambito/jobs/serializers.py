"""Input and output shapes of the jobs API (one serializer per direction, named for the schema)."""

from __future__ import annotations

from django.urls import reverse
from rest_framework import serializers

from ambito.jobs.models import Job, StatoJob


class JobInput(serializers.Serializer):
    tipo = serializers.CharField(help_text="Codice del tipo di elaborazione, es. ambito.esporta_atti.")
    parametri = serializers.DictField(required=False, default=dict,
                                      help_text="Parametri del tipo scelto, es. {\"formato\": \"xlsx\"}.")


class JobOutput(serializers.Serializer):
    uuid = serializers.UUIDField()
    tipo = serializers.CharField(help_text="Codice del tipo di elaborazione, es. ambito.esporta_atti.")
    etichetta = serializers.CharField(help_text="Nome del tipo di elaborazione.")
    parametri = serializers.JSONField()
    stato = serializers.ChoiceField(choices=StatoJob.choices)
    progresso = serializers.IntegerField(min_value=0, max_value=100, help_text="Percentuale di avanzamento.")
    messaggio = serializers.CharField(help_text="Ultimo messaggio di avanzamento.")
    errore = serializers.CharField(help_text="Motivo del fallimento (vuoto se non è fallita).")
    tentativi = serializers.IntegerField(help_text="Quante volte è stata avviata (più di 1 dopo un'interruzione).")
    richiesto_da = serializers.EmailField(source="richiesto_da.email", allow_null=True, default=None)
    creato_il = serializers.DateTimeField()
    iniziato_il = serializers.DateTimeField(allow_null=True)
    terminato_il = serializers.DateTimeField(allow_null=True)
    risultato = serializers.SerializerMethodField(help_text="URL di download del file, se disponibile.")

    def get_risultato(self, job: Job) -> str | None:
        if not job.risultato:
            return None
        percorso = reverse("jobs_api:job_download", kwargs={"ambito_slug": job.ambito.slug, "job_uuid": job.uuid})
        return self.context["request"].build_absolute_uri(percorso)
