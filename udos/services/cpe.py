"""The CPE procedure (Comunicazione Preventiva di Esercizio, LR 3/2008 art. 15; DGR XII/4795/2025).

A CPE is a self-declaration: the unit may operate from the filing date, so filing (``presentazione``) applies
what it declares to the register at once. The office (or the comune that
holds the procedure) then checks the documents and the requirements checklist, asks the ATS for a vigilance
visit within 30 days of filing, and the ATS visits within 60 and answers within 75 days of the request
(``udos/scadenze.py`` puts these terms in the deadline registry). States::

    presentata → verifica_documentale ⇄ integrazioni_richieste
               verifica_documentale → vigilanza_richiesta → esito_positivo | prescrizioni | inibita
               prescrizioni → esito_positivo (ottemperate) | inibita (non ottemperate)

Any other move is refused with a ``RegolaViolata`` (``codice="transizione_non_ammessa"``). Every step is dated
(never in the future, never before the previous step) and audited by the model history.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from ambito.accounts.models import Utente
from ambito.errors import RegolaViolata
from ambito.formato import data_it
from ambito.regole import data_non_futura
from udos.models import (
    CPE,
    EsitoRequisito,
    EsitoVigilanza,
    StatoCPE,
    StatoUnita,
    UnitaOfferta,
    VerificaRequisito,
    VisitaVigilanza,
)

TIPO_NOTIFICA = "udos.cpe"
TIPO_NOTIFICA_GESTORE = "udos.cpe_gestore"

TRANSIZIONI_CPE: Mapping[str, frozenset[str]] = {
    StatoCPE.PRESENTATA: frozenset({StatoCPE.VERIFICA_DOCUMENTALE}),
    StatoCPE.VERIFICA_DOCUMENTALE: frozenset({StatoCPE.INTEGRAZIONI_RICHIESTE, StatoCPE.VIGILANZA_RICHIESTA}),
    StatoCPE.INTEGRAZIONI_RICHIESTE: frozenset({StatoCPE.VERIFICA_DOCUMENTALE}),
    StatoCPE.VIGILANZA_RICHIESTA: frozenset({StatoCPE.ESITO_POSITIVO, StatoCPE.PRESCRIZIONI, StatoCPE.INIBITA}),
    StatoCPE.PRESCRIZIONI: frozenset({StatoCPE.ESITO_POSITIVO, StatoCPE.INIBITA}),
    StatoCPE.ESITO_POSITIVO: frozenset(),
    StatoCPE.INIBITA: frozenset(),
}

# Which changes of a running unit need a new CPE and which only a notice (LR 3/2008 art. 15, DGR XII/4795/2025).
# --- helpers ----------------------------------------------------------------------------------------------


def _blocca(cpe: CPE) -> CPE:
    return CPE.objects.select_for_update(of=("self",)).select_related("unita", "tipologia").get(
        pk=cpe.pk, ambito=cpe.ambito)


def _transizione(cpe: CPE, nuovo: str) -> None:
    if nuovo not in TRANSIZIONI_CPE[cpe.stato]:
        raise RegolaViolata(
            _("Una CPE nello stato «%(da)s» non può passare a «%(a)s».")
            % {"da": StatoCPE(cpe.stato).label, "a": StatoCPE(nuovo).label},
            codice="transizione_non_ammessa")
    cpe.stato = nuovo


def _data_passo(data: dt.date, *, dopo: dt.date | None, nome_dopo: str, campo: str) -> None:
    data_non_futura(data, campo=campo)
    if dopo is not None and data < dopo:
        raise RegolaViolata(_("La data (%(data)s) non può precedere %(passo)s (%(dopo)s).")
                            % {"data": data_it(data), "passo": nome_dopo, "dopo": data_it(dopo)}, campo=campo,
                            codice="date_incoerenti")


def _ultimo_passo(cpe: CPE) -> dt.date:
    date = [d for d in (cpe.data_presentazione, cpe.data_verifica, cpe.data_integrazioni_richieste,
                        cpe.data_integrazioni_ricevute, cpe.data_richiesta_ats, cpe.data_sopralluogo,
                        cpe.data_esito) if d is not None]
    return max(date)


def _referenti(cpe: CPE) -> list[Utente]:
    """The referenti (gestore role) of the CPE's ente gestore in this Ambito."""
    from ambito.accounts.models import Membro, Ruolo

    return [m.utente for m in Membro.objects.filter(ambito_id=cpe.ambito_id, ruolo=Ruolo.GESTORE,
                                                     ente_id=cpe.ente_gestore_id, revocato_il__isnull=True)
            .select_related("utente")]


