"""Test-only models with the comune dimension, standing in for the domain's case files
(Domanda, Erogazione…) until those modules exist."""

from django.db import models

from ambito.audit.sensibili import CategoriaSensibile
from ambito.tenancy.models import ComuneTenantModel


class PraticaDiProva(ComuneTenantModel):
    descrizione = models.CharField(max_length=100)

    class Meta:
        app_label = "scoping_app"


class ValutazioneDiProva(ComuneTenantModel):
    """A test-only model with sensitive fields, standing in for misure's Domanda (ISEE, certifications,
    assessments) until it exists: proves ambito.audit.sensibili (tests/audit/test_sensibili.py)."""

    descrizione = models.CharField(max_length=100)
    codice_fiscale = models.CharField(max_length=16)
    valore_isee = models.DecimalField("valore ISEE", max_digits=10, decimal_places=2)
    diagnosi = models.TextField("diagnosi")
    percentuale_invalidita = models.PositiveSmallIntegerField("percentuale di invalidità")

    campi_sensibili = {
        "valore_isee": CategoriaSensibile.ISEE,
        "diagnosi": CategoriaSensibile.SALUTE,
        "percentuale_invalidita": CategoriaSensibile.DISABILITA,
    }

    class Meta:
        app_label = "scoping_app"

    def interessato_sensibile(self) -> str:
        return "***" + self.codice_fiscale[-5:]
