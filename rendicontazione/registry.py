"""The registry of data returns (debiti informativi): an extension of the core's exporters and job kinds.

A return is an :class:`~ambito.exporters.EsportatoreRighe` that also declares whom it is for, its period
type, its formats and CSV dialect, its documented column layout (:class:`CampoTracciato`) and its checks::

    @registra_ritorno
    class FondoPoverta(EsportatoreRitorno):
        codice = "fondo_poverta"
        etichetta = _("Fondo Povertà — monitoraggio Multifondo")
        destinatario = Destinatario.MINISTERO
        periodicita = Periodicita.SEMESTRALE
        formati = ("csv", "xlsx")
        tracciato = (CampoTracciato("quota", _("Quota"), obbligatorio=True), ...)
        chiave = ("quota", "intervento", "annualita")      # rows compared with the last submitted file
        non_diminuibili = ("impegnato", "liquidato")       # a decrease is an error
        def righe_dati(self): yield {"quota": ..., "_url": <link of the record to fix>}
        def totali_attesi(self): return {"impegnato": <from the ledger, independently>}

Registering makes it the job kind ``rendicontazione.<codice>`` (``ambito.jobs.registry.tipo_job``, not offered
in "Nuova elaborazione": it is started from the return's page, which records an :class:`Invio`). The job reads
the rows **once**: each row goes through the checks (:class:`Verifica`: mandatory fields, allowed codes, the row's
own findings) on its way into the file — streamed CSV in the recipient's dialect, XLSX in constant memory (the
core writers, formula-safe) or XML (:func:`scrivi_xml`, streamed) — then the file-wide checks run (totals that must
agree with the ledger, figures that may not decrease, rows that disappeared, the return's own :meth:`controlli`,
then :meth:`valida_file`, a schema). The findings are stored on the Invio; a file with errors is deleted, never
offered. (Checking first and writing after read every row twice: the 1M-row bench showed it.)

Returns that read misure, piani or udos are written here too, in ``rendicontazione/ritorni/``, through those
modules' selectors: rendicontazione may import them, nothing imports rendicontazione (see the README).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, ClassVar, NamedTuple
from xml.sax.saxutils import XMLGenerator

from django import forms
from django.db import models
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from ambito.errors import RegolaViolata
from ambito.exporters import (
    Colonna,
    EsportatoreRighe,
    Foglio,
    Totale,
    scrivi_csv,
    scrivi_xlsx_fogli,
    testo_sicuro,
)
from ambito.formato import decimali_significativi, euro, formato_numero
from ambito.jobs.esecuzione import ContestoJob
from ambito.jobs.registry import ParametriForm, Risultato, tipo_job

CAPACITA_PRODUZIONE = "rendicontazione.gestisci"
FORMATI_RITORNO = {"csv": _("CSV"), "xlsx": _("Excel (XLSX)"), "xml": _("XML")}


class Destinatario(models.TextChoices):
    REGIONE = "regione", _("Regione Lombardia")
    ATS = "ats", _("ATS")
    MINISTERO = "ministero", _("Ministero del Lavoro e delle Politiche Sociali")
    ISTAT = "istat", _("ISTAT")
    INPS = "inps", _("INPS")


class Periodicita(models.TextChoices):
    TRIMESTRALE = "trimestrale", _("Trimestrale")
    SEMESTRALE = "semestrale", _("Semestrale")
    ANNUALE = "annuale", _("Annuale")


MESI_PER_PERIODO = {Periodicita.TRIMESTRALE: 3, Periodicita.SEMESTRALE: 6, Periodicita.ANNUALE: 12}


@dataclass(frozen=True)
class Periodo:
    """A reference period: ``numero`` is the quarter (1–4), the half (1–2) or 1 for the year."""

    anno: int
    numero: int
    periodicita: str

    @classmethod
    def valido(cls, anno: int, numero: int, periodicita: str) -> Periodo:
        massimo = 12 // MESI_PER_PERIODO[periodicita]
        if not 1 <= numero <= massimo:
            raise RegolaViolata(gettext("Il periodo deve essere compreso fra 1 e %(max)d.") % {"max": massimo},
                                campo="periodo", codice="periodo_non_valido")
        if not 2000 <= anno <= 2100:
            raise RegolaViolata(gettext("Anno non valido."), campo="anno", codice="anno_non_valido")
        return cls(anno, numero, periodicita)

    @property
    def dal(self) -> dt.date:
        return dt.date(self.anno, (self.numero - 1) * MESI_PER_PERIODO[self.periodicita] + 1, 1)

    @property
    def al(self) -> dt.date:
        mese_fine = self.numero * MESI_PER_PERIODO[self.periodicita]
        if mese_fine == 12:
            return dt.date(self.anno, 12, 31)
        return dt.date(self.anno, mese_fine + 1, 1) - dt.timedelta(days=1)

    @property
    def etichetta(self) -> str:
        if self.periodicita == Periodicita.TRIMESTRALE:
            return gettext("%(n)d° trimestre %(anno)d") % {"n": self.numero, "anno": self.anno}
        if self.periodicita == Periodicita.SEMESTRALE:
            return gettext("%(n)d° semestre %(anno)d") % {"n": self.numero, "anno": self.anno}
        return gettext("Anno %(anno)d") % {"anno": self.anno}


@dataclass(frozen=True)
class CampoTracciato:
    """One column of a return's documented layout."""

    nome: str  # the key in the row dicts and the header of CSV/XML
    etichetta: str
    tipo: str = "testo"  # testo | euro | decimale | intero | data | codice
    obbligatorio: bool = False
    descrizione: str = ""
    codici: Callable[[], dict[str, str]] | None = None  # allowed values (None: any)

    @property
    def colonna(self) -> Colonna:
        return Colonna(self.etichetta, self.tipo if self.tipo in ("euro", "decimale", "intero", "data") else "testo")


