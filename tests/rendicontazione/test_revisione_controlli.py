"""Review of issue 20 — the checks the code claims and no test caught: a DSU protocol longer than SIUSS allows, a
citizenship without a SIUSS code, a configured schema folder without the schema, findings beyond the listed ones
(counted, not lost), a period or year out of range; and the WaaS pull when the schema is missing (the spec's 500 is
problem+json)."""

from __future__ import annotations

import pytest
from django.test import Client
from django_scopes import scopes_disabled

from ambito.errors import RegolaViolata
from ambito.jobs.models import StatoJob
from ambito.tenancy import ambito_scope
from misure.models import AttestazioneISEE, Beneficiario
from rendicontazione import registry, services
from rendicontazione.codici import CARTELLA_SIUSS
from rendicontazione.models import EsitoControlli
from tests.rendicontazione.helpers import fondo_poverta, produci
from tests.rendicontazione.siuss_mondo import mondo_siuss, token_di
from tests.rendicontazione.test_waas import BASE

pytestmark = pytest.mark.django_db


def siuss(w, capture, formato: str = "xml"):
    return produci(w, capture, codice="siuss", formato=formato, periodo=1)


def test_a_dsu_protocol_too_long_and_a_foreign_citizenship_stop_the_siuss_file_with_their_links(
        mondo, django_capture_on_commit_callbacks, settings):
    settings.RENDICONTAZIONE_SIUSS_XSD_DIR = str(CARTELLA_SIUSS)
    w = mondo.a
    m = mondo_siuss(w)
    rossi, bianchi = m.persone
    with ambito_scope(w.ambito):
        AttestazioneISEE.objects.filter(beneficiario=rossi).update(protocollo_dsu="INPS-ISEE-2025-000000000000000-00")
        Beneficiario.objects.filter(pk=bianchi.pk).update(cittadinanza="marocchina")
    invio = siuss(w, django_capture_on_commit_callbacks)
    assert invio.job.stato == StatoJob.FALLITO and not invio.job.risultato
    assert invio.esito_controlli == EsitoControlli.NON_SUPERATI
    dsu = [a for a in invio.anomalie if a["codice"] == "dsu_non_valido"]
    # One finding for Rossi's benefit (four events), at its first line.
    assert len(dsu) == 1 and f"/beneficiari/{rossi.pk}/" in dsu[0]["url"] and dsu[0]["riga"] == 1
    cittadinanza = [a for a in invio.anomalie if a["campo"] == "cittadinanza" and a["gravita"] == "errore"
                    and "«marocchina»" in a["messaggio"]]
    assert cittadinanza, invio.anomalie  # named with its value (its link: the person, or the code's mapping)


def test_a_schema_folder_without_the_schema_fails_the_job_and_offers_no_file(
        mondo, django_capture_on_commit_callbacks, settings, tmp_path):
    settings.RENDICONTAZIONE_SIUSS_XSD_DIR = str(tmp_path)  # set, but the operator's copy is missing
    w = mondo.a
    mondo_siuss(w)
    invio = siuss(w, django_capture_on_commit_callbacks)
    assert invio.job.stato == StatoJob.FALLITO and not invio.job.risultato
    assert "Lo schema SIUSS non si trova" in invio.job.errore


def test_the_waas_pull_without_its_schema_answers_500_problem_json(mondo, settings, tmp_path):
    settings.RENDICONTAZIONE_SIUSS_XSD_DIR = str(tmp_path)
    w = mondo.a
    mondo_siuss(w)
    risposta = Client(raise_request_exception=False).get(BASE + "flussi?since=0",
                                                          HTTP_AUTHORIZATION=f"Bearer {token_di(w)}")
    assert risposta.status_code == 500
    assert risposta["Content-Type"].startswith("application/problem+json"), risposta["Content-Type"]
    assert risposta.json()["status"] == 500


def test_findings_beyond_those_listed_are_counted_in_one_more(mondo, django_capture_on_commit_callbacks,
                                                               monkeypatch):
    """Generic cap (``registry.ANOMALIE_ELENCATE``): two unmapped quote, one listed, one counted."""
    monkeypatch.setattr(registry, "ANOMALIE_ELENCATE", 1)
    w = mondo.a
    fondo_poverta(w)
    invio = produci(w, django_capture_on_commit_callbacks)
    elencata, altre = invio.anomalie
    assert (elencata["codice"], elencata["campo"]) == ("obbligatorio", "intervento")
    assert altre["codice"] == "altri_errori" and "Un altro errore non elencato" in altre["messaggio"]
    assert invio.job.stato == StatoJob.FALLITO


def test_siuss_lists_each_kind_of_problem_up_to_its_cap_and_counts_the_rest(
        mondo, django_capture_on_commit_callbacks, monkeypatch, settings):
    """SIUSS keeps its own cap per kind (``MASSIMO_PER_CODICE``) and names an unmapped strumento once."""
    from rendicontazione.ritorni import siuss as ritorno_siuss

    settings.RENDICONTAZIONE_SIUSS_XSD_DIR = ""
    w = mondo.a
    mondo_siuss(w, con_sina=False)  # two benefits of area 2 (six events) without an assessment
    tutte = siuss(w, django_capture_on_commit_callbacks).anomalie
    assert [a["codice"] for a in tutte].count("sina_mancante") == 2  # one per benefit, not one per event
    monkeypatch.setattr(ritorno_siuss, "MASSIMO_PER_CODICE", 1)
    invio = siuss(w, django_capture_on_commit_callbacks)
    sina = [a for a in invio.anomalie if a["codice"] == "sina_mancante"]
    assert len(sina) == 2 and "Un'altra riga con lo stesso problema" in sina[-1]["messaggio"]
    assert invio.job.stato == StatoJob.FALLITO


def test_a_period_or_a_year_out_of_range_is_refused_with_its_field(mondo):
    w = mondo.a
    with ambito_scope(w.ambito, actor=w.operatore):
        for anno, periodo, campo in ((2025, 5, "periodo"), (2025, 0, "periodo"), (1999, 1, "anno")):
            with pytest.raises(RegolaViolata) as errore:
                services.invio_create(ambito=w.ambito, actor=w.operatore, codice="siuss", anno=anno,
                                      periodo=periodo, formato="xml")
            assert errore.value.campo == campo
    with scopes_disabled():
        from rendicontazione.models import Invio

        assert not Invio.objects.filter(ambito=w.ambito).exists()


def test_an_oversized_outcomes_body_is_400_problem_json(mondo, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    w = mondo.a
    mondo_siuss(w)
    corpo = '{"elenco_esiti": [' + ",".join(['{"id_flusso": "x"}'] * 100) + "]}"
    risposta = Client(raise_request_exception=False).post(BASE + "esiti", data=corpo, content_type="application/json",
                                                          HTTP_AUTHORIZATION=f"Bearer {token_di(w)}")
    assert risposta.status_code == 400
    assert risposta["Content-Type"].startswith("application/problem+json")
