"""State changes of the funds ledger: one function per change, keyword-only, atomic, audited.

Other modules write to the ledger only through these functions (e.g. misure calls
:func:`impegno_create` when a graduatoria is approved and :func:`liquidazione_create` for each
erogazione, passing the object as ``riferimento``).

Concurrency: every change that consumes a margin first locks the row that owns it
(``SELECT … FOR NO KEY UPDATE`` — no-key so that foreign-key checks of concurrent inserts are
not blocked), always in the order assegnazione → quota, then reads the running balances and
checks the margin **at every date from the movement's date on**, then inserts. A concurrent
request waits on the lock and then sees the committed result, so of two commitments that
together exceed a quota exactly one succeeds and the other gets a :class:`~ambito.errors.Conflitto`
-style Italian message. The database trigger (:mod:`fondi.db`) repeats locks and checks as a
backstop. ``settings.FONDI_LOCK_DISABILITATO`` (tests only) removes both locks to prove the race.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.db.models import Model
from django.utils.translation import gettext as _

from ambito import regole
from ambito.accounts.models import Utente
from ambito.atti.models import Atto
from ambito.atti.selectors import atti_dell_oggetto
from ambito.atti.services import atto_link
from ambito.errors import Conflitto, RegolaViolata
from ambito.formato import euro
from ambito.tenancy.models import Ambito
from ambito.territorio.models import Comune, Ente
from ambito.territorio.selectors import comune_list
from fondi import catalogo, db
from fondi.models import (
    EFFETTO,
    Assegnazione,
    Cofinanziamento,
    FonteFinanziamento,
    MetodoRiparto,
    Movimento,
    Quota,
    QuotaComunale,
    Riparto,
    TipoDestinazione,
    TipoMovimento,
    Versamento,
    Vincolo,
    VincoloTipo,
    Voce,
)
from fondi.riparto import RipartoNonValido
from fondi.selectors import (
    Saldi,
    allocato_quote,
    andamento_get,
    comune_appartiene,
    effettivo_movimento,
    margine_minimo,
    riparto_calcola,
    saldi_quote,
)

CENT = Decimal("0.01")
Margine = Callable[[Saldi], Decimal]


# --- helpers -------------------------------------------------------------------------------------


def _lock_disabilitato() -> bool:
    return bool(getattr(settings, "FONDI_LOCK_DISABILITATO", False))


def _blocca(modello: type[Model], pk: int, *correlati: str) -> Any:
    """Lock one row for the rest of the transaction (or, in the race tests, deliberately not).

    ``correlati`` are read in the same query (``select_related``) without being locked."""
    if _lock_disabilitato():
        db.disattiva_lock_nella_transazione()
        return modello.objects.select_related(*correlati).get(pk=pk)
    return modello.objects.select_related(*correlati).select_for_update(no_key=True, of=("self",)).get(pk=pk)


def _importo(valore: Decimal, *, campo: str = "importo", ammetti_negativo: bool = False) -> Decimal:
    if not isinstance(valore, Decimal):
        raise TypeError("amounts are Decimal")
    if valore != valore.quantize(CENT):
        raise RegolaViolata(_("L'importo non può avere frazioni di centesimo."), campo=campo)
    if valore == 0 or (valore < 0 and not ammetti_negativo):
        raise RegolaViolata(_("L'importo deve essere maggiore di zero."), campo=campo)
    return valore


def _stesso_ambito(ambito_id: int, **oggetti: Any) -> None:
    """Every referenced tenant object must belong to the Ambito of the operation."""
    for nome, oggetto in oggetti.items():
        if oggetto is not None and getattr(oggetto, "ambito_id", ambito_id) != ambito_id:
            raise RegolaViolata(_("L'oggetto indicato appartiene a un altro Ambito."), campo=nome)


def _comune_dell_ambito(ambito: Ambito, comune: Comune | None, data: dt.date, campo: str = "comune") -> None:
    if comune is not None and not comune_appartiene(ambito=ambito, comune=comune, data=data):
        raise RegolaViolata(_("Il comune %(comune)s non fa parte dell'Ambito al %(data)s.")
                            % {"comune": comune, "data": f"{data:%d/%m/%Y}"}, campo=campo)


def _riferimento(oggetto: Model | None) -> dict[str, Any]:
    if oggetto is None:
        return {}
    return {"content_type": ContentType.objects.get_for_model(oggetto), "object_id": oggetto.pk}


def _verifica_margine(punti: list, data: dt.date, margine: Margine, importo: Decimal, messaggio: str) -> None:
    """Refuse when ``importo`` exceeds the smallest margin at ``data`` or any later date."""
    minimo, quando = margine_minimo(punti, data, margine)
    if importo > minimo:
        raise Conflitto(messaggio % {"importo": euro(importo), "disponibile": euro(max(minimo, Decimal(0))),
                                     "data": f"{quando:%d/%m/%Y}"}, campo="importo")


def _inserisci(movimento: Movimento) -> Movimento:
    """Insert a movement; a refusal of the database trigger becomes an Italian error."""
    regole.data_contabile(movimento.data_contabile)
    movimento.voce, movimento.segno = (
        EFFETTO[movimento.tipo] if movimento.tipo != TipoMovimento.RETTIFICA
        else (movimento.rettifica_di.voce, movimento.rettifica_di.segno))
    try:
        with transaction.atomic():
            movimento.save()
    except IntegrityError as exc:
        if "fondi:" not in str(exc):
            raise
        raise Conflitto(_("I saldi dei fondi non consentono l'operazione (verifica del database). "
                          "Ricaricare la pagina e riprovare.")) from exc
    return movimento


# Margins: how much a movement of each kind may move, given the balances at a date.
def _margine_allocabile(s: Saldi) -> Decimal:
    return s.assegnato - s.allocato


def _margine_impegnabile(s: Saldi) -> Decimal:
    return s.allocato - s.impegnato


def _margine_liquidabile(s: Saldi) -> Decimal:
    return s.impegnato - s.liquidato


def _margine_liquidato(s: Saldi) -> Decimal:
    return s.liquidato


MARGINI: dict[tuple[str, int], tuple[str, Margine, str]] = {
    # (voce, sign of the change) → (level whose running balances count, margin, message)
    (Voce.ASSEGNATO, -1): ("assegnazione", _margine_allocabile,
                           "Importo %(importo)s superiore all'assegnato non ancora allocato: %(disponibile)s "
                           "al %(data)s."),
    (Voce.ALLOCATO, 1): ("assegnazione", _margine_allocabile,
                         "Importo %(importo)s superiore all'assegnato non ancora allocato: %(disponibile)s "
                         "al %(data)s."),
    (Voce.ALLOCATO, -1): ("quota", _margine_impegnabile,
                          "Riduzione di %(importo)s superiore alla parte non impegnata della quota: "
                          "%(disponibile)s al %(data)s."),
    (Voce.IMPEGNATO, 1): ("quota", _margine_impegnabile,
                          "Impegno di %(importo)s superiore alla disponibilità della quota: %(disponibile)s "
                          "al %(data)s."),
    (Voce.IMPEGNATO, -1): ("quota", _margine_liquidabile,
                           "Disimpegno di %(importo)s superiore all'impegnato non liquidato: %(disponibile)s "
                           "al %(data)s."),
    (Voce.LIQUIDATO, 1): ("quota", _margine_liquidabile,
                          "Liquidazione di %(importo)s superiore all'impegnato non liquidato: %(disponibile)s "
                          "al %(data)s."),
    (Voce.LIQUIDATO, -1): ("quota", _margine_liquidato,
                           "Rettifica di %(importo)s superiore al liquidato: %(disponibile)s al %(data)s."),
}


def _controlla(*, assegnazione: Assegnazione, quota: Quota | None, voce: str, variazione: Decimal,
               data: dt.date) -> None:
    """Check that changing ``voce`` by ``variazione`` at ``data`` keeps every balance valid at every
    later date. The caller holds the locks."""
    if variazione == 0 or (voce, 1 if variazione > 0 else -1) not in MARGINI:
        return
    livello, margine, messaggio = MARGINI[(voce, 1 if variazione > 0 else -1)]
    if livello == "assegnazione":
        punti = andamento_get(ambito=assegnazione.ambito, assegnazione=assegnazione, dal=data)
    else:
        punti = andamento_get(ambito=assegnazione.ambito, quota=quota, dal=data)
    _verifica_margine(punti, data, margine, abs(variazione), _(messaggio))


def _approvato_con(atto: Atto | None, oggetto: Model, actor: Utente | None) -> None:
    """Record on the act that it approves ``oggetto`` (shown on the act's page), once."""
    if atto is not None and not atti_dell_oggetto(ambito=atto.ambito, oggetto=oggetto).filter(pk=atto.pk).exists():
        atto_link(atto=atto, actor=actor, oggetto=oggetto)


def _data_non_prima(data: dt.date, assegnazione: Assegnazione) -> None:
    if data < assegnazione.data_assegnazione:
        raise RegolaViolata(_("La data contabile precede l'assegnazione (%(data)s).")
                            % {"data": f"{assegnazione.data_assegnazione:%d/%m/%Y}"}, campo="data_contabile")


# --- catalogue -----------------------------------------------------------------------------------


@transaction.atomic
def fonti_seed(*, actor: Utente | None = None) -> int:
    """Create the missing sources of the catalogue (:mod:`fondi.catalogo`); idempotent."""
    return catalogo.semina(FonteFinanziamento)


# --- assegnazioni --------------------------------------------------------------------------------


@transaction.atomic
def assegnazione_create(
    *, ambito: Ambito, fonte: FonteFinanziamento, descrizione: str, annualita: int, esercizio: int,
    importo: Decimal, data_assegnazione: dt.date, atto: Atto, actor: Utente | None,
    scadenza_impegno: dt.date | None = None, scadenza_spesa: dt.date | None = None,
    scadenza_rendicontazione: dt.date | None = None, ente_finanziatore: Ente | None = None, note: str = "",
) -> Assegnazione:
    """Record an assignment by an act and its opening movement (the assigned balance)."""
    _importo(importo)
    _stesso_ambito(ambito.pk, atto=atto)
    regole.data_contabile(data_assegnazione, campo="data_assegnazione")
    if esercizio < annualita:
        raise RegolaViolata(_("L'esercizio non può precedere l'annualità."), campo="esercizio")
    _scadenze_in_ordine(scadenza_impegno, scadenza_spesa, scadenza_rendicontazione)
    if not fonte.attiva:
        raise RegolaViolata(_("La fonte non è più attiva."), campo="fonte")
    assegnazione = Assegnazione(
        ambito=ambito, fonte=fonte, descrizione=descrizione, annualita=annualita, esercizio=esercizio,
        importo=importo, data_assegnazione=data_assegnazione, atto=atto, scadenza_impegno=scadenza_impegno,
        scadenza_spesa=scadenza_spesa, scadenza_rendicontazione=scadenza_rendicontazione,
        ente_finanziatore=ente_finanziatore, note=note)
    assegnazione.full_clean()
    assegnazione.save()
    _inserisci(Movimento(ambito=ambito, assegnazione=assegnazione, tipo=TipoMovimento.ASSEGNAZIONE, importo=importo,
                         data_contabile=data_assegnazione, atto=atto, descrizione=descrizione, creato_da=actor))
    atto_link(atto=atto, actor=actor, oggetto=assegnazione)
    return assegnazione


def _scadenze_in_ordine(impegno: dt.date | None, spesa: dt.date | None, rendicontazione: dt.date | None) -> None:
    scadenze = [d for d in (impegno, spesa, rendicontazione) if d]
    if scadenze != sorted(scadenze):
        raise RegolaViolata(_("Le scadenze devono essere in ordine: impegno, spesa, rendicontazione."),
                            campo="scadenza_spesa")


CAMPI_MODIFICABILI = ("descrizione", "scadenza_impegno", "scadenza_spesa", "scadenza_rendicontazione",
                      "ente_finanziatore", "note")


@transaction.atomic
def assegnazione_update(*, assegnazione: Assegnazione, actor: Utente | None, **campi: Any) -> Assegnazione:
    """Change the descriptive fields and deadlines; the amount, source and act never change
    (a later decree that changes the amount is a rettifica of the opening movement)."""
    vietati = set(campi) - set(CAMPI_MODIFICABILI)
    if vietati:
        raise RegolaViolata(_("Campi non modificabili: %(campi)s.") % {"campi": ", ".join(sorted(vietati))})
    for nome, valore in campi.items():
        setattr(assegnazione, nome, valore)
    _scadenze_in_ordine(assegnazione.scadenza_impegno, assegnazione.scadenza_spesa,
                        assegnazione.scadenza_rendicontazione)
    assegnazione.full_clean()
    assegnazione.save(update_fields=list(campi))
    return assegnazione


@transaction.atomic
def assegnazione_mark_rendicontata(*, assegnazione: Assegnazione, data: dt.date,
                                   actor: Utente | None) -> Assegnazione:
    """Record that the assignment has been reported to the Region (clears the deadline flag)."""
    assegnazione.rendicontata_il = data
    assegnazione.save(update_fields=["rendicontata_il"])
    return assegnazione


@transaction.atomic
def vincolo_create(*, assegnazione: Assegnazione, tipo: str, percentuale: Decimal, actor: Utente | None,
                   tipo_destinazione: str = "", area: str = "", descrizione: str = "") -> Vincolo:
    """Add a min/max share constraint of the act (one destination type or one area)."""
    if bool(tipo_destinazione) == bool(area):
        raise RegolaViolata(_("Indicare una destinazione oppure un'area, non entrambe."), campo="area")
    vincolo = Vincolo(ambito_id=assegnazione.ambito_id, assegnazione=assegnazione, tipo=tipo,
                      percentuale=percentuale, tipo_destinazione=tipo_destinazione, area=area,
                      descrizione=descrizione)
    vincolo.full_clean()
    vincolo.save()
    return vincolo


def _controlla_massimi(*, assegnazione: Assegnazione, quota: Quota, aumento: Decimal, data: dt.date) -> None:
    """A maximum share (e.g. spese amministrative ≤ 5 %) may not be exceeded by an allocation."""
    vincoli = [v for v in assegnazione.vincoli.filter(tipo=VincoloTipo.MASSIMO)
               if (v.tipo_destinazione and v.tipo_destinazione == quota.tipo_destinazione)
               or (v.area and v.area == quota.area)]
    if not vincoli or aumento <= 0:
        return
    punti = andamento_get(ambito=assegnazione.ambito, assegnazione=assegnazione, dal=data)
    assegnato = margine_minimo(punti, data, lambda s: s.assegnato)[0]
    for v in vincoli:
        # Only the quote of the constrained destination or area are summed (their kept balances).
        allocato = allocato_quote(assegnazione=assegnazione, tipo_destinazione=v.tipo_destinazione, area=v.area)
        limite = (assegnato * v.percentuale / 100).quantize(CENT)
        if allocato + aumento > limite:
            raise RegolaViolata(
                _("Vincolo dell'atto: %(vincolo)s, cioè al massimo %(limite)s; già allocati %(allocato)s.")
                % {"vincolo": v, "limite": euro(limite), "allocato": euro(allocato)}, campo="importo")


# --- quote (allocations) -------------------------------------------------------------------------


@transaction.atomic
def quota_create(
    *, assegnazione: Assegnazione, tipo_destinazione: str, descrizione: str, importo: Decimal, atto: Atto,
    data_contabile: dt.date, actor: Utente | None, area: str = "", comune: Comune | None = None,
    oggetto: Model | None = None, riparto: Riparto | None = None,
) -> Quota:
    """Allocate part of an assegnazione to a destination, approved by ``atto``.

    Rule: allocato ≤ assegnato at this and every later date; a maximum-share constraint of the
    act is respected. Locks the assegnazione.
    """
    _importo(importo)
    _stesso_ambito(assegnazione.ambito_id, atto=atto, riparto=riparto)
    assegnazione = _blocca(Assegnazione, assegnazione.pk, "ambito")
    _data_non_prima(data_contabile, assegnazione)
    if tipo_destinazione == TipoDestinazione.COMUNE and comune is None:
        raise RegolaViolata(_("Per una quota a un comune indicare il comune."), campo="comune")
    _comune_dell_ambito(assegnazione.ambito, comune, data_contabile)
    quota = Quota(ambito_id=assegnazione.ambito_id, assegnazione=assegnazione, tipo_destinazione=tipo_destinazione,
                  descrizione=descrizione, area=area, comune=comune, atto=atto, riparto=riparto,
                  **_riferimento(oggetto))
    quota.full_clean()
    _controlla(assegnazione=assegnazione, quota=None, voce=Voce.ALLOCATO, variazione=importo, data=data_contabile)
    _controlla_massimi(assegnazione=assegnazione, quota=quota, aumento=importo, data=data_contabile)
    quota.save()
    _inserisci(Movimento(ambito_id=assegnazione.ambito_id, assegnazione=assegnazione, quota=quota,
                         tipo=TipoMovimento.ALLOCAZIONE, importo=importo, data_contabile=data_contabile, atto=atto,
                         comune=comune, descrizione=descrizione, creato_da=actor))
    if riparto is None:  # a riparto's quote are approved with the riparto itself
        atto_link(atto=atto, actor=actor, oggetto=quota)
    return quota


@transaction.atomic
def quota_resize(*, quota: Quota, nuovo_importo: Decimal, atto: Atto, data_contabile: dt.date, motivo: str,
                 actor: Utente | None) -> Movimento | None:
    """Change the allocated amount of a quota (rimodulazione), approved by an act.

    Written as an ``allocazione`` or ``riduzione`` movement of the difference; a reduction may
    not go below what is committed at any later date. Locks assegnazione then quota.
    """
    if nuovo_importo < 0 or nuovo_importo != nuovo_importo.quantize(CENT):
        raise RegolaViolata(_("Importo non valido."), campo="nuovo_importo")
    _stesso_ambito(quota.ambito_id, atto=atto)
    assegnazione = _blocca(Assegnazione, quota.assegnazione_id, "ambito")
    quota = _blocca(Quota, quota.pk)
    _data_non_prima(data_contabile, assegnazione)
    attuale = saldi_quote(ambito=assegnazione.ambito, data=data_contabile, quota=quota).get(
        quota.pk, Saldi()).allocato
    differenza = nuovo_importo - attuale
    if differenza == 0:
        return None
    _controlla(assegnazione=assegnazione, quota=quota, voce=Voce.ALLOCATO, variazione=differenza,
               data=data_contabile)
    _controlla_massimi(assegnazione=assegnazione, quota=quota, aumento=differenza, data=data_contabile)
    tipo = TipoMovimento.ALLOCAZIONE if differenza > 0 else TipoMovimento.RIDUZIONE
    movimento = _inserisci(Movimento(
        ambito_id=quota.ambito_id, assegnazione=assegnazione, quota=quota, tipo=tipo, importo=abs(differenza),
        data_contabile=data_contabile, atto=atto, comune=quota.comune, descrizione=quota.descrizione,
        motivo=motivo, creato_da=actor))
    _approvato_con(atto, quota, actor)
    return movimento


# --- commitments, payments, releases --------------------------------------------------------------

TIPI_DI_SPESA = (TipoMovimento.IMPEGNO, TipoMovimento.LIQUIDAZIONE, TipoMovimento.DISIMPEGNO)


@transaction.atomic
def movimento_create(
    *, quota: Quota, tipo: str, importo: Decimal, data_contabile: dt.date, actor: Utente | None,
    atto: Atto | None = None, comune: Comune | None = None, descrizione: str = "", motivo: str = "",
    riferimento: Model | None = None,
) -> Movimento:
    """Record an impegno, a liquidazione or a disimpegno/economia on a quota.

    Rules, at this and every later date: impegnato ≤ allocato; liquidato ≤ impegnato. Locks the
    quota row, so concurrent commitments against one quota serialise; the one that no longer
    fits gets an Italian error with the amount still available.

    A liquidazione names its act: it is ordered by an "atto di liquidazione" of the responsabile del
    servizio (D.Lgs 267/2000, art. 184), which the Region's checks and the rendiconto quote.
    """
    if tipo not in TIPI_DI_SPESA:
        raise RegolaViolata(_("Tipo di movimento non ammesso qui."), campo="tipo")
    if tipo == TipoMovimento.LIQUIDAZIONE and atto is None:
        raise RegolaViolata(_("Indica l'atto di liquidazione (la determina che dispone il pagamento)."),
                            codice="atto_obbligatorio", campo="atto")
    _importo(importo)
    _stesso_ambito(quota.ambito_id, atto=atto)
    quota = _blocca(Quota, quota.pk, "assegnazione__ambito", "comune")
    assegnazione = quota.assegnazione
    _data_non_prima(data_contabile, assegnazione)
    comune = comune or quota.comune
    _comune_dell_ambito(assegnazione.ambito, comune, data_contabile)
    voce, segno = EFFETTO[tipo]
    _controlla(assegnazione=assegnazione, quota=quota, voce=voce, variazione=importo * segno, data=data_contabile)
    return _inserisci(Movimento(
        ambito_id=quota.ambito_id, assegnazione=assegnazione, quota=quota, tipo=tipo, importo=importo,
        data_contabile=data_contabile, atto=atto, comune=comune, descrizione=descrizione, motivo=motivo,
        creato_da=actor, **_riferimento(riferimento)))


def impegno_create(*, quota: Quota, importo: Decimal, data_contabile: dt.date, actor: Utente | None,
                   **kwargs: Any) -> Movimento:
    """Commit part of a quota (e.g. a determina di impegno for a graduatoria)."""
    return movimento_create(quota=quota, tipo=TipoMovimento.IMPEGNO, importo=importo,
                            data_contabile=data_contabile, actor=actor, **kwargs)


def liquidazione_create(*, quota: Quota, importo: Decimal, data_contabile: dt.date, actor: Utente | None,
                        **kwargs: Any) -> Movimento:
    """Pay part of what is committed on a quota."""
    return movimento_create(quota=quota, tipo=TipoMovimento.LIQUIDAZIONE, importo=importo,
                            data_contabile=data_contabile, actor=actor, **kwargs)


def disimpegno_create(*, quota: Quota, importo: Decimal, data_contabile: dt.date, actor: Utente | None,
                      **kwargs: Any) -> Movimento:
    """Release committed but unpaid money back to the quota (disimpegno / economia)."""
    return movimento_create(quota=quota, tipo=TipoMovimento.DISIMPEGNO, importo=importo,
                            data_contabile=data_contabile, actor=actor, **kwargs)


# --- corrections and carry-overs ----------------------------------------------------------------


@transaction.atomic
def rettifica_create(*, movimento: Movimento, importo: Decimal, data_contabile: dt.date, motivo: str,
                     actor: Utente | None, atto: Atto | None = None) -> Movimento:
    """Correct an earlier movement by a signed amount (negative: the original was too large).

    Never edits the original: the rettifica is a new movement of the same voce, dated on or after
    it, with a mandatory reason; balances before its date are unchanged. The corrected amount
    cannot go below zero and the balances must stay valid at every date. Correcting one leg of a
    riporto corrects the other leg too, so the carry-over stays balanced.
    """
    _importo(importo, ammetti_negativo=True)
    if not motivo.strip():
        raise RegolaViolata(_("Indicare il motivo della rettifica."), campo="motivo")
    _stesso_ambito(movimento.ambito_id, atto=atto)
    if movimento.tipo == TipoMovimento.RETTIFICA:
        raise RegolaViolata(_("Rettificare il movimento originale, non una rettifica."))
    gambe = [movimento]
    if movimento.tipo in (TipoMovimento.RIPORTO_ENTRATA, TipoMovimento.RIPORTO_USCITA):
        altra = (Movimento.objects.get(pk=movimento.collegato_id) if movimento.collegato_id
                 else Movimento.objects.get(collegato=movimento))
        gambe = sorted([movimento, altra], key=lambda m: m.tipo != TipoMovimento.RIPORTO_USCITA)
    # Lock in the global order: assegnazioni by pk, then the quota.
    for pk in sorted({g.assegnazione_id for g in gambe if g.voce in (Voce.ASSEGNATO, Voce.ALLOCATO)}):
        _blocca(Assegnazione, pk)
    if movimento.quota_id:
        _blocca(Quota, movimento.quota_id)
    create = []
    for gamba in gambe:
        if data_contabile < gamba.data_contabile:
            raise RegolaViolata(_("La rettifica non può precedere il movimento rettificato (%(data)s).")
                                % {"data": f"{gamba.data_contabile:%d/%m/%Y}"}, campo="data_contabile")
        if effettivo_movimento(movimento=gamba) + importo < 0:
            raise RegolaViolata(_("La rettifica porterebbe il movimento sotto zero (importo attuale %(attuale)s).")
                                % {"attuale": euro(effettivo_movimento(movimento=gamba))}, campo="importo")
    for gamba in gambe:
        _controlla(assegnazione=gamba.assegnazione, quota=gamba.quota, voce=gamba.voce,
                   variazione=importo * gamba.segno, data=data_contabile)
        create.append(_inserisci(Movimento(
            ambito_id=gamba.ambito_id, assegnazione_id=gamba.assegnazione_id, quota_id=gamba.quota_id,
            tipo=TipoMovimento.RETTIFICA, rettifica_di=gamba, importo=importo, data_contabile=data_contabile,
            atto=atto, comune=gamba.comune, descrizione=_("Rettifica: %(desc)s") % {"desc": gamba.descrizione},
            motivo=motivo, creato_da=actor)))
    return next(m for m in create if m.rettifica_di_id == movimento.pk)


@transaction.atomic
def riporto_create(*, assegnazione: Assegnazione, destinazione: Assegnazione, importo: Decimal,
                   data_contabile: dt.date, motivo: str, actor: Utente | None, atto: Atto | None = None) -> Movimento:
    """Carry unallocated residues to a later annualità of the same source (a pair of movements:
    ``riporto_uscita`` on the origin, ``riporto_entrata`` on the destination, linked).

    Rule: the amount cannot exceed the assigned-but-unallocated residue of the origin at this or
    any later date (reduce a quota first to carry over allocated money). Returns the uscita.
    """
    _importo(importo)
    _stesso_ambito(assegnazione.ambito_id, destinazione=destinazione, atto=atto)
    if destinazione.pk == assegnazione.pk:
        raise RegolaViolata(_("Origine e destinazione del riporto coincidono."), campo="destinazione")
    if destinazione.fonte_id != assegnazione.fonte_id:
        raise RegolaViolata(_("Il riporto va a un'assegnazione della stessa fonte."), campo="destinazione")
    if destinazione.annualita <= assegnazione.annualita:
        raise RegolaViolata(_("Il riporto va a un'annualità successiva."), campo="destinazione")
    bloccate = {pk: _blocca(Assegnazione, pk) for pk in sorted((assegnazione.pk, destinazione.pk))}
    origine, arrivo = bloccate[assegnazione.pk], bloccate[destinazione.pk]
    _data_non_prima(data_contabile, origine)
    _data_non_prima(data_contabile, arrivo)
    _controlla(assegnazione=origine, quota=None, voce=Voce.ASSEGNATO, variazione=-importo, data=data_contabile)
    descrizione = _("Riporto %(da)s → %(a)s") % {"da": origine.annualita, "a": arrivo.annualita}
    uscita = _inserisci(Movimento(
        ambito_id=origine.ambito_id, assegnazione=origine, tipo=TipoMovimento.RIPORTO_USCITA, importo=importo,
        data_contabile=data_contabile, atto=atto, descrizione=descrizione, motivo=motivo, creato_da=actor))
    _inserisci(Movimento(
        ambito_id=arrivo.ambito_id, assegnazione=arrivo, tipo=TipoMovimento.RIPORTO_ENTRATA, importo=importo,
        data_contabile=data_contabile, atto=atto, descrizione=descrizione, motivo=motivo, collegato=uscita,
        creato_da=actor))
    return uscita


# --- riparto among comuni ------------------------------------------------------------------------


@transaction.atomic
def riparto_create(
    *, assegnazione: Assegnazione, metodo: str, totale: Decimal, atto: Atto, data_contabile: dt.date,
    descrizione: str, actor: Utente | None, data_riferimento: dt.date | None = None,
    anno_popolazione: int | None = None, percentuale_fissa: Decimal | None = None,
    valori: dict[str, Decimal] | None = None, area: str = "",
) -> Riparto:
    """Split ``totale`` of an assegnazione among the comuni of the Ambito and allocate one quota
    per comune (amounts exact to the cent, :mod:`fondi.riparto`); the computation is stored on
    the Riparto as shown in the preview. Comuni whose share is zero get no quota."""
    _importo(totale, campo="totale")
    _stesso_ambito(assegnazione.ambito_id, atto=atto)
    data_riferimento = data_riferimento or data_contabile
    try:
        risultato = riparto_calcola(ambito=assegnazione.ambito, metodo=metodo, totale=totale,
                                    data_riferimento=data_riferimento, anno_popolazione=anno_popolazione,
                                    percentuale_fissa=percentuale_fissa, valori=valori)
    except RipartoNonValido as exc:
        raise RegolaViolata(exc.messaggio, campo=exc.campo) from exc
    assegnazione = _blocca(Assegnazione, assegnazione.pk, "ambito")
    _data_non_prima(data_contabile, assegnazione)
    _controlla(assegnazione=assegnazione, quota=None, voce=Voce.ALLOCATO, variazione=totale, data=data_contabile)
    riparto = Riparto(ambito_id=assegnazione.ambito_id, assegnazione=assegnazione, descrizione=descrizione,
                      metodo=metodo, totale=totale, data_riferimento=data_riferimento, data_contabile=data_contabile,
                      atto=atto, calcolo=risultato.come_dict(), creato_da=actor,
                      anno_popolazione=anno_popolazione if metodo in (MetodoRiparto.POPOLAZIONE,
                                                                      MetodoRiparto.FISSA_POPOLAZIONE) else None,
                      percentuale_fissa=percentuale_fissa if metodo == MetodoRiparto.FISSA_POPOLAZIONE else None)
    riparto.full_clean()
    riparto.save()
    atto_link(atto=atto, actor=actor, oggetto=riparto)
    comuni = {c.codice_istat: c for c in comune_list(ambito=assegnazione.ambito, data=data_riferimento)}
    for riga in risultato.righe:
        if riga.centesimi == 0:
            continue
        comune = comuni[riga.chiave]
        quota = Quota.objects.create(
            ambito_id=assegnazione.ambito_id, assegnazione=assegnazione, tipo_destinazione=TipoDestinazione.COMUNE,
            descrizione=f"{descrizione} — {comune.denominazione}", area=area, comune=comune, atto=atto,
            riparto=riparto)
        _inserisci(Movimento(ambito_id=assegnazione.ambito_id, assegnazione=assegnazione, quota=quota,
                             tipo=TipoMovimento.ALLOCAZIONE, importo=riga.importo, data_contabile=data_contabile,
                             atto=atto, comune=comune, descrizione=quota.descrizione, creato_da=actor))
    return riparto


# --- municipal co-financing ----------------------------------------------------------------------


@transaction.atomic
def cofinanziamento_create(
    *, ambito: Ambito, descrizione: str, anno: int, quota_per_abitante: Decimal, anno_popolazione: int,
    data_riferimento: dt.date, atto: Atto, actor: Utente | None, scadenza: dt.date | None = None,
    assegnazione: Assegnazione | None = None,
) -> Cofinanziamento:
    """Fix what each comune of the Ambito owes: ``quota_per_abitante`` × its population of
    ``anno_popolazione``, rounded half-up to the cent per comune (each comune pays its own bill,
    so no riparto of a total is involved)."""
    from decimal import ROUND_HALF_UP

    _stesso_ambito(ambito.pk, atto=atto, assegnazione=assegnazione)
    if quota_per_abitante <= 0:
        raise RegolaViolata(_("La quota per abitante deve essere maggiore di zero."), campo="quota_per_abitante")
    comuni = list(comune_list(ambito=ambito, data=data_riferimento).order_by("codice_istat"))
    mancanti = [c.denominazione for c in comuni if c.popolazione is None or c.popolazione_anno != anno_popolazione]
    if mancanti:
        raise RegolaViolata(_("Popolazione %(anno)s non disponibile per: %(comuni)s.")
                            % {"anno": anno_popolazione, "comuni": ", ".join(mancanti)}, campo="anno_popolazione")
    if not comuni:
        raise RegolaViolata(_("L'Ambito non ha comuni alla data indicata."), campo="data_riferimento")
    cofin = Cofinanziamento(ambito=ambito, descrizione=descrizione, anno=anno, quota_per_abitante=quota_per_abitante,
                            anno_popolazione=anno_popolazione, data_riferimento=data_riferimento, scadenza=scadenza,
                            atto=atto, assegnazione=assegnazione)
    cofin.full_clean()
    cofin.save()
    atto_link(atto=atto, actor=actor, oggetto=cofin)
    for comune in comuni:
        QuotaComunale.objects.create(
            ambito=ambito, cofinanziamento=cofin, comune=comune, popolazione=comune.popolazione,
            importo_atteso=(quota_per_abitante * comune.popolazione).quantize(CENT, rounding=ROUND_HALF_UP))
    return cofin


@transaction.atomic
def versamento_create(*, quota_comunale: QuotaComunale, data: dt.date, importo: Decimal, actor: Utente | None,
                      riferimento: str = "") -> Versamento:
    """Record a payment received from a comune (negative: a refund or correction; the total
    received can never become negative). Locks the comune's quota."""
    _importo(importo, ammetti_negativo=True)
    regole.data_contabile(data, campo="data")
    quota_comunale = _blocca(QuotaComunale, quota_comunale.pk)
    if importo < 0:
        ricevuto = sum((v.importo for v in quota_comunale.versamenti.all()), Decimal(0))
        if ricevuto + importo < 0:
            raise RegolaViolata(_("La correzione supera quanto ricevuto (%(ricevuto)s).")
                                % {"ricevuto": euro(ricevuto)}, campo="importo")
    versamento = Versamento(ambito_id=quota_comunale.ambito_id, quota_comunale=quota_comunale, data=data,
                            importo=importo, riferimento=riferimento, creato_da=actor)
    versamento.full_clean()
    versamento.save()
    return versamento
