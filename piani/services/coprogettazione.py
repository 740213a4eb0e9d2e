"""Co-programming and co-design with the Terzo Settore (art. 55 CTS)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from ambito import regole
from ambito.accounts.models import Utente
from ambito.atti.models import Atto, TipoAtto
from ambito.errors import Conflitto, RegolaViolata
from ambito.tenancy.models import Ambito
from ambito.territorio.models import Ente
from piani.models import (
    Coprogettazione,
    EnteCoprogettazione,
    EsitoCandidatura,
    PianoDiZona,
    Progetto,
    ScadenzaRendicontazione,
    TipoProcedura,
)
from piani.services._comune import _stesso_ambito, _testo
from piani.services.piano import _collega

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
