"""Database objects that keep the ledger right whatever writes to it (services, admin, a shell).

* ``fondi_movimento_verifica`` (AFTER INSERT on movements): the movement belongs to the same
  Ambito as its assegnazione and quota; a rettifica moves the same voce of the same quota as the
  movement it corrects, not before it, and never below zero; then, **after locking** the
  assegnazione (for assigned/allocated movements) and the quota (``FOR NO KEY UPDATE``, the same
  order as the services), it checks the kept balances (``fondi_saldoassegnazione`` /
  ``fondi_saldoquota``: one row per day that moved them, cumulated) plus the movement's change,
  on its day and every later day, and refuses the insert if any breaks assegnato ≥ allocato ≥
  impegnato ≥ liquidato ≥ 0; then it applies the change to those rows (``fondi_saldi_applica``),
  in the same transaction. The history is never read: an insert at the latest date reads and
  writes one row; a back-dated one, one row per later day. The lock makes the check correct
  under concurrency even without the services: a second transaction waits for the first to
  commit and then sees its balances (READ COMMITTED takes a new snapshot for each statement).
* ``fondi_saldi_protetti``: the balance tables are written only from within the ledger trigger.
* ``fondi_saldi_differiti``: only with ``fondi.senza_lock`` (race tests) the balances are applied
  at commit, so two unlocked racing inserts do not wait on each other's balance row.
* ``fondi_append_only`` (BEFORE UPDATE OR DELETE on movements and versamenti): history is never
  rewritten; a correction is a new row.
* ``fondi_immutabili`` (BEFORE UPDATE on assegnazioni and quote): the columns the ledger relies
  on (Ambito, amount of the act, parent) do not change after creation.

The session setting ``fondi.senza_lock = on`` skips the trigger's locks: it exists only so the
concurrency tests can first prove the race (``settings.FONDI_LOCK_DISABILITATO``). It never
disables the checks themselves.

Installed by migration ``0003_vincoli_database`` and re-installed by ``0004`` and ``0005`` (which
creates and fills the balance tables); a change here needs a new migration that calls
:func:`installa`, which is idempotent. :func:`verifica_saldi` recomputes every kept row from the
movements (tests, bench); :func:`ricalcola_saldi` rebuilds them (migration, bulk loads).
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
    d_assegnato numeric;
    d_allocato numeric;
    d_impegnato numeric;
    d_liquidato numeric;
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

    -- The balances kept in fondi_saldoassegnazione / fondi_saldoquota (one row per day that moved
    -- them, cumulated) answer the check without reading the history: the balance on the
    -- movement's day (the row with the greatest giorno <= it) plus the change must be valid, and
    -- so must every later day's row plus the change (bounded by days, not by movements).
    d_assegnato := CASE WHEN NEW.voce = 'assegnato' THEN NEW.importo * NEW.segno ELSE 0 END;
    d_allocato := CASE WHEN NEW.voce = 'allocato' THEN NEW.importo * NEW.segno ELSE 0 END;
    d_impegnato := CASE WHEN NEW.voce = 'impegnato' THEN NEW.importo * NEW.segno ELSE 0 END;
    d_liquidato := CASE WHEN NEW.voce = 'liquidato' THEN NEW.importo * NEW.segno ELSE 0 END;

    IF NEW.voce IN ('assegnato', 'allocato') THEN
        SELECT * INTO v FROM (
            SELECT NEW.data_contabile AS giorno, coalesce(p.assegnato, 0) + d_assegnato AS assegnato,
                   coalesce(p.allocato, 0) + d_allocato AS allocato
            FROM (SELECT 1) uno LEFT JOIN LATERAL (
                SELECT assegnato, allocato FROM fondi_saldoassegnazione
                WHERE assegnazione_id = NEW.assegnazione_id AND giorno <= NEW.data_contabile
                ORDER BY giorno DESC LIMIT 1) p ON true
            UNION ALL
            SELECT giorno, assegnato + d_assegnato, allocato + d_allocato FROM fondi_saldoassegnazione
            WHERE assegnazione_id = NEW.assegnazione_id AND giorno > NEW.data_contabile
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
            SELECT NEW.data_contabile AS giorno, coalesce(p.allocato, 0) + d_allocato AS allocato,
                   coalesce(p.impegnato, 0) + d_impegnato AS impegnato,
                   coalesce(p.liquidato, 0) + d_liquidato AS liquidato
            FROM (SELECT 1) uno LEFT JOIN LATERAL (
                SELECT allocato, impegnato, liquidato FROM fondi_saldoquota
                WHERE quota_id = NEW.quota_id AND giorno <= NEW.data_contabile
                ORDER BY giorno DESC LIMIT 1) p ON true
            UNION ALL
            SELECT giorno, allocato + d_allocato, impegnato + d_impegnato, liquidato + d_liquidato
            FROM fondi_saldoquota WHERE quota_id = NEW.quota_id AND giorno > NEW.data_contabile
        ) s
        WHERE impegnato > allocato OR liquidato > impegnato OR liquidato < 0
        ORDER BY giorno LIMIT 1;
        IF FOUND THEN
            RAISE EXCEPTION 'fondi: on % quota % would have allocato %, impegnato %, liquidato %',
                v.giorno, NEW.quota_id, v.allocato, v.impegnato, v.liquidato USING ERRCODE = 'check_violation';
        END IF;
    END IF;

    -- Keep the balances, in this transaction. Without the locks (the race tests only) the rows
    -- are written at commit by fondi_saldi_differiti instead, so that two racing transactions do
    -- not wait on each other's balance row before both have inserted: the race stays provable.
    IF NOT senza_lock THEN
        PERFORM fondi_saldi_applica(NEW);
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS fondi_movimento_verifica ON fondi_movimento;
CREATE TRIGGER fondi_movimento_verifica AFTER INSERT ON fondi_movimento
    FOR EACH ROW EXECUTE FUNCTION fondi_movimento_verifica();
"""

