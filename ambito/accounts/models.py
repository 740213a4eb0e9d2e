"""Users, their memberships of Ambiti (with a role) and invitations."""

from __future__ import annotations

import secrets

from django.contrib.auth.base_user import BaseUserManager
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ambito.tenancy.models import TenantModel


class UtenteManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra: object) -> Utente:
        if not email:
            raise ValueError("L'indirizzo e-mail è obbligatorio")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: object) -> Utente:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: object) -> Utente:
        extra["is_staff"] = True
        extra["is_superuser"] = True
        return self._create_user(email, password, **extra)


class Utente(AbstractUser):
    """A person who logs in with e-mail and password. ``is_superuser`` = platform administrator."""

    username = None  # type: ignore[assignment]
    email = models.EmailField(_("indirizzo e-mail"), unique=True)
    codice_fiscale = models.CharField(_("codice fiscale"), max_length=16, blank=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UtenteManager()

    class Meta:
        verbose_name = _("utente")
        verbose_name_plural = _("utenti")
        ordering = ["last_name", "first_name", "email"]

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    @property
    def is_platform_admin(self) -> bool:
        return self.is_active and self.is_superuser


class Ruolo(models.TextChoices):
    RESPONSABILE = "responsabile", _("Responsabile dell'Ufficio di Piano")
    OPERATORE = "operatore", _("Operatore dell'Ufficio di Piano")
    ASSISTENTE_SOCIALE = "assistente_sociale", _("Assistente sociale")
    ASSEMBLEA = "assemblea", _("Componente dell'Assemblea dei Sindaci")
    PARTNER = "partner", _("Referente ente partner")
    # A referente of an ente gestore of social service units (udos): files CPE and FSR reports, sees only
    # the units of their ente (Membro.ente).
    GESTORE = "gestore", _("Referente ente gestore")


class Membro(TenantModel):
    """The membership of a user in an Ambito, with one role.

    Assistenti sociali are bound to one or more comuni of the Ambito; a componente
    dell'Assemblea represents one comune; a partner or a gestore represents one ente.
    Revocation sets ``revocato_il``: the next request of that user is refused.
    """

    utente = models.ForeignKey(Utente, on_delete=models.PROTECT, related_name="membri",
                               verbose_name=_("utente"))
    ruolo = models.CharField(_("ruolo"), max_length=30, choices=Ruolo.choices)
    comuni = models.ManyToManyField("ambito.Comune", blank=True, related_name="+",
                                    verbose_name=_("comuni"))
    ente = models.ForeignKey("ambito.Ente", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="+", verbose_name=_("ente rappresentato"))
    creato_il = models.DateTimeField(_("creato il"), auto_now_add=True)
    revocato_il = models.DateTimeField(_("revocato il"), null=True, blank=True)

    # The inherited AuditedHistory also snapshots these M2M fields (django-simple-history reads
    # ``_history_m2m_fields`` from the concrete model), so a change of comuni is in the history.
    _history_m2m_fields = ["comuni"]

    class Meta:
        verbose_name = _("membro")
        verbose_name_plural = _("membri")
        ordering = ["utente__last_name", "utente__first_name"]
        constraints = [
            models.UniqueConstraint(fields=["ambito", "utente"], condition=Q(revocato_il__isnull=True),
                                    name="membro_una_appartenenza_attiva"),
        ]

    def __str__(self) -> str:
        return f"{self.utente} — {self.get_ruolo_display()}"

    @property
    def attivo(self) -> bool:
        return self.revocato_il is None


def _nuovo_token() -> str:
    return secrets.token_urlsafe(32)


class Invito(TenantModel):
    """An e-mail invitation to join an Ambito with a role; the token expires."""

    email = models.EmailField(_("e-mail"))
    ruolo = models.CharField(_("ruolo"), max_length=30, choices=Ruolo.choices)
    comuni = models.ManyToManyField("ambito.Comune", blank=True, related_name="+", verbose_name=_("comuni"))
    ente = models.ForeignKey("ambito.Ente", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="+", verbose_name=_("ente rappresentato"))
    token = models.CharField(max_length=64, unique=True, default=_nuovo_token, editable=False)
    invitato_da = models.ForeignKey(Utente, on_delete=models.PROTECT, related_name="+")
    creato_il = models.DateTimeField(auto_now_add=True)
    scade_il = models.DateTimeField(_("scade il"))
    accettato_il = models.DateTimeField(null=True, blank=True)
    annullato_il = models.DateTimeField(null=True, blank=True)

    _history_m2m_fields = ["comuni"]

    class Meta:
        verbose_name = _("invito")
        verbose_name_plural = _("inviti")
        ordering = ["-creato_il"]

    def __str__(self) -> str:
        return f"{self.email} ({self.get_ruolo_display()})"

    @property
    def valido(self) -> bool:
        return self.accettato_il is None and self.annullato_il is None and self.scade_il > timezone.now()
