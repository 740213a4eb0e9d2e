"""The Piano di Zona as data: the plan of a triennio, its macro-areas, objectives, projects, indicators and
their monitoring.

Every row belongs to one Ambito (``TenantModel``: scoped and audited), except the header of a sovrazonale
project, shared by the Ambiti that take part in it (shared data, like ``Ente``: see
:class:`ProgettoSovrazonale`).
"""

from __future__ import annotations

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ambito.tenancy.models import TenantModel

IMPORTO = {"max_digits": 14, "decimal_places": 2}
VALORE = {"max_digits": 16, "decimal_places": 4}


class StatoPiano(models.TextChoices):
    BOZZA = "bozza", _("Bozza")
    IN_CONSULTAZIONE = "in_consultazione", _("In consultazione")
    APPROVATO_ASSEMBLEA = "approvato_assemblea", _("Approvato dall'Assemblea")
    ADP_SOTTOSCRITTO = "adp_sottoscritto", _("Accordo di Programma sottoscritto")
    VIGENTE = "vigente", _("Vigente")
    IN_AGGIORNAMENTO = "in_aggiornamento", _("In aggiornamento")
    CHIUSO = "chiuso", _("Chiuso")


# States in which the plan is approved: the Assemblea sees it (read-only).
STATI_APPROVATI = (StatoPiano.APPROVATO_ASSEMBLEA, StatoPiano.ADP_SOTTOSCRITTO, StatoPiano.VIGENTE,
                   StatoPiano.IN_AGGIORNAMENTO, StatoPiano.CHIUSO)


class MacroArea(TenantModel):
    """A policy macro-area of a triennio (A–J in 2021–2023): a lookup per triennio, editable because each
    regional guideline changes it — never an enum."""

    triennio = models.PositiveSmallIntegerField(_("triennio (anno di inizio)"))
    codice = models.CharField(_("codice"), max_length=10)
    denominazione = models.CharField(_("denominazione"), max_length=200)
    ordine = models.PositiveSmallIntegerField(_("ordine"), default=0)

    class Meta:
        verbose_name = _("macro-area")
        verbose_name_plural = _("macro-aree")
        ordering = ["triennio", "ordine", "codice"]
        constraints = [models.UniqueConstraint(fields=["ambito", "triennio", "codice"],
                                               name="piani_macroarea_codice_unico")]

    def __str__(self) -> str:
        return f"{self.codice} — {self.denominazione}"


class PianoDiZona(TenantModel):
    """The Ambito's plan for one triennio, with its state and its Accordo di Programma."""

    triennio = models.PositiveSmallIntegerField(_("triennio (anno di inizio)"))
    titolo = models.CharField(_("titolo"), max_length=250)
    stato = models.CharField(_("stato"), max_length=30, choices=StatoPiano.choices, default=StatoPiano.BOZZA)
    atto_linee_guida = models.ForeignKey("ambito.Atto", null=True, blank=True, on_delete=models.PROTECT,
                                         related_name="+", verbose_name=_("atto regionale di indirizzo"))
    atto_approvazione = models.ForeignKey("ambito.Atto", null=True, blank=True, on_delete=models.PROTECT,
                                          related_name="+", verbose_name=_("deliberazione di approvazione"))
    accordo = models.ForeignKey("ambito.Atto", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("Accordo di Programma"))
    accordo_valido_al = models.DateField(_("Accordo valido fino al"), null=True, blank=True)
    responsabile = models.ForeignKey("ambito.Utente", null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+", verbose_name=_("responsabile"))
    note = models.TextField(_("note"), blank=True, max_length=5000)

    class Meta:
        verbose_name = _("Piano di Zona")
        verbose_name_plural = _("Piani di Zona")
        ordering = ["-triennio"]
        constraints = [models.UniqueConstraint(fields=["ambito", "triennio"], name="piani_piano_triennio_unico")]

    def __str__(self) -> str:
        return f"{self.titolo} ({self.periodo})"

    @property
    def periodo(self) -> str:
        return f"{self.triennio}–{self.triennio + 2}"

    @property
    def anni(self) -> list[int]:
        return [self.triennio, self.triennio + 1, self.triennio + 2]

    @property
    def approvato(self) -> bool:
        return self.stato in STATI_APPROVATI

    def get_absolute_url(self) -> str:
        return reverse("piani:piano_detail", kwargs={"ambito_slug": self.ambito.slug, "piano_pk": self.pk})


class Sottoscrittore(TenantModel):
    """A signatory of the Accordo di Programma: a comune, ATS, ASST or an adhering ente del Terzo Settore,
    with the date it signed."""

    piano = models.ForeignKey(PianoDiZona, on_delete=models.CASCADE, related_name="sottoscrittori")
    comune = models.ForeignKey("ambito.Comune", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("comune"))
    ente = models.ForeignKey("ambito.Ente", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("ente"))
    rappresentante = models.CharField(_("firmatario"), max_length=200, blank=True)
    data_firma = models.DateField(_("data di sottoscrizione"), null=True, blank=True)
    adesione = models.BooleanField(_("adesione successiva (ente del Terzo Settore)"), default=False)

    class Meta:
        verbose_name = _("sottoscrittore dell'Accordo")
        verbose_name_plural = _("sottoscrittori dell'Accordo")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(condition=Q(comune__isnull=True, ente__isnull=False)
                                   | Q(comune__isnull=False, ente__isnull=True), name="piani_sottoscrittore_uno"),
            models.UniqueConstraint(fields=["piano", "comune"], name="piani_sottoscrittore_comune_unico"),
            models.UniqueConstraint(fields=["piano", "ente"], name="piani_sottoscrittore_ente_unico"),
        ]

    def __str__(self) -> str:
        return str(self.comune or self.ente)


