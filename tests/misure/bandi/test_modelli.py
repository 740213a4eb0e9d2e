"""The seeded templates: today's values, created per Ambito as data, idempotent, and all valid."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ambito.tenancy import ambito_scope
from misure.modelli import MODELLI, modelli_create
from misure.models import EdizioneMisura, Misura, Strumento
from misure.regole import valida_regole
from misure.services import bandi as servizi


def test_i_modelli_creano_le_misure_con_i_valori_di_oggi(mondo) -> None:
    w = mondo.a
    with ambito_scope(w.ambito, actor=w.responsabile):
        modelli_create(ambito=w.ambito, actor=w.responsabile)
        misure = {m.codice: m for m in Misura.objects.filter(ambito=w.ambito)}
        assert set(misure) == {"b2", "b1", "dopo-di-noi", "pro-vi", "voucher", "locale"}
        assert misure["b1"].esterna and misure["b1"].gestore == "asst" and not misure["b1"].edizioni.exists()
        assert misure["b2"].fonte.codice == "FNA" and misure["dopo-di-noi"].fonte.codice == "DDN"
        b2 = EdizioneMisura.objects.get(misura=misure["b2"])
        assert b2.atto_regionale == "DGR XII/3719 del 30/12/2024" and b2.data_atto_regionale == dt.date(2024, 12, 30)
        classi = {c["classe"]: c for c in b2.regole_ammissibilita["isee"]["classi"]}
        assert classi["maggiorenni"]["tipi"] == ["sociosanitario"] and classi["maggiorenni"]["massimo"] == "25000.00"
        assert classi["minorenni"]["massimo"] == "40000.00" and "ordinario" in classi["minorenni"]["tipi"]
        assert b2.regole_ammissibilita["certificazioni"] == {
            "modo": "almeno_una", "elenco": [{"tipo": "l104_c3"}, {"tipo": "accompagnamento"}]}
        assert "eta" not in b2.regole_ammissibilita  # any age
        assert b2.regole_ammissibilita["domicilio"] is True
        strumenti = {s.codice: s for s in Strumento.objects.filter(edizione=b2)}
        assert strumenti["caregiver"].importo_mensile == Decimal("100.00")
        assert strumenti["assistente-familiare"].importo_mensile_massimo == Decimal("800.00")
        assert strumenti["assistente-familiare"].fasce_importo[-1]["importo"] == "800.00"
        assert "voucher-sad" in strumenti
        ddn = EdizioneMisura.objects.get(misura=misure["dopo-di-noi"])
        assert ddn.regole_ammissibilita["eta"] == {"min": 18, "max": 64}
        ddn_strumenti = {s.codice: s for s in Strumento.objects.filter(edizione=ddn)}
        assert set(ddn_strumenti) == {"a", "b1", "b2", "c1", "c2", "d", "e"}
        assert ddn_strumenti["a"].importo_una_tantum_massimo == Decimal("20000.00")
        assert ddn_strumenti["a"].percentuale_massima_costo == Decimal("70.00")
        assert ddn_strumenti["c1"].importo_annuo_massimo == Decimal("4800.00")
        assert ddn_strumenti["c1"].importo_una_tantum_massimo == Decimal("600.00")
        provi = EdizioneMisura.objects.get(misura=misure["pro-vi"])
        assert "due_macroaree" in {c["codice"] for c in provi.regole_ammissibilita["condizioni"]}


def test_i_modelli_sono_idempotenti_e_rispettano_le_modifiche_dell_ufficio(mondo) -> None:
    w = mondo.a
    with ambito_scope(w.ambito, actor=w.responsabile):
        modelli_create(ambito=w.ambito, actor=w.responsabile)
        caregiver = Strumento.objects.get(ambito=w.ambito, edizione__misura__codice="b2", codice="caregiver")
        servizi.strumento_update(strumento=caregiver, actor=w.responsabile, importo_mensile=Decimal("120.00"))
        conteggi = (Misura.objects.count(), EdizioneMisura.objects.count(), Strumento.objects.count())
        modelli_create(ambito=w.ambito, actor=w.responsabile)
        assert (Misura.objects.count(), EdizioneMisura.objects.count(), Strumento.objects.count()) == conteggi
        caregiver.refresh_from_db()
        assert caregiver.importo_mensile == Decimal("120.00")
        assert caregiver.history.count() == 2  # created, then edited by the office: audited
    with ambito_scope(mondo.b.ambito):
        assert not Misura.objects.filter(ambito=mondo.b.ambito).exists()  # per Ambito


def test_ogni_edizione_dei_modelli_ha_regole_valide() -> None:
    for modello in MODELLI:
        for edizione in modello["edizioni"]:
            assert valida_regole(ammissibilita=edizione["regole_ammissibilita"],
                                 punteggio=edizione["regole_punteggio"],
                                 incompatibilita=edizione["regole_incompatibilita"]) == [], edizione["titolo"]
