"""State changes of the Piano di Zona: one atomic function per operation, keyword-only, with the actor.

Rules enforced here, whatever the entry point (page, API, demo, shell):

* the plan's states follow ``TRANSIZIONI`` (bozza → in consultazione → approvato dall'Assemblea → Accordo di
  Programma sottoscritto → vigente ⇄ in aggiornamento → chiuso); approval needs the Assemblea's act, the
  signature needs the Accordo (an act of type Accordo di programma) signed by every signatory;
* an extension or renewal of the Accordo moves its end date forward, with its act;
* objectives and projects are in at least one macro-area of the plan's triennio;
* an indicator is computed only from a registered indicator (``ambito.indicatori``);
* a closed monitoring period is frozen: values and objective statuses cannot change until the responsabile
  reopens it, with a reason (audited).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm, remove_perm

from ambito import collegabili, regole
from ambito.accounts.models import Utente
from ambito.atti.models import Atto, TipoAtto
from ambito.atti.services import atto_link
from ambito.errors import Conflitto, RegolaViolata
from ambito.indicatori import indicatore_calcolato
from ambito.tenancy.models import Ambito
from ambito.territorio.models import Comune, Ente
from piani.catalogo import aree_seme
from piani.models import (
    AzioneProgetto,
    BudgetProgetto,
    CollegamentoObiettivo,
    Coprogettazione,
    DatoComunita,
    EnteCoprogettazione,
    EsitoCandidatura,
    EventoPiano,
    FonteIndicatore,
    Indicatore,
    MacroArea,
    Obiettivo,
    PartnerProgetto,
    PeriodoMonitoraggio,
    PianoDiZona,
    Progetto,
    ProgettoSovrazonale,
    ScadenzaRendicontazione,
    Sottoscrittore,
    StatoPiano,
    TargetIndicatore,
    TipoDatoComunita,
    TipoEvento,
    TipoObiettivo,
    TipoProcedura,
    ValoreIndicatore,
    ValutazioneObiettivo,
)

PERMESSO_PARTNER = "piani.view_progetto"

TRANSIZIONI: dict[str, tuple[str, ...]] = {
    StatoPiano.BOZZA: (StatoPiano.IN_CONSULTAZIONE,),
    StatoPiano.IN_CONSULTAZIONE: (StatoPiano.BOZZA, StatoPiano.APPROVATO_ASSEMBLEA),
    StatoPiano.APPROVATO_ASSEMBLEA: (StatoPiano.ADP_SOTTOSCRITTO,),
    StatoPiano.ADP_SOTTOSCRITTO: (StatoPiano.VIGENTE,),
    StatoPiano.VIGENTE: (StatoPiano.IN_AGGIORNAMENTO, StatoPiano.CHIUSO),
    StatoPiano.IN_AGGIORNAMENTO: (StatoPiano.VIGENTE, StatoPiano.CHIUSO),
    StatoPiano.CHIUSO: (),
}


def _testo(valore: str | None, *, campo: str, limite: int, obbligatorio: bool = False, nome: str = "") -> str:
    """Trimmed text, refused (never cut) beyond ``limite``; a required one must not be empty."""
    testo = (valore or "").strip()
    if obbligatorio and not testo:
        raise RegolaViolata(_("Indica %(nome)s.") % {"nome": nome or campo}, campo=campo)
    if len(testo) > limite:
        raise RegolaViolata(_("Al massimo %(limite)d caratteri: il testo ne ha %(n)d.") % {
            "limite": limite, "n": len(testo)}, campo=campo)
    return testo


def _stesso_ambito(ambito_id: int, *oggetti: Any, campo: str = "atto") -> None:
    for oggetto in oggetti:
        if oggetto is not None and getattr(oggetto, "ambito_id", ambito_id) != ambito_id:
            raise RegolaViolata(_("L'oggetto indicato non appartiene a questo Ambito."), campo=campo)


def _blocca_piano(piano: PianoDiZona) -> PianoDiZona:
    return PianoDiZona.objects.select_for_update().get(pk=piano.pk, ambito_id=piano.ambito_id)


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


# --- projects ---------------------------------------------------------------------------------------

CAMPI_PROGETTO = ("titolo", "contesto", "obiettivi_generali", "obiettivi_specifici", "destinatari",
                  "utenti_stimati", "partner_ruoli", "responsabile", "data_inizio", "data_fine",
                  "integrazione_sociosanitaria")
LIMITI_PROGETTO = {"titolo": 250, "contesto": 20000, "obiettivi_generali": 10000, "obiettivi_specifici": 10000,
                   "destinatari": 5000, "partner_ruoli": 5000, "responsabile": 200}


def _progetto_valida(p: Progetto, obiettivi: list[Obiettivo]) -> None:
    for campo, limite in LIMITI_PROGETTO.items():
        setattr(p, campo, _testo(getattr(p, campo), campo=campo, limite=limite, obbligatorio=campo == "titolo",
                                 nome=_("il titolo")))
    if p.data_inizio and p.data_fine and p.data_fine < p.data_inizio:
        raise RegolaViolata(_("La fine del progetto non può precedere l'inizio."), campo="data_fine")
    for obiettivo in obiettivi:
        if obiettivo.piano_id != p.piano_id:
            raise RegolaViolata(_("L'obiettivo «%(o)s» non è di questo piano.") % {"o": obiettivo}, campo="obiettivi")


@transaction.atomic
def progetto_create(*, piano: PianoDiZona, actor: Utente | None, titolo: str, macro_aree: Iterable[MacroArea],
                    obiettivi: Iterable[Obiettivo] = (), **campi: Any) -> Progetto:
    progetto = Progetto(ambito_id=piano.ambito_id, piano=piano, titolo=titolo,
                        **{k: v for k, v in campi.items() if k in CAMPI_PROGETTO and k != "titolo"})
    obiettivi = list(obiettivi)
    _progetto_valida(progetto, obiettivi)
    aree = _aree_del_piano(piano, macro_aree)
    progetto.save()
    progetto.macro_aree.set(aree)
    progetto.obiettivi.set(obiettivi)
    return progetto


@transaction.atomic
def progetto_update(*, progetto: Progetto, actor: Utente | None, macro_aree: Iterable[MacroArea],
                    obiettivi: Iterable[Obiettivo] = (), **campi: Any) -> Progetto:
    for nome in CAMPI_PROGETTO:
        if nome in campi:
            setattr(progetto, nome, campi[nome])
    obiettivi = list(obiettivi)
    _progetto_valida(progetto, obiettivi)
    aree = _aree_del_piano(progetto.piano, macro_aree)
    progetto.save()
    progetto.macro_aree.set(aree)
    progetto.obiettivi.set(obiettivi)
    return progetto


@transaction.atomic
def azione_create(*, progetto: Progetto, actor: Utente | None, anno: int, descrizione: str) -> AzioneProgetto:
    if anno not in progetto.piano.anni:
        raise RegolaViolata(_("L'annualità deve essere un anno del triennio (%(p)s).") % {"p": progetto.piano.periodo},
                            campo="anno")
    azione = AzioneProgetto(ambito_id=progetto.ambito_id, progetto=progetto, anno=anno,
                            descrizione=_testo(descrizione, campo="descrizione", limite=5000, obbligatorio=True,
                                               nome=_("l'azione")))
    azione.save()
    return azione


@transaction.atomic
def budget_set(*, progetto: Progetto, actor: Utente | None, anno: int, fonte: str, importo: Decimal) -> BudgetProgetto:
    """Set the planned budget of a project for a year and source (0 removes nothing: it records zero)."""
    if anno not in progetto.piano.anni:
        raise RegolaViolata(_("L'anno deve essere del triennio (%(p)s).") % {"p": progetto.piano.periodo}, campo="anno")
    if importo < 0 or importo != importo.quantize(Decimal("0.01")):
        raise RegolaViolata(_("Indica un importo non negativo, al centesimo."), campo="importo")
    fonte = _testo(fonte, campo="fonte", limite=120, obbligatorio=True, nome=_("la fonte"))
    voce = BudgetProgetto.objects.filter(progetto=progetto, anno=anno, fonte=fonte).first()
    if voce is None:
        voce = BudgetProgetto(ambito_id=progetto.ambito_id, progetto=progetto, anno=anno, fonte=fonte, importo=importo)
        voce.save()
    elif voce.importo != importo:
        voce.importo = importo
        voce.save()
    return voce


@transaction.atomic
def progetto_quota_create(*, progetto: Progetto, actor: Utente | None, assegnazione: Any, importo: Decimal,
                          atto: Atto, data_contabile: dt.date, descrizione: str = "") -> Any:
    """Allocate a fondi quota to the project (``fondi.services.quota_create(..., oggetto=progetto)``): the money
    the plan's budget tables and the spending-per-area figures read."""
    from fondi.models import TipoDestinazione
    from fondi.services import quota_create

    return quota_create(assegnazione=assegnazione, tipo_destinazione=TipoDestinazione.PROGETTO,
                        descrizione=descrizione or progetto.titolo,
                        importo=importo, atto=atto, data_contabile=data_contabile, actor=actor, oggetto=progetto)