class TipoEvento(models.TextChoices):
    PROROGA = "proroga", _("Proroga dell'Accordo")
    RINNOVO = "rinnovo", _("Rinnovo dell'Accordo")
    AGGIORNAMENTO = "aggiornamento", _("Aggiornamento annuale")
    VERIFICA = "verifica", _("Verifica annuale dell'Assemblea")


class EventoPiano(TenantModel):
    """Something that happens to the plan after its approval, each with its act: an extension or renewal of
    the Accordo (the new end date), an annual update, the Assemblea's yearly verification."""

    piano = models.ForeignKey(PianoDiZona, on_delete=models.CASCADE, related_name="eventi")
    tipo = models.CharField(_("tipo"), max_length=20, choices=TipoEvento.choices)
    anno = models.PositiveSmallIntegerField(_("anno"))
    atto = models.ForeignKey("ambito.Atto", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("atto"))
    valido_al = models.DateField(_("nuova scadenza dell'Accordo"), null=True, blank=True)
    descrizione = models.TextField(_("descrizione / esito"), max_length=5000, blank=True)

    class Meta:
        verbose_name = _("evento del piano")
        verbose_name_plural = _("eventi del piano")
        ordering = ["anno", "pk"]

    def __str__(self) -> str:
        return f"{self.get_tipo_display()} {self.anno}"


class TipoObiettivo(models.TextChoices):
    STRATEGICO = "strategico", _("Strategico")
    SPECIFICO = "specifico", _("Specifico")


class Priorita(models.TextChoices):
    ALTA = "alta", _("Alta")
    MEDIA = "media", _("Media")
    BASSA = "bassa", _("Bassa")


class StatoObiettivo(models.TextChoices):
    NON_AVVIATO = "non_avviato", _("Non avviato")
    IN_CORSO = "in_corso", _("In corso")
    RAGGIUNTO = "raggiunto", _("Raggiunto")
    PARZIALMENTE = "parzialmente_raggiunto", _("Parzialmente raggiunto")
    NON_RAGGIUNTO = "non_raggiunto", _("Non raggiunto")


