"""Collegial bodies (organi collegiali), their members, sessions, agenda items, attendance and votes."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ambito.atti.models import Atto, TipoAtto
from ambito.tenancy.models import TenantModel


class TipoOrgano(models.TextChoices):
    ASSEMBLEA = "assemblea", _("Assemblea dei Sindaci")
    GIUNTA = "giunta", _("Giunta esecutiva")
    TAVOLO_TECNICO = "tavolo_tecnico", _("Tavolo tecnico")
    TAVOLO_TEMATICO = "tavolo_tematico", _("Tavolo tematico")


class OrganoCollegiale(TenantModel):
    """A collegial body. The Assemblea dei Sindaci votes by the Ambito's rule; the others by simple
    majority (see :mod:`ambito.organi.votazioni`). ``tipo_atto`` names the act an approved item produces
    (deliberazione, or risoluzione where the Ambito uses that name); empty = no act."""

    tipo = models.CharField(_("tipo"), max_length=30, choices=TipoOrgano.choices)
    nome = models.CharField(_("nome"), max_length=200)
    tipo_atto = models.CharField(
        _("atto prodotto da un punto approvato"), max_length=40, choices=TipoAtto.choices, blank=True,
        help_text=_("Es. deliberazione o risoluzione dell'Assemblea. Vuoto: l'approvazione non produce un atto."))

    class Meta:
        verbose_name = _("organo collegiale")
        verbose_name_plural = _("organi collegiali")
        ordering = ["tipo", "nome"]
        constraints = [models.UniqueConstraint(fields=["ambito", "nome"], name="organo_nome_unico")]

    def __str__(self) -> str:
        return self.nome

    def get_absolute_url(self) -> str:
        return reverse("organi:organo_detail", kwargs={"ambito_slug": self.ambito.slug, "organo_pk": self.pk})


class Componente(TenantModel):
    """A member of a collegial body for a period: a person for a comune or an ente."""

    organo = models.ForeignKey(OrganoCollegiale, on_delete=models.CASCADE, related_name="componenti")
    nominativo = models.CharField(_("nominativo"), max_length=200)
    utente = models.ForeignKey("ambito.Utente", null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+", verbose_name=_("utente collegato"))
    comune = models.ForeignKey("ambito.Comune", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+", verbose_name=_("comune rappresentato"))
    ente = models.ForeignKey("ambito.Ente", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="+", verbose_name=_("ente rappresentato"))
    qualifica = models.CharField(_("qualifica"), max_length=120, blank=True,
                                 help_text=_("Es. Sindaco, Assessore delegato, Presidente"))
    delegato_di = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="deleghe", verbose_name=_("delegato di"))
    valido_dal = models.DateField(_("valido dal"))
    valido_al = models.DateField(_("valido al"), null=True, blank=True)

    class Meta:
        verbose_name = _("componente")
        verbose_name_plural = _("componenti")
        ordering = ["nominativo"]
        constraints = [
            models.CheckConstraint(condition=Q(valido_al__isnull=True) | Q(valido_al__gte=models.F("valido_dal")),
                                   name="componente_date_ordinate"),
        ]

    def __str__(self) -> str:
        return self.nominativo


class Seduta(TenantModel):
    organo = models.ForeignKey(OrganoCollegiale, on_delete=models.PROTECT, related_name="sedute")
    data = models.DateTimeField(_("data e ora"))
    luogo = models.CharField(_("luogo"), max_length=200, blank=True)
    data_riferimento_popolazione = models.DateField(
        _("data di riferimento della popolazione"), null=True, blank=True,
        help_text=_("Per il voto ponderato: popolazione dei comuni a questa data."))
    presenti = models.ManyToManyField(Componente, blank=True, through="Presenza", related_name="sedute_presenti",
                                      verbose_name=_("presenti"))
    chiusa = models.BooleanField(_("chiusa"), default=False)

    class Meta:
        verbose_name = _("seduta")
        verbose_name_plural = _("sedute")
        ordering = ["-data"]

    def __str__(self) -> str:
        return f"{self.organo} — {self.data:%d/%m/%Y}"

    def get_absolute_url(self) -> str:
        return reverse("organi:seduta_detail", kwargs={"ambito_slug": self.ambito.slug, "seduta_pk": self.pk})


class Presenza(TenantModel):
    """A componente present at a seduta (a row of its own so attendance changes are audited)."""

    seduta = models.ForeignKey(Seduta, on_delete=models.CASCADE, related_name="presenze",
                               verbose_name=_("seduta"))
    componente = models.ForeignKey(Componente, on_delete=models.PROTECT, related_name="presenze",
                                   verbose_name=_("componente"))

    class Meta:
        verbose_name = _("presenza")
        verbose_name_plural = _("presenze")
        constraints = [models.UniqueConstraint(fields=["seduta", "componente"], name="presenza_unica")]

    def __str__(self) -> str:
        return f"{self.componente} @ {self.seduta}"


class EsitoVotazione(models.TextChoices):
    DA_VOTARE = "da_votare", _("Da votare")
    APPROVATO = "approvato", _("Approvato")
    RESPINTO = "respinto", _("Respinto")
    NON_VALIDO = "non_valido", _("Quorum non raggiunto")


class PuntoOdG(TenantModel):
    """An item on a session's agenda; once voted, an approved item produces an Atto."""

    seduta = models.ForeignKey(Seduta, on_delete=models.CASCADE, related_name="punti")
    numero = models.PositiveSmallIntegerField(_("numero"))
    oggetto = models.TextField(_("oggetto"))
    richiede_votazione = models.BooleanField(_("richiede votazione"), default=True)
    esito = models.CharField(_("esito"), max_length=20, choices=EsitoVotazione.choices,
                             default=EsitoVotazione.DA_VOTARE)
    dettaglio_esito = models.JSONField(_("calcolo dell'esito"), default=dict, blank=True)
    atto = models.OneToOneField(Atto, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="punto_odg", verbose_name=_("atto prodotto"))

    class Meta:
        verbose_name = _("punto all'ordine del giorno")
        verbose_name_plural = _("punti all'ordine del giorno")
        ordering = ["seduta", "numero"]
        constraints = [models.UniqueConstraint(fields=["seduta", "numero"], name="punto_numero_unico")]

    def __str__(self) -> str:
        return f"{self.numero}. {self.oggetto[:60]}"