@transaction.atomic
def progetto_partner_grant(*, progetto: Progetto, actor: Utente | None, utente: Utente) -> None:
    """Let a partner (a user of the Ambito with the partner role) see this project (django-guardian)."""
    from ambito.accounts.models import Membro, Ruolo

    if not Membro.objects.filter(ambito_id=progetto.ambito_id, utente=utente, ruolo=Ruolo.PARTNER,
                                 revocato_il__isnull=True).exists():
        raise RegolaViolata(_("Si concede un progetto solo a un referente partner di questo Ambito."),
                            campo="utente")
    if not PartnerProgetto.objects.filter(progetto=progetto, utente=utente).exists():
        PartnerProgetto.objects.create(ambito_id=progetto.ambito_id, progetto=progetto, utente=utente)
    assign_perm(PERMESSO_PARTNER, utente, progetto)


@transaction.atomic
def progetto_partner_revoke(*, progetto: Progetto, actor: Utente | None, utente: Utente) -> None:
    """Withdraw the grant (the audited record goes, its history stays)."""
    for concessione in PartnerProgetto.objects.filter(progetto=progetto, utente=utente):
        concessione.delete()
    remove_perm(PERMESSO_PARTNER, utente, progetto)


# --- sovrazonale projects ----------------------------------------------------------------------------


