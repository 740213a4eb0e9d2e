"""Database objects that keep the ledger right whatever writes to it (services, admin, a shell).

* ``fondi_movimento_verifica`` (AFTER INSERT on movements): the movement belongs to the same
  Ambito as its assegnazione and quota; a rettifica moves the same voce of the same quota as the
  movement it corrects, not before it, and never below zero; then, **after locking** the
  assegnazione (for assigned/allocated movements) and the quota (``FOR NO KEY UPDATE``, the same
  order as the services), it recomputes the running balances at every date from the movement's
  date on and refuses the insert if any of them breaks assegnato ≥ allocato ≥ impegnato ≥
  liquidato ≥ 0. Earlier movements are summed into the balance on the movement's date (dates
  before it cannot change), so the usual insert at the latest date costs one aggregate. The
  lock makes the check correct under concurrency even without the services: a second
  transaction waits for the first to commit and then sees its movements (READ COMMITTED takes
  a new snapshot for each statement of the function).
* ``fondi_append_only`` (BEFORE UPDATE OR DELETE on movements and versamenti): history is never
  rewritten; a correction is a new row.
* ``fondi_immutabili`` (BEFORE UPDATE on assegnazioni and quote): the columns the ledger relies
  on (Ambito, amount of the act, parent) do not change after creation.

The session setting ``fondi.senza_lock = on`` skips the trigger's locks: it exists only so the
concurrency tests can first prove the race (``settings.FONDI_LOCK_DISABILITATO``). It never
disables the checks themselves.

Installed by migration ``0003_vincoli_database`` and re-installed by ``0004`` (a change here
needs a new migration that calls :func:`installa`, which is idempotent).
"""

from __future__ import annotations

from typing import Any

