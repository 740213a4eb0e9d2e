"""The WaaS feed (INPS *Welfare as a Service*, ``dati/siuss/api-comuni.yaml``): INPS pulls the Ambito's SIUSS flows,
one beneficiary and one benefit event per flow, and posts back the outcome of each.

* **Who is asking.** :func:`configurazione_per_credenziale` finds the Ambito from the credential alone — a bearer
  token whose SHA-256 is in a :class:`ConfigurazioneWaaS`, or a PDND voucher (a JWT checked against the configured
  public key, audience and issuer, PyJWT). Nothing in the request names the Ambito.
* **The flows.** Each event of misure's SIUSS outbox becomes one :class:`FlussoWaaS` the first time a pull reaches
  it (in outbox order: ``creato_il``, id): the record is built like the SIUSS return's (same mapping, same DSU and
  SINA reads through the sensitive-read service — the log names INPS as the reader), written as a single-record
  flow, validated against the XSD when ``RENDICONTAZIONE_SIUSS_XSD_DIR`` is set, and given its own timestamp
  ``ts_ms``, strictly increasing per Ambito: ``since`` paging works even when a monthly run wrote thousands of
  events in the same instant. A payment wholly undone afterwards is sent again as a cancellation (C). An event
  that cannot be built is kept *scartato* with its errors (shown on the SIUSS page) and retried at each pull.
  Pulls of one Ambito are serialised by a row lock on its configuration. The outbox events of the flows a pull
  hands over are marked sent (``EventoSIUSS.inviato_il``, through misure's ``eventi_siuss_mark_inviati``: one
  set-based UPDATE with its history rows, no actor — INPS).
* **Outcomes.** :func:`esiti_record` stores INPS's outcome on each flow of the Ambito named by ``id_flusso``
  (another Ambito's flows are not visible: the lookup is scoped); an outcome for a flow the Ambito never offered is
  kept as an ``EsitoWaaSNonAbbinato`` with its raw fields (listed on the SIUSS page), and the API still answers 204.
"""

from __future__ import annotations

import base64
import datetime as dt
from collections.abc import Iterable
from typing import Any

import jwt
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from ambito.tenancy import cross_ambito
from ambito.tenancy.models import Ambito
from misure.selectors import siuss as misure_siuss
from misure.services import siuss as misure_siuss_servizi
from rendicontazione.models import ConfigurazioneWaaS, EsitoWaaSNonAbbinato, FlussoWaaS, StatoFlusso
from rendicontazione.ritorni.siuss import Costruttore, flusso_singolo, nome_flusso
from rendicontazione.services import impronta_token
from rendicontazione.siuss import valida_xsd

SISTEMA = "INPS (WaaS)"
MOTIVO = "flussi SIUSS richiesti dall'INPS (WaaS)"
TENTATIVI_SCARTATI = 200  # discarded events retried per pull (oldest first)
GIRI_MASSIMI = 20  # batches of new events read per pull when many cannot be built


class CredenzialeNonValida(Exception):
    """The credential matches no active configuration (or the voucher does not verify)."""


# -- who is asking ----------------------------------------------------------------------------------------------


def _sembra_jwt(token: str) -> bool:
    return token.count(".") == 2


def configurazione_per_credenziale(token: str) -> ConfigurazioneWaaS:
    """The active configuration (hence the Ambito) the credential belongs to; raises
    :class:`CredenzialeNonValida`. Resolving the tenant itself is the one reason to look across Ambiti."""
    token = (token or "").strip()
    if not token:
        raise CredenzialeNonValida("credenziale mancante")
    if _sembra_jwt(token):
        return _configurazione_pdnd(token)
    with cross_ambito("WaaS: the Ambito of INPS's bearer token"):
        configurazione = (ConfigurazioneWaaS.objects.select_related("ambito")
                          .filter(token_sha256=impronta_token(token), attivo=True, ambito__attivo=True).first())
    if configurazione is None:
        raise CredenzialeNonValida("token non riconosciuto")
    return configurazione


def _configurazione_pdnd(voucher: str) -> ConfigurazioneWaaS:
    """A PDND voucher: the audience names the configuration, whose public key must verify the signature (RS256),
    with ``exp``, ``iat`` and ``aud`` required and the issuer checked when configured (PyJWT with
    ``cryptography``)."""
    try:
        non_verificate = jwt.decode(voucher, options={"verify_signature": False})
        audience = non_verificate.get("aud")
        audience = audience[0] if isinstance(audience, list) and audience else audience
    except jwt.PyJWTError as errore:
        raise CredenzialeNonValida("voucher illeggibile") from errore
    if not isinstance(audience, str) or not audience:
        raise CredenzialeNonValida("voucher senza audience")
    with cross_ambito("WaaS: the Ambito of INPS's PDND voucher (by its audience)"):
        configurazione = (ConfigurazioneWaaS.objects.select_related("ambito")
                          .filter(pdnd_audience=audience, attivo=True, ambito__attivo=True)
                          .exclude(pdnd_chiave_pubblica="").first())
    if configurazione is None:
        raise CredenzialeNonValida("audience non configurata")
    try:
        jwt.decode(voucher, configurazione.pdnd_chiave_pubblica, algorithms=["RS256"], audience=audience,
                   issuer=configurazione.pdnd_issuer or None, options={"require": ["exp", "iat", "aud"]})
    except jwt.PyJWTError as errore:
        raise CredenzialeNonValida("voucher non valido o scaduto") from errore
    return configurazione


