"""The register of social service units (Unità d'Offerta Sociali) of an Ambito, LR 3/2008

``TipologiaUdO`` and ``RequisitoTipologia`` are shared reference data (the regional catalogue, versioned, not
scoped). Everything else belongs to one Ambito (``TenantModel``: scoped and audited, every change has its
history row with the actor). Enti gestori and titolari are the core's shared ``Ente`` register.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ambito.tenancy.models import TenantModel


class UnitaCapacita(models.TextChoices):
    BAMBINI = "bambini", _("bambini")
    POSTI = "posti", _("posti")
    PROGETTI = "progetti", _("progetti")
    UTENTI = "utenti", _("utenti")


class TipologiaUdO(models.Model):
    """One version of a unit type of the regional catalogue (shared reference data, not scoped: every Ambito
    reads the same catalogue). See ``udos/catalogo.py``."""

    codice = models.CharField(_("codice"), max_length=20)
    versione = models.PositiveSmallIntegerField(_("versione"), default=1)
    denominazione = models.CharField(_("denominazione"), max_length=120)
    area = models.CharField(_("area"), max_length=20)
    unita_capacita = models.CharField(_("unità di misura della capacità"), max_length=10,
                                      choices=UnitaCapacita.choices, default=UnitaCapacita.POSTI)
    capacita_min = models.PositiveIntegerField(_("capacità minima"), null=True, blank=True)
    capacita_max = models.PositiveIntegerField(_("capacità massima"), null=True, blank=True)
    ore_consecutive_max = models.PositiveSmallIntegerField(_("ore consecutive massime"), null=True, blank=True)
    fsr_ammissibile = models.BooleanField(_("ammessa al Fondo Sociale Regionale"), default=True)
    sociale = models.BooleanField(_("unità d'offerta sociale"), default=True,
                                  help_text=_("Le socio-sanitarie sono solo un riferimento per le incompatibilità."))
    senza_struttura = models.BooleanField(_("servizio senza struttura (senza CPE)"), default=False)
    riferimento_normativo = models.CharField(_("riferimento normativo"), max_length=200, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    valida_dal = models.DateField(_("valida dal"))
    valida_al = models.DateField(_("valida al"), null=True, blank=True)
    ordine = models.PositiveIntegerField(_("ordine"), default=0)

    class Meta:
        verbose_name = _("tipologia di unità d'offerta")
        verbose_name_plural = _("tipologie di unità d'offerta")
        ordering = ["ordine", "codice", "versione"]
        constraints = [models.UniqueConstraint(fields=["codice", "versione"], name="udos_tipologia_versione_unica")]

    def __str__(self) -> str:
        return self.denominazione


class RequisitoTipologia(models.Model):
    """One line of the requirements checklist that applies to a type version (shared reference data)."""

    tipologia = models.ForeignKey(TipologiaUdO, on_delete=models.CASCADE, related_name="requisiti")
    codice = models.CharField(_("codice"), max_length=20)
    testo = models.CharField(_("requisito"), max_length=300)
    ordine = models.PositiveIntegerField(_("ordine"), default=0)

    class Meta:
        verbose_name = _("requisito")
        verbose_name_plural = _("requisiti")
        ordering = ["tipologia", "ordine"]
        constraints = [models.UniqueConstraint(fields=["tipologia", "codice"], name="udos_requisito_unico")]

    def __str__(self) -> str:
        return f"{self.codice} {self.testo}"


class StatoUnita(models.TextChoices):
    ATTIVA = "attiva", _("Attiva")
    SOSPESA = "sospesa", _("Sospesa")
    INIBITA = "inibita", _("Inibita")
    CESSATA = "cessata", _("Cessata")


class UnitaOfferta(TenantModel):
    """A unit of the Ambito's register, from its first CPE to its closure (history of every change)."""

    codice_afam = models.CharField(_("codice regionale (AFAM)"), max_length=30, blank=True)
    tipologia = models.ForeignKey(TipologiaUdO, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("tipologia"))
    denominazione = models.CharField(_("denominazione"), max_length=200)
    ente_gestore = models.ForeignKey("ambito.Ente", on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("ente gestore"))
    titolare = models.ForeignKey("ambito.Ente", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("titolare (se diverso dal gestore)"))
    comune = models.ForeignKey("ambito.Comune", on_delete=models.PROTECT, related_name="+", verbose_name=_("comune"))
    indirizzo = models.CharField(_("indirizzo"), max_length=200)
    latitudine = models.DecimalField(_("latitudine"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitudine = models.DecimalField(_("longitudine"), max_digits=9, decimal_places=6, null=True, blank=True)
    telefono = models.CharField(_("telefono della struttura"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail della struttura"), blank=True)
    capacita_autorizzata = models.PositiveIntegerField(_("capacità (da CPE)"))
    posti_accreditati = models.PositiveIntegerField(_("posti accreditati"), default=0)
    posti_contrattualizzati = models.PositiveIntegerField(_("posti a contratto"), default=0)
    giorni_apertura = models.CharField(_("giorni di apertura"), max_length=100, blank=True)
    orari_apertura = models.CharField(_("orari di apertura"), max_length=100, blank=True)
    retta_mensile = models.DecimalField(_("retta mensile (€)"), max_digits=10, decimal_places=2, null=True,
                                        blank=True)
    rapporto_personale = models.CharField(_("rapporto operatori/utenti"), max_length=50, blank=True)
    stato = models.CharField(_("stato"), max_length=10, choices=StatoUnita.choices, default=StatoUnita.ATTIVA)
    data_avvio = models.DateField(_("inizio attività"))
    data_cessazione = models.DateField(_("cessazione"), null=True, blank=True)
    sperimentale = models.BooleanField(_("unità sperimentale (fuori catalogo)"), default=False)
    atto_sperimentazione = models.CharField(_("atto che autorizza la sperimentazione"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("unità d'offerta")
        verbose_name_plural = _("unità d'offerta")
        ordering = ["denominazione", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["ambito", "codice_afam"], condition=~Q(codice_afam=""),
                                    name="udos_unita_afam_unico"),
            models.CheckConstraint(condition=Q(capacita_autorizzata__gt=0), name="udos_unita_capacita_positiva"),
        ]
        indexes = [models.Index(fields=["ambito", "stato"]), models.Index(fields=["ambito", "ente_gestore"])]

    def __str__(self) -> str:
        return self.denominazione


class TipoCPE(models.TextChoices):
    AVVIO = "avvio", _("Avvio dell'attività")
    VARIAZIONE_CAPACITA = "variazione_capacita", _("Variazione della capacità")
    TRASFORMAZIONE = "trasformazione", _("Trasformazione in altra tipologia")
    TRASFERIMENTO = "trasferimento", _("Trasferimento di sede")
    CAMBIO_GESTORE = "cambio_gestore", _("Cambio del gestore")


class CanaleCPE(models.TextChoices):
    SUAP = "suap", _("SUAP del comune (DGR XII/4795/2025)")
    COMUNE = "comune", _("Protocollo del comune")
    UFFICIO_PIANO = "ufficio_piano", _("Ufficio di Piano")


class TitolareProcedimento(models.TextChoices):
    COMUNE = "comune", _("Comune")
    UFFICIO_PIANO = "ufficio_piano", _("Ufficio di Piano (supporto ai comuni)")


class StatoCPE(models.TextChoices):
    PRESENTATA = "presentata", _("Presentata")
    VERIFICA_DOCUMENTALE = "verifica_documentale", _("In verifica documentale")
    INTEGRAZIONI_RICHIESTE = "integrazioni_richieste", _("Integrazioni richieste")
    VIGILANZA_RICHIESTA = "vigilanza_richiesta", _("Vigilanza richiesta all'ATS")
    ESITO_POSITIVO = "esito_positivo", _("Esito positivo")
    PRESCRIZIONI = "prescrizioni", _("Esito con prescrizioni")
    INIBITA = "inibita", _("Attività inibita")


STATI_CPE_CHIUSI = (StatoCPE.ESITO_POSITIVO, StatoCPE.INIBITA)


class CPE(TenantModel):
    """A Comunicazione Preventiva di Esercizio (LR 3/2008 art. 15): the unit may operate from ``data_presentazione``;
    verification and ATS vigilance follow, with the 30/60/75-day terms. A variation links to the previous CPE."""

    unita = models.ForeignKey(UnitaOfferta, on_delete=models.PROTECT, related_name="cpe", verbose_name=_("unità"))
    tipo = models.CharField(_("tipo"), max_length=20, choices=TipoCPE.choices)
    precedente = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("CPE precedente"))
    canale = models.CharField(_("canale di presentazione"), max_length=15, choices=CanaleCPE.choices)
    titolare_procedimento = models.CharField(_("chi istruisce"), max_length=15, choices=TitolareProcedimento.choices,
                                             default=TitolareProcedimento.UFFICIO_PIANO)
    protocollo = models.CharField(_("protocollo"), max_length=50, blank=True)
    data_presentazione = models.DateField(_("data di presentazione"))
    stato = models.CharField(_("stato"), max_length=25, choices=StatoCPE.choices, default=StatoCPE.PRESENTATA)
    # What the CPE declares (the unit takes these values at filing: the CPE is a self-declaration).
    tipologia = models.ForeignKey(TipologiaUdO, on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("tipologia dichiarata"))
    capacita = models.PositiveIntegerField(_("capacità dichiarata"))
    ente_gestore = models.ForeignKey("ambito.Ente", on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("ente gestore dichiarante"))
    indirizzo = models.CharField(_("indirizzo dichiarato"), max_length=200)
    # Every step, dated.
    data_verifica = models.DateField(_("avvio della verifica documentale"), null=True, blank=True)
    data_integrazioni_richieste = models.DateField(_("integrazioni richieste il"), null=True, blank=True)
    motivo_integrazioni = models.TextField(_("integrazioni richieste"), blank=True, max_length=2000)
    data_integrazioni_ricevute = models.DateField(_("integrazioni ricevute il"), null=True, blank=True)
    data_richiesta_ats = models.DateField(_("vigilanza richiesta all'ATS il"), null=True, blank=True)
    data_sopralluogo = models.DateField(_("sopralluogo dell'ATS il"), null=True, blank=True)
    data_esito = models.DateField(_("esito dell'ATS il"), null=True, blank=True)
    prescrizioni = models.TextField(_("prescrizioni"), blank=True, max_length=4000)
    termine_prescrizioni = models.DateField(_("termine per le prescrizioni"), null=True, blank=True)
    data_ottemperanza = models.DateField(_("prescrizioni ottemperate il"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True, max_length=4000)
    presentata_da = models.ForeignKey("ambito.Utente", null=True, blank=True, on_delete=models.SET_NULL,
                                      related_name="+", verbose_name=_("registrata da"))

    class Meta:
        verbose_name = _("CPE")
        verbose_name_plural = _("CPE")
        ordering = ["-data_presentazione", "-pk"]
        constraints = [models.CheckConstraint(condition=Q(capacita__gt=0), name="udos_cpe_capacita_positiva")]
        indexes = [models.Index(fields=["ambito", "stato"])]

    def __str__(self) -> str:
        return f"CPE {self.get_tipo_display().lower()} — {self.unita} ({self.data_presentazione:%d/%m/%Y})"

    @property
    def aperta(self) -> bool:
        return self.stato not in STATI_CPE_CHIUSI


class EsitoRequisito(models.TextChoices):
    DA_VERIFICARE = "da_verificare", _("Da verificare")
    CONFORME = "conforme", _("Conforme")
    NON_CONFORME = "non_conforme", _("Non conforme")
    NON_APPLICABILE = "non_applicabile", _("Non applicabile")


class VerificaRequisito(TenantModel):
    """One line of a CPE's checklist: the requirement of the type and what the check found."""

    cpe = models.ForeignKey(CPE, on_delete=models.CASCADE, related_name="verifiche")
    requisito = models.ForeignKey(RequisitoTipologia, on_delete=models.PROTECT, related_name="+")
    esito = models.CharField(_("esito"), max_length=20, choices=EsitoRequisito.choices,
                             default=EsitoRequisito.DA_VERIFICARE)
    nota = models.CharField(_("nota"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("verifica di un requisito")
        verbose_name_plural = _("verifiche dei requisiti")
        ordering = ["requisito__ordine", "pk"]
        constraints = [models.UniqueConstraint(fields=["cpe", "requisito"], name="udos_verifica_unica")]


class TipoComunicazione(models.TextChoices):
    LEGALE_RAPPRESENTANTE = "legale_rappresentante", _("Cambio del legale rappresentante")
    ORARI = "orari", _("Variazione di orari o giorni di apertura")
    RETTE = "rette", _("Variazione delle rette")
    SOSPENSIONE = "sospensione", _("Sospensione temporanea dell'attività")
    RIPRESA = "ripresa", _("Ripresa dell'attività")
    CESSAZIONE = "cessazione", _("Cessazione dell'attività")


class Comunicazione(TenantModel):
    """A change that needs no CPE, only a notice (e.g. a new legal representative)."""

    unita = models.ForeignKey(UnitaOfferta, on_delete=models.PROTECT, related_name="comunicazioni")
    tipo = models.CharField(_("tipo"), max_length=25, choices=TipoComunicazione.choices)
    data = models.DateField(_("data"))
    testo = models.TextField(_("contenuto"), blank=True, max_length=2000)

    class Meta:
        verbose_name = _("comunicazione")
        verbose_name_plural = _("comunicazioni")
        ordering = ["-data", "-pk"]


class EsitoVigilanza(models.TextChoices):
    POSITIVO = "positivo", _("Positivo")
    PRESCRIZIONI = "prescrizioni", _("Con prescrizioni")
    INIBIZIONE = "inibizione", _("Inibizione dell'attività")


class VisitaVigilanza(TenantModel):
    """A vigilance visit of the ATS (LR 3/2008), with its outcome and the follow-up of prescriptions.
    The visit of a CPE procedure is recorded here too (``cpe``)."""

    unita = models.ForeignKey(UnitaOfferta, on_delete=models.PROTECT, related_name="visite")
    cpe = models.ForeignKey(CPE, null=True, blank=True, on_delete=models.PROTECT, related_name="visite")
    data = models.DateField(_("data del sopralluogo"))
    esito = models.CharField(_("esito"), max_length=15, choices=EsitoVigilanza.choices)
    prescrizioni = models.TextField(_("prescrizioni"), blank=True, max_length=4000)
    termine = models.DateField(_("termine per ottemperare"), null=True, blank=True)
    ottemperata_il = models.DateField(_("ottemperata il"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True, max_length=2000)

    class Meta:
        verbose_name = _("visita di vigilanza")
        verbose_name_plural = _("visite di vigilanza")
        ordering = ["-data", "-pk"]


class StatoAccreditamento(models.TextChoices):
    DOMANDA = "domanda", _("Domanda presentata")
    ISTRUTTORIA = "istruttoria", _("In istruttoria")
    INTEGRAZIONI = "integrazioni", _("Integrazioni richieste")
    SOPRALLUOGO = "sopralluogo", _("Sopralluogo in contraddittorio")
    ACCREDITATA = "accreditata", _("Accreditata")
    RESPINTA = "respinta", _("Respinta")
    SOSPESA = "sospesa", _("Sospesa")
    REVOCATA = "revocata", _("Revocata")
    DECADUTA = "decaduta", _("Decaduta")


class BandoAccreditamento(TenantModel):
    """The Ambito's accreditation call with its common requirements (LR 3/2008, Decreto 1254/2010)."""

    titolo = models.CharField(_("titolo"), max_length=200)
    requisiti = models.TextField(_("requisiti comuni dell'Ambito"), max_length=8000)
    data_apertura = models.DateField(_("aperto dal"))
    data_chiusura = models.DateField(_("aperto fino al"), null=True, blank=True)

    class Meta:
        verbose_name = _("bando di accreditamento")
        verbose_name_plural = _("bandi di accreditamento")
        ordering = ["-data_apertura", "-pk"]

    def __str__(self) -> str:
        return self.titolo


class Accreditamento(TenantModel):
    """The accreditation of a unit (or of a service without a building: SAD, assistenza educativa scolastica)."""

    unita = models.ForeignKey(UnitaOfferta, on_delete=models.PROTECT, related_name="accreditamenti")
    bando = models.ForeignKey(BandoAccreditamento, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="accreditamenti", verbose_name=_("bando"))
    stato = models.CharField(_("stato"), max_length=15, choices=StatoAccreditamento.choices,
                             default=StatoAccreditamento.DOMANDA)
    data_domanda = models.DateField(_("domanda del"))
    data_sopralluogo = models.DateField(_("sopralluogo del"), null=True, blank=True)
    data_accreditamento = models.DateField(_("accreditata dal"), null=True, blank=True)
    scadenza = models.DateField(_("verifica periodica entro"), null=True, blank=True)
    atto = models.ForeignKey("ambito.Atto", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("atto di accreditamento"))
    posti = models.PositiveIntegerField(_("posti accreditati"), default=0)
    retta_patto = models.DecimalField(_("retta del patto (€)"), max_digits=10, decimal_places=2, null=True,
                                      blank=True)
    valore_voucher = models.DecimalField(_("valore del voucher (€)"), max_digits=10, decimal_places=2, null=True,
                                         blank=True)
    motivo = models.TextField(_("motivazione"), blank=True, max_length=2000)

    class Meta:
        verbose_name = _("accreditamento")
        verbose_name_plural = _("accreditamenti")
        ordering = ["-data_domanda", "-pk"]


class Contratto(TenantModel):
    """A contract (or convention) buying places of an accredited unit, with its tariff."""

    accreditamento = models.ForeignKey(Accreditamento, on_delete=models.PROTECT, related_name="contratti")
    committente = models.ForeignKey("ambito.Ente", on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("committente"))
    data_inizio = models.DateField(_("dal"))
    data_fine = models.DateField(_("al"))
    posti = models.PositiveIntegerField(_("posti a contratto"))
    tariffa = models.DecimalField(_("tariffa (€)"), max_digits=10, decimal_places=2)
    unita_tariffa = models.CharField(_("tariffa per"), max_length=30, default="giornata")

    class Meta:
        verbose_name = _("contratto")
        verbose_name_plural = _("contratti")
        ordering = ["-data_inizio", "-pk"]
        constraints = [models.CheckConstraint(condition=Q(data_fine__gte=models.F("data_inizio")),
                                              name="udos_contratto_date_coerenti")]


class AreaFSR(models.TextChoices):
    PRIMA_INFANZIA = "prima_infanzia", _("Prima infanzia")
    MINORI = "minori", _("Minori e famiglia")
    DISABILI = "disabili", _("Disabili")
    ANZIANI = "anziani", _("Anziani")


class AvvisoFSR(TenantModel):
    """The yearly FSR call to gestori: which year's accounts, the date the units must be active at, the deadline."""

    anno = models.PositiveSmallIntegerField(_("anno di attività rendicontato"))
    data_riferimento = models.DateField(_("unità attive al"))
    scadenza = models.DateField(_("termine per i consuntivi"))
    atto = models.ForeignKey("ambito.Atto", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("atto che approva l'avviso"))

    class Meta:
        verbose_name = _("avviso FSR")
        verbose_name_plural = _("avvisi FSR")
        ordering = ["-anno"]
        constraints = [models.UniqueConstraint(fields=["ambito", "anno"], name="udos_avviso_fsr_unico")]

    def __str__(self) -> str:
        return f"FSR {self.anno}"


class CriterioFSR(TenantModel):
    """The share of the year's FSR that the Assemblea dei Sindaci assigns to one area of units (its act), split
    among the area's units in proportion to utenti × giornate and capped by each unit's deficit."""

    anno = models.PositiveSmallIntegerField(_("anno di attività"))
    area = models.CharField(_("area"), max_length=20, choices=AreaFSR.choices)
    importo = models.DecimalField(_("quota dell'area (€)"), max_digits=12, decimal_places=2)
    atto = models.ForeignKey("ambito.Atto", on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("deliberazione dell'Assemblea"))

    class Meta:
        verbose_name = _("criterio FSR")
        verbose_name_plural = _("criteri FSR")
        ordering = ["-anno", "area"]
        constraints = [models.UniqueConstraint(fields=["ambito", "anno", "area"], name="udos_criterio_fsr_unico"),
                       models.CheckConstraint(condition=Q(importo__gt=0), name="udos_criterio_fsr_positivo")]


class ConsuntivoFSR(TenantModel):
    """A unit's yearly accounts for the Fondo Sociale Regionale (DGR XII/4793/2025) and the contribution granted,
    allocated as a fondi quota whose ``oggetto`` is the unit."""

    unita = models.ForeignKey(UnitaOfferta, on_delete=models.PROTECT, related_name="consuntivi_fsr")
    anno = models.PositiveSmallIntegerField(_("anno di attività"))
    utenti = models.PositiveIntegerField(_("utenti / iscritti"))
    giornate = models.PositiveIntegerField(_("giornate di apertura"))
    costi = models.DecimalField(_("costi (€)"), max_digits=12, decimal_places=2)
    ricavi = models.DecimalField(_("ricavi (€)"), max_digits=12, decimal_places=2)
    contributo = models.DecimalField(_("contributo FSR (€)"), max_digits=12, decimal_places=2, null=True, blank=True)
    quota = models.ForeignKey("fondi.Quota", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                              verbose_name=_("quota FSR"))

    class Meta:
        verbose_name = _("consuntivo FSR")
        verbose_name_plural = _("consuntivi FSR")
        ordering = ["-anno", "unita"]
        constraints = [models.UniqueConstraint(fields=["unita", "anno"], name="udos_consuntivo_unico")]

    @property
    def sbilancio(self):
        return max(self.costi - self.ricavi, 0)