@dataclass(frozen=True)
class Anomalia:
    """One finding of the checks: the row (1-based, None for the whole file), the field, the message, and the
    link to the record to fix. ``gravita`` "errore" stops the file; "avviso" is shown but lets it through."""

    messaggio: str
    riga: int | None = None
    campo: str = ""
    url: str = ""
    gravita: str = "errore"
    codice: str = ""

    def come_dict(self) -> dict[str, Any]:
        return asdict(self)


def _decimale(valore: Any) -> Decimal | None:
    if valore in (None, ""):
        return None
    try:
        return Decimal(str(valore))
    except InvalidOperation:
        return None


# A row of :meth:`EsportatoreRitorno.righe_dati` may stand for several lines of the file that share most of their
# fields (the monthly events of one benefit): it then holds the shared fields and, under this key, a list of
# sub-rows with the fields each line holds on its own (every sub-row the same keys). The checks look at what the
# lines share once; a CSV or XLSX file writes one line per sub-row; line numbers count the lines.
SOTTORIGHE = "_righe"
_UNA = (None,)  # the lines of a row without sub-rows
ANOMALIE_ELENCATE = 1000  # findings listed on a production; the others are counted in one more finding


def _scomparsa(chiave: str) -> Anomalia:
    return Anomalia(gettext("La riga %(chiave)s, presente nell'ultimo invio, non c'è più.") % {"chiave": chiave},
                    None, "", gravita="avviso", codice="riga_scomparsa")