VERIFICA_MOVIMENTO = r"""
CREATE OR REPLACE FUNCTION fondi_movimento_verifica() RETURNS trigger AS $$
DECLARE
    senza_lock boolean := coalesce(current_setting('fondi.senza_lock', true), '') = 'on';
    rif_ambito bigint;
    rif_assegnazione bigint;
    orig fondi_movimento%ROWTYPE;
    residuo numeric;
    v record;
BEGIN
    SELECT ambito_id INTO rif_ambito FROM fondi_assegnazione WHERE id = NEW.assegnazione_id;
    IF rif_ambito IS DISTINCT FROM NEW.ambito_id THEN
        RAISE EXCEPTION 'fondi: the movement and its assegnazione belong to different Ambiti'
            USING ERRCODE = 'check_violation';
    END IF;
    IF NEW.quota_id IS NOT NULL THEN
        SELECT ambito_id, assegnazione_id INTO rif_ambito, rif_assegnazione FROM fondi_quota WHERE id = NEW.quota_id;
        IF rif_ambito IS DISTINCT FROM NEW.ambito_id OR rif_assegnazione IS DISTINCT FROM NEW.assegnazione_id THEN
            RAISE EXCEPTION 'fondi: the quota of the movement belongs to another assegnazione'
                USING ERRCODE = 'check_violation';
        END IF;
    END IF;
    IF NEW.collegato_id IS NOT NULL THEN
        SELECT ambito_id INTO rif_ambito FROM fondi_movimento WHERE id = NEW.collegato_id;
        IF rif_ambito IS DISTINCT FROM NEW.ambito_id THEN
            RAISE EXCEPTION 'fondi: linked movement of another Ambito' USING ERRCODE = 'check_violation';
        END IF;
    END IF;

    IF NOT senza_lock THEN
        IF NEW.voce IN ('assegnato', 'allocato') THEN
            PERFORM 1 FROM fondi_assegnazione WHERE id = NEW.assegnazione_id FOR NO KEY UPDATE;
        END IF;
        IF NEW.quota_id IS NOT NULL THEN
            PERFORM 1 FROM fondi_quota WHERE id = NEW.quota_id FOR NO KEY UPDATE;
        END IF;
    END IF;

    IF NEW.tipo = 'rettifica' THEN
        SELECT * INTO orig FROM fondi_movimento WHERE id = NEW.rettifica_di_id;
        IF orig.tipo = 'rettifica' OR orig.voce <> NEW.voce OR orig.segno <> NEW.segno
           OR orig.assegnazione_id <> NEW.assegnazione_id OR orig.quota_id IS DISTINCT FROM NEW.quota_id
           OR orig.ambito_id <> NEW.ambito_id OR NEW.data_contabile < orig.data_contabile THEN
            RAISE EXCEPTION 'fondi: a rettifica must move the same voce of the same quota, not before the original'
                USING ERRCODE = 'check_violation';
        END IF;
        SELECT orig.importo + coalesce(sum(importo), 0) INTO residuo
            FROM fondi_movimento WHERE rettifica_di_id = orig.id;
        IF residuo < 0 THEN
            RAISE EXCEPTION 'fondi: a rettifica cannot bring movement % below zero (%)', orig.id, residuo
                USING ERRCODE = 'check_violation';
        END IF;
    END IF;

    -- Running balances from the movement's date on. Every earlier movement is grouped at that
    -- date (GREATEST), so the first row is the balance on the day and only later dates come one
    -- by one: an insert at the latest date reads one aggregate and a one-row window, not a
    -- window over the whole history (the partial index serves the assegnazione's side).
    IF NEW.voce IN ('assegnato', 'allocato') THEN
        SELECT * INTO v FROM (
            SELECT giorno,
                   sum(assegnato) OVER (ORDER BY giorno) AS assegnato,
                   sum(allocato) OVER (ORDER BY giorno) AS allocato
            FROM (
                SELECT greatest(data_contabile, NEW.data_contabile) AS giorno,
                       coalesce(sum(importo * segno) FILTER (WHERE voce = 'assegnato'), 0) AS assegnato,
                       coalesce(sum(importo * segno) FILTER (WHERE voce = 'allocato'), 0) AS allocato
                FROM fondi_movimento
                WHERE assegnazione_id = NEW.assegnazione_id AND voce IN ('assegnato', 'allocato')
                GROUP BY 1
            ) per_giorno
        ) s
        WHERE allocato > assegnato OR allocato < 0
        ORDER BY giorno LIMIT 1;
        IF FOUND THEN
            RAISE EXCEPTION 'fondi: on % assegnazione % would have allocato % > assegnato %',
                v.giorno, NEW.assegnazione_id, v.allocato, v.assegnato USING ERRCODE = 'check_violation';
        END IF;
    END IF;

    IF NEW.quota_id IS NOT NULL THEN
        SELECT * INTO v FROM (
            SELECT giorno,
                   sum(allocato) OVER (ORDER BY giorno) AS allocato,
                   sum(impegnato) OVER (ORDER BY giorno) AS impegnato,
                   sum(liquidato) OVER (ORDER BY giorno) AS liquidato
            FROM (
                SELECT greatest(data_contabile, NEW.data_contabile) AS giorno,
                       coalesce(sum(importo * segno) FILTER (WHERE voce = 'allocato'), 0) AS allocato,
                       coalesce(sum(importo * segno) FILTER (WHERE voce = 'impegnato'), 0) AS impegnato,
                       coalesce(sum(importo * segno) FILTER (WHERE voce = 'liquidato'), 0) AS liquidato
                FROM fondi_movimento WHERE quota_id = NEW.quota_id
                GROUP BY 1
            ) per_giorno
        ) s
        WHERE impegnato > allocato OR liquidato > impegnato OR liquidato < 0
        ORDER BY giorno LIMIT 1;
        IF FOUND THEN
            RAISE EXCEPTION 'fondi: on % quota % would have allocato %, impegnato %, liquidato %',
                v.giorno, NEW.quota_id, v.allocato, v.impegnato, v.liquidato USING ERRCODE = 'check_violation';
        END IF;
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS fondi_movimento_verifica ON fondi_movimento;
CREATE TRIGGER fondi_movimento_verifica AFTER INSERT ON fondi_movimento
    FOR EACH ROW EXECUTE FUNCTION fondi_movimento_verifica();
"""

