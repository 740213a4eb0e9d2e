"""The compact per-row summary of a keyed return (:class:`~rendicontazione.models.RigaInvio`) and the comparisons
with the last submitted file that run on it in SQL, so a return of a million rows is compared without holding
either file's rows in memory.

Every keyed return writes, while its checks stream the rows, one ``RigaInvio`` per row: the key, a 64-bit digest
of the row's values, the figures that may not decrease and the link to the record. ``Invio.sintesi`` keeps the
full values of the rows as well, but only up to :data:`RIGHE_SINTESI` rows (aggregate returns: funds, matrices —
the diff then shows each changed value); above it the Invio is marked ``sintesi_completa = False`` and the diff,
the decrease rule and the rows that disappeared are computed by the queries below (a changed row is named by its
key and its non-decreasable figures).

The module is the one place of rendicontazione with SQL of its own (listed in the conventions test's
``RAW_SQL_ALLOWED``). Writes are one ``INSERT … SELECT FROM unnest(arrays)`` per :data:`BLOCCO` rows, run as the
application role inside the job's Ambito scope (row-level security checks every row); the rows are a derived log
(not audited), deleted with their Invio, when a retried attempt starts over, or — for a production never
submitted — once a newer production of the same return and period has completed (:func:`righe_delete`, called by
the system's clean-up ``services.righe_superate_delete``, which records it on each Invio's audited history).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection

from rendicontazione.models import Invio

RIGHE_SINTESI = 2000  # rows whose full values an Invio keeps in ``sintesi`` (above: the compact rows only)
BLOCCO = 5000  # rows per INSERT
DIFFERENZE_MOSTRATE = 200  # differences listed on the page (their total is shown)
RIGHE_SCOMPARSE_ELENCATE = 100


def impronta(valori: Iterable[Any]) -> int:
    """A 64-bit digest of a row's values (signed, for a PostgreSQL bigint)."""
    testo = "\x1f".join("" if v is None else str(v) for v in valori)
    return int.from_bytes(hashlib.blake2b(testo.encode(), digest_size=8).digest(), "big", signed=True)


class Registro:
    """Buffers the compact rows of one production and writes them in blocks (memory bounded by BLOCCO)."""

    def __init__(self, invio: Invio) -> None:
        self.invio = invio
        self._righe: list[tuple[int, str, int, str, str]] = []
        with connection.cursor() as cursor:  # a retried attempt starts over
            cursor.execute("DELETE FROM rendicontazione_rigainvio WHERE invio_id = %s", [invio.pk])

    def aggiungi(self, numero: int, chiave: str, valori: Sequence[Any], cifre: dict[str, str], url: str) -> None:
        self._righe.append((numero, chiave, impronta(valori), json.dumps(cifre), url or ""))
        if len(self._righe) >= BLOCCO:
            self.scrivi()

    def scrivi(self) -> None:
        if not self._righe:
            return
        numeri, chiavi, impronte, cifre, url = (list(c) for c in zip(*self._righe, strict=True))
        with connection.cursor() as cursor:
            cursor.execute(
                """INSERT INTO rendicontazione_rigainvio (ambito_id, invio_id, numero, chiave, impronta, cifre, url)
                   SELECT %s, %s, r.numero, r.chiave, r.impronta, r.cifre::jsonb, r.url
                   FROM unnest(%s::integer[], %s::text[], %s::bigint[], %s::text[], %s::text[])
                     AS r(numero, chiave, impronta, cifre, url)""",
                [self.invio.ambito_id, self.invio.pk, numeri, chiavi, impronte, cifre, url])
        self._righe.clear()


def righe_delete(*, ambito_id: int, invii: Sequence[int]) -> int:
    """Delete the compact rows of the given productions in one statement; returns how many rows went."""
    if not invii:
        return 0
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM rendicontazione_rigainvio WHERE ambito_id = %s AND invio_id = ANY(%s)",
                       [ambito_id, list(invii)])
        return cursor.rowcount


@dataclass(frozen=True)
class Diminuzione:
    numero: int
    chiave: str
    campo: str
    prima: str
    adesso: str
    url: str