@transaction.atomic
def sovrazonale_create(*, ambito: Ambito, actor: Utente | None, titolo: str, ambiti: Iterable[Ambito],
                       descrizione: str = "", ente: Ente | None = None) -> ProgettoSovrazonale:
    """The shared header of a project of several Ambiti (this one leading). Each Ambito then adds its own
    part with :func:`progetto_sovrazonale_set`."""
    partecipanti = {a.pk: a for a in ambiti}
    partecipanti[ambito.pk] = ambito
    if len(partecipanti) < 2:
        raise RegolaViolata(_("Un progetto sovrazonale riunisce almeno due Ambiti."), campo="ambiti")
    testata = ProgettoSovrazonale(
        titolo=_testo(titolo, campo="titolo", limite=250, obbligatorio=True, nome=_("il titolo")),
        descrizione=_testo(descrizione, campo="descrizione", limite=10000), ente=ente, ambito_capofila=ambito)
    testata.save()
    testata.ambiti.set(list(partecipanti.values()))
    return testata


@transaction.atomic
def progetto_sovrazonale_set(*, progetto: Progetto, actor: Utente | None,
                             testata: ProgettoSovrazonale | None) -> Progetto:
    """Make the project this Ambito's part of a sovrazonale project in which the Ambito takes part."""
    if testata is not None and not testata.ambiti.filter(pk=progetto.ambito_id).exists():
        raise RegolaViolata(_("L'Ambito non partecipa a questo progetto sovrazonale."), campo="sovrazonale")
    progetto.sovrazonale = testata
    progetto.save()
    return progetto


# --- indicators -------------------------------------------------------------------------------------


def _indicatore_valida(i: Indicatore) -> None:
    i.nome = _testo(i.nome, campo="nome", limite=250, obbligatorio=True, nome=_("il nome"))
    i.unita = _testo(i.unita, campo="unita", limite=60, obbligatorio=True, nome=_("l'unità di misura"))
    if i.fonte == FonteIndicatore.CALCOLATO:
        calcolato = indicatore_calcolato(i.calcolo)
        if calcolato is None:
            raise RegolaViolata(_("Scegli un indicatore calcolato tra quelli disponibili."), campo="calcolo")
        if calcolato.per_oggetto and i.progetto_id is None:
            raise RegolaViolata(_("Questo indicatore si calcola per un progetto."), campo="calcolo")
    else:
        i.fonte, i.calcolo = FonteIndicatore.MANUALE, ""
    if (i.obiettivo_id is None) == (i.progetto_id is None):
        raise RegolaViolata(_("Un indicatore è di un obiettivo oppure di un progetto."), campo="obiettivo")