class _Raccolta:
    """Findings, listed up to ANOMALIE_ELENCATE and counted beyond (memory stays bounded for any file)."""

    def __init__(self) -> None:
        self._elenco: list[Anomalia] = []
        self._oltre = {"errore": 0, "avviso": 0}

    def add(self, anomalia: Anomalia) -> None:
        if len(self._elenco) < ANOMALIE_ELENCATE:
            self._elenco.append(anomalia)
        else:
            self._oltre[anomalia.gravita] += 1

    def elenco(self) -> list[Anomalia]:
        errori, avvisi = self._oltre["errore"], self._oltre["avviso"]
        altre = [Anomalia(ngettext("Un altro errore non elencato: correggi quelli mostrati e ripeti i controlli.",
                                   "Altri %(n)d errori non elencati: correggi quelli mostrati e ripeti i controlli.",
                                   errori) % {"n": errori}, codice="altri_errori")] if errori else []
        if avvisi:
            altre.append(Anomalia(ngettext("Un altro avviso non elencato.", "Altri %(n)d avvisi non elencati.",
                                           avvisi) % {"n": avvisi}, gravita="avviso", codice="altri_avvisi"))
        return self._elenco + altre


class InvioJobForm(ParametriForm):
    """The parameters of a return's job: only the Invio (period, format and parameters are on it)."""

    invio = forms.IntegerField(label=_("Invio"), min_value=1)


