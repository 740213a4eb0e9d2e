"""The SIUSS gaps closed: a foreign citizenship coded through the Ambito's mapping, the SINA income area recorded on
the assessment (a missing one a warning), the civil-invalidity codes written from the beneficiary's certifications,
the outbox events marked sent (file submitted, WaaS pull) and INPS's outcomes for unknown flows kept and shown."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django_scopes import scopes_disabled
from lxml import etree

from ambito.audit.models import AccessoDatiSensibili
from ambito.errors import RegolaViolata
from ambito.formato import oggi
from ambito.jobs.models import StatoJob
from ambito.tenancy import ambito_scope
from misure.models import Beneficiario, Certificazione, EventoSIUSS
from rendicontazione import services
from rendicontazione.codici import CARTELLA_SIUSS
from rendicontazione.forms import VoceMappaturaForm
from rendicontazione.models import EsitoWaaSNonAbbinato
from rendicontazione.siuss import NAMESPACE, valida_xsd
from tests.rendicontazione.helpers import contenuto, produci, righe_csv
from tests.rendicontazione.siuss_mondo import mondo_siuss
from tests.rendicontazione.test_waas import chiama, tutti_i_flussi

pytestmark = pytest.mark.django_db
NS = {"c": NAMESPACE}


@pytest.fixture(autouse=True)
def xsd(settings):
    settings.RENDICONTAZIONE_SIUSS_XSD_DIR = str(CARTELLA_SIUSS)


def _file_valido(invio) -> etree._Element:
    assert invio.job.stato == StatoJob.COMPLETATO, (invio.job.errore, invio.anomalie)
    dati = contenuto(invio)
    assert valida_xsd(dati, cartella=CARTELLA_SIUSS) == []
    return etree.fromstring(dati)


def _beneficiario(radice, cognome: str):
    return next(b for b in radice.findall("c:Beneficiario", NS)
                if b.find("c:Anagrafica", NS).get("Cognome") == cognome)


def _sina(radice, cognome: str) -> list[dict]:
    return [dict(p.find("c:SINA", NS).attrib) for p in _beneficiario(radice, cognome).findall("c:PrestazioniSociali",
                                                                                              NS)]


def _invciv(radice, cognome: str) -> list[tuple[str, ...]]:
    return [tuple(c.text for c in p.findall("c:SINA/c:InvaliditaCivile/c:InvCiv", NS))
            for p in _beneficiario(radice, cognome).findall("c:PrestazioniSociali", NS)]


# -- 1. citizenship -----------------------------------------------------------------------------------------------


def test_a_foreign_citizenship_is_coded_through_the_mapping_and_italian_stays_000(
        mondo, django_capture_on_commit_callbacks, client_per):
    w = mondo.a
    m = mondo_siuss(w)
    with ambito_scope(w.ambito):
        Beneficiario.objects.filter(pk=m.persone[1].pk).update(cittadinanza=" Marocchina ")
        Beneficiario.objects.filter(pk=m.persone[0].pk).update(cittadinanza="Italiana")
    rifiutato = produci(w, django_capture_on_commit_callbacks, codice="siuss", formato="xml", periodo=1)
    assert rifiutato.job.stato == StatoJob.FALLITO
    cittadinanza = [a for a in rifiutato.anomalie if a["codice"] == "cittadinanza_non_mappata"]
    assert len(cittadinanza) == 1  # one citizenship, one finding (Bianchi has two events)
    assert "« Marocchina »" in cittadinanza[0]["messaggio"]
    link = cittadinanza[0]["url"]
    assert link.endswith("mappatura/nuova/?tipo_oggetto=misure.cittadinanza&chiave_oggetto=marocchina")

    pagina = client_per(w.operatore)
    modulo = pagina.get(link)
    assert modulo.status_code == 200
    assert 'value="misure.cittadinanza|marocchina" selected' in modulo.content.decode()
    dati = {"oggetto": "misure.cittadinanza|marocchina", "descrizione": "Cittadinanza marocchina",
            "codice_cittadinanza": "23"}
    sbagliato = pagina.post(link, dati)
    assert sbagliato.status_code == 400 and "tre cifre" in sbagliato.content.decode()
    assert pagina.post(link, {**dati, "codice_cittadinanza": "504"}).status_code == 302
    elenco = pagina.get(f"/a/{w.ambito.slug}/rendicontazione/mappatura/").content.decode()
    assert "Cittadinanza dei beneficiari: Marocchina" in elenco and "<td>504</td>" in elenco

    radice = _file_valido(produci(w, django_capture_on_commit_callbacks, codice="siuss", formato="xml", periodo=1))
    codici = {cognome: _beneficiario(radice, cognome).find("c:Anagrafica", NS).get("CodiceCittadinanza")
              for cognome in ("Rossi", "Bianchi")}
    assert codici == {"Rossi": "380", "Bianchi": "504"}


def test_the_citizenship_code_is_three_digits_and_the_choices_are_the_ambitos_citizenships(mondo):
    a, b = mondo.a, mondo.b
    ma = mondo_siuss(a)
    mb = mondo_siuss(b)
    with ambito_scope(a.ambito):
        Beneficiario.objects.filter(pk=ma.persone[1].pk).update(cittadinanza="Albanese")
    with ambito_scope(b.ambito):
        Beneficiario.objects.filter(pk=mb.persone[1].pk).update(cittadinanza="Peruviana")
    with ambito_scope(a.ambito, actor=a.operatore):
        scelte = dict(VoceMappaturaForm(ambito=a.ambito).fields["oggetto"].choices)
        assert "misure.cittadinanza|albanese" in scelte
        assert "misure.cittadinanza|peruviana" not in scelte  # another Ambito's beneficiaries
        assert "misure.cittadinanza|italiana" not in scelte  # 000 without a mapping
        for codice in ("23", "ABC", "2350"):
            with pytest.raises(RegolaViolata) as errore:
                services.voce_mappatura_create(ambito=a.ambito, actor=a.operatore, tipo_oggetto="misure.cittadinanza",
                                               chiave_oggetto="albanese", descrizione="Albania",
                                               codice_cittadinanza=codice)
            assert errore.value.campo == "codice_cittadinanza"
        with pytest.raises(RegolaViolata):  # not a citizenship of this Ambito
            services.voce_mappatura_create(ambito=a.ambito, actor=a.operatore, tipo_oggetto="misure.cittadinanza",
                                           chiave_oggetto="peruviana", descrizione="Perù", codice_cittadinanza="615")
        voce = services.voce_mappatura_create(ambito=a.ambito, actor=a.operatore, tipo_oggetto="misure.cittadinanza",
                                              chiave_oggetto="albanese", descrizione="Albania",
                                              codice_cittadinanza="201")
        assert voce.history.count() == 1


# -- 2. area reddituale --------------------------------------------------------------------------------------------


def test_the_recorded_income_area_is_written_and_a_missing_one_is_a_warning(
        mondo, django_capture_on_commit_callbacks, client_per):
    w = mondo.a
    m = mondo_siuss(w)
    rossi, bianchi = (p.domanda for p in m.piani)
    primo = produci(w, django_capture_on_commit_callbacks, codice="siuss", formato="xml", periodo=1)
    radice = _file_valido(primo)  # warnings do not stop the file
    assert {s["AreaReddituale"] for s in _sina(radice, "Rossi")} == {"3"}  # derived: granted on an ISEE
    avvisi = [a for a in primo.anomalie if a["codice"] == "area_reddituale_mancante"]
    assert len(avvisi) == 2 and {a["gravita"] for a in avvisi} == {"avviso"}  # one per benefit (six events)
    assert {a["url"] for a in avvisi} == {f"/a/{w.ambito.slug}/misure/domande/{d.pk}/" for d in (rossi, bianchi)}

    # The office records a new assessment of Rossi with the income area: the page, then the API and the detail.
    pagina = client_per(w.operatore)
    nuova = f"/a/{w.ambito.slug}/misure/domande/{rossi.pk}/valutazioni/nuova/"
    dati = {"strumento": "svama", "punteggio": "12", "data": "20/01/2025", "uvm_asst": "on", "sina_mobilita": "2",
            "sina_attivita_quotidiane": "4", "sina_disturbi_cognitivi": "1", "sina_bisogni_sanitari": "3",
            "sina_rete_supporto": "2"}
    assert pagina.post(nuova, {**dati, "sina_area_reddituale": "4"}).status_code == 400
    assert pagina.post(nuova, {**dati, "sina_area_reddituale": "2"}).status_code == 302
    scheda = pagina.get(f"/a/{w.ambito.slug}/misure/domande/{rossi.pk}/").content.decode()
    assert "Riceve aiuto da parenti e/o da altre persone" in scheda
    api = f"/api/v1/a/{w.ambito.slug}/misure/domande/{bianchi.pk}/valutazioni/"
    assert pagina.post(api, {"strumento": "adl", "punteggio": "3", "data": "2025-01-20", "sina_area_reddituale": "9"},
                       content_type="application/json").status_code == 400
    letta = pagina.get(f"/api/v1/a/{w.ambito.slug}/misure/domande/{rossi.pk}/valutazioni/").json()
    assert letta[0]["dati_sensibili"]["sina_area_reddituale"] == "2"

    secondo = produci(w, django_capture_on_commit_callbacks, codice="siuss", formato="xml", periodo=1)
    radice = _file_valido(secondo)
    assert {s["AreaReddituale"] for s in _sina(radice, "Rossi")} == {"2"}
    avvisi = [a for a in secondo.anomalie if a["codice"] == "area_reddituale_mancante"]
    assert len(avvisi) == 1 and str(bianchi.pk) in avvisi[0]["url"]  # only Bianchi's benefit now


# -- 3. InvCiv -----------------------------------------------------------------------------------------------------


def _certificazione(w, persona, tipo: str, data: dt.date, percentuale: int | None = None) -> Certificazione:
    return Certificazione.objects.create(ambito=w.ambito, beneficiario=persona, tipo_certificazione=tipo,
                                         percentuale_invalidita=percentuale, data=data)


def test_the_civil_invalidity_codes_come_from_the_certifications_dated_by_each_event(
        mondo, django_capture_on_commit_callbacks):
    w = mondo.a
    m = mondo_siuss(w)
    rossi, bianchi = m.persone
    with ambito_scope(w.ambito):
        _certificazione(w, rossi, "invalidita", dt.date(2024, 12, 20), 100)
        _certificazione(w, rossi, "accompagnamento", dt.date(2025, 2, 15))  # from March on: 100% with it → 2
        _certificazione(w, rossi, "l104_c3", dt.date(2024, 6, 1))
        sensoriale = _certificazione(w, rossi, "sensoriale", dt.date(2024, 6, 1))  # no code of its own
        _certificazione(w, rossi, "npi", dt.date(2025, 12, 1))  # after every event: not written
        _certificazione(w, bianchi, "invalidita", dt.date(2024, 3, 1), 60)  # the latest one counts
        _certificazione(w, bianchi, "invalidita", dt.date(2025, 1, 1), 80)
        _certificazione(w, bianchi, "l104_c1", dt.date(2025, 1, 1))
    radice = _file_valido(produci(w, django_capture_on_commit_callbacks, codice="siuss", formato="xml", periodo=1))
    # Rossi: January and February payments, March cancelled, the end dated 1 March.
    assert _invciv(radice, "Rossi") == [("3", "6"), ("3", "6"), ("2", "6"), ("2", "6")]
    assert _invciv(radice, "Bianchi") == [("1", "5"), ("1", "5")]
    assert {s.get("FonteDerivazioneInvalidita") for s in _sina(radice, "Rossi") + _sina(radice, "Bianchi")} == {"1"}

    with scopes_disabled():
        letture = AccessoDatiSensibili.objects.filter(ambito=w.ambito, content_type__model="certificazione")
        # Six certifications up to the chunk's last event (not the sensory one nor the later NPI), read once (the
        # rows are checked on their way into the file).
        assert letture.count() == 6
        assert {tuple(lettura.campi) for lettura in letture} == {("tipo_certificazione", "percentuale_invalidita")}
        assert {lettura.utente for lettura in letture} == {w.operatore}
        assert not letture.filter(object_id=str(sensoriale.pk)).exists()

    righe = righe_csv(contenuto(produci(w, django_capture_on_commit_callbacks, codice="siuss", formato="csv",
                                        periodo=1)))
    assert sorted(r["sina_invalidita_civile"] for r in righe) == ["1 5", "1 5", "2 6", "2 6", "3 6", "3 6"]


def test_without_certifications_no_invalidity_block_is_written(mondo, django_capture_on_commit_callbacks):
    w = mondo.a
    mondo_siuss(w)
    radice = _file_valido(produci(w, django_capture_on_commit_callbacks, codice="siuss", formato="xml", periodo=1))
    assert _invciv(radice, "Rossi") == [()] * 4
    assert all("FonteDerivazioneInvalidita" not in s for s in _sina(radice, "Rossi"))


# -- 4. the outbox marked sent --------------------------------------------------------------------------------------


def _inviati(w) -> dict[str, dt.datetime | None]:
    with ambito_scope(w.ambito):
        return dict(EventoSIUSS.objects.filter(ambito=w.ambito).values_list("chiave", "inviato_il"))


def test_submitting_the_quarters_file_marks_its_events_sent_with_their_history(
        mondo, django_capture_on_commit_callbacks, client_per):
    w = mondo.a
    m = mondo_siuss(w)
    invio = produci(w, django_capture_on_commit_callbacks, codice="siuss", formato="xml", periodo=1)
    _file_valido(invio)
    with ambito_scope(w.ambito, actor=w.operatore):
        piano = m.piani[1]
        # Written after the file was produced (not in it) and an event of the next quarter: both stay unsent.
        for chiave, data in (("tardivo", dt.date(2025, 3, 20)), ("aprile", dt.date(2025, 4, 2))):
            EventoSIUSS.objects.create(ambito=w.ambito, tipo="sospensione", chiave=chiave, piano=piano,
                                       beneficiario=piano.beneficiario, data=data, dati={"dal": data.isoformat()})
    pagina = client_per(w.operatore)
    siuss = f"/a/{w.ambito.slug}/rendicontazione/siuss/"
    prima = pagina.get(siuss).content.decode()
    assert "1° trimestre 2025</td><td class=\"text-end\">7</td><td class=\"text-end\"><strong>7</strong>" in prima
    assert pagina.post(f"/a/{w.ambito.slug}/rendicontazione/invii/{invio.pk}/inviato/",
                       {"inviato_il": oggi().strftime("%d/%m/%Y"), "protocollo": "INPS-2025-77"}).status_code == 302
    inviati = _inviati(w)
    assert {k for k, v in inviati.items() if v is None} == {"tardivo", "aprile"}
    assert len([v for v in inviati.values() if v is not None]) == 6
    with ambito_scope(w.ambito):
        storia = EventoSIUSS.history.filter(ambito=w.ambito, history_type="~")
        assert storia.count() == 6 and {s.history_user for s in storia} == {w.operatore}
        assert all("INPS-2025-77" in s.history_change_reason for s in storia)
    dopo = pagina.get(siuss).content.decode()
    assert "1° trimestre 2025</td><td class=\"text-end\">7</td><td class=\"text-end\"><strong>1</strong>" in dopo
    assert "2° trimestre 2025</td><td class=\"text-end\">1</td><td class=\"text-end\"><strong>1</strong>" in dopo


def test_a_waas_pull_marks_the_events_of_the_flows_it_hands_over(mondo, client):
    w = mondo.a
    mondo_siuss(w)
    primi = chiama(client, w, "flussi?since=0&limit=2").json()["elenco_flussi"]
    assert len(primi) == 2
    inviati = _inviati(w)
    assert len([v for v in inviati.values() if v is not None]) == 2
    with ambito_scope(w.ambito):
        storia = list(EventoSIUSS.history.filter(ambito=w.ambito, history_type="~"))
    assert len(storia) == 2 and {s.history_user for s in storia} == {None}
    assert {s.history_change_reason for s in storia} == {"Consegnato all'INPS (WaaS)"}
    tutti_i_flussi(client, w, limite=100)  # the rest, and the cancellation of the payment undone afterwards
    dopo = _inviati(w)
    assert None not in dopo.values()
    assert {k: v for k, v in dopo.items() if k in {k for k, v in inviati.items() if v}} == {
        k: v for k, v in inviati.items() if v}  # the first hand-over's date stays
    with ambito_scope(w.ambito):
        assert EventoSIUSS.history.filter(ambito=w.ambito, history_type="~").count() == 6


# -- 5. outcomes for unknown flows ----------------------------------------------------------------------------------


def test_an_outcome_for_an_unknown_flow_is_answered_204_stored_once_and_listed(mondo, client, client_per):
    a, b = mondo.a, mondo.b
    mondo_siuss(a)
    mondo_siuss(b)
    esito = {"id_flusso": "ZZZ.PS.20250402.0000099", "tipo": "PS_PSA_SINA", "ts_flusso": "2025-04-01T08:00:00Z",
             "ts_acquisizione": "2025-04-02T10:00:00.000Z", "codice_esito": "RICHIESTA_INVALIDA",
             "descrizione_esito": "Flusso sconosciuto all'ente"}
    for _volta in range(2):  # INPS retries: stored once
        risposta = chiama(client, a, "esiti", metodo="post", data=json.dumps({"elenco_esiti": [esito]}),
                          content_type="application/json")
        assert risposta.status_code == 204 and risposta.content == b""
    with scopes_disabled():
        (riga,) = EsitoWaaSNonAbbinato.objects.all()
    assert riga.ambito == a.ambito and riga.id_flusso == esito["id_flusso"]
    assert (riga.tipo, riga.codice_esito, riga.descrizione_esito) == ("PS_PSA_SINA", "RICHIESTA_INVALIDA",
                                                                      "Flusso sconosciuto all'ente")
    assert riga.ts_flusso == dt.datetime(2025, 4, 1, 8, tzinfo=dt.UTC)
    assert riga.ts_acquisizione == dt.datetime(2025, 4, 2, 10, tzinfo=dt.UTC)

    pagina_a = client_per(a.operatore).get(f"/a/{a.ambito.slug}/rendicontazione/siuss/").content.decode()
    assert "Esiti non abbinati" in pagina_a and esito["id_flusso"] in pagina_a
    assert "02/04/2025" in pagina_a
    pagina_b = client_per(b.operatore).get(f"/a/{b.ambito.slug}/rendicontazione/siuss/")
    assert pagina_b.status_code == 200 and esito["id_flusso"] not in pagina_b.content.decode()
    # The page is the office's: another Ambito's user gets 404, a member without the capability 403.
    assert client_per(b.operatore).get(f"/a/{a.ambito.slug}/rendicontazione/siuss/").status_code == 404
    assert client_per(a.sindaco).get(f"/a/{a.ambito.slug}/rendicontazione/siuss/").status_code == 403
    # An id longer than the table keeps: 400 problem+json, nothing stored.
    lungo = chiama(client, a, "esiti", metodo="post", content_type="application/json",
                   data=json.dumps({"elenco_esiti": [{**esito, "id_flusso": "X" * 251}]}))
    assert lungo.status_code == 400
    with scopes_disabled():
        assert EsitoWaaSNonAbbinato.objects.count() == 1


def test_the_certifications_are_read_once_per_chunk_whatever_the_events(mondo):
    """With certifications too, building the records takes the same queries when the events double."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from misure.selectors import siuss as misure_siuss
    from rendicontazione.ritorni.siuss import Costruttore

    w = mondo.a
    m = mondo_siuss(w)
    with ambito_scope(w.ambito):
        for persona in m.persone:
            _certificazione(w, persona, "l104_c3", dt.date(2024, 6, 1))

    def conta() -> tuple[int, int]:
        with ambito_scope(w.ambito, actor=w.operatore), CaptureQueriesContext(connection) as catturate:
            costruttore = Costruttore(ambito=w.ambito, utente=w.operatore)
            righe = misure_siuss.eventi_siuss(ambito=w.ambito, dal=dt.date(2025, 1, 1), al=dt.date(2025, 12, 31))
            records = [r for r, _anomalie in costruttore.records(righe)]
        assert {r["sina_invalidita_civile"] for r in records} == {"6"}
        return len(records), len(catturate)

    conta()  # the per-process ContentType cache
    prima = conta()
    with ambito_scope(w.ambito):
        for evento in m.eventi:
            EventoSIUSS.objects.create(ambito=w.ambito, tipo=evento.tipo, chiave=evento.chiave + "-bis",
                                       beneficiario=evento.beneficiario, piano=evento.piano, data=evento.data,
                                       dati=evento.dati)
    dopo = conta()
    assert (prima[0], dopo[0]) == (6, 12) and dopo[1] == prima[1]
