"""Data returns (debiti informativi): each production of a return for a period (:class:`Invio`), who
downloaded it (:class:`ScaricamentoInvio`), and the per-Ambito mapping of local interventions to the
national and regional codes every return reads (:class:`VoceMappatura`)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from ambito.tenancy.models import TenantLogModel, TenantModel


class EsitoControlli(models.TextChoices):
    DA_ESEGUIRE = "da_eseguire", _("Controlli in corso")
    SUPERATI = "superati", _("Controlli superati")
    NON_SUPERATI = "non_superati", _("Controlli non superati")


class Invio(TenantModel):
    """One production of a registered return (``codice``, see :mod:`rendicontazione.registry`) for one period.

    The file is the result of ``job`` (private storage, exactly once). Before the file is written the return's
    checks run: their findings are kept in ``anomalie`` (one entry per row and field, with a link to the
    record to fix) and an error stops the job, so no file is offered. ``sintesi`` keeps the figures of the
    file keyed by row (only for aggregate returns), so a re-run shows what changed since the last *submitted*
    production and a return may refuse a decrease. Marking it submitted records the receipt
    (``protocollo``, and the receipt file among its attachments). An unsubmitted production superseded by a
    newer completed one of the same period loses its compact rows (``righe_rimosse_il``, see
    :func:`rendicontazione.services.righe_superate_delete`).
    """

    codice = models.CharField(_("debito informativo"), max_length=80)
    anno = models.PositiveSmallIntegerField(_("anno"))
    periodo = models.PositiveSmallIntegerField(_("periodo"), default=1,
                                               help_text=_("Trimestre (1–4), semestre (1–2) o 1 per l'anno."))
    parametri = models.JSONField(_("parametri"), default=dict, blank=True)
    formato = models.CharField(_("formato"), max_length=10)
    job = models.ForeignKey("ambito.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                            verbose_name=_("elaborazione"))
    prodotto_da = models.ForeignKey("ambito.Utente", null=True, on_delete=models.SET_NULL, related_name="+",
                                    verbose_name=_("prodotto da"))
    creato_il = models.DateTimeField(_("richiesto il"), auto_now_add=True)
    esito_controlli = models.CharField(_("controlli"), max_length=20, choices=EsitoControlli.choices,
                                       default=EsitoControlli.DA_ESEGUIRE)
    anomalie = models.JSONField(_("anomalie"), default=list, blank=True)
    sintesi = models.JSONField(_("sintesi del contenuto"), default=dict, blank=True)
    # False when the file had more rows than ``sintesi`` keeps: the comparisons then run on its RigaInvio rows.
    sintesi_completa = models.BooleanField(_("sintesi completa"), default=True)
    inviato_il = models.DateField(_("inviato il"), null=True, blank=True)
    inviato_da = models.ForeignKey("ambito.Utente", null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("segnato come inviato da"))
    protocollo = models.CharField(_("protocollo o ricevuta"), max_length=100, blank=True)
    note_invio = models.TextField(_("note"), blank=True, max_length=2000)
    # Set by the system's clean-up (services.righe_superate_delete) when a newer production of the same return and
    # period completed and this unsubmitted one's compact rows were deleted: it can no longer be compared, nor
    # become the reference of a comparison (it is not marked submitted).
    righe_rimosse_il = models.DateTimeField(_("righe compatte rimosse il"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("invio")
        verbose_name_plural = _("invii")
        ordering = ["-creato_il", "-pk"]
        indexes = [models.Index(fields=["ambito", "codice", "anno", "periodo"], name="rendic_invio_periodo")]

    def __str__(self) -> str:
        return f"{self.codice} {self.anno}/{self.periodo}"

    @property
    def inviato(self) -> bool:
        return self.inviato_il is not None


class ScaricamentoInvio(TenantLogModel):
    """Who downloaded which produced file, and when (a log: append only, not audited)."""

    invio = models.ForeignKey(Invio, on_delete=models.CASCADE, related_name="scaricamenti")
    utente = models.ForeignKey("ambito.Utente", null=True, on_delete=models.SET_NULL, related_name="+")
    scaricato_il = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-scaricato_il", "-pk"]


class RigaInvio(TenantLogModel):
    """The compact summary of one row of a keyed return's file (see :mod:`rendicontazione.sintesi_db`): its key, a
    64-bit digest of its values, the figures that may not decrease and the link to the record. A derived log
    (written in bulk by the job, never edited): not audited, listed in ``NOT_AUDITED``. Those of an unsubmitted
    production are deleted once a newer production of the same return and period completes (the Invio records it,
    audited: ``Invio.righe_rimosse_il``); those of a submitted one are kept."""

    invio = models.ForeignKey(Invio, on_delete=models.CASCADE, related_name="+")
    numero = models.PositiveIntegerField()
    chiave = models.TextField()
    impronta = models.BigIntegerField()
    cifre = models.JSONField(default=dict, blank=True)
    url = models.TextField(blank=True)

    class Meta:
        indexes = [models.Index(fields=["invio", "chiave"], name="rendic_riga_invio_chiave")]


class VoceMappatura(TenantModel):
    """One local intervention or strumento of the Ambito and the codes every return reads for it.

    ``tipo_oggetto`` names a kind of the mappable-objects registry (``fondi.quota``, ``fondi.destinazione``,
    ``locale`` for a free row; misure/piani/udos register theirs later) and ``chiave_oggetto`` the object
    within it (a quota's id, a destination's value). The codes are checked against the reference lists in
    ``rendicontazione/dati/`` by the service.
    """

    tipo_oggetto = models.CharField(_("tipo di oggetto"), max_length=60)
    chiave_oggetto = models.CharField(_("oggetto"), max_length=60, blank=True)
    descrizione = models.CharField(_("intervento locale"), max_length=250)
    siuss_codice_prestazione = models.CharField(_("SIUSS: codice prestazione"), max_length=10, blank=True)
    siuss_area_utenza = models.CharField(_("SIUSS: area utenza"), max_length=1, blank=True)
    istat_area = models.CharField(_("ISTAT: area di utenza"), max_length=10, blank=True)
    istat_servizio = models.CharField(_("ISTAT: servizio"), max_length=20, blank=True)
    voce_regionale = models.CharField(_("voce di spesa regionale"), max_length=40, blank=True)
    macroarea_pdz = models.CharField(_("macro-area del Piano di Zona"), max_length=10, blank=True)
    # The regional monitoring of two measures (issue 20): the Dopo di Noi intervention code (A, B1, B2, C1, C2, D,
    # E) and the FNA B2 strumento code of the Region's quarterly monitoring (BCF, BAF…); lists in ``dati/``.
    ddn_intervento = models.CharField(_("Dopo di Noi: codice intervento"), max_length=4, blank=True)
    b2_strumento = models.CharField(_("FNA B2: strumento nel monitoraggio regionale"), max_length=10, blank=True)
    # The SIUSS three-digit code of a citizenship, the State's numeric code (ISO 3166-1, as INPS's example flow:
    # kind ``misure.cittadinanza``, the key is the citizenship as recorded on the Ambito's beneficiaries, normalised);
    # Italian is 380 without a row.
    codice_cittadinanza = models.CharField(_("SIUSS: codice cittadinanza"), max_length=3, blank=True)

    class Meta:
        verbose_name = _("voce di mappatura")
        verbose_name_plural = _("mappatura dei codici")
        ordering = ["tipo_oggetto", "descrizione", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["ambito", "tipo_oggetto", "chiave_oggetto"],
                                    condition=~models.Q(chiave_oggetto=""), name="rendic_mappatura_oggetto_unico"),
        ]

    def __str__(self) -> str:
        return self.descrizione


class StatistichePubbliche(TenantModel):
    """The Ambito's choice to publish the aggregate figures of the measures dashboard in its public area, without
    login (``/p/<slug>/statistiche/``, ``noindex``, small counts suppressed). Off until the office switches it on;
    one row per Ambito."""

    attiva = models.BooleanField(_("pubblica le statistiche delle misure"), default=False)

    class Meta:
        verbose_name = _("pubblicazione delle statistiche")
        verbose_name_plural = _("pubblicazione delle statistiche")
        constraints = [models.UniqueConstraint(fields=["ambito"], name="rendic_statistiche_pubbliche_una")]

    def __str__(self) -> str:
        return str(self.attiva)


class TermineDebito(TenantModel):
    """The Ambito's own deadline for a return: ``giorni`` after the end of each period (the ATS or the Region may
    set a term other than the return's default ``giorni_scadenza``)."""

    codice = models.CharField(_("debito informativo"), max_length=80)
    giorni = models.PositiveSmallIntegerField(_("giorni dopo la fine del periodo"))
    note = models.CharField(_("riferimento"), max_length=250, blank=True,
                            help_text=_("La nota o l'atto che fissa il termine."))

    class Meta:
        verbose_name = _("termine di un debito informativo")
        verbose_name_plural = _("termini dei debiti informativi")
        constraints = [models.UniqueConstraint(fields=["ambito", "codice"], name="rendic_termine_unico")]

    def __str__(self) -> str:
        return f"{self.codice}: {self.giorni}"


