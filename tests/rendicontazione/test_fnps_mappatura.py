"""FNPS matrix through the mapping; the mapping table (rules, page, API); the returns API; the deadline calendar."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django_scopes import scopes_disabled

from ambito.errors import RegolaViolata
from ambito.jobs.models import StatoJob
from ambito.tenancy import ambito_scope
from fondi import services as fondi_services
from rendicontazione import services
from rendicontazione.models import Invio, VoceMappatura
from rendicontazione.scadenze import scadenze_debiti
from tests.fondi.helpers import D, assegnazione, determina_di_liquidazione, quota
from tests.rendicontazione.helpers import contenuto, euro, mappa, produci, righe_csv

pytestmark = pytest.mark.django_db


@pytest.fixture
def fnps(mondo):
    """FNPS 2025: three quote, two mapped to the same cell (FAM × PSW), one to DIS × DAYC."""
    w = mondo.a
    with ambito_scope(w.ambito, actor=w.operatore):
        a = assegnazione(w.ambito, w.operatore, codice="FNPS", annualita=2025, importo="90000.00")
        q1 = quota(a, w.operatore, importo="20000.00", descrizione="Tutela minori")
        q2 = quota(a, w.operatore, importo="15000.00", descrizione="Affidi")
        q3 = quota(a, w.operatore, importo="30000.00", descrizione="CDD")
        fondi_services.impegno_create(quota=q3, importo=D("25000.00"), data_contabile=dt.date(2025, 6, 1),
                                      actor=w.operatore)
        fondi_services.liquidazione_create(quota=q3, importo=D("10000.00"), data_contabile=dt.date(2025, 7, 1),
                                           actor=w.operatore, atto=determina_di_liquidazione(w.ambito))
    return w, (q1, q2, q3)


def test_the_fnps_matrix_adds_quote_per_area_and_service(fnps, django_capture_on_commit_callbacks):
    w, (q1, q2, q3) = fnps
    mappa(w, q1, istat_area="FAM", istat_servizio="PSW")
    mappa(w, q2, istat_area="FAM", istat_servizio="PSW")
    mappa(w, q3, istat_area="DIS", istat_servizio="DAYC")
    preventivo = produci(w, django_capture_on_commit_callbacks, codice="fnps", periodo=1,
                         parametri={"fase": "preventivo"})
    assert preventivo.job.stato == StatoJob.COMPLETATO, preventivo.anomalie
    celle = {(r["area"], r["servizio"]): r for r in righe_csv(contenuto(preventivo))}
    assert set(celle) == {("FAM", "PSW"), ("DIS", "DAYC")}
    assert euro(celle["FAM", "PSW"]["programmato"]) == Decimal("35000.00")
    assert euro(celle["DIS", "DAYC"]["impegnato"]) == Decimal("0")  # a preventivo carries no spending
    consuntivo = produci(w, django_capture_on_commit_callbacks, codice="fnps", parametri={"fase": "consuntivo"})
    celle = {(r["area"], r["servizio"]): r for r in righe_csv(contenuto(consuntivo))}
    assert (euro(celle["DIS", "DAYC"]["impegnato"]), euro(celle["DIS", "DAYC"]["liquidato"])) == (
        Decimal("25000.00"), Decimal("10000.00"))
    assert {r["fase"] for r in celle.values()} == {"consuntivo"}


def test_an_unmapped_fnps_quota_is_named_with_its_link(fnps, django_capture_on_commit_callbacks):
    w, (q1, q2, _q3) = fnps
    mappa(w, q1, istat_area="FAM", istat_servizio="PSW")
    mappa(w, q2, istat_area="FAM")  # no service: cannot enter the matrix
    invio = produci(w, django_capture_on_commit_callbacks, codice="fnps", parametri={"fase": "preventivo"})
    codici = sorted(a["codice"] for a in invio.anomalie)
    assert codici == ["non_mappata", "non_mappata", "totale_non_corrispondente"]
    assert any("«Affidi»" in a["messaggio"] for a in invio.anomalie)
    assert invio.job.stato == StatoJob.FALLITO


def test_a_returns_own_parameters_are_checked(fnps):
    w, _quote = fnps
    with ambito_scope(w.ambito, actor=w.operatore):
        with pytest.raises(RegolaViolata) as errore:
            services.invio_create(ambito=w.ambito, actor=w.operatore, codice="fnps", anno=2025, periodo=1,
                                  formato="csv", parametri={"fase": "intermedia"})
        assert errore.value.campo == "parametri.fase"
        with pytest.raises(RegolaViolata) as errore:
            services.invio_create(ambito=w.ambito, actor=w.operatore, codice="fnps", anno=2025, periodo=1,
                                  formato="csv", parametri={"fase": "preventivo", "extra": "1"})
        assert errore.value.campo == "parametri.extra"


def test_the_mapping_refuses_unknown_codes_and_a_second_row_for_an_object(mondo):
    w = mondo.a
    with ambito_scope(w.ambito, actor=w.operatore):
        for campo, valore in (("istat_area", "ZZZ"), ("istat_servizio", "NOPE"), ("siuss_area_utenza", "9"),
                              ("macroarea_pdz", "Z"), ("siuss_codice_prestazione", "A1")):
            with pytest.raises(RegolaViolata) as errore:
                services.voce_mappatura_create(ambito=w.ambito, actor=w.operatore, tipo_oggetto="locale",
                                               descrizione="Sportello", **{campo: valore})
            assert errore.value.campo == campo
        services.voce_mappatura_create(ambito=w.ambito, actor=w.operatore, tipo_oggetto="fondi.destinazione",
                                       chiave_oggetto="bando", descrizione="Bandi", istat_area="DIS",
                                       siuss_codice_prestazione="A1.09")
        with pytest.raises(RegolaViolata) as errore:
            services.voce_mappatura_create(ambito=w.ambito, actor=w.operatore, tipo_oggetto="fondi.destinazione",
                                           chiave_oggetto="bando", descrizione="Ancora bandi")
        assert errore.value.codice == "gia_mappato"
        with pytest.raises(RegolaViolata):
            services.voce_mappatura_create(ambito=w.ambito, actor=w.operatore, tipo_oggetto="fondi.quota",
                                           chiave_oggetto="999999", descrizione="Quota di nessuno")


def test_a_quota_of_another_ambito_cannot_be_mapped(mondo):
    with ambito_scope(mondo.b.ambito, actor=mondo.b.operatore):
        altrui = quota(assegnazione(mondo.b.ambito, mondo.b.operatore), mondo.b.operatore)
    with ambito_scope(mondo.a.ambito, actor=mondo.a.operatore), pytest.raises(RegolaViolata):
        services.voce_mappatura_create(ambito=mondo.a.ambito, actor=mondo.a.operatore, tipo_oggetto="fondi.quota",
                                       chiave_oggetto=str(altrui.pk), descrizione="Altrui")


def test_the_mapping_page_creates_edits_and_keeps_history(mondo, client_per):
    w = mondo.a
    client = client_per(w.operatore)
    base = f"/a/{w.ambito.slug}/rendicontazione/mappatura"
    rifiutato = client.post(f"{base}/nuova/", {"oggetto": "locale|", "descrizione": "Sportello famiglie",
                                               "siuss_codice_prestazione": "A1"})
    assert rifiutato.status_code == 400 and "da 5 a 10 caratteri" in rifiutato.content.decode()
    assert "Sportello famiglie" in rifiutato.content.decode()  # what was typed is kept
    fatto = client.post(f"{base}/nuova/", {"oggetto": "locale|", "descrizione": "Sportello famiglie",
                                           "istat_area": "FAM", "istat_servizio": "PSW", "macroarea_pdz": "I"},
                        follow=True)
    assert "Voce di mappatura registrata: Sportello famiglie." in fatto.content.decode()
    with scopes_disabled():
        voce = VoceMappatura.objects.get(ambito=w.ambito)
    client.post(f"{base}/{voce.pk}/", {"descrizione": "Sportello famiglie", "istat_area": "FAM",
                                       "istat_servizio": "HOMECARE", "macroarea_pdz": "I"})
    with ambito_scope(w.ambito):
        assert [v.istat_servizio for v in VoceMappatura.history.filter(id=voce.pk).order_by("history_date")] == [
            "PSW", "HOMECARE"]
    assert "HOMECARE" in client.get(f"{base}/").content.decode()
    client.post(f"{base}/{voce.pk}/elimina/")
    with scopes_disabled():
        assert not VoceMappatura.objects.filter(pk=voce.pk).exists()


def test_the_api_maps_lists_and_starts_a_production(mondo, client_per, django_capture_on_commit_callbacks):
    w = mondo.a
    client = client_per(w.operatore)
    api = f"/api/v1/a/{w.ambito.slug}/rendicontazione"
    creato = client.post(f"{api}/mappatura/", {"tipo_oggetto": "locale", "descrizione": "SAD", "istat_area": "ELD",
                                               "istat_servizio": "HOMECARE"}, content_type="application/json")
    assert creato.status_code == 201, creato.json()
    errato = client.post(f"{api}/mappatura/", {"tipo_oggetto": "locale", "descrizione": "X", "istat_area": "??"},
                         content_type="application/json")
    assert errato.status_code == 400 and "istat_area" in errato.json()["errore"]["campi"]
    assert [v["descrizione"] for v in client.get(f"{api}/mappatura/").json()["results"]] == ["SAD"]
    ritorni = {r["codice"]: r for r in client.get(f"{api}/debiti/").json()}
    assert {"fondo_poverta", "fnps"} <= set(ritorni)
    assert [c["nome"] for c in ritorni["fondo_poverta"]["tracciato"]][:2] == ["quota", "intervento"]
    with django_capture_on_commit_callbacks(execute=True):
        avviato = client.post(f"{api}/invii/", {"codice": "fondo_poverta", "anno": 2025, "periodo": 1,
                                                "formato": "csv"}, content_type="application/json")
    assert avviato.status_code == 202
    letto = client.get(f"{api}/invii/{avviato.json()['id']}/").json()
    assert letto["stato_job"] == "completato" and letto["esito_controlli"] == "superati"
    sconosciuto = client.post(f"{api}/invii/", {"codice": "nessuno", "anno": 2025, "periodo": 1, "formato": "csv"},
                              content_type="application/json")
    assert sconosciuto.status_code == 404
    assert client_per(w.sindaco).post(f"{api}/invii/", {"codice": "fnps", "anno": 2025, "periodo": 1,
                                                        "formato": "csv"},
                                      content_type="application/json").status_code == 403


def test_the_calendar_follows_the_ambitos_own_submissions(mondo):
    w = mondo.a
    with ambito_scope(w.ambito):
        scadenze = {s.chiave: s for s in scadenze_debiti(ambito=w.ambito, dal=dt.date(2025, 1, 1),
                                                         al=dt.date(2025, 12, 31), oggi=dt.date(2025, 8, 15))}
    # Fondo Povertà, 1st half of 2025: due 30 days after 30/06; FNPS 2024: 120 days after 31/12/2024.
    assert scadenze["fondo_poverta:2025:1"].data == dt.date(2025, 7, 30)
    assert scadenze["fondo_poverta:2025:1"].stato == "scaduta"
    assert scadenze["fnps:2024:1"].data == dt.date(2025, 4, 30)
    with ambito_scope(w.ambito, actor=w.operatore):
        Invio.objects.create(ambito=w.ambito, codice="fondo_poverta", anno=2025, periodo=1, formato="csv",
                             inviato_il=dt.date(2025, 7, 20), protocollo="P")
        scadenze = {s.chiave: s for s in scadenze_debiti(ambito=w.ambito, dal=dt.date(2025, 1, 1),
                                                         al=dt.date(2025, 12, 31), oggi=dt.date(2025, 8, 15))}
    assert scadenze["fondo_poverta:2025:1"].stato == "rispettata"
    with ambito_scope(mondo.b.ambito):  # another Ambito's submission does not count here
        altre = {s.chiave: s for s in scadenze_debiti(ambito=mondo.b.ambito, dal=dt.date(2025, 1, 1),
                                                      al=dt.date(2025, 12, 31), oggi=dt.date(2025, 8, 15))}
    assert altre["fondo_poverta:2025:1"].stato == "scaduta"


def test_the_ambitos_own_term_moves_its_deadlines_only(mondo, client_per):
    w = mondo.a
    client = client_per(w.responsabile)
    url = f"/a/{w.ambito.slug}/rendicontazione/debiti/fondo_poverta/termine/"
    rifiutato = client.post(url, {"giorni": "400", "note": "Nota ATS"})
    assert rifiutato.status_code == 400 and "Nota ATS" in rifiutato.content.decode()
    fatto = client.post(url, {"giorni": "45", "note": "Nota ATS prot. 123"}, follow=True)
    assert "Termine salvato: 45 giorni" in fatto.content.decode()
    assert "45 giorni dopo la fine di ogni periodo" in fatto.content.decode()

    def scadenza(ambito):
        with ambito_scope(ambito):
            return {s.chiave: s for s in scadenze_debiti(ambito=ambito, dal=dt.date(2025, 1, 1),
                                                         al=dt.date(2025, 12, 31), oggi=dt.date(2025, 6, 1))}
    assert scadenza(w.ambito)["fondo_poverta:2025:1"].data == dt.date(2025, 8, 14)  # 30/06 + 45 days
    assert scadenza(mondo.b.ambito)["fondo_poverta:2025:1"].data == dt.date(2025, 7, 30)  # the default, 30 days
    api = client.put(f"/api/v1/a/{w.ambito.slug}/rendicontazione/debiti/fondo_poverta/termine/", {"giorni": 0},
                     content_type="application/json")
    assert api.status_code == 400 and "giorni" in api.json()["errore"]["campi"]
    api = client.put(f"/api/v1/a/{w.ambito.slug}/rendicontazione/debiti/fondo_poverta/termine/", {"giorni": 20},
                     content_type="application/json")
    assert api.status_code == 200 and api.json()["giorni"] == 20
    assert client_per(w.sindaco).post(url, {"giorni": "10"}).status_code == 403


def test_the_core_reminds_staff_of_a_returns_deadline_until_it_is_submitted(mondo):
    from ambito.notifiche.models import Notifica
    from ambito.scadenze.services import promemoria_send

    w = mondo.a

    def promemoria(utente) -> list[str]:
        with scopes_disabled():
            return [t for t in Notifica.objects.filter(ambito=w.ambito, destinatario=utente)
                    .values_list("titolo", flat=True) if "Fondo Povertà" in t]

    with ambito_scope(w.ambito):
        promemoria_send(ambito=w.ambito, oggi=dt.date(2025, 7, 23))  # the 1st half of 2025 is due on 30/07
    assert promemoria(w.operatore) == ["Scade tra 7 giorni: Fondo Povertà — monitoraggio Multifondo — "
                                       "1° semestre 2025"]
    assert promemoria(w.sindaco) == []  # mayors see the calendar, the owners are those who produce returns
    with ambito_scope(w.ambito, actor=w.operatore):
        Invio.objects.create(ambito=w.ambito, codice="fondo_poverta", anno=2025, periodo=1, formato="csv",
                             inviato_il=dt.date(2025, 7, 25), protocollo="P")
        promemoria_send(ambito=w.ambito, oggi=dt.date(2025, 7, 29))
    assert len(promemoria(w.operatore)) == 1  # submitted: no "scade domani"
