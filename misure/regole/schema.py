"""Validation of the three rule sets (schema documented in misure/README.md, "Bandi e regole").

:func:`valida_regole` never raises on any JSON input: it answers a list of :class:`ErroreRegola`, one per
problem, each with the path of the offending value and a specific Italian message. Empty list = valid.
The vocabularies below are the schema's words (which certifications, which tie-breakers exist), not
thresholds: every number lives in the rule sets, which are data.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from itertools import pairwise
from typing import Any

from django.utils.translation import gettext as _

from ambito.tenancy.models import TipoISEE
from misure.regole.tipi import ErroreRegola

TIPI_ISEE = {t.value for t in TipoISEE}
TIPI_CERTIFICAZIONE = {
    "l104_c3": "L.104/1992 art. 3 c. 3",
    "l104_c1": "L.104/1992 art. 3 c. 1",
    "accompagnamento": "indennità di accompagnamento",
    "invalidita": "invalidità civile",
}
MODI_CERTIFICAZIONE = {"almeno_una", "tutte"}
CRITERI_PARITA = {
    "isee_crescente": "ISEE più basso",
    "eta_decrescente": "età maggiore",
    "eta_crescente": "età minore",
    "protocollo_crescente": "protocollo precedente",
    "valutazione_decrescente": "punteggio di valutazione più alto",
}
TIPI_INCOMPATIBILITA = {"misura", "strumento", "beneficio_esterno"}
MODI_INCOMPATIBILITA = {"esclusiva", "entro_costo"}
MAX_IMPORTO = Decimal("100000000")
MAX_PUNTI = Decimal("1000")
MAX_ETA = 130
MAX_ELEMENTI = 50  # items per list: keeps every score within Domanda.punteggio (8 digits, 2 decimals)
_CODICE = re.compile(r"^[a-z0-9_-]{1,40}$")

CHIAVI_AMMISSIBILITA = {"isee", "eta", "residenza_ambito", "certificazioni", "domicilio", "condizioni"}
CHIAVI_PUNTEGGIO = {"isee", "eta", "condizioni", "valutazione", "parita"}
CHIAVI_INCOMPATIBILITA = {"regole"}


class _Controllo:
    """Collects errors while walking a rule set; every reader returns None when the value is wrong."""

    def __init__(self) -> None:
        self.errori: list[ErroreRegola] = []

    def errore(self, percorso: str, messaggio: str) -> None:
        self.errori.append(ErroreRegola(percorso=percorso, messaggio=messaggio))

    def oggetto(self, valore: Any, percorso: str, chiavi: set[str]) -> dict | None:
        if not isinstance(valore, dict):
            self.errore(percorso, _("Deve essere un oggetto JSON ({…})."))
            return None
        for chiave in sorted(set(valore) - chiavi, key=str):
            self.errore(f"{percorso}.{chiave}", _("Chiave non prevista: le chiavi ammesse sono %(chiavi)s.")
                        % {"chiavi": ", ".join(sorted(chiavi))})
        return valore

    def lista(self, valore: Any, percorso: str, *, non_vuota: bool = True) -> list | None:
        if not isinstance(valore, list):
            self.errore(percorso, _("Deve essere un elenco ([…])."))
            return None
        if non_vuota and not valore:
            self.errore(percorso, _("L'elenco è vuoto: indicare almeno un elemento o togliere la chiave."))
            return None
        if len(valore) > MAX_ELEMENTI:
            self.errore(percorso, _("Al massimo %(m)s elementi: l'elenco ne ha %(n)s.") % {"m": MAX_ELEMENTI,
                                                                                          "n": len(valore)})
            return None
        return valore

    def booleano(self, valore: Any, percorso: str) -> bool | None:
        if not isinstance(valore, bool):
            self.errore(percorso, _("Deve essere true o false."))
            return None
        return valore

    def intero(self, valore: Any, percorso: str, *, minimo: int, massimo: int) -> int | None:
        if isinstance(valore, bool) or not isinstance(valore, int):
            self.errore(percorso, _("Deve essere un numero intero."))
            return None
        if not minimo <= valore <= massimo:
            self.errore(percorso, _("Deve essere compreso tra %(minimo)s e %(massimo)s: è %(valore)s.")
                        % {"minimo": minimo, "massimo": massimo, "valore": valore})
            return None
        return valore

    def decimale(self, valore: Any, percorso: str, *, minimo: Decimal, massimo: Decimal) -> Decimal | None:
        numero = a_decimale(valore)
        if numero is None:
            self.errore(percorso, _("Deve essere un numero (es. 25000 oppure \"25000.00\")."))
            return None
        if not minimo <= numero <= massimo:
            self.errore(percorso, _("Deve essere compreso tra %(minimo)s e %(massimo)s: è %(valore)s.")
                        % {"minimo": minimo, "massimo": massimo, "valore": numero})
            return None
        return numero

    def testo(self, valore: Any, percorso: str, *, massimo: int = 250) -> str | None:
        if not isinstance(valore, str) or not valore.strip():
            self.errore(percorso, _("Deve essere un testo non vuoto."))
            return None
        if "\x00" in valore:
            self.errore(percorso, _("Il testo contiene un carattere nullo, non ammesso."))
            return None
        if len(valore) > massimo:
            self.errore(percorso, _("Al massimo %(massimo)s caratteri: il testo ne ha %(n)s.")
                        % {"massimo": massimo, "n": len(valore)})
            return None
        return valore

    def codice(self, valore: Any, percorso: str) -> str | None:
        if not isinstance(valore, str) or not _CODICE.match(valore):
            self.errore(percorso, _("Deve essere un codice di 1–40 caratteri tra lettere minuscole, cifre, "
                                    "«_» e «-» (es. caregiver_solo)."))
            return None
        return valore

    def scelta(self, valore: Any, percorso: str, scelte: set[str] | dict[str, str]) -> str | None:
        if not isinstance(valore, str) or valore not in scelte:
            self.errore(percorso, _("Valore non ammesso: scegliere tra %(scelte)s.")
                        % {"scelte": ", ".join(sorted(scelte))})
            return None
        return valore

    def richiesta(self, dati: dict, chiave: str, percorso: str) -> bool:
        if chiave not in dati:
            self.errore(f"{percorso}.{chiave}", _("Valore obbligatorio mancante."))
            return False
        return True

    def codici_unici(self, elementi: list, percorso: str) -> None:
        visti: set[str] = set()
        for i, elemento in enumerate(elementi):
            codice = elemento.get("codice") if isinstance(elemento, dict) else None
            if isinstance(codice, str) and codice in visti:
                self.errore(f"{percorso}[{i}].codice", _("Il codice «%(codice)s» è già usato in questo elenco.")
                            % {"codice": codice})
            if isinstance(codice, str):
                visti.add(codice)


def a_decimale(valore: Any) -> Decimal | None:
    """A JSON number or numeric string as Decimal (never through float arithmetic); None if not a number."""
    if isinstance(valore, bool) or not isinstance(valore, int | float | str):
        return None
    try:
        numero = Decimal(str(valore).strip())
    except (InvalidOperation, ValueError):
        return None
    return numero if numero.is_finite() else None


def valida_regole(*, ammissibilita: Any, punteggio: Any, incompatibilita: Any) -> list[ErroreRegola]:
    """Validate the three rule sets; an empty list means they can be published and evaluated."""
    controllo = _Controllo()
    _valida_ammissibilita(controllo, ammissibilita)
    _valida_punteggio(controllo, punteggio)
    _valida_incompatibilita(controllo, incompatibilita)
    return controllo.errori


# --- eligibility ---------------------------------------------------------------------------------------

def _valida_ammissibilita(c: _Controllo, regole: Any) -> None:
    radice = "ammissibilita"
    dati = c.oggetto(regole, radice, CHIAVI_AMMISSIBILITA)
    if dati is None:
        return
    if "isee" in dati:
        _valida_isee(c, dati["isee"], f"{radice}.isee")
    if "eta" in dati:
        _valida_eta(c, dati["eta"], f"{radice}.eta")
    for chiave in ("residenza_ambito", "domicilio"):
        if chiave in dati:
            c.booleano(dati[chiave], f"{radice}.{chiave}")
    if "certificazioni" in dati:
        _valida_certificazioni(c, dati["certificazioni"], f"{radice}.certificazioni")
    if "condizioni" in dati:
        _valida_condizioni(c, dati["condizioni"], f"{radice}.condizioni", {"codice", "descrizione", "richiesta"},
                           punti=False)


def _valida_isee(c: _Controllo, valore: Any, percorso: str) -> None:
    dati = c.oggetto(valore, percorso, {"classi", "in_corso_di_validita"})
    if dati is None:
        return
    if "in_corso_di_validita" in dati:
        c.booleano(dati["in_corso_di_validita"], f"{percorso}.in_corso_di_validita")
    if not c.richiesta(dati, "classi", percorso):
        return
    classi = c.lista(dati["classi"], f"{percorso}.classi")
    if classi is None:
        return
    intervalli: list[tuple[int, int, int]] = []
    for i, classe in enumerate(classi):
        intervallo = _valida_classe_isee(c, classe, f"{percorso}.classi[{i}]")
        if intervallo is not None:
            intervalli.append((*intervallo, i))
    intervalli.sort()
    for (_da1, a1, i1), (da2, _a2, i2) in pairwise(intervalli):
        if da2 <= a1:
            c.errore(f"{percorso}.classi[{i2}]", _("Le classi %(i)s e %(j)s si sovrappongono per età: ogni "
                                                   "beneficiario deve ricadere in una sola classe.")
                     % {"i": min(i1, i2) + 1, "j": max(i1, i2) + 1})


def _valida_classe_isee(c: _Controllo, valore: Any, percorso: str) -> tuple[int, int] | None:
    dati = c.oggetto(valore, percorso, {"classe", "eta_min", "eta_max", "tipi", "massimo"})
    if dati is None:
        return None
    ok = all([c.richiesta(dati, k, percorso) for k in ("classe", "tipi")])
    if "classe" in dati:
        ok = c.testo(dati["classe"], f"{percorso}.classe", massimo=60) is not None and ok
    if dati.get("massimo") is not None:  # no maximum: the attestation is required, whatever its value
        massimo = c.decimale(dati["massimo"], f"{percorso}.massimo", minimo=Decimal(0), massimo=MAX_IMPORTO)
        ok = massimo is not None and ok
    if "tipi" in dati:
        tipi = c.lista(dati["tipi"], f"{percorso}.tipi")
        for j, tipo in enumerate(tipi or []):
            ok = c.scelta(tipo, f"{percorso}.tipi[{j}]", TIPI_ISEE) is not None and ok
    intervallo = _intervallo_eta(c, dati, percorso, "eta_min", "eta_max")
    return intervallo if ok else None


def _intervallo_eta(c: _Controllo, dati: dict, percorso: str, k_min: str, k_max: str) -> tuple[int, int] | None:
    minimo = c.intero(dati[k_min], f"{percorso}.{k_min}", minimo=0, massimo=MAX_ETA) if k_min in dati else 0
    massimo = c.intero(dati[k_max], f"{percorso}.{k_max}", minimo=0, massimo=MAX_ETA) if k_max in dati else MAX_ETA
    if minimo is None or massimo is None:
        return None
    if minimo > massimo:
        c.errore(f"{percorso}.{k_max}", _("L'età massima (%(massimo)s) è minore della minima (%(minimo)s).")
                 % {"massimo": massimo, "minimo": minimo})
        return None
    return minimo, massimo


def _valida_eta(c: _Controllo, valore: Any, percorso: str) -> None:
    dati = c.oggetto(valore, percorso, {"min", "max"})
    if dati is None:
        return
    if "min" not in dati and "max" not in dati:
        c.errore(percorso, _("Indicare almeno l'età minima («min») o la massima («max»)."))
        return
    _intervallo_eta(c, dati, percorso, "min", "max")


def _valida_certificazioni(c: _Controllo, valore: Any, percorso: str) -> None:
    dati = c.oggetto(valore, percorso, {"modo", "elenco"})
    if dati is None:
        return
    if c.richiesta(dati, "modo", percorso):
        c.scelta(dati["modo"], f"{percorso}.modo", MODI_CERTIFICAZIONE)
    if not c.richiesta(dati, "elenco", percorso):
        return
    for i, voce in enumerate(c.lista(dati["elenco"], f"{percorso}.elenco") or []):
        p = f"{percorso}.elenco[{i}]"
        voce = c.oggetto(voce, p, {"tipo", "minimo"})
        if voce is None or not c.richiesta(voce, "tipo", p):
            continue
        tipo = c.scelta(voce["tipo"], f"{p}.tipo", TIPI_CERTIFICAZIONE)
        if tipo == "invalidita":
            if c.richiesta(voce, "minimo", p):
                c.intero(voce["minimo"], f"{p}.minimo", minimo=1, massimo=100)
        elif tipo is not None and "minimo" in voce:
            c.errore(f"{p}.minimo", _("La percentuale minima vale solo per l'invalidità civile."))


def _valida_condizioni(c: _Controllo, valore: Any, percorso: str, chiavi: set[str], *, punti: bool) -> None:
    condizioni = c.lista(valore, percorso)
    if condizioni is None:
        return
    for i, voce in enumerate(condizioni):
        p = f"{percorso}[{i}]"
        voce = c.oggetto(voce, p, chiavi)
        if voce is None:
            continue
        if c.richiesta(voce, "codice", p):
            c.codice(voce["codice"], f"{p}.codice")
        if c.richiesta(voce, "descrizione", p):
            c.testo(voce["descrizione"], f"{p}.descrizione")
        if punti and c.richiesta(voce, "punti", p):
            c.decimale(voce["punti"], f"{p}.punti", minimo=-MAX_PUNTI, massimo=MAX_PUNTI)
        if not punti and "richiesta" in voce:
            c.booleano(voce["richiesta"], f"{p}.richiesta")
    c.codici_unici(condizioni, percorso)


# --- scoring -------------------------------------------------------------------------------------------

def _valida_punteggio(c: _Controllo, regole: Any) -> None:
    radice = "punteggio"
    dati = c.oggetto(regole, radice, CHIAVI_PUNTEGGIO)
    if dati is None:
        return
    if "isee" in dati:
        _valida_fasce(c, dati["isee"], f"{radice}.isee", intere=False)
    if "eta" in dati:
        _valida_fasce(c, dati["eta"], f"{radice}.eta", intere=True)
    if "condizioni" in dati:
        _valida_condizioni(c, dati["condizioni"], f"{radice}.condizioni", {"codice", "descrizione", "punti"},
                           punti=True)
    if "valutazione" in dati:
        _valida_scala(c, dati["valutazione"], f"{radice}.valutazione")
    if "parita" in dati:
        _valida_parita(c, dati["parita"], f"{radice}.parita")


def _valida_fasce(c: _Controllo, valore: Any, percorso: str, *, intere: bool) -> None:
    dati = c.oggetto(valore, percorso, {"fasce"})
    if dati is None or not c.richiesta(dati, "fasce", percorso):
        return
    fasce = c.lista(dati["fasce"], f"{percorso}.fasce")
    letti: list[tuple[Decimal, Decimal | None, int]] = []
    for i, fascia in enumerate(fasce or []):
        p = f"{percorso}.fasce[{i}]"
        fascia = c.oggetto(fascia, p, {"da", "a", "punti"})
        if fascia is None:
            continue
        ok = all([c.richiesta(fascia, k, p) for k in ("da", "punti")])
        da = _limite(c, fascia.get("da"), f"{p}.da", intere=intere) if "da" in fascia else None
        a = _limite(c, fascia["a"], f"{p}.a", intere=intere) if fascia.get("a") is not None else None
        if "punti" in fascia:
            ok = c.decimale(fascia["punti"], f"{p}.punti", minimo=-MAX_PUNTI, massimo=MAX_PUNTI) is not None and ok
        if da is None or (fascia.get("a") is not None and a is None) or not ok:
            continue
        if a is not None and a < da:
            c.errore(f"{p}.a", _("Il limite superiore (%(a)s) è minore di quello inferiore (%(da)s).")
                     % {"a": a, "da": da})
            continue
        letti.append((da, a, i))
    letti.sort(key=lambda f: f[0])
    for (_da1, a1, i1), (da2, _a2, i2) in pairwise(letti):
        if a1 is None or da2 <= a1:
            c.errore(f"{percorso}.fasce[{i2}]", _("Le fasce %(i)s e %(j)s si sovrappongono: un valore deve "
                                                  "ricadere in una sola fascia (i limiti sono inclusi).")
                     % {"i": min(i1, i2) + 1, "j": max(i1, i2) + 1})


def _limite(c: _Controllo, valore: Any, percorso: str, *, intere: bool) -> Decimal | None:
    if intere:
        numero = c.intero(valore, percorso, minimo=0, massimo=MAX_ETA)
        return None if numero is None else Decimal(numero)
    return c.decimale(valore, percorso, minimo=Decimal(0), massimo=MAX_IMPORTO)


def _valida_scala(c: _Controllo, valore: Any, percorso: str) -> None:
    dati = c.oggetto(valore, percorso, {"punti_massimi", "scala_massima", "inversa"})
    if dati is None:
        return
    if c.richiesta(dati, "punti_massimi", percorso):
        c.decimale(dati["punti_massimi"], f"{percorso}.punti_massimi", minimo=Decimal("0.01"), massimo=MAX_PUNTI)
    if "scala_massima" in dati:
        c.decimale(dati["scala_massima"], f"{percorso}.scala_massima", minimo=Decimal("0.01"), massimo=MAX_IMPORTO)
    if "inversa" in dati:
        c.booleano(dati["inversa"], f"{percorso}.inversa")


def _valida_parita(c: _Controllo, valore: Any, percorso: str) -> None:
    criteri = c.lista(valore, percorso)
    visti: set[str] = set()
    for i, criterio in enumerate(criteri or []):
        scelto = c.scelta(criterio, f"{percorso}[{i}]", CRITERI_PARITA)
        if scelto in visti:
            c.errore(f"{percorso}[{i}]", _("Il criterio «%(c)s» è già nell'elenco.") % {"c": scelto})
        if scelto is not None:
            visti.add(scelto)
    if {"eta_crescente", "eta_decrescente"} <= visti:
        c.errore(percorso, _("Scegliere l'età maggiore oppure la minore, non entrambe."))


# --- incompatibilities ---------------------------------------------------------------------------------

def _valida_incompatibilita(c: _Controllo, regole: Any) -> None:
    radice = "incompatibilita"
    dati = c.oggetto(regole, radice, CHIAVI_INCOMPATIBILITA)
    if dati is None or "regole" not in dati:
        return
    voci = c.lista(dati["regole"], f"{radice}.regole")
    for i, voce in enumerate(voci or []):
        p = f"{radice}.regole[{i}]"
        voce = c.oggetto(voce, p, {"codice", "descrizione", "tipo", "riferimento", "modo"})
        if voce is None:
            continue
        if c.richiesta(voce, "codice", p):
            c.codice(voce["codice"], f"{p}.codice")
        if c.richiesta(voce, "descrizione", p):
            c.testo(voce["descrizione"], f"{p}.descrizione")
        if c.richiesta(voce, "tipo", p):
            c.scelta(voce["tipo"], f"{p}.tipo", TIPI_INCOMPATIBILITA)
        if c.richiesta(voce, "riferimento", p):
            c.codice(voce["riferimento"], f"{p}.riferimento")
        if c.richiesta(voce, "modo", p):
            c.scelta(voce["modo"], f"{p}.modo", MODI_INCOMPATIBILITA)
    if voci:
        c.codici_unici(voci, f"{radice}.regole")
