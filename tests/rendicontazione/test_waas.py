"""The WaaS pull API against its OpenAPI file (rendicontazione/dati/siuss/api-comuni.yaml): status codes and shapes,
``since`` paging over flows written in the same instant, base64 single-record flows that validate against the XSD,
outcomes stored per flow and shown on the beneficiary's SIUSS page, 401 problem+json for a missing, wrong or
expired credential, and another Ambito's flows never returned nor touched."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest
import yaml
from django_scopes import scopes_disabled
from jsonschema import Draft4Validator
from lxml import etree

from ambito.audit.models import AccessoDatiSensibili
from ambito.tenancy import ambito_scope
from rendicontazione.codici import CARTELLA_SIUSS
from rendicontazione.models import ConfigurazioneWaaS, FlussoWaaS
from rendicontazione.siuss import NAMESPACE, valida_xsd
from tests.rendicontazione.siuss_mondo import mappa_strumento, mondo_siuss, token_di

pytestmark = pytest.mark.django_db
BASE = "/api/esterne/rendicontazione/waas/v1/"
NS = {"c": NAMESPACE}
SPEC = yaml.safe_load((CARTELLA_SIUSS / "api-comuni.yaml").read_text(encoding="utf-8"))


def _risolvi(nodo: Any) -> Any:
    """The spec's component schema with its ``$ref``s inlined (OpenAPI 3.0 schemas are draft-4 JSON Schema)."""
    if isinstance(nodo, dict):
        if "$ref" in nodo:
            return _risolvi(SPEC["components"]["schemas"][nodo["$ref"].rsplit("/", 1)[1]])
        return {k: _risolvi(v) for k, v in nodo.items() if k not in ("example", "xml")}
    if isinstance(nodo, list):
        return [_risolvi(v) for v in nodo]
    return nodo


def conforme(nome: str, dati: Any) -> None:
    errori = [e.message for e in Draft4Validator(_risolvi(SPEC["components"]["schemas"][nome])).iter_errors(dati)]
    assert not errori, errori


def problema(risposta, status: int) -> dict:
    assert risposta.status_code == status, risposta.content
    assert risposta["Content-Type"].startswith("application/problem+json")
    corpo = risposta.json()
    conforme("Problem", corpo)
    assert corpo["status"] == status
    return corpo


@pytest.fixture(autouse=True)
def xsd(settings):
    settings.RENDICONTAZIONE_SIUSS_XSD_DIR = str(CARTELLA_SIUSS)


def chiama(client, w, percorso: str, *, token: str | None = None, metodo: str = "get", **kwargs):
    intestazioni = {"HTTP_AUTHORIZATION": f"Bearer {token if token is not None else token_di(w)}"}
    return getattr(client, metodo)(BASE + percorso, **kwargs, **intestazioni)


def tutti_i_flussi(client, w, *, limite: int = 2) -> list[dict]:
    raccolti, since = [], 0
    for _pagina in range(20):
        risposta = chiama(client, w, f"flussi?since={since}&limit={limite}")
        assert risposta.status_code == 200 and risposta["Content-Type"] == "application/json"
        corpo = risposta.json()
        conforme("Entries", corpo)
        if not corpo["elenco_flussi"]:
            return raccolti
        assert len(corpo["elenco_flussi"]) <= limite
        raccolti += corpo["elenco_flussi"]
        since = ts_ms(corpo["elenco_flussi"][-1]["ts_flusso"])
    raise AssertionError("paging never ended")


def ts_ms(iso: str) -> int:
    import datetime as dt

    return int(dt.datetime.fromisoformat(iso.replace("Z", "+00:00")).timestamp() * 1000)


def xml_di(flusso: dict) -> bytes:
    return base64.b64decode(flusso["flusso"], validate=True)


