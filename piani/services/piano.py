"""The plan: its macro-areas, states, Accordo di Programma, signatories, events and objectives."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from ambito import collegabili, regole
from ambito.accounts.models import Utente
from ambito.atti.models import Atto, TipoAtto
from ambito.atti.services import atto_link
from ambito.errors import Conflitto, RegolaViolata
from ambito.tenancy.models import Ambito
from ambito.territorio.models import Comune, Ente
from piani.catalogo import aree_seme
from piani.models import (
    CollegamentoObiettivo,
    EventoPiano,
    MacroArea,
    Obiettivo,
    PianoDiZona,
    Sottoscrittore,
    StatoPiano,
    TipoEvento,
    TipoObiettivo,
)
from piani.services._comune import TRANSIZIONI, _blocca_piano, _stesso_ambito, _testo

# --- macro-areas ------------------------------------------------------------------------------------


@transaction.atomic
def macroaree_seed(*, ambito: Ambito, actor: Utente | None, triennio: int) -> list[MacroArea]:
    """Give the triennio its macro-areas (A–J) if it has none yet; existing ones are left as edited."""
    esistenti = list(MacroArea.objects.filter(ambito=ambito, triennio=triennio))
    if esistenti:
        return esistenti
    return [MacroArea.objects.create(ambito=ambito, triennio=triennio, codice=codice, denominazione=nome,
                                     ordine=i) for i, (codice, nome) in enumerate(aree_seme(triennio))]


def _macroarea_valida(area: MacroArea) -> None:
    area.codice = _testo(area.codice, campo="codice", limite=10, obbligatorio=True, nome=_("il codice"))
    area.denominazione = _testo(area.denominazione, campo="denominazione", limite=200, obbligatorio=True,
                                nome=_("la denominazione"))
    doppia = MacroArea.objects.filter(ambito_id=area.ambito_id, triennio=area.triennio, codice__iexact=area.codice)
    if doppia.exclude(pk=area.pk).exists():
        raise RegolaViolata(_("Esiste già la macro-area %(codice)s in questo triennio.") % {"codice": area.codice},
                            campo="codice")


@transaction.atomic
def macroarea_create(*, ambito: Ambito, actor: Utente | None, triennio: int, codice: str, denominazione: str,
                     ordine: int = 0) -> MacroArea:
    area = MacroArea(ambito=ambito, triennio=triennio, codice=codice, denominazione=denominazione, ordine=ordine)
    _macroarea_valida(area)
    area.save()
    return area


@transaction.atomic
def macroarea_update(*, area: MacroArea, actor: Utente | None, codice: str, denominazione: str,
                     ordine: int) -> MacroArea:
    area.codice, area.denominazione, area.ordine = codice, denominazione, ordine
    _macroarea_valida(area)
    area.save()
    return area


def _aree_del_piano(piano: PianoDiZona, aree: Iterable[MacroArea]) -> list[MacroArea]:
    aree = list(aree)
    if not aree:
        raise RegolaViolata(_("Indica almeno una macro-area."), campo="macro_aree")
    for area in aree:
        if area.ambito_id != piano.ambito_id or area.triennio != piano.triennio:
            raise RegolaViolata(_("La macro-area %(area)s non è del triennio del piano.") % {"area": area.codice},
                                campo="macro_aree")
    return aree


# --- the plan and its states ------------------------------------------------------------------------


@transaction.atomic
def piano_create(*, ambito: Ambito, actor: Utente | None, triennio: int, titolo: str,
                 atto_linee_guida: Atto | None = None, responsabile: Utente | None = None,
                 note: str = "") -> PianoDiZona:
    """A new plan in bozza; the triennio gets its macro-areas (seeded A–J) if it has none."""
    if not 2000 <= triennio <= 2100:
        raise RegolaViolata(_("Indica l'anno di inizio del triennio (es. 2025)."), campo="triennio")
    _stesso_ambito(ambito.pk, atto_linee_guida, campo="atto_linee_guida")
    if PianoDiZona.objects.filter(ambito=ambito, triennio=triennio).exists():
        raise RegolaViolata(_("Esiste già il Piano di Zona %(a)d–%(b)d.") % {"a": triennio, "b": triennio + 2},
                            campo="triennio")
    piano = PianoDiZona(ambito=ambito, triennio=triennio, atto_linee_guida=atto_linee_guida,
                        responsabile=responsabile,
                        titolo=_testo(titolo, campo="titolo", limite=250, obbligatorio=True, nome=_("il titolo")),
                        note=_testo(note, campo="note", limite=5000))
    try:
        with transaction.atomic():
            piano.save()
    except IntegrityError as exc:
        raise Conflitto(_("Il piano di questo triennio è appena stato registrato."), campo="triennio") from exc
    macroaree_seed(ambito=ambito, actor=actor, triennio=triennio)
    return piano


@transaction.atomic
def piano_update(*, piano: PianoDiZona, actor: Utente | None, titolo: str, atto_linee_guida: Atto | None = None,
                 responsabile: Utente | None = None, note: str = "") -> PianoDiZona:
    _stesso_ambito(piano.ambito_id, atto_linee_guida, campo="atto_linee_guida")
    piano = _blocca_piano(piano)
    if piano.stato == StatoPiano.CHIUSO:
        raise RegolaViolata(_("Il piano è chiuso: non si modifica più."), codice="piano_chiuso")
    piano.titolo = _testo(titolo, campo="titolo", limite=250, obbligatorio=True, nome=_("il titolo"))
    piano.note = _testo(note, campo="note", limite=5000)
    piano.atto_linee_guida, piano.responsabile = atto_linee_guida, responsabile
    piano.save()
    return piano


def _richiedi_atto(atto: Atto | None, piano: PianoDiZona, tipi: tuple[str, ...], messaggio: str) -> Atto:
    if atto is None or atto.tipo not in tipi:
        raise RegolaViolata(messaggio, campo="atto")
    _stesso_ambito(piano.ambito_id, atto)
    return atto


@transaction.atomic
def piano_transition(*, piano: PianoDiZona, actor: Utente | None, stato: str, atto: Atto | None = None) -> PianoDiZona:
    """Move the plan to ``stato`` along ``TRANSIZIONI``.

    * approvato dall'Assemblea: with the Assemblea's deliberazione (or risoluzione), linked to the plan;
    * Accordo di Programma sottoscritto: the Accordo is registered and every signatory has signed
      (L. 328/2000 art. 19: the AdP makes the plan effective).
    """
    piano = _blocca_piano(piano)
    if stato not in TRANSIZIONI.get(piano.stato, ()):
        raise Conflitto(_("Un piano «%(da)s» non può passare a «%(a)s».") % {
            "da": piano.get_stato_display(), "a": StatoPiano(stato).label if stato in StatoPiano.values else stato},
            campo="stato", codice="transizione_non_ammessa")
    if stato == StatoPiano.APPROVATO_ASSEMBLEA:
        piano.atto_approvazione = _richiedi_atto(
            atto, piano, (TipoAtto.DELIBERAZIONE_ASSEMBLEA, TipoAtto.RISOLUZIONE_ASSEMBLEA),
            _("Indica la deliberazione (o risoluzione) dell'Assemblea che approva il piano."))
        _collega(atto, piano, actor, _("Approvazione del Piano di Zona"))
    if stato == StatoPiano.ADP_SOTTOSCRITTO:
        _accordo_firmato(piano)
    piano.stato = stato
    piano.save()
    return piano


def _collega(atto: Atto, oggetto: Any, actor: Utente | None, descrizione: str) -> None:
    from ambito.atti.models import AttoCollegamento

    ct = ContentType.objects.get_for_model(oggetto)
    if not AttoCollegamento.objects.filter(atto=atto, content_type=ct, object_id=oggetto.pk).exists():
        atto_link(atto=atto, actor=actor, oggetto=oggetto, descrizione=descrizione)


def _accordo_firmato(piano: PianoDiZona) -> None:
    if piano.accordo_id is None:
        raise RegolaViolata(_("Registra prima l'Accordo di Programma."), campo="accordo", codice="accordo_mancante")
    sottoscrittori = list(piano.sottoscrittori.filter(adesione=False))
    if not sottoscrittori:
        raise RegolaViolata(_("L'Accordo non ha sottoscrittori."), campo="accordo", codice="senza_sottoscrittori")
    mancanti = [str(s) for s in sottoscrittori if s.data_firma is None]
    if mancanti:
        raise RegolaViolata(_("Mancano le firme di: %(nomi)s.") % {"nomi": ", ".join(mancanti)}, campo="accordo",
                            codice="firme_mancanti")


@transaction.atomic
def accordo_set(*, piano: PianoDiZona, actor: Utente | None, atto: Atto, valido_al: dt.date) -> PianoDiZona:
    """Register the Accordo di Programma (an act of its type, linked to the plan) and its end date."""
    _richiedi_atto(atto, piano, (TipoAtto.ACCORDO_PROGRAMMA,), _("Indica un atto di tipo «Accordo di programma»."))
    if valido_al < atto.data:
        raise RegolaViolata(_("La scadenza non può precedere la data dell'Accordo."), campo="valido_al")
    piano = _blocca_piano(piano)
    piano.accordo, piano.accordo_valido_al = atto, valido_al
    piano.save()
    _collega(atto, piano, actor, _("Accordo di Programma del Piano di Zona"))
    return piano


@transaction.atomic
def sottoscrittore_add(*, piano: PianoDiZona, actor: Utente | None, comune: Comune | None = None,
                       ente: Ente | None = None, rappresentante: str = "", data_firma: dt.date | None = None,
                       adesione: bool = False) -> Sottoscrittore:
    """A signatory: a comune of the Ambito, or an ente (ATS, ASST, an adhering ente del Terzo Settore)."""
    if (comune is None) == (ente is None):
        raise RegolaViolata(_("Indica un comune oppure un ente."), campo="comune")
    if data_firma is not None:
        regole.data_atto(data_firma, campo="data_firma")
    filtro = {"comune": comune} if comune is not None else {"ente": ente}
    if Sottoscrittore.objects.filter(piano=piano, **filtro).exists():
        raise RegolaViolata(_("%(nome)s è già tra i sottoscrittori.") % {"nome": comune or ente}, campo="comune")
    s = Sottoscrittore(ambito_id=piano.ambito_id, piano=piano, comune=comune, ente=ente, adesione=adesione,
                       data_firma=data_firma,
                       rappresentante=_testo(rappresentante, campo="rappresentante", limite=200))
    s.save()
    return s


@transaction.atomic
def sottoscrittori_seed(*, piano: PianoDiZona, actor: Utente | None, alla_data: dt.date) -> list[Sottoscrittore]:
    """Every comune of the Ambito at ``alla_data`` plus its ASST, as signatories not yet signed."""
    from ambito.territorio.selectors import comune_list

    presenti = set(piano.sottoscrittori.values_list("comune_id", "ente_id"))
    nuovi = [sottoscrittore_add(piano=piano, actor=actor, comune=comune)
             for comune in comune_list(ambito=piano.ambito, data=alla_data) if (comune.pk, None) not in presenti]
    asst = piano.ambito.asst
    if asst is not None and (None, asst.pk) not in presenti:
        nuovi.append(sottoscrittore_add(piano=piano, actor=actor, ente=asst))
    return nuovi


@transaction.atomic
def sottoscrittore_sign(*, sottoscrittore: Sottoscrittore, actor: Utente | None, data_firma: dt.date,
                        rappresentante: str = "") -> Sottoscrittore:
    regole.data_atto(data_firma, campo="data_firma")
    sottoscrittore.data_firma = data_firma
    if rappresentante:
        sottoscrittore.rappresentante = _testo(rappresentante, campo="rappresentante", limite=200)
    sottoscrittore.save()
    return sottoscrittore


@transaction.atomic
def evento_create(*, piano: PianoDiZona, actor: Utente | None, tipo: str, anno: int, atto: Atto | None = None,
                  valido_al: dt.date | None = None, descrizione: str = "") -> EventoPiano:
    """An extension or renewal of the Accordo (with its act and new end date: e.g. Azzate's AdP extended to
    cover the gap between trienni), an annual update or the Assemblea's yearly verification."""
    if tipo not in TipoEvento.values:
        raise RegolaViolata(_("Tipo di evento sconosciuto."), campo="tipo")
    _stesso_ambito(piano.ambito_id, atto)
    piano = _blocca_piano(piano)
    if tipo in (TipoEvento.PROROGA, TipoEvento.RINNOVO):
        if piano.accordo_id is None:
            raise RegolaViolata(_("Il piano non ha ancora un Accordo di Programma da prorogare."), campo="tipo")
        if atto is None:
            raise RegolaViolata(_("Indica l'atto che proroga o rinnova l'Accordo."), campo="atto")
        if valido_al is None or (piano.accordo_valido_al and valido_al <= piano.accordo_valido_al):
            raise RegolaViolata(_("La nuova scadenza deve essere successiva a quella attuale (%(data)s).") % {
                "data": f"{piano.accordo_valido_al:%d/%m/%Y}" if piano.accordo_valido_al else "—"},
                campo="valido_al")
        piano.accordo_valido_al = valido_al
        piano.save()
    elif tipo == TipoEvento.VERIFICA and not piano.approvato:
        raise RegolaViolata(_("L'Assemblea verifica un piano approvato."), campo="tipo")
    evento = EventoPiano(ambito_id=piano.ambito_id, piano=piano, tipo=tipo, anno=anno, atto=atto,
                         valido_al=valido_al if tipo in (TipoEvento.PROROGA, TipoEvento.RINNOVO) else None,
                         descrizione=_testo(descrizione, campo="descrizione", limite=5000))
    evento.save()
    if atto is not None:
        _collega(atto, piano, actor, evento.get_tipo_display())
    return evento