# -- the flows ------------------------------------------------------------------------------------------------------


def ts_iso(ts_ms: int) -> str:
    """A flow's timestamp as the API's date-time (UTC, milliseconds)."""
    istante = dt.datetime.fromtimestamp(ts_ms / 1000, tz=dt.UTC)
    return istante.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def flusso_base64(flusso: FlussoWaaS) -> str:
    return base64.b64encode(flusso.xml.encode("utf-8")).decode("ascii")


@transaction.atomic
def flussi_dopo(*, ambito: Ambito, since_ms: int, limite: int) -> list[FlussoWaaS]:
    """The flows offered after ``since_ms`` (at most ``limite``, oldest first), building the next ones from the
    outbox when fewer are ready."""
    configurazione = ConfigurazioneWaaS.objects.select_for_update().get(ambito=ambito)
    pronti = list(FlussoWaaS.objects.filter(ambito=ambito, stato=StatoFlusso.OFFERTO, ts_ms__gt=since_ms)
                  .order_by("ts_ms")[:limite])
    if len(pronti) < limite:
        nuovi = _Costruzione(ambito, configurazione).esegui(limite - len(pronti))
        pronti += [f for f in nuovi if f.ts_ms is not None and f.ts_ms > since_ms]
    pronti = pronti[:limite]
    # Handed to INPS: their outbox events are sent (the first hand-over's date stays, a re-pull changes nothing).
    misure_siuss_servizi.eventi_siuss_mark_inviati(
        ambito=ambito, actor=None, inviato_il=timezone.now(), evento_ids=[f.evento_id for f in pronti],
        motivo="Consegnato all'INPS (WaaS)")
    return pronti


class _Costruzione:
    """One pull's building of new flows (inside :func:`flussi_dopo`'s transaction and lock)."""

    def __init__(self, ambito: Ambito, configurazione: ConfigurazioneWaaS) -> None:
        self.ambito = ambito
        self.configurazione = configurazione
        self.costruttore = Costruttore(ambito=ambito, utente=None, motivo=MOTIVO, sistema=SISTEMA)
        flussi = FlussoWaaS.objects.filter(ambito=ambito)
        self.ts = max(flussi.aggregate(m=Max("ts_ms"))["m"] or 0, int(timezone.now().timestamp() * 1000))
        self.giorno = timezone.localdate()
        prefisso = nome_flusso(configurazione, self.giorno, 0)[:-7]
        self.progressivo = flussi.filter(id_flusso__startswith=prefisso).count()
        self.offerti: list[FlussoWaaS] = []

    def esegui(self, quanti: int) -> list[FlussoWaaS]:
        self._riprova_scartati(quanti)
        ultimo = (FlussoWaaS.objects.filter(ambito=self.ambito, tipo_operazione="I")
                  .order_by("-evento_creato_il", "-evento_id").values_list("evento_creato_il", "evento_id").first())
        for _giro in range(GIRI_MASSIMI):
            if len(self.offerti) >= quanti:
                break
            righe = misure_siuss.eventi_siuss_dopo(ambito=self.ambito, dopo=ultimo, limite=quanti - len(self.offerti))
            if not righe:
                break
            self._costruisci(righe, "I", {})
            ultimo = (righe[-1]["creato_il"], righe[-1]["evento_id"])
        if len(self.offerti) < quanti:
            self._annullamenti(ultimo, quanti - len(self.offerti))
        return self.offerti

    def _riprova_scartati(self, quanti: int) -> None:
        scartati = {f.evento_id: f for f in FlussoWaaS.objects.filter(ambito=self.ambito, stato=StatoFlusso.SCARTATO)
                    .order_by("evento_id")[:TENTATIVI_SCARTATI]}
        if scartati:
            righe = misure_siuss.eventi_siuss_per_id(ambito=self.ambito, ids=scartati)
            for tipo in ("I", "C"):
                da_rifare = {k: f for k, f in scartati.items() if f.tipo_operazione == tipo}
                self._costruisci([r for r in righe if r["evento_id"] in da_rifare], tipo, da_rifare)

    def _annullamenti(self, fino_a: tuple[dt.datetime, int] | None, quanti: int) -> None:
        annullati = misure_siuss.pagamenti_annullati(ambito=self.ambito, fino_a=fino_a)
        if not annullati:
            return
        gia = set(FlussoWaaS.objects.filter(ambito=self.ambito, evento_id__in=annullati, tipo_operazione="C")
                  .values_list("evento_id", flat=True))
        inseriti = set(FlussoWaaS.objects.filter(ambito=self.ambito, evento_id__in=annullati, tipo_operazione="I",
                                                 stato=StatoFlusso.OFFERTO).values_list("evento_id", flat=True))
        da_fare = [i for i in annullati if i in inseriti and i not in gia][:quanti]
        if da_fare:
            self._costruisci(misure_siuss.eventi_siuss_per_id(ambito=self.ambito, ids=da_fare), "C", {})

    def _costruisci(self, righe: list[dict[str, Any]], operazione: str, esistenti: dict[int, FlussoWaaS]) -> None:
        for riga, (record, anomalie) in zip(righe, self.costruttore.records(righe), strict=True):
            record["tipo_operazione"] = operazione
            flusso = esistenti.get(riga["evento_id"]) or FlussoWaaS(
                ambito=self.ambito, evento_id=riga["evento_id"], evento_creato_il=riga["creato_il"],
                beneficiario_id=riga["beneficiario_id"], chiave=riga["chiave"], tipo_operazione=operazione)
            errori = [a.messaggio for a in anomalie if a.gravita == "errore"]
            xml = b""
            if not errori:
                nome = nome_flusso(self.configurazione, self.giorno, self.progressivo + 1)
                xml = flusso_singolo(self.configurazione, record, nome=nome)
                errori = valida_xsd(xml)
            if errori:
                flusso.stato, flusso.errori, flusso.xml = StatoFlusso.SCARTATO, errori[:20], ""
                flusso.save()
                continue
            self.progressivo += 1
            self.ts += 1
            flusso.stato, flusso.errori = StatoFlusso.OFFERTO, []
            flusso.id_flusso, flusso.ts_ms, flusso.xml = nome, self.ts, xml.decode("utf-8")
            flusso.save()
            self.offerti.append(flusso)