def _notifica_gestore(cpe: CPE, actor: Utente | None, testo: str) -> None:
    """Tell the ente gestore's referenti that their CPE moved (integrations asked, ATS outcome)."""
    from ambito.notifiche.services import notifica_create

    def invia() -> None:
        utenti = _referenti(cpe)
        if utenti:
            url = reverse("udos:cpe_detail", kwargs={"ambito_slug": cpe.ambito.slug, "cpe_pk": cpe.pk})
            notifica_create(ambito=cpe.ambito, tipo=TIPO_NOTIFICA_GESTORE, utenti=utenti, actor=actor, url=url,
                            titolo=_("CPE di %(unita)s: %(stato)s") % {"unita": cpe.unita,
                                                                     "stato": cpe.get_stato_display()},
                            testo=testo)

    invia()  # in the same transaction as the step: notifica_create sends the e-mail after the commit


# --- the procedure ----------------------------------------------------------------------------------------


@transaction.atomic
def cpe_verifica_start(*, cpe: CPE, actor: Utente | None, data: dt.date) -> CPE:
    """The document check starts (or restarts when the integrations arrive: see below)."""
    cpe = _blocca(cpe)
    _transizione(cpe, StatoCPE.VERIFICA_DOCUMENTALE)
    _data_passo(data, dopo=cpe.data_presentazione, nome_dopo=_("la presentazione"), campo="data")
    cpe.data_verifica = data
    cpe.save()
    return cpe


@transaction.atomic
def cpe_integrazioni_request(*, cpe: CPE, actor: Utente | None, data: dt.date, motivo: str) -> CPE:
    cpe = _blocca(cpe)
    _transizione(cpe, StatoCPE.INTEGRAZIONI_RICHIESTE)
    if not motivo.strip():
        raise RegolaViolata(_("Indica quali integrazioni sono richieste."), campo="motivo")
    _data_passo(data, dopo=_ultimo_passo(cpe), nome_dopo=_("il passo precedente"), campo="data")
    cpe.data_integrazioni_richieste = data
    cpe.motivo_integrazioni = motivo.strip()
    cpe.data_integrazioni_ricevute = None
    cpe.save()
    _notifica_gestore(cpe, actor, _("Integrazioni richieste: %(motivo)s") % {"motivo": cpe.motivo_integrazioni})
    return cpe


@transaction.atomic
def cpe_integrazioni_receive(*, cpe: CPE, actor: Utente | None, data: dt.date) -> CPE:
    """The integrations arrived: back to the document check (only from «integrazioni richieste»)."""
    cpe = _blocca(cpe)
    if cpe.stato != StatoCPE.INTEGRAZIONI_RICHIESTE:
        raise RegolaViolata(_("Una CPE nello stato «%(da)s» non può passare a «%(a)s»: non ci sono integrazioni "
                              "richieste.") % {"da": StatoCPE(cpe.stato).label,
                                               "a": StatoCPE.VERIFICA_DOCUMENTALE.label},
                            codice="transizione_non_ammessa")
    _transizione(cpe, StatoCPE.VERIFICA_DOCUMENTALE)
    _data_passo(data, dopo=cpe.data_integrazioni_richieste, nome_dopo=_("la richiesta di integrazioni"),
                campo="data")
    cpe.data_integrazioni_ricevute = data
    cpe.save()
    return cpe


@transaction.atomic
def checklist_update(*, cpe: CPE, actor: Utente | None, esiti: Mapping[int, tuple[str, str]]) -> CPE:
    """Record the outcome of the requirement checks: ``{verifica_pk: (esito, nota)}``. Only while the document
    check is open (presentata, in verifica, integrazioni). A non-conformity needs a note."""
    cpe = _blocca(cpe)
    if cpe.stato not in (StatoCPE.PRESENTATA, StatoCPE.VERIFICA_DOCUMENTALE, StatoCPE.INTEGRAZIONI_RICHIESTE):
        raise RegolaViolata(_("La verifica dei requisiti è chiusa: la CPE è «%(stato)s».")
                            % {"stato": cpe.get_stato_display()}, codice="transizione_non_ammessa")
    verifiche = {v.pk: v for v in VerificaRequisito.objects.select_for_update().filter(
        ambito_id=cpe.ambito_id, cpe=cpe).select_related("requisito")}
    for pk, (esito, nota) in esiti.items():
        verifica = verifiche.get(pk)
        if verifica is None:
            raise RegolaViolata(_("Requisito inesistente per questa CPE."), campo="esiti")
        if esito not in EsitoRequisito.values:
            raise RegolaViolata(_("Esito sconosciuto per «%(req)s».") % {"req": verifica.requisito.testo},
                                campo="esiti")
        nota = (nota or "").strip()
        if esito == EsitoRequisito.NON_CONFORME and not nota:
            raise RegolaViolata(_("Per il requisito non conforme «%(req)s» scrivi cosa manca.")
                                % {"req": verifica.requisito.testo}, campo=f"esito_{pk}")
        if (verifica.esito, verifica.nota) != (esito, nota):
            verifica.esito, verifica.nota = esito, nota
            verifica.save()
    return cpe


