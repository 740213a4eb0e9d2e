"""State changes of memberships and invitations (issue #2, "Roles and permissions").

Rules enforced here, whatever the entry point (page, API, shell):

* a role's bindings: an assistente sociale works for at least one comune, a componente
  dell'Assemblea represents exactly one comune, both among the comuni that belong to the Ambito
  today (``AppartenenzaComune``); a referente partner represents one ente; the Ufficio di Piano
  roles have neither;
* an Ambito never loses its last responsabile (no revocation, no demotion), checked under a row
  lock so two concurrent requests cannot both remove "the other one";
* an invitation is used at most once, before it expires and unless it was cancelled (row lock);
* revocation sets ``revocato_il``: ``ambito.accounts.permissions.contesto_per`` re-reads the membership on
  every request, so it takes effect on the revoked user's very next request.

Every change is saved through the model (django-simple-history records who/when/before/after,
comuni included: see ``Membro._history_m2m_fields``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ambito.accounts.models import Invito, Membro, Ruolo, Utente
from ambito.errors import Conflitto, RegolaViolata
from ambito.tenancy import ambito_scope
from ambito.tenancy.attori import acting_as
from ambito.tenancy.models import Ambito
from ambito.territorio.models import AppartenenzaComune, Comune, Ente

RUOLI_CON_COMUNI = (Ruolo.ASSISTENTE_SOCIALE, Ruolo.ASSEMBLEA)
RUOLI_CON_ENTE = (Ruolo.PARTNER, Ruolo.GESTORE)


def _verifica_vincoli_ruolo(*, ambito: Ambito, ruolo: str, comuni: list[Comune], ente: Ente | None) -> None:
    """The comuni/ente a role needs (see the module docstring). Raises RegolaViolata."""
    if ruolo not in Ruolo.values:
        raise RegolaViolata(_("Ruolo sconosciuto."), campo="ruolo")
    if ruolo == Ruolo.ASSISTENTE_SOCIALE and not comuni:
        raise RegolaViolata(_("Per il ruolo di assistente sociale indica almeno un comune dell'Ambito."),
                            campo="comuni")
    if ruolo == Ruolo.ASSEMBLEA and len(comuni) != 1:
        raise RegolaViolata(
            _("Un componente dell'Assemblea dei Sindaci rappresenta esattamente un comune: indicane uno."),
            campo="comuni")
    if ruolo not in RUOLI_CON_COMUNI and comuni:
        raise RegolaViolata(
            _("I comuni si indicano solo per assistenti sociali e componenti dell'Assemblea."), campo="comuni")
    if ruolo in RUOLI_CON_ENTE and ente is None:
        raise RegolaViolata(_("Indica l'ente che il referente rappresenta."), campo="ente")
    if ruolo not in RUOLI_CON_ENTE and ente is not None:
        raise RegolaViolata(_("L'ente si indica solo per i referenti di enti partner o gestori."), campo="ente")
    if comuni:
        oggi = timezone.localdate()
        appartenenti = set(
            AppartenenzaComune.objects.filter(
                Q(valido_al__isnull=True) | Q(valido_al__gte=oggi),
                ambito=ambito, comune__in=comuni, valido_dal__lte=oggi,
            ).values_list("comune_id", flat=True)
        )
        estranei = sorted(c.denominazione for c in comuni if c.pk not in appartenenti)
        if estranei:
            raise RegolaViolata(
                _("Questi comuni oggi non appartengono all'Ambito: %(comuni)s.") % {"comuni": ", ".join(estranei)},
                campo="comuni")


def _blocca_membro(membro: Membro) -> tuple[Membro, list[Membro]]:
    """Lock the Ambito's active responsabili, then the member's own row; return both.

    Every change of a membership takes the locks in this order, so two concurrent requests
    serialise (and re-read the rows) instead of deadlocking or both removing "the other" one.
    """
    responsabili = list(
        Membro.objects.select_for_update()
        .filter(ambito=membro.ambito, ruolo=Ruolo.RESPONSABILE, revocato_il__isnull=True)
        .order_by("pk")
    )
    bloccato = Membro.objects.select_for_update().get(pk=membro.pk, ambito=membro.ambito)
    return bloccato, responsabili


def _verifica_non_ultimo_responsabile(membro: Membro, responsabili: list[Membro], messaggio: str) -> None:
    if not [m for m in responsabili if m.pk != membro.pk]:
        raise RegolaViolata(messaggio, codice="ultimo_responsabile")


def _link_invito(invito: Invito) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("inviti:invito_accetta", kwargs={"token": invito.token})


def _invia_email_invito(invito: Invito, comuni: Iterable[Comune]) -> None:
    contesto = {
        "invito": invito,
        "ambito": invito.ambito,
        "ruolo": invito.get_ruolo_display(),
        "comuni": [c.denominazione for c in comuni],
        "ente": invito.ente,
        "invitato_da": invito.invitato_da,
        "link": _link_invito(invito),
        "scade_il": timezone.localtime(invito.scade_il),
    }
    oggetto = " ".join(render_to_string("ambito/membri/email_invito_oggetto.txt", contesto).split())
    corpo = render_to_string("ambito/membri/email_invito.txt", contesto)
    transaction.on_commit(lambda: send_mail(oggetto, corpo, None, [invito.email]))


@transaction.atomic
def invito_create(
    *, ambito: Ambito, actor: Utente, email: str, ruolo: str, comuni: Iterable[Comune] = (),
    ente: Ente | None = None,
) -> Invito:
    """Invite someone to the Ambito with a role; the e-mail (sent after commit) carries a link
    with a token valid ``settings.INVITO_VALIDITA_GIORNI`` days."""
    email = (email or "").strip().lower()
    if not email:
        raise RegolaViolata(_("Indica l'indirizzo e-mail della persona da invitare."), campo="email")
    comuni = list(comuni)
    _verifica_vincoli_ruolo(ambito=ambito, ruolo=ruolo, comuni=comuni, ente=ente)
    if Membro.objects.filter(ambito=ambito, revocato_il__isnull=True, utente__email__iexact=email).exists():
        raise RegolaViolata(_("Questa persona è già un membro dell'Ambito: modificane il ruolo dall'elenco."),
                            campo="email")
    if Invito.objects.filter(ambito=ambito, email__iexact=email, accettato_il__isnull=True,
                             annullato_il__isnull=True, scade_il__gt=timezone.now()).exists():
        raise RegolaViolata(
            _("C'è già un invito in attesa per questo indirizzo: annullalo prima di inviarne uno nuovo."),
            campo="email")
    invito = Invito(
        ambito=ambito, email=email, ruolo=ruolo, ente=ente, invitato_da=actor,
        scade_il=timezone.now() + dt.timedelta(days=settings.INVITO_VALIDITA_GIORNI),
    )
    try:
        invito.full_clean(exclude=["token"])
    except ValidationError as exc:
        campo, messaggi = next(iter(exc.message_dict.items()))
        raise RegolaViolata(" ".join(messaggi), campo=None if campo == NON_FIELD_ERRORS else campo) from exc
    invito.save()
    if comuni:
        invito.comuni.set(comuni)
    _invia_email_invito(invito, comuni)
    return invito


def invito_motivo_non_valido(invito: Invito) -> str | None:
    """Why an invitation can no longer be accepted (Italian, shown on its page), or None if it can."""
    if invito.annullato_il is not None:
        return _("Questo invito è stato annullato. Chiedi al responsabile dell'Ufficio di Piano un nuovo invito.")
    if invito.accettato_il is not None:
        return _("Questo invito è già stato usato. Se sei tu ad averlo accettato, accedi con la tua e-mail.")
    if invito.scade_il <= timezone.now():
        return _("Questo invito è scaduto il %(data)s. Chiedi al responsabile dell'Ufficio di Piano "
                 "di inviartene uno nuovo.") % {"data": timezone.localtime(invito.scade_il).strftime("%d/%m/%Y")}
    return None


def invito_accept(
    *, invito: Invito, actor: Utente | None, nome: str = "", cognome: str = "", password: str = "",
) -> Membro:
    """Accept an invitation and join its Ambito with the invited role.

    ``actor`` is the logged-in user, whose e-mail must be the invited one; with no actor a new
    account is created for the invited e-mail, with a name and a password that passes
    ``AUTH_PASSWORD_VALIDATORS``.

    The link is an entry point of its own: the token, not a URL slug, names the Ambito, so this
    service enters that Ambito's scope itself (like the four entry points in ``ambito.tenancy``).
    """
    with transaction.atomic(), ambito_scope(invito.ambito, actor=actor):
        invito = Invito.objects.select_for_update().get(pk=invito.pk)
        motivo = invito_motivo_non_valido(invito)
        if motivo:
            raise Conflitto(motivo, codice="invito_non_valido")
        utente = _utente_per_invito(invito, actor=actor, nome=nome, cognome=cognome, password=password)
        if Membro.objects.filter(ambito=invito.ambito, utente=utente, revocato_il__isnull=True).exists():
            raise RegolaViolata(_("Sei già membro di questo Ambito: l'invito non serve."), codice="gia_membro")
        comuni = list(invito.comuni.all())
        with acting_as(utente):
            membro = Membro(ambito=invito.ambito, utente=utente, ruolo=invito.ruolo, ente=invito.ente)
            membro.save()
            if comuni:
                membro.comuni.set(comuni)
            invito.accettato_il = timezone.now()
            invito.save()
        return membro


def _utente_per_invito(invito: Invito, *, actor: Utente | None, nome: str, cognome: str, password: str) -> Utente:
    if actor is not None and actor.is_authenticated:
        if actor.email.lower() != invito.email.lower():
            raise RegolaViolata(
                _("Questo invito è per %(email)s: esci e accedi con quell'indirizzo per accettarlo.")
                % {"email": invito.email}, codice="email_diversa")
        return actor
    if Utente.objects.filter(email__iexact=invito.email).exists():
        raise RegolaViolata(_("Esiste già un account per %(email)s: accedi per accettare l'invito.")
                            % {"email": invito.email}, codice="account_esistente")
    nome, cognome = nome.strip(), cognome.strip()
    if not nome:
        raise RegolaViolata(_("Indica il tuo nome."), campo="nome")
    if not cognome:
        raise RegolaViolata(_("Indica il tuo cognome."), campo="cognome")
    utente = Utente(email=invito.email, first_name=nome, last_name=cognome)
    try:
        password_validation.validate_password(password, user=utente)
    except ValidationError as exc:
        raise RegolaViolata(" ".join(exc.messages), campo="password") from exc
    utente.set_password(password)
    utente.save()
    return utente


@transaction.atomic
def invito_cancel(*, invito: Invito, actor: Utente) -> Invito:
    """Cancel an invitation that was not accepted yet: its link stops working."""
    invito = Invito.objects.select_for_update().get(pk=invito.pk, ambito=invito.ambito)
    if invito.accettato_il is not None:
        raise Conflitto(_("L'invito è già stato accettato: per togliere l'accesso revoca il membro."))
    if invito.annullato_il is not None:
        raise Conflitto(_("L'invito era già stato annullato."))
    invito.annullato_il = timezone.now()
    invito.save()
    return invito


@transaction.atomic
def membro_update(
    *, membro: Membro, actor: Utente, ruolo: str, comuni: Iterable[Comune] = (), ente: Ente | None = None,
) -> Membro:
    """Change a member's role and the comuni/ente it is bound to; the last responsabile stays one."""
    comuni = list(comuni)
    membro, responsabili = _blocca_membro(membro)
    if membro.revocato_il is not None:
        raise Conflitto(_("Questo membro è stato revocato nel frattempo."))
    _verifica_vincoli_ruolo(ambito=membro.ambito, ruolo=ruolo, comuni=comuni, ente=ente)
    if membro.ruolo == Ruolo.RESPONSABILE and ruolo != Ruolo.RESPONSABILE:
        _verifica_non_ultimo_responsabile(
            membro, responsabili,
            _("È l'unico responsabile dell'Ambito: nomina prima un altro responsabile, poi cambia questo ruolo."))
    cambia_campi = membro.ruolo != ruolo or membro.ente_id != (ente.pk if ente else None)
    cambia_comuni = {c.pk for c in membro.comuni.all()} != {c.pk for c in comuni}
    membro.ruolo, membro.ente = ruolo, ente
    if cambia_comuni:
        _imposta_comuni(membro, comuni)
    if cambia_campi or cambia_comuni:
        membro.save()  # one history row with the new fields and the new comuni
    return membro


def _imposta_comuni(oggetto: Membro | Invito, comuni: list[Comune]) -> None:
    """Replace the comuni without a history row per M2M signal (``set()`` removes, then adds:
    that would log a misleading "no comuni" state in between); the caller saves once after."""
    oggetto.skip_history_when_saving = True  # read by simple-history's m2m_changed handler
    try:
        oggetto.comuni.set(comuni)
    finally:
        del oggetto.skip_history_when_saving


@transaction.atomic
def membro_revoke(*, membro: Membro, actor: Utente) -> Membro:
    """Revoke a membership; the user's next request to this Ambito is refused (404)."""
    membro, responsabili = _blocca_membro(membro)
    if membro.revocato_il is not None:
        raise Conflitto(_("Questo membro era già stato revocato."))
    if membro.ruolo == Ruolo.RESPONSABILE:
        _verifica_non_ultimo_responsabile(
            membro, responsabili,
            _("È l'unico responsabile dell'Ambito: nomina prima un altro responsabile, poi revoca questo."))
    membro.revocato_il = timezone.now()
    membro.save()
    return membro