class Obiettivo(TenantModel):
    """A strategic or specific objective of the plan, in one or more macro-areas."""

    piano = models.ForeignKey(PianoDiZona, on_delete=models.CASCADE, related_name="obiettivi")
    tipo = models.CharField(_("tipo"), max_length=20, choices=TipoObiettivo.choices, default=TipoObiettivo.STRATEGICO)
    padre = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="specifici",
                              verbose_name=_("obiettivo strategico di riferimento"))
    codice = models.CharField(_("codice"), max_length=20, blank=True)
    titolo = models.CharField(_("titolo"), max_length=250)
    descrizione = models.TextField(_("descrizione"), max_length=10000, blank=True)
    macro_aree = models.ManyToManyField(MacroArea, related_name="obiettivi", verbose_name=_("macro-aree"))
    responsabile = models.CharField(_("responsabile"), max_length=200, blank=True)
    partner = models.ManyToManyField("ambito.Ente", blank=True, related_name="+", verbose_name=_("partner"))
    priorita = models.CharField(_("priorità"), max_length=10, choices=Priorita.choices, default=Priorita.MEDIA)
    integrazione_sociosanitaria = models.BooleanField(_("integrazione sociosanitaria"), default=False)
    sovrazonale = models.BooleanField(_("sovrazonale"), default=False)
    leps = models.CharField(_("LEPS di riferimento"), max_length=200, blank=True)
    risorse_previste = models.DecimalField(_("risorse previste (euro)"), null=True, blank=True, **IMPORTO)
    stato = models.CharField(_("stato"), max_length=30, choices=StatoObiettivo.choices,
                             default=StatoObiettivo.NON_AVVIATO)
    motivazione_stato = models.TextField(_("motivazione dello stato"), max_length=5000, blank=True)

    class Meta:
        verbose_name = _("obiettivo")
        verbose_name_plural = _("obiettivi")
        ordering = ["piano", "codice", "pk"]

    def __str__(self) -> str:
        return f"{self.codice} {self.titolo}".strip()

    def get_absolute_url(self) -> str:
        return reverse("piani:obiettivo_detail", kwargs={"ambito_slug": self.ambito.slug, "obiettivo_pk": self.pk})


class CollegamentoObiettivo(TenantModel):
    """A measure or bando (of any module, through ``ambito.collegabili``) that implements an objective."""

    obiettivo = models.ForeignKey(Obiettivo, on_delete=models.CASCADE, related_name="collegamenti")
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    oggetto = GenericForeignKey("content_type", "object_id")
    descrizione = models.CharField(_("descrizione"), max_length=250, blank=True)

    class Meta:
        verbose_name = _("misura o bando collegato")
        verbose_name_plural = _("misure e bandi collegati")
        constraints = [models.UniqueConstraint(fields=["obiettivo", "content_type", "object_id"],
                                               name="piani_collegamento_unico")]

    def __str__(self) -> str:
        return self.descrizione or f"{self.content_type} #{self.object_id}"