class AvvisoScadenzaISEE(TenantLogModel):
    """An ISEE-expiry warning sent to a social worker for one attestation and expiry date (a log: once each).

    The unique constraint is what makes the daily beat run idempotent: a second run (or two workers at once)
    finds the row and sends nothing. A renewed attestation (another row, another date) gets its own warning."""

    attestazione = models.ForeignKey("misure.AttestazioneISEE", on_delete=models.CASCADE, related_name="+")
    scade_il = models.DateField()
    destinatario = models.ForeignKey("ambito.Utente", on_delete=models.CASCADE, related_name="+")
    inviato_il = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["attestazione", "scade_il", "destinatario"],
                                               name="rendic_avviso_isee_unico")]


class ConfigurazioneWaaS(TenantModel):
    """The Ambito's SIUSS settings: who it is for INPS (the ente's code, its seat, the operator's codice fiscale: the
    ``Ente`` block of every flow) and how INPS authenticates when it pulls the flows through the WaaS API.

    Authentication: a PDND voucher (a JWT signed by PDND, checked against ``pdnd_chiave_pubblica`` and
    ``pdnd_audience``) or, where the PDND e-service is not set up yet (and in the tests), a bearer token of which
    only the SHA-256 is kept. The Ambito of a WaaS request is the one whose configuration the credential matches:
    never a value of the request.
    """

    codice_ente = models.CharField(_("codice dell'ente presso l'INPS"), max_length=32)
    belfiore_ente = models.CharField(_("codice catastale della sede dell'ente"), max_length=4)
    cf_operatore = models.CharField(_("codice fiscale dell'operatore"), max_length=16)
    denominazione_ente = models.CharField(_("denominazione dell'ente"), max_length=100, blank=True)
    attivo = models.BooleanField(_("API WaaS attiva"), default=True)
    token_sha256 = models.CharField(_("impronta del token di accesso"), max_length=64, blank=True)
    pdnd_chiave_pubblica = models.TextField(_("chiave pubblica PDND (PEM)"), blank=True)
    pdnd_audience = models.CharField(_("audience del voucher PDND"), max_length=250, blank=True)
    pdnd_issuer = models.CharField(_("emittente del voucher PDND"), max_length=250, blank=True)

    class Meta:
        verbose_name = _("configurazione SIUSS e WaaS")
        verbose_name_plural = _("configurazioni SIUSS e WaaS")
        constraints = [
            models.UniqueConstraint(fields=["ambito"], name="rendic_waas_una_per_ambito"),
            models.UniqueConstraint(fields=["token_sha256"], condition=~models.Q(token_sha256=""),
                                    name="rendic_waas_token_unico"),
            models.UniqueConstraint(fields=["pdnd_audience"], condition=~models.Q(pdnd_audience=""),
                                    name="rendic_waas_audience_unica"),
        ]

    def __str__(self) -> str:
        return self.denominazione_ente or self.codice_ente


