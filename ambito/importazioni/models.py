"""An import in progress: the uploaded file (private storage), the mapping, the dry run and the outcome."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from ambito.tenancy.models import TenantModel


class StatoImportazione(models.TextChoices):
    CARICATA = "caricata", _("Caricata: da verificare")
    VERIFICATA = "verificata", _("Verificata: da salvare")
    IN_CORSO = "in_corso", _("Salvataggio in corso")
    COMPLETATA = "completata", _("Salvata")
    FALLITA = "fallita", _("Non salvata")


def _percorso_file(instance: Importazione, filename: str) -> str:
    return f"ambiti/{instance.ambito_id}/importazioni/{filename}"


class Importazione(TenantModel):
    """One uploaded CSV/XLSX file of a registered kind, from upload to save.

    ``mappatura`` maps each target column to the index of the file's column; ``esito`` holds the last
    dry run (totals and every error by row and field); ``righe_salvate`` what the save wrote.
    """

    tipo = models.CharField(_("tipo"), max_length=80)
    file = models.FileField(_("file"), upload_to=_percorso_file, max_length=300)
    nome_file = models.CharField(_("nome del file"), max_length=250)
    formato = models.CharField(_("formato"), max_length=10)
    intestazioni = models.JSONField(_("intestazioni del file"), default=list)
    mappatura = models.JSONField(_("associazione delle colonne"), default=dict)
    righe_totali = models.PositiveIntegerField(_("righe di dati"), default=0)
    stato = models.CharField(_("stato"), max_length=20, choices=StatoImportazione.choices,
                             default=StatoImportazione.CARICATA)
    esito = models.JSONField(_("esito della verifica"), default=dict, blank=True)
    solo_valide = models.BooleanField(_("solo le righe valide"), default=False)
    righe_salvate = models.PositiveIntegerField(_("righe salvate"), default=0)
    errore = models.TextField(_("errore"), blank=True)
    job = models.ForeignKey("ambito.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                            verbose_name=_("elaborazione"))
    creata_da = models.ForeignKey("ambito.Utente", null=True, on_delete=models.SET_NULL, related_name="+",
                                  verbose_name=_("caricata da"))
    creata_il = models.DateTimeField(_("caricata il"), auto_now_add=True)
    completata_il = models.DateTimeField(_("salvata il"), null=True, blank=True)

    class Meta:
        verbose_name = _("importazione")
        verbose_name_plural = _("importazioni")
        ordering = ["-creata_il"]

    def __str__(self) -> str:
        return f"{self.nome_file} ({self.get_stato_display()})"

    @property
    def etichetta(self) -> str:
        from ambito.importazioni.registry import tipi_importazione

        tipo = tipi_importazione().get(self.tipo)
        return str(tipo.etichetta) if tipo else self.tipo
