"""The three rule sets in plain Italian sentences, for the pages (a valid rule set only)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from ambito.formato import euro, formato_numero
from misure.regole.schema import CRITERI_PARITA, a_decimale, valida_regole
from misure.regole.valutazione import _eta, _nome_certificazione


@dataclass
class RegoleDescritte:
    ammissibilita: list[str] = field(default_factory=list)
    punteggio: list[str] = field(default_factory=list)
    incompatibilita: list[str] = field(default_factory=list)
    valide: bool = True


def _punti(valore: Any) -> str:
    numero = a_decimale(valore)
    return _("%(p)s punti") % {"p": formato_numero(numero, 2 if numero != numero.to_integral() else 0)}


def _intervallo_eta(classe: dict) -> str:
    da, a = classe.get("eta_min"), classe.get("eta_max")
    if da is not None and a is not None:
        return _("da %(da)s a %(a)s anni") % {"da": da, "a": a}
    if da is not None:
        return _("da %(da)s anni") % {"da": da}
    if a is not None:
        return _("fino a %(a)s anni") % {"a": a}
    return _("ogni età")


def _ammissibilita(regole: dict) -> list[str]:
    righe = []
    if regole.get("residenza_ambito"):
        righe.append(_("Residenza in un comune dell'Ambito"))
    if regole.get("domicilio"):
        righe.append(_("Vive al proprio domicilio"))
    if "eta" in regole:
        righe.append(_eta(None, regole["eta"]).descrizione)
    if "isee" in regole:
        for classe in regole["isee"]["classi"]:
            tipi = " o ".join(classe["tipi"])
            massimo = a_decimale(classe.get("massimo"))
            soglia = (_("ISEE %(t)s fino a %(m)s") % {"t": tipi, "m": euro(massimo)} if massimo is not None
                      else _("ISEE %(t)s presentato") % {"t": tipi})
            righe.append(f"{classe['classe']} ({_intervallo_eta(classe)}): {soglia}")
        if regole["isee"].get("in_corso_di_validita", True):
            righe.append(_("Attestazione ISEE in corso di validità"))
    if "certificazioni" in regole:
        nomi = "; ".join(_nome_certificazione(v) for v in regole["certificazioni"]["elenco"])
        modo = regole["certificazioni"]["modo"]
        righe.append((_("Tutte le certificazioni: %(n)s") if modo == "tutte"
                      else _("Almeno una certificazione tra: %(n)s")) % {"n": nomi})
    for condizione in regole.get("condizioni", []):
        richiesta = condizione.get("richiesta", True)
        righe.append(condizione["descrizione"] + ("" if richiesta else _(" (deve essere no)")))
    return righe


def _fasce(nome: str, fasce: list[dict], formato: Any) -> list[str]:
    righe = []
    for fascia in sorted(fasce, key=lambda f: a_decimale(f["da"])):
        a = fascia.get("a")
        intervallo = (_("da %(da)s a %(a)s") % {"da": formato(fascia["da"]), "a": formato(a)} if a is not None
                      else _("da %(da)s in su") % {"da": formato(fascia["da"])})
        righe.append(f"{nome} {intervallo}: {_punti(fascia['punti'])}")
    return righe


def _punteggio(regole: dict) -> list[str]:
    righe = []
    if "isee" in regole:
        righe += _fasce(_("ISEE"), regole["isee"]["fasce"], lambda v: euro(a_decimale(v)))
    if "eta" in regole:
        righe += _fasce(_("Età"), regole["eta"]["fasce"], lambda v: _("%(e)s anni") % {"e": v})
    righe += [f"{c['descrizione']}: {_punti(c['punti'])}" for c in regole.get("condizioni", [])]
    if "valutazione" in regole:
        scala = regole["valutazione"]
        testo = _("Valutazione multidimensionale: fino a %(p)s") % {"p": _punti(scala["punti_massimi"])}
        if "scala_massima" in scala:
            testo += _(", in proporzione su una scala di %(s)s") % {
                "s": formato_numero(a_decimale(scala["scala_massima"]), 0)}
        if scala.get("inversa"):
            testo += _(" (punteggio più basso = bisogno maggiore)")
        righe.append(testo)
    if regole.get("parita"):
        righe.append(_("A parità di punteggio: %(c)s") % {"c": ", poi ".join(str(CRITERI_PARITA[c])
                                                                             for c in regole["parita"])})
    return righe


def _incompatibilita(regole: dict) -> list[str]:
    return [f"{r['descrizione']}: " + (_("incompatibile") if r["modo"] == "esclusiva"
                                      else _("cumulabile entro il costo effettivo"))
            for r in regole.get("regole", [])]


def descrivi_regole(*, ammissibilita: Any, punteggio: Any, incompatibilita: Any) -> RegoleDescritte:
    """Sentences for each rule; ``valide`` False (and no sentences) when the sets do not validate."""
    if valida_regole(ammissibilita=ammissibilita, punteggio=punteggio, incompatibilita=incompatibilita):
        return RegoleDescritte(valide=False)
    return RegoleDescritte(ammissibilita=_ammissibilita(ammissibilita), punteggio=_punteggio(punteggio),
                           incompatibilita=_incompatibilita(incompatibilita))
