"""State changes of governance acts (issue #2, "Governance acts").

Rules enforced here, whatever the entry point (page, API, a domain module, the shell):

* an act is identified by type, number and date within its Ambito (``atto_numero_unico``);
  the adopting body must be one of the Ambito's collegial bodies;
* the act's document is an attachment (:mod:`ambito.allegati`, key ``documento``): a PDF, PDF/A or
  signed PDF (.p7m) by its content, at most ``settings.AMBITO_MAX_UPLOAD_MB``, in private storage under a
  random name, served only by permission-checked views that record who downloaded it; replacing it adds a
  version and keeps the previous one (:mod:`ambito.atti.documenti`);
* publication makes the act visible to the Assemblea, partners and assistenti sociali; it is
  recorded with its time and cannot be repeated;
* an act may approve objects of any module (:func:`atto_link`) but only objects of its own Ambito;
* publication in the public area (outside the login) is a second, explicit decision: requested by one person
  (:func:`atto_online_request`), approved by another (ambito.approvazioni), for a period with an end
  (:func:`atto_online_publish`); anyone holding ``ambito.atti.pubblicazione_online`` withdraws it at once.

Every change is saved through the model, so django-simple-history records who/when/before/after.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ambito import regole
from ambito.accounts.models import Utente
from ambito.allegati.services import documento_set, verifica_file
from ambito.approvazioni.models import RichiestaApprovazione
from ambito.approvazioni.services import richiesta_create
from ambito.atti import documenti
from ambito.atti.models import CHIAVE_DOCUMENTO, Atto, AttoCollegamento, TipoAtto
from ambito.errors import Conflitto, RegolaViolata
from ambito.tenancy.models import Ambito
from ambito.territorio.models import Ente

if TYPE_CHECKING:
    from ambito.organi.models import OrganoCollegiale

CAMPI_MODIFICABILI = ("tipo", "numero", "data", "oggetto", "organo", "ente_emittente")


def _valida(atto: Atto) -> None:
    """Field rules shared by creation and update (the caller has set the new values)."""
    if atto.tipo not in TipoAtto.values:
        raise RegolaViolata(_("Tipo di atto sconosciuto."), campo="tipo")
    atto.numero = (atto.numero or "").strip()
    if not atto.numero:
        raise RegolaViolata(_("Indica il numero dell'atto."), campo="numero")
    if not isinstance(atto.data, dt.date):
        raise RegolaViolata(_("Indica la data dell'atto."), campo="data")
    regole.data_atto(atto.data)
    atto.oggetto = (atto.oggetto or "").strip()
    if not atto.oggetto:
        raise RegolaViolata(_("Indica l'oggetto dell'atto."), campo="oggetto")
    if atto.organo is not None and atto.organo.ambito_id != atto.ambito_id:
        raise RegolaViolata(_("L'organo indicato non appartiene a questo Ambito."), campo="organo")
    duplicato = Atto.objects.filter(ambito_id=atto.ambito_id, tipo=atto.tipo, numero=atto.numero, data=atto.data)
    if atto.pk:
        duplicato = duplicato.exclude(pk=atto.pk)
    if duplicato.exists():
        raise RegolaViolata(
            _("Esiste già %(tipo)s n. %(numero)s del %(data)s.") % {
                "tipo": atto.get_tipo_display().lower(), "numero": atto.numero, "data": f"{atto.data:%d/%m/%Y}"},
            campo="numero", codice="atto_duplicato")


def _salva(atto: Atto, **kwargs: Any) -> None:
    try:
        with transaction.atomic():
            atto.save(**kwargs)
    except IntegrityError as exc:  # a concurrent request registered the same act meanwhile
        raise Conflitto(_("Un atto con lo stesso tipo, numero e data è stato appena registrato."),
                        campo="numero") from exc


@transaction.atomic
def atto_create(
    *, ambito: Ambito, actor: Utente | None, tipo: str, numero: str, data: dt.date, oggetto: str,
    organo: OrganoCollegiale | None = None, ente_emittente: Ente | None = None,
    allegato: UploadedFile | None = None,
) -> Atto:
    """Register an act (not yet published), optionally with its PDF."""
    atto = Atto(ambito=ambito, tipo=tipo, numero=numero, data=data, oggetto=oggetto, organo=organo,
                ente_emittente=ente_emittente)
    _valida(atto)
    if allegato is not None:
        verifica_file(allegato, regola=documenti.regola(), campo="allegato")
    _salva(atto)
    atto._documento = None  # a new act has no document yet
    if allegato is not None:
        _documento_set(atto, actor, allegato)
    return atto


def _documento_set(atto: Atto, actor: Utente | None, allegato: UploadedFile) -> None:
    """Attach or replace the act's document; the act returned to the caller knows its new version."""
    documento = documento_set(oggetto=atto, chiave=CHIAVE_DOCUMENTO, actor=actor, file=allegato,
                              titolo=_("Documento dell'atto"), campo="allegato")
    atto._documento = documento.versione_corrente