class EsportatoreRitorno(EsportatoreRighe):
    """Base of every data return (see the module docstring)."""

    codice: ClassVar[str] = ""
    etichetta: ClassVar[str] = ""
    descrizione: ClassVar[str] = ""
    destinatario: ClassVar[str] = Destinatario.REGIONE
    periodicita: ClassVar[str] = Periodicita.ANNUALE
    formati: ClassVar[tuple[str, ...]] = ("csv", "xlsx")
    separatore: ClassVar[str] = ";"
    codifica: ClassVar[str] = "utf-8-sig"
    tracciato: ClassVar[tuple[CampoTracciato, ...]] = ()
    chiave: ClassVar[tuple[str, ...]] = ()
    non_diminuibili: ClassVar[tuple[str, ...]] = ()
    # Figures that carry over from period to period (Multifondo): the decrease rule and the diff compare with the
    # last file submitted for this period or an earlier one, not only this period's.
    cumulativo: ClassVar[bool] = False
    giorni_scadenza: ClassVar[int] = 60  # the deadline: this many days after the end of the period
    nodo_radice: ClassVar[str] = "Ritorno"
    # Where ``totali_attesi`` comes from, as the total's error names it ("… non corrisponde a quello <origine>").
    origine_totali: ClassVar[str] = _("della contabilità dei fondi")
    do_not_call_in_templates: ClassVar[bool] = True  # templates read the class's attributes, never instantiate it

    def __init__(self, contesto: ContestoJob, invio: Any) -> None:
        super().__init__(contesto)
        self.invio = invio
        self.periodo = Periodo(invio.anno, invio.periodo, self.periodicita)
        self.parametri = dict(invio.parametri)
        self.verifica: Verifica | None = None  # set by :meth:`produci` for the one pass that checks and writes

    # -- what a return defines ----------------------------------------------------------------

    @classmethod
    def campi_parametri(cls) -> dict[str, forms.Field]:
        """Extra parameters of the return (a FNPS phase…), added to the production form."""
        return {}

    def righe_dati(self) -> Iterable[dict[str, Any]]:
        """The rows as dicts keyed by the layout's names (``_url``: the record to fix; ``_anomalie``: the row's
        own findings, a list of :class:`Anomalia` whose row number the checks fill in). Streamed, read once: the
        checks see each row while the file is written."""
        raise NotImplementedError

    def conta_righe(self) -> int | None:
        """The number of rows, when cheap to know: progress of the writing becomes a percentage."""
        return None

    def totali_attesi(self) -> dict[str, Decimal]:
        """Totals per field computed independently from the ledger: the rows must add up to them."""
        return {}

    def controlli(self, righe: list[dict[str, Any]] | None) -> Iterable[Anomalia]:
        """The return's own checks (beyond the generic ones), run once every row has been seen."""
        return ()

    def anomalie_finali(self, anomalie: list[Anomalia]) -> list[Anomalia]:
        """The findings as listed on the Invio (a return may merge repeated ones)."""
        return anomalie

    def valida_file(self, percorso: Path) -> list[Anomalia]:
        """Checks of the written file itself (a schema), run when the rows passed theirs."""
        return []

    # -- the generic part -----------------------------------------------------------------------

    def colonne(self) -> Sequence[Colonna]:
        return [c.colonna for c in self.tracciato]

    def righe_verificate(self) -> Iterator[dict[str, Any]]:
        """:meth:`righe_dati`, each row handed to the production's checks (:class:`Verifica`) on its way to the
        writer: the rows are read once, checked while the file is written."""
        verifica = self.verifica
        if verifica is None:
            yield from self.righe_dati()
            return
        numero = 1
        for riga in self.righe_dati():
            verifica.riga(numero, riga)
            numero += len(riga.get(SOTTORIGHE) or _UNA)
            yield riga

    def righe(self) -> Iterator[Sequence[Any] | Totale]:
        """The lines of the file (a row with :data:`SOTTORIGHE` gives one line per sub-row)."""
        nomi = [c.nome for c in self.tracciato]
        totale = self.conta_righe()
        if totale is not None:
            yield Totale(totale)
        for riga in self.righe_verificate():
            sottorighe = riga.get(SOTTORIGHE)
            if sottorighe is None:
                yield [riga.get(nome) for nome in nomi]
            else:
                for sottoriga in sottorighe:
                    yield [sottoriga[nome] if nome in sottoriga else riga.get(nome) for nome in nomi]

    def chiave_di(self, riga: dict[str, Any]) -> str:
        return "|".join(str(riga.get(nome, "")) for nome in self.chiave)

    def _cifre(self, riga: dict[str, Any]) -> dict[str, str]:
        """The non-decreasable figures of a row, as text (kept in its compact row)."""
        cifre = {}
        for nome in self.non_diminuibili:
            valore = _decimale(riga.get(nome))
            if valore is not None:
                cifre[nome] = str(valore)
        return cifre

    def confronta_compatto(self, *, invio: Any, precedente: Any, sintesi: dict | None) -> list[Anomalia]:
        """The decrease rule and the rows that disappeared, in SQL over the compact rows, when either file is
        too large for its full summary (``sintesi`` None: this one; ``precedente.sintesi_completa`` False: the
        submitted one)."""
        from rendicontazione import sintesi_db as compatta

        anomalie = _Raccolta()
        if not precedente.sintesi_completa:
            for d in compatta.diminuzioni(invio=invio, precedente=precedente, campi=self.non_diminuibili,
                                          limite=ANOMALIE_ELENCATE + 1):
                anomalie.add(self._diminuzione(d.numero, d.campo, Decimal(d.prima), Decimal(d.adesso), d.url))
        if sintesi is None or not precedente.sintesi_completa:
            chiavi, totale = compatta.scomparse(invio=invio, precedente=precedente)
            for chiave in chiavi:
                anomalie.add(_scomparsa(chiave))
            if totale > len(chiavi):
                anomalie.add(Anomalia(gettext("Altre %(n)d righe dell'ultimo invio non ci sono più.")
                                      % {"n": totale - len(chiavi)}, None, "", gravita="avviso",
                                      codice="riga_scomparsa"))
        return anomalie.elenco()

    def _diminuzioni(self, numero: int, chiave: str, riga: dict[str, Any], url: str,
                     precedente: dict[str, dict[str, str]] | None) -> Iterator[Anomalia]:
        if not precedente or chiave not in precedente:
            return
        for nome in self.non_diminuibili:
            prima, adesso = _decimale(precedente[chiave].get(nome)), _decimale(riga.get(nome))
            if prima is not None and adesso is not None and adesso < prima:
                yield self._diminuzione(numero, nome, prima, adesso, url)

    def _diminuzione(self, numero: int, nome: str, prima: Decimal, adesso: Decimal, url: str) -> Anomalia:
        etichetta = next((c.etichetta for c in self.tracciato if c.nome == nome), nome)
        return Anomalia(gettext(
            "%(campo)s è sceso da %(prima)s a %(adesso)s rispetto all'ultimo invio: la piattaforma del "
            "destinatario rifiuta valori inferiori a quelli già dichiarati. Verifica le rettifiche o i "
            "disimpegni registrati dopo l'invio.") % {"campo": etichetta, "prima": self.cifra(nome, prima),
                                                     "adesso": self.cifra(nome, adesso)},
            numero, nome, url, codice="diminuzione")

    @classmethod
    def cifra(cls, nome: str, valore: Decimal) -> str:
        """A figure of the layout in a message, in Italian format by the field's type (euro, whole number…)."""
        tipo = next((c.tipo for c in cls.tracciato if c.nome == nome), "decimale")
        if tipo == "euro":
            return euro(valore)
        return formato_numero(valore, 0 if tipo == "intero" else decimali_significativi(valore, massimo=2))

    def nome_file_ritorno(self, formato: str) -> str:
        return (f"{self.codice}-{slugify(self.ambito.slug)}-{self.periodo.anno}-{self.periodo.numero}-"
                f"{timezone.localdate():%Y%m%d}.{formato}")

    def esegui(self) -> Risultato:
        formato = self.invio.formato
        percorso = self.contesto.file_temporaneo(f".{formato}")
        righe = self._con_progresso(self.righe())
        self.contesto.progresso(0, gettext("Controlli e scrittura del file"))
        if formato == "xlsx":
            scrivi_xlsx_fogli(percorso, [Foglio(str(self.etichetta)[:31], self.colonne(), righe)])
        elif formato == "xml":
            self.scrivi_xml(percorso)
        else:
            scrivi_csv(percorso, [c.nome for c in self.tracciato], righe, separatore=self.separatore,
                       codifica=self.codifica)
        self.contesto.progresso(99, gettext("Salvataggio del file"))
        return self.nome_file_ritorno(formato), percorso

    def scrivi_xml(self, percorso: Path) -> None:
        """A generic XML of the layout (one ``Riga`` element per row, one child per field), streamed. A return
        with an official schema (SIUSS) overrides it."""
        scrivi_xml(percorso, self.nodo_radice, {"codice": self.codice, "anno": str(self.periodo.anno),
                                                "periodo": str(self.periodo.numero), "ambito": self.ambito.slug},
                   [c.nome for c in self.tracciato], self._con_progresso(self.righe()))

    @classmethod
    def produci(cls, contesto: ContestoJob) -> Risultato:
        """The job, in one pass over the rows: each row is checked on its way into the file; then the file-wide
        checks, the findings recorded on the Invio, and the file offered only without errors (else deleted)."""
        from rendicontazione import selectors, services
        from rendicontazione import sintesi_db as compatta

        invio = selectors.invio_per_job(ambito=contesto.ambito, pk=contesto.dati["invio"])
        esportatore = cls(contesto, invio)
        precedente = selectors.ultimo_inviato(ambito=contesto.ambito, codice=cls.codice, anno=invio.anno,
                                              periodo=invio.periodo, escluso=invio.pk, cumulativo=cls.cumulativo)
        completo = precedente is not None and precedente.sintesi_completa
        esportatore.verifica = Verifica(esportatore, precedente=precedente.sintesi if completo else None,
                                        registro=compatta.Registro(invio) if cls.chiave else None)
        nome, percorso = esportatore.esegui()
        anomalie, sintesi = esportatore.verifica.fine()
        if precedente is not None and cls.chiave and (sintesi is None or not completo):
            anomalie += esportatore.confronta_compatto(invio=invio, precedente=precedente, sintesi=sintesi)
        if not _errori(anomalie):
            anomalie += esportatore.valida_file(percorso)
        services.invio_record_controlli(invio=invio, actor=contesto.actor, anomalie=anomalie, sintesi=sintesi)
        errori = _errori(anomalie)
        if errori:
            percorso.unlink(missing_ok=True)  # a file that failed its checks is never offered
            raise RegolaViolata(ngettext(
                "Controlli non superati: %(n)d errore. Correggi i dati indicati nella pagina dell'invio e produci "
                "di nuovo il file.",
                "Controlli non superati: %(n)d errori. Correggi i dati indicati nella pagina dell'invio e produci "
                "di nuovo il file.", errori) % {"n": errori})
        return nome, percorso