def test_inps_pages_through_every_flow_each_one_beneficiary_and_one_benefit(mondo, client):
    w = mondo.a
    m = mondo_siuss(w)
    flussi = tutti_i_flussi(client, w)
    # 6 outbox events (written in the same instant), then the cancellation of the payment undone afterwards.
    assert len(flussi) == 7
    assert [ts_ms(f["ts_flusso"]) for f in flussi] == sorted({ts_ms(f["ts_flusso"]) for f in flussi})
    assert len({f["id_flusso"] for f in flussi}) == 7
    for f in flussi:
        assert f["tipo"] == "PS_PSA_SINA" and f["codice_ente"] == w.comuni[0].codice_catastale
        dati = xml_di(f)
        assert valida_xsd(dati, cartella=CARTELLA_SIUSS) == []
        radice = etree.fromstring(dati)
        assert len(radice.findall("c:Beneficiario", NS)) == 1
        assert len(radice.findall(".//c:PrestazioniSociali", NS)) == 1
        assert radice.find("c:IdentificazioneFlusso", NS).get("Nome") == f["id_flusso"]
    operazioni = [etree.fromstring(xml_di(f)).find(".//c:PrestazioniSociali", NS).get("TipoOperazione")
                  for f in flussi]
    assert operazioni == ["I"] * 6 + ["C"]
    # The same pull again gives the same flows (identifiers and timestamps are kept).
    assert [f["id_flusso"] for f in tutti_i_flussi(client, w, limite=100)] == [f["id_flusso"] for f in flussi]
    with scopes_disabled():
        letture = AccessoDatiSensibili.objects.filter(ambito=w.ambito, contesto__startswith="flussi SIUSS")
        assert letture.exists() and set(letture.values_list("utente_email", flat=True)) == {"INPS (WaaS)"}
        assert not letture.exclude(utente=None).exists()
    assert m.eventi


def test_outcomes_are_stored_per_flow_and_shown_on_the_beneficiary(mondo, client, client_per):
    w = mondo.a
    m = mondo_siuss(w)
    flussi = tutti_i_flussi(client, w, limite=100)
    esiti = {"elenco_esiti": [
        {"id_flusso": flussi[0]["id_flusso"], "tipo": "PS_PSA_SINA", "ts_flusso": flussi[0]["ts_flusso"],
         "ts_acquisizione": "2025-04-02T10:00:00.000Z", "codice_esito": "OK", "id_acquisizione_siuss": "22738"},
        {"id_flusso": flussi[1]["id_flusso"], "tipo": "PS_PSA_SINA", "ts_flusso": flussi[1]["ts_flusso"],
         "ts_acquisizione": "2025-04-02T10:00:00.000Z", "codice_esito": "RICHIESTA_INVALIDA",
         "descrizione_esito": "Prestazione non riconosciuta"},
    ]}
    conforme("ElencoEsiti", esiti)
    risposta = chiama(client, w, "esiti", metodo="post", data=json.dumps(esiti), content_type="application/json")
    assert risposta.status_code == 204 and risposta.content == b""
    with ambito_scope(w.ambito):
        primo = FlussoWaaS.objects.get(id_flusso=flussi[0]["id_flusso"])
        assert (primo.codice_esito, primo.id_acquisizione_siuss) == ("OK", "22738")
        assert FlussoWaaS.objects.get(id_flusso=flussi[1]["id_flusso"]).codice_esito == "RICHIESTA_INVALIDA"
    pagina = client_per(w.operatore).get(
        f"/a/{w.ambito.slug}/rendicontazione/siuss/beneficiari/{primo.beneficiario_id}/")
    assert pagina.status_code == 200
    testo = pagina.content.decode()
    assert "22738" in testo and flussi[0]["id_flusso"] in testo
    # A body that is not the spec's ElencoEsiti: 400 problem+json, nothing stored.
    cattivo = chiama(client, w, "esiti", metodo="post", content_type="application/json",
                     data=json.dumps({"elenco_esiti": [{"id_flusso": "x", "codice_esito": "FORSE"}]}))
    problema(cattivo, 400)
    assert m.persone


def test_status_and_bad_parameters_answer_in_the_spec_shapes(mondo, client):
    w = mondo.a
    mondo_siuss(w)
    corpo = problema(chiama(client, w, "status"), 200)
    assert corpo["title"] == "OK"
    problema(chiama(client, w, "flussi?limit=5"), 400)  # since is mandatory
    problema(chiama(client, w, "flussi?since=0&limit=101"), 400)
    problema(chiama(client, w, "flussi?since=abc"), 400)
    vuoto = chiama(client, w, "flussi?since=0&limit=0")
    assert vuoto.status_code == 200 and vuoto.json() == {"elenco_flussi": []}