class StatoFlusso(models.TextChoices):
    OFFERTO = "offerto", _("Offerto all'INPS")
    SCARTATO = "scartato", _("Non costruibile (dati da correggere)")


class FlussoWaaS(TenantModel):
    """One single-record SIUSS flow (one beneficiary, one benefit event) of the WaaS feed, built from one event of
    misure's SIUSS outbox (``evento_id``; a plain id: the outbox belongs to misure) and offered once with its own
    timestamp ``ts_ms`` (strictly increasing per Ambito: INPS pages with ``since``). A flow that cannot be built
    (unmapped strumento, missing DSU protocol, invalid against the XSD) is kept *scartato* with its errors and
    retried at the next pull. INPS's outcome is stored on the flow (``codice_esito``…), its history kept."""

    evento_id = models.PositiveBigIntegerField(_("evento del SIUSS"))
    evento_creato_il = models.DateTimeField(_("evento registrato il"))
    beneficiario_id = models.PositiveBigIntegerField(_("beneficiario"), db_index=True)
    chiave = models.CharField(_("chiave dell'evento"), max_length=80)
    tipo_operazione = models.CharField(_("operazione"), max_length=1,
                                       choices=[("I", _("Inserimento")), ("C", _("Cancellazione"))])
    stato = models.CharField(_("stato"), max_length=20, choices=StatoFlusso.choices)
    errori = models.JSONField(_("errori"), default=list, blank=True)
    id_flusso = models.CharField(_("identificativo del flusso"), max_length=64, blank=True)
    ts_ms = models.BigIntegerField(_("timestamp del flusso (ms)"), null=True, blank=True)
    xml = models.TextField(_("flusso XML"), blank=True)
    creato_il = models.DateTimeField(_("creato il"), auto_now_add=True)
    codice_esito = models.CharField(_("esito INPS"), max_length=30, blank=True)
    descrizione_esito = models.TextField(_("dettaglio dell'esito"), blank=True)
    id_acquisizione_siuss = models.CharField(_("codice di acquisizione SIUSS"), max_length=64, blank=True)
    ts_acquisizione = models.DateTimeField(_("acquisito dall'INPS il"), null=True, blank=True)
    esito_ricevuto_il = models.DateTimeField(_("esito ricevuto il"), null=True, blank=True)

    class Meta:
        verbose_name = _("flusso WaaS")
        verbose_name_plural = _("flussi WaaS")
        ordering = ["ts_ms", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["ambito", "evento_id", "tipo_operazione"],
                                    name="rendic_flusso_evento_operazione"),
            models.UniqueConstraint(fields=["ambito", "ts_ms"], name="rendic_flusso_ts_unico"),
            models.UniqueConstraint(fields=["ambito", "id_flusso"], condition=~models.Q(id_flusso=""),
                                    name="rendic_flusso_id_unico"),
            models.CheckConstraint(condition=models.Q(stato="scartato") | models.Q(ts_ms__isnull=False),
                                   name="rendic_flusso_offerto_con_ts"),
        ]
        indexes = [models.Index(fields=["ambito", "stato", "ts_ms"], name="rendic_flusso_stato_ts")]

    def __str__(self) -> str:
        return self.id_flusso or self.chiave


