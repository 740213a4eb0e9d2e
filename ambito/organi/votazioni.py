"""Voting rules of collegial bodies, as pure functions over plain data (no ORM, no I/O).

The rule is a per-Ambito setting (no regional rule exists; each Accordo di
Programma or regolamento chooses), applied to the Assemblea dei Sindaci:

* ``maggioranza_semplice`` — approved when favourable votes outnumber contrary ones;
* ``unanimita`` — approved when every *present* voting unit votes in favour. An abstention, or a
  present unit that does not vote, breaks unanimity (the rule reads "unanimità dei presenti");
* ``ponderato_popolazione`` — each unit weighs the population of the comune it represents;
  approved when the favourable weight exceeds the contrary weight;
* ``doppia_maggioranza`` — both of the above: more favourable heads than contrary ones AND more
  favourable weight than contrary weight.

Common to every rule:

* abstentions are counted as present (for the quorum) but not as votes cast, so they never
  help either side (except that they break unanimity);
* a tie is not a majority: the item is rejected;
* the quorum (quorum costitutivo) is checked first, on attendance: present units must be at
  least ``quorum_componenti_percento`` % of all units and, if ``quorum_popolazione_percento`` is
  above zero, present weight at least that % of the total weight. Below quorum the vote is not
  valid (``non_valido``) whatever the votes say.

A "voting unit" is what holds one vote: in the Assemblea one comune (its mayor, or the delegate
standing in for the mayor); in other bodies one componente. Building units from the database is
the job of :func:`ambito.organi.selectors.unita_di_voto`; here we only count.

All arithmetic is exact: weights are ``Decimal`` and percentages are compared by
cross-multiplication (``presenti * 100 >= percento * totale``), never by dividing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

MAGGIORANZA_SEMPLICE = "maggioranza_semplice"
UNANIMITA = "unanimita"
PONDERATO_POPOLAZIONE = "ponderato_popolazione"
DOPPIA_MAGGIORANZA = "doppia_maggioranza"
REGOLE = (MAGGIORANZA_SEMPLICE, UNANIMITA, PONDERATO_POPOLAZIONE, DOPPIA_MAGGIORANZA)

FAVOREVOLE = "favorevole"
CONTRARIO = "contrario"
ASTENUTO = "astenuto"
VOTI = (FAVOREVOLE, CONTRARIO, ASTENUTO)

APPROVATO = "approvato"
RESPINTO = "respinto"
NON_VALIDO = "non_valido"


@dataclass(frozen=True)
class UnitaDiVoto:
    """One holder of a vote: ``peso`` is the comune's population (0 when it has none)."""

    chiave: str
    nome: str
    peso: Decimal = Decimal(0)
    presente: bool = False
    voto: str | None = None

    def __post_init__(self) -> None:
        if self.voto is not None and self.voto not in VOTI:
            raise ValueError(f"unknown vote {self.voto!r}")
        if self.voto is not None and not self.presente:
            raise ValueError(f"{self.chiave}: an absent unit cannot vote")
        if not isinstance(self.peso, Decimal) or self.peso < 0:
            raise ValueError(f"{self.chiave}: weight must be a non-negative Decimal")


@dataclass(frozen=True)
class Conteggio:
    """Heads and weight of one group of units."""

    numero: int = 0
    peso: Decimal = Decimal(0)

    def piu(self, unita: UnitaDiVoto) -> Conteggio:
        return Conteggio(self.numero + 1, self.peso + unita.peso)


@dataclass(frozen=True)
class RisultatoVotazione:
    """The outcome and everything needed to explain (and re-check) it."""

    regola: str
    esito: str
    quorum_raggiunto: bool
    totale: Conteggio
    presenti: Conteggio
    favorevoli: Conteggio
    contrari: Conteggio
    astenuti: Conteggio
    non_votanti: Conteggio
    quorum_componenti_percento: int
    quorum_popolazione_percento: int
    spiegazione: list[str] = field(default_factory=list)
    unita: list[UnitaDiVoto] = field(default_factory=list)

    @property
    def approvato(self) -> bool:
        return self.esito == APPROVATO

    def as_dict(self) -> dict[str, Any]:
        """JSON-safe form, stored in ``PuntoOdG.dettaglio_esito`` (Decimals as strings)."""

        def c(x: Conteggio) -> dict[str, Any]:
            return {"numero": x.numero, "peso": str(x.peso)}

        return {
            "regola": self.regola,
            "esito": self.esito,
            "quorum_raggiunto": self.quorum_raggiunto,
            "quorum_componenti_percento": self.quorum_componenti_percento,
            "quorum_popolazione_percento": self.quorum_popolazione_percento,
            "totale": c(self.totale),
            "presenti": c(self.presenti),
            "favorevoli": c(self.favorevoli),
            "contrari": c(self.contrari),
            "astenuti": c(self.astenuti),
            "non_votanti": c(self.non_votanti),
            "spiegazione": list(self.spiegazione),
            "unita": [
                {"chiave": u.chiave, "nome": u.nome, "peso": str(u.peso), "presente": u.presente, "voto": u.voto}
                for u in self.unita
            ],
        }


def percentuale_raggiunta(parte: Decimal | int, totale: Decimal | int, percento: int) -> bool:
    """``parte`` is at least ``percento`` % of ``totale`` (exact; 0 % is always reached)."""
    if percento <= 0:
        return True
    return Decimal(parte) * 100 >= Decimal(percento) * Decimal(totale) and Decimal(totale) > 0


def maggioranza(favorevoli: Decimal | int, contrari: Decimal | int) -> bool:
    """Strictly more in favour than against: a tie is not a majority."""
    return favorevoli > contrari