def _errori(anomalie: list[Anomalia]) -> int:
    return sum(1 for a in anomalie if a.gravita == "errore")


class _Controlli(NamedTuple):
    """The field checks of a row: mandatory fields (name, label) and their names; coded fields (name, label,
    allowed codes)."""

    obbligatori: list[tuple[str, Any]]
    nomi_obbligatori: list[str]
    codificati: list[tuple[str, Any, frozenset[str]]]

    @classmethod
    def di(cls, tracciato: Sequence[CampoTracciato]) -> _Controlli:
        obbligatori = [(c.nome, c.etichetta) for c in tracciato if c.obbligatorio]
        return cls(obbligatori, [nome for nome, _etichetta in obbligatori],
                   [(c.nome, c.etichetta, frozenset(c.codici())) for c in tracciato if c.codici is not None])

    def _filtra(self, tenere: Callable[[str], bool]) -> _Controlli:
        obbligatori = [o for o in self.obbligatori if tenere(o[0])]
        return _Controlli(obbligatori, [nome for nome, _etichetta in obbligatori],
                          [c for c in self.codificati if tenere(c[0])])

    def senza(self, campi: frozenset[str]) -> _Controlli:
        return self._filtra(lambda nome: nome not in campi)

    def solo(self, campi: frozenset[str]) -> _Controlli:
        return self._filtra(lambda nome: nome in campi)


