"""Regional measures: the measure and its editions, calls (bandi) with their rules, beneficiaries and applications.

Shape (the domain notes on regional measures and their data model):

* :class:`Misura` — a measure the Ambito runs (B2, Dopo di Noi, PRO.VI, vouchers, a local measure) or only
  checks against (``esterna``: Misura B1 is run by the ASST and is an external benefit to declare).
* :class:`EdizioneMisura` — one regional act's edition (DGR, annualità/esercizio, validity) with its
  parameters; :class:`Strumento` — the instruments it offers (buono caregiver, buono assistente familiare…)
  with amounts.
* :class:`Bando` — a call of the Ambito for one edition, with the strumenti it offers (:class:`StrumentoBando`),
  the documents it requires (:class:`DocumentoRichiesto`) and its rules as versioned data
  (:class:`VersioneRegole`: eligibility, scoring, incompatibilities — see :mod:`misure.regole`). Rules are
  frozen at publication; a change is a new version with its act, and every domanda keeps its version.
* :class:`Beneficiario` — one person per Ambito (unique codice fiscale), scoped by the comune of residence;
  :class:`AttestazioneISEE`, :class:`Certificazione`, :class:`BeneficioEsterno` — special-category data.
* :class:`Domanda` — an application for one bando and one strumento, scoped by the comune; its protocol
  number comes from :class:`ContatoreProtocollo` (one row per Ambito and year); its history of states is
  :class:`EventoDomanda`; its eligibility/incompatibility lines :class:`EsitoRegola`; its assessment
  :class:`Valutazione` and :class:`ProgettoIndividuale`.

No money here: the bando's budget is fondi quotas linked to it (``fondi.services.quota_create(oggetto=bando)``).
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from ambito.audit.sensibili import CategoriaSensibile
from ambito.tenancy.models import ComuneTenantModel, TenantModel, TipoISEE
from misure.codice_fiscale import maschera_codice_fiscale

IMPORTO = {"max_digits": 12, "decimal_places": 2}


class GestoreMisura(models.TextChoices):
    AMBITO = "ambito", _("Ambito (Ufficio di Piano)")
    ASST = "asst", _("ASST")
    ATS = "ats", _("ATS")
    REGIONE = "regione", _("Regione")
    INPS = "inps", _("INPS")


class Misura(TenantModel):
    """A measure the Ambito runs, or an external benefit it only checks incompatibilities against."""

    codice = models.SlugField(_("codice"), max_length=40)
    nome = models.CharField(_("nome"), max_length=200)
    descrizione = models.TextField(_("descrizione"), blank=True)
    riferimenti_normativi = models.TextField(_("riferimenti normativi"), blank=True)
    gestore = models.CharField(_("gestita da"), max_length=20, choices=GestoreMisura.choices,
                               default=GestoreMisura.AMBITO)
    esterna = models.BooleanField(_("beneficio esterno"), default=False,
                                  help_text=_("Gestita da altri (es. Misura B1 dall'ASST): si dichiara e si "
                                              "controlla l'incompatibilità, non si emettono bandi."))
    fonte = models.ForeignKey("fondi.FonteFinanziamento", null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+", verbose_name=_("fonte di finanziamento"))
    # Retention of closed domande and their attachments (data protection): per measure, in years.
    anni_conservazione = models.PositiveSmallIntegerField(_("anni di conservazione delle domande chiuse"),
                                                          default=10)
    anni_conservazione_non_ammesse = models.PositiveSmallIntegerField(
        _("anni di conservazione delle domande non ammesse"), default=5)
    attiva = models.BooleanField(_("attiva"), default=True)

    class Meta:
        verbose_name = _("misura")
        verbose_name_plural = _("misure")
        ordering = ["nome"]
        constraints = [models.UniqueConstraint(fields=["ambito", "codice"], name="misure_misura_codice_unico")]

    def __str__(self) -> str:
        return self.nome


class EdizioneMisura(TenantModel):
    """One edition of a measure (the regional act, annualità/esercizio, validity) and its parameters."""

    misura = models.ForeignKey(Misura, on_delete=models.PROTECT, related_name="edizioni", verbose_name=_("misura"))
    titolo = models.CharField(_("titolo"), max_length=250)
    atto_regionale = models.CharField(_("atto regionale"), max_length=120, blank=True,
                                      help_text=_("Es. DGR XII/3719 del 30/12/2024"))
    data_atto_regionale = models.DateField(_("data dell'atto regionale"), null=True, blank=True)
    annualita = models.PositiveSmallIntegerField(_("annualità"))
    esercizio = models.PositiveSmallIntegerField(_("esercizio"))
    valida_dal = models.DateField(_("valida dal"), null=True, blank=True)
    valida_al = models.DateField(_("valida al"), null=True, blank=True)
    # Default rule sets a bando of this edition starts from (same schema as VersioneRegole).
    regole_ammissibilita = models.JSONField(_("requisiti di ammissibilità"), default=dict, blank=True)
    regole_punteggio = models.JSONField(_("criteri di punteggio"), default=dict, blank=True)
    regole_incompatibilita = models.JSONField(_("incompatibilità"), default=dict, blank=True)

    class Meta:
        verbose_name = _("edizione della misura")
        verbose_name_plural = _("edizioni della misura")
        ordering = ["misura", "-annualita"]
        constraints = [
            models.CheckConstraint(condition=Q(valida_al__isnull=True) | Q(valida_dal__isnull=True)
                                   | Q(valida_al__gte=models.F("valida_dal")),
                                   name="misure_edizione_validita_ordinata"),
        ]

    def __str__(self) -> str:
        return self.titolo


class Strumento(TenantModel):
    """An instrument of an edition (sottomisura): buono caregiver familiare, buono assistente familiare…"""

    edizione = models.ForeignKey(EdizioneMisura, on_delete=models.CASCADE, related_name="strumenti",
                                 verbose_name=_("edizione"))
    codice = models.SlugField(_("codice"), max_length=40)
    nome = models.CharField(_("nome"), max_length=200)
    descrizione = models.TextField(_("descrizione"), blank=True)
    importo_mensile = models.DecimalField(_("importo mensile"), null=True, blank=True, **IMPORTO)
    importo_mensile_massimo = models.DecimalField(_("importo mensile massimo"), null=True, blank=True, **IMPORTO)
    importo_annuo_massimo = models.DecimalField(_("importo annuo massimo"), null=True, blank=True, **IMPORTO)
    importo_una_tantum_massimo = models.DecimalField(_("importo una tantum massimo"), null=True, blank=True,
                                                     **IMPORTO)
    percentuale_massima_costo = models.DecimalField(
        _("quota massima del costo (%)"), max_digits=5, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)])
    mesi = models.PositiveSmallIntegerField(_("mesi"), null=True, blank=True)
    # Amount graded by a parameter (e.g. contract hours): [{"da": 0, "a": 24, "importo": "400.00"}, …]
    fasce_importo = models.JSONField(_("importo per fasce"), default=list, blank=True)
    parametro_fasce = models.CharField(_("parametro delle fasce"), max_length=60, blank=True,
                                       help_text=_("Es. ore settimanali del contratto"))

    class Meta:
        verbose_name = _("strumento")
        verbose_name_plural = _("strumenti")
        ordering = ["edizione", "codice"]
        constraints = [models.UniqueConstraint(fields=["edizione", "codice"], name="misure_strumento_codice_unico")]

    def __str__(self) -> str:
        return self.nome


class ModalitaBando(models.TextChoices):
    ANNUALE = "annuale", _("Annuale, con una finestra")
    SPORTELLO = "sportello", _("A sportello, fino a esaurimento fondi")
    FINESTRE = "finestre", _("A finestre periodiche, con chiusura mensile")


class StatoBando(models.TextChoices):
    BOZZA = "bozza", _("Bozza")
    PUBBLICATO = "pubblicato", _("Pubblicato")
    CHIUSO = "chiuso", _("Chiuso")
    ARCHIVIATO = "archiviato", _("Archiviato")


class Bando(TenantModel):
    """A call of the Ambito for one edition of a measure."""

    edizione = models.ForeignKey(EdizioneMisura, on_delete=models.PROTECT, related_name="bandi",
                                 verbose_name=_("edizione"))
    titolo = models.CharField(_("titolo"), max_length=250)
    descrizione = models.TextField(_("descrizione"), blank=True)
    atto = models.ForeignKey("ambito.Atto", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("atto di approvazione"))
    modalita = models.CharField(_("modalità"), max_length=20, choices=ModalitaBando.choices,
                                default=ModalitaBando.ANNUALE)
    apertura = models.DateField(_("apertura"), null=True, blank=True)
    chiusura = models.DateField(_("chiusura"), null=True, blank=True)
    giorno_chiusura_mensile = models.PositiveSmallIntegerField(
        _("giorno di chiusura mensile"), null=True, blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(31)],
        help_text=_("Solo per i bandi a finestre: le domande fino a questo giorno entrano nella graduatoria del mese."))
    giorni_per_decidere = models.PositiveSmallIntegerField(_("giorni per concludere l'istruttoria"), default=30)
    stato = models.CharField(_("stato"), max_length=20, choices=StatoBando.choices, default=StatoBando.BOZZA)
    pubblicato_il = models.DateTimeField(_("pubblicato il"), null=True, blank=True)
    # Ranking configuration (graduatorie part).
    graduatoria_per = models.CharField(_("graduatorie"), max_length=20, default="unica",
                                       choices=[("unica", _("Una graduatoria per tutto il bando")),
                                                ("strumento", _("Una graduatoria per strumento"))])
    politica_finanziamento = models.CharField(
        _("politica di finanziamento"), max_length=20, default="ordine",
        choices=[("ordine", _("Ordine stretto")), ("riempimento", _("Riempimento"))])
    finanziamento_parziale = models.BooleanField(
        _("ultimo finanziato per meno mesi"), default=False,
        help_text=_("Con l'ordine stretto, il primo che non rientra è finanziato per i mesi che il budget copre."))
    giorni_pubblicazione = models.PositiveSmallIntegerField(_("giorni di pubblicazione della graduatoria"),
                                                            default=30, validators=[MinValueValidator(1)])

    class Meta:
        verbose_name = _("bando")
        verbose_name_plural = _("bandi")
        ordering = ["-apertura", "titolo"]
        constraints = [
            models.CheckConstraint(condition=Q(chiusura__isnull=True) | Q(apertura__isnull=True)
                                   | Q(chiusura__gte=models.F("apertura")),
                                   name="misure_bando_date_ordinate"),
        ]

    def __str__(self) -> str:
        return self.titolo


class StrumentoBando(TenantModel):
    """A strumento offered by a bando, with the amount per month and the months the bando grants."""

    bando = models.ForeignKey(Bando, on_delete=models.CASCADE, related_name="strumenti", verbose_name=_("bando"))
    strumento = models.ForeignKey(Strumento, on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("strumento"))
    importo_mensile = models.DecimalField(_("importo mensile"), null=True, blank=True, **IMPORTO)
    mesi = models.PositiveSmallIntegerField(_("mesi"), null=True, blank=True)
    # Ranking configuration (graduatorie part): budget of its own graduatoria and where its residues may go.
    budget_graduatoria = models.DecimalField(_("budget della graduatoria dello strumento"), null=True, blank=True,
                                             validators=[MinValueValidator(0)], **IMPORTO)
    residui_verso = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                      verbose_name=_("i residui vanno a"))

    class Meta:
        verbose_name = _("strumento del bando")
        verbose_name_plural = _("strumenti del bando")
        ordering = ["bando", "strumento__codice"]
        constraints = [models.UniqueConstraint(fields=["bando", "strumento"], name="misure_strumento_bando_unico")]

    def __str__(self) -> str:
        return str(self.strumento)


class DocumentoRichiesto(TenantModel):
    """A document the bando requires (for every domanda, or for one strumento only)."""

    bando = models.ForeignKey(Bando, on_delete=models.CASCADE, related_name="documenti_richiesti",
                              verbose_name=_("bando"))
    strumento = models.ForeignKey(StrumentoBando, null=True, blank=True, on_delete=models.CASCADE,
                                  related_name="documenti_richiesti", verbose_name=_("solo per lo strumento"))
    codice = models.SlugField(_("codice"), max_length=40)
    descrizione = models.CharField(_("descrizione"), max_length=250)
    obbligatorio = models.BooleanField(_("obbligatorio"), default=True)

    class Meta:
        verbose_name = _("documento richiesto")
        verbose_name_plural = _("documenti richiesti")
        ordering = ["bando", "codice"]
        constraints = [models.UniqueConstraint(fields=["bando", "codice"], name="misure_documento_codice_unico")]

    def __str__(self) -> str:
        return self.descrizione


class VersioneRegole(TenantModel):
    """One version of a bando's three rule sets (schema and evaluation in :mod:`misure.regole`).

    Editable while the bando is a draft; frozen (``congelata``) at publication. A change after publication
    is a new version approved by an act; each domanda keeps the version it was judged by.
    """

    bando = models.ForeignKey(Bando, on_delete=models.CASCADE, related_name="versioni_regole",
                              verbose_name=_("bando"))
    numero = models.PositiveSmallIntegerField(_("versione"))
    regole_ammissibilita = models.JSONField(_("requisiti di ammissibilità"), default=dict, blank=True)
    regole_punteggio = models.JSONField(_("criteri di punteggio"), default=dict, blank=True)
    regole_incompatibilita = models.JSONField(_("incompatibilità"), default=dict, blank=True)
    atto = models.ForeignKey("ambito.Atto", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("atto che approva la versione"))
    congelata = models.BooleanField(_("congelata"), default=False)
    in_vigore_dal = models.DateTimeField(_("in vigore dal"), null=True, blank=True)

    class Meta:
        verbose_name = _("versione delle regole")
        verbose_name_plural = _("versioni delle regole")
        ordering = ["bando", "-numero"]
        constraints = [models.UniqueConstraint(fields=["bando", "numero"], name="misure_versione_numero_unico")]

    def __str__(self) -> str:
        return f"{self.bando} — v{self.numero}"


class Sesso(models.TextChoices):
    F = "F", _("Femmina")
    M = "M", _("Maschio")


class Beneficiario(ComuneTenantModel):
    """A person, once per Ambito (unique codice fiscale); ``comune`` is the comune of residence."""

    codice_fiscale = models.CharField(_("codice fiscale"), max_length=16)
    cognome = models.CharField(_("cognome"), max_length=120)
    nome = models.CharField(_("nome"), max_length=120)
    sesso = models.CharField(_("sesso"), max_length=1, choices=Sesso.choices)
    data_nascita = models.DateField(_("data di nascita"))
    luogo_nascita_belfiore = models.CharField(_("codice catastale del luogo di nascita"), max_length=4)
    cittadinanza = models.CharField(_("cittadinanza"), max_length=80, default="italiana")
    residente_dal = models.DateField(_("residente dal"), null=True, blank=True)
    indirizzo = models.CharField(_("indirizzo di residenza"), max_length=250, blank=True)
    domicilio = models.CharField(_("domicilio, se diverso"), max_length=250, blank=True)
    telefono = models.CharField(_("telefono"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    caregiver_nome = models.CharField(_("caregiver familiare"), max_length=200, blank=True)
    caregiver_codice_fiscale = models.CharField(_("codice fiscale del caregiver"), max_length=16, blank=True)
    caregiver_relazione = models.CharField(_("relazione del caregiver"), max_length=80, blank=True)
    iban = models.CharField(_("IBAN"), max_length=34, blank=True)
    intestatario_iban = models.CharField(_("intestatario del conto"), max_length=200, blank=True)
    # Household members where a measure needs them: [{"cognome", "nome", "codice_fiscale", "relazione"}, …]
    nucleo_familiare = models.JSONField(_("componenti del nucleo familiare"), default=list, blank=True)
    anonimizzato_il = models.DateTimeField(_("anonimizzato il"), null=True, blank=True)

    class Meta:
        verbose_name = _("beneficiario")
        verbose_name_plural = _("beneficiari")
        ordering = ["cognome", "nome", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["ambito", "codice_fiscale"], name="misure_beneficiario_cf_unico"),
        ]

    def __str__(self) -> str:
        return f"{self.cognome} {self.nome}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("misure:beneficiario_detail", args=[self.ambito.slug, self.pk])


class TentativoDuplicato(TenantModel):
    """A user tried to register a codice fiscale another comune already registered: the office sees it."""

    codice_fiscale = models.CharField(_("codice fiscale"), max_length=16)
    beneficiario = models.ForeignKey(Beneficiario, on_delete=models.CASCADE, related_name="+",
                                     verbose_name=_("beneficiario già registrato"))
    comune_richiedente = models.ForeignKey("ambito.Comune", on_delete=models.PROTECT, related_name="+",
                                           verbose_name=_("comune di chi ha tentato"))
    utente = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("utente"))
    quando = models.DateTimeField(_("quando"), auto_now_add=True)
    gestito = models.BooleanField(_("gestito dall'Ufficio di Piano"), default=False)
    gestito_da = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("gestito da"))
    gestito_il = models.DateTimeField(_("gestito il"), null=True, blank=True)
    nota_gestione = models.TextField(_("nota dell'Ufficio di Piano"), blank=True)

    class Meta:
        verbose_name = _("tentativo di registrazione duplicata")
        verbose_name_plural = _("tentativi di registrazione duplicata")
        ordering = ["-quando"]


class AttestazioneISEE(TenantModel):
    """An ISEE attestation of a beneficiary (value, type, DSU protocol, validity) — sensitive, read-logged."""

    beneficiario = models.ForeignKey(Beneficiario, on_delete=models.CASCADE, related_name="attestazioni_isee",
                                     verbose_name=_("beneficiario"))
    # Field names unique in the project: the sensitive-data check (tests/audit) flags a declared name anywhere.
    tipo_isee = models.CharField(_("tipo di ISEE"), max_length=20, choices=TipoISEE.choices)
    valore_isee = models.DecimalField(_("valore ISEE"), validators=[MinValueValidator(0)], **IMPORTO)
    protocollo_dsu = models.CharField(_("protocollo DSU"), max_length=40, blank=True)
    anno_dsu = models.PositiveSmallIntegerField(_("anno della DSU"), null=True, blank=True)
    rilasciata_il = models.DateField(_("rilasciata il"))
    scade_il = models.DateField(_("scade il"))
    difforme = models.BooleanField(_("con omissioni o difformità"), default=False)

    objects = ScopedManager(ambito="ambito", comune="beneficiario__comune")

    campi_sensibili = {"tipo_isee": CategoriaSensibile.ISEE, "valore_isee": CategoriaSensibile.ISEE,
                       "protocollo_dsu": CategoriaSensibile.ISEE, "anno_dsu": CategoriaSensibile.ISEE,
                       "difforme": CategoriaSensibile.ISEE}

    def interessato_sensibile(self) -> str:
        return maschera_codice_fiscale(self.beneficiario.codice_fiscale)

    class Meta:
        verbose_name = _("attestazione ISEE")
        verbose_name_plural = _("attestazioni ISEE")
        ordering = ["-rilasciata_il", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(scade_il__gte=models.F("rilasciata_il")),
                                   name="misure_isee_date_ordinate"),
        ]


class TipoCertificazione(models.TextChoices):
    L104_C3 = "l104_c3", _("L.104/1992 art. 3 comma 3 (situazione di gravità)")
    L104_C1 = "l104_c1", _("L.104/1992 art. 3 comma 1")
    INVALIDITA = "invalidita", _("Invalidità civile")
    ACCOMPAGNAMENTO = "accompagnamento", _("Indennità di accompagnamento")
    NPI = "npi", _("Certificazione NPI")
    SENSORIALE = "sensoriale", _("Disabilità sensoriale")


class Certificazione(TenantModel):
    """A disability/health certification of a beneficiary — special-category data, read-logged."""

    beneficiario = models.ForeignKey(Beneficiario, on_delete=models.CASCADE, related_name="certificazioni",
                                     verbose_name=_("beneficiario"))
    tipo_certificazione = models.CharField(_("tipo"), max_length=20, choices=TipoCertificazione.choices)
    percentuale_invalidita = models.PositiveSmallIntegerField(
        _("percentuale di invalidità"), null=True, blank=True, validators=[MaxValueValidator(100)])
    data = models.DateField(_("data"))
    revisione_il = models.DateField(_("rivedibile il"), null=True, blank=True)
    note_certificazione = models.TextField(_("note"), blank=True)

    objects = ScopedManager(ambito="ambito", comune="beneficiario__comune")

    campi_sensibili = {"tipo_certificazione": CategoriaSensibile.DISABILITA,
                       "percentuale_invalidita": CategoriaSensibile.DISABILITA,
                       "revisione_il": CategoriaSensibile.DISABILITA,
                       "note_certificazione": CategoriaSensibile.SALUTE}

    def interessato_sensibile(self) -> str:
        return maschera_codice_fiscale(self.beneficiario.codice_fiscale)

    class Meta:
        verbose_name = _("certificazione")
        verbose_name_plural = _("certificazioni")
        ordering = ["-data", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(revisione_il__isnull=True) | Q(revisione_il__gte=models.F("data")),
                                   name="misure_certificazione_revisione_dopo"),
            models.CheckConstraint(condition=Q(percentuale_invalidita__isnull=True)
                                   | Q(percentuale_invalidita__lte=100),
                                   name="misure_certificazione_percentuale"),
        ]


class BeneficioEsterno(TenantModel):
    """A benefit or event declared for a beneficiary that rules may exclude (B1, HCP, RSA definitive admission…)."""

    beneficiario = models.ForeignKey(Beneficiario, on_delete=models.CASCADE, related_name="benefici_esterni",
                                     verbose_name=_("beneficiario"))
    codice = models.SlugField(_("codice"), max_length=40,
                              help_text=_("Es. b1, hcp, rsa_definitivo, rsa_aperta, provi_assistente"))
    descrizione = models.CharField(_("descrizione"), max_length=250, blank=True)
    dal = models.DateField(_("dal"))
    al = models.DateField(_("al"), null=True, blank=True)
    importo_mensile = models.DecimalField(_("importo mensile"), null=True, blank=True, **IMPORTO)
    costo_coperto = models.CharField(_("costo coperto"), max_length=120, blank=True,
                                     help_text=_("La voce di costo che il contributo copre (es. assistente familiare)"))

    objects = ScopedManager(ambito="ambito", comune="beneficiario__comune")

    class Meta:
        verbose_name = _("beneficio esterno dichiarato")
        verbose_name_plural = _("benefici esterni dichiarati")
        ordering = ["-dal", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(al__isnull=True) | Q(al__gte=models.F("dal")),
                                   name="misure_beneficio_esterno_date_ordinate"),
            models.CheckConstraint(condition=Q(importo_mensile__isnull=True) | Q(importo_mensile__gte=0),
                                   name="misure_beneficio_esterno_importo_positivo"),
        ]


class StatoDomanda(models.TextChoices):
    BOZZA = "bozza", _("Bozza")
    PRESENTATA = "presentata", _("Presentata (protocollata)")
    IN_ISTRUTTORIA = "in_istruttoria", _("In istruttoria")
    INTEGRAZIONE_RICHIESTA = "integrazione_richiesta", _("Integrazione richiesta")
    INTEGRATA = "integrata", _("Integrata")
    IN_SOSPESO = "in_sospeso", _("In sospeso (documenti mancanti)")
    AMMISSIBILE = "ammissibile", _("Ammissibile")
    NON_AMMISSIBILE = "non_ammissibile", _("Non ammissibile")
    # From the graduatorie issue on:
    FINANZIATA = "finanziata", _("Ammessa e finanziata")
    LISTA_ATTESA = "lista_attesa", _("Ammessa non finanziata (lista d'attesa)")
    ATTIVA = "attiva", _("Attiva")
    SOSPESA = "sospesa", _("Sospesa")
    CESSATA = "cessata", _("Cessata")
    RITIRATA = "ritirata", _("Ritirata")
    DECADUTA = "decaduta", _("Decaduta")


# Applications still being decided or running: at most one per beneficiary, bando and strumento.
STATI_APERTI = (StatoDomanda.BOZZA, StatoDomanda.PRESENTATA, StatoDomanda.IN_ISTRUTTORIA,
                StatoDomanda.INTEGRAZIONE_RICHIESTA, StatoDomanda.INTEGRATA, StatoDomanda.IN_SOSPESO,
                StatoDomanda.AMMISSIBILE, StatoDomanda.FINANZIATA, StatoDomanda.LISTA_ATTESA,
                StatoDomanda.ATTIVA, StatoDomanda.SOSPESA)


class ContatoreProtocollo(TenantModel):
    """The protocol counter of one Ambito and year: the row is locked to take the next number (gapless)."""

    anno = models.PositiveSmallIntegerField(_("anno"))
    ultimo = models.PositiveIntegerField(_("ultimo numero assegnato"), default=0)

    class Meta:
        verbose_name = _("contatore di protocollo")
        verbose_name_plural = _("contatori di protocollo")
        constraints = [models.UniqueConstraint(fields=["ambito", "anno"], name="misure_contatore_anno_unico")]


class Domanda(ComuneTenantModel):
    """An application for one bando and one strumento, for a beneficiary resident in ``comune``."""

    bando = models.ForeignKey(Bando, on_delete=models.PROTECT, related_name="domande", verbose_name=_("bando"))
    strumento = models.ForeignKey(StrumentoBando, on_delete=models.PROTECT, related_name="domande",
                                  verbose_name=_("strumento"))
    versione_regole = models.ForeignKey(VersioneRegole, null=True, blank=True, on_delete=models.PROTECT,
                                        related_name="domande", verbose_name=_("versione delle regole"))
    beneficiario = models.ForeignKey(Beneficiario, on_delete=models.PROTECT, related_name="domande",
                                     verbose_name=_("beneficiario"))
    assistente_sociale = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                           on_delete=models.PROTECT, related_name="+",
                                           verbose_name=_("assistente sociale"))
    stato = models.CharField(_("stato"), max_length=30, choices=StatoDomanda.choices, default=StatoDomanda.BOZZA)
    protocollo_anno = models.PositiveSmallIntegerField(_("anno di protocollo"), null=True, blank=True)
    protocollo_numero = models.PositiveIntegerField(_("numero di protocollo"), null=True, blank=True)
    presentata_il = models.DateTimeField(_("presentata il"), null=True, blank=True)
    protocollo_capofila = models.CharField(_("protocollo dell'ente capofila"), max_length=40, blank=True)
    data_protocollo_capofila = models.DateField(_("data del protocollo dell'ente capofila"), null=True, blank=True)
    # Declared data the rules read (typed; the ISEE and certifications records are the evidence).
    isee_tipo = models.CharField(_("tipo di ISEE dichiarato"), max_length=20, choices=TipoISEE.choices, blank=True)
    isee_valore = models.DecimalField(_("valore ISEE dichiarato"), null=True, blank=True,
                                      validators=[MinValueValidator(0)], **IMPORTO)
    isee_scadenza = models.DateField(_("scadenza dell'attestazione ISEE"), null=True, blank=True)
    l104_c3 = models.BooleanField(_("L.104 art. 3 c. 3"), null=True, blank=True)
    l104_c1 = models.BooleanField(_("L.104 art. 3 c. 1"), null=True, blank=True)
    indennita_accompagnamento = models.BooleanField(_("indennità di accompagnamento"), null=True, blank=True)
    invalidita_percentuale = models.PositiveSmallIntegerField(
        _("invalidità (%)"), null=True, blank=True, validators=[MaxValueValidator(100)])
    vive_al_domicilio = models.BooleanField(_("vive al proprio domicilio"), null=True, blank=True)
    condizioni = models.JSONField(_("condizioni dichiarate (sì/no)"), default=dict, blank=True)
    benefici_dichiarati = models.JSONField(_("altri benefici dichiarati"), default=list, blank=True)
    costo_effettivo_mensile = models.DecimalField(_("costo effettivo mensile"), null=True, blank=True,
                                                  validators=[MinValueValidator(0)], **IMPORTO)
    parametro_fasce = models.DecimalField(_("valore del parametro delle fasce"), max_digits=8, decimal_places=2,
                                          null=True, blank=True)
    # Outcome of the assessment.
    punteggio = models.DecimalField(_("punteggio"), max_digits=8, decimal_places=2, null=True, blank=True)
    punteggio_dettaglio = models.JSONField(_("dettaglio del punteggio"), default=list, blank=True)
    ammissibilita_forzata = models.BooleanField(_("ammissibilità decisa dall'ufficio"), null=True, blank=True)
    motivo_forzatura = models.TextField(_("motivo della decisione dell'ufficio"), blank=True)
    motivo_esito = models.TextField(_("motivazione dell'esito"), blank=True)
    # Procedure clock: the deadline moves by the days an integrazione was pending.
    scadenza_istruttoria = models.DateField(_("termine dell'istruttoria"), null=True, blank=True)
    giorni_sospensione = models.PositiveIntegerField(_("giorni di sospensione del termine"), default=0)
    sospesa_dal = models.DateField(_("termine sospeso dal"), null=True, blank=True)
    chiusa_il = models.DateTimeField(_("chiusa il"), null=True, blank=True)
    anonimizzata_il = models.DateTimeField(_("anonimizzata il"), null=True, blank=True)
    # Random pseudonymous code given at protocol, printed on the receipt; the only identifier ever published.
    codice_pubblico = models.CharField(_("codice pseudonimo"), max_length=12, blank=True, db_index=True)

    # Special-category data (GDPR art. 9, ISEE): shown only through ambito.audit.sensibili.leggi_sensibili (logged).
    campi_sensibili = {
        "isee_valore": CategoriaSensibile.ISEE,
        "isee_scadenza": CategoriaSensibile.ISEE,
        "l104_c3": CategoriaSensibile.DISABILITA,
        "l104_c1": CategoriaSensibile.DISABILITA,
        "indennita_accompagnamento": CategoriaSensibile.DISABILITA,
        "invalidita_percentuale": CategoriaSensibile.DISABILITA,
    }

    def interessato_sensibile(self) -> str:
        return _interessato_della_domanda(self)

    class Meta:
        verbose_name = _("domanda")
        verbose_name_plural = _("domande")
        ordering = ["-protocollo_anno", "-protocollo_numero", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["ambito", "protocollo_anno", "protocollo_numero"],
                                    name="misure_domanda_protocollo_unico"),
            models.UniqueConstraint(fields=["beneficiario", "bando", "strumento"],
                                    condition=Q(stato__in=[s.value for s in STATI_APERTI]),
                                    name="misure_domanda_una_aperta"),
            models.CheckConstraint(condition=Q(stato="bozza") | Q(protocollo_numero__isnull=False),
                                   name="misure_domanda_protocollata"),
        ]
        indexes = [models.Index(fields=["ambito", "bando", "stato"], name="misure_domanda_bando_stato"),
                   # the year's domande of the Ambito (rendicontazione's dashboards and returns, bench/rendicontazione)
                   models.Index(fields=["ambito", "presentata_il"], name="misure_domanda_presentata")]

    def __str__(self) -> str:
        if self.protocollo_numero:
            return f"{self.protocollo_numero}/{self.protocollo_anno}"
        return str(_("Bozza n. %(pk)s") % {"pk": self.pk})


def _interessato_della_domanda(domanda: Domanda) -> str:
    """How the sensitive-read log names the person: the masked codice fiscale, never the name."""
    codice = domanda.beneficiario.codice_fiscale if domanda.beneficiario_id else ""
    return f"***{codice[-5:]}" if codice else str(_("domanda n. %(pk)s") % {"pk": domanda.pk})


class EventoDomanda(TenantModel):
    """One step of a domanda's timeline: a change of state with who, when and why."""

    domanda = models.ForeignKey(Domanda, on_delete=models.CASCADE, related_name="eventi", verbose_name=_("domanda"))
    da_stato = models.CharField(_("da"), max_length=30, choices=StatoDomanda.choices, blank=True)
    a_stato = models.CharField(_("a"), max_length=30, choices=StatoDomanda.choices)
    quando = models.DateTimeField(_("quando"))
    utente = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+", verbose_name=_("utente"))
    motivo = models.TextField(_("motivo"), blank=True)

    objects = ScopedManager(ambito="ambito", comune="domanda__comune")

    class Meta:
        verbose_name = _("evento della domanda")
        verbose_name_plural = _("eventi della domanda")
        ordering = ["domanda", "quando", "pk"]


