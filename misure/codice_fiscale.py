"""The codice fiscale of a person: decoded and checked with ``python-codicefiscale`` (no home-made checksum).

``python-codicefiscale`` (fabiocaccamo, MIT) decodes sex, birth date and birthplace, handles omocodia (digits
replaced by letters when two people share a code) and knows every Belfiore code with the dates it was valid
(ANPR data: comuni and foreign states), so a code whose birthplace did not exist at the birth date is refused.
Here we only order the checks so that each mistake gets its own Italian message (length, format, date, check
character, birthplace) and compare what the code says with what the user entered.

The year has two digits: ``MRTNTN23M02D969P`` may be born in 1923 or 2023. :attr:`DatiCodiceFiscale.data_nascita`
is the library's reading (the latest plausible century); the agreement with an entered birth date compares
year-in-century, month and day, so a person born in 1923 is accepted.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from codicefiscale import codicefiscale as libreria
from django.utils.translation import gettext as _
from stdnum.it import iva

from ambito.errors import RegolaViolata

CAMPO = "codice_fiscale"
_SEPARATORI = re.compile(r"[\s\-.]")
_MESI = "ABCDEHLMPRST"
# Omocodia replaces the digits of the code with these letters (0 → L … 9 → V).
_OMOCODIA = "LMNPQRSTUV"
_CIFRA_OMOCODICA = {lettera: str(cifra) for cifra, lettera in enumerate(_OMOCODIA)}
_POSIZIONI_NUMERICHE = (6, 7, 9, 10, 12, 13, 14)


@dataclass(frozen=True)
class DatiCodiceFiscale:
    """What a valid codice fiscale says about its person."""

    codice: str  # normalised: upper case, no spaces or dashes (the omocodic form as assigned, if it is one)
    sesso: str  # "M" or "F"
    data_nascita: dt.date  # the library's century: see the module docstring
    luogo_nascita_belfiore: str  # decoded from omocodia (e.g. F20R → F205)
    luogo_nascita: str  # name of the comune or foreign state
    omocodia: bool
    codice_base: str  # the code without omocodia substitutions

    def concorda_data(self, data: dt.date) -> bool:
        """The code holds year-in-century, month and day: 1923-08-02 and 2023-08-02 both agree with ``23M02``."""
        return (data.year % 100, data.month, data.day) == (
            self.data_nascita.year % 100, self.data_nascita.month, self.data_nascita.day)


def normalizza_codice_fiscale(valore: str) -> str:
    """Upper case without spaces, dashes and dots (layout, not part of the code)."""
    return _SEPARATORI.sub("", valore or "").upper()


def maschera_codice_fiscale(codice: str) -> str:
    """How logs and lists name a person without showing the code: ``***F205X``."""
    return "***" + (codice or "")[-5:]


def _errore(messaggio: str, codice: str) -> RegolaViolata:
    return RegolaViolata(messaggio, campo=CAMPO, codice=codice)


def _controlla_numerico(codice: str) -> None:
    """An 11-digit code belongs to an ente or a company (same as its partita IVA), never to a person."""
    if iva.is_valid(codice):
        raise _errore(_("%(codice)s è il codice fiscale numerico di un ente o di un'impresa: per una persona il "
                        "codice fiscale ha 16 caratteri.") % {"codice": codice}, "codice_fiscale_ente")
    raise _errore(_("Un codice fiscale di 11 cifre è di un ente, e questo ha comunque la cifra di controllo errata: "
                    "per una persona il codice fiscale ha 16 caratteri."), "codice_fiscale_checksum")


def _controlla_formato(codice: str) -> None:
    """Letters and digits where the code wants them, each mistake named by its part."""
    if not codice[:6].isalpha() or not codice[:6].isascii():
        raise _errore(_("I primi 6 caratteri (cognome e nome) devono essere lettere."), "codice_fiscale_formato")
    for i in _POSIZIONI_NUMERICHE:
        if not (codice[i].isdigit() or codice[i] in _OMOCODIA):
            raise _errore(_("Il carattere %(n)s («%(c)s») deve essere una cifra (o, per omocodia, una delle lettere "
                            "L M N P Q R S T U V).") % {"n": i + 1, "c": codice[i]}, "codice_fiscale_formato")
    if codice[8] not in _MESI:
        raise _errore(_("La lettera del mese di nascita («%(c)s», nono carattere) non esiste: i mesi sono "
                        "A B C D E H L M P R S T.") % {"c": codice[8]}, "codice_fiscale_formato")
    if not (codice[11].isalpha() and codice[15].isalpha()) or not libreria.CODICEFISCALE_RE.match(codice.lower()):
        raise _errore(_("Il codice del luogo di nascita (12° carattere) e il carattere di controllo (l'ultimo) "
                        "devono essere lettere."), "codice_fiscale_formato")


def _cifre(parte: str) -> int:
    return int("".join(_CIFRA_OMOCODICA.get(c, c) for c in parte))


def _controlla_data(codice: str, oggi: dt.date) -> None:
    anno, mese, giorno = _cifre(codice[6:8]), _MESI.index(codice[8]) + 1, _cifre(codice[9:11])
    giorno_vero = giorno - 40 if giorno > 40 else giorno
    secolo = oggi.year - oggi.year % 100
    for anno_pieno in (secolo + anno, secolo + anno - 100):
        try:
            dt.date(anno_pieno, mese, giorno_vero)
        except ValueError:
            continue
        return
    raise _errore(_("La data di nascita contenuta nel codice fiscale non esiste (giorno %(giorno)s del mese "
                    "%(mese)s; per le donne il giorno è aumentato di 40).") % {"giorno": giorno, "mese": mese},
                  "codice_fiscale_data")


def _controlla_carattere_di_controllo(codice: str) -> None:
    atteso = libreria.encode_cin(codice)
    if codice[15] != atteso:
        raise _errore(_("Il carattere di controllo (l'ultimo) non corrisponde al resto del codice: controlla di "
                        "averlo copiato senza errori."), "codice_fiscale_checksum")


def analizza_codice_fiscale(cf: str, *, oggi: dt.date | None = None) -> DatiCodiceFiscale:
    """Decode a person's codice fiscale, or raise :class:`RegolaViolata` (``campo="codice_fiscale"``) whose
    message names the mistake: length, format, birth date, check character, or a birthplace code that did not
    exist at the birth date. Spaces, dashes and lower case are accepted; omocodic codes are valid."""
    codice = normalizza_codice_fiscale(cf)
    if not codice:
        raise _errore(_("Inserisci il codice fiscale."), "codice_fiscale_mancante")
    if len(codice) == 11 and codice.isdigit():
        _controlla_numerico(codice)
    if len(codice) != 16:
        raise _errore(_("Il codice fiscale di una persona ha 16 caratteri: quello inserito ne ha %(n)s.")
                      % {"n": len(codice)}, "codice_fiscale_lunghezza")
    _controlla_formato(codice)
    _controlla_data(codice, oggi or dt.date.today())  # noqa: DTZ011 (a calendar date, no time zone involved)
    _controlla_carattere_di_controllo(codice)
    try:
        decodificato = libreria.decode(codice)
    except ValueError as exc:
        if "birthplace" in str(exc):
            raise _errore(_("Il codice del luogo di nascita %(luogo)s non corrisponde a un comune italiano o a uno "
                            "stato estero esistente alla data di nascita.") % {"luogo": _belfiore(codice)},
                          "codice_fiscale_luogo") from exc
        raise _errore(_("Codice fiscale non valido."), "codice_fiscale_formato") from exc
    return _dati(codice, decodificato)


def _belfiore(codice: str) -> str:
    return codice[11] + "".join(_CIFRA_OMOCODICA.get(c, c) for c in codice[12:15])


def _dati(codice: str, decodificato: dict) -> DatiCodiceFiscale:
    luogo = decodificato.get("birthplace") or {}
    base = decodificato["omocodes"][0]
    return DatiCodiceFiscale(
        codice=codice, sesso=decodificato["gender"], data_nascita=decodificato["birthdate"].date(),
        luogo_nascita_belfiore=_belfiore(codice), luogo_nascita=luogo.get("name", ""),
        omocodia=codice != base, codice_base=base)


def verifica_concordanza(dati: DatiCodiceFiscale, *, sesso: str, data_nascita: dt.date,
                         luogo_nascita_belfiore: str) -> None:
    """Sex, birth date and birthplace entered must be the ones the code holds; each disagreement is refused
    next to its own field, naming what the code says."""
    if sesso != dati.sesso:
        raise RegolaViolata(_("Il codice fiscale è di una persona di sesso %(sesso)s: controlla il sesso o il "
                              "codice.") % {"sesso": _("femminile") if dati.sesso == "F" else _("maschile")},
                            campo="sesso", codice="codice_fiscale_sesso")
    if not dati.concorda_data(data_nascita):
        raise RegolaViolata(_("Il codice fiscale indica la nascita il %(data)s (anno a due cifre): controlla la data "
                              "di nascita o il codice.") % {"data": dati.data_nascita.strftime("%d/%m/..%y")},
                            campo="data_nascita", codice="codice_fiscale_data_nascita")
    if normalizza_codice_fiscale(luogo_nascita_belfiore) != dati.luogo_nascita_belfiore:
        raise RegolaViolata(_("Il codice fiscale indica come luogo di nascita %(luogo)s (codice %(codice)s): "
                              "controlla il luogo di nascita o il codice.")
                            % {"luogo": dati.luogo_nascita or "?", "codice": dati.luogo_nascita_belfiore},
                            campo="luogo_nascita_belfiore", codice="codice_fiscale_luogo_nascita")


def genera_codice_fiscale(*, cognome: str, nome: str, sesso: str, data_nascita: dt.date,
                          luogo_nascita_belfiore: str) -> str:
    """The codice fiscale of these data (as the library computes it), e.g. for demo people."""
    return libreria.encode(lastname=cognome, firstname=nome, gender=sesso, birthdate=data_nascita.isoformat(),
                           birthplace=luogo_nascita_belfiore)


def nome_luogo(belfiore: str, data_nascita: dt.date | None = None) -> str:
    """The name of the comune or state with this Belfiore code (at the birth date), "" when unknown."""
    luogo = libreria._get_birthplace(belfiore, data_nascita.isoformat() if data_nascita else None)
    return (luogo or {}).get("name", "")