# --- objectives -------------------------------------------------------------------------------------

CAMPI_OBIETTIVO = ("tipo", "padre", "codice", "titolo", "descrizione", "responsabile", "priorita",
                   "integrazione_sociosanitaria", "sovrazonale", "leps", "risorse_previste")


def _obiettivo_valida(o: Obiettivo) -> None:
    o.titolo = _testo(o.titolo, campo="titolo", limite=250, obbligatorio=True, nome=_("il titolo"))
    o.codice = _testo(o.codice, campo="codice", limite=20)
    o.descrizione = _testo(o.descrizione, campo="descrizione", limite=10000)
    o.responsabile = _testo(o.responsabile, campo="responsabile", limite=200)
    o.leps = _testo(o.leps, campo="leps", limite=200)
    if o.tipo == TipoObiettivo.SPECIFICO:
        if o.padre is None:
            raise RegolaViolata(_("Un obiettivo specifico discende da un obiettivo strategico."), campo="padre")
        if o.padre.piano_id != o.piano_id or o.padre.tipo != TipoObiettivo.STRATEGICO:
            raise RegolaViolata(_("Indica un obiettivo strategico dello stesso piano."), campo="padre")
    else:
        o.padre = None
    if o.risorse_previste is not None and o.risorse_previste < 0:
        raise RegolaViolata(_("Le risorse previste non possono essere negative."), campo="risorse_previste")


