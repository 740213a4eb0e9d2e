"""State changes of approval requests (ASVS V4.3.3: segregation of duties).

Rules enforced here, whatever the entry point (page, API, another module, the shell):

* a request names a registered kind and an object of its own Ambito, of the model the kind concerns;
  one pending request per kind and object;
* only a pending request is decided, once: the row is locked (``select_for_update``), so two concurrent
  approvals run the kind's callback once and the second one gets a conflict;
* the decider holds the kind's capability in the Ambito (else ``PermissionDenied``: 403), is not the
  preparer (also a database check constraint) and has verified the second factor in this session;
* a refusal states its reason; only the preparer may withdraw a pending request;
* on approval the kind's callback runs in the same transaction: if it refuses, nothing is approved.

Each step saves the request through the model, so its history records who did what and when.
"""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ambito.accounts.models import Utente
from ambito.accounts.permissions import contesto_per
from ambito.approvazioni.models import RichiestaApprovazione, StatoRichiesta
from ambito.approvazioni.registry import TipoApprovazione, tipo_approvazione
from ambito.errors import Conflitto, RegolaViolata
from ambito.tenancy.models import Ambito


class SecondoFattoreRichiesto(RegolaViolata):
    """The decider has not verified the second factor in this session (HTTP 403)."""

    codice = "secondo_fattore_richiesto"
    status_code = 403


def _tipo(codice: str) -> TipoApprovazione:
    tipo = tipo_approvazione(codice)
    if tipo is None:
        raise RegolaViolata(_("Tipo di richiesta di approvazione sconosciuto."), campo="tipo")
    return tipo


@transaction.atomic
def richiesta_create(
    *, ambito: Ambito, actor: Utente, tipo: str, oggetto: models.Model, descrizione: str,
    parametri: dict[str, Any] | None = None,
) -> RichiestaApprovazione:
    """Prepare a request of kind ``tipo`` about ``oggetto`` (the operation runs only once approved)."""
    tipo_registrato = _tipo(tipo)
    if actor is None or not actor.is_authenticated:
        raise RegolaViolata(_("Una richiesta di approvazione è preparata da una persona."))
    if oggetto.pk is None or getattr(oggetto, "ambito_id", None) != ambito.pk:
        raise RegolaViolata(_("Si possono sottoporre ad approvazione solo oggetti di questo Ambito."),
                            campo="oggetto")
    if oggetto._meta.label_lower != tipo_registrato.modello:
        raise RegolaViolata(_("Questo tipo di richiesta non riguarda questo genere di oggetto."), campo="oggetto")
    ct = ContentType.objects.get_for_model(oggetto)
    pendenti = RichiestaApprovazione.objects.filter(ambito=ambito, tipo=tipo, content_type=ct, object_id=oggetto.pk,
                                                    stato=StatoRichiesta.IN_ATTESA)
    if pendenti.exists():
        raise RegolaViolata(_("C'è già una richiesta in attesa di approvazione per questo oggetto."),
                            codice="richiesta_in_attesa")
    richiesta = RichiestaApprovazione(ambito=ambito, tipo=tipo, content_type=ct, object_id=oggetto.pk,
                                      descrizione=(descrizione or "").strip()[:300] or str(tipo_registrato.etichetta),
                                      parametri=parametri or {}, preparata_da=actor)
    try:
        with transaction.atomic():
            richiesta.save()
    except IntegrityError as exc:
        raise Conflitto(_("Un'altra richiesta per questo oggetto è appena stata preparata.")) from exc
    return richiesta


def _bloccata(richiesta: RichiestaApprovazione) -> RichiestaApprovazione:
    """The request row, locked until the end of the transaction, still pending (else a conflict)."""
    bloccata = RichiestaApprovazione.objects.select_for_update().get(pk=richiesta.pk, ambito_id=richiesta.ambito_id)
    if bloccata.stato != StatoRichiesta.IN_ATTESA:
        raise Conflitto(_("La richiesta è già stata decisa (%(stato)s).") % {
            "stato": bloccata.get_stato_display().lower()}, codice="richiesta_decisa")
    return bloccata


def _verifica_decisore(richiesta: RichiestaApprovazione, actor: Utente, *, secondo_fattore_verificato: bool) -> None:
    """The rules on who decides: the kind's capability, not the preparer, second factor verified."""
    tipo = _tipo(richiesta.tipo)
    contesto = contesto_per(actor, richiesta.ambito)
    if contesto is None or not contesto.puo(tipo.capacita):
        raise PermissionDenied(tipo.capacita)
    if actor.pk == richiesta.preparata_da_id:
        raise RegolaViolata(_("Chi ha preparato la richiesta non può deciderla: serve una seconda persona."),
                            codice="autoapprovazione")
    if not secondo_fattore_verificato:
        raise SecondoFattoreRichiesto(
            _("Per decidere una richiesta di approvazione devi aver verificato il secondo fattore "
              "(codice TOTP) in questa sessione."))


@transaction.atomic
def richiesta_approve(
    *, richiesta: RichiestaApprovazione, actor: Utente, secondo_fattore_verificato: bool,
) -> RichiestaApprovazione:
    """Approve a pending request and run the kind's operation, in one transaction."""
    richiesta = _bloccata(richiesta)
    _verifica_decisore(richiesta, actor, secondo_fattore_verificato=secondo_fattore_verificato)
    richiesta.stato = StatoRichiesta.APPROVATA
    richiesta.decisa_da = actor
    richiesta.decisa_il = timezone.now()
    richiesta.save(update_fields=["stato", "decisa_da", "decisa_il"])
    _tipo(richiesta.tipo).esegui(richiesta, actor)
    return richiesta


@transaction.atomic
def richiesta_reject(
    *, richiesta: RichiestaApprovazione, actor: Utente, secondo_fattore_verificato: bool, motivo: str,
) -> RichiestaApprovazione:
    """Refuse a pending request, saying why (the preparer reads the reason)."""
    richiesta = _bloccata(richiesta)
    _verifica_decisore(richiesta, actor, secondo_fattore_verificato=secondo_fattore_verificato)
    motivo = (motivo or "").strip()
    if not motivo:
        raise RegolaViolata(_("Indica il motivo del rifiuto."), campo="motivo")
    if len(motivo) > 2000:
        raise RegolaViolata(_("Il motivo può essere lungo al massimo 2000 caratteri (ne hai scritti %(n)d).")
                            % {"n": len(motivo)}, campo="motivo")
    richiesta.stato = StatoRichiesta.RIFIUTATA
    richiesta.decisa_da = actor
    richiesta.decisa_il = timezone.now()
    richiesta.motivo_rifiuto = motivo
    richiesta.save(update_fields=["stato", "decisa_da", "decisa_il", "motivo_rifiuto"])
    return richiesta


@transaction.atomic
def richiesta_cancel(*, richiesta: RichiestaApprovazione, actor: Utente) -> RichiestaApprovazione:
    """Withdraw a pending request: only whom prepared it."""
    richiesta = _bloccata(richiesta)
    if actor is None or actor.pk != richiesta.preparata_da_id:
        raise RegolaViolata(_("Solo chi ha preparato la richiesta può annullarla."), codice="non_preparatore")
    richiesta.stato = StatoRichiesta.ANNULLATA
    richiesta.save(update_fields=["stato"])
    return richiesta
