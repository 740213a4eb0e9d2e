"""Reading the audit trail: an object's change history and the log of reads of sensitive data.

* Changes: every tenant model derives from :class:`ambito.tenancy.models.TenantModel`, which carries
  django-simple-history; each save/delete writes a historical row with the actor (from the
  scope entry point), the time and the full state, so before/after is the diff of two
  consecutive rows (:func:`storia_oggetto`, :func:`storia_oggetto_leggibile` for a page).
* Reads of sensitive personal data are written by :func:`ambito.audit.services.registra_lettura_sensibile`
  and listed by :func:`accesso_sensibile_list`.
* Both kinds of rows are append-only (:func:`ambito.audit.services.install_append_only_triggers`).
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _lazy

from ambito.accounts.models import Utente
from ambito.audit.models import AccessoDatiSensibili
from ambito.errors import NonTrovato, uno
from ambito.formato import VUOTO, euro, percentuale
from ambito.tenancy.models import Ambito, TenantModel


@dataclass(frozen=True)
class Modifica:
    campo: str
    etichetta: str
    prima: Any
    dopo: Any


@dataclass(frozen=True)
class VoceStorico:
    quando: datetime
    chi: Utente | None
    azione: str  # "creazione", "modifica", "eliminazione"
    modifiche: list[Modifica]


_AZIONI = {"+": "creazione", "~": "modifica", "-": "eliminazione"}


def _istantanee_m2m(obj: models.Model, records: list[Any]) -> dict[str, dict[Any, list[dict[str, Any]]]]:
    """The audited many-to-many snapshots of every record, by field name and history id.

    One query per audited M2M field for the whole history (simple-history's ``diff_against`` would
    run two per pair of records). Rows are sorted like simple-history sorts them, so an unchanged
    set compares equal.
    """
    if not records:
        return {}
    istantanee: dict[str, dict[Any, list[dict[str, Any]]]] = {}
    for campo in getattr(records[0], "_history_m2m_fields", []):
        inverso = obj._meta.get_field(campo.name).m2m_reverse_field_name()
        modello = getattr(records[0], campo.name).model
        colonne = [f.name for f in modello._meta.fields
                   if f.editable and f.name not in ("id", "m2m_history_id", "history")]
        per_record: dict[Any, list[dict[str, Any]]] = defaultdict(list)
        righe = (modello._default_manager.filter(history__in=[r.pk for r in records])
                 .order_by(inverso).values("history_id", *colonne))
        for riga in righe:
            per_record[riga.pop("history_id")].append(riga)
        istantanee[campo.name] = per_record
    return istantanee


def storia_oggetto(obj: models.Model) -> list[VoceStorico]:
    """The history of one object, newest first, each entry with its field-by-field changes.

    A fixed number of queries whatever the length of the history (tests/audit/test_query_count.py).
    """
    records = list(obj.history.select_related("history_user").order_by("-history_date", "-history_id"))
    m2m = _istantanee_m2m(obj, records)
    voci = []
    for index, record in enumerate(records):
        precedente = records[index + 1] if index + 1 < len(records) else None
        modifiche = []
        if precedente is not None:
            cambi = [(c.field, c.old, c.new)
                     for c in record.diff_against(precedente, excluded_fields=list(m2m)).changes]
            for nome, per_record in m2m.items():
                prima, dopo = per_record.get(precedente.pk, []), per_record.get(record.pk, [])
                if prima != dopo:
                    cambi.append((nome, prima, dopo))
            for nome, prima, dopo in cambi:
                field = obj._meta.get_field(nome)
                modifiche.append(Modifica(nome, str(field.verbose_name), prima, dopo))
        voci.append(VoceStorico(record.history_date, record.history_user, _AZIONI[record.history_type],
                                modifiche))
    return voci


# --- Reading the trail: the history page and the sensitive-read log --------------------------

def modello_tenant(modello: str) -> type[models.Model] | None:
    """The tenant model named ``"app_label.modelname"``, or None (unknown, or not tenant data).

    Only subclasses of :class:`ambito.tenancy.models.TenantModel` qualify: they are scoped by Ambito and
    carry a history. Anything else (users, comuni, the logs themselves) has no tenant history page.
    """
    try:
        model = apps.get_model(modello)
    except (LookupError, ValueError):
        return None
    if not issubclass(model, TenantModel) or model._meta.abstract:
        return None
    return model


def oggetto_tenant_get(*, ambito: Ambito, modello: str, pk: int) -> models.Model:
    """One object of the tenant model ``modello``, looked up inside the current scope *and* filtered by Ambito,
    or :class:`~ambito.errors.NonTrovato`: an unknown model, or an object of another Ambito (or of another
    comune, for a restricted user), does not exist here."""
    messaggio = gettext("In questo Ambito non c'è un oggetto di questo tipo con questo numero.")
    model = modello_tenant(modello)
    if model is None:
        raise NonTrovato(messaggio)
    return uno(model._default_manager.filter(ambito=ambito), messaggio=messaggio, pk=pk)


def _oggetto_correlato(model: type[models.Model], pk: Any) -> str:
    trovato = model._default_manager.filter(pk=pk).first()
    return str(trovato) if trovato is not None else _eliminato(pk)


def _eliminato(pk: Any) -> str:
    return f"#{pk} ({gettext('eliminato')})"


def _ids_correlati(campo: models.Field, valore: Any) -> list[Any]:
    """The primary keys a stored value of a relation refers to (none for other fields)."""
    if valore is None or valore == "" or not campo.is_relation:
        return []
    if campo.many_to_many:
        inverso = campo.m2m_reverse_field_name()
        return [riga.get(inverso) if isinstance(riga, dict) else riga for riga in valore or []]
    return [valore]


class NomiCorrelati:
    """Names of the related objects a history refers to, loaded with one query per related model."""

    def __init__(self) -> None:
        self._richiesti: dict[type[models.Model], set[Any]] = defaultdict(set)
        self._nomi: dict[tuple[type[models.Model], Any], str] = {}

    def richiedi(self, campo: models.Field, valore: Any) -> None:
        for pk in _ids_correlati(campo, valore):
            if pk is not None:
                self._richiesti[campo.related_model].add(pk)

    def carica(self) -> None:
        for model, pks in self._richiesti.items():
            for trovato in model._default_manager.filter(pk__in=pks):
                self._nomi[(model, trovato.pk)] = str(trovato)
        self._richiesti.clear()

    def nome(self, model: type[models.Model], pk: Any) -> str:
        return self._nomi.get((model, pk)) or _eliminato(pk)


def valore_leggibile(campo: models.Field, valore: Any, nomi: NomiCorrelati | None = None) -> str:
    """A stored value as a user reads it: choice labels, Italian dates and numbers, related
    objects by name (ids of rows that no longer exist are shown as such). With ``nomi`` already
    loaded, related objects cost no query."""
    if valore is None or valore == "" or valore == [] or valore == {}:
        return VUOTO

    def nome(pk: Any) -> str:
        return nomi.nome(campo.related_model, pk) if nomi is not None else _oggetto_correlato(campo.related_model, pk)

    if campo.many_to_many:
        return ", ".join(nome(pk) for pk in _ids_correlati(campo, valore)) or VUOTO
    if campo.is_relation:
        return nome(valore)
    if campo.choices:
        return str(dict(campo.flatchoices).get(valore, valore))
    if isinstance(valore, bool):
        return gettext("Sì") if valore else gettext("No")
    if isinstance(valore, datetime):
        return formats.date_format(timezone.localtime(valore) if timezone.is_aware(valore) else valore,
                                   "d/m/Y H:i")
    if isinstance(valore, date):
        return formats.date_format(valore, "d/m/Y")
    if isinstance(valore, Decimal | int) and not isinstance(valore, bool):
        return _numero_leggibile(campo, valore)
    if isinstance(campo, models.FileField):
        return str(valore).rsplit("/", 1)[-1]
    if isinstance(valore, dict) and isinstance(valore.get("spiegazione"), list):
        return " ".join(str(riga) for riga in valore["spiegazione"])  # a vote's computation, in words
    if isinstance(valore, dict | list):
        testo = json.dumps(valore, ensure_ascii=False, default=str)
        return testo if len(testo) <= 300 else testo[:300] + "…"
    return str(valore)


def _numero_leggibile(campo: models.Field, valore: Decimal | int) -> str:
    """Years as 2025 (not 2.025), amounts as 1.234,50 €, percentages as 12,5%, other numbers grouped."""
    if isinstance(campo, models.IntegerField) and _ANNO.search(campo.name):
        return str(valore)
    if isinstance(campo, models.DecimalField) and "percentual" in campo.name:
        return percentuale(Decimal(valore))
    if isinstance(campo, models.DecimalField) and campo.decimal_places == 2:
        return euro(Decimal(valore))
    return formats.number_format(valore, use_l10n=True, force_grouping=True)


_ANNO = re.compile(r"anno|annualita|esercizio")
_CAMPI_NASCOSTI = {"id", "ambito"}


def storia_oggetto_leggibile(obj: models.Model) -> list[VoceStorico]:
    """:func:`storia_oggetto` with labels and values ready for a page (strings, Italian format).

    The creation entry lists the initial values (before = "—") so every value ever held shows up.
    """
    grezze = storia_oggetto(obj)
    creazione = obj.history.filter(history_type="+").order_by("history_date").first()
    iniziali_grezzi = []
    if creazione is not None and grezze and grezze[-1].azione == "creazione":
        iniziali_grezzi = [(campo, getattr(creazione, campo.attname, None)) for campo in obj._meta.concrete_fields
                           if campo.name not in _CAMPI_NASCOSTI and campo.editable]
    nomi = NomiCorrelati()
    for voce in grezze:
        for m in voce.modifiche:
            nomi.richiedi(obj._meta.get_field(m.campo), m.prima)
            nomi.richiedi(obj._meta.get_field(m.campo), m.dopo)
    for campo, valore in iniziali_grezzi:
        nomi.richiedi(campo, valore)
    nomi.carica()

    voci = []
    for voce in grezze:
        modifiche = [
            Modifica(m.campo, m.etichetta, valore_leggibile(obj._meta.get_field(m.campo), m.prima, nomi),
                     valore_leggibile(obj._meta.get_field(m.campo), m.dopo, nomi))
            for m in voce.modifiche
        ]
        voci.append(VoceStorico(voce.quando, voce.chi, voce.azione, modifiche))
    if iniziali_grezzi:
        iniziali = []
        for campo, valore_grezzo in iniziali_grezzi:
            valore = valore_leggibile(campo, valore_grezzo, nomi)
            if valore != VUOTO:
                iniziali.append(Modifica(campo.name, str(campo.verbose_name), VUOTO, valore))
        voci[-1] = VoceStorico(voci[-1].quando, voci[-1].chi, voci[-1].azione, iniziali)
    return voci


AZIONI_LEGGIBILI = {"creazione": _lazy("Creazione"), "modifica": _lazy("Modifica"),
                    "eliminazione": _lazy("Eliminazione")}


def accesso_sensibile_list(
    *, ambito: Ambito, utente: Utente | None = None, dal: date | None = None, al: date | None = None,
) -> models.QuerySet[AccessoDatiSensibili]:
    """The log of reads of sensitive data of one Ambito, newest first, optionally narrowed to one
    user and to a date interval (both ends included, dates in the Ambito's time zone)."""
    qs = AccessoDatiSensibili.objects.filter(ambito=ambito).select_related("utente", "content_type")
    if utente is not None:
        qs = qs.filter(utente=utente)
    if dal is not None:
        qs = qs.filter(avvenuto_il__date__gte=dal)
    if al is not None:
        qs = qs.filter(avvenuto_il__date__lte=al)
    return qs.order_by("-avvenuto_il", "-pk")


def utenti_negli_accessi(*, ambito: Ambito) -> models.QuerySet[Utente]:
    """Users who appear in the Ambito's sensitive-read log (former members included)."""
    ids = AccessoDatiSensibili.objects.filter(ambito=ambito).values("utente_id")
    return Utente.objects.filter(pk__in=ids).order_by("last_name", "first_name", "email")
