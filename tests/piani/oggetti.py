"""Objects of one Ambito for the piani URL kwargs (registered in the isolation matrix)."""

from __future__ import annotations

from ambito.tenancy import ambito_scope
from piani import services
from piani.models import MacroArea
from tests.conftest import MondoAmbito
from tests.piani import helpers as h
from tests.tenancy.oggetti import factory


def _piano(w: MondoAmbito):
    with ambito_scope(w.ambito, actor=w.operatore):
        return h.piano(w.ambito, w.operatore)


@factory("piano_pk")
def piano_pk(w: MondoAmbito) -> int:
    return _piano(w).pk


@factory("macroarea_pk")
def macroarea_pk(w: MondoAmbito) -> int:
    p = _piano(w)
    with ambito_scope(w.ambito):
        return MacroArea.objects.filter(ambito=w.ambito, triennio=p.triennio).first().pk


@factory("obiettivo_pk")
def obiettivo_pk(w: MondoAmbito) -> int:
    p = _piano(w)
    with ambito_scope(w.ambito, actor=w.operatore):
        return h.obiettivo(p, w.operatore).pk


@factory("progetto_pk")
def progetto_pk(w: MondoAmbito) -> int:
    p = _piano(w)
    with ambito_scope(w.ambito, actor=w.operatore):
        return h.progetto(p, w.operatore).pk


@factory("indicatore_pk")
def indicatore_pk(w: MondoAmbito) -> int:
    p = _piano(w)
    with ambito_scope(w.ambito, actor=w.operatore):
        return h.indicatore(h.progetto(p, w.operatore, titolo="Progetto con indicatore"), w.operatore).pk


@factory("periodo_pk")
def periodo_pk(w: MondoAmbito) -> int:
    p = _piano(w)
    with ambito_scope(w.ambito, actor=w.operatore):
        return h.periodo(p, w.operatore).pk


@factory("sottoscrittore_pk")
def sottoscrittore_pk(w: MondoAmbito) -> int:
    p = _piano(w)
    with ambito_scope(w.ambito, actor=w.operatore):
        return services.sottoscrittore_add(piano=p, actor=w.operatore, comune=w.comuni[0]).pk


@factory("collegamento_obiettivo_pk")
def collegamento_obiettivo_pk(w: MondoAmbito) -> int:
    p = _piano(w)
    with ambito_scope(w.ambito, actor=w.operatore):
        o = h.obiettivo(p, w.operatore, titolo="Obiettivo collegato")
        pr = h.progetto(p, w.operatore, titolo="Progetto collegato")
        return services.obiettivo_link(obiettivo=o, actor=w.operatore, tipo="piani.progetto", pk=pr.pk).pk


@factory("sovrazonale_pk")
def sovrazonale_pk(w: MondoAmbito) -> int:
    """A header shared with a third Ambito only (the matrix's other Ambito must not see it)."""
    from ambito.tenancy.models import Ambito

    terzo, _ = Ambito.objects.get_or_create(slug=f"terzo-{w.ambito.slug}", defaults={
        "denominazione": f"Terzo Ambito di {w.ambito.slug}", "codice": f"T{w.ambito.pk}"})
    with ambito_scope(w.ambito, actor=w.operatore):
        return services.sovrazonale_create(ambito=w.ambito, actor=w.operatore, titolo="Sovrazonale",
                                           ambiti=[terzo]).pk


@factory("dato_comunita_pk")
def dato_comunita_pk(w: MondoAmbito) -> int:
    from decimal import Decimal

    with ambito_scope(w.ambito, actor=w.operatore):
        return services.dato_comunita_set(ambito=w.ambito, actor=w.operatore, anno=2024, tipo="fascia_eta",
                                          voce="65 anni e oltre", valore=Decimal(100), unita="persone",
                                          fonte="ISTAT", comune=w.comuni[0]).pk


def _procedura(w: MondoAmbito):
    with ambito_scope(w.ambito, actor=w.operatore):
        return services.coprogettazione_create(ambito=w.ambito, actor=w.operatore, tipo="coprogettazione",
                                               oggetto="Co-progettazione di prova", responsabile_procedimento="RUP")


@factory("coprogettazione_pk")
def coprogettazione_pk(w: MondoAmbito) -> int:
    return _procedura(w).pk


@factory("scadenza_rendicontazione_pk")
def scadenza_rendicontazione_pk(w: MondoAmbito) -> int:
    import datetime as dt

    procedura = _procedura(w)
    with ambito_scope(w.ambito, actor=w.operatore):
        return services.scadenza_rendicontazione_create(procedura=procedura, actor=w.operatore,
                                                        data=dt.date(2026, 6, 30), descrizione="Relazione").pk
