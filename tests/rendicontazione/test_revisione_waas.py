"""Review of issue 20 — the WaaS pull API against the INPS OpenAPI file, where the existing tests leave a gap:
the schema's formats (``date-time``, ``byte``) are checked too (jsonschema ignores formats unless asked), INPS's
incremental pull (``since`` = the last flow it took) reaches an event fixed after that flow was taken, and a
request without ``limit`` gets the spec's default of 10 entries."""

from __future__ import annotations

import base64
import binascii

import pytest
from django_scopes import scopes_disabled
from jsonschema import Draft4Validator, FormatChecker
from lxml import etree

from ambito.tenancy import ambito_scope
from misure.models import AttestazioneISEE, EventoSIUSS
from rendicontazione.codici import CARTELLA_SIUSS
from rendicontazione.models import FlussoWaaS
from rendicontazione.siuss import NAMESPACE, valida_xsd
from tests.rendicontazione.siuss_mondo import mondo_siuss
from tests.rendicontazione.test_waas import SPEC, _risolvi, chiama, ts_ms, xml_di

pytestmark = pytest.mark.django_db
NS = {"c": NAMESPACE}

FORMATI = FormatChecker()


@FORMATI.checks("byte", raises=(binascii.Error, ValueError))
def _base64(valore: object) -> bool:
    return not isinstance(valore, str) or base64.b64encode(base64.b64decode(valore, validate=True)).decode() == valore


def conforme_con_formati(nome: str, dati: object) -> None:
    validatore = Draft4Validator(_risolvi(SPEC["components"]["schemas"][nome]), format_checker=FORMATI)
    errori = [e.message for e in validatore.iter_errors(dati)]
    assert not errori, errori


@pytest.fixture(autouse=True)
def xsd(settings):
    settings.RENDICONTAZIONE_SIUSS_XSD_DIR = str(CARTELLA_SIUSS)


def pagina(client, w, since: int, limite: int | None = 100) -> list[dict]:
    query = f"flussi?since={since}" + (f"&limit={limite}" if limite is not None else "")
    risposta = chiama(client, w, query)
    assert risposta.status_code == 200, risposta.content
    corpo = risposta.json()
    conforme_con_formati("Entries", corpo)
    return corpo["elenco_flussi"]


def cognome(flusso: dict) -> str:
    return etree.fromstring(xml_di(flusso)).find("c:Beneficiario/c:Anagrafica", NS).get("Cognome")


def test_the_formats_of_the_spec_hold_and_the_checker_would_see_a_broken_one(mondo, client):
    w = mondo.a
    mondo_siuss(w)
    flussi = pagina(client, w, 0)
    assert len(flussi) == 7 and all(f["ts_flusso"].endswith("Z") for f in flussi)
    guasto = {"elenco_flussi": [{**flussi[0], "ts_flusso": "27/11/2023 11:04"}]}
    with pytest.raises(AssertionError):
        conforme_con_formati("Entries", guasto)
    with pytest.raises(AssertionError):
        conforme_con_formati("Entries", {"elenco_flussi": [{**flussi[0], "flusso": "non è base64!"}]})


def test_an_event_fixed_after_inps_moved_on_reaches_its_next_incremental_pull(mondo, client):
    """Bianchi has no DSU: her two events wait, discarded, while INPS takes Rossi's flows and moves ``since``
    past them. Once her attestation is recorded, the next pull *from that since* carries her two flows."""
    w = mondo.a
    m = mondo_siuss(w, con_isee=False)
    presi = pagina(client, w, 0)
    assert {cognome(f) for f in presi} == {"Rossi"} and len(presi) == 5  # 4 events and the cancellation
    since = max(ts_ms(f["ts_flusso"]) for f in presi)
    assert pagina(client, w, since) == []
    with scopes_disabled():
        assert FlussoWaaS.objects.filter(ambito=w.ambito, stato="scartato").count() == 2
    with ambito_scope(w.ambito):
        AttestazioneISEE.objects.create(
            ambito=w.ambito, beneficiario=m.persone[1], tipo_isee="sociosanitario", valore_isee=9000,
            protocollo_dsu="INPS-ISEE-2025-00000001-00", anno_dsu=2025, rilasciata_il=m.piani[1].mese_inizio,
            scade_il=m.piani[1].mese_fine)
    nuovi = pagina(client, w, since)
    assert [cognome(f) for f in nuovi] == ["Bianchi", "Bianchi"]
    assert all(ts_ms(f["ts_flusso"]) > since for f in nuovi)
    assert all(valida_xsd(xml_di(f), cartella=CARTELLA_SIUSS) == [] for f in nuovi)
    assert not {f["id_flusso"] for f in nuovi} & {f["id_flusso"] for f in presi}
    with scopes_disabled():
        assert not FlussoWaaS.objects.filter(ambito=w.ambito, stato="scartato").exists()


def test_without_limit_a_pull_gets_the_specs_default_of_ten(mondo, client):
    w = mondo.a
    m = mondo_siuss(w)
    with ambito_scope(w.ambito):  # the same events again: 12 events, and the cancellation
        for evento in m.eventi:
            EventoSIUSS.objects.create(ambito=w.ambito, tipo=evento.tipo, chiave=evento.chiave + "-bis",
                                       beneficiario=evento.beneficiario, piano=evento.piano, data=evento.data,
                                       dati=evento.dati)
    prima = pagina(client, w, 0, limite=None)
    assert len(prima) == 10
    resto = pagina(client, w, ts_ms(prima[-1]["ts_flusso"]), limite=None)
    assert 0 < len(resto) < 10
    assert len({f["id_flusso"] for f in prima + resto}) == len(prima) + len(resto)