@transaction.atomic
def obiettivo_create(*, piano: PianoDiZona, actor: Utente | None, titolo: str, macro_aree: Iterable[MacroArea],
                     partner: Iterable[Ente] = (), **campi: Any) -> Obiettivo:
    obiettivo = Obiettivo(ambito_id=piano.ambito_id, piano=piano, titolo=titolo,
                          **{k: v for k, v in campi.items() if k in CAMPI_OBIETTIVO})
    _obiettivo_valida(obiettivo)
    aree = _aree_del_piano(piano, macro_aree)
    obiettivo.save()
    obiettivo.macro_aree.set(aree)
    obiettivo.partner.set(list(partner))
    return obiettivo


@transaction.atomic
def obiettivo_update(*, obiettivo: Obiettivo, actor: Utente | None, macro_aree: Iterable[MacroArea],
                     partner: Iterable[Ente] = (), **campi: Any) -> Obiettivo:
    for nome in CAMPI_OBIETTIVO:
        if nome in campi:
            setattr(obiettivo, nome, campi[nome])
    _obiettivo_valida(obiettivo)
    aree = _aree_del_piano(obiettivo.piano, macro_aree)
    obiettivo.save()
    obiettivo.macro_aree.set(aree)
    obiettivo.partner.set(list(partner))
    return obiettivo


