"""Set-based SQL writes of the monthly run (issue 17): the run's lines, its payments and their SIUSS outbox rows, one
statement per table for 12,000 plans (``bulk_create`` and model instances were most of the run's time).

Every statement runs through Django's connection as the application role inside the caller's Ambito scope: row-level
security (WITH CHECK), the same-Ambito triggers, foreign keys and the UNIQUE constraints check every row exactly as
for an ORM insert; a violation is Django's ``IntegrityError``. Like ``bulk_create``, they write no per-row history
(see misure/README.md, "Bulk writes of the run"). Called only by ``misure.services.erogazioni``, and
:func:`siuss_segna_inviati` (which does write the history rows) by ``misure.services.siuss``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.db import connection


def letterale_array(valori: Sequence[int | bool | Decimal | None]) -> str:
    """A PostgreSQL array literal (``'{1,2,NULL}'``) of integers, booleans or finite Decimals, passed as ONE text
    parameter and cast in SQL (``%s::bigint[]``). psycopg's client-side binding dumps a list element by element: for
    12,000 lines that cost ≈ 15–20 ms per integer column and ≈ 65 ms for the reasons; one string of numbers costs
    ≈ 3 ms. Only numbers and booleans, whose text form needs no quoting (texts go through psycopg)."""
    parti = []
    for v in valori:
        if v is None:
            parti.append("NULL")
        elif isinstance(v, bool):
            parti.append("t" if v else "f")
        elif isinstance(v, int) or (isinstance(v, Decimal) and v.is_finite()):
            parti.append(str(v))
        else:
            raise TypeError(f"not an integer, boolean or finite Decimal: {v!r}")
    return "{" + ",".join(parti) + "}"


def righe_insert(*, ambito_id: int, distinta_id: int, righe: Sequence[tuple[Any, ...]]) -> None:
    """Store the run's lines in ONE ``INSERT … SELECT FROM unnest(arrays)``: one statement, one round trip, no model
    instances. Not ``COPY``: PostgreSQL refuses ``COPY FROM`` into a table with row-level security for a role it
    applies to ("COPY FROM not supported with row-level security"). As an ordinary INSERT run as the application role
    in the scope, row-level security WITH CHECK, the same-Ambito triggers, foreign keys and the unique constraints
    check every row. Like ``bulk_create``, no per-row history (see misure/README.md, "Bulk writes of the run").

    The numeric columns travel as array literals (:func:`letterale_array`); the reasons as a text array with NULL for
    the many lines without one (stored as ``''``, as before)."""
    if not righe:
        return
    comuni, piani, importi, giorni, escluse, motivi = zip(*righe, strict=True)
    with connection.cursor() as cursor:
        cursor.execute(
            """INSERT INTO misure_rigadistinta (ambito_id, distinta_id, comune_id, piano_id, importo, giorni, esclusa,
                    motivo_esclusione)
                SELECT %s, %s, r.comune_id, r.piano_id, r.importo, r.giorni, r.esclusa, coalesce(r.motivo, '')
                FROM unnest(%s::bigint[], %s::bigint[], %s::numeric[], %s::smallint[], %s::boolean[], %s::text[])
                  WITH ORDINALITY AS r(comune_id, piano_id, importo, giorni, esclusa, motivo, n)
                ORDER BY r.n""",
            [ambito_id, distinta_id, letterale_array(comuni), letterale_array(piani), letterale_array(importi),
             letterale_array(giorni), letterale_array(escluse), [m or None for m in motivi]])


def paga_righe(*, distinta_id: int, mese: dt.date, movimenti: dict[tuple[int, int], int]) -> None:
    """One ``INSERT … SELECT`` of a payment per included line (payee and IBAN copied from the plan, the fondi
    liquidazione of its quota × comune): nothing travels through Python. The UNIQUE (domanda, mese) constraint refuses
    a payment already recorded; row-level security and the same-Ambito triggers check every row."""
    chiavi = sorted(movimenti)
    with connection.cursor() as cursor:
        cursor.execute(
            """INSERT INTO misure_pagamento (ambito_id, comune_id, distinta_id, piano_id, domanda_id,
                    beneficiario_id, mese, importo, giorni, tipo_destinatario, ente_id, intestatario, iban,
                    movimento_id_fondi)
                SELECT r.ambito_id, r.comune_id, r.distinta_id, r.piano_id, p.domanda_id, p.beneficiario_id, %s,
                       r.importo, r.giorni, p.tipo_destinatario, p.ente_id, p.intestatario, p.iban, m.movimento_id
                FROM misure_rigadistinta r
                JOIN misure_pianoerogazione p ON p.id = r.piano_id
                JOIN unnest(%s::bigint[], %s::bigint[], %s::bigint[]) AS m(quota_id, comune_id, movimento_id)
                  ON m.quota_id = p.quota_id AND m.comune_id = r.comune_id
                WHERE r.distinta_id = %s AND NOT r.esclusa
                ORDER BY r.id""",
            [mese, [q for q, _c in chiavi], [c for _q, c in chiavi], [movimenti[k] for k in chiavi], distinta_id])


def siuss_pagamenti(*, distinta_id: int, tipo: str, creato_il: dt.datetime) -> None:
    """The SIUSS outbox row of every payment of the run (key ``pagamento-<id>``), in one ``INSERT … SELECT``."""
    with connection.cursor() as cursor:
        cursor.execute(
            """INSERT INTO misure_eventosiuss (ambito_id, tipo, chiave, beneficiario_id, piano_id, data,
                    dati, creato_il)
                SELECT ambito_id, %s, 'pagamento-' || id, beneficiario_id, piano_id, mese,
                       jsonb_build_object('mese', to_char(mese, 'YYYY-MM-DD'), 'importo', importo::text,
                                          'giorni', giorni, 'distinta', distinta_id), %s
                FROM misure_pagamento WHERE distinta_id = %s ORDER BY id""",
            [tipo, creato_il, distinta_id])


def siuss_segna_inviati(*, ambito_id: int, inviato_il: dt.datetime, actor_id: int | None, motivo: str,
                        dal: dt.date | None = None, al: dt.date | None = None,
                        evento_ids: Sequence[int] | None = None, creati_entro: dt.datetime | None = None) -> int:
    """Mark ``inviato_il`` on the outbox rows not marked yet — those dated in [dal, al] and/or with the given ids, and
    written by ``creati_entro`` — in
    one ``UPDATE``, and write each marked row's django-simple-history row (type ``~``, the actor, ``motivo`` as the
    change reason) in the same statement: audited like a save, without a model instance per row. Returns how many
    rows were marked (a row already marked is left alone, so a second call marks nothing)."""
    from misure.models import EventoSIUSS

    colonne = [campo.column for campo in EventoSIUSS._meta.concrete_fields]
    elenco = ", ".join(connection.ops.quote_name(c) for c in colonne)
    tabella = connection.ops.quote_name(EventoSIUSS._meta.db_table)
    storico = connection.ops.quote_name(EventoSIUSS.history.model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""WITH segnati AS (
                    UPDATE {tabella} SET inviato_il = %s
                    WHERE ambito_id = %s AND inviato_il IS NULL
                      AND (%s::date IS NULL OR data >= %s::date) AND (%s::date IS NULL OR data <= %s::date)
                      AND (%s::bigint[] IS NULL OR id = ANY(%s::bigint[]))
                      AND (%s::timestamptz IS NULL OR creato_il <= %s::timestamptz)
                    RETURNING {elenco})
                INSERT INTO {storico} ({elenco}, history_date, history_change_reason, history_type, history_user_id)
                SELECT {elenco}, %s, %s, '~', %s FROM segnati""",  # noqa: S608 - names from the model's meta
            [inviato_il, ambito_id, dal, dal, al, al, list(evento_ids) if evento_ids is not None else None,
             list(evento_ids) if evento_ids is not None else None, creati_entro, creati_entro, inviato_il,
             motivo[:100], actor_id])
        return cursor.rowcount