class Verifica:
    """The checks of one production, fed row by row (:meth:`riga`) while the file is written, concluded by
    :meth:`fine`: mandatory fields, allowed codes, the row's own findings, the totals that must agree with the
    ledger, the figures that may not decrease and the rows that disappeared since the last submitted file, then
    the return's :meth:`~EsportatoreRitorno.controlli`.

    ``precedente``: the full summary of the last submitted file (the decrease rule and the disappeared rows are
    checked here against it); a submitted file with only compact rows is compared in SQL by
    :meth:`~EsportatoreRitorno.confronta_compatto`. ``registro`` receives the compact row of every keyed row.
    Findings beyond :data:`ANOMALIE_ELENCATE` are counted, not listed: memory stays bounded for any file."""

    def __init__(self, esportatore: EsportatoreRitorno, *, precedente: dict[str, dict[str, str]] | None,
                 registro: Any = None) -> None:
        self.esportatore = esportatore
        self.precedente = precedente
        self.registro = registro
        self.anomalie = _Raccolta()
        self.attesi = esportatore.totali_attesi()
        self.somme = dict.fromkeys(self.attesi, Decimal(0))
        self.nomi = [c.nome for c in esportatore.tracciato]
        # What each row is checked against, computed once (a code list is read once per production, not per cell);
        # for rows with sub-rows, split once per set of sub-row fields.
        self.controlli = _Controlli.di(esportatore.tracciato)
        self._per_sottorighe: dict[frozenset[str], tuple[_Controlli, _Controlli]] = {}
        self.chiave = esportatore.chiave
        self.sintesi: dict[str, dict[str, str]] | None = {}

    def riga(self, numero: int, riga: dict[str, Any]) -> None:
        """Check one row (its first line is line ``numero``); a row with :data:`SOTTORIGHE` stands for one line per
        sub-row: what the lines share is checked once, what each holds on its own once per line."""
        url = riga.get("_url", "")
        for a in riga.get("_anomalie") or ():
            self.anomalie.add(Anomalia(a.messaggio, numero, a.campo, a.url, a.gravita, a.codice))
        sottorighe = riga.get(SOTTORIGHE)
        if sottorighe is None:
            self._campi(numero, riga, url, self.controlli)
            for nome in self.somme:
                self.somme[nome] += _decimale(riga.get(nome)) or Decimal(0)
            if self.chiave:
                self._chiave(numero, riga, url)
            return
        proprie = frozenset(sottorighe[0]) if sottorighe else frozenset()
        divisi = self._per_sottorighe.get(proprie)
        if divisi is None:
            divisi = self._per_sottorighe[proprie] = (self.controlli.senza(proprie), self.controlli.solo(proprie))
        comuni, propri = divisi
        self._campi(numero, riga, url, comuni)
        for scostamento, sottoriga in enumerate(sottorighe):
            self._campi(numero + scostamento, sottoriga, url, propri)
        for nome in self.somme:
            self.somme[nome] += sum((_decimale((s if nome in s else riga).get(nome)) or Decimal(0)
                                     for s in sottorighe), Decimal(0))
        if self.chiave:
            for scostamento, sottoriga in enumerate(sottorighe):
                self._chiave(numero + scostamento, {**riga, **sottoriga}, url)

    def _campi(self, numero: int, riga: dict[str, Any], url: str, controlli: _Controlli) -> None:
        """Mandatory fields present, coded fields among their codes."""
        if not all(map(riga.get, controlli.nomi_obbligatori)):  # a falsy value (0 may be one): looked at closely
            for nome, etichetta in controlli.obbligatori:
                if riga.get(nome) in (None, ""):
                    self.anomalie.add(Anomalia(gettext("Campo obbligatorio mancante: %(campo)s.")
                                               % {"campo": etichetta}, numero, nome, url, codice="obbligatorio"))
        for nome, etichetta, ammessi in controlli.codificati:
            valore = riga.get(nome)
            if valore in ammessi or valore is None or valore == "":  # codes are text: the usual case, at once
                continue
            if str(valore) not in ammessi:
                self.anomalie.add(Anomalia(gettext("Valore non ammesso per %(campo)s: «%(valore)s».")
                                           % {"campo": etichetta, "valore": valore}, numero, nome, url,
                                           codice="codice_non_ammesso"))

    def _chiave(self, numero: int, riga: dict[str, Any], url: str) -> None:
        from rendicontazione.sintesi_db import RIGHE_SINTESI

        esportatore = self.esportatore
        chiave = esportatore.chiave_di(riga)
        if self.sintesi is not None:
            self.sintesi[chiave] = {nome: str(riga.get(nome, "")) for nome in self.nomi}
            if len(self.sintesi) > RIGHE_SINTESI:
                self.sintesi = None  # too many rows to keep: the compact rows stand for the file
        if self.registro is not None:
            self.registro.aggiungi(numero, chiave, [riga.get(nome) for nome in self.nomi], esportatore._cifre(riga),
                                   url)
        for anomalia in esportatore._diminuzioni(numero, chiave, riga, url, self.precedente):
            self.anomalie.add(anomalia)

    def fine(self) -> tuple[list[Anomalia], dict | None]:
        """The findings and the keyed summary of the figures (empty when the return declares no ``chiave``; None
        when the file has more rows than ``sintesi`` keeps — its compact rows then stand for it)."""
        esportatore = self.esportatore
        if self.registro is not None:
            self.registro.scrivi()
        for campo, atteso in self.attesi.items():
            trovato = self.somme[campo]
            if trovato != atteso:
                etichetta = next((c.etichetta for c in esportatore.tracciato if c.nome == campo), campo)
                self.anomalie.add(Anomalia(
                    gettext("Il totale di %(campo)s (%(trovato)s) non corrisponde a quello %(origine)s "
                            "(%(atteso)s).") % {"campo": etichetta, "trovato": esportatore.cifra(campo, trovato),
                                                "atteso": esportatore.cifra(campo, atteso),
                                                "origine": esportatore.origine_totali},
                    None, campo, codice="totale_non_corrispondente"))
        sintesi = self.sintesi if self.chiave else {}
        if self.precedente and self.chiave and sintesi is not None:
            for chiave in sorted(self.precedente.keys() - sintesi.keys()):
                self.anomalie.add(_scomparsa(chiave))
        for anomalia in esportatore.controlli(None):
            self.anomalie.add(anomalia)
        return esportatore.anomalie_finali(self.anomalie.elenco()), sintesi


