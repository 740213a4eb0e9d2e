"""Governance: formal acts (Atti) and the collegial bodies that vote them."""

from __future__ import annotations

import uuid
from pathlib import PurePath

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ambito.tenancy import TenantModel


class TipoAtto(models.TextChoices):
    DELIBERAZIONE_ASSEMBLEA = "deliberazione_assemblea", _("Deliberazione dell'Assemblea dei Sindaci")
    RISOLUZIONE_ASSEMBLEA = "risoluzione_assemblea", _("Risoluzione dell'Assemblea dei Sindaci")
    DELIBERAZIONE_GIUNTA = "deliberazione_giunta", _("Deliberazione della Giunta esecutiva")
    DETERMINA_CAPOFILA = "determina_capofila", _("Determina dell'ente capofila")
    DECRETO_REGIONALE = "decreto_regionale", _("Decreto regionale")
    DGR = "dgr", _("Deliberazione di Giunta regionale (DGR)")
    ACCORDO_PROGRAMMA = "accordo_programma", _("Accordo di programma")
    AVVISO = "avviso", _("Avviso")
    CONVENZIONE = "convenzione", _("Convenzione")
    GRADUATORIA = "graduatoria", _("Graduatoria approvata")


def _percorso_allegato_atto(instance: Atto, filename: str) -> str:
    """Private storage path: the uploaded name is never trusted, only a random name is kept."""
    suffisso = PurePath(filename).suffix.lower()[:10] or ".pdf"
    return f"ambiti/{instance.ambito_id}/atti/{uuid.uuid4().hex}{suffisso}"


class Atto(TenantModel):
    """A formal act other modules refer to (by FK, or through :class:`AttoCollegamento`)."""

    tipo = models.CharField(_("tipo"), max_length=40, choices=TipoAtto.choices)
    numero = models.CharField(_("numero"), max_length=40)
    data = models.DateField(_("data"))
    oggetto = models.TextField(_("oggetto"))
    organo = models.ForeignKey("ambito.OrganoCollegiale", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="atti", verbose_name=_("organo che lo ha adottato"))
    ente_emittente = models.ForeignKey("ambito.Ente", null=True, blank=True, on_delete=models.PROTECT,
                                       related_name="+", verbose_name=_("ente emittente"))
    allegato = models.FileField(_("documento PDF"), upload_to=_percorso_allegato_atto, blank=True,
                                max_length=300)
    pubblicato = models.BooleanField(
        _("pubblicato"), default=False,
        help_text=_("Gli atti pubblicati sono visibili ai componenti dell'Assemblea e ai partner."))
    pubblicato_il = models.DateTimeField(_("pubblicato il"), null=True, blank=True)

    class Meta:
        verbose_name = _("atto")
        verbose_name_plural = _("atti")
        ordering = ["-data", "-numero"]
        constraints = [
            models.UniqueConstraint(fields=["ambito", "tipo", "numero", "data"], name="atto_numero_unico"),
        ]
        indexes = [models.Index(fields=["ambito", "-data"], name="atto_ambito_data")]

    def __str__(self) -> str:
        return f"{self.get_tipo_display()} n. {self.numero} del {self.data:%d/%m/%Y}"


class AttoCollegamento(TenantModel):
    """An object an act approves (a bando, a graduatoria, a riparto, ...), of any module."""

    atto = models.ForeignKey(Atto, on_delete=models.CASCADE, related_name="collegamenti")
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    oggetto = GenericForeignKey("content_type", "object_id")
    descrizione = models.CharField(_("descrizione"), max_length=250, blank=True)

    class Meta:
        verbose_name = _("oggetto approvato")
        verbose_name_plural = _("oggetti approvati")
        constraints = [
            models.UniqueConstraint(fields=["atto", "content_type", "object_id"], name="atto_collegamento_unico"),
        ]


class TipoOrgano(models.TextChoices):
    ASSEMBLEA = "assemblea", _("Assemblea dei Sindaci")
    GIUNTA = "giunta", _("Giunta esecutiva")
    TAVOLO_TECNICO = "tavolo_tecnico", _("Tavolo tecnico")
    TAVOLO_TEMATICO = "tavolo_tematico", _("Tavolo tematico")


class OrganoCollegiale(TenantModel):
    """A collegial body. The Assemblea dei Sindaci votes by the Ambito's rule; the others by simple
    majority (see :mod:`ambito.votazioni`). ``tipo_atto`` names the act an approved item produces
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