def _target_set(indicatore: Indicatore, target: dict[int, Decimal]) -> None:
    anni = indicatore.piano.anni
    for anno, valore in target.items():
        if anno not in anni:
            raise RegolaViolata(_("Il valore atteso va dato per un anno del triennio."), campo="target")
        riga = TargetIndicatore.objects.filter(indicatore=indicatore, anno=anno).first()
        if valore is None:
            if riga is not None:
                riga.delete()
        elif riga is None:
            TargetIndicatore.objects.create(ambito_id=indicatore.ambito_id, indicatore=indicatore, anno=anno,
                                            valore=valore)
        elif riga.valore != valore:
            riga.valore = valore
            riga.save()


CAMPI_INDICATORE = ("nome", "tipo", "unita", "baseline", "fonte", "calcolo", "periodicita", "crescente")


@transaction.atomic
def indicatore_create(*, actor: Utente | None, obiettivo: Obiettivo | None = None, progetto: Progetto | None = None,
                      target: dict[int, Decimal] | None = None, **campi: Any) -> Indicatore:
    padre = obiettivo or progetto
    if padre is None:
        raise RegolaViolata(_("Un indicatore è di un obiettivo oppure di un progetto."), campo="obiettivo")
    indicatore = Indicatore(ambito_id=padre.ambito_id, obiettivo=obiettivo, progetto=progetto,
                            **{k: v for k, v in campi.items() if k in CAMPI_INDICATORE})
    _indicatore_valida(indicatore)
    indicatore.save()
    _target_set(indicatore, target or {})
    return indicatore


@transaction.atomic
def indicatore_update(*, indicatore: Indicatore, actor: Utente | None, target: dict[int, Decimal] | None = None,
                      **campi: Any) -> Indicatore:
    for nome in CAMPI_INDICATORE:
        if nome in campi:
            setattr(indicatore, nome, campi[nome])
    _indicatore_valida(indicatore)
    indicatore.save()
    _target_set(indicatore, target or {})
    return indicatore


# --- monitoring -------------------------------------------------------------------------------------


@transaction.atomic
def periodo_create(*, piano: PianoDiZona, actor: Utente | None, anno: int, semestre: int | None = None
                   ) -> PeriodoMonitoraggio:
    if anno not in piano.anni:
        raise RegolaViolata(_("Il periodo va scelto nel triennio del piano (%(p)s).") % {"p": piano.periodo},
                            campo="anno")
    if semestre not in (None, 1, 2):
        raise RegolaViolata(_("Il semestre è 1 o 2 (vuoto per l'intero anno)."), campo="semestre")
    if PeriodoMonitoraggio.objects.filter(piano=piano, anno=anno, semestre=semestre).exists():
        raise RegolaViolata(_("Il periodo esiste già."), campo="anno")
    periodo = PeriodoMonitoraggio(ambito_id=piano.ambito_id, piano=piano, anno=anno, semestre=semestre)
    periodo.save()
    return periodo


def _blocca_periodo_aperto(periodo: PeriodoMonitoraggio) -> PeriodoMonitoraggio:
    periodo = PeriodoMonitoraggio.objects.select_for_update().get(pk=periodo.pk, ambito_id=periodo.ambito_id)
    if periodo.chiuso:
        raise Conflitto(_("Il periodo %(p)s è chiuso: i suoi dati non si modificano. Il responsabile può "
                          "riaprirlo indicando il motivo.") % {"p": periodo}, codice="periodo_chiuso")
    return periodo


@transaction.atomic
def valore_set(*, indicatore: Indicatore, periodo: PeriodoMonitoraggio, actor: Utente | None, valore: Decimal,
               note: str = "", evidenza: str = "", calcolato: bool = False) -> ValoreIndicatore:
    """Record (or correct) the value an indicator reached in an open period of its plan."""
    if periodo.piano_id != indicatore.piano.pk:
        raise RegolaViolata(_("Il periodo non è del piano dell'indicatore."), campo="periodo")
    periodo = _blocca_periodo_aperto(periodo)
    note = _testo(note, campo="note", limite=5000)
    evidenza = _testo(evidenza, campo="evidenza", limite=250)
    riga = ValoreIndicatore.objects.filter(indicatore=indicatore, periodo=periodo).first()
    if riga is None:
        riga = ValoreIndicatore(ambito_id=indicatore.ambito_id, indicatore=indicatore, periodo=periodo)
    nuovo = (valore, note, evidenza, calcolato)
    if riga.pk is None or (riga.valore, riga.note, riga.evidenza, riga.calcolato) != nuovo:
        riga.valore, riga.note, riga.evidenza, riga.calcolato = nuovo
        riga.save()
    return riga


