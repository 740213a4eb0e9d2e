"""The beneficiari demo: ~220 fictitious people whose codici fiscali validate and agree with their data."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

import pytest

from ambito.tenancy import ambito_scope
from misure.codice_fiscale import analizza_codice_fiscale, verifica_concordanza
from misure.demo import beneficiari as demo
from misure.models import AttestazioneISEE, Beneficiario, BeneficioEsterno, Certificazione
from misure.services.beneficiari import eta

pytestmark = pytest.mark.django_db


def test_the_demo_people_are_consistent_realistic_and_loaded_once(mondo):
    w = mondo.a  # slug "lodi", like the demo Ambito
    contesto: dict = {}
    with ambito_scope(w.ambito, actor=w.responsabile):
        demo.carica(ambito=w.ambito, actor=w.responsabile, contesto=contesto)
        beneficiari = contesto["beneficiari"]
        assert 200 <= len(beneficiari) <= 220
        for b in beneficiari:
            dati = analizza_codice_fiscale(b.codice_fiscale)
            verifica_concordanza(dati, sesso=b.sesso, data_nascita=b.data_nascita,
                                 luogo_nascita_belfiore=b.luogo_nascita_belfiore)
        per_comune = Counter(b.comune.codice_istat for b in beneficiari)
        assert per_comune["098031"] > 40 and per_comune["098019"] > 30  # the demo assistenti's comuni
        assert sum(1 for b in beneficiari if eta(b) < 18) >= 10
        valori = list(AttestazioneISEE.objects.values_list("valore_isee", flat=True))
        assert len(valori) > 150 and Decimal("25000.00") in valori
        assert any(Decimal("24000") < v < Decimal("25000") for v in valori)
        tipi = Counter(Certificazione.objects.values_list("tipo_certificazione", flat=True))
        assert tipi["l104_c3"] > 50 and tipi["accompagnamento"] > 30
        assert 3 <= BeneficioEsterno.objects.filter(codice="b1").count() <= 10
        prima = Beneficiario.objects.count()
        secondo: dict = {}
        demo.carica(ambito=w.ambito, actor=w.responsabile, contesto=secondo)
        assert Beneficiario.objects.count() == prima and len(secondo["beneficiari"]) == prima


def test_the_demo_loads_nothing_in_another_ambito(mondo):
    contesto: dict = {}
    with ambito_scope(mondo.b.ambito, actor=mondo.b.responsabile):
        demo.carica(ambito=mondo.b.ambito, actor=mondo.b.responsabile, contesto=contesto)
        assert not Beneficiario.objects.exists() and "beneficiari" not in contesto