@pytest.mark.parametrize("intestazione", [
    None, "Bearer ", "Bearer token-sbagliato-di-prova", "Basic dXRlbnRlOnBhc3N3b3Jk",
    # An expired PDND voucher (a JWT whose exp is in 2020, unsigned): refused.
    "Bearer " + ".".join(base64.urlsafe_b64encode(json.dumps(p).encode()).decode().rstrip("=") for p in (
        {"alg": "RS256", "typ": "JWT"}, {"aud": "waas-lodi", "exp": 1577836800, "iat": 1577833200})) + ".firma",
])
def test_a_missing_wrong_or_expired_credential_is_401_problem_json(mondo, client, intestazione):
    w = mondo.a
    mondo_siuss(w)
    for percorso, metodo in (("flussi?since=0", "get"), ("status", "get"), ("esiti", "post")):
        kwargs = {"HTTP_AUTHORIZATION": intestazione} if intestazione is not None else {}
        if metodo == "post":
            kwargs |= {"data": json.dumps({"elenco_esiti": []}), "content_type": "application/json"}
        corpo = problema(getattr(client, metodo)(BASE + percorso, **kwargs), 401)
        assert corpo["title"] == "Unauthorized"
    with scopes_disabled():
        assert not FlussoWaaS.objects.exists()


def test_another_ambitos_flows_never_appear_and_its_outcomes_cannot_be_set(mondo, client):
    a, b = mondo.a, mondo.b
    mondo_siuss(a)
    mondo_siuss(b)
    flussi_a, flussi_b = tutti_i_flussi(client, a, limite=100), tutti_i_flussi(client, b, limite=100)
    assert len(flussi_a) == len(flussi_b) == 7
    cf_a = {etree.fromstring(xml_di(f)).find("c:Beneficiario", NS).get("CodiceFiscale") for f in flussi_a}
    cf_b = {etree.fromstring(xml_di(f)).find("c:Beneficiario", NS).get("CodiceFiscale") for f in flussi_b}
    with scopes_disabled():
        assert FlussoWaaS.objects.filter(ambito=a.ambito).count() == 7
        assert not (set(FlussoWaaS.objects.filter(ambito=b.ambito).values_list("evento_id", flat=True))
                    & set(FlussoWaaS.objects.filter(ambito=a.ambito).values_list("evento_id", flat=True)))
    assert {f["codice_ente"] for f in flussi_b} == {b.comuni[0].codice_catastale}
    assert cf_a and cf_b and not cf_a & cf_b
    # Ambito A's credential posting an outcome for B's flow touches nothing.
    esito = {"elenco_esiti": [{"id_flusso": flussi_b[0]["id_flusso"], "tipo": "PS_PSA_SINA",
                               "ts_flusso": flussi_b[0]["ts_flusso"], "ts_acquisizione": "2025-04-02T10:00:00Z",
                               "codice_esito": "OK"}]}
    assert flussi_b[0]["id_flusso"] not in {f["id_flusso"] for f in flussi_a}
    risposta = chiama(client, a, "esiti", metodo="post", data=json.dumps(esito), content_type="application/json")
    assert risposta.status_code == 204
    with scopes_disabled():
        assert FlussoWaaS.objects.get(ambito=b.ambito, id_flusso=flussi_b[0]["id_flusso"]).codice_esito == ""


def test_an_event_that_cannot_be_built_waits_with_its_errors_and_goes_once_fixed(mondo, client, client_per):
    w = mondo.a
    m = mondo_siuss(w, mappato=False)
    assert tutti_i_flussi(client, w) == []
    with ambito_scope(w.ambito):
        scartati = list(FlussoWaaS.objects.filter(stato="scartato"))
    assert len(scartati) == 6 and all("non è mappato" in s.errori[0] for s in scartati)
    pagina = client_per(w.operatore).get(f"/a/{w.ambito.slug}/rendicontazione/siuss/")
    assert pagina.status_code == 200 and "non è mappato" in pagina.content.decode()
    mappa_strumento(w, m.prova.caregiver.strumento_id)
    assert len(tutti_i_flussi(client, w)) == 7