@transaction.atomic
def cpe_vigilanza_request(*, cpe: CPE, actor: Utente | None, data: dt.date) -> CPE:
    """The office asks the ATS for a vigilance visit (within 30 days of filing): the checklist must be complete."""
    cpe = _blocca(cpe)
    _transizione(cpe, StatoCPE.VIGILANZA_RICHIESTA)
    mancanti = VerificaRequisito.objects.filter(ambito_id=cpe.ambito_id, cpe=cpe,
                                                esito=EsitoRequisito.DA_VERIFICARE).count()
    if mancanti:
        raise RegolaViolata(_("Prima di chiedere la vigilanza all'ATS completa la verifica dei requisiti: "
                              "%(n)d ancora da verificare.") % {"n": mancanti}, codice="checklist_incompleta")
    _data_passo(data, dopo=_ultimo_passo(cpe), nome_dopo=_("il passo precedente"), campo="data")
    cpe.data_richiesta_ats = data
    cpe.save()
    return cpe


_ESITO_VISITA = {StatoCPE.ESITO_POSITIVO: EsitoVigilanza.POSITIVO, StatoCPE.PRESCRIZIONI: EsitoVigilanza.PRESCRIZIONI,
                 StatoCPE.INIBITA: EsitoVigilanza.INIBIZIONE}


@transaction.atomic
def cpe_esito_record(*, cpe: CPE, actor: Utente | None, esito: str, data_sopralluogo: dt.date, data_esito: dt.date,
                     prescrizioni: str = "", termine_prescrizioni: dt.date | None = None) -> CPE:
    """The ATS outcome: positive, with prescriptions (text and deadline: followed up by
    :func:`cpe_prescrizioni_close`) or inhibition (the unit stops: ``inibita``). Also logged as a vigilance visit."""
    cpe = _blocca(cpe)
    if esito not in _ESITO_VISITA:
        raise RegolaViolata(_("Esito sconosciuto: positivo, con prescrizioni o inibizione."), campo="esito")
    _transizione(cpe, esito)
    _data_passo(data_sopralluogo, dopo=cpe.data_richiesta_ats, nome_dopo=_("la richiesta all'ATS"),
                campo="data_sopralluogo")
    _data_passo(data_esito, dopo=data_sopralluogo, nome_dopo=_("il sopralluogo"), campo="data_esito")
    prescrizioni = prescrizioni.strip()
    if esito == StatoCPE.PRESCRIZIONI:
        if not prescrizioni:
            raise RegolaViolata(_("Scrivi le prescrizioni dell'ATS."), campo="prescrizioni")
        if termine_prescrizioni is None or termine_prescrizioni <= data_esito:
            raise RegolaViolata(_("Il termine per ottemperare alle prescrizioni segue la data dell'esito."),
                                campo="termine_prescrizioni")
    else:
        termine_prescrizioni = None
    cpe.data_sopralluogo, cpe.data_esito = data_sopralluogo, data_esito
    cpe.prescrizioni, cpe.termine_prescrizioni = prescrizioni, termine_prescrizioni
    cpe.save()
    VisitaVigilanza(ambito_id=cpe.ambito_id, unita=cpe.unita, cpe=cpe, data=data_sopralluogo,
                    esito=_ESITO_VISITA[esito], prescrizioni=prescrizioni, termine=termine_prescrizioni).save()
    if esito == StatoCPE.INIBITA:
        _inibisci(cpe.unita)
    _notifica_gestore(cpe, actor, prescrizioni or _("Esito della vigilanza ATS del %(data)s.")
                      % {"data": data_it(data_esito)})
    return cpe


def _inibisci(unita: UnitaOfferta) -> None:
    unita = UnitaOfferta.objects.select_for_update().get(pk=unita.pk, ambito_id=unita.ambito_id)
    if unita.stato != StatoUnita.INIBITA:
        unita.stato = StatoUnita.INIBITA
        unita.save()


@transaction.atomic
def cpe_prescrizioni_close(*, cpe: CPE, actor: Utente | None, ottemperate: bool, data: dt.date,
                           note: str = "") -> CPE:
    """Follow-up of the prescriptions: complied with → positive outcome; not complied with → inhibition."""
    cpe = _blocca(cpe)
    _transizione(cpe, StatoCPE.ESITO_POSITIVO if ottemperate else StatoCPE.INIBITA)
    _data_passo(data, dopo=cpe.data_esito, nome_dopo=_("l'esito dell'ATS"), campo="data")
    cpe.data_ottemperanza = data if ottemperate else None
    if note.strip():
        cpe.note = (cpe.note + "\n" + note.strip()).strip()
    cpe.save()
    visita = cpe.visite.filter(termine__isnull=False, ottemperata_il__isnull=True).order_by("-pk").first()
    if visita is not None and ottemperate:
        visita.ottemperata_il = data
        visita.save()
    if not ottemperate:
        _inibisci(cpe.unita)
    return cpe