@transaction.atomic
def atto_update(*, atto: Atto, actor: Utente | None, allegato: UploadedFile | None = None, **campi: Any) -> Atto:
    """Change the given fields of an act (see ``CAMPI_MODIFICABILI``) and, if given, replace its document
    (a new version of the attachment: the previous one stays, downloadable). Nothing changes → no save,
    no history row."""
    sconosciuti = set(campi) - set(CAMPI_MODIFICABILI)
    if sconosciuti:
        raise TypeError(f"atto_update: not editable: {sorted(sconosciuti)}")
    if allegato is not None:
        verifica_file(allegato, regola=documenti.regola(), campo="allegato")
    atto = Atto.objects.select_for_update().get(pk=atto.pk, ambito_id=atto.ambito_id)
    cambiati = [nome for nome, valore in campi.items() if getattr(atto, nome) != valore]
    for nome in cambiati:
        setattr(atto, nome, campi[nome])
    if cambiati:
        _valida(atto)
        _salva(atto, update_fields=cambiati)
    if allegato is not None:
        _documento_set(atto, actor, allegato)
    return atto


def atto_allegato_set(*, atto: Atto, actor: Utente | None, allegato: UploadedFile) -> Atto:
    """Attach the act's document, or replace it with a new version (the previous one is kept)."""
    return atto_update(atto=atto, actor=actor, allegato=allegato)


@transaction.atomic
def atto_publish(*, atto: Atto, actor: Utente | None) -> Atto:
    """Publish an act: from now on the Assemblea, partners and assistenti sociali see it."""
    atto = Atto.objects.select_for_update().get(pk=atto.pk, ambito_id=atto.ambito_id)
    if atto.pubblicato:
        raise RegolaViolata(_("L'atto è già pubblicato."), codice="gia_pubblicato")
    atto.pubblicato = True
    atto.pubblicato_il = timezone.now()
    atto.save(update_fields=["pubblicato", "pubblicato_il"])
    return atto


@transaction.atomic
def atto_link(*, atto: Atto, actor: Utente | None, oggetto: models.Model, descrizione: str = "") -> AttoCollegamento:
    """Record that ``atto`` approves ``oggetto`` (a bando, a riparto, a graduatoria… of any module).

    The object must belong to the act's Ambito: objects of another Ambito, and shared data with no
    Ambito (comuni, enti), cannot be linked.
    """
    if oggetto.pk is None or getattr(oggetto, "ambito_id", None) != atto.ambito_id:
        raise RegolaViolata(_("Si possono collegare solo oggetti di questo Ambito."), campo="oggetto",
                            codice="oggetto_estraneo")
    if isinstance(oggetto, Atto) and oggetto.pk == atto.pk:
        raise RegolaViolata(_("Un atto non può approvare se stesso."), campo="oggetto")
    descrizione = (descrizione or "").strip()
    limite = AttoCollegamento._meta.get_field("descrizione").max_length
    if len(descrizione) > limite:  # refused, never cut: the caller may be another module's service
        raise RegolaViolata(_("La descrizione può avere al massimo %(limite)d caratteri (ne ha %(lunghezza)d).")
                            % {"limite": limite, "lunghezza": len(descrizione)}, campo="descrizione")
    ct = ContentType.objects.get_for_model(oggetto)
    if AttoCollegamento.objects.filter(atto=atto, content_type=ct, object_id=oggetto.pk).exists():
        raise RegolaViolata(_("L'oggetto è già collegato a questo atto."), campo="oggetto",
                            codice="gia_collegato")
    collegamento = AttoCollegamento(ambito_id=atto.ambito_id, atto=atto, content_type=ct, object_id=oggetto.pk,
                                    descrizione=descrizione)
    try:
        with transaction.atomic():
            collegamento.save()
    except IntegrityError as exc:
        raise Conflitto(_("L'oggetto è appena stato collegato a questo atto."), campo="oggetto") from exc
    return collegamento


@transaction.atomic
def atto_unlink(*, collegamento: AttoCollegamento, actor: Utente | None) -> None:
    """Remove a link (the history keeps it)."""
    collegamento.delete()


def prossimo_numero(*, ambito: Ambito, tipo: str, anno: int) -> str:
    """The next number of an act type in a year: 1 + the highest numeric number so far.

    Used for acts the platform produces itself (deliberazioni from a vote). Call it inside the
    transaction that creates the act, after locking the series (:func:`blocca_numerazione`).
    """
    numeri = Atto.objects.filter(ambito=ambito, tipo=tipo, data__year=anno).values_list("numero", flat=True)
    interi = [int(n) for n in numeri if n.isdigit()]
    return str(max(interi, default=0) + 1)