def test_the_office_sets_the_ente_data_and_a_token_kept_only_as_its_hash(mondo, client, client_per):
    w = mondo.a
    pagina = client_per(w.operatore)
    url = f"/a/{w.ambito.slug}/rendicontazione/siuss/configurazione/"
    dati = {"codice_ente": "ADS-LODI", "belfiore_ente": "e648", "cf_operatore": "RSSMRA80A01E648X",
            "denominazione_ente": "Ambito di Lodi", "attivo": "on", "token": "un-token-abbastanza-lungo"}
    sbagliato = pagina.post(url, {**dati, "cf_operatore": "NONVALIDO"})
    assert sbagliato.status_code == 400
    assert "Codice fiscale dell&#x27;operatore non valido" in sbagliato.content.decode()
    assert pagina.post(url, dati).status_code == 302
    with ambito_scope(w.ambito):
        configurazione = ConfigurazioneWaaS.objects.get(ambito=w.ambito)
    assert configurazione.belfiore_ente == "E648" and "un-token" not in configurazione.token_sha256
    problema(chiama(client, w, "status", token="un-token-abbastanza-lungo"), 200)
    # Saving again without a token keeps it; another Ambito cannot take the same token.
    assert pagina.post(url, {**dati, "token": ""}).status_code == 302
    problema(chiama(client, w, "status", token="un-token-abbastanza-lungo"), 200)
    altro = client_per(mondo.b.operatore).post(f"/a/{mondo.b.ambito.slug}/rendicontazione/siuss/configurazione/",
                                                {**dati, "belfiore_ente": "F205"})
    assert altro.status_code == 400 and "già usati da un altro Ambito" in altro.content.decode()


def test_a_wrong_method_is_405_problem_json(mondo, client):
    w = mondo.a
    mondo_siuss(w)
    corpo = problema(chiama(client, w, "flussi?since=0", metodo="post"), 405)
    assert corpo["title"] == "Method Not Allowed"
    problema(chiama(client, w, "esiti"), 405)


def test_a_pdnd_voucher_signed_for_the_ambitos_audience_opens_its_flows_only(mondo, client):
    """A voucher signed with the key configured for Lodi's audience reads Lodi's flows; expired, signed by another
    key, for another issuer or for an unknown audience: 401. A key that is not PEM is refused when set."""
    import datetime as dt

    import jwt
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    from ambito.errors import RegolaViolata
    from rendicontazione import services

    def chiave() -> rsa.RSAPrivateKey:
        return rsa.generate_private_key(public_exponent=65537, key_size=2048)

    pdnd, estranea = chiave(), chiave()
    pem = pdnd.public_key().public_bytes(serialization.Encoding.PEM,
                                         serialization.PublicFormat.SubjectPublicKeyInfo).decode()
    w = mondo.a
    mondo_siuss(w)
    with ambito_scope(w.ambito, actor=w.responsabile):
        configurazione = ConfigurazioneWaaS.objects.get(ambito=w.ambito)
        with pytest.raises(RegolaViolata) as errore:
            services.configurazione_waas_set(
                ambito=w.ambito, actor=w.responsabile, codice_ente=configurazione.codice_ente,
                belfiore_ente=configurazione.belfiore_ente, cf_operatore=configurazione.cf_operatore,
                pdnd_chiave_pubblica="non una chiave", pdnd_audience="https://waas.lodi.example/v1")
        assert errore.value.campo == "pdnd_chiave_pubblica"
        services.configurazione_waas_set(
            ambito=w.ambito, actor=w.responsabile, codice_ente=configurazione.codice_ente,
            belfiore_ente=configurazione.belfiore_ente, cf_operatore=configurazione.cf_operatore,
            pdnd_chiave_pubblica=pem, pdnd_audience="https://waas.lodi.example/v1",
            pdnd_issuer="interop.pagopa.it")
    mondo_siuss(mondo.b)
    adesso = dt.datetime.now(tz=dt.UTC)

    def voucher(*, firma=pdnd, aud="https://waas.lodi.example/v1", iss="interop.pagopa.it", scade=300) -> str:
        return jwt.encode({"aud": aud, "iss": iss, "iat": adesso, "exp": adesso + dt.timedelta(seconds=scade)},
                          firma, algorithm="RS256")

    risposta = chiama(client, w, "flussi?since=0&limit=100", token=voucher())
    assert risposta.status_code == 200, risposta.content
    codici_ente = {f["codice_ente"] for f in risposta.json()["elenco_flussi"]}
    assert codici_ente == {w.comuni[0].codice_catastale}
    for sbagliato in (voucher(scade=-60), voucher(firma=estranea), voucher(iss="altro.emittente"),
                      voucher(aud="https://waas.altro.example/v1")):
        problema(chiama(client, w, "status", token=sbagliato), 401)