class ValoreVoto(models.TextChoices):
    FAVOREVOLE = "favorevole", _("Favorevole")
    CONTRARIO = "contrario", _("Contrario")
    ASTENUTO = "astenuto", _("Astenuto")


class Voto(TenantModel):
    """One member's vote on an item. ``comune`` is the comune the vote counts for (the member's own,
    or for a delegate the comune of the member they stand in for): one vote per comune per item."""

    punto = models.ForeignKey(PuntoOdG, on_delete=models.CASCADE, related_name="voti",
                              verbose_name=_("punto all'ordine del giorno"))
    componente = models.ForeignKey(Componente, on_delete=models.PROTECT, related_name="voti",
                                   verbose_name=_("componente"))
    comune = models.ForeignKey("ambito.Comune", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+", verbose_name=_("comune per cui vota"))
    valore = models.CharField(_("voto"), max_length=20, choices=ValoreVoto.choices)

    class Meta:
        verbose_name = _("voto")
        verbose_name_plural = _("voti")
        constraints = [
            models.UniqueConstraint(fields=["punto", "componente"], name="voto_unico"),
            models.UniqueConstraint(fields=["punto", "comune"], condition=Q(comune__isnull=False),
                                    name="voto_un_comune_una_volta"),
        ]

    def __str__(self) -> str:
        return f"{self.componente}: {self.get_valore_display()}"