# -- outcomes -----------------------------------------------------------------------------------------------------


@transaction.atomic
def esiti_record(*, ambito: Ambito, esiti: Iterable[dict[str, Any]]) -> tuple[int, list[str]]:
    """Store INPS's outcome on each named flow of the Ambito; returns (flows updated, ids not found). An outcome
    identical to the stored one changes nothing (INPS retries a notification it thinks undelivered). An outcome
    for a flow the Ambito never offered is kept as an :class:`EsitoWaaSNonAbbinato` with its raw fields (once)."""
    esiti = list(esiti)
    flussi = {f.id_flusso: f for f in FlussoWaaS.objects.select_for_update()
              .filter(ambito=ambito, id_flusso__in=[e["id_flusso"] for e in esiti])}
    aggiornati, ignoti = 0, []
    for esito in esiti:
        flusso = flussi.get(esito["id_flusso"])
        if flusso is None:
            ignoti.append(esito["id_flusso"])
            _esito_non_abbinato(ambito, esito)
            continue
        valori = {"codice_esito": esito["codice_esito"], "descrizione_esito": esito.get("descrizione_esito") or "",
                  "id_acquisizione_siuss": esito.get("id_acquisizione_siuss") or "",
                  "ts_acquisizione": esito["ts_acquisizione"]}
        cambiati = [n for n, v in valori.items() if getattr(flusso, n) != v]
        if not cambiati:
            continue
        for nome, valore in valori.items():
            setattr(flusso, nome, valore)
        flusso.esito_ricevuto_il = timezone.now()
        flusso.save(update_fields=[*cambiati, "esito_ricevuto_il"])
        aggiornati += 1
    return aggiornati, ignoti




def _esito_non_abbinato(ambito: Ambito, esito: dict[str, Any]) -> None:
    """Keep an outcome for an unknown flow (audited, no actor: INPS); the same outcome again is not stored twice."""
    chiave = {"id_flusso": esito["id_flusso"], "codice_esito": esito["codice_esito"],
              "ts_acquisizione": esito["ts_acquisizione"]}
    if EsitoWaaSNonAbbinato.objects.filter(ambito=ambito, **chiave).exists():
        return
    riga = EsitoWaaSNonAbbinato(ambito=ambito, tipo=esito["tipo"], ts_flusso=esito["ts_flusso"],
                                descrizione_esito=esito.get("descrizione_esito") or "",
                                id_acquisizione_siuss=esito.get("id_acquisizione_siuss") or "", **chiave)
    try:
        with transaction.atomic():
            riga.save()
    except IntegrityError:  # the same outcome stored meanwhile by a concurrent notification
        return