@transaction.atomic
def valore_compute(*, indicatore: Indicatore, periodo: PeriodoMonitoraggio, actor: Utente | None
                   ) -> ValoreIndicatore:
    """Measure a computed indicator over the period from live data (its registered query)."""
    calcolato = indicatore_calcolato(indicatore.calcolo)
    if indicatore.fonte != FonteIndicatore.CALCOLATO or calcolato is None:
        raise RegolaViolata(_("L'indicatore si inserisce a mano."), campo="indicatore")
    valore = calcolato.valore(ambito=indicatore.ambito, dal=periodo.dal, al=periodo.al, oggetto=indicatore.progetto)
    return valore_set(indicatore=indicatore, periodo=periodo, actor=actor, valore=valore, calcolato=True,
                      evidenza=str(calcolato.etichetta)[:250])


@transaction.atomic
def valutazione_set(*, obiettivo: Obiettivo, periodo: PeriodoMonitoraggio, actor: Utente | None, stato: str,
                    motivazione: str = "") -> ValutazioneObiettivo:
    """The objective's status in an open period, with its reasons; it becomes the objective's current status."""
    from piani.models import StatoObiettivo

    if stato not in StatoObiettivo.values:
        raise RegolaViolata(_("Stato dell'obiettivo sconosciuto."), campo="stato")
    if periodo.piano_id != obiettivo.piano_id:
        raise RegolaViolata(_("Il periodo non è del piano dell'obiettivo."), campo="periodo")
    periodo = _blocca_periodo_aperto(periodo)
    motivazione = _testo(motivazione, campo="motivazione", limite=5000)
    riga = ValutazioneObiettivo.objects.filter(obiettivo=obiettivo, periodo=periodo).first() or ValutazioneObiettivo(
        ambito_id=obiettivo.ambito_id, obiettivo=obiettivo, periodo=periodo)
    riga.stato, riga.motivazione = stato, motivazione
    riga.save()
    if (obiettivo.stato, obiettivo.motivazione_stato) != (stato, motivazione):
        obiettivo.stato, obiettivo.motivazione_stato = stato, motivazione
        obiettivo.save()
    return riga


@transaction.atomic
def periodo_close(*, periodo: PeriodoMonitoraggio, actor: Utente | None) -> PeriodoMonitoraggio:
    """Close the period: its figures are frozen and shown to the Assemblea (the responsabile's step)."""
    periodo = _blocca_periodo_aperto(periodo)
    periodo.chiuso, periodo.chiuso_il, periodo.chiuso_da = True, timezone.now(), actor
    periodo.save()
    return periodo


@transaction.atomic
def periodo_reopen(*, periodo: PeriodoMonitoraggio, actor: Utente | None, motivo: str) -> PeriodoMonitoraggio:
    """Reopen a closed period to correct it: only with a reason, recorded in the history."""
    motivo = _testo(motivo, campo="motivo", limite=2000, obbligatorio=True, nome=_("il motivo della riapertura"))
    periodo = PeriodoMonitoraggio.objects.select_for_update().get(pk=periodo.pk, ambito_id=periodo.ambito_id)
    if not periodo.chiuso:
        raise Conflitto(_("Il periodo è già aperto."), codice="periodo_aperto")
    periodo.chiuso, periodo.chiuso_il, periodo.chiuso_da, periodo.motivo_riapertura = False, None, None, motivo
    periodo.save()
    return periodo


# --- profilo di comunità ----------------------------------------------------------------------------