class TipoVerifica(models.TextChoices):
    AMMISSIBILITA = "ammissibilita", _("Requisito di ammissibilità")
    INCOMPATIBILITA = "incompatibilita", _("Incompatibilità")


class EsitoVerifica(models.TextChoices):
    SODDISFATTA = "soddisfatta", _("Soddisfatto")
    NON_SODDISFATTA = "non_soddisfatta", _("Non soddisfatto")
    DATI_MANCANTI = "dati_mancanti", _("Dati mancanti")


class EsitoRegola(TenantModel):
    """One line of the last eligibility or incompatibility evaluation of a domanda."""

    domanda = models.ForeignKey(Domanda, on_delete=models.CASCADE, related_name="esiti_regole",
                                verbose_name=_("domanda"))
    tipo = models.CharField(_("tipo"), max_length=20, choices=TipoVerifica.choices)
    codice = models.CharField(_("regola"), max_length=60)
    descrizione = models.CharField(_("descrizione"), max_length=300)
    esito = models.CharField(_("esito"), max_length=20, choices=EsitoVerifica.choices)
    dettaglio = models.CharField(_("dettaglio"), max_length=300, blank=True)
    valutata_il = models.DateTimeField(_("valutata il"))

    objects = ScopedManager(ambito="ambito", comune="domanda__comune")

    class Meta:
        verbose_name = _("esito di una regola")
        verbose_name_plural = _("esiti delle regole")
        ordering = ["domanda", "tipo", "pk"]


