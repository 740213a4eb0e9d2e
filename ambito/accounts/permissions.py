"""Roles → capabilities, the per-request access context, and the checks views and APIs use.

Each app registers its own capabilities in its ``AppConfig.ready()`` with :func:`registra`,
so a new module adds permissions beside the core without changing it::

    registra("fondi.vedi", Ruolo.RESPONSABILE, Ruolo.OPERATORE, Ruolo.ASSEMBLEA)

A user who is not a member of the Ambito in the URL gets 404 (the Ambito "does not exist"
for them); a member without the capability gets 403. Platform administrators hold every
capability in every Ambito. Object-level grants (a partner on one project) use
django-guardian on top of this (:func:`ha_permesso_oggetto`).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from ambito.accounts.models import Membro, Ruolo, Utente
from ambito.tenancy.models import Ambito

_CAPACITA: dict[str, frozenset[str]] = {}
_DESCRIZIONI: dict[str, str] = {}

STAFF = (Ruolo.RESPONSABILE, Ruolo.OPERATORE)
TUTTI = tuple(Ruolo)


def registra(capacita: str, *ruoli: str, descrizione: str = "") -> None:
    """Declare that ``ruoli`` hold ``capacita`` (idempotent; a second call must agree)."""
    nuovi = frozenset(ruoli)
    esistenti = _CAPACITA.get(capacita)
    if esistenti is not None and esistenti != nuovi:
        raise ValueError(f"capability {capacita!r} registered twice with different roles")
    _CAPACITA[capacita] = nuovi
    _DESCRIZIONI[capacita] = descrizione


def capacita_registrate() -> dict[str, frozenset[str]]:
    return dict(_CAPACITA)


def capacita_del_ruolo(ruolo: str) -> frozenset[str]:
    return frozenset(nome for nome, ruoli in _CAPACITA.items() if ruolo in ruoli)


# Core capabilities.
registra("ambito.dashboard", *TUTTI, descrizione="Vedere la pagina iniziale dell'Ambito")
# Which home-page view (dashboard widgets, ambito/ui/navigation.py) each role gets.
registra("ambito.dashboard.ufficio", *STAFF, descrizione="Vedere il quadro dell'Ufficio di Piano")
registra("ambito.dashboard.comuni", Ruolo.ASSISTENTE_SOCIALE, descrizione="Vedere il quadro dei propri comuni")
registra("ambito.dashboard.assemblea", Ruolo.ASSEMBLEA, descrizione="Vedere atti pubblicati e cruscotti")
registra("ambito.dashboard.partner", Ruolo.PARTNER, descrizione="Vedere ciò che è condiviso con il proprio ente")
registra("ambito.territorio.vedi", *TUTTI, descrizione="Vedere comuni ed enti dell'Ambito")
registra("ambito.enti.gestisci", *STAFF, descrizione="Registrare e modificare enti")
registra("ambito.impostazioni.gestisci", Ruolo.RESPONSABILE, descrizione="Modificare le impostazioni")
registra("ambito.membri.vedi", *STAFF, descrizione="Vedere gli utenti dell'Ambito")
registra("ambito.membri.gestisci", Ruolo.RESPONSABILE, descrizione="Invitare utenti, cambiare e revocare ruoli")
registra("ambito.atti.vedi_tutti", *STAFF, descrizione="Vedere tutti gli atti, anche non pubblicati")
registra("ambito.atti.vedi_pubblicati", *TUTTI, descrizione="Vedere gli atti pubblicati")
registra("ambito.atti.gestisci", *STAFF, descrizione="Registrare e modificare atti")
# Publishing an act on the internet (the public area) is approved by a second person who holds this
# (ambito.approvazioni); withdrawing it needs no second person.
registra("ambito.atti.pubblicazione_online", Ruolo.RESPONSABILE,
         descrizione="Approvare e ritirare la pubblicazione degli atti nell'area pubblica")
registra("ambito.pubblico.gestisci", Ruolo.RESPONSABILE,
         descrizione="Modificare informativa privacy e dichiarazione di accessibilità")
registra("ambito.approvazioni.vedi", *STAFF, descrizione="Vedere le richieste di approvazione dell'Ambito")
registra("ambito.organi.vedi", *STAFF, Ruolo.ASSEMBLEA, descrizione="Vedere organi collegiali e sedute")
registra("ambito.organi.gestisci", *STAFF, descrizione="Gestire organi, sedute e votazioni")
registra("ambito.audit.vedi", *STAFF, descrizione="Vedere lo storico delle modifiche")
registra("ambito.audit.accessi", Ruolo.RESPONSABILE, descrizione="Vedere il registro degli accessi ai dati sensibili")
registra("ambito.api.usa", *STAFF, descrizione="Usare l'API e consultarne la documentazione")
registra("ambito.importazioni.vedi", *STAFF, descrizione="Vedere le importazioni da file CSV/XLSX")
registra("ambito.territorio.popolazione", *STAFF,
         descrizione="Importare la popolazione dei comuni dell'Ambito da un file")
# Reaching the attachment pages at all; what each object's attachments need is its module's (registra_allegati).
registra("ambito.allegati.usa", *TUTTI, descrizione="Raggiungere gli allegati (i permessi sono quelli dell'oggetto)")
registra("ambito.jobs.avvia", *STAFF, descrizione="Avviare elaborazioni ed esportazioni")
# Everyone sees (and downloads) the jobs they started; "avvia" also sees everyone's jobs.
registra("ambito.jobs.vedi", *TUTTI, descrizione="Vedere le proprie elaborazioni e scaricarne i risultati")


@dataclass(frozen=True)
class ContestoAccesso:
    """Who is acting in which Ambito, with which role, comuni and capabilities."""

    ambito: Ambito
    utente: Utente
    membro: Membro | None
    capacita: frozenset[str] = field(default_factory=frozenset)

    @property
    def ruolo(self) -> str | None:
        return self.membro.ruolo if self.membro else None

    @property
    def is_platform_admin(self) -> bool:
        return self.utente.is_platform_admin

    @property
    def comuni(self) -> list[int] | None:
        """Comuni the user is restricted to (None = every comune of the Ambito)."""
        if self.membro is not None and self.membro.ruolo == Ruolo.ASSISTENTE_SOCIALE:
            return sorted(c.pk for c in self.membro.comuni.all())
        return None

    def puo(self, capacita: str) -> bool:
        if capacita not in _CAPACITA:
            raise KeyError(f"unknown capability {capacita!r}")
        return capacita in self.capacita

    def richiedi(self, capacita: str) -> None:
        if not self.puo(capacita):
            raise PermissionDenied(capacita)


def contesto_per(utente: Utente, ambito: Ambito) -> ContestoAccesso | None:
    """Build the access context, or None when the user may not enter this Ambito.

    Must run inside the Ambito's scope (Membro is tenant data). A revoked membership or an
    inactive user yields None, so revocation takes effect on the very next request.
    """
    if not utente.is_active:
        return None
    membro = (
        Membro.objects.filter(ambito=ambito, utente=utente, revocato_il__isnull=True)
        .prefetch_related("comuni")
        .first()
    )
    if utente.is_platform_admin:
        return ContestoAccesso(ambito, utente, membro, frozenset(_CAPACITA))
    if membro is None:
        return None
    return ContestoAccesso(ambito, utente, membro, capacita_del_ruolo(membro.ruolo))


def richiede(*capacita: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """View decorator: 403 unless the request's context holds every capability."""

    def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            contesto: ContestoAccesso | None = getattr(request, "contesto", None)
            if contesto is None:
                raise PermissionDenied("no ambito context")
            for nome in capacita:
                contesto.richiedi(nome)
            return view(request, *args, **kwargs)

        wrapper.capacita_richieste = capacita  # type: ignore[attr-defined]
        return wrapper

    return decorator


def ha_permesso_oggetto(utente: Utente, permesso: str, oggetto: Any) -> bool:
    """Object-level grant through django-guardian (e.g. ``piani.view_progetto`` for a partner)."""
    return utente.has_perm(permesso, oggetto)
