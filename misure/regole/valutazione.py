"""Pure evaluation of validated rule sets against a :class:`DatiDomanda` snapshot (no database).

Conventions: a band's limits are both included (ISEE exactly at the threshold is eligible); a value not
declared gives "dati mancanti" for an eligibility line and zero points (noted) for a scoring criterion.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils.translation import gettext as _

from ambito.formato import data_it, euro, formato_numero
from misure.models import EsitoVerifica
from misure.regole.schema import CRITERI_PARITA, TIPI_CERTIFICAZIONE, a_decimale
from misure.regole.tipi import DatiDomanda, RisultatoValutazione, Verifica

SI = EsitoVerifica.SODDISFATTA
NO = EsitoVerifica.NON_SODDISFATTA
MANCA = EsitoVerifica.DATI_MANCANTI
CENTESIMO = Decimal("0.01")


def eta_al(data_nascita: dt.date | None, oggi: dt.date) -> int | None:
    """Completed years on ``oggi``."""
    if data_nascita is None:
        return None
    return oggi.year - data_nascita.year - ((oggi.month, oggi.day) < (data_nascita.month, data_nascita.day))


def valuta(dati: DatiDomanda, *, ammissibilita: dict, punteggio: dict, incompatibilita: dict,
           oggi: dt.date) -> RisultatoValutazione:
    """Evaluate the three (already validated) rule sets."""
    punti, dettaglio = _punteggio(dati, punteggio, oggi)
    return RisultatoValutazione(
        ammissibilita=_ammissibilita(dati, ammissibilita, oggi),
        incompatibilita=_incompatibilita(dati, incompatibilita),
        punteggio=punti,
        dettaglio_punteggio=dettaglio,
        chiave_parita=_chiave_parita(dati, punteggio.get("parita", []), oggi),
    )


# --- eligibility ---------------------------------------------------------------------------------------

def _ammissibilita(dati: DatiDomanda, regole: dict, oggi: dt.date) -> list[Verifica]:
    righe: list[Verifica] = []
    eta = eta_al(dati.data_nascita, oggi)
    if regole.get("residenza_ambito"):
        righe.append(_residenza(dati))
    if "eta" in regole:
        righe.append(_eta(eta, regole["eta"]))
    if "isee" in regole:
        righe.append(_isee(dati, eta, regole["isee"], oggi))
    if "certificazioni" in regole:
        righe.append(_certificazioni(dati, regole["certificazioni"]))
    if regole.get("domicilio"):
        righe.append(_booleano("domicilio", _("Vive al proprio domicilio"), dati.vive_al_domicilio, True))
    for condizione in regole.get("condizioni", []):
        richiesta = condizione.get("richiesta", True)
        righe.append(_booleano(f"condizione:{condizione['codice']}", condizione["descrizione"],
                               _si_no(dati.condizioni.get(condizione["codice"])), richiesta))
    return righe


def _si_no(valore: Any) -> bool | None:
    return valore if isinstance(valore, bool) else None


def _booleano(codice: str, descrizione: str, valore: bool | None, richiesto: bool) -> Verifica:
    if valore is None:
        return Verifica(codice, descrizione, MANCA, _("Non dichiarato."))
    esito = SI if valore == richiesto else NO
    return Verifica(codice, descrizione, esito, _("Dichiarato: %(v)s.") % {"v": _("sì") if valore else _("no")})


def _residenza(dati: DatiDomanda) -> Verifica:
    descrizione = _("Residenza in un comune dell'Ambito")
    return _booleano("residenza", descrizione, dati.residente_ambito, True)


def _fra(valore: int, minimo: int | None, massimo: int | None) -> bool:
    return (minimo is None or valore >= minimo) and (massimo is None or valore <= massimo)


def _eta(eta: int | None, regola: dict) -> Verifica:
    minimo, massimo = regola.get("min"), regola.get("max")
    if minimo is not None and massimo is not None:
        descrizione = _("Età tra %(min)s e %(max)s anni") % {"min": minimo, "max": massimo}
    elif minimo is not None:
        descrizione = _("Età di almeno %(min)s anni") % {"min": minimo}
    else:
        descrizione = _("Età non superiore a %(max)s anni") % {"max": massimo}
    if eta is None:
        return Verifica("eta", descrizione, MANCA, _("Data di nascita non indicata."))
    esito = SI if _fra(eta, minimo, massimo) else NO
    return Verifica("eta", descrizione, esito, _("%(eta)s anni.") % {"eta": eta})


def _classe_isee(eta: int | None, classi: list[dict]) -> tuple[dict | None, bool]:
    """The class of the beneficiary, and whether the age was needed but unknown."""
    if eta is None:
        return (classi[0], False) if len(classi) == 1 else (None, True)
    for classe in classi:
        if _fra(eta, classe.get("eta_min"), classe.get("eta_max")):
            return classe, False
    return None, False


def _isee(dati: DatiDomanda, eta: int | None, regola: dict, oggi: dt.date) -> Verifica:
    descrizione = _("ISEE entro la soglia della classe di beneficiari")
    classe, eta_mancante = _classe_isee(eta, regola["classi"])
    if eta_mancante:
        return Verifica("isee", descrizione, MANCA, _("Data di nascita non indicata: serve a scegliere la soglia."))
    if classe is None:
        return Verifica("isee", descrizione, NO,
                        _("Nessuna classe di beneficiari prevista per l'età di %(eta)s anni.") % {"eta": eta})
    massimo = a_decimale(classe.get("massimo"))
    tipi = classe["tipi"]
    nome = classe["classe"]
    if massimo is None:
        descrizione = _("ISEE %(tipi)s in corso di validità (%(classe)s)") % {"tipi": " o ".join(tipi), "classe": nome}
    else:
        descrizione = _("ISEE %(tipi)s non superiore a %(massimo)s (%(classe)s)") % {
            "tipi": " o ".join(tipi), "massimo": euro(massimo), "classe": nome}
    if not dati.isee_tipo or dati.isee_valore is None:
        return Verifica("isee", descrizione, MANCA, _("Tipo o valore dell'ISEE non dichiarato."))
    if dati.isee_tipo not in tipi:
        return Verifica("isee", descrizione, NO, _("Per la classe «%(classe)s» serve un ISEE %(tipi)s; dichiarato: "
                                                   "%(tipo)s.") % {"classe": nome, "tipi": " o ".join(tipi),
                                                                   "tipo": dati.isee_tipo})
    if regola.get("in_corso_di_validita", True):
        if dati.isee_scadenza is None:
            return Verifica("isee", descrizione, MANCA, _("Scadenza dell'attestazione ISEE non indicata."))
        if dati.isee_scadenza < oggi:
            return Verifica("isee", descrizione, NO, _("Attestazione ISEE scaduta il %(data)s.")
                            % {"data": data_it(dati.isee_scadenza)})
    # The declared value stays out of the line (it is special-category data; the line is shown and stored).
    if massimo is None:
        return Verifica("isee", descrizione, SI, _("Attestazione ISEE %(tipo)s presentata.") % {"tipo": dati.isee_tipo})
    if dati.isee_valore > massimo:
        return Verifica("isee", descrizione, NO, _("ISEE oltre la soglia di %(m)s.") % {"m": euro(massimo)})
    return Verifica("isee", descrizione, SI, _("ISEE entro la soglia di %(m)s.") % {"m": euro(massimo)})


def _stato_certificazione(dati: DatiDomanda, voce: dict) -> bool | None:
    tipo = voce["tipo"]
    if tipo == "invalidita":
        if dati.invalidita_percentuale is None:
            return None
        return dati.invalidita_percentuale >= voce["minimo"]
    return {"l104_c3": dati.l104_c3, "l104_c1": dati.l104_c1,
            "accompagnamento": dati.indennita_accompagnamento}[tipo]


def _nome_certificazione(voce: dict) -> str:
    if voce["tipo"] == "invalidita":
        return _("invalidità civile almeno al %(p)s%%") % {"p": voce["minimo"]}
    return TIPI_CERTIFICAZIONE[voce["tipo"]]


def _esito_tutte(assenti: list[str], ignote: list[str]) -> EsitoVerifica:
    return NO if assenti else (MANCA if ignote else SI)


def _esito_almeno_una(presenti: list[str], ignote: list[str]) -> EsitoVerifica:
    return SI if presenti else (MANCA if ignote else NO)


def _certificazioni(dati: DatiDomanda, regola: dict) -> Verifica:
    voci = regola["elenco"]
    nomi = [_nome_certificazione(v) for v in voci]
    tutte = regola["modo"] == "tutte"
    descrizione = (_("Certificazioni: tutte tra %(n)s") if tutte else _("Certificazioni: almeno una tra %(n)s")) % {
        "n": "; ".join(nomi)}
    stati = [_stato_certificazione(dati, v) for v in voci]
    presenti = [n for n, s in zip(nomi, stati, strict=True) if s]
    assenti = [n for n, s in zip(nomi, stati, strict=True) if s is False]
    ignote = [n for n, s in zip(nomi, stati, strict=True) if s is None]
    esito = _esito_tutte(assenti, ignote) if tutte else _esito_almeno_una(presenti, ignote)
    parti = []
    if presenti:
        parti.append(_("presenti: %(n)s") % {"n": "; ".join(presenti)})
    if assenti:
        parti.append(_("assenti: %(n)s") % {"n": "; ".join(assenti)})
    if ignote:
        parti.append(_("non dichiarate: %(n)s") % {"n": "; ".join(ignote)})
    return Verifica("certificazioni", descrizione, esito, ("; ".join(parti) + ".").capitalize())


# --- incompatibilities ---------------------------------------------------------------------------------

def _incompatibilita(dati: DatiDomanda, regole: dict) -> list[Verifica]:
    return [_incompatibilita_una(dati, regola) for regola in regole.get("regole", [])]


def _incompatibilita_una(dati: DatiDomanda, regola: dict) -> Verifica:
    codice, descrizione, rif = regola["codice"], regola["descrizione"], regola["riferimento"]
    if regola["tipo"] == "beneficio_esterno":
        trovati = [(b.descrizione or b.codice, b.importo_mensile) for b in dati.benefici if b.codice == rif]
    elif regola["tipo"] == "misura":
        trovati = [(d.descrizione, d.importo_mensile) for d in dati.altre_domande if d.misura == rif]
    else:
        trovati = [(d.descrizione, d.importo_mensile) for d in dati.altre_domande if d.strumento == rif]
    codice = f"incompatibilita:{codice}"
    if not trovati:
        return Verifica(codice, descrizione, SI, _("Nessuna misura o beneficio incompatibile."))
    nomi = "; ".join(nome for nome, _importo in trovati)
    if regola["modo"] == "esclusiva":
        return Verifica(codice, descrizione, NO, _("Incompatibile con: %(n)s.") % {"n": nomi})
    return _entro_costo(dati, codice, descrizione, nomi, [importo for _nome, importo in trovati])


def _entro_costo(dati: DatiDomanda, codice: str, descrizione: str, nomi: str,
                 importi: list[Decimal | None]) -> Verifica:
    if dati.costo_effettivo_mensile is None:
        return Verifica(codice, descrizione, MANCA, _("Cumulo con %(n)s: indicare il costo effettivo mensile.")
                        % {"n": nomi})
    if dati.importo_mensile is None or any(i is None for i in importi):
        return Verifica(codice, descrizione, MANCA, _("Cumulo con %(n)s: importo mensile non noto.") % {"n": nomi})
    totale = dati.importo_mensile + sum(importi, Decimal(0))
    valori = {"n": nomi, "t": euro(totale), "c": euro(dati.costo_effettivo_mensile)}
    if totale > dati.costo_effettivo_mensile:
        return Verifica(codice, descrizione, NO, _("Cumulo con %(n)s: contributi %(t)s oltre il costo effettivo "
                                                   "di %(c)s.") % valori)
    return Verifica(codice, descrizione, SI, _("Cumulo con %(n)s: contributi %(t)s entro il costo effettivo "
                                               "di %(c)s.") % valori)


# --- scoring -------------------------------------------------------------------------------------------

def _punteggio(dati: DatiDomanda, regole: dict, oggi: dt.date) -> tuple[Decimal | None, list[dict[str, Any]]]:
    if not any(k in regole for k in ("isee", "eta", "condizioni", "valutazione")):
        return None, []
    righe: list[dict[str, Any]] = []
    if "isee" in regole:
        # The band, not the declared value: the breakdown is shown and stored with the domanda.
        righe.append(_fascia("isee", _("Fascia ISEE"), dati.isee_valore, regole["isee"]["fasce"], "", euro))
    if "eta" in regole:
        eta = eta_al(dati.data_nascita, oggi)
        righe.append(_fascia("eta", _("Fascia d'età"), None if eta is None else Decimal(eta),
                             regole["eta"]["fasce"], "" if eta is None else _("%(e)s anni") % {"e": eta}))
    righe.extend(_condizione(dati, condizione) for condizione in regole.get("condizioni", []))
    if "valutazione" in regole:
        righe.append(_valutazione(dati, regole["valutazione"]))
    totale = sum((Decimal(r["punti"]) for r in righe), Decimal(0)).quantize(CENTESIMO, ROUND_HALF_UP)
    return totale, righe


def _riga(criterio: str, descrizione: str, valore: str, punti: Decimal, nota: str = "") -> dict[str, Any]:
    return {"criterio": criterio, "descrizione": descrizione, "valore": valore,
            "punti": str(punti.quantize(CENTESIMO, ROUND_HALF_UP)), "nota": nota}


def _fascia(criterio: str, descrizione: str, valore: Decimal | None, fasce: list[dict], testo: str,
            formato: Any = None) -> dict[str, Any]:
    if valore is None:
        return _riga(criterio, descrizione, "", Decimal(0), _("Dato non dichiarato: 0 punti."))
    for fascia in fasce:
        da, a = a_decimale(fascia["da"]), fascia.get("a")
        if valore >= da and (a is None or valore <= a_decimale(a)):
            if formato is not None:
                testo = (_("da %(da)s a %(a)s") % {"da": formato(da), "a": formato(a_decimale(a))} if a is not None
                         else _("da %(da)s") % {"da": formato(da)})
            return _riga(criterio, descrizione, testo, a_decimale(fascia["punti"]))
    return _riga(criterio, descrizione, testo, Decimal(0), _("Nessuna fascia comprende il valore: 0 punti."))


def _condizione(dati: DatiDomanda, condizione: dict) -> dict[str, Any]:
    valore = _si_no(dati.condizioni.get(condizione["codice"]))
    criterio = f"condizione:{condizione['codice']}"
    if valore is None:
        return _riga(criterio, condizione["descrizione"], "", Decimal(0), _("Dato non dichiarato: 0 punti."))
    punti = a_decimale(condizione["punti"]) if valore else Decimal(0)
    return _riga(criterio, condizione["descrizione"], _("sì") if valore else _("no"), punti)


def _valutazione(dati: DatiDomanda, regola: dict) -> dict[str, Any]:
    descrizione = _("Valutazione multidimensionale")
    massimi = a_decimale(regola["punti_massimi"])
    scala = a_decimale(regola["scala_massima"]) if "scala_massima" in regola else dati.punteggio_massimo_valutazione
    if dati.punteggio_valutazione is None:
        return _riga("valutazione", descrizione, "", Decimal(0), _("Valutazione non ancora registrata: 0 punti."))
    if not scala or scala <= 0:
        return _riga("valutazione", descrizione, formato_numero(dati.punteggio_valutazione, 2), Decimal(0),
                     _("Punteggio massimo della scala non indicato: 0 punti."))
    quota = min(max(dati.punteggio_valutazione / scala, Decimal(0)), Decimal(1))
    if regola.get("inversa"):
        quota = 1 - quota
    valore = f"{formato_numero(dati.punteggio_valutazione, 2)} / {formato_numero(scala, 2)}"
    return _riga("valutazione", descrizione, valore, massimi * quota)


# --- tie-breakers --------------------------------------------------------------------------------------

def _chiave_parita(dati: DatiDomanda, criteri: list[str], oggi: dt.date) -> tuple:
    return chiave_parita(dati, criteri)


def chiave_parita(dati: DatiDomanda | Any, criteri: list[str]) -> tuple:
    """A key that sorts ascending in the order of preference; a missing value sorts last (also used by the
    graduatorie, :mod:`misure.regole.graduatoria`, with a lighter object carrying the same four attributes:
    ``isee_valore``, ``data_nascita``, ``protocollo``, ``punteggio_valutazione``)."""
    chiave: list[tuple] = []
    for criterio in criteri:
        if criterio not in CRITERI_PARITA:
            continue
        if criterio == "isee_crescente":
            valore = dati.isee_valore
            chiave.append((valore is None, valore if valore is not None else Decimal(0)))
        elif criterio in ("eta_decrescente", "eta_crescente"):
            giorno = dati.data_nascita.toordinal() if dati.data_nascita else 0
            chiave.append((dati.data_nascita is None, giorno if criterio == "eta_decrescente" else -giorno))
        elif criterio == "protocollo_crescente":
            chiave.append((dati.protocollo is None, *(dati.protocollo or (0, 0))))
        else:
            valore = dati.punteggio_valutazione
            chiave.append((valore is None, -valore if valore is not None else Decimal(0)))
    return tuple(chiave)