@transaction.atomic
def dato_comunita_set(*, ambito: Ambito, actor: Utente | None, anno: int, tipo: str, voce: str, valore: Decimal,
                      unita: str, fonte: str, comune: Comune | None = None,
                      macro_area: MacroArea | None = None) -> DatoComunita:
    """Record (or update) a figure of the profilo di comunità for a comune of the Ambito or the whole Ambito,
    with its source and year (updated yearly: a new year is a new row, the old one stays)."""
    from ambito.territorio.selectors import comune_list

    if not 2000 <= anno <= 2100:
        raise RegolaViolata(_("Indica l'anno del dato (es. 2024)."), campo="anno")
    if tipo not in TipoDatoComunita.values:
        raise RegolaViolata(_("Tipo di dato sconosciuto."), campo="tipo")
    if comune is not None and not comune_list(ambito=ambito).filter(pk=comune.pk).exists():
        raise RegolaViolata(_("Il comune non è di questo Ambito."), campo="comune")
    _stesso_ambito(ambito.pk, macro_area, campo="macro_area")
    voce = _testo(voce, campo="voce", limite=200, obbligatorio=True, nome=_("la voce"))
    campi = {"tipo": tipo, "valore": valore, "macro_area": macro_area,
             "unita": _testo(unita, campo="unita", limite=60, obbligatorio=True, nome=_("l'unità di misura")),
             "fonte": _testo(fonte, campo="fonte", limite=200, obbligatorio=True, nome=_("la fonte"))}
    dato = DatoComunita.objects.filter(ambito=ambito, anno=anno, comune=comune, voce=voce).first()
    if dato is None:
        dato = DatoComunita(ambito=ambito, anno=anno, comune=comune, voce=voce, **campi)
        dato.save()
    elif any(getattr(dato, k) != v for k, v in campi.items()):
        for k, v in campi.items():
            setattr(dato, k, v)
        dato.save()
    return dato


@transaction.atomic
def dato_comunita_delete(*, dato: DatoComunita, actor: Utente | None) -> None:
    dato.delete()


# --- co-programming and co-design with the Terzo Settore (art. 55 CTS) ---------------------------------

TRANSIZIONI_PROCEDURA: dict[str, tuple[str, ...]] = {
    "avviso": ("selezione",), "selezione": ("tavolo",), "tavolo": ("convenzione", "chiusa"),
    "convenzione": ("chiusa",), "chiusa": (),
}


@transaction.atomic
def coprogettazione_create(*, ambito: Ambito, actor: Utente | None, tipo: str, oggetto: str,
                           responsabile_procedimento: str, piano: PianoDiZona | None = None,
                           progetto: Progetto | None = None, avviso: Atto | None = None,
                           scadenza_candidature: dt.date | None = None) -> Coprogettazione:
    """Start a procedure with its public notice (an act of type avviso: its publication online goes through the
    core's public area and its two-person approval)."""
    if tipo not in TipoProcedura.values:
        raise RegolaViolata(_("Tipo di procedura sconosciuto."), campo="tipo")
    _stesso_ambito(ambito.pk, piano, progetto, campo="piano")
    if avviso is not None:
        _stesso_ambito(ambito.pk, avviso, campo="avviso")
        if avviso.tipo != TipoAtto.AVVISO:
            raise RegolaViolata(_("Indica un atto di tipo «Avviso»."), campo="avviso")
    procedura = Coprogettazione(
        ambito=ambito, tipo=tipo, piano=piano, progetto=progetto, avviso=avviso,
        scadenza_candidature=scadenza_candidature,
        oggetto=_testo(oggetto, campo="oggetto", limite=250, obbligatorio=True, nome=_("l'oggetto")),
        responsabile_procedimento=_testo(responsabile_procedimento, campo="responsabile_procedimento", limite=200,
                                         obbligatorio=True, nome=_("il responsabile del procedimento")))
    procedura.save()
    if avviso is not None:
        _collega(avviso, procedura, actor, _("Avviso pubblico della procedura"))
    return procedura


def _blocca_procedura(procedura: Coprogettazione) -> Coprogettazione:
    return Coprogettazione.objects.select_for_update().get(pk=procedura.pk, ambito_id=procedura.ambito_id)


