"""Which objects take attachments, of which kinds, and who reads and writes them.

A module declares it once per model, from its ``AppConfig.ready()``::

    registra_allegati("misure.domanda", tipi={"pdf", "pdfa", "p7m", "png", "jpeg"},
                      capacita_lettura="misure.vedi", capacita_scrittura="misure.gestisci",
                      trova=lambda contesto, pk: selectors.domanda_get(ambito=contesto.ambito, pk=pk))

* ``tipi``: the accepted kinds (:class:`ambito.allegati.tipi.TipoFile` values), checked by content;
* ``capacita_lettura`` lists and downloads the object's attachments, ``capacita_scrittura`` uploads and
  replaces them (both checked by the attachment pages and API, on top of the object's own visibility);
* ``trova(contesto, pk)``: the object as this user may see it, or :class:`~ambito.errors.NonTrovato` (an
  unpublished act for a mayor, a case of another comune). Without it any object of the Ambito is found;
* ``cartella``: the folder of the private storage (default ``<app_label>/<model>``);
* ``dimensione_massima_mb``: a limit below ``settings.AMBITO_MAX_UPLOAD_MB`` for this kind of object;
* ``url(oggetto, ambito_slug)``: the object's own page, for the way back from the attachment pages;
* ``modificabile(oggetto)``: raises :class:`~ambito.errors.RegolaViolata` when the object's attachments may not
  change now (e.g. a domanda under istruttoria); checked by every upload and replacement.

An object whose model is not registered takes no attachment: its attachment pages are a 404.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import models

from ambito.accounts.permissions import ContestoAccesso
from ambito.allegati.tipi import TipoFile

Trova = Callable[[ContestoAccesso, int], models.Model]
Url = Callable[[Any, str], str]
Modificabile = Callable[[Any], None]


@dataclass(frozen=True)
class RegolaAllegati:
    modello: str  # "app_label.modelname", lower case (as ContentType and the history pages name it)
    tipi: frozenset[str]
    capacita_lettura: str
    capacita_scrittura: str
    cartella: str
    dimensione_massima_mb: int | None = None
    trova: Trova | None = None
    url: Url | None = None
    modificabile: Modificabile | None = None

    @property
    def limite_mb(self) -> int:
        """The size limit for this kind of object: the module's, never above the platform's."""
        generale = settings.AMBITO_MAX_UPLOAD_MB
        return min(self.dimensione_massima_mb, generale) if self.dimensione_massima_mb else generale


_REGOLE: dict[str, RegolaAllegati] = {}


def _nome(modello: str | type[models.Model]) -> str:
    if isinstance(modello, str):
        return modello.lower()
    return modello._meta.label_lower


def registra_allegati(
    modello: str | type[models.Model], *, tipi: set[str] | frozenset[str], capacita_lettura: str,
    capacita_scrittura: str, cartella: str = "", dimensione_massima_mb: int | None = None, trova: Trova | None = None,
    url: Url | None = None, modificabile: Modificabile | None = None,
) -> RegolaAllegati:
    """Declare that ``modello``'s objects take attachments (see the module docstring). Idempotent per model."""
    nome = _nome(modello)
    sconosciuti = set(tipi) - set(TipoFile.values)
    if not tipi or sconosciuti:
        raise ValueError(f"registra_allegati({nome!r}): unknown or no file kinds {sorted(sconosciuti)}")
    regola = RegolaAllegati(nome, frozenset(tipi), capacita_lettura, capacita_scrittura,
                            cartella or nome.replace(".", "/"), dimensione_massima_mb, trova, url, modificabile)
    _REGOLE[nome] = regola
    return regola


def regola_per(modello: str | type[models.Model] | Any) -> RegolaAllegati | None:
    """The rule of a model (its name, its class or one of its objects), or None if it takes no attachment."""
    if isinstance(modello, models.Model):
        modello = type(modello)
    return _REGOLE.get(_nome(modello))


def regole_registrate() -> dict[str, RegolaAllegati]:
    return dict(_REGOLE)