class StrumentoValutazione(models.TextChoices):
    ADL = "adl", _("ADL")
    IADL = "iadl", _("IADL")
    BARTHEL = "barthel", _("Indice di Barthel")
    SVAMA = "svama", _("SVAMA")
    ALTRO = "altro", _("Altra scala")


class AreaReddituale(models.TextChoices):
    """The SINA income area (``AreaRedditualeType`` of the SIUSS schema ``PS_PSA_SINA201812.xsd``)."""

    AUTONOMO = "1", _("Autonomo e in equilibrio finanziario")
    AIUTO = "2", _("Riceve aiuto da parenti e/o da altre persone")
    BISOGNO = "3", _("In condizione di bisogno economico e senza aiuti da parenti o altre persone")


class Valutazione(TenantModel):
    """A multidimensional assessment of a domanda, with the SINA dimensions (SIUSS layout) — sensitive."""

    domanda = models.ForeignKey(Domanda, on_delete=models.CASCADE, related_name="valutazioni",
                                verbose_name=_("domanda"))
    strumento = models.CharField(_("strumento di valutazione"), max_length=20, choices=StrumentoValutazione.choices)
    punteggio = models.DecimalField(_("punteggio"), max_digits=7, decimal_places=2)
    punteggio_massimo = models.DecimalField(_("punteggio massimo della scala"), max_digits=7, decimal_places=2,
                                            null=True, blank=True)
    data = models.DateField(_("data"))
    equipe = models.TextField(_("équipe (comune e ASST)"), blank=True)
    uvm_asst = models.BooleanField(_("valutazione multidimensionale con l'ASST (UVM)"), default=False)
    # SINA dimensions, each graded 1 (no need) … 4 (very high need).
    sina_mobilita = models.PositiveSmallIntegerField(_("mobilità"), null=True, blank=True)
    sina_attivita_quotidiane = models.PositiveSmallIntegerField(_("attività della vita quotidiana"), null=True,
                                                                blank=True)
    sina_disturbi_cognitivi = models.PositiveSmallIntegerField(_("disturbi cognitivi e comportamentali"),
                                                               null=True, blank=True)
    sina_bisogni_sanitari = models.PositiveSmallIntegerField(_("bisogni sanitari"), null=True, blank=True)
    sina_rete_supporto = models.PositiveSmallIntegerField(_("rete di supporto"), null=True, blank=True)
    # The income area of the SINA assessment, recorded with the XSD's own three codes (not a 1–4 grade).
    sina_area_reddituale = models.CharField(_("area reddituale"), max_length=1, choices=AreaReddituale.choices,
                                            blank=True)
    note = models.TextField(_("note"), blank=True)
    valutatore = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("valutatore"))

    # The scale and its score feed the criteria and stay visible to the office (the score alone names no
    # condition); the SINA dimensions and the équipe's account are health data, read through the log.
    campi_sensibili = {
        "equipe": CategoriaSensibile.SALUTE,
        "sina_mobilita": CategoriaSensibile.SALUTE, "sina_attivita_quotidiane": CategoriaSensibile.SALUTE,
        "sina_disturbi_cognitivi": CategoriaSensibile.SALUTE, "sina_bisogni_sanitari": CategoriaSensibile.SALUTE,
        "sina_rete_supporto": CategoriaSensibile.SALUTE, "sina_area_reddituale": CategoriaSensibile.SALUTE,
    }

    def interessato_sensibile(self) -> str:
        return _interessato_della_domanda(self.domanda)

    objects = ScopedManager(ambito="ambito", comune="domanda__comune")

    class Meta:
        verbose_name = _("valutazione")
        verbose_name_plural = _("valutazioni")
        ordering = ["domanda", "-data", "-pk"]


class ProgettoIndividuale(TenantModel):
    """The progetto individuale of a domanda; a revision points at the version it replaces."""

    domanda = models.ForeignKey(Domanda, on_delete=models.CASCADE, related_name="progetti",
                                verbose_name=_("domanda"))
    obiettivi_individuali = models.TextField(_("obiettivi"))
    interventi_individuali = models.TextField(_("interventi"))
    durata_mesi = models.PositiveSmallIntegerField(_("durata (mesi)"))
    firmato_il = models.DateField(_("sottoscritto il"), null=True, blank=True)
    revisione_di = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="revisioni", verbose_name=_("revisione di"))

    campi_sensibili = {"obiettivi_individuali": CategoriaSensibile.SALUTE,
                       "interventi_individuali": CategoriaSensibile.SALUTE}

    def interessato_sensibile(self) -> str:
        return _interessato_della_domanda(self.domanda)

    objects = ScopedManager(ambito="ambito", comune="domanda__comune")

    class Meta:
        verbose_name = _("progetto individuale")
        verbose_name_plural = _("progetti individuali")
        ordering = ["domanda", "-pk"]


from misure.erogazioni_models import *  # noqa: E402,F403
from misure.graduatorie_models import *  # noqa: E402,F403