@transaction.atomic
def coprogettazione_transition(*, procedura: Coprogettazione, actor: Utente | None, stato: str,
                               tavolo: Any = None, convenzione: Atto | None = None, esito: str = ""
                               ) -> Coprogettazione:
    """Move the procedure on: selection needs the notice; the table needs an admitted ente and the table (a
    collegial body of type tavolo); the convenzione needs its act (type convenzione), linked to the procedure."""
    from ambito.organi.models import TipoOrgano

    procedura = _blocca_procedura(procedura)
    if stato not in TRANSIZIONI_PROCEDURA.get(procedura.stato, ()):
        raise Conflitto(_("La procedura non può passare da «%(da)s» a «%(a)s».") % {
            "da": procedura.get_stato_display(), "a": stato}, campo="stato", codice="transizione_non_ammessa")
    if stato == "selezione" and procedura.avviso_id is None:
        raise RegolaViolata(_("Registra prima l'avviso pubblico."), campo="stato")
    if stato == "tavolo":
        if not procedura.enti.filter(esito=EsitoCandidatura.AMMESSO).exists():
            raise RegolaViolata(_("Nessun ente ammesso: il tavolo non può partire."), campo="stato")
        if tavolo is None or tavolo.ambito_id != procedura.ambito_id or tavolo.tipo not in (
                TipoOrgano.TAVOLO_TEMATICO, TipoOrgano.TAVOLO_TECNICO):
            raise RegolaViolata(_("Indica il tavolo (un organo di tipo tavolo di questo Ambito)."), campo="tavolo")
        procedura.tavolo = tavolo
    if stato == "convenzione":
        if convenzione is None or convenzione.tipo != TipoAtto.CONVENZIONE:
            raise RegolaViolata(_("Indica la convenzione (un atto di tipo «Convenzione»)."), campo="convenzione")
        _stesso_ambito(procedura.ambito_id, convenzione, campo="convenzione")
        procedura.convenzione = convenzione
        _collega(convenzione, procedura, actor, _("Convenzione della procedura"))
    if esito:
        procedura.esito = _testo(esito, campo="esito", limite=10000)
    procedura.stato = stato
    procedura.save()
    return procedura


@transaction.atomic
def ente_candidatura_set(*, procedura: Coprogettazione, actor: Utente | None, ente: Ente, esito: str,
                         motivazione: str = "", ruolo: str = "") -> EnteCoprogettazione:
    """Record an ente's application and its outcome (admitted or not, with the reason)."""
    if esito not in EsitoCandidatura.values:
        raise RegolaViolata(_("Esito sconosciuto."), campo="esito")
    procedura = _blocca_procedura(procedura)
    if procedura.stato in ("convenzione", "chiusa"):
        raise Conflitto(_("La procedura è conclusa: gli enti non cambiano più."), codice="procedura_conclusa")
    motivazione = _testo(motivazione, campo="motivazione", limite=500)
    if esito == EsitoCandidatura.NON_AMMESSO and not motivazione:
        raise RegolaViolata(_("Indica il motivo della non ammissione."), campo="motivazione")
    riga = EnteCoprogettazione.objects.filter(procedura=procedura, ente=ente).first() or EnteCoprogettazione(
        ambito_id=procedura.ambito_id, procedura=procedura, ente=ente)
    riga.esito, riga.motivazione, riga.ruolo = esito, motivazione, _testo(ruolo, campo="ruolo", limite=250)
    riga.save()
    return riga


@transaction.atomic
def scadenza_rendicontazione_create(*, procedura: Coprogettazione, actor: Utente | None, data: dt.date,
                                    descrizione: str) -> ScadenzaRendicontazione:
    scadenza = ScadenzaRendicontazione(ambito_id=procedura.ambito_id, procedura=procedura, data=data,
                                       descrizione=_testo(descrizione, campo="descrizione", limite=250,
                                                          obbligatorio=True, nome=_("la descrizione")))
    scadenza.save()
    return scadenza


@transaction.atomic
def scadenza_rendicontazione_mark_done(*, scadenza: ScadenzaRendicontazione, actor: Utente | None,
                                       data: dt.date) -> ScadenzaRendicontazione:
    regole.data_non_futura(data, campo="data")
    if scadenza.rendicontata_il is not None:
        raise Conflitto(_("La rendicontazione è già registrata."), codice="gia_rendicontata")
    scadenza.rendicontata_il = data
    scadenza.save()
    return scadenza


@transaction.atomic
def coprogettazione_quota_create(*, procedura: Coprogettazione, actor: Utente | None, assegnazione: Any,
                                 importo: Decimal, atto: Atto, data_contabile: dt.date, descrizione: str = "") -> Any:
    """The convenzione's budget: a fondi quota pointing at the procedure."""
    from fondi.models import TipoDestinazione
    from fondi.services import quota_create

    return quota_create(assegnazione=assegnazione, tipo_destinazione=TipoDestinazione.ALTRO,
                        descrizione=descrizione or procedura.oggetto, importo=importo, atto=atto,
                        data_contabile=data_contabile, actor=actor, oggetto=procedura)