# Applies one movement to the kept balances: the row of its day is created from the previous
# day's (or zero) if missing, then that row and every later one move by the change. Touches only
# rows of the movement's own assegnazione/quota, whose Ambito is the movement's (checked above).
SALDI = r"""
CREATE OR REPLACE FUNCTION fondi_saldi_applica(m fondi_movimento) RETURNS void AS $$
DECLARE
    d_assegnato numeric := CASE WHEN m.voce = 'assegnato' THEN m.importo * m.segno ELSE 0 END;
    d_allocato numeric := CASE WHEN m.voce = 'allocato' THEN m.importo * m.segno ELSE 0 END;
    d_impegnato numeric := CASE WHEN m.voce = 'impegnato' THEN m.importo * m.segno ELSE 0 END;
    d_liquidato numeric := CASE WHEN m.voce = 'liquidato' THEN m.importo * m.segno ELSE 0 END;
    d_rilasciato numeric := 0;
    comune_quota bigint;
BEGIN
    IF m.voce IN ('assegnato', 'allocato') THEN
        INSERT INTO fondi_saldoassegnazione (ambito_id, assegnazione_id, giorno, assegnato, allocato)
        SELECT m.ambito_id, m.assegnazione_id, m.data_contabile, coalesce(p.assegnato, 0), coalesce(p.allocato, 0)
        FROM (SELECT 1) uno LEFT JOIN LATERAL (
            SELECT assegnato, allocato FROM fondi_saldoassegnazione
            WHERE assegnazione_id = m.assegnazione_id AND giorno < m.data_contabile
            ORDER BY giorno DESC LIMIT 1) p ON true
        ON CONFLICT (assegnazione_id, giorno) DO NOTHING;
        UPDATE fondi_saldoassegnazione SET assegnato = assegnato + d_assegnato, allocato = allocato + d_allocato
        WHERE assegnazione_id = m.assegnazione_id AND giorno >= m.data_contabile;
    END IF;
    IF m.quota_id IS NULL THEN
        RETURN;
    END IF;
    IF m.tipo = 'disimpegno' THEN
        d_rilasciato := m.importo;
    ELSIF m.tipo = 'rettifica' AND m.voce = 'impegnato' THEN
        SELECT CASE WHEN tipo = 'disimpegno' THEN m.importo ELSE 0 END INTO d_rilasciato
            FROM fondi_movimento WHERE id = m.rettifica_di_id;
    END IF;
    INSERT INTO fondi_saldoquota (ambito_id, assegnazione_id, quota_id, giorno, allocato, impegnato, liquidato,
                                  rilasciato)
    SELECT m.ambito_id, m.assegnazione_id, m.quota_id, m.data_contabile, coalesce(p.allocato, 0),
           coalesce(p.impegnato, 0), coalesce(p.liquidato, 0), coalesce(p.rilasciato, 0)
    FROM (SELECT 1) uno LEFT JOIN LATERAL (
        SELECT allocato, impegnato, liquidato, rilasciato FROM fondi_saldoquota
        WHERE quota_id = m.quota_id AND giorno < m.data_contabile
        ORDER BY giorno DESC LIMIT 1) p ON true
    ON CONFLICT (quota_id, giorno) DO NOTHING;
    UPDATE fondi_saldoquota SET allocato = allocato + d_allocato, impegnato = impegnato + d_impegnato,
                                liquidato = liquidato + d_liquidato, rilasciato = rilasciato + d_rilasciato
    WHERE quota_id = m.quota_id AND giorno >= m.data_contabile;

    IF m.comune_id IS NOT NULL THEN
        SELECT comune_id INTO comune_quota FROM fondi_quota WHERE id = m.quota_id;
        IF comune_quota IS DISTINCT FROM m.comune_id THEN
            INSERT INTO fondi_saldocomune (ambito_id, assegnazione_id, quota_id, comune_id, giorno, allocato,
                                           impegnato, liquidato)
            SELECT m.ambito_id, m.assegnazione_id, m.quota_id, m.comune_id, m.data_contabile,
                   coalesce(p.allocato, 0), coalesce(p.impegnato, 0), coalesce(p.liquidato, 0)
            FROM (SELECT 1) uno LEFT JOIN LATERAL (
                SELECT allocato, impegnato, liquidato FROM fondi_saldocomune
                WHERE quota_id = m.quota_id AND comune_id = m.comune_id AND giorno < m.data_contabile
                ORDER BY giorno DESC LIMIT 1) p ON true
            ON CONFLICT (quota_id, comune_id, giorno) DO NOTHING;
            UPDATE fondi_saldocomune SET allocato = allocato + d_allocato, impegnato = impegnato + d_impegnato,
                                         liquidato = liquidato + d_liquidato
            WHERE quota_id = m.quota_id AND comune_id = m.comune_id AND giorno >= m.data_contabile;
        END IF;
    END IF;
END;
$$ LANGUAGE plpgsql;

-- Race tests only (fondi.senza_lock = on at the insert): the movement's balances are applied at commit.
CREATE OR REPLACE FUNCTION fondi_saldi_differiti() RETURNS trigger AS $$
BEGIN
    PERFORM fondi_saldi_applica(NEW);
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS fondi_saldi_differiti ON fondi_movimento;
CREATE CONSTRAINT TRIGGER fondi_saldi_differiti AFTER INSERT ON fondi_movimento
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
    WHEN (coalesce(current_setting('fondi.senza_lock', true), '') = 'on')
    EXECUTE FUNCTION fondi_saldi_differiti();

-- The balance tables are written only by the ledger's trigger (nested trigger depth): a raw
-- INSERT/UPDATE/DELETE on them is refused, so they cannot drift from the movements.
CREATE OR REPLACE FUNCTION fondi_saldi_protetti() RETURNS trigger AS $$
BEGIN
    IF pg_trigger_depth() < 2 THEN
        RAISE EXCEPTION 'fondi: % is kept by the ledger trigger; write movements instead', TG_TABLE_NAME
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END;
$$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS fondi_saldi_protetti ON fondi_saldoassegnazione;
CREATE TRIGGER fondi_saldi_protetti BEFORE INSERT OR UPDATE OR DELETE ON fondi_saldoassegnazione
    FOR EACH ROW EXECUTE FUNCTION fondi_saldi_protetti();
DROP TRIGGER IF EXISTS fondi_saldi_protetti ON fondi_saldoquota;
CREATE TRIGGER fondi_saldi_protetti BEFORE INSERT OR UPDATE OR DELETE ON fondi_saldoquota
    FOR EACH ROW EXECUTE FUNCTION fondi_saldi_protetti();
DROP TRIGGER IF EXISTS fondi_saldi_protetti ON fondi_saldocomune;
CREATE TRIGGER fondi_saldi_protetti BEFORE INSERT OR UPDATE OR DELETE ON fondi_saldocomune
    FOR EACH ROW EXECUTE FUNCTION fondi_saldi_protetti();
"""