def _fmt(peso: Decimal) -> str:
    """Italian thousands separator for populations in the explanation (46.053)."""
    intero = int(peso)
    testo = f"{intero:,}".replace(",", ".")
    if peso != intero:
        testo += "," + str(peso - intero)[2:]
    return testo


def calcola_esito(
    unita: Sequence[UnitaDiVoto],
    *,
    regola: str,
    quorum_componenti_percento: int = 0,
    quorum_popolazione_percento: int = 0,
) -> RisultatoVotazione:
    """Apply ``regola`` to the units and say why the item is approved, rejected or not valid."""
    if regola not in REGOLE:
        raise ValueError(f"unknown voting rule {regola!r}")
    chiavi = [u.chiave for u in unita]
    if len(set(chiavi)) != len(chiavi):
        raise ValueError("a voting unit appears twice")

    totale = presenti = favorevoli = contrari = astenuti = non_votanti = Conteggio()
    for u in unita:
        totale = totale.piu(u)
        if not u.presente:
            continue
        presenti = presenti.piu(u)
        if u.voto == FAVOREVOLE:
            favorevoli = favorevoli.piu(u)
        elif u.voto == CONTRARIO:
            contrari = contrari.piu(u)
        elif u.voto == ASTENUTO:
            astenuti = astenuti.piu(u)
        else:
            non_votanti = non_votanti.piu(u)

    righe: list[str] = []
    q_componenti = percentuale_raggiunta(presenti.numero, totale.numero, quorum_componenti_percento)
    righe.append(_("Presenti %(p)d su %(t)d componenti (quorum richiesto: %(q)d%%): %(ok)s.") % {
        "p": presenti.numero, "t": totale.numero, "q": quorum_componenti_percento,
        "ok": _("raggiunto") if q_componenti else _("non raggiunto")})
    q_popolazione = percentuale_raggiunta(presenti.peso, totale.peso, quorum_popolazione_percento)
    if quorum_popolazione_percento > 0:
        righe.append(_("Popolazione rappresentata dai presenti %(p)s su %(t)s (quorum richiesto: %(q)d%%): "
                       "%(ok)s.") % {
            "p": _fmt(presenti.peso), "t": _fmt(totale.peso), "q": quorum_popolazione_percento,
            "ok": _("raggiunto") if q_popolazione else _("non raggiunto")})
    quorum = q_componenti and q_popolazione

    righe.append(_("Voti: %(f)d favorevoli, %(c)d contrari, %(a)d astenuti, %(n)d presenti non votanti.") % {
        "f": favorevoli.numero, "c": contrari.numero, "a": astenuti.numero, "n": non_votanti.numero})
    if regola in (PONDERATO_POPOLAZIONE, DOPPIA_MAGGIORANZA):
        righe.append(_("Peso (popolazione): favorevoli %(f)s, contrari %(c)s, astenuti %(a)s.") % {
            "f": _fmt(favorevoli.peso), "c": _fmt(contrari.peso), "a": _fmt(astenuti.peso)})

    if not quorum:
        esito = NON_VALIDO
        righe.append(_("Quorum non raggiunto: la votazione non è valida."))
    else:
        approvato, motivo = _applica_regola(regola, presenti, favorevoli, contrari, astenuti, non_votanti)
        esito = APPROVATO if approvato else RESPINTO
        righe.append(motivo)

    return RisultatoVotazione(
        regola=regola, esito=esito, quorum_raggiunto=quorum, totale=totale, presenti=presenti,
        favorevoli=favorevoli, contrari=contrari, astenuti=astenuti, non_votanti=non_votanti,
        quorum_componenti_percento=quorum_componenti_percento,
        quorum_popolazione_percento=quorum_popolazione_percento, spiegazione=righe, unita=list(unita),
    )


def _applica_regola(
    regola: str, presenti: Conteggio, favorevoli: Conteggio, contrari: Conteggio, astenuti: Conteggio,
    non_votanti: Conteggio,
) -> tuple[bool, str]:
    teste = maggioranza(favorevoli.numero, contrari.numero)
    peso = maggioranza(favorevoli.peso, contrari.peso)
    frase_teste = _("Maggioranza dei componenti: %(f)d favorevoli contro %(c)d contrari, %(ok)s.") % {
        "f": favorevoli.numero, "c": contrari.numero, "ok": _("raggiunta") if teste else _("non raggiunta")}
    frase_peso = _("Maggioranza ponderata: %(f)s abitanti favorevoli contro %(c)s contrari, %(ok)s.") % {
        "f": _fmt(favorevoli.peso), "c": _fmt(contrari.peso), "ok": _("raggiunta") if peso else _("non raggiunta")}

    if regola == MAGGIORANZA_SEMPLICE:
        return teste, frase_teste + " " + (_("Approvato.") if teste else _("Respinto."))
    if regola == PONDERATO_POPOLAZIONE:
        return peso, frase_peso + " " + (_("Approvato.") if peso else _("Respinto."))
    if regola == DOPPIA_MAGGIORANZA:
        ok = teste and peso
        return ok, frase_teste + " " + frase_peso + " " + (
            _("Approvato (doppia maggioranza).") if ok else _("Respinto: serve la maggioranza sia dei componenti "
                                                                "sia della popolazione."))
    # UNANIMITA
    ok = presenti.numero > 0 and favorevoli.numero == presenti.numero
    if ok:
        return True, _("Tutti i %(n)d presenti hanno votato a favore: approvato all'unanimità.") % {
            "n": presenti.numero}
    return False, _("Unanimità non raggiunta: %(f)d favorevoli su %(p)d presenti (%(c)d contrari, %(a)d astenuti, "
                    "%(n)d non votanti). Respinto.") % {
        "f": favorevoli.numero, "p": presenti.numero, "c": contrari.numero, "a": astenuti.numero,
        "n": non_votanti.numero}