class EsitoWaaSNonAbbinato(TenantModel):
    """An outcome INPS posted (``POST /esiti``) for a flow identifier this Ambito never offered: kept with INPS's raw
    fields so the office sees it on the SIUSS page (the API still answers 204, as the OpenAPI says). The same
    outcome posted again (INPS retries a notification it thinks undelivered) is stored once."""

    id_flusso = models.CharField(_("identificativo del flusso"), max_length=250)
    tipo = models.CharField(_("tipo di flusso"), max_length=20)
    ts_flusso = models.DateTimeField(_("timestamp del flusso"))
    ts_acquisizione = models.DateTimeField(_("acquisito dall'INPS il"))
    codice_esito = models.CharField(_("esito INPS"), max_length=30)
    descrizione_esito = models.TextField(_("dettaglio dell'esito"), blank=True)
    id_acquisizione_siuss = models.TextField(_("codice di acquisizione SIUSS"), blank=True)
    ricevuto_il = models.DateTimeField(_("ricevuto il"), auto_now_add=True)

    class Meta:
        verbose_name = _("esito WaaS non abbinato")
        verbose_name_plural = _("esiti WaaS non abbinati")
        ordering = ["-ricevuto_il", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["ambito", "id_flusso", "codice_esito", "ts_acquisizione"],
                                    name="rendic_esito_ignoto_unico"),
        ]

    def __str__(self) -> str:
        return f"{self.id_flusso}: {self.codice_esito}"
