"""A test-only model with the comune dimension, standing in for the domain's case files
(Domanda, Erogazione…) until those modules exist."""

from django.db import models

from ambito.tenancy.models import ComuneTenantModel


class PraticaDiProva(ComuneTenantModel):
    descrizione = models.CharField(max_length=100)

    class Meta:
        app_label = "scoping_app"
