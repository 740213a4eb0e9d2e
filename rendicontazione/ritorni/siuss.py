"""SIUSS (INPS, Sistema informativo unitario dei servizi sociali) — the PS/PSA/SINA flow of the Ambito's benefits.

One line per event of misure's SIUSS outbox (``EventoSIUSS``: a payment, a suspension, an end) dated in the
period, read through ``misure/selectors/siuss.py`` (one set-based query, streamed, one row per benefit with the
person's DSU, the domanda's SINA assessment and the benefit's events) and turned into one benefit event of the
official schema ``PS_PSA_SINA201812.xsd`` (:mod:`rendicontazione.siuss` writes it). The rows are read once: a
record per benefit holds what its events share, built once, and its events as sub-rows (``registry.SOTTORIGHE``),
checked on their way into the file (``registry.Verifica``: a problem of the benefit is listed once):

| Outbox event | Record |
| --- | --- |
| `pagamento` | `TipoOperazione` I: the month paid (start = the month, end = its last day, amount = paid, |
| | monthly amount = the plan's, quota ente = paid, quota utente and SSN = 0, periodic) |
| `pagamento` undone | `TipoOperazione` C: the payment was wholly undone afterwards (an indebito for its whole amount) |
| `sospensione` | I: the benefit (from the plan's first month) interrupted — end = the day before the suspension |
| `cessazione` | I: the benefit ended — end = the day before the end date |

Where each field comes from: the beneficiary's registry data; `CodiceCittadinanza` 380 for an Italian citizen,
else the Ambito's **mapping** of the citizenship as recorded on the beneficiary (kind ``misure.cittadinanza``, key =
the text normalised by ``misure.selectors.rendicontazione.chiave_cittadinanza``, code = the State's numeric code
in ``VoceMappatura.codice_cittadinanza``: ISO 3166-1, as INPS's example flow in ``dati/siuss/api-comuni.yaml`` writes
380 for Italy both as citizenship and as nation); `CodicePrestazione`, `AreaUtenza` and the name of the
benefit from the Ambito's **mapping** of the strumento (``rendicontazione.selectors.mappatura_per``, kind
``misure.strumento``); `ProtocolloDomanda` = the domanda's protocol (n/anno); `PresenzaProvaMezzi` 1 when the
domanda declared an ISEE, else 4; the **DSU protocol**, its year and date from the beneficiary's latest ISEE
attestation, shown through the core sensitive-read service (one log row per attestation and chunk); `PresaCarico` 1 (a
social worker filed the domanda). For benefits mapped to area 2 (disability and non-self-sufficiency) the **SINA**
block comes from the domanda's latest assessment (read through the same service): misure grades each dimension
1 (no need)…4 (very high need) and the schema has three grades (two for behaviour): 1→1, 2→2, 3 and 4→3
(cognitive disorders: 1 → not written, 2→1, 3→2, 4→3; behaviour: 1→1 absent, else 2 present); the source is 1 UVM
when the assessment was with the ASST, else 2 (cartella sociale); the scale 1 SVAMA, else 7 (other).
`AreaReddituale` is the assessment's recorded ``sina_area_reddituale`` (the schema's codes 1–3); an assessment
recorded before the field existed falls back to the old derivation from the means test — 3 (economic need) when the
benefit was granted on an ISEE, else 1 — and the pre-flight lists a warning with the link to the domanda.

The **civil-invalidity codes** (`InvaliditaCivile/InvCiv`, in the SINA block) come from the beneficiary's
certifications in misure (``Certificazione``) dated by the event's date, read per chunk as plain values
(``misure_siuss.certificazioni_invalidita``, one query) through ``leggi_sensibili_righe`` (one log row per
certification, no model instance):

| Certification (`tipo_certificazione`) | `InvCiv` |
| --- | --- |
| `invalidita`, 75% ≤ percentage < 100% (the latest civil-invalidity certification counts) | 1 |
| `invalidita` 100% and an `accompagnamento` certification | 2 |
| `invalidita` 100% without `accompagnamento` | 3 |
| `npi` | 4 |
| `l104_c1` (L.104/1992 art. 3 c. 1) | 5 |
| `l104_c3` (L.104/1992 art. 3 c. 3) | 6 |
| `sensoriale`; `invalidita` below 75%; `accompagnamento` alone | none |

`FonteDerivazioneInvalidita` is 1 (certification verified) whenever a code is written, else omitted; codes 7 and 8
(L.104 art. 12 and 13) are not recorded by the platform.

Pre-flight (the generic checks plus :meth:`Siuss.controlli`): the SIUSS settings of the Ambito (ente code, seat,
operator), an unmapped strumento, a missing DSU protocol for an ISEE benefit, a missing SINA assessment for an
area-2 benefit, a citizenship without a code (the link creates its mapping row; one finding per citizenship) — each
an error with the link to the record to fix; an assessment without the income area is a warning (link: the
domanda). When ``RENDICONTAZIONE_SIUSS_XSD_DIR`` is set, the written file is validated against the schema
(streamed) before it is offered: an invalid file is not offered and its errors are listed on the production.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import io
from collections.abc import Iterable, Iterator
from decimal import Decimal
from itertools import groupby, islice
from operator import itemgetter
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from ambito.audit.sensibili import Lettura, RegistroLetture
from misure.models import AttestazioneISEE, Valutazione
from misure.selectors import rendicontazione as misure_rendicontazione
from misure.selectors import siuss as misure_siuss
from rendicontazione import codici, selectors
from rendicontazione.registry import (
    SOTTORIGHE,
    Anomalia,
    CampoTracciato,
    Destinatario,
    EsportatoreRitorno,
    Periodicita,
    registra_ritorno,
)
from rendicontazione.ritorni.pagamenti import UrlConId
from rendicontazione.siuss import EnteSiuss, scrivi_flusso_record, valida_xsd

ZERO = Decimal("0.00")
BLOCCO = 1000  # benefits per chunk: their certifications are read in one query, their sensitive values together
MOTIVO_LETTURA = "debito informativo SIUSS (INPS)"
CITTADINANZA_ITALIANA = misure_rendicontazione.CITTADINANZA_ITALIANA
ITALIA = "380"  # the numeric code INPS's example flow writes for Italy (citizenship and nation)

_UNO_TRE = {1: "1", 2: "2", 3: "3", 4: "3"}
_COGNITIVI = {2: "1", 3: "2", 4: "3"}


@functools.lru_cache(maxsize=256)
def _fine_mese(giorno: dt.date) -> dt.date:
    return giorno.replace(day=calendar.monthrange(giorno.year, giorno.month)[1])


def _codice_sina(tabella: dict[int, str], valore: int | None) -> str:
    return tabella.get(valore or 0, "")


def codici_invalidita(certificazioni: Iterable[tuple[dt.date, int, str, int | None]], giorno: dt.date
                      ) -> tuple[str, ...]:
    """The ``InvCiv`` codes of one person on ``giorno`` from their certifications ``(date, id, type, percentage)``
    (the table in the module docstring): only those dated by ``giorno``; of several civil-invalidity ones the
    latest counts."""
    valide = sorted(c for c in certificazioni if c[0] <= giorno)
    tipi = {tipo for _data, _pk, tipo, _percentuale in valide}
    codici = set()
    invalidita = [percentuale for _data, _pk, tipo, percentuale in valide if tipo == "invalidita"]
    if invalidita:
        percentuale = invalidita[-1] or 0
        if 75 <= percentuale < 100:
            codici.add("1")
        elif percentuale >= 100:
            codici.add("2" if "accompagnamento" in tipi else "3")
    codici.update(codice for tipo, codice in (("npi", "4"), ("l104_c1", "5"), ("l104_c3", "6")) if tipo in tipi)
    return tuple(sorted(codici))


# -- the record of one event ------------------------------------------------------------------------------


class Costruttore:
    """Turns outbox rows into flat SIUSS records (the layout below) chunk by chunk. The rows carry the DSU protocol
    and the SINA dimensions (one query for all); per chunk, those the records use are shown through the logged
    sensitive-read service (one :class:`~ambito.audit.sensibili.RegistroLetture` for all the records: the log rows
    written in a few large statements), and one query reads the certifications behind the civil-invalidity codes.
    The mappings (strumenti, citizenships) are read once."""

    def __init__(self, *, ambito: Any, utente: Any, motivo: str = MOTIVO_LETTURA, sistema: str = "") -> None:
        self.ambito = ambito
        self.utente = utente
        self.motivo = motivo
        self.sistema = sistema
        self.mappa = selectors.mappatura_per(ambito=ambito, tipo_oggetto="misure.strumento")
        self.cittadinanze = {chiave: voce.codice_cittadinanza for chiave, voce in selectors.mappatura_per(
            ambito=ambito, tipo_oggetto="misure.cittadinanza").items() if voce.codice_cittadinanza}
        self.url_domanda = UrlConId(ambito, "misure:domanda_detail", "domanda_pk")
        self.url_beneficiario = UrlConId(ambito, "misure:beneficiario_detail", "beneficiario_pk")
        self._url_mappatura = reverse("rendicontazione:voce_mappatura_create", kwargs={"ambito_slug": ambito.slug})
        self._codici_cittadinanza: dict[str | None, str] = {}

    def _area(self, r: dict[str, Any]) -> str:
        voce = self.mappa.get(str(r["strumento_id"]))
        return voce.siuss_area_utenza if voce is not None else ""

    def _leggi(self, modello: Any, letture: list[Any], campi: Iterable[str]) -> dict[int, Any]:
        if not letture:
            return {}
        return {d.pk: d for d in self._registro.leggi(modello, letture, campi=campi)}

    def _dsu(self, blocco: list[dict[str, Any]]) -> dict[int, dict[str, Any]]:
        """The DSU of the rows whose benefit was granted on an ISEE, read (logged) once per attestation."""
        con_isee = [r for r in blocco if r["isee_tipo"]]
        letti = self._leggi(AttestazioneISEE, misure_siuss.letture_dsu(con_isee, ambito_id=self.ambito.pk),
                            misure_siuss.CAMPI_DSU)
        # Values read by key: an attribute of DatiSensibili is found only after a failed lookup, which costs more
        # than the rest of a record's reading.
        return {r["beneficiario_id"]: {"protocollo": dsu_sensibili["protocollo_dsu"],
                                       "anno": dsu_sensibili["anno_dsu"], "data": r["dsu_data"]}
                for r in con_isee if (dsu_sensibili := letti.get(r["dsu_id"])) is not None}

    def _sina(self, blocco: list[dict[str, Any]]) -> dict[int, dict[str, Any]]:
        """The SINA assessment of the rows whose benefit is mapped to area 2, read (logged) once per assessment."""
        area_2 = [r for r in blocco if self._area(r) == "2"]
        letti = self._leggi(Valutazione, misure_siuss.letture_sina(area_2, ambito_id=self.ambito.pk),
                            misure_siuss.CAMPI_SINA)
        # The values read, as a plain dict: a record reads them a dozen times, a dict is the cheapest to read.
        return {r["domanda_id"]: {"sensibili": sina_sensibili.valori(), "strumento": r["sina_strumento"],
                                  "uvm": r["sina_uvm"]}
                for r in area_2 if (sina_sensibili := letti.get(r["sina_id"])) is not None}

    def _invalidita(self, blocco: list[dict[str, Any]]) -> dict[tuple[int, dt.date], tuple[str, ...]]:
        """The ``InvCiv`` codes of each (beneficiary, event date) of the chunk's area-2 benefits (the only ones with
        a SINA block): one query for the certifications dated by the chunk's last event, their values read through
        the sensitive-read log as plain rows (no model instance per certification)."""
        prestazioni = [p for p in blocco if self._area(p) == "2"]
        if not prestazioni:
            return {}
        certificazioni = misure_siuss.certificazioni_invalidita(
            ambito=self.ambito, beneficiario_ids={p["beneficiario_id"] for p in prestazioni},
            al=max(e["data"] for p in prestazioni for e in p["eventi"]))
        if not certificazioni:
            return {}
        letture = [Lettura(c["ambito_id"], c["pk"], c["interessato"], c["valori"]) for c in certificazioni]
        letti = self._registro.leggi(misure_siuss.MODELLO_INVALIDITA, letture, campi=misure_siuss.CAMPI_INVALIDITA)
        per_persona: dict[int, list[tuple[dt.date, int, str, int | None]]] = {}
        for c, invalidita_sensibili in zip(certificazioni, letti, strict=True):
            per_persona.setdefault(c["beneficiario_id"], []).append(
                (c["data"], c["pk"], invalidita_sensibili["tipo_certificazione"],
                 invalidita_sensibili["percentuale_invalidita"]))
        return {(p["beneficiario_id"], e["data"]): codici_invalidita(per_persona.get(p["beneficiario_id"], ()),
                                                                     e["data"])
                for p in prestazioni for e in p["eventi"]}

    def records(self, righe: Iterable[dict[str, Any]]) -> Iterator[tuple[dict[str, Any], list[Anomalia]]]:
        """(flat record, its problems) per event row (``misure_siuss.CAMPI_EVENTO``: the WaaS feed), in their
        order."""
        prestazioni = ({**evento, "eventi": [evento, *altri]}
                       for _piano, (evento, *altri) in groupby(righe, key=itemgetter("piano_id")))
        for riga, anomalie in self.records_prestazioni(prestazioni):
            comune = {k: v for k, v in riga.items() if k != SOTTORIGHE}
            for sottoriga in riga[SOTTORIGHE]:
                yield comune | sottoriga, list(anomalie)

    def records_prestazioni(self, prestazioni: Iterable[dict[str, Any]]
                            ) -> Iterator[tuple[dict[str, Any], list[Anomalia]]]:
        """(record, its problems) per benefit (``misure_siuss.prestazioni_siuss``: each with its ``eventi``),
        streamed in chunks of benefits: the record holds what its events share and, under ``SOTTORIGHE``, what
        each event holds on its own (a line of the file each)."""
        iteratore = iter(prestazioni)
        with RegistroLetture(utente=self.utente, motivo=self.motivo, sistema=self.sistema) as self._registro:
            while blocco := list(islice(iteratore, BLOCCO)):
                dsu, sina, invalidita = self._dsu(blocco), self._sina(blocco), self._invalidita(blocco)
                for prestazione in blocco:
                    yield from self._della_prestazione(prestazione, dsu.get(prestazione["beneficiario_id"]),
                                                       sina.get(prestazione["domanda_id"]), invalidita)
                del blocco, dsu, sina, invalidita  # released before the next chunk is read: one chunk in memory

    def _url_mappa(self, strumento_id: int) -> str:
        return f"{self._url_mappatura}?tipo_oggetto=misure.strumento&chiave_oggetto={strumento_id}"

    def _url_mappa_cittadinanza(self, chiave: str) -> str:
        return f"{self._url_mappatura}?{urlencode({'tipo_oggetto': 'misure.cittadinanza', 'chiave_oggetto': chiave})}"

    def _codice_cittadinanza(self, testo: str | None) -> str:
        """The SIUSS ``CodiceCittadinanza``: 380 for an Italian (INPS's example flow), else the Ambito's mapping of
        the citizenship as recorded (normalised); "" when unmapped. Worked out once per text (a file has a few)."""
        codice = self._codici_cittadinanza.get(testo)
        if codice is None:
            chiave = misure_rendicontazione.chiave_cittadinanza(testo)
            codice = ITALIA if chiave in CITTADINANZA_ITALIANA else self.cittadinanze.get(chiave, "")
            self._codici_cittadinanza[testo] = codice
        return codice

    def _della_prestazione(self, p: dict[str, Any], dsu: dict[str, Any] | None, sina: dict[str, Any] | None,
                           invalidita: dict[tuple[int, dt.date], tuple[str, ...]]
                           ) -> Iterator[tuple[dict[str, Any], list[Anomalia]]]:
        """The record of one benefit and its problems: what depends only on the domanda (the person, the mapping,
        the means test, the DSU, the SINA block with the civil-invalidity codes of the event's day — and their
        problems), built once, with its events as sub-rows. Events whose day gives other civil-invalidity codes (a
        certification dated within the period) make a record of their own, in the events' order."""
        mese_inizio = p["piano_mese_inizio"]
        if not invalidita:  # no area-2 certification in the chunk: one record
            parte, anomalie = self._della_domanda(p, dsu, sina, ())
            parte[SOTTORIGHE] = [self._dell_evento(e, mese_inizio) for e in p["eventi"]]
            yield parte, anomalie
            return
        comuni: dict[tuple[str, ...], tuple[dict[str, Any], list[Anomalia]]] = {}
        persona = p["beneficiario_id"]
        for inv_civ, eventi in groupby(p["eventi"], key=lambda e: invalidita.get((persona, e["data"]), ())):
            if inv_civ not in comuni:
                comuni[inv_civ] = self._della_domanda(p, dsu, sina, inv_civ)
            parte, anomalie = comuni[inv_civ]
            yield {**parte, SOTTORIGHE: [self._dell_evento(e, mese_inizio) for e in eventi]}, list(anomalie)

    def _della_domanda(self, r: dict[str, Any], dsu: dict[str, Any] | None, sina: dict[str, Any] | None,
                       invalidita: tuple[str, ...]) -> tuple[dict[str, Any], list[Anomalia]]:
        anomalie: list[Anomalia] = []
        url_domanda = self.url_domanda(r["domanda_id"])
        voce = self.mappa.get(str(r["strumento_id"]))
        if voce is None or not voce.siuss_codice_prestazione:
            anomalie.append(Anomalia(
                gettext("Lo strumento «%(s)s» non è mappato su un codice prestazione SIUSS.")
                % {"s": r["strumento_nome"]}, None, "codice_prestazione", self._url_mappa(r["strumento_id"]),
                codice="strumento_non_mappato"))
        prova_mezzi = "1" if r["isee_tipo"] else "4"
        if prova_mezzi == "1" and not (dsu and dsu["protocollo"]):
            anomalie.append(Anomalia(gettext("Manca il protocollo della DSU (ISEE) del beneficiario."), None,
                                     "numero_protocollo_dsu", self.url_beneficiario(r["beneficiario_id"]),
                                     codice="dsu_mancante"))
        elif dsu and len(dsu["protocollo"]) > 30:
            anomalie.append(Anomalia(gettext("Il protocollo della DSU supera i 30 caratteri ammessi dal SIUSS."),
                                     None, "numero_protocollo_dsu", self.url_beneficiario(r["beneficiario_id"]),
                                     codice="dsu_non_valido"))
        cittadinanza = self._codice_cittadinanza(r["cittadinanza"])
        if not cittadinanza:
            chiave = misure_rendicontazione.chiave_cittadinanza(r["cittadinanza"])
            anomalie.append(Anomalia(
                gettext("La cittadinanza «%(c)s» non ha un codice SIUSS: indicalo nella mappatura dei codici.")
                % {"c": r["cittadinanza"]}, None, "cittadinanza",
                self._url_mappa_cittadinanza(chiave) if chiave else self.url_beneficiario(r["beneficiario_id"]),
                codice="cittadinanza_non_mappata"))
        parte = self._anagrafica(r, cittadinanza)
        parte.update(self._prestazione(r, voce, prova_mezzi, dsu if prova_mezzi == "1" else None))
        if voce is not None and voce.siuss_area_utenza == "2":
            if sina is None or not self._sina_completa(sina):
                anomalie.append(Anomalia(
                    gettext("Prestazione per la non autosufficienza senza la valutazione SINA completa (mobilità, "
                            "attività quotidiane, disturbi, rete di supporto)."), None, "sina_mobilita",
                    url_domanda, codice="sina_mancante"))
            else:
                parte.update(self._blocco_sina(sina, prova_mezzi, invalidita))
                if not sina["sensibili"]["sina_area_reddituale"]:
                    anomalie.append(Anomalia(
                        gettext("La valutazione SINA non indica l'area reddituale: il file la ricava dalla prova dei "
                                "mezzi (%(a)s). Registrala nella valutazione della domanda.")
                        % {"a": parte["sina_area_reddituale"]}, None, "sina_area_reddituale", url_domanda,
                        gravita="avviso", codice="area_reddituale_mancante"))
        parte["_url"] = url_domanda
        parte["_domanda"] = (r["domanda_id"], invalidita)  # the writer writes what a domanda's events share once
        return parte, anomalie

    @staticmethod
    def _sina_completa(sina: dict[str, Any]) -> bool:
        s = sina["sensibili"]
        return bool(s["sina_mobilita"] and s["sina_attivita_quotidiane"] and s["sina_disturbi_cognitivi"]
                    and s["sina_rete_supporto"])

    @staticmethod
    def _anagrafica(r: dict[str, Any], cittadinanza: str) -> dict[str, Any]:
        return {
            "codice_fiscale": r["codice_fiscale"], "cognome": r["cognome"][:36],
            "nome": r["nome"][:36], "anno_nascita": r["data_nascita"].year, "luogo_nascita": r["luogo_nascita"],
            "genere": "1" if r["sesso"] == "M" else "2", "cittadinanza": cittadinanza,
            "codice_regione": r["comune_regione"] or "", "codice_comune": r["comune_istat"] or "",
        }

    @staticmethod
    def _prestazione(r: dict[str, Any], voce: Any, prova_mezzi: str, dsu: dict[str, Any] | None) -> dict[str, Any]:
        denominazione = voce.descrizione if voce is not None else ""
        if len(denominazione) < 10:
            # A plain hyphen: the name goes to INPS's systems, and a file of Latin-1 text is written faster.
            denominazione = f"{r['misura_nome']} - {r['strumento_nome']}"
        return {
            "codice_prestazione": voce.siuss_codice_prestazione if voce is not None else "",
            "denominazione_prestazione": denominazione[:200],
            "area_utenza": voce.siuss_area_utenza if voce is not None else "",
            "protocollo_domanda": f"{r['protocollo_numero']}/{r['protocollo_anno']}" if r["protocollo_numero"] else "",
            "presenza_prova_mezzi": prova_mezzi, "carattere_prestazione": "1", "presa_carico": "1",
            "numero_protocollo_dsu": dsu["protocollo"] if dsu else "",
            "anno_protocollo_dsu": (dsu["anno"] or dsu["data"].year) if dsu else None,
            "data_dsu": dsu["data"] if dsu else None,
            "importo_mensile": r["piano_importo_mensile"],
        }

    @staticmethod
    def _dell_evento(r: dict[str, Any], mese_inizio: dt.date) -> dict[str, Any]:
        """The fields of the event itself: the month paid (or undone), or the interruption of the benefit (which
        began in ``mese_inizio``)."""
        if r["tipo"] == "pagamento":
            mese = r["dati_mese"] or r["data"]
            importo = r["dati_importo"] or ZERO
            return {"evento": r["chiave"], "tipo_operazione": "C" if r["annullato"] else "I", "data_evento": r["data"],
                    "data_inizio": mese, "data_fine": _fine_mese(mese), "importo_prestazione": importo,
                    "periodo_erogazione": 1, "quota_ente": importo, "quota_utente": ZERO, "quota_ssn": ZERO}
        fine = (r["dati_dal"] or r["data"]) - dt.timedelta(days=1)
        return {"evento": r["chiave"], "tipo_operazione": "I", "data_evento": r["data"],
                "data_inizio": mese_inizio, "data_fine": max(fine, mese_inizio)}

    @staticmethod
    def _blocco_sina(sina: dict[str, Any], prova_mezzi: str, invalidita: tuple[str, ...] = ()) -> dict[str, Any]:
        s = sina["sensibili"]
        return {
            "sina_mobilita": _codice_sina(_UNO_TRE, s["sina_mobilita"]),
            "sina_attivita_vita_quotidiana": _codice_sina(_UNO_TRE, s["sina_attivita_quotidiane"]),
            "sina_disturbi_area_cognitiva": _codice_sina(_COGNITIVI, s["sina_disturbi_cognitivi"]),
            "sina_disturbi_comportamentali": "1" if s["sina_disturbi_cognitivi"] == 1 else "2",
            "sina_necessita_cure_sanitarie": _codice_sina(_UNO_TRE, s["sina_bisogni_sanitari"]),
            # Recorded on the assessment; an older assessment without it: derived from the means test (a warning).
            "sina_area_reddituale": s["sina_area_reddituale"] or ("3" if prova_mezzi == "1" else "1"),
            "sina_area_supporto": _codice_sina(_UNO_TRE, s["sina_rete_supporto"]),
            "sina_fonte_valutazione": "1" if sina["uvm"] else "2",
            "sina_strumento_valutazione": "1" if sina["strumento"] == "svama" else "7",
            "sina_invalidita_civile": " ".join(invalidita),
            "sina_fonte_invalidita": "1" if invalidita else "",
        }


def ente_di(configurazione: Any) -> EnteSiuss:
    return EnteSiuss(codice=configurazione.codice_ente, belfiore=configurazione.belfiore_ente,
                     cf_operatore=configurazione.cf_operatore, denominazione=configurazione.denominazione_ente)


def nome_flusso(configurazione: Any, giorno: dt.date, progressivo: int) -> str:
    """``EEEEE.PS.AAAAMMGG.NNNNNNN`` (the WaaS identifier; the schema keeps 50 characters)."""
    return f"{configurazione.codice_ente}.PS.{giorno:%Y%m%d}.{progressivo:07d}"


def flusso_singolo(configurazione: Any, record: dict[str, Any], *, nome: str) -> bytes:
    """One beneficiary, one benefit: the flow of the single-record channels (WaaS)."""
    uscita = io.StringIO()
    scrivi_flusso_record(uscita, nome=nome, ente=ente_di(configurazione), persone=[[record]])
    return uscita.getvalue().encode("utf-8")


# -- the return ----------------------------------------------------------------------------------------------


def _sina(nome: str, etichetta: Any) -> CampoTracciato:
    return CampoTracciato(nome, etichetta, "codice", descrizione=_("Blocco SINA (area utenza 2)."))


@registra_ritorno
class Siuss(EsportatoreRitorno):
    codice = "siuss"
    etichetta = _("SIUSS (INPS) — prestazioni sociali PS/PSA/SINA")
    descrizione = _("Le prestazioni sociali erogate ai beneficiari (erogazioni, sospensioni, cessazioni) nel "
                    "tracciato PS/PSA/SINA del Sistema informativo unitario dei servizi sociali dell'INPS.")
    destinatario = Destinatario.INPS
    periodicita = Periodicita.TRIMESTRALE
    formati = ("xml", "csv")
    giorni_scadenza = 30
    tracciato = (
        CampoTracciato("evento", _("Evento (chiave)"), obbligatorio=True),
        CampoTracciato("codice_fiscale", _("Codice fiscale"), obbligatorio=True),
        CampoTracciato("cognome", _("Cognome"), obbligatorio=True),
        CampoTracciato("nome", _("Nome"), obbligatorio=True),
        CampoTracciato("anno_nascita", _("Anno di nascita"), "intero", obbligatorio=True),
        CampoTracciato("luogo_nascita", _("Luogo di nascita (Belfiore)"), "codice", obbligatorio=True),
        CampoTracciato("genere", _("Genere"), "codice", obbligatorio=True),
        CampoTracciato("cittadinanza", _("Codice cittadinanza"), "codice", obbligatorio=True),
        CampoTracciato("codice_regione", _("Codice regione di residenza"), "codice"),
        CampoTracciato("codice_comune", _("Comune di residenza (ISTAT)"), "codice"),
        CampoTracciato("tipo_operazione", _("Tipo operazione"), "codice", obbligatorio=True,
                       codici=lambda: {"I": "Inserimento", "C": "Cancellazione"}),
        CampoTracciato("codice_prestazione", _("Codice prestazione"), "codice", obbligatorio=True),
        CampoTracciato("denominazione_prestazione", _("Denominazione prestazione"), obbligatorio=True),
        CampoTracciato("area_utenza", _("Area utenza"), "codice", codici=codici.siuss_aree_utenza),
        CampoTracciato("protocollo_domanda", _("Protocollo domanda"), obbligatorio=True),
        CampoTracciato("presenza_prova_mezzi", _("Prova dei mezzi"), "codice", obbligatorio=True),
        CampoTracciato("carattere_prestazione", _("Carattere della prestazione"), "codice"),
        CampoTracciato("numero_protocollo_dsu", _("Protocollo DSU")),
        CampoTracciato("anno_protocollo_dsu", _("Anno protocollo DSU"), "intero"),
        CampoTracciato("data_dsu", _("Data DSU"), "data"),
        CampoTracciato("data_evento", _("Data evento"), "data"),
        CampoTracciato("data_inizio", _("Data inizio prestazione"), "data"),
        CampoTracciato("data_fine", _("Data fine prestazione"), "data"),
        CampoTracciato("importo_prestazione", _("Importo prestazione"), "euro"),
        CampoTracciato("periodo_erogazione", _("Periodo di erogazione (mesi)"), "intero"),
        CampoTracciato("importo_mensile", _("Importo mensile"), "euro"),
        CampoTracciato("quota_ente", _("Quota a carico dell'ente"), "euro"),
        CampoTracciato("quota_utente", _("Quota a carico dell'utente"), "euro"),
        CampoTracciato("quota_ssn", _("Quota a carico del SSN"), "euro"),
        CampoTracciato("presa_carico", _("Presa in carico"), "codice", obbligatorio=True),
        _sina("sina_mobilita", _("SINA: mobilità")),
        _sina("sina_attivita_vita_quotidiana", _("SINA: attività della vita quotidiana")),
        _sina("sina_disturbi_area_cognitiva", _("SINA: disturbi dell'area cognitiva")),
        _sina("sina_disturbi_comportamentali", _("SINA: disturbi comportamentali")),
        _sina("sina_necessita_cure_sanitarie", _("SINA: necessità di cure sanitarie")),
        _sina("sina_area_reddituale", _("SINA: area reddituale")),
        _sina("sina_area_supporto", _("SINA: area di supporto")),
        _sina("sina_fonte_valutazione", _("SINA: fonte della valutazione")),
        _sina("sina_strumento_valutazione", _("SINA: strumento di valutazione")),
        _sina("sina_invalidita_civile", _("SINA: invalidità civile (codici InvCiv, separati da spazi)")),
        _sina("sina_fonte_invalidita", _("SINA: fonte dell'invalidità")),
    )
    chiave = ()  # one row per event: no keyed summary (memory stays flat); the outbox key names each row

    def __init__(self, contesto: Any, invio: Any) -> None:
        super().__init__(contesto, invio)
        self.configurazione = selectors.configurazione_waas(ambito=self.ambito)
        self._anomalie_righe: list[Anomalia] = []

    def conta_righe(self) -> int:
        return misure_siuss.eventi_siuss_count(ambito=self.ambito, dal=self.periodo.dal, al=self.periodo.al)

    def _records(self) -> Iterator[tuple[dict[str, Any], list[Anomalia]]]:
        actor = self.contesto.actor
        costruttore = Costruttore(ambito=self.ambito, utente=actor,
                                  sistema="" if actor is not None else "elaborazione senza utente")
        prestazioni = misure_siuss.prestazioni_siuss(ambito=self.ambito, dal=self.periodo.dal, al=self.periodo.al)
        return costruttore.records_prestazioni(prestazioni)

    def righe_dati(self) -> Iterator[dict[str, Any]]:
        """The records (one per benefit, its events as sub-rows), each with its own problems (``_anomalie``); an
        unmapped strumento or citizenship is one problem, named on its first row only."""
        non_mappati: set[tuple[str, str]] = set()
        for record, anomalie in self._records():
            for a in anomalie:
                if a.codice in UNA_VOLTA:
                    if (a.codice, a.url) in non_mappati:
                        anomalie = [x for x in anomalie if x is not a]
                    non_mappati.add((a.codice, a.url))
            record["_anomalie"] = anomalie
            yield record

    def anomalie_finali(self, anomalie: list[Anomalia]) -> list[Anomalia]:
        return _senza_doppioni(anomalie)

    def controlli(self, righe: list[dict[str, Any]] | None) -> Iterable[Anomalia]:
        if self.configurazione is None:
            yield Anomalia(gettext("Mancano i dati dell'ente per il SIUSS (codice INPS, sede, operatore)."), None,
                           "", reverse("rendicontazione:siuss", kwargs={"ambito_slug": self.ambito.slug}),
                           codice="configurazione_mancante")

    def scrivi_xml(self, percorso: Path) -> None:
        """The multi-beneficiary file (rows are grouped by beneficiary), streamed while the rows are checked. Without
        the Ambito's SIUSS data the checks refuse the file: an empty one is written meanwhile."""
        if self.configurazione is None:
            percorso.write_text("")
            for _riga in self.righe_verificate():  # the rows are still checked: all the problems are listed at once
                pass
            return
        nome = nome_flusso(self.configurazione, timezone.localdate(), self.invio.pk % 10_000_000)
        righe = self._con_progresso(self.righe_verificate())
        persone = (list(gruppo) for _cf, gruppo in groupby(righe, key=itemgetter("codice_fiscale")))
        with percorso.open("w", encoding="utf-8", buffering=1 << 20) as uscita:  # tens of MB: written in 1 MB writes
            scrivi_flusso_record(uscita, nome=nome, ente=ente_di(self.configurazione), persone=persone)

    def valida_file(self, percorso: Path) -> list[Anomalia]:
        """When the schema folder is configured, the written XML is validated before it is offered."""
        if self.invio.formato != "xml":
            return []
        errori = valida_xsd(percorso)
        anomalie = [Anomalia(gettext("Il file non è conforme allo schema SIUSS: %(e)s") % {"e": e}, None, "",
                             codice="xsd") for e in errori[:50]]
        if len(errori) > 50:
            anomalie.append(Anomalia(gettext("Altri %(n)d errori di schema non elencati.") % {"n": len(errori) - 50},
                                     None, "", codice="xsd"))
        return anomalie


MASSIMO_PER_CODICE = 200  # findings of one kind listed on the page; the rest are counted
UNA_VOLTA = ("strumento_non_mappato", "cittadinanza_non_mappata")  # one finding per link, not one per row


def _senza_doppioni(anomalie: list[Anomalia]) -> list[Anomalia]:
    """An unmapped strumento or citizenship is one problem, not one per row (the first of each link is kept); of
    any other kind at most ``MASSIMO_PER_CODICE`` rows are listed and the others counted in one more finding."""
    visti: set[tuple[str, str]] = set()
    per_codice: dict[str, int] = {}
    gravita: dict[str, str] = {}
    risultato = []
    for a in anomalie:
        if a.codice in UNA_VOLTA:
            if (a.codice, a.url) in visti:
                continue
            visti.add((a.codice, a.url))
        per_codice[a.codice] = per_codice.get(a.codice, 0) + 1
        gravita[a.codice] = a.gravita
        if per_codice[a.codice] <= MASSIMO_PER_CODICE:
            risultato.append(a)
    for codice, n in per_codice.items():
        if n > MASSIMO_PER_CODICE:  # as grave as what it counts: warnings counted are not an error
            altre = n - MASSIMO_PER_CODICE
            risultato.append(Anomalia(ngettext("Un'altra riga con lo stesso problema (%(c)s).",
                                               "Altre %(n)d righe con lo stesso problema (%(c)s).", altre)
                                      % {"n": altre, "c": codice}, None, "",
                                      gravita=gravita[codice], codice=codice))
    return risultato