APPEND_ONLY = r"""
CREATE OR REPLACE FUNCTION fondi_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'fondi: rows of % are append-only; record a rettifica instead', TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS fondi_append_only ON fondi_movimento;
CREATE TRIGGER fondi_append_only BEFORE UPDATE OR DELETE ON fondi_movimento
    FOR EACH ROW EXECUTE FUNCTION fondi_append_only();
DROP TRIGGER IF EXISTS fondi_append_only ON fondi_versamento;
CREATE TRIGGER fondi_append_only BEFORE UPDATE OR DELETE ON fondi_versamento
    FOR EACH ROW EXECUTE FUNCTION fondi_append_only();
"""

IMMUTABILI = r"""
CREATE OR REPLACE FUNCTION fondi_immutabili() RETURNS trigger AS $$
BEGIN
    -- One branch per table: PL/pgSQL resolves NEW.<column> when it first evaluates an
    -- expression, so a column of the other table must never appear in the same expression.
    IF TG_TABLE_NAME = 'fondi_assegnazione' THEN
        IF NEW.ambito_id IS DISTINCT FROM OLD.ambito_id OR NEW.importo IS DISTINCT FROM OLD.importo
           OR NEW.fonte_id IS DISTINCT FROM OLD.fonte_id
           OR NEW.data_assegnazione IS DISTINCT FROM OLD.data_assegnazione THEN
            RAISE EXCEPTION 'fondi: Ambito, fonte, importo and data of an assegnazione do not change'
                USING ERRCODE = 'check_violation';
        END IF;
    ELSIF TG_TABLE_NAME = 'fondi_quota' THEN
        IF NEW.ambito_id IS DISTINCT FROM OLD.ambito_id OR NEW.assegnazione_id IS DISTINCT FROM OLD.assegnazione_id THEN
            RAISE EXCEPTION 'fondi: a quota does not move to another assegnazione' USING ERRCODE = 'check_violation';
        END IF;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS fondi_immutabili ON fondi_assegnazione;
CREATE TRIGGER fondi_immutabili BEFORE UPDATE ON fondi_assegnazione
    FOR EACH ROW EXECUTE FUNCTION fondi_immutabili();
DROP TRIGGER IF EXISTS fondi_immutabili ON fondi_quota;
CREATE TRIGGER fondi_immutabili BEFORE UPDATE ON fondi_quota
    FOR EACH ROW EXECUTE FUNCTION fondi_immutabili();
"""

RIMUOVI = r"""
DROP TRIGGER IF EXISTS fondi_movimento_verifica ON fondi_movimento;
DROP TRIGGER IF EXISTS fondi_append_only ON fondi_movimento;
DROP TRIGGER IF EXISTS fondi_append_only ON fondi_versamento;
DROP TRIGGER IF EXISTS fondi_immutabili ON fondi_assegnazione;
DROP TRIGGER IF EXISTS fondi_immutabili ON fondi_quota;
DROP FUNCTION IF EXISTS fondi_movimento_verifica();
DROP FUNCTION IF EXISTS fondi_append_only();
DROP FUNCTION IF EXISTS fondi_immutabili();
"""


def installa(apps: Any = None, schema_editor: Any = None) -> None:
    """Create or replace the functions and triggers (usable as a migration's RunPython)."""
    from django.db import connection

    conn = schema_editor.connection if schema_editor is not None else connection
    with conn.cursor() as cursor:
        for sql in (VERIFICA_MOVIMENTO, APPEND_ONLY, IMMUTABILI):
            cursor.execute(sql)


def rimuovi(apps: Any = None, schema_editor: Any = None) -> None:
    from django.db import connection

    conn = schema_editor.connection if schema_editor is not None else connection
    with conn.cursor() as cursor:
        cursor.execute(RIMUOVI)


def disattiva_lock_nella_transazione() -> None:
    """Test-only: let the trigger skip its row locks for the rest of the current transaction."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL fondi.senza_lock = 'on'")