class ProgettoSovrazonale(models.Model):
    """The shared header of a sovrazonale project (several Ambiti of one distretto, with the ASST).

    Shared data, not tenant data (like ``Ente``): each participating Ambito sees this header, and holds its
    own part as a :class:`Progetto` of its own (budget lines, indicators, monitoring) that no other Ambito
    sees. Audited like tenant rows.
    """

    titolo = models.CharField(_("titolo"), max_length=250)
    descrizione = models.TextField(_("descrizione"), max_length=10000, blank=True)
    ente = models.ForeignKey("ambito.Ente", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("ASST / ente sanitario"))
    ambito_capofila = models.ForeignKey("ambito.Ambito", on_delete=models.PROTECT, related_name="+",
                                        verbose_name=_("Ambito capofila"))
    ambiti = models.ManyToManyField("ambito.Ambito", related_name="+", through="PartecipazioneSovrazonale",
                                    verbose_name=_("Ambiti partecipanti"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("progetto sovrazonale")
        verbose_name_plural = _("progetti sovrazonali")
        ordering = ["titolo"]

    def __str__(self) -> str:
        return self.titolo


class PartecipazioneSovrazonale(models.Model):
    """An Ambito taking part in a sovrazonale project (shared data like its header; the column is not named
    ``ambito_id`` on purpose: the row is not tenant data of the participating Ambito)."""

    testata = models.ForeignKey(ProgettoSovrazonale, on_delete=models.CASCADE, related_name="partecipazioni")
    partecipante = models.ForeignKey("ambito.Ambito", on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("Ambito partecipante"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Ambito partecipante")
        verbose_name_plural = _("Ambiti partecipanti")
        constraints = [models.UniqueConstraint(fields=["testata", "partecipante"],
                                               name="piani_partecipazione_unica")]

    def __str__(self) -> str:
        return f"{self.partecipante_id} @ {self.testata_id}"


class Progetto(TenantModel):
    """A project of the plan, as on the project card used by the Uffici di Piano."""

    piano = models.ForeignKey(PianoDiZona, on_delete=models.CASCADE, related_name="progetti")
    titolo = models.CharField(_("titolo"), max_length=250)
    obiettivi = models.ManyToManyField(Obiettivo, blank=True, related_name="progetti", verbose_name=_("obiettivi"))
    macro_aree = models.ManyToManyField(MacroArea, related_name="progetti", verbose_name=_("macro-aree"))
    contesto = models.TextField(_("contesto e analisi del bisogno"), max_length=20000, blank=True)
    obiettivi_generali = models.TextField(_("obiettivi generali"), max_length=10000, blank=True)
    obiettivi_specifici = models.TextField(_("obiettivi specifici"), max_length=10000, blank=True)
    destinatari = models.TextField(_("destinatari"), max_length=5000, blank=True)
    utenti_stimati = models.PositiveIntegerField(_("utenti stimati"), null=True, blank=True)
    partner_ruoli = models.TextField(_("partner e loro ruoli"), max_length=5000, blank=True)
    responsabile = models.CharField(_("responsabile"), max_length=200, blank=True)
    data_inizio = models.DateField(_("inizio"), null=True, blank=True)
    data_fine = models.DateField(_("fine"), null=True, blank=True)
    integrazione_sociosanitaria = models.BooleanField(_("integrazione sociosanitaria"), default=False)
    sovrazonale = models.ForeignKey(ProgettoSovrazonale, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="parti", verbose_name=_("progetto sovrazonale"))

    class Meta:
        verbose_name = _("progetto")
        verbose_name_plural = _("progetti")
        ordering = ["titolo", "pk"]
        constraints = [models.CheckConstraint(condition=Q(data_fine__isnull=True) | Q(data_inizio__isnull=True)
                                              | Q(data_fine__gte=models.F("data_inizio")),
                                              name="piani_progetto_date_ordinate")]

    def __str__(self) -> str:
        return self.titolo

    def get_absolute_url(self) -> str:
        return reverse("piani:progetto_detail", kwargs={"ambito_slug": self.ambito.slug, "progetto_pk": self.pk})


class PartnerProgetto(TenantModel):
    """A partner user granted one project: the audited record of the django-guardian grant
    (``piani.view_progetto``), which the services keep in step with it."""

    progetto = models.ForeignKey(Progetto, on_delete=models.CASCADE, related_name="partner_concessi")
    utente = models.ForeignKey("ambito.Utente", on_delete=models.CASCADE, related_name="+",
                               verbose_name=_("referente partner"))

    class Meta:
        verbose_name = _("partner del progetto")
        verbose_name_plural = _("partner del progetto")
        constraints = [models.UniqueConstraint(fields=["progetto", "utente"], name="piani_partner_unico")]

    def __str__(self) -> str:
        return f"{self.utente} — {self.progetto}"


class TipoDatoComunita(models.TextChoices):
    FASCIA_ETA = "fascia_eta", _("Popolazione per fascia d'età")
    BISOGNO = "bisogno", _("Indicatore di bisogno")


class DatoComunita(TenantModel):
    """A figure of the profilo di comunità: for a comune (or the whole Ambito when ``comune`` is empty), a year,
    a population band or a need indicator the plan quotes, with its source; optionally tied to a macro-area so it
    is shown beside that area's objectives."""

    anno = models.PositiveSmallIntegerField(_("anno"))
    comune = models.ForeignKey("ambito.Comune", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("comune"), help_text=_("Vuoto: dato dell'intero Ambito."))
    tipo = models.CharField(_("tipo"), max_length=20, choices=TipoDatoComunita.choices)
    voce = models.CharField(_("voce"), max_length=200, help_text=_("Es. «65 anni e oltre», «famiglie monoreddito»."))
    valore = models.DecimalField(_("valore"), **VALORE)
    unita = models.CharField(_("unità di misura"), max_length=60)
    fonte = models.CharField(_("fonte"), max_length=200)
    macro_area = models.ForeignKey(MacroArea, null=True, blank=True, on_delete=models.SET_NULL, related_name="dati",
                                   verbose_name=_("macro-area"))

    class Meta:
        verbose_name = _("dato del profilo di comunità")
        verbose_name_plural = _("profilo di comunità")
        ordering = ["-anno", "tipo", "voce", "comune"]
        constraints = [models.UniqueConstraint(fields=["ambito", "anno", "comune", "voce"], nulls_distinct=False,
                                               name="piani_dato_comunita_unico")]

    def __str__(self) -> str:
        return f"{self.voce} {self.anno}"


class AzioneProgetto(TenantModel):
    """An action of a project in one annualità (the card's cronoprogramma)."""

    progetto = models.ForeignKey(Progetto, on_delete=models.CASCADE, related_name="azioni")
    anno = models.PositiveSmallIntegerField(_("annualità"))
    descrizione = models.TextField(_("azione"), max_length=5000)

    class Meta:
        verbose_name = _("azione del progetto")
        verbose_name_plural = _("azioni del progetto")
        ordering = ["anno", "pk"]

    def __str__(self) -> str:
        return f"{self.anno}: {self.descrizione[:60]}"


class BudgetProgetto(TenantModel):
    """The budget of a project for one year and source (the plan's financial table), beside the fondi
    quotas actually allocated to it."""

    progetto = models.ForeignKey(Progetto, on_delete=models.CASCADE, related_name="budget")
    anno = models.PositiveSmallIntegerField(_("anno"))
    fonte = models.CharField(_("fonte"), max_length=120)
    importo = models.DecimalField(_("importo previsto"), **IMPORTO)

    class Meta:
        verbose_name = _("voce di budget")
        verbose_name_plural = _("budget del progetto")
        ordering = ["anno", "fonte"]
        constraints = [
            models.UniqueConstraint(fields=["progetto", "anno", "fonte"], name="piani_budget_unico"),
            models.CheckConstraint(condition=Q(importo__gte=0), name="piani_budget_non_negativo"),
        ]

    def __str__(self) -> str:
        return f"{self.anno} {self.fonte}"


class TipoIndicatore(models.TextChoices):
    OUTPUT = "output", _("Output")
    OUTCOME = "outcome", _("Outcome")


class FonteIndicatore(models.TextChoices):
    MANUALE = "manuale", _("Inserimento manuale")
    CALCOLATO = "calcolato", _("Calcolato dai dati")


class Periodicita(models.TextChoices):
    SEMESTRALE = "semestrale", _("Semestrale")
    ANNUALE = "annuale", _("Annuale")


class Indicatore(TenantModel):
    """An indicator of an objective or a project: unit, baseline, target per year, source (manual or a
    named computed indicator of ``ambito.indicatori``), periodicity."""

    obiettivo = models.ForeignKey(Obiettivo, null=True, blank=True, on_delete=models.CASCADE,
                                  related_name="indicatori")
    progetto = models.ForeignKey(Progetto, null=True, blank=True, on_delete=models.CASCADE,
                                 related_name="indicatori")
    nome = models.CharField(_("nome"), max_length=250)
    tipo = models.CharField(_("tipo"), max_length=10, choices=TipoIndicatore.choices, default=TipoIndicatore.OUTPUT)
    unita = models.CharField(_("unità di misura"), max_length=60)
    baseline = models.DecimalField(_("valore di partenza"), null=True, blank=True, **VALORE)
    fonte = models.CharField(_("fonte del dato"), max_length=20, choices=FonteIndicatore.choices,
                             default=FonteIndicatore.MANUALE)
    calcolo = models.CharField(_("indicatore calcolato"), max_length=100, blank=True)
    periodicita = models.CharField(_("periodicità"), max_length=20, choices=Periodicita.choices,
                                   default=Periodicita.ANNUALE)
    crescente = models.BooleanField(_("più alto è meglio"), default=True)

    class Meta:
        verbose_name = _("indicatore")
        verbose_name_plural = _("indicatori")
        ordering = ["nome", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(obiettivo__isnull=True, progetto__isnull=False)
                                   | Q(obiettivo__isnull=False, progetto__isnull=True),
                                   name="piani_indicatore_di_uno"),
            models.CheckConstraint(condition=Q(fonte="manuale", calcolo="") | (Q(fonte="calcolato") & ~Q(calcolo="")),
                                   name="piani_indicatore_calcolo"),
        ]

    def __str__(self) -> str:
        return self.nome

    @property
    def piano(self) -> PianoDiZona:
        return (self.obiettivo or self.progetto).piano

    def get_absolute_url(self) -> str:
        return reverse("piani:indicatore_detail",
                       kwargs={"ambito_slug": self.ambito.slug, "indicatore_pk": self.pk})


class TargetIndicatore(TenantModel):
    indicatore = models.ForeignKey(Indicatore, on_delete=models.CASCADE, related_name="target")
    anno = models.PositiveSmallIntegerField(_("anno"))
    valore = models.DecimalField(_("valore atteso"), **VALORE)

    class Meta:
        verbose_name = _("valore atteso")
        verbose_name_plural = _("valori attesi")
        ordering = ["anno"]
        constraints = [models.UniqueConstraint(fields=["indicatore", "anno"], name="piani_target_unico")]

    def __str__(self) -> str:
        return f"{self.anno}: {self.valore}"


class PeriodoMonitoraggio(TenantModel):
    """A monitoring period of the plan (a year, or a semester of it). Once closed by the responsabile its
    figures are frozen and can be shown to the Assemblea; editing again needs reopening (audited)."""

    piano = models.ForeignKey(PianoDiZona, on_delete=models.CASCADE, related_name="periodi")
    anno = models.PositiveSmallIntegerField(_("anno"))
    semestre = models.PositiveSmallIntegerField(_("semestre"), null=True, blank=True,
                                                help_text=_("1 o 2; vuoto per l'intero anno"))
    chiuso = models.BooleanField(_("chiuso"), default=False)
    chiuso_il = models.DateTimeField(_("chiuso il"), null=True, blank=True)
    chiuso_da = models.ForeignKey("ambito.Utente", null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+", verbose_name=_("chiuso da"))
    motivo_riapertura = models.TextField(_("motivo dell'ultima riapertura"), max_length=2000, blank=True)

    class Meta:
        verbose_name = _("periodo di monitoraggio")
        verbose_name_plural = _("periodi di monitoraggio")
        ordering = ["anno", "semestre"]
        constraints = [
            models.UniqueConstraint(fields=["piano", "anno", "semestre"], name="piani_periodo_unico",
                                    nulls_distinct=False),
            models.CheckConstraint(condition=Q(semestre__isnull=True) | Q(semestre__in=[1, 2]),
                                   name="piani_periodo_semestre"),
        ]

    def __str__(self) -> str:
        return f"{self.anno}" if self.semestre is None else f"{self.anno} – {self.semestre}° semestre"

    @property
    def dal(self):
        import datetime as dt
        return dt.date(self.anno, 7 if self.semestre == 2 else 1, 1)

    @property
    def al(self):
        import datetime as dt
        return dt.date(self.anno, 6, 30) if self.semestre == 1 else dt.date(self.anno, 12, 31)

    def get_absolute_url(self) -> str:
        return reverse("piani:periodo_detail", kwargs={"ambito_slug": self.ambito.slug, "periodo_pk": self.pk})


class ValoreIndicatore(TenantModel):
    """The value an indicator reached in a period, with notes and evidence."""

    indicatore = models.ForeignKey(Indicatore, on_delete=models.CASCADE, related_name="valori")
    periodo = models.ForeignKey(PeriodoMonitoraggio, on_delete=models.PROTECT, related_name="valori")
    valore = models.DecimalField(_("valore"), **VALORE)
    note = models.TextField(_("note"), max_length=5000, blank=True)
    evidenza = models.CharField(_("evidenza / fonte"), max_length=250, blank=True)
    calcolato = models.BooleanField(_("calcolato dai dati"), default=False)

    class Meta:
        verbose_name = _("valore rilevato")
        verbose_name_plural = _("valori rilevati")
        ordering = ["periodo", "indicatore"]
        constraints = [models.UniqueConstraint(fields=["indicatore", "periodo"], name="piani_valore_unico")]

    def __str__(self) -> str:
        return f"{self.indicatore}: {self.valore}"


class ValutazioneObiettivo(TenantModel):
    """An objective's status in a monitoring period, with its reasons (frozen when the period closes)."""

    obiettivo = models.ForeignKey(Obiettivo, on_delete=models.CASCADE, related_name="valutazioni")
    periodo = models.ForeignKey(PeriodoMonitoraggio, on_delete=models.PROTECT, related_name="valutazioni")
    stato = models.CharField(_("stato"), max_length=30, choices=StatoObiettivo.choices)
    motivazione = models.TextField(_("motivazione"), max_length=5000, blank=True)

    class Meta:
        verbose_name = _("valutazione dell'obiettivo")
        verbose_name_plural = _("valutazioni degli obiettivi")
        constraints = [models.UniqueConstraint(fields=["obiettivo", "periodo"], name="piani_valutazione_unica")]

    def __str__(self) -> str:
        return f"{self.obiettivo}: {self.get_stato_display()}"


class TipoProcedura(models.TextChoices):
    COPROGRAMMAZIONE = "coprogrammazione", _("Co-programmazione")
    COPROGETTAZIONE = "coprogettazione", _("Co-progettazione")


class StatoProcedura(models.TextChoices):
    AVVISO = "avviso", _("Avviso pubblico")
    SELEZIONE = "selezione", _("Selezione degli enti")
    TAVOLO = "tavolo", _("Tavolo di co-progettazione")
    CONVENZIONE = "convenzione", _("Convenzione sottoscritta")
    CHIUSA = "chiusa", _("Chiusa")


class Coprogettazione(TenantModel):
    """A co-programming or co-design procedure with the Terzo Settore (d.lgs. 117/2017 art. 55; DM 72/2021):
    the public notice (an ``Atto`` of type avviso, published online through the core's public area), the enti
    that applied and were admitted, the table (a core ``OrganoCollegiale`` with its sedute and minutes) and the
    outcome: a convenzione (an ``Atto``) with its budget (fondi quotas), its partners and reporting dates."""

    piano = models.ForeignKey(PianoDiZona, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="coprogettazioni", verbose_name=_("Piano di Zona"))
    progetto = models.ForeignKey(Progetto, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="coprogettazioni", verbose_name=_("progetto"))
    tipo = models.CharField(_("tipo"), max_length=20, choices=TipoProcedura.choices)
    oggetto = models.CharField(_("oggetto"), max_length=250)
    responsabile_procedimento = models.CharField(_("responsabile del procedimento"), max_length=200)
    stato = models.CharField(_("stato"), max_length=20, choices=StatoProcedura.choices, default=StatoProcedura.AVVISO)
    avviso = models.ForeignKey("ambito.Atto", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("avviso pubblico"))
    scadenza_candidature = models.DateField(_("termine per le manifestazioni di interesse"), null=True, blank=True)
    tavolo = models.ForeignKey("ambito.OrganoCollegiale", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+", verbose_name=_("tavolo di co-progettazione"))
    convenzione = models.ForeignKey("ambito.Atto", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("convenzione"))
    esito = models.TextField(_("esito / documento di sintesi"), max_length=10000, blank=True)

    class Meta:
        verbose_name = _("procedura di co-programmazione o co-progettazione")
        verbose_name_plural = _("co-programmazione e co-progettazione")
        ordering = ["-pk"]

    def __str__(self) -> str:
        return f"{self.get_tipo_display()}: {self.oggetto}"

    def get_absolute_url(self) -> str:
        return reverse("piani:coprogettazione_detail",
                       kwargs={"ambito_slug": self.ambito.slug, "coprogettazione_pk": self.pk})


class EsitoCandidatura(models.TextChoices):
    CANDIDATO = "candidato", _("Candidato")
    AMMESSO = "ammesso", _("Ammesso")
    NON_AMMESSO = "non_ammesso", _("Non ammesso")


class EnteCoprogettazione(TenantModel):
    """An ente del Terzo Settore (the core's shared ``Ente``) that answered the notice, its outcome and its role
    in the convenzione."""

    procedura = models.ForeignKey(Coprogettazione, on_delete=models.CASCADE, related_name="enti")
    ente = models.ForeignKey("ambito.Ente", on_delete=models.PROTECT, related_name="+", verbose_name=_("ente"))
    esito = models.CharField(_("esito"), max_length=20, choices=EsitoCandidatura.choices,
                             default=EsitoCandidatura.CANDIDATO)
    motivazione = models.CharField(_("motivazione"), max_length=500, blank=True)
    ruolo = models.CharField(_("ruolo nella convenzione"), max_length=250, blank=True)

    class Meta:
        verbose_name = _("ente della procedura")
        verbose_name_plural = _("enti della procedura")
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["procedura", "ente"], name="piani_ente_procedura_unico")]

    def __str__(self) -> str:
        return str(self.ente)


class ScadenzaRendicontazione(TenantModel):
    """A reporting date of a convenzione (on the core's deadline calendar, with reminders, until done)."""

    procedura = models.ForeignKey(Coprogettazione, on_delete=models.CASCADE, related_name="scadenze")
    data = models.DateField(_("data"))
    descrizione = models.CharField(_("descrizione"), max_length=250)
    rendicontata_il = models.DateField(_("rendicontata il"), null=True, blank=True)

    class Meta:
        verbose_name = _("scadenza di rendicontazione")
        verbose_name_plural = _("scadenze di rendicontazione")
        ordering = ["data", "pk"]

    def __str__(self) -> str:
        return f"{self.descrizione} ({self.data:%d/%m/%Y})"
