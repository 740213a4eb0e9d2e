"""Sensitive personal data, enforced: models declare their sensitive fields, and reading them for display or
export goes through one path that logs the read.

**Declaring.** A model lists its sensitive fields and their category (GDPR art. 9 health data, disability,
ISEE, minors' data), and may say how to name the person the data are about (masked)::

    class Domanda(ComuneTenantModel):
        isee_valore = models.DecimalField(...)
        certificazione_invalidita = models.TextField(...)
        campi_sensibili = {"isee_valore": CategoriaSensibile.ISEE,
                           "certificazione_invalidita": CategoriaSensibile.DISABILITA}

        def interessato_sensibile(self) -> str:
            return maschera_codice_fiscale(self.codice_fiscale)

**Reading.** :func:`leggi_sensibili` (one object) and :func:`leggi_sensibili_elenco` (a list, e.g. an export)
write one row per object to the access log (:class:`ambito.audit.models.AccessoDatiSensibili`: who, when,
which object and person, which fields, why) and return :class:`DatiSensibili`, a read-only holder of just
the fields read. Templates, serializers and exporters read sensitive fields only from it, from a variable
whose name ends in ``sensibili`` (``{{ sensibili.isee_valore }}``, ``dati_sensibili.diagnosi``); a conventions
test (``tests/audit/test_sensibili.py``) scans templates, serializers, API views, views, exporters and jobs
and fails on any other read of a declared field. Services that *compute* with such data (a ranking by ISEE)
read the model directly: they show nothing. A set-based selector that fetched the values with its rows (a
file of a million rows) passes them, with each record's key and person, to :func:`leggi_sensibili_righe`: the
same log rows, no model instance per record; an export reading chunk after chunk keeps one
:class:`RegistroLetture` for the whole file (its log rows written in few large statements).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any, NamedTuple

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError, connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ambito.accounts.models import Utente
from ambito.audit.models import AccessoDatiSensibili


class CategoriaSensibile(models.TextChoices):
    # Short labels: the log joins them in one column ("salute, ISEE"), all four fit.
    SALUTE = "salute", _("salute")
    DISABILITA = "disabilita", _("disabilità")
    ISEE = "isee", _("ISEE")
    MINORI = "minori", _("dati di minori")


def campi_sensibili(modello: type[models.Model] | models.Model) -> dict[str, str]:
    """The sensitive fields a model declares (field name → category), empty when it declares none."""
    return dict(getattr(modello, "campi_sensibili", None) or {})


def modelli_sensibili() -> dict[type[models.Model], dict[str, str]]:
    """Every installed model that declares sensitive fields, with them; a declared field that does not exist
    or an unknown category is a programming error and raises at once."""
    trovati = {}
    for modello in apps.get_models():
        campi = campi_sensibili(modello)
        if not campi or modello.__name__.startswith("Historical"):
            continue
        for nome, categoria in campi.items():
            modello._meta.get_field(nome)  # FieldDoesNotExist on a typo
            if categoria not in CategoriaSensibile.values:
                raise ValueError(f"{modello._meta.label}.campi_sensibili[{nome!r}]: unknown category {categoria!r}")
        trovati[modello] = campi
    return trovati


class DatiSensibili:
    """The sensitive fields of one object that were read through :func:`leggi_sensibili` (and logged).

    Read-only; ``dati.isee_valore`` and ``dati["isee_valore"]`` (templates) give a field read, anything else
    is an error: a field not read was not logged. Code reading many records uses ``dati["isee_valore"]``: an
    attribute is found only after Python's own lookup failed, an exception each time (microseconds, not
    nanoseconds).
    """

    __slots__ = ("_valori", "pk")

    def __init__(self, oggetto: models.Model, valori: dict[str, Any]) -> None:
        object.__setattr__(self, "_valori", dict(valori))
        object.__setattr__(self, "pk", oggetto.pk)

    @classmethod
    def di(cls, pk: Any, valori: dict[str, Any]) -> DatiSensibili:
        """The holder of values read in bulk (:func:`leggi_sensibili_righe`), without a model instance. It keeps
        ``valori`` itself (the reads' own dict, built for it), not a copy."""
        dati = cls.__new__(cls)
        object.__setattr__(dati, "_valori", valori)
        object.__setattr__(dati, "pk", pk)
        return dati

    def valori(self) -> dict[str, Any]:
        """The fields read and their values, as a new plain dict (code reading them many times)."""
        return dict(self._valori)

    def __getattr__(self, nome: str) -> Any:
        try:
            return self._valori[nome]
        except KeyError:
            raise AttributeError(f"{nome!r} was not read through leggi_sensibili") from None

    def __getitem__(self, nome: str) -> Any:
        return self._valori[nome]

    def __setattr__(self, nome: str, valore: Any) -> None:
        raise AttributeError("DatiSensibili is read-only")

    def __iter__(self) -> Iterator[tuple[str, Any]]:
        return iter(self._valori.items())

    def __repr__(self) -> str:
        return f"<DatiSensibili pk={self.pk} campi={sorted(self._valori)}>"


def _campi_da_leggere(oggetto: models.Model | type[models.Model], campi: Iterable[str] | None) -> dict[str, str]:
    dichiarati = campi_sensibili(oggetto)
    if not dichiarati:
        raise ValueError(f"{oggetto._meta.label} declares no sensitive fields")
    if campi is None:
        return dichiarati
    richiesti = list(campi)
    sconosciuti = set(richiesti) - set(dichiarati)
    if sconosciuti or not richiesti:
        raise ValueError(f"not sensitive fields of {oggetto._meta.label}: {sorted(sconosciuti) or 'none asked'}")
    return {nome: dichiarati[nome] for nome in richiesti}


def _interessato(oggetto: models.Model) -> str:
    descrivi = getattr(oggetto, "interessato_sensibile", None)
    if callable(descrivi):
        return str(descrivi())[:250]
    return f"{oggetto._meta.verbose_name} n. {oggetto.pk}"


def _riga(oggetto: models.Model, campi: dict[str, str], utente: Utente | None, motivo: str,
          indirizzo_ip: str | None, sistema: str = "") -> AccessoDatiSensibili:
    etichette = dict(CategoriaSensibile.choices)
    categorie = [c for c in CategoriaSensibile.values if c in set(campi.values())]
    return AccessoDatiSensibili(
        ambito_id=oggetto.ambito_id, utente=utente, utente_email=utente.email if utente is not None else sistema,
        content_type=ContentType.objects.get_for_model(oggetto), object_id=str(oggetto.pk),
        interessato=_interessato(oggetto), categoria=", ".join(str(etichette[c]) for c in categorie),
        campi=list(campi), contesto=motivo[:250], indirizzo_ip=indirizzo_ip,
    )


def _motivo(motivo: str) -> str:
    motivo = (motivo or "").strip()
    if not motivo:
        raise ValueError("leggi_sensibili needs the reason of the read (e.g. 'scheda della domanda')")
    return motivo


def leggi_sensibili(
    oggetto: models.Model, *, utente: Utente, motivo: str, campi: Iterable[str] | None = None,
    indirizzo_ip: str | None = None,
) -> DatiSensibili:
    """Read the sensitive fields of ``oggetto`` (all declared ones, or ``campi``) for ``utente`` and log it:
    one row with who, when, which object and person, which fields, and ``motivo`` (the page or export)."""
    da_leggere = _campi_da_leggere(oggetto, campi)
    _riga(oggetto, da_leggere, utente, _motivo(motivo), indirizzo_ip).save()
    return DatiSensibili(oggetto, {nome: getattr(oggetto, nome) for nome in da_leggere})


@transaction.atomic
def leggi_sensibili_elenco(
    oggetti: Iterable[models.Model], *, utente: Utente | None, motivo: str, campi: Iterable[str] | None = None,
    indirizzo_ip: str | None = None, sistema: str = "",
) -> list[DatiSensibili]:
    """:func:`leggi_sensibili` for a list (a report, an export): one log row per object, written together.

    ``utente`` None is a read by an external system on the Ambito's behalf (INPS pulling the SIUSS flows through
    the WaaS API, authenticated by the Ambito's credential): ``sistema`` then names it in the log (required)."""
    if utente is None and not sistema.strip():
        raise ValueError("a read without a user must name the system that reads (sistema=...)")
    motivo = _motivo(motivo)[:250]
    campi = list(campi) if campi is not None else None
    letti: list[DatiSensibili] = []
    # Log rows grouped by (content type, fields, category): per group one INSERT of column arrays (below).
    gruppi: dict[tuple[int, tuple[str, ...], str], tuple[list[int], list[str], list[str]]] = {}
    categorie: dict[frozenset[str], str] = {}  # the category label of a set of fields, computed once
    for oggetto in oggetti:
        da_leggere = _campi_da_leggere(oggetto, campi)
        valori = frozenset(da_leggere.values())
        if valori not in categorie:
            categorie[valori] = _categoria(valori)
        chiave = (ContentType.objects.get_for_model(oggetto).pk, tuple(da_leggere), categorie[valori])
        ambiti, oggetti_id, interessati = gruppi.setdefault(chiave, ([], [], []))
        ambiti.append(oggetto.ambito_id)
        oggetti_id.append(str(oggetto.pk))
        interessati.append(_interessato(oggetto))
        letti.append(DatiSensibili(oggetto, {nome: getattr(oggetto, nome) for nome in da_leggere}))
    for (tipo, nomi, categoria), colonne in gruppi.items():
        _scrivi_registro(tipo, list(nomi), categoria, *colonne, utente=utente, sistema=sistema, motivo=motivo,
                         indirizzo_ip=indirizzo_ip)
    return letti


class Lettura(NamedTuple):
    """One record whose sensitive values a set-based selector fetched with its rows (an export of a million rows
    cannot afford a model instance per record): the Ambito and key of the record, the person it is about (masked,
    as :meth:`interessato_sensibile` names them), and the values. A named tuple: built for every record of a
    file, at a fraction of a dataclass's cost."""

    ambito_id: int
    pk: Any
    interessato: str
    valori: dict[str, Any]


@transaction.atomic
def leggi_sensibili_righe(
    modello: type[models.Model], letture: Iterable[Lettura], *, utente: Utente | None, motivo: str,
    campi: Iterable[str], indirizzo_ip: str | None = None, sistema: str = "",
) -> list[DatiSensibili]:
    """:func:`leggi_sensibili_elenco` for values a selector already fetched in bulk: the same log rows (one per
    record, one ``INSERT`` for all), no model instance. ``valori`` of each :class:`Lettura` must hold exactly
    ``campi`` (declared sensitive fields of ``modello``); the values come back as :class:`DatiSensibili` in the
    same order, the only way the caller may show them. A long export reading in chunks uses
    :class:`RegistroLetture` instead (fewer, larger ``INSERT`` statements)."""
    with RegistroLetture(utente=utente, motivo=motivo, sistema=sistema, indirizzo_ip=indirizzo_ip) as registro:
        return registro.leggi(modello, letture, campi=campi)


class RegistroLetture:
    """The sensitive reads of one long export (a file of a million rows read in chunks), logged in few statements.

    :meth:`leggi` is :func:`leggi_sensibili_righe`: it checks the reads and hands the values back at once, as
    :class:`DatiSensibili`; their log rows (the same rows) are kept and written every :attr:`righe_per_insert` rows
    of a kind, and all when the ``with`` block ends — also when it ends with an error, unless the database itself
    failed (its transaction is then lost, log rows with it). Each ``INSERT`` of the log has a fixed cost (planning,
    the same-Ambito check of the whole statement) that one per chunk paid again and again. Memory stays bounded by
    ``righe_per_insert``. A log row's time is when its batch was written: seconds after the read, in the same
    transaction when there is one::

        with RegistroLetture(utente=utente, motivo="debito informativo SIUSS") as registro:
            for blocco in blocchi:
                dsu = registro.leggi(AttestazioneISEE, letture_di(blocco), campi=CAMPI_DSU)
    """

    RIGHE_PER_INSERT = 5_000

    def __init__(self, *, utente: Utente | None, motivo: str, sistema: str = "", indirizzo_ip: str | None = None,
                 righe_per_insert: int | None = None) -> None:
        if utente is None and not sistema.strip():
            raise ValueError("a read without a user must name the system that reads (sistema=...)")
        self.utente = utente
        self.motivo = _motivo(motivo)[:250]
        self.sistema = sistema
        self.indirizzo_ip = indirizzo_ip
        self.righe_per_insert = righe_per_insert or self.RIGHE_PER_INSERT
        # Per kind of read (content type, fields, category): the log rows' columns not written yet.
        self._in_attesa: dict[tuple[int, tuple[str, ...], str], tuple[list[int], list[str], list[str]]] = {}

    def __enter__(self) -> RegistroLetture:
        return self

    def __exit__(self, tipo: type[BaseException] | None, errore: BaseException | None, traccia: Any) -> None:
        if tipo is None or not issubclass(tipo, DatabaseError):
            self.scrivi()

    def leggi(self, modello: type[models.Model], letture: Iterable[Lettura], *, campi: Iterable[str]
              ) -> list[DatiSensibili]:
        """The values of ``letture`` (each must hold exactly ``campi``, declared sensitive fields of ``modello``)
        as :class:`DatiSensibili`, in the same order; their log rows are written with the batch."""
        da_leggere = _campi_da_leggere(modello, campi)
        nomi = list(da_leggere)
        attesi = set(nomi)
        chiave = (ContentType.objects.get_for_model(modello).pk, tuple(nomi),
                  _categoria(frozenset(da_leggere.values())))
        ambiti, oggetti_id, interessati = self._in_attesa.setdefault(chiave, ([], [], []))
        letti: list[DatiSensibili] = []
        for lettura in letture:
            if lettura.valori.keys() != attesi:  # only the logged fields are kept: one more or missing is an error
                raise ValueError(f"{modello._meta.label}: a read must carry exactly the fields {nomi}")
            letti.append(DatiSensibili.di(lettura.pk, dict(lettura.valori)))
            ambiti.append(lettura.ambito_id)
            oggetti_id.append(str(lettura.pk))
            interessati.append(lettura.interessato[:250])
        if len(ambiti) >= self.righe_per_insert:
            self._scrivi(chiave)
        return letti

    def scrivi(self) -> None:
        """Write every log row kept (one ``INSERT`` per kind of read)."""
        for chiave in list(self._in_attesa):
            self._scrivi(chiave)

    def _scrivi(self, chiave: tuple[int, tuple[str, ...], str]) -> None:
        ambiti, oggetti_id, interessati = self._in_attesa.pop(chiave)
        if ambiti:
            tipo, nomi, categoria = chiave
            _scrivi_registro(tipo, list(nomi), categoria, ambiti, oggetti_id, interessati, utente=self.utente,
                             sistema=self.sistema, motivo=self.motivo, indirizzo_ip=self.indirizzo_ip)


def _categoria(categorie: frozenset[str]) -> str:
    etichette = dict(CategoriaSensibile.choices)
    return ", ".join(str(etichette[c]) for c in CategoriaSensibile.values if c in categorie)


def _scrivi_registro(tipo: int, campi: list[str], categoria: str, ambiti: list[int], oggetti_id: list[str],
                     interessati: list[str], *, utente: Utente | None, sistema: str, motivo: str,
                     indirizzo_ip: str | None) -> None:
    """The log rows of a list in one ``INSERT … SELECT FROM unnest(…)``: the same rows ``bulk_create`` wrote, but
    three column parameters instead of eleven per row (building and parsing a 2,000-row VALUES statement was most of
    the time an export spent logging). Row-level security and the same-Ambito check apply as to any INSERT."""
    tabella = connection.ops.quote_name(AccessoDatiSensibili._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {tabella} (ambito_id, utente_id, utente_email, content_type_id, object_id, "  # noqa: S608 - the table name is the model's
            "interessato, categoria, campi, contesto, indirizzo_ip, avvenuto_il) "
            "SELECT r.ambito_id, %s, %s, %s, r.object_id, r.interessato, %s, %s::varchar(60)[], %s, %s::inet, %s "
            "FROM unnest(string_to_array(%s, %s)::bigint[], string_to_array(%s, %s), string_to_array(%s, %s)) "
            "AS r(ambito_id, object_id, interessato)",
            [utente.pk if utente is not None else None, utente.email if utente is not None else sistema, tipo,
             categoria, campi, motivo, indirizzo_ip, timezone.now(), *_colonna([str(a) for a in ambiti]),
             *_colonna(oggetti_id), *_colonna(interessati)])


SEPARATORE = "\x1f"  # the ASCII unit separator: no id or masked person name holds it


def _colonna(valori: Sequence[str]) -> tuple[str, str]:
    """A column of the log rows as one delimited text and its separator (``string_to_array`` in the INSERT): a
    list parameter is adapted element by element in Python, a text once — most of the logging time of a large
    export. A separator inside a value is dropped."""
    testo = SEPARATORE.join(valori)
    if testo.count(SEPARATORE) != len(valori) - 1:  # a value held the separator (never, in practice): dropped
        testo = SEPARATORE.join(v.replace(SEPARATORE, "") for v in valori)
    return testo, SEPARATORE
