"""SIUSS (INPS, Sistema informativo unitario dei servizi sociali) — the PS/PSA/SINA flow of the Ambito's benefits.

One record per event of misure's SIUSS outbox (``EventoSIUSS``: a payment, a suspension, an end) dated in the
period, read through ``misure/selectors/siuss.py`` (one set-based query, streamed) and turned into one benefit
event of the official schema ``PS_PSA_SINA201812.xsd`` (:mod:`rendicontazione.siuss` writes it):

| Outbox event | Record |
| --- | --- |
| `pagamento` | `TipoOperazione` I: the month paid (start = the month, end = its last day, amount = paid, |
| | monthly amount = the plan's, quota ente = paid, quota utente and SSN = 0, periodic) |
| `pagamento` undone | `TipoOperazione` C: the payment was wholly undone afterwards (an indebito for its whole amount) |
| `sospensione` | I: the benefit (from the plan's first month) interrupted — end = the day before the suspension |
| `cessazione` | I: the benefit ended — end = the day before the end date |

Where each field comes from: the beneficiary's registry data; `CodiceCittadinanza` 000 for an Italian citizen,
else the Ambito's **mapping** of the citizenship as recorded on the beneficiary (kind ``misure.cittadinanza``, key =
the text normalised by ``misure.selectors.rendicontazione.chiave_cittadinanza``, code = the ISTAT three-digit code
of the State in ``VoceMappatura.codice_cittadinanza``); `CodicePrestazione`, `AreaUtenza` and the name of the
benefit from the Ambito's **mapping** of the strumento (``rendicontazione.selectors.mappatura_per``, kind
``misure.strumento``); `ProtocolloDomanda` = the domanda's protocol (n/anno); `PresenzaProvaMezzi` 1 when the
domanda declared an ISEE, else 4; the **DSU protocol**, its year and date from the beneficiary's latest ISEE
attestation, read through the core sensitive-read service (one log row per person and chunk); `PresaCarico` 1 (a
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
import io
from collections.abc import Iterable, Iterator
from decimal import Decimal
from itertools import groupby, islice
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ambito.audit.sensibili import Lettura, leggi_sensibili_elenco, leggi_sensibili_righe
from ambito.errors import RegolaViolata
from misure.selectors import rendicontazione as misure_rendicontazione
from misure.selectors import siuss as misure_siuss
from rendicontazione import codici, selectors
from rendicontazione.registry import (
    Anomalia,
    CampoTracciato,
    Destinatario,
    EsportatoreRitorno,
    Periodicita,
    registra_ritorno,
)
from rendicontazione.siuss import (
    BeneficiarioSiuss,
    EnteSiuss,
    IndirizzoSiuss,
    PrestazioneSiuss,
    SinaSiuss,
    scrivi_flusso,
    valida_xsd,
)

ZERO = Decimal("0.00")
BLOCCO = 1000  # events per chunk: the sensitive reads and the lookups run once per chunk, never per row
MOTIVO_LETTURA = "debito informativo SIUSS (INPS)"
SEGNAPOSTO = 987654321987  # the id in a reversed URL pattern, replaced by each record's
CITTADINANZA_ITALIANA = misure_rendicontazione.CITTADINANZA_ITALIANA

_UNO_TRE = {1: "1", 2: "2", 3: "3", 4: "3"}
_COGNITIVI = {2: "1", 3: "2", 4: "3"}


def _fine_mese(giorno: dt.date) -> dt.date:
    return giorno.replace(day=calendar.monthrange(giorno.year, giorno.month)[1])


def _data(valore: Any) -> dt.date | None:
    if valore in (None, ""):
        return None
    return valore if isinstance(valore, dt.date) else dt.date.fromisoformat(str(valore))


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
    """Turns outbox rows into flat SIUSS records (the layout below) chunk by chunk: per chunk one query for the
    ISEE attestations, one for the assessments and one for the certifications, each read through the
    sensitive-read service. The mappings (strumenti, citizenships) are read once."""

    def __init__(self, *, ambito: Any, utente: Any, motivo: str = MOTIVO_LETTURA, sistema: str = "") -> None:
        self.ambito = ambito
        self.utente = utente
        self.motivo = motivo
        self.sistema = sistema
        self.mappa = selectors.mappatura_per(ambito=ambito, tipo_oggetto="misure.strumento")
        self.cittadinanze = {chiave: voce.codice_cittadinanza for chiave, voce in selectors.mappatura_per(
            ambito=ambito, tipo_oggetto="misure.cittadinanza").items() if voce.codice_cittadinanza}
        self._modelli_url: dict[tuple[str, str], tuple[str, str]] = {}

    def _dsu(self, righe: list[dict[str, Any]]) -> dict[int, dict[str, Any]]:
        con_isee = {r["beneficiario_id"] for r in righe if r["isee_tipo"]}
        if not con_isee:
            return {}
        attestazioni = misure_siuss.attestazioni_dsu(ambito=self.ambito, beneficiario_ids=con_isee)
        letti = (leggi_sensibili_elenco(attestazioni, utente=self.utente, motivo=self.motivo,
                                        campi=["protocollo_dsu", "anno_dsu"], sistema=self.sistema)
                 if attestazioni else [])
        return {a.beneficiario_id: {"protocollo": dsu_sensibili.protocollo_dsu, "anno": dsu_sensibili.anno_dsu,
                                    "data": a.rilasciata_il}
                for a, dsu_sensibili in zip(attestazioni, letti, strict=True)}

    def _sina(self, righe: list[dict[str, Any]]) -> dict[int, dict[str, Any]]:
        domande = set()
        for r in righe:
            voce = self.mappa.get(str(r["strumento_id"]))
            if voce is not None and voce.siuss_area_utenza == "2":
                domande.add(r["domanda_id"])
        if not domande:
            return {}
        valutazioni = misure_siuss.valutazioni_sina(ambito=self.ambito, domanda_ids=domande)
        letti = leggi_sensibili_elenco(valutazioni, utente=self.utente, motivo=self.motivo,
                                       campi=list(misure_siuss.CAMPI_SINA), sistema=self.sistema) if valutazioni else []
        return {v.domanda_id: {"sensibili": sina_sensibili, "strumento": v.strumento, "uvm": v.uvm_asst}
                for v, sina_sensibili in zip(valutazioni, letti, strict=True)}

    def _invalidita(self, blocco: list[dict[str, Any]]) -> dict[tuple[int, dt.date], tuple[str, ...]]:
        """The ``InvCiv`` codes of each (beneficiary, event date) of the chunk's area-2 benefits (the only ones with
        a SINA block): one query for the certifications dated by the chunk's last event, their values read through
        the sensitive-read log as plain rows (no model instance per certification)."""
        righe = [r for r in blocco if (voce := self.mappa.get(str(r["strumento_id"]))) is not None
                 and voce.siuss_area_utenza == "2"]
        if not righe:
            return {}
        certificazioni = misure_siuss.certificazioni_invalidita(
            ambito=self.ambito, beneficiario_ids={r["beneficiario_id"] for r in righe},
            al=max(r["data"] for r in righe))
        if not certificazioni:
            return {}
        letture = [Lettura(c["ambito_id"], c["pk"], c["interessato"], c["valori"]) for c in certificazioni]
        letti = leggi_sensibili_righe(misure_siuss.MODELLO_INVALIDITA, letture, utente=self.utente,
                                      motivo=self.motivo, campi=misure_siuss.CAMPI_INVALIDITA, sistema=self.sistema)
        per_persona: dict[int, list[tuple[dt.date, int, str, int | None]]] = {}
        for c, invalidita_sensibili in zip(certificazioni, letti, strict=True):
            per_persona.setdefault(c["beneficiario_id"], []).append(
                (c["data"], c["pk"], invalidita_sensibili.tipo_certificazione,
                 invalidita_sensibili.percentuale_invalidita))
        return {(r["beneficiario_id"], r["data"]): codici_invalidita(per_persona.get(r["beneficiario_id"], ()),
                                                                     r["data"]) for r in righe}

    def records(self, righe: Iterable[dict[str, Any]]) -> Iterator[tuple[dict[str, Any], list[Anomalia]]]:
        """(flat record, its problems) per outbox row, streamed in chunks."""
        iteratore = iter(righe)
        while blocco := list(islice(iteratore, BLOCCO)):
            dsu, sina, invalidita = self._dsu(blocco), self._sina(blocco), self._invalidita(blocco)
            for riga in blocco:
                yield self.record(riga, dsu.get(riga["beneficiario_id"]), sina.get(riga["domanda_id"]),
                                  invalidita=invalidita.get((riga["beneficiario_id"], riga["data"]), ()))

    def _url(self, nome: str, **kwargs: Any) -> str:
        """The page of a record: reversed once per page and key (a pattern with a placeholder id), then filled in —
        every record names two pages, and ``reverse`` per record was a fifth of the production time."""
        if not kwargs:
            return reverse(nome, kwargs={"ambito_slug": self.ambito.slug})
        ((chiave, valore),) = kwargs.items()
        modello = self._modelli_url.get((nome, chiave))
        if modello is None:
            url = reverse(nome, kwargs={"ambito_slug": self.ambito.slug, chiave: SEGNAPOSTO})
            prima, _segnaposto, dopo = url.rpartition(str(SEGNAPOSTO))
            modello = self._modelli_url[(nome, chiave)] = (prima, dopo)
        return f"{modello[0]}{int(valore)}{modello[1]}"

    def _url_mappa(self, strumento_id: int) -> str:
        url = self._url("rendicontazione:voce_mappatura_create")
        return f"{url}?tipo_oggetto=misure.strumento&chiave_oggetto={strumento_id}"

    def _url_mappa_cittadinanza(self, chiave: str) -> str:
        url = self._url("rendicontazione:voce_mappatura_create")
        return f"{url}?{urlencode({'tipo_oggetto': 'misure.cittadinanza', 'chiave_oggetto': chiave})}"

    def _codice_cittadinanza(self, testo: str | None) -> str:
        """The SIUSS ``CodiceCittadinanza``: 000 for an Italian, else the Ambito's mapping of the citizenship as
        recorded (normalised); "" when unmapped."""
        chiave = misure_rendicontazione.chiave_cittadinanza(testo)
        if chiave in CITTADINANZA_ITALIANA:
            return "000"
        return self.cittadinanze.get(chiave, "")

    def record(self, r: dict[str, Any], dsu: dict[str, Any] | None, sina: dict[str, Any] | None, *,
               invalidita: tuple[str, ...] = ()) -> tuple[dict[str, Any], list[Anomalia]]:
        anomalie: list[Anomalia] = []
        url_domanda = self._url("misure:domanda_detail", domanda_pk=r["domanda_id"])
        url_beneficiario = self._url("misure:beneficiario_detail", beneficiario_pk=r["beneficiario_id"])
        voce = self.mappa.get(str(r["strumento_id"]))
        if voce is None or not voce.siuss_codice_prestazione:
            anomalie.append(Anomalia(
                gettext("Lo strumento «%(s)s» non è mappato su un codice prestazione SIUSS.")
                % {"s": r["strumento_nome"]}, None, "codice_prestazione", self._url_mappa(r["strumento_id"]),
                codice="strumento_non_mappato"))
        prova_mezzi = "1" if r["isee_tipo"] else "4"
        if prova_mezzi == "1" and not (dsu and dsu["protocollo"]):
            anomalie.append(Anomalia(gettext("Manca il protocollo della DSU (ISEE) del beneficiario."), None,
                                     "numero_protocollo_dsu", url_beneficiario, codice="dsu_mancante"))
        elif dsu and len(dsu["protocollo"]) > 30:
            anomalie.append(Anomalia(gettext("Il protocollo della DSU supera i 30 caratteri ammessi dal SIUSS."),
                                     None, "numero_protocollo_dsu", url_beneficiario, codice="dsu_non_valido"))
        cittadinanza = self._codice_cittadinanza(r["cittadinanza"])
        if not cittadinanza:
            chiave = misure_rendicontazione.chiave_cittadinanza(r["cittadinanza"])
            anomalie.append(Anomalia(
                gettext("La cittadinanza «%(c)s» non ha un codice SIUSS: indicalo nella mappatura dei codici.")
                % {"c": r["cittadinanza"]}, None, "cittadinanza",
                self._url_mappa_cittadinanza(chiave) if chiave else url_beneficiario,
                codice="cittadinanza_non_mappata"))
        record = self._anagrafica(r, cittadinanza)
        record.update(self._prestazione(r, voce, prova_mezzi, dsu if prova_mezzi == "1" else None))
        if voce is not None and voce.siuss_area_utenza == "2":
            if sina is None or not self._sina_completa(sina):
                anomalie.append(Anomalia(
                    gettext("Prestazione per la non autosufficienza senza la valutazione SINA completa (mobilità, "
                            "attività quotidiane, disturbi, rete di supporto)."), None, "sina_mobilita",
                    url_domanda, codice="sina_mancante"))
            else:
                record.update(self._blocco_sina(sina, prova_mezzi, invalidita))
                if not sina["sensibili"].sina_area_reddituale:
                    anomalie.append(Anomalia(
                        gettext("La valutazione SINA non indica l'area reddituale: il file la ricava dalla prova dei "
                                "mezzi (%(a)s). Registrala nella valutazione della domanda.")
                        % {"a": record["sina_area_reddituale"]}, None, "sina_area_reddituale", url_domanda,
                        gravita="avviso", codice="area_reddituale_mancante"))
        record["_url"] = url_domanda
        return record, anomalie

    @staticmethod
    def _sina_completa(sina: dict[str, Any]) -> bool:
        s = sina["sensibili"]
        return all(getattr(s, c) for c in ("sina_mobilita", "sina_attivita_quotidiane", "sina_disturbi_cognitivi",
                                            "sina_rete_supporto"))

    @staticmethod
    def _anagrafica(r: dict[str, Any], cittadinanza: str) -> dict[str, Any]:
        return {
            "evento": r["chiave"], "codice_fiscale": r["codice_fiscale"], "cognome": r["cognome"][:36],
            "nome": r["nome"][:36], "anno_nascita": r["data_nascita"].year, "luogo_nascita": r["luogo_nascita"],
            "genere": "1" if r["sesso"] == "M" else "2", "cittadinanza": cittadinanza,
            "codice_regione": r["comune_regione"] or "", "codice_comune": r["comune_istat"] or "",
        }

    @staticmethod
    def _prestazione(r: dict[str, Any], voce: Any, prova_mezzi: str, dsu: dict[str, Any] | None) -> dict[str, Any]:
        denominazione = voce.descrizione if voce is not None else ""
        if len(denominazione) < 10:
            denominazione = f"{r['misura_nome']} — {r['strumento_nome']}"
        campi: dict[str, Any] = {
            "tipo_operazione": "C" if r["tipo"] == "pagamento" and r["annullato"] else "I",
            "codice_prestazione": voce.siuss_codice_prestazione if voce is not None else "",
            "denominazione_prestazione": denominazione[:200],
            "area_utenza": voce.siuss_area_utenza if voce is not None else "",
            "protocollo_domanda": f"{r['protocollo_numero']}/{r['protocollo_anno']}" if r["protocollo_numero"] else "",
            "presenza_prova_mezzi": prova_mezzi, "carattere_prestazione": "1", "presa_carico": "1",
            "numero_protocollo_dsu": dsu["protocollo"] if dsu else "",
            "anno_protocollo_dsu": (dsu["anno"] or dsu["data"].year) if dsu else None,
            "data_dsu": dsu["data"] if dsu else None,
            "data_evento": r["data"], "importo_mensile": r["piano_importo_mensile"],
        }
        dati = r["dati"] or {}
        if r["tipo"] == "pagamento":
            mese = _data(dati.get("mese")) or r["data"]
            importo = Decimal(str(dati.get("importo") or "0"))
            campi.update(data_inizio=mese, data_fine=_fine_mese(mese), importo_prestazione=importo,
                         periodo_erogazione=1, quota_ente=importo, quota_utente=ZERO, quota_ssn=ZERO)
        else:
            fine = (_data(dati.get("dal")) or r["data"]) - dt.timedelta(days=1)
            campi.update(data_inizio=r["piano_mese_inizio"], data_fine=max(fine, r["piano_mese_inizio"]))
        return campi

    @staticmethod
    def _blocco_sina(sina: dict[str, Any], prova_mezzi: str, invalidita: tuple[str, ...] = ()) -> dict[str, Any]:
        s = sina["sensibili"]
        return {
            "sina_mobilita": _codice_sina(_UNO_TRE, s.sina_mobilita),
            "sina_attivita_vita_quotidiana": _codice_sina(_UNO_TRE, s.sina_attivita_quotidiane),
            "sina_disturbi_area_cognitiva": _codice_sina(_COGNITIVI, s.sina_disturbi_cognitivi),
            "sina_disturbi_comportamentali": "1" if s.sina_disturbi_cognitivi == 1 else "2",
            "sina_necessita_cure_sanitarie": _codice_sina(_UNO_TRE, s.sina_bisogni_sanitari),
            # Recorded on the assessment; an older assessment without it: derived from the means test (a warning).
            "sina_area_reddituale": s.sina_area_reddituale or ("3" if prova_mezzi == "1" else "1"),
            "sina_area_supporto": _codice_sina(_UNO_TRE, s.sina_rete_supporto),
            "sina_fonte_valutazione": "1" if sina["uvm"] else "2",
            "sina_strumento_valutazione": "1" if sina["strumento"] == "svama" else "7",
            "sina_invalidita_civile": " ".join(invalidita),
            "sina_fonte_invalidita": "1" if invalidita else "",
        }


# -- flat record → neutral records of the writer ----------------------------------------------------------------


def beneficiario_di(record: dict[str, Any], prestazioni: tuple[PrestazioneSiuss, ...]) -> BeneficiarioSiuss:
    indirizzo = IndirizzoSiuss(codice_regione=record.get("codice_regione") or "",
                               codice_comune=record.get("codice_comune") or "")
    return BeneficiarioSiuss(record["codice_fiscale"], record["cognome"], record["nome"], int(record["anno_nascita"]),
                             record["luogo_nascita"], record["genere"], cittadinanza=record["cittadinanza"],
                             indirizzi=(indirizzo,), prestazioni=prestazioni)


def prestazione_di(record: dict[str, Any]) -> PrestazioneSiuss:
    sina = None
    if record.get("sina_mobilita"):
        sina = SinaSiuss(
            mobilita=record["sina_mobilita"], attivita_vita_quotidiana=record["sina_attivita_vita_quotidiana"],
            disturbi_comportamentali=record["sina_disturbi_comportamentali"],
            area_reddituale=record["sina_area_reddituale"], area_supporto=record["sina_area_supporto"],
            fonte_valutazione=record["sina_fonte_valutazione"],
            strumento_valutazione=record["sina_strumento_valutazione"],
            disturbi_area_cognitiva=record.get("sina_disturbi_area_cognitiva") or "",
            necessita_cure_sanitarie=record.get("sina_necessita_cure_sanitarie") or "",
            invalidita=tuple((record.get("sina_invalidita_civile") or "").split()),
            fonte_invalidita=record.get("sina_fonte_invalidita") or "")
    return PrestazioneSiuss(
        codice_prestazione=record["codice_prestazione"], denominazione=record["denominazione_prestazione"],
        protocollo_domanda=record["protocollo_domanda"], presenza_prova_mezzi=record["presenza_prova_mezzi"],
        presa_carico=record["presa_carico"], tipo_operazione=record["tipo_operazione"],
        carattere=record.get("carattere_prestazione") or "", protocollo_dsu=record.get("numero_protocollo_dsu") or "",
        anno_protocollo_dsu=record.get("anno_protocollo_dsu"), data_dsu=record.get("data_dsu"),
        data_evento=record.get("data_evento"), data_inizio=record.get("data_inizio"),
        data_fine=record.get("data_fine"), importo=record.get("importo_prestazione"),
        periodo_erogazione=record.get("periodo_erogazione"), importo_mensile=record.get("importo_mensile"),
        quota_ente=record.get("quota_ente"), quota_utente=record.get("quota_utente"),
        quota_ssn=record.get("quota_ssn"), area_utenza=record.get("area_utenza") or "", sina=sina)


def ente_di(configurazione: Any) -> EnteSiuss:
    return EnteSiuss(codice=configurazione.codice_ente, belfiore=configurazione.belfiore_ente,
                     cf_operatore=configurazione.cf_operatore, denominazione=configurazione.denominazione_ente)


def nome_flusso(configurazione: Any, giorno: dt.date, progressivo: int) -> str:
    """``EEEEE.PS.AAAAMMGG.NNNNNNN`` (the WaaS identifier; the schema keeps 50 characters)."""
    return f"{configurazione.codice_ente}.PS.{giorno:%Y%m%d}.{progressivo:07d}"


def flusso_singolo(configurazione: Any, record: dict[str, Any], *, nome: str) -> bytes:
    """One beneficiary, one benefit: the flow of the single-record channels (WaaS)."""
    uscita = io.StringIO()
    scrivi_flusso(uscita, nome=nome, ente=ente_di(configurazione),
                  beneficiari=[beneficiario_di(record, (prestazione_di(record),))])
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
        righe = misure_siuss.eventi_siuss(ambito=self.ambito, dal=self.periodo.dal, al=self.periodo.al)
        return costruttore.records(righe)

    def righe_dati(self) -> Iterator[dict[str, Any]]:
        for record, _anomalie in self._records():
            yield record

    def controlla(self, *, precedente: dict[str, dict[str, str]] | None, registro: Any = None
                  ) -> tuple[list[Anomalia], dict | None]:
        """The generic checks, plus each record's own problems (numbered like the rows) collected on the same
        pass: ``righe_dati`` is wrapped so the rows are read once."""
        propri: list[Anomalia] = []
        records = self._records()

        def righe() -> Iterator[dict[str, Any]]:
            for numero, (record, anomalie) in enumerate(records, start=1):
                propri.extend(Anomalia(a.messaggio, numero, a.campo, a.url, a.gravita, a.codice) for a in anomalie)
                yield record

        originale = self.righe_dati
        self.righe_dati = righe  # type: ignore[method-assign]
        try:
            anomalie, sintesi = super().controlla(precedente=precedente, registro=registro)
        finally:
            self.righe_dati = originale  # type: ignore[method-assign]
        return _senza_doppioni(propri + anomalie), sintesi

    def controlli(self, righe: list[dict[str, Any]] | None) -> Iterable[Anomalia]:
        if self.configurazione is None:
            yield Anomalia(gettext("Mancano i dati dell'ente per il SIUSS (codice INPS, sede, operatore)."), None,
                           "", reverse("rendicontazione:siuss", kwargs={"ambito_slug": self.ambito.slug}),
                           codice="configurazione_mancante")

    def scrivi_xml(self, percorso: Path) -> None:
        """The multi-beneficiary file (rows are grouped by beneficiary), streamed; then, when the schema folder is
        configured, validated before it is offered."""
        assert self.configurazione is not None  # the checks stop the job first
        nome = nome_flusso(self.configurazione, timezone.localdate(), self.invio.pk % 10_000_000)
        righe = self._con_progresso(self.righe_dati())
        beneficiari = (beneficiario_di(primo, tuple(prestazione_di(r) for r in (primo, *resto)))
                       for _cf, gruppo in groupby(righe, key=lambda r: r["codice_fiscale"])
                       for primo, *resto in [list(gruppo)])
        with percorso.open("w", encoding="utf-8") as uscita:
            scrivi_flusso(uscita, nome=nome, ente=ente_di(self.configurazione), beneficiari=beneficiari)
        errori = valida_xsd(percorso)
        if errori:
            from rendicontazione import services

            anomalie = [Anomalia(gettext("Il file non è conforme allo schema SIUSS: %(e)s") % {"e": e}, None, "",
                                 codice="xsd") for e in errori[:50]]
            services.invio_record_controlli(invio=self.invio, actor=self.contesto.actor, anomalie=anomalie,
                                            sintesi={})
            raise RegolaViolata(gettext("Il file prodotto non è conforme allo schema SIUSS (%(n)d errori): non viene "
                                        "offerto. Gli errori sono elencati nella pagina dell'invio.")
                                % {"n": len(errori)})


MASSIMO_PER_CODICE = 200  # findings of one kind listed on the page; the rest are counted


def _senza_doppioni(anomalie: list[Anomalia]) -> list[Anomalia]:
    """An unmapped strumento or citizenship is one problem, not one per row (the first of each link is kept); of
    any other kind at most ``MASSIMO_PER_CODICE`` rows are listed and the others counted in one more finding."""
    visti: set[tuple[str, str]] = set()
    per_codice: dict[str, int] = {}
    risultato = []
    for a in anomalie:
        if a.codice in ("strumento_non_mappato", "cittadinanza_non_mappata"):
            if (a.codice, a.url) in visti:
                continue
            visti.add((a.codice, a.url))
        per_codice[a.codice] = per_codice.get(a.codice, 0) + 1
        if per_codice[a.codice] <= MASSIMO_PER_CODICE:
            risultato.append(a)
    for codice, n in per_codice.items():
        if n > MASSIMO_PER_CODICE:
            risultato.append(Anomalia(gettext("Altre %(n)d righe con lo stesso problema (%(c)s).")
                                      % {"n": n - MASSIMO_PER_CODICE, "c": codice}, None, "", codice=codice))
    return risultato