def diminuzioni(*, invio: Invio, precedente: Invio, campi: Sequence[str], limite: int) -> list[Diminuzione]:
    """Rows whose non-decreasable figure is lower than in the submitted file with the same key (one query)."""
    if not campi:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT n.numero, n.chiave, k.campo, p.cifre ->> k.campo, n.cifre ->> k.campo, n.url
               FROM rendicontazione_rigainvio n
               JOIN rendicontazione_rigainvio p ON p.invio_id = %(prima)s AND p.chiave = n.chiave
               CROSS JOIN unnest(%(campi)s::text[]) AS k(campo)
               WHERE n.invio_id = %(adesso)s AND n.cifre ? k.campo AND p.cifre ? k.campo
                 AND (n.cifre ->> k.campo)::numeric < (p.cifre ->> k.campo)::numeric
               ORDER BY n.numero, k.campo LIMIT %(limite)s""",
            {"prima": precedente.pk, "adesso": invio.pk, "campi": list(campi), "limite": limite})
        return [Diminuzione(*riga) for riga in cursor.fetchall()]


def scomparse(*, invio: Invio, precedente: Invio) -> tuple[list[str], int]:
    """Keys of the submitted file no longer produced: the first ones and how many in all (one or two queries).
    A submitted file with its full values in ``sintesi`` is read from there (a production made before the
    compact rows existed has none)."""
    with connection.cursor() as cursor:
        if precedente.sintesi_completa:
            cursor.execute(
                """SELECT k.chiave FROM unnest(%(chiavi)s::text[]) AS k(chiave)
                   WHERE NOT EXISTS (SELECT 1 FROM rendicontazione_rigainvio n
                                     WHERE n.invio_id = %(adesso)s AND n.chiave = k.chiave)
                   ORDER BY k.chiave""", {"chiavi": list(precedente.sintesi), "adesso": invio.pk})
            chiavi = [r[0] for r in cursor.fetchall()]
            return chiavi[:RIGHE_SCOMPARSE_ELENCATE], len(chiavi)
        parametri = {"prima": precedente.pk, "adesso": invio.pk}
        condizione = """FROM rendicontazione_rigainvio p WHERE p.invio_id = %(prima)s AND NOT EXISTS (
                          SELECT 1 FROM rendicontazione_rigainvio n WHERE n.invio_id = %(adesso)s
                          AND n.chiave = p.chiave)"""
        cursor.execute(f"SELECT p.chiave {condizione} ORDER BY p.chiave LIMIT {RIGHE_SCOMPARSE_ELENCATE}",
                       parametri)
        chiavi = [r[0] for r in cursor.fetchall()]
        if len(chiavi) < RIGHE_SCOMPARSE_ELENCATE:
            return chiavi, len(chiavi)
        cursor.execute(f"SELECT count(*) {condizione}", parametri)
        return chiavi, cursor.fetchone()[0]


def differenze(*, invio: Invio, precedente: Invio) -> tuple[list[tuple[str, dict | None, dict | None]], int]:
    """The rows that changed, appeared or disappeared between two productions, from their compact rows: the first
    :data:`DIFFERENZE_MOSTRATE` as (key, figures before or None, figures after or None), and how many in all."""
    parametri = {"prima": precedente.pk, "adesso": invio.pk}
    confronto = """FROM (SELECT chiave, impronta, cifre FROM rendicontazione_rigainvio WHERE invio_id = %(adesso)s) n
                   FULL OUTER JOIN (SELECT chiave, impronta, cifre FROM rendicontazione_rigainvio
                                    WHERE invio_id = %(prima)s) p ON p.chiave = n.chiave
                   WHERE p.impronta IS DISTINCT FROM n.impronta"""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT coalesce(n.chiave, p.chiave) AS k, p.cifre, n.cifre, p.chiave IS NULL, "
                       f"n.chiave IS NULL {confronto} ORDER BY k LIMIT {DIFFERENZE_MOSTRATE}", parametri)
        righe = [(k, None if nuova else _dict(prima), None if tolta else _dict(dopo))
                 for k, prima, dopo, nuova, tolta in cursor.fetchall()]
        if len(righe) < DIFFERENZE_MOSTRATE:
            return righe, len(righe)
        cursor.execute(f"SELECT count(*) {confronto}", parametri)
        return righe, cursor.fetchone()[0]


def _dict(valore: Any) -> dict:
    if isinstance(valore, str):
        return json.loads(valore)
    return dict(valore or {})
