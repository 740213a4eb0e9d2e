"""The catalogue of funding sources: the real Lombardy sources, seeded by migration, shared."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps

from ambito.errors import RegolaViolata
from ambito.tenancy import ambito_scope
from fondi import catalogo, services
from fondi.models import FonteFinanziamento
from tests.fondi.helpers import D, atto

pytestmark = pytest.mark.django_db


@pytest.fixture
def vuoto():
    """An empty catalogue (transactional tests flush the table anyway): leaves first, level by level,
    since lines may have lines of their own (PROTECT on ``padre``)."""
    while FonteFinanziamento.objects.exists():
        FonteFinanziamento.objects.filter(linee__isnull=True).delete()


def test_the_migration_seeds_the_sources_an_ufficio_di_piano_manages(vuoto):
    migrazione = importlib.import_module("fondi.migrations.0002_catalogo_fonti")
    migrazione.semina(apps, None)
    codici = set(FonteFinanziamento.objects.values_list("codice", flat=True))
    assert {"FNA", "FNPS", "FSR", "FONDO-POVERTA", "FP-QSFP", "FP-PAIS", "FP-QPE", "DDN", "PNRR-M5C2",
            "QUOTE-COMUNALI", "FONDAZIONI"} <= codici
    assert len(codici) == len(catalogo.FONTI)
    quota_servizi = FonteFinanziamento.objects.get(codice="FP-QSFP")
    assert quota_servizi.padre.codice == "FONDO-POVERTA"
    assert FonteFinanziamento.objects.get(codice="FNPS").riferimento_normativo == "L. 328/2000 art. 20"
    assert {f.categoria for f in FonteFinanziamento.objects.all()} == {
        "nazionale", "regionale", "europea", "comunale", "privata"}


def test_seeding_again_adds_nothing_and_restores_a_changed_name():
    services.fonti_seed()
    FonteFinanziamento.objects.filter(codice="FSR").update(denominazione="Nome sbagliato")
    assert services.fonti_seed() == 0
    assert FonteFinanziamento.objects.get(codice="FSR").denominazione == "Fondo Sociale Regionale"


def test_a_retired_source_takes_no_new_assignments(mondo):
    services.fonti_seed()
    FonteFinanziamento.objects.filter(codice="CAREGIVER").update(attiva=False)
    w = mondo.a
    with ambito_scope(w.ambito, actor=w.operatore), pytest.raises(RegolaViolata, match="non è più attiva"):
        services.assegnazione_create(
            ambito=w.ambito, fonte=FonteFinanziamento.objects.get(codice="CAREGIVER"), descrizione="x",
            annualita=2024, esercizio=2025, importo=D("1.00"), data_assegnazione=atto(w.ambito).data,
            atto=atto(w.ambito), actor=w.operatore)