@transaction.atomic
def obiettivo_link(*, obiettivo: Obiettivo, actor: Utente | None, tipo: str, pk: int,
                   descrizione: str = "") -> CollegamentoObiettivo:
    """Link a measure or bando (any module's registered linkable kind) that implements the objective."""
    oggetto = collegabili.trova(ambito=obiettivo.ambito, codice=tipo, pk=pk)
    if oggetto is None:
        raise RegolaViolata(_("Oggetto da collegare inesistente in questo Ambito."), campo="pk")
    ct = ContentType.objects.get_for_model(oggetto)
    if CollegamentoObiettivo.objects.filter(obiettivo=obiettivo, content_type=ct, object_id=oggetto.pk).exists():
        raise RegolaViolata(_("L'oggetto è già collegato a questo obiettivo."), campo="pk")
    collegamento = CollegamentoObiettivo(
        ambito_id=obiettivo.ambito_id, obiettivo=obiettivo, content_type=ct, object_id=oggetto.pk,
        descrizione=_testo(descrizione, campo="descrizione", limite=250) or str(oggetto)[:250])
    collegamento.save()
    return collegamento


@transaction.atomic
def obiettivo_unlink(*, collegamento: CollegamentoObiettivo, actor: Utente | None) -> None:
    collegamento.delete()