def scrivi_xml(percorso: Path, radice: str, attributi: dict[str, str], nomi: Sequence[str],
               righe: Iterable[Sequence[Any]]) -> None:
    """Stream rows as ``<radice …><Riga><nome>valore</nome>…</Riga>…</radice>`` (UTF-8): memory stays flat.
    Amounts with a dot, dates ISO (machine formats), control characters stripped."""
    with percorso.open("w", encoding="utf-8") as handle:
        xml = XMLGenerator(handle, encoding="utf-8", short_empty_elements=True)
        xml.startDocument()
        xml.startElement(radice, attributi)
        for riga in righe:
            xml.startElement("Riga", {})
            for nome, valore in zip(nomi, riga, strict=False):
                xml.startElement(nome, {})
                if valore not in (None, ""):
                    xml.characters(_valore_xml(valore))
                xml.endElement(nome)
            xml.endElement("Riga")
        xml.endElement(radice)
        xml.endDocument()


def _valore_xml(valore: Any) -> str:
    if isinstance(valore, dt.date):
        return valore.isoformat()
    return testo_sicuro(str(valore))


_RITORNI: dict[str, type[EsportatoreRitorno]] = {}


def registra_ritorno(cls: type[EsportatoreRitorno]) -> type[EsportatoreRitorno]:
    """Register a return and its job kind ``rendicontazione.<codice>`` (see the module docstring)."""
    if not cls.codice or not cls.tracciato:
        raise ValueError(f"{cls.__name__}: a return needs a codice and a tracciato")
    esistente = _RITORNI.get(cls.codice)
    if esistente is not None and esistente.__qualname__ != cls.__qualname__:
        raise ValueError(f"return {cls.codice!r} registered twice")
    _RITORNI[cls.codice] = cls
    tipo_job(f"rendicontazione.{cls.codice}", etichetta=cls.etichetta, capacita=CAPACITA_PRODUZIONE,
             form=InvioJobForm, descrizione=cls.descrizione, nel_menu=False,
             al_download=_scaricamento_da_elaborazioni)(cls.produci)
    return cls


def _scaricamento_da_elaborazioni(job: Any, utente: Any) -> None:
    """A return's file downloaded through the generic "Elaborazioni" page or the jobs API: logged as from the
    return's own page (:class:`~rendicontazione.models.ScaricamentoInvio`)."""
    from rendicontazione import selectors, services

    invio = selectors.invio_del_job(ambito=job.ambito, job=job)
    if invio is not None:
        services.scaricamento_record(invio=invio, actor=utente)


def ritorni() -> dict[str, type[EsportatoreRitorno]]:
    """Every registered return (the modules' ``rendicontazione`` modules are imported once)."""
    from django.utils.module_loading import autodiscover_modules

    autodiscover_modules("ritorni")
    return dict(_RITORNI)


def ritorno_get(codice: str) -> type[EsportatoreRitorno]:
    from ambito.errors import NonTrovato

    ritorno = ritorni().get(codice)
    if ritorno is None:
        raise NonTrovato(gettext("Debito informativo inesistente."))
    return ritorno
