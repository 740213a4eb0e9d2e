"""Bandi services: lifecycle, versioned rules frozen at publication, documents, budget from fondi, audit."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType

from ambito.atti.selectors import atti_dell_oggetto
from ambito.errors import Conflitto, RegolaViolata
from fondi.models import Quota, TipoDestinazione
from misure.modelli import documenti_da_modello
from misure.models import StatoBando, Strumento, VersioneRegole
from misure.selectors import bandi as selettori
from misure.services import bandi as servizi
from tests.fondi.helpers import assegnazione
from tests.misure.bandi.helpers import bando_b2, delibera, edizione_b2, nello_scope


@pytest.fixture
def w(mondo):
    return mondo.a


@nello_scope
def test_un_bando_nasce_in_bozza_con_le_regole_dell_edizione(w) -> None:
    bando = bando_b2(w.ambito, w.responsabile)
    versione = selettori.versione_corrente(bando)
    assert bando.stato == StatoBando.BOZZA and versione.numero == 1 and not versione.congelata
    assert versione.regole_ammissibilita == bando.edizione.regole_ammissibilita
    assert [s.strumento.codice for s in selettori.strumento_bando_list(bando=bando)] == [
        "assistente-familiare", "caregiver", "voucher-sad"]


@nello_scope
def test_documenti_richiesti_dal_modello_anche_per_strumento(w) -> None:
    bando = bando_b2(w.ambito, w.responsabile)
    documenti_da_modello(bando=bando, actor=w.responsabile)
    documenti = {d.codice: d for d in selettori.documento_list(bando=bando)}
    assert documenti["contratto-inps"].strumento.strumento.codice == "assistente-familiare"
    assert "INPS" in documenti["contratto-inps"].descrizione and "buste-paga" in documenti
    caregiver = next(s for s in selettori.strumento_bando_list(bando=bando) if s.strumento.codice == "caregiver")
    assert {d.codice for d in selettori.documenti_per_strumento(bando=bando, strumento=caregiver)} == {
        "isee", "certificazione"}
    with pytest.raises(RegolaViolata, match="già un documento"):
        servizi.documento_create(bando=bando, actor=w.responsabile, codice="isee", descrizione="ISEE")


@nello_scope
def test_regole_non_valide_rifiutate_con_ogni_errore_e_nulla_cambia(w) -> None:
    bando = bando_b2(w.ambito, w.responsabile)
    versione = selettori.versione_corrente(bando)
    with pytest.raises(servizi.RegoleNonValide) as errore:
        servizi.versione_update(versione=versione, actor=w.responsabile,
                                ammissibilita={"eta": {"min": 65, "max": 18}, "domicilio": "sì"})
    assert {e.percorso for e in errore.value.errori} == {"ammissibilita.eta.max", "ammissibilita.domicilio"}
    versione.refresh_from_db()
    assert versione.regole_ammissibilita == bando.edizione.regole_ammissibilita
    servizi.versione_update(versione=versione, actor=w.responsabile, ammissibilita={"eta": {"min": 18}})
    versione.refresh_from_db()
    assert versione.regole_ammissibilita == {"eta": {"min": 18}}
    assert versione.regole_punteggio == bando.edizione.regole_punteggio  # sets not given are kept


@nello_scope
def test_pubblicazione_richiede_atto_e_strumenti_poi_congela_le_regole(w) -> None:
    edizione = edizione_b2(w.ambito, w.responsabile)
    vuoto = servizi.bando_create(edizione=edizione, actor=w.responsabile, titolo="Senza strumenti")
    with pytest.raises(RegolaViolata, match="atto che approva"):
        servizi.bando_publish(bando=vuoto, actor=w.responsabile)
    with pytest.raises(RegolaViolata, match="strumento"):
        servizi.bando_publish(bando=vuoto, actor=w.responsabile, atto=delibera(w.ambito))
    vuoto.refresh_from_db()
    assert vuoto.stato == StatoBando.BOZZA

    bando = bando_b2(w.ambito, w.responsabile)
    atto = delibera(w.ambito)
    servizi.bando_publish(bando=bando, actor=w.responsabile, atto=atto)
    bando.refresh_from_db()
    versione = selettori.versione_corrente(bando)
    assert bando.stato == StatoBando.PUBBLICATO and bando.atto == atto and bando.pubblicato_il
    assert versione.congelata and versione.atto == atto and versione.in_vigore_dal
    assert list(atti_dell_oggetto(ambito=w.ambito, oggetto=bando)) == [atto]
    with pytest.raises(RegolaViolata, match="in vigore e non si modifica"):
        servizi.versione_update(versione=versione, actor=w.responsabile, punteggio={})
    with pytest.raises(RegolaViolata, match="solo in bozza"):
        servizi.strumento_bando_add(bando=bando, strumento=Strumento.objects.filter(edizione=edizione).first(),
                                    actor=w.responsabile)
    with pytest.raises(RegolaViolata, match="solo la descrizione e la chiusura"):
        servizi.bando_update(bando=bando, actor=w.responsabile, giorni_per_decidere=10)
    servizi.bando_update(bando=bando, actor=w.responsabile, chiusura=dt.date(2099, 12, 31))
    with pytest.raises(Conflitto, match="già pubblicato"):
        servizi.bando_publish(bando=bando, actor=w.responsabile, atto=atto)


@nello_scope
def test_una_modifica_dopo_la_pubblicazione_e_una_nuova_versione_con_atto(w) -> None:
    bando = bando_b2(w.ambito, w.responsabile, pubblica=True)
    v1 = selettori.versione_corrente(bando)
    v2 = servizi.versione_new(bando=bando, actor=w.responsabile)
    assert v2.numero == 2 and not v2.congelata and selettori.versione_corrente(bando) == v1
    with pytest.raises(Conflitto, match="già una nuova versione"):
        servizi.versione_new(bando=bando, actor=w.responsabile)
    nuove = {**v2.regole_punteggio, "parita": ["isee_crescente", "eta_crescente"]}
    servizi.versione_update(versione=v2, actor=w.responsabile, punteggio=nuove)
    with pytest.raises(RegolaViolata, match="atto"):
        servizi.versione_approve(versione=v2, atto=None, actor=w.responsabile)
    atto = delibera(w.ambito, "Modifica dei criteri di parità")
    servizi.versione_approve(versione=v2, atto=atto, actor=w.responsabile)
    corrente = selettori.versione_corrente(bando)
    assert corrente.pk == v2.pk and corrente.congelata and corrente.atto == atto
    v1.refresh_from_db()
    assert v1.congelata and v1.regole_punteggio["parita"] == ["isee_crescente", "eta_decrescente",
                                                              "protocollo_crescente"]
    assert atto in atti_dell_oggetto(ambito=w.ambito, oggetto=bando)
    assert VersioneRegole.objects.filter(bando=bando).count() == 2


@nello_scope
def test_chiusura_del_bando(w) -> None:
    bando = bando_b2(w.ambito, w.responsabile)
    with pytest.raises(Conflitto, match="solo un bando pubblicato"):
        servizi.bando_close(bando=bando, actor=w.responsabile)
    servizi.bando_publish(bando=bando, actor=w.responsabile, atto=delibera(w.ambito))
    bando = servizi.bando_close(bando=bando, actor=w.responsabile)
    assert bando.stato == StatoBando.CHIUSO and bando.chiusura is not None
    assert [h.stato for h in bando.history.order_by("history_date")][-2:] == ["pubblicato", "chiuso"]


@nello_scope
def test_budget_del_bando_come_quota_dei_fondi(w) -> None:
    bando = bando_b2(w.ambito, w.responsabile)
    fna = assegnazione(w.ambito, w.responsabile, importo="50000.00")
    quota = servizi.bando_budget_add(bando=bando, actor=w.responsabile, assegnazione=fna, importo=Decimal("30000.00"),
                                     atto=delibera(w.ambito), data_contabile=dt.date(2025, 5, 25))
    assert quota.tipo_destinazione == TipoDestinazione.BANDO
    assert quota.content_type == ContentType.objects.get_for_model(bando) and quota.object_id == bando.pk
    assert [q.pk for q in selettori.quote_del_bando(bando=bando)] == [quota.pk]
    with pytest.raises(RegolaViolata):  # the fondi ledger refuses more than is available
        servizi.bando_budget_add(bando=bando, actor=w.responsabile, assegnazione=fna, importo=Decimal("20000.01"),
                                 atto=delibera(w.ambito), data_contabile=dt.date(2025, 5, 26))
    assert Quota.objects.filter(object_id=bando.pk).count() == 1


@nello_scope
def test_beneficio_esterno_senza_bandi_e_validazioni_dei_campi(w) -> None:
    from misure.models import Misura

    edizione_b2(w.ambito, w.responsabile)
    b1 = Misura.objects.get(ambito=w.ambito, codice="b1")
    edizione = servizi.edizione_create(misura=b1, actor=w.responsabile, titolo="B1 2025", annualita=2024,
                                       esercizio=2025)
    with pytest.raises(RegolaViolata, match="beneficio esterno"):
        servizi.bando_create(edizione=edizione, actor=w.responsabile, titolo="B1")
    with pytest.raises(RegolaViolata, match="codice"):
        servizi.misura_create(ambito=w.ambito, actor=w.responsabile, codice="Con Spazi", nome="X")
    with pytest.raises(RegolaViolata, match="già una misura"):
        servizi.misura_create(ambito=w.ambito, actor=w.responsabile, codice="b2", nome="Doppia")
    b2 = edizione_b2(w.ambito, w.responsabile)
    with pytest.raises(RegolaViolata, match="precede l'apertura"):
        servizi.bando_create(edizione=b2, actor=w.responsabile, titolo="Date", apertura=dt.date(2025, 6, 1),
                             chiusura=dt.date(2025, 5, 1))
    with pytest.raises(RegolaViolata, match="giorno di chiusura mensile"):
        servizi.bando_create(edizione=b2, actor=w.responsabile, titolo="Finestre", modalita="finestre")
    with pytest.raises(RegolaViolata, match="sovrappone"):
        servizi.strumento_create(edizione=b2, actor=w.responsabile, codice="x", nome="X",
                                 fasce_importo=[{"da": 0, "a": 10, "importo": 1}, {"da": 10, "importo": 2}])


@nello_scope
def test_la_chiusura_del_bando_e_una_scadenza_del_registro(w) -> None:
    from ambito.scadenze.registry import tipi_registrati
    from misure.registrazioni.bandi import CODICE_SCADENZA, scadenze_bandi

    assert CODICE_SCADENZA in {t.codice for t in tipi_registrati()}
    bando = bando_b2(w.ambito, w.responsabile)
    servizi.bando_update(bando=bando, actor=w.responsabile, chiusura=dt.date(2099, 7, 31))
    dal, al = dt.date(2099, 7, 1), dt.date(2099, 8, 1)
    assert list(scadenze_bandi(ambito=w.ambito, dal=dal, al=al, oggi=dal)) == []  # a draft has no deadline
    servizi.bando_publish(bando=bando, actor=w.responsabile, atto=delibera(w.ambito))
    [scadenza] = scadenze_bandi(ambito=w.ambito, dal=dal, al=al, oggi=dal)
    assert scadenza.data == dt.date(2099, 7, 31) and "Avviso B2 2025" in scadenza.titolo
    assert scadenza.url.endswith(f"/misure/bandi/{bando.pk}/")


@nello_scope
def test_non_si_pubblica_con_regole_non_valide(w) -> None:
    bando = bando_b2(w.ambito, w.responsabile)
    versione = selettori.versione_corrente(bando)
    VersioneRegole.objects.filter(pk=versione.pk).update(regole_ammissibilita={"eta": {"min": "diciotto"}})
    with pytest.raises(servizi.RegoleNonValide) as errore:
        servizi.bando_publish(bando=bando, actor=w.responsabile, atto=delibera(w.ambito))
    assert errore.value.errori[0].percorso == "ammissibilita.eta.min"
    bando.refresh_from_db()
    versione.refresh_from_db()
    assert bando.stato == StatoBando.BOZZA and not versione.congelata
    assert not atti_dell_oggetto(ambito=w.ambito, oggetto=bando).exists()


@nello_scope
def test_bandi_aperti_alla_data(w) -> None:
    bando = bando_b2(w.ambito, w.responsabile)  # opens 01/06/2025, no closing date
    giugno = dt.date(2025, 6, 1)
    assert not selettori.bando_e_aperto(bando, giugno) and not selettori.bandi_aperti_list(ambito=w.ambito,
                                                                                           data=giugno).exists()
    servizi.bando_publish(bando=bando, actor=w.responsabile, atto=delibera(w.ambito))
    bando.refresh_from_db()
    assert selettori.bando_e_aperto(bando, giugno) and not selettori.bando_e_aperto(bando, dt.date(2025, 5, 31))
    assert list(selettori.bandi_aperti_list(ambito=w.ambito, data=giugno)) == [bando]
    servizi.bando_update(bando=bando, actor=w.responsabile, chiusura=dt.date(2099, 6, 30))
    bando.refresh_from_db()
    assert not selettori.bando_e_aperto(bando, dt.date(2099, 7, 1))
    assert not selettori.bandi_aperti_list(ambito=w.ambito, data=dt.date(2099, 7, 1)).exists()
