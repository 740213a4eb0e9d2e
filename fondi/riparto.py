"""Riparto tra comuni: pure functions over integers (cents) and exact fractions. No database.

The rule (largest remainder, a.k.a. Hamilton's method):

1. each comune's exact share is ``totale × peso / Σ pesi`` — computed as a ``Fraction``, so there
   is no rounding until the very end;
2. each comune first gets the whole cents of its share (the floor);
3. the cents left over (always fewer than the number of comuni) go one each to the comuni with
   the largest fractional remainders.

**Tie-break** (documented because two comuni with the same remainder are common — equal shares,
equal populations): a larger remainder first; then a larger weight; then the smaller key (the
ISTAT code), so the result depends only on the data, never on the input order.

The amounts therefore always add up exactly to the total, and no comune is ever more than one
cent away from its exact share.

Methods (:func:`calcola`):

* ``popolazione`` / ``pesi_importati`` — proportional to integer or decimal weights;
* ``parti_uguali`` — every comune weighs 1;
* ``fissa_popolazione`` — a fixed part (``percentuale_fissa`` % of the total) in equal shares and the
  rest by population: each comune's combined exact share is rounded once by the rule above, so the
  total is exact and no comune is a cent away from its share (the fixed part is then shown in equal
  cents and the population part as the rest of each comune's amount);
* ``importi_importati`` — the amounts are given; they must add up to the total exactly.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.utils.translation import gettext as _

from ambito.formato import formato_numero

CENT = Decimal("0.01")


class RipartoNonValido(ValueError):
    """The inputs cannot be split (no comuni, zero total weight, imported amounts that do not add up): an Italian
    message for the user and the input it concerns (``campo``: a field of the riparto form), so the page shows it
    next to that field."""

    def __init__(self, messaggio: str, campo: str = "valori") -> None:
        super().__init__(messaggio)
        self.messaggio = messaggio
        self.campo = campo


@dataclass(frozen=True)
class Partecipante:
    chiave: str  # stable identity used for the tie-break, e.g. the ISTAT code
    etichetta: str
    peso: Fraction  # population, imported weight, or 1


@dataclass
class RigaRiparto:
    chiave: str
    etichetta: str
    peso: Fraction
    quota_esatta: Fraction  # in cents
    centesimi_base: int
    centesimo_extra: bool = False
    parte_fissa: int = 0  # cents, only for fissa_popolazione
    parte_variabile: int = 0

    @property
    def resto(self) -> Fraction:
        return self.quota_esatta - self.centesimi_base

    @property
    def centesimi(self) -> int:
        return self.centesimi_base + (1 if self.centesimo_extra else 0)

    @property
    def importo(self) -> Decimal:
        return centesimi_in_euro(self.centesimi)


@dataclass
class Risultato:
    metodo: str
    totale_centesimi: int
    righe: list[RigaRiparto]
    note: list[str] = field(default_factory=list)

    @property
    def totale(self) -> Decimal:
        return centesimi_in_euro(self.totale_centesimi)

    def come_dict(self) -> dict:
        """JSON-safe record of the computation (stored on the Riparto, shown to the user)."""
        return {
            "metodo": self.metodo,
            "totale": str(self.totale),
            "note": self.note,
            "regola": "resti maggiori; a parità: resto, peso maggiore, codice minore",
            "righe": [
                {"chiave": r.chiave, "etichetta": r.etichetta, "peso": _frazione_testo(r.peso),
                 "quota_esatta": str(_euro_esatti(r.quota_esatta)), "centesimo_extra": r.centesimo_extra,
                 "parte_fissa": str(centesimi_in_euro(r.parte_fissa)),
                 "parte_variabile": str(centesimi_in_euro(r.parte_variabile)), "importo": str(r.importo)}
                for r in self.righe
            ],
        }


def euro_in_centesimi(importo: Decimal) -> int:
    """Exact conversion; an amount with fractions of a cent is refused."""
    centesimi = importo * 100
    if centesimi != centesimi.to_integral_value():
        raise RipartoNonValido(_("%(importo)s ha frazioni di centesimo: gli importi sono in euro e centesimi.")
                               % {"importo": importo}, campo="totale")
    return int(centesimi)


def centesimi_in_euro(centesimi: int) -> Decimal:
    return (Decimal(centesimi) / 100).quantize(CENT)


def _euro_esatti(centesimi: Fraction) -> Decimal:
    return (Decimal(centesimi.numerator) / Decimal(centesimi.denominator) / 100).quantize(Decimal("0.0001"))


def _frazione_testo(valore: Fraction) -> str:
    if valore.denominator == 1:
        return str(valore.numerator)
    return str(Decimal(valore.numerator) / Decimal(valore.denominator))


def resti_maggiori(totale_centesimi: int, partecipanti: Sequence[Partecipante]) -> list[RigaRiparto]:
    """Split ``totale_centesimi`` in proportion to the weights; see the module docstring."""
    if totale_centesimi < 0:
        raise RipartoNonValido(_("L'importo da ripartire non può essere negativo."), campo="totale")
    if not partecipanti:
        raise RipartoNonValido(_("L'Ambito non ha comuni a quella data: non c'è nessuno tra cui ripartire."),
                               campo="data_riferimento")
    chiavi = [p.chiave for p in partecipanti]
    if len(set(chiavi)) != len(chiavi):
        raise RipartoNonValido(_("Un comune compare più di una volta."))
    if any(p.peso < 0 for p in partecipanti):
        raise RipartoNonValido(_("I pesi non possono essere negativi."))
    somma = sum((p.peso for p in partecipanti), Fraction(0))
    if somma == 0:
        raise RipartoNonValido(_("La somma dei pesi è zero: non c'è nulla in proporzione a cui ripartire."))
    righe = []
    for p in sorted(partecipanti, key=lambda p: p.chiave):
        esatta = Fraction(totale_centesimi) * p.peso / somma
        righe.append(RigaRiparto(p.chiave, p.etichetta, p.peso, esatta, esatta.numerator // esatta.denominator))
    avanzo = totale_centesimi - sum(r.centesimi_base for r in righe)
    for riga in sorted(righe, key=lambda r: (-r.resto, -r.peso, r.chiave))[:avanzo]:
        riga.centesimo_extra = True
    return righe


def calcola(
    *,
    metodo: str,
    totale: Decimal,
    partecipanti: Sequence[Partecipante],
    percentuale_fissa: Decimal | None = None,
    importi: Mapping[str, Decimal] | None = None,
) -> Risultato:
    """Compute a riparto by ``metodo`` (see the module docstring). Pure and deterministic."""
    totale_c = euro_in_centesimi(totale)
    if totale_c <= 0:
        raise RipartoNonValido(_("L'importo da ripartire deve essere maggiore di zero."), campo="totale")
    if metodo in ("popolazione", "pesi_importati"):
        righe = resti_maggiori(totale_c, partecipanti)
        for r in righe:
            r.parte_variabile = r.centesimi
        return Risultato(metodo, totale_c, righe)
    if metodo == "parti_uguali":
        uguali = [Partecipante(p.chiave, p.etichetta, Fraction(1)) for p in partecipanti]
        righe = resti_maggiori(totale_c, uguali)
        for r in righe:
            r.parte_fissa = r.centesimi
        return Risultato(metodo, totale_c, righe)
    if metodo == "fissa_popolazione":
        return _fissa_popolazione(totale_c, partecipanti, percentuale_fissa)
    if metodo == "importi_importati":
        return _importi(totale_c, partecipanti, importi or {})
    raise RipartoNonValido(_("Metodo di riparto sconosciuto: %(metodo)s.") % {"metodo": metodo}, campo="metodo")


def _fissa_popolazione(totale_c: int, partecipanti: Sequence[Partecipante],
                       percentuale: Decimal | None) -> Risultato:
    """Each comune's exact share is its equal part of the fixed quota plus its population part of the rest;
    that combined share is rounded once, by largest remainder, so no comune is a cent or more away from it
    (rounding the two parts separately could take a comune up to two cents away)."""
    if percentuale is None or not (0 <= percentuale <= 100):
        raise RipartoNonValido(_("La quota fissa è una percentuale tra 0 e 100."), campo="percentuale_fissa")
    quota_fissa = Fraction(percentuale) / 100
    popolazione = sum((p.peso for p in partecipanti), Fraction(0))
    if popolazione == 0 and quota_fissa < 1:
        raise RipartoNonValido(_("Nessun comune ha residenti registrati per quell'anno: scegli un altro anno della "
                                 "popolazione."), campo="anno_popolazione")
    n = len(partecipanti)

    def peso_combinato(p: Partecipante) -> Fraction:
        variabile = (1 - quota_fissa) * p.peso / popolazione if popolazione else Fraction(0)
        return quota_fissa / n + variabile

    combinati = resti_maggiori(totale_c, [Partecipante(p.chiave, p.etichetta, peso_combinato(p))
                                          for p in partecipanti]) if n else []
    # How the amount reads: the fixed quota in equal cents (exact in total), the rest as population part.
    fissa_c = int((Decimal(totale_c) * percentuale / 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    uguali = {r.chiave: r.centesimi for r in resti_maggiori(
        fissa_c, [Partecipante(p.chiave, p.etichetta, Fraction(1)) for p in partecipanti])}
    pesi = {p.chiave: p.peso for p in partecipanti}
    righe = []
    for c in combinati:
        parte_fissa = min(uguali[c.chiave], c.centesimi)
        righe.append(RigaRiparto(c.chiave, c.etichetta, pesi[c.chiave], c.quota_esatta, c.centesimi_base,
                                 centesimo_extra=c.centesimo_extra, parte_fissa=parte_fissa,
                                 parte_variabile=c.centesimi - parte_fissa))
    nota = f"quota fissa {centesimi_in_euro(fissa_c)} in parti uguali, {centesimi_in_euro(totale_c - fissa_c)} " \
           "per popolazione; la quota di ogni comune è arrotondata una sola volta"
    return Risultato("fissa_popolazione", totale_c, righe, [nota])


def _importi(totale_c: int, partecipanti: Sequence[Partecipante], importi: Mapping[str, Decimal]) -> Risultato:
    noti = {p.chiave for p in partecipanti}
    estranei = sorted(set(importi) - noti)
    if estranei:
        raise RipartoNonValido(_("Comuni che non sono dell'Ambito: %(comuni)s.") % {"comuni": ", ".join(estranei)})
    righe = []
    for p in sorted(partecipanti, key=lambda p: p.chiave):
        c = euro_in_centesimi(importi.get(p.chiave, Decimal(0)))
        if c < 0:
            raise RipartoNonValido(_("Importo negativo per %(comune)s.") % {"comune": p.etichetta})
        righe.append(RigaRiparto(p.chiave, p.etichetta, p.peso, Fraction(c), c, parte_variabile=c))
    somma = sum(r.centesimi for r in righe)
    if somma != totale_c:
        raise RipartoNonValido(_("Gli importi sommano a %(somma)s €, non all'importo da ripartire di %(totale)s €.")
                               % {"somma": formato_numero(centesimi_in_euro(somma), 2),
                                  "totale": formato_numero(centesimi_in_euro(totale_c), 2)})
    return Risultato("importi_importati", totale_c, righe)