def blocca_numerazione(*, ambito: Ambito) -> None:
    """Serialise automatic numbering within one Ambito (row lock on the tenant itself)."""
    Ambito.objects.select_for_update().filter(pk=ambito.pk).first()


# --- Publication in the public area (/p/<slug>/atti/) ------------------------------------------------------

TIPO_APPROVAZIONE_PUBBLICAZIONE = "ambito.atti.pubblicazione_online"
DURATA_MASSIMA_ANNI = 5  # D.Lgs. 33/2013, art. 8 c. 3: five years from the January after publication


def _valida_periodo(atto: Atto, dal: dt.date | None, al: dt.date | None) -> None:
    """The publication period of an act: both dates, the end not before the start nor in the past, the start
    not before the act itself, at most five years (D.Lgs. 33/2013 art. 8 c. 3; the Garante's guidelines
    243/2014 want personal data online only for the time the law requires)."""
    if not isinstance(dal, dt.date):
        raise RegolaViolata(_("Indica da quando pubblicare l'atto."), campo="dal")
    if not isinstance(al, dt.date):
        raise RegolaViolata(_("Indica fino a quando pubblicare l'atto: la pubblicazione ha sempre una fine."),
                            campo="al")
    if dal < atto.data:
        raise RegolaViolata(_("La pubblicazione non può iniziare prima della data dell'atto (%(data)s).")
                            % {"data": f"{atto.data:%d/%m/%Y}"}, campo="dal")
    if al < dal:
        raise RegolaViolata(_("La fine della pubblicazione deve venire dopo l'inizio (%(dal)s).")
                            % {"dal": f"{dal:%d/%m/%Y}"}, campo="al")
    if al < timezone.localdate():
        raise RegolaViolata(_("La fine della pubblicazione è già passata: indica una data da oggi in poi."),
                            campo="al")
    try:
        limite = dal.replace(year=dal.year + DURATA_MASSIMA_ANNI)
    except ValueError:  # 29 February
        limite = dal.replace(year=dal.year + DURATA_MASSIMA_ANNI, day=28)
    if al > limite:
        raise RegolaViolata(_("Un atto resta pubblicato al massimo cinque anni (D.Lgs. 33/2013, art. 8): "
                              "fino al %(limite)s.") % {"limite": f"{limite:%d/%m/%Y}"}, campo="al")


def atto_online_request(*, atto: Atto, actor: Utente, dal: dt.date, al: dt.date) -> RichiestaApprovazione:
    """Ask to publish the act in the public area from ``dal`` to ``al``: an approval request that a second
    person holding ``ambito.atti.pubblicazione_online`` decides (ambito.approvazioni)."""
    _valida_periodo(atto, dal, al)
    return richiesta_create(
        ambito=atto.ambito, actor=actor, tipo=TIPO_APPROVAZIONE_PUBBLICAZIONE, oggetto=atto,
        descrizione=_("Pubblicazione nell'area pubblica: %(atto)s") % {"atto": atto},
        parametri={"dal": dal.isoformat(), "al": al.isoformat()})


@transaction.atomic
def atto_online_publish(*, atto: Atto, actor: Utente | None, dal: dt.date, al: dt.date) -> Atto:
    """Publish the act in the public area from ``dal`` to ``al`` (run on approval of the request; the act is
    also published inside the Ambito if it was not)."""
    atto = Atto.objects.select_for_update().get(pk=atto.pk, ambito_id=atto.ambito_id)
    _valida_periodo(atto, dal, al)
    atto.pubblicazione_dal, atto.pubblicazione_al = dal, al
    campi = ["pubblicazione_dal", "pubblicazione_al"]
    if not atto.pubblicato:
        atto.pubblicato, atto.pubblicato_il = True, timezone.now()
        campi += ["pubblicato", "pubblicato_il"]
    atto.save(update_fields=campi)
    return atto


@transaction.atomic
def atto_online_withdraw(*, atto: Atto, actor: Utente | None) -> Atto:
    """Take the act out of the public area now (the history keeps the period it was published)."""
    atto = Atto.objects.select_for_update().get(pk=atto.pk, ambito_id=atto.ambito_id)
    if atto.pubblicazione_dal is None:
        raise RegolaViolata(_("L'atto non è pubblicato nell'area pubblica."), codice="non_pubblicato_online")
    atto.pubblicazione_dal = atto.pubblicazione_al = None
    atto.save(update_fields=["pubblicazione_dal", "pubblicazione_al"])
    return atto