# The balances recomputed from the movements alone, in the shape of the three tables: used to
# fill them (migration, bulk loads) and by the tests and the bench to prove they agree.
RICALCOLO_ASSEGNAZIONE = r"""
SELECT ambito_id, assegnazione_id, giorno,
       sum(assegnato) OVER w AS assegnato, sum(allocato) OVER w AS allocato
FROM (SELECT ambito_id, assegnazione_id, data_contabile AS giorno,
             coalesce(sum(importo * segno) FILTER (WHERE voce = 'assegnato'), 0) AS assegnato,
             coalesce(sum(importo * segno) FILTER (WHERE voce = 'allocato'), 0) AS allocato
      FROM fondi_movimento WHERE voce IN ('assegnato', 'allocato') {filtro}
      GROUP BY 1, 2, 3) g
WINDOW w AS (PARTITION BY assegnazione_id ORDER BY giorno)
"""
RICALCOLO_QUOTA = r"""
SELECT ambito_id, assegnazione_id, quota_id, giorno,
       sum(allocato) OVER w AS allocato, sum(impegnato) OVER w AS impegnato,
       sum(liquidato) OVER w AS liquidato, sum(rilasciato) OVER w AS rilasciato
FROM (SELECT m.ambito_id, m.assegnazione_id, m.quota_id, m.data_contabile AS giorno,
             coalesce(sum(m.importo * m.segno) FILTER (WHERE m.voce = 'allocato'), 0) AS allocato,
             coalesce(sum(m.importo * m.segno) FILTER (WHERE m.voce = 'impegnato'), 0) AS impegnato,
             coalesce(sum(m.importo * m.segno) FILTER (WHERE m.voce = 'liquidato'), 0) AS liquidato,
             coalesce(sum(m.importo) FILTER (WHERE m.tipo = 'disimpegno'
                                             OR (m.tipo = 'rettifica' AND o.tipo = 'disimpegno')), 0) AS rilasciato
      FROM fondi_movimento m LEFT JOIN fondi_movimento o ON o.id = m.rettifica_di_id
      WHERE m.quota_id IS NOT NULL {filtro}
      GROUP BY 1, 2, 3, 4) g
WINDOW w AS (PARTITION BY quota_id ORDER BY giorno)
"""
RICALCOLO_COMUNE = r"""
SELECT ambito_id, assegnazione_id, quota_id, comune_id, giorno,
       sum(allocato) OVER w AS allocato, sum(impegnato) OVER w AS impegnato, sum(liquidato) OVER w AS liquidato
FROM (SELECT m.ambito_id, m.assegnazione_id, m.quota_id, m.comune_id, m.data_contabile AS giorno,
             coalesce(sum(m.importo * m.segno) FILTER (WHERE m.voce = 'allocato'), 0) AS allocato,
             coalesce(sum(m.importo * m.segno) FILTER (WHERE m.voce = 'impegnato'), 0) AS impegnato,
             coalesce(sum(m.importo * m.segno) FILTER (WHERE m.voce = 'liquidato'), 0) AS liquidato
      FROM fondi_movimento m JOIN fondi_quota q ON q.id = m.quota_id
      WHERE m.comune_id IS NOT NULL AND m.comune_id IS DISTINCT FROM q.comune_id {filtro}
      GROUP BY 1, 2, 3, 4, 5) g
WINDOW w AS (PARTITION BY quota_id, comune_id ORDER BY giorno)
"""
TABELLE_SALDI = {
    "fondi_saldoassegnazione": ("ambito_id, assegnazione_id, giorno, assegnato, allocato", RICALCOLO_ASSEGNAZIONE),
    "fondi_saldoquota": ("ambito_id, assegnazione_id, quota_id, giorno, allocato, impegnato, liquidato, rilasciato",
                         RICALCOLO_QUOTA),
    "fondi_saldocomune": ("ambito_id, assegnazione_id, quota_id, comune_id, giorno, allocato, impegnato, liquidato",
                          RICALCOLO_COMUNE),
}

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
DROP TRIGGER IF EXISTS fondi_saldi_differiti ON fondi_movimento;
DROP TRIGGER IF EXISTS fondi_saldi_protetti ON fondi_saldoassegnazione;
DROP TRIGGER IF EXISTS fondi_saldi_protetti ON fondi_saldoquota;
DROP TRIGGER IF EXISTS fondi_saldi_protetti ON fondi_saldocomune;
DROP TRIGGER IF EXISTS fondi_append_only ON fondi_movimento;
DROP TRIGGER IF EXISTS fondi_append_only ON fondi_versamento;
DROP TRIGGER IF EXISTS fondi_immutabili ON fondi_assegnazione;
DROP TRIGGER IF EXISTS fondi_immutabili ON fondi_quota;
DROP FUNCTION IF EXISTS fondi_movimento_verifica();
DROP FUNCTION IF EXISTS fondi_saldi_differiti();
DROP FUNCTION IF EXISTS fondi_saldi_protetti();
DROP FUNCTION IF EXISTS fondi_saldi_applica(fondi_movimento);
DROP FUNCTION IF EXISTS fondi_append_only();
DROP FUNCTION IF EXISTS fondi_immutabili();
"""


def installa(apps: Any = None, schema_editor: Any = None) -> None:
    """Create or replace the functions and triggers (usable as a migration's RunPython)."""
    from django.db import connection

    conn = schema_editor.connection if schema_editor is not None else connection
    with conn.cursor() as cursor:
        # Migrations 0003/0004 run this before the balance tables exist (0005 creates them and
        # installs again): the functions that write them come only once they are there.
        cursor.execute("SELECT to_regclass('fondi_saldoquota') IS NOT NULL")
        for sql in ((SALDI,) if cursor.fetchone()[0] else ()) + (VERIFICA_MOVIMENTO, APPEND_ONLY, IMMUTABILI):
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


def ricalcola_saldi(apps: Any = None, schema_editor: Any = None, *, replica: bool = False) -> None:
    """Rebuild the balance tables from the movements: the migration that creates them (before the
    guard trigger exists) and bulk loads (``replica=True``: the guard is skipped, superuser only)."""
    from django.db import connection

    conn = schema_editor.connection if schema_editor is not None else connection
    with conn.cursor() as cursor:
        if replica:
            cursor.execute("SET LOCAL session_replication_role = replica")
        for tabella, (colonne, ricalcolo) in TABELLE_SALDI.items():
            cursor.execute(f"DELETE FROM {tabella}")  # noqa: S608 - fixed SQL, values as parameters
            cursor.execute(f"INSERT INTO {tabella} ({colonne}) {ricalcolo.format(filtro='')}")
        if replica:
            cursor.execute("SET LOCAL session_replication_role = origin")


def verifica_saldi(*, ambito_id: int | None = None) -> dict[str, int]:
    """Rows that differ between each balance table and its recomputation from the movements (both
    ways); all zero when the trigger kept them right to the cent."""
    from django.db import connection

    differenze = {}
    with connection.cursor() as cursor:
        for tabella, (colonne, ricalcolo) in TABELLE_SALDI.items():
            filtro_m = f"AND m.ambito_id = {int(ambito_id)}" if ambito_id else ""
            filtro_t = f"WHERE ambito_id = {int(ambito_id)}" if ambito_id else ""
            filtro = filtro_m if "m.quota_id" in ricalcolo else filtro_m.replace("m.", "")
            calcolato = ricalcolo.format(filtro=filtro)
            cursor.execute(f"SELECT count(*) FROM ((SELECT {colonne} FROM {tabella} {filtro_t} EXCEPT {calcolato}) "  # noqa: S608 - fixed SQL, values as parameters
                           f"UNION ALL ({calcolato} EXCEPT SELECT {colonne} FROM {tabella} {filtro_t})) d")
            differenze[tabella] = cursor.fetchone()[0]
    return differenze
