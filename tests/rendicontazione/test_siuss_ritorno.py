"""The SIUSS return: misure's outbox events of the period become PS/PSA/SINA records (payments, a cancellation, a
suspension, an end), with the DSU protocol and the SINA block read through the sensitive-read log; the pre-flight
lists each problem with its row and link; the file is validated against the XSD before it is offered."""

from __future__ import annotations

import datetime as dt

import pytest
from django_scopes import scopes_disabled
from lxml import etree

from ambito.audit.models import AccessoDatiSensibili
from ambito.jobs.models import StatoJob
from ambito.tenancy import ambito_scope
from misure.models import Beneficiario
from misure.selectors.siuss import CAMPI_SINA
from rendicontazione.codici import CARTELLA_SIUSS
from rendicontazione.models import EsitoControlli
from rendicontazione.siuss import NAMESPACE, valida_xsd
from tests.rendicontazione.helpers import contenuto, produci, righe_csv
from tests.rendicontazione.siuss_mondo import mondo_siuss

pytestmark = pytest.mark.django_db
NS = {"c": NAMESPACE}


@pytest.fixture(autouse=True)
def xsd(settings):
    settings.RENDICONTAZIONE_SIUSS_XSD_DIR = str(CARTELLA_SIUSS)


def _prestazioni(radice, cognome: str) -> list[dict[str, str]]:
    beneficiario = next(b for b in radice.findall("c:Beneficiario", NS)
                        if b.find("c:Anagrafica", NS).get("Cognome") == cognome)
    return [dict(p.attrib) | ({"SINA": dict(p.find("c:SINA", NS).attrib)} if p.find("c:SINA", NS) is not None else {})
            for p in beneficiario.findall("c:PrestazioniSociali", NS)]


def test_the_quarter_file_holds_every_event_and_validates_against_the_schema(mondo, django_capture_on_commit_callbacks,
                                                                             tmp_path):
    w = mondo.a
    m = mondo_siuss(w)
    invio = produci(w, django_capture_on_commit_callbacks, codice="siuss", formato="xml", periodo=1)
    assert invio.job.stato == StatoJob.COMPLETATO, (invio.job.errore, invio.anomalie)
    dati = contenuto(invio)
    percorso = tmp_path / "siuss.xml"
    percorso.write_bytes(dati)
    assert valida_xsd(percorso, cartella=CARTELLA_SIUSS) == []
    radice = etree.fromstring(dati)
    ente = radice.find("c:IdentificazioneFlusso/c:Ente", NS)
    assert ente.get("Indirizzo") == w.comuni[0].codice_catastale and ente.get("CFOperatore") == "RSSMRA80A01E648X"
    assert len(radice.findall("c:Beneficiario", NS)) == 2

    rossi = _prestazioni(radice, "Rossi")
    assert [(p["TipoOperazione"], p["DataInizioPrestazione"], p["DataFinePrestazione"]) for p in rossi] == [
        ("I", "2025-01-01", "2025-01-31"), ("I", "2025-02-01", "2025-02-28"),
        ("C", "2025-03-01", "2025-03-31"),  # March wholly undone by the death: cancelled
        ("I", "2025-01-01", "2025-02-28"),  # the end: the benefit ran until the day before the death
    ]
    gennaio = rossi[0]
    assert gennaio["CodicePrestazione"] == "A1.09" and gennaio["AreaUtenza"] == "2"
    assert gennaio["ImportoPrestazione"] == "100.00" and gennaio["ImportoQuotaEnte"] == "100.00"
    assert gennaio["PresenzaProvaMezzi"] == "1" and gennaio["NumeroProtocolloDSU"] == "INPS-ISEE-2025-00000000-00"
    assert gennaio["AnnoProtocolloDSU"] == "2025" and gennaio["DataDSU"] == "2025-01-10"
    assert gennaio["ProtocolloDomanda"] == f"{m.piani[0].domanda.protocollo_numero}/2025"
    # SINA from the UVM assessment with SVAMA: mobility 2→2, daily activities 4→3, cognition 1 → absent,
    # health needs 3→3, support network 2→2.
    assert gennaio["SINA"] == {"Mobilita": "2", "AttivitaVitaQuotidiana": "3", "DisturbiComportamentali": "1",
                               "NecessitaCureSanitarie": "3", "AreaReddituale": "3", "AreaSupporto": "2",
                               "FonteDerivazioneValutazione": "1", "StrumentoValutazione": "1"}
    bianchi = _prestazioni(radice, "Bianchi")
    assert [(p["TipoOperazione"], p.get("DataFinePrestazione")) for p in bianchi] == [
        ("I", "2025-01-31"), ("I", "2025-02-09")]  # the suspension from 10 February interrupts the benefit
    sina = bianchi[1]["SINA"]
    assert sina["StrumentoValutazione"] == "7" and sina["FonteDerivazioneValutazione"] == "2"
    assert sina["DisturbiAreaCognitiva"] == "2" and sina["AreaSupporto"] == "3"

    with scopes_disabled():
        letture = AccessoDatiSensibili.objects.filter(ambito=w.ambito, contesto="debito informativo SIUSS (INPS)")
        # Two people's ISEE and assessments, each read once (the rows are checked on their way into the file).
        assert letture.count() == 4
        assert sorted(letture.values_list("campi", flat=True)) == sorted(
            [["protocollo_dsu", "anno_dsu"]] * 2 + [list(CAMPI_SINA)] * 2)
        assert set(letture.values_list("utente_email", flat=True)) == {w.operatore.email}


def test_the_csv_of_the_period_has_one_row_per_event(mondo, django_capture_on_commit_callbacks):
    w = mondo.a
    mondo_siuss(w)
    invio = produci(w, django_capture_on_commit_callbacks, codice="siuss", formato="csv", periodo=1)
    assert invio.job.stato == StatoJob.COMPLETATO, invio.anomalie
    righe = righe_csv(contenuto(invio))
    assert len(righe) == 6
    assert sorted(r["tipo_operazione"] for r in righe) == ["C", "I", "I", "I", "I", "I"]
    # The second quarter has no events.
    vuoto = produci(w, django_capture_on_commit_callbacks, codice="siuss", formato="csv", periodo=2)
    assert righe_csv(contenuto(vuoto)) == []


def test_the_preflight_lists_each_problem_with_its_row_and_link(mondo, django_capture_on_commit_callbacks):
    w = mondo.a
    mondo_siuss(w, con_isee=False, con_sina=False, mappato=False, configurato=False)
    invio = produci(w, django_capture_on_commit_callbacks, codice="siuss", formato="xml", periodo=1)
    assert invio.job.stato == StatoJob.FALLITO and invio.esito_controlli == EsitoControlli.NON_SUPERATI
    assert not invio.job.risultato
    codici = {a["codice"] for a in invio.anomalie}
    assert {"strumento_non_mappato", "dsu_mancante", "configurazione_mancante"} <= codici
    non_mappato = [a for a in invio.anomalie if a["codice"] == "strumento_non_mappato"]
    assert len(non_mappato) == 1  # one strumento, one problem (not one per row)
    assert "mappatura/nuova/?tipo_oggetto=misure.strumento&chiave_oggetto=" in non_mappato[0]["url"]
    dsu = [a for a in invio.anomalie if a["codice"] == "dsu_mancante"]
    # One finding for Bianchi's benefit (two events), at the line of its first event.
    assert len(dsu) == 1 and "/beneficiari/" in dsu[0]["url"] and dsu[0]["riga"] == 5

    # Mapped on area 2 (non-self-sufficiency) without assessments: the SINA block is missing on every row.
    from tests.rendicontazione.siuss_mondo import configura, mappa_strumento

    mappa_strumento(w, _strumento(w))
    configura(w)
    di_nuovo = produci(w, django_capture_on_commit_callbacks, codice="siuss", formato="xml", periodo=1)
    codici = [a["codice"] for a in di_nuovo.anomalie]
    assert codici.count("sina_mancante") == 2 and "strumento_non_mappato" not in codici  # one per benefit
    assert all("/domande/" in a["url"] for a in di_nuovo.anomalie if a["codice"] == "sina_mancante")


def _strumento(w) -> int:
    from misure.models import Strumento

    with ambito_scope(w.ambito):
        return Strumento.objects.filter(ambito=w.ambito, codice="caregiver").values_list("pk", flat=True).first()


def test_a_file_invalid_against_the_schema_is_not_offered_and_its_errors_are_listed(
        mondo, django_capture_on_commit_callbacks):
    w = mondo.a
    m = mondo_siuss(w)
    with ambito_scope(w.ambito):  # a registry value the checks do not know and the schema refuses
        Beneficiario.objects.filter(pk=m.persone[0].pk).update(luogo_nascita_belfiore="E64")
    invio = produci(w, django_capture_on_commit_callbacks, codice="siuss", formato="xml", periodo=1)
    assert invio.job.stato == StatoJob.FALLITO and not invio.job.risultato
    assert "Controlli non superati: 1 errore." in invio.job.errore
    assert invio.esito_controlli == EsitoControlli.NON_SUPERATI
    assert any(a["codice"] == "xsd" and "LuogoNascita" in a["messaggio"] for a in invio.anomalie)


def test_without_the_schema_folder_the_file_is_offered_unchecked(mondo, django_capture_on_commit_callbacks,
                                                                 settings):
    settings.RENDICONTAZIONE_SIUSS_XSD_DIR = ""
    w = mondo.a
    mondo_siuss(w)
    invio = produci(w, django_capture_on_commit_callbacks, codice="siuss", formato="xml", periodo=1)
    assert invio.job.stato == StatoJob.COMPLETATO
    assert contenuto(invio).startswith(b"<?xml")


def test_building_the_records_takes_the_same_queries_when_the_events_double(mondo):
    """One query for the events, then per chunk one for the ISEE attestations, one for the assessments and the two
    sensitive-read log inserts: never one per row."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from misure.models import EventoSIUSS
    from misure.selectors import siuss as misure_siuss
    from rendicontazione.ritorni.siuss import Costruttore

    w = mondo.a
    m = mondo_siuss(w)

    def conta() -> tuple[int, int]:
        with ambito_scope(w.ambito, actor=w.operatore), CaptureQueriesContext(connection) as catturate:
            costruttore = Costruttore(ambito=w.ambito, utente=w.operatore)
            righe = misure_siuss.eventi_siuss(ambito=w.ambito, dal=dt.date(2025, 1, 1), al=dt.date(2025, 12, 31))
            records = list(costruttore.records(righe))
        return len(records), len(catturate)

    conta()  # warms the per-process ContentType cache: alone (or first on its worker) the test counted it too
    righe_prima, query_prima = conta()
    with ambito_scope(w.ambito):
        for evento in m.eventi:
            EventoSIUSS.objects.create(ambito=w.ambito, tipo=evento.tipo, chiave=evento.chiave + "-bis",
                                       beneficiario=evento.beneficiario, piano=evento.piano, data=evento.data,
                                       dati=evento.dati)
    righe_dopo, query_dopo = conta()
    assert (righe_prima, righe_dopo) == (6, 12)
    assert query_dopo == query_prima
