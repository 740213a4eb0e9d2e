"""The second layer of tenant isolation: PostgreSQL row-level security (RLS).

The first layer is the application's (django-scopes managers, selectors filtering by Ambito). This one
holds even where the application's does not reach: raw SQL, ``obj.fk``, ``_base_manager``, the admin, a
report written in SQL.

**Roles.** Two PostgreSQL roles: the *owner* (the user of ``DATABASE_URL``) owns the tables and runs
migrations; the *application role* (``DATABASE_APP_ROLE``, default ``ambito_app``: not a superuser, owns
nothing, so row-level security applies to it) runs every other query. The database backend
(:mod:`ambito.tenancy.db`) switches to it with ``SET ROLE`` as soon as it connects (Django's
``assume_role``); ``migrate``, ``flush`` and the creation of test databases run as the owner
(:func:`come_proprietario`). :func:`assicura_ruolo` creates the application role when it is missing;
:func:`installa` (after every ``migrate``) gives it its grants.

**The scope in the connection.** Two settings of the PostgreSQL session mirror the django-scopes scope of
the code that runs the query: ``ambito.id`` (the Ambito of :func:`ambito.tenancy.ambito_scope`) and
``ambito.cross`` (the reason of :func:`ambito.tenancy.cross_ambito`, empty otherwise). The backend brings
them in line before a query whenever they differ from the scope (:func:`stato_voluto`), and the scope's
exit resets them, so a pooled connection never carries one request's scope into the next.

**Policies.** After every ``migrate`` :func:`installa` walks the catalogue and, for every table with an
``ambito_id`` column (history and future modules' tables included), enables and forces RLS with the
policy ``ambito_isolamento``: a row is visible and writable only when its ``ambito_id`` is the scope's, or
inside ``cross_ambito``. No scope, no rows. A table without ``ambito_id`` that hangs off a tenant table
(many-to-many tables, their history) gets ``ambito_tramite``: visible when its parent row is visible.
Shared reference data (Ambiti, comuni, enti, the fund catalogue) has no ``ambito_id``: no policy, readable
by everyone and writable where it always was.

**Same-Ambito references.** Every foreign key from a tenant table to another tenant table is checked: the
referenced row must be of the same Ambito, so not even a raw ``UPDATE`` can point a quota at another Ambito's
assegnazione. An INSERT is checked once per statement by ``ambito_stesso_ambito_inseriti`` (AFTER INSERT FOR EACH
STATEMENT, over the transition table of the inserted rows: one query joining every referenced table, so a
12,000-row ``INSERT … SELECT`` costs one join, not 24,000 dynamic queries); an UPDATE row by row by
``ambito_stesso_ambito`` (BEFORE UPDATE, which reads only a reference that changes). Same rule, same error and
SQLSTATE (``foreign_key_violation``), raised by the statement itself (Django's foreign keys are deferred to the
commit; this is not). A transition table cannot serve INSERT and UPDATE in one trigger, hence two. Generic pointers
(``content_type_id`` + ``object_id``: allegati, approval requests, links between acts, the generic object of
quote and movements, the sensitive-data read log) are not foreign keys: the triggers
``ambito_stesso_ambito_generico`` (UPDATE, row by row) and ``ambito_stesso_ambito_generico_inseriti`` (INSERT, once
per statement over the transition table: one join per content type, so logging the reads of a 2,000-row export
block is one query, not 2,000 dynamic ones) do the same for them. They find the target table from the content type's
``app_label``/``model`` through ``ambito_destinazione_generica``, a SQL function rebuilt by :func:`installa`
from Django's tenant models (so it does not depend on the content types' ids); a target that is not a tenant
model (shared data, a model removed since) is not checked. Like ``ambito_stesso_ambito`` it reads the target
with the caller's rights: a target of another Ambito is invisible in a scope, and a missing target is refused
too (the pointer must reach a visible row of the same Ambito when it is written). History tables (no
constraint on their content type) are copies and are not checked.

**The Ambito of a row does not change.** ``ambito_fisso`` (BEFORE UPDATE OF ambito_id, on every tenant table)
refuses moving a row to another Ambito (from NULL is allowed: a row without Ambito cannot be referenced):
otherwise, inside ``cross_ambito``, moving a referenced act to another Ambito would leave the rows of the
first one pointing across.

``tests/tenancy/test_rls.py`` walks the catalogue and fails on a table or a foreign key without them.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.db import connections
from django_scopes import get_scope

POLICY = "ambito_isolamento"
POLICY_FIGLIA = "ambito_tramite"
TRIGGER_STESSO_AMBITO = "ambito_stesso_ambito"
TRIGGER_STESSO_AMBITO_INSERITI = "ambito_stesso_ambito_inseriti"
TRIGGER_GENERICO = "ambito_stesso_ambito_generico"
TRIGGER_GENERICO_INSERITI = "ambito_stesso_ambito_generico_inseriti"
TRIGGER_AMBITO_FISSO = "ambito_fisso"

# The predicate of the policy. The settings are read once per query (scalar sub-queries become
# InitPlans), so the planner can use an index on ambito_id and each row costs one comparison.
PREDICATO = (
    "((SELECT coalesce(current_setting('ambito.cross', true), '') <> '') "
    "OR ambito_id = (SELECT nullif(current_setting('ambito.id', true), '')::bigint))"
)

_motivo_cross: ContextVar[str | None] = ContextVar("ambito_motivo_cross", default=None)
_proprietario: ContextVar[bool] = ContextVar("ambito_proprietario", default=False)
MOTIVO_PROPRIETARIO = "proprietario: migrazioni e manutenzione"


def ruolo_applicazione() -> str:
    return settings.DATABASE_APP_ROLE


# --- The scope in the connection ------------------------------------------------------------------

@contextmanager
def motivo_cross(motivo: str) -> Iterator[None]:
    """Name the reason of the current ``cross_ambito`` (it becomes the value of ``ambito.cross``)."""
    token = _motivo_cross.set(motivo[:200] or "cross_ambito")
    try:
        yield
    finally:
        _motivo_cross.reset(token)


def in_modo_proprietario() -> bool:
    return _proprietario.get()


def stato_voluto() -> tuple[str, str]:
    """``(ambito.id, ambito.cross)`` as the current scope wants them in the connection."""
    if _proprietario.get():
        return "", MOTIVO_PROPRIETARIO
    stato = get_scope()
    if not stato.get("_enabled", True):
        return "", _motivo_cross.get() or "scope django disattivato"
    ambito = stato.get("ambito")
    ambito = getattr(ambito, "pk", ambito)
    if isinstance(ambito, int) and not isinstance(ambito, bool):
        return str(ambito), ""
    if isinstance(ambito, str) and ambito.isdigit():
        return ambito, ""
    return "", ""


def allinea_connessioni() -> None:
    """Bring every open connection in line with the scope now (called when a scope ends)."""
    for conn in connections.all(initialized_only=True):
        allinea = getattr(conn, "allinea_ambito", None)
        if allinea is not None:
            allinea(subito=True)


@contextmanager
def come_proprietario() -> Iterator[None]:
    """Run as the owner of the tables: migrations, flush, test-database set-up, bulk loads of the bench.

    An open connection leaves the application role for the time of the block (``SET ROLE NONE``); new
    connections are opened without it. At the end the connection goes back to the application role.
    """
    token = _proprietario.set(True)
    aperte = [c for c in connections.all(initialized_only=True) if c.connection is not None]
    for conn in aperte:
        if hasattr(conn, "allinea_ambito") and conn.vendor == "postgresql":
            with conn.cursor() as cursor:
                cursor.execute("SET ROLE NONE")
    try:
        yield
    finally:
        _proprietario.reset(token)
        for conn in connections.all(initialized_only=True):
            if conn.connection is None or not hasattr(conn, "allinea_ambito"):
                continue
            if conn.in_atomic_block:
                with conn.cursor() as cursor:
                    cursor.execute(conn.ops.compose_sql("SET ROLE %s", [ruolo_applicazione()]))
            else:
                conn.close()  # opened by the owner: the next one starts as the application role


# --- Roles and grants --------------------------------------------------------------------------------

def assicura_ruolo(cursor: Any) -> None:
    """Create the application role if it is missing (as the owner; roles are per server) and let the
    owner switch to it. Safe when several processes do it at once."""
    ruolo = ruolo_applicazione()
    identificatore = '"' + ruolo.replace('"', '""') + '"'
    letterale = "'" + ruolo.replace("'", "''") + "'"
    cursor.execute(
        "DO $$ BEGIN "
        f"IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = {letterale}) THEN "
        f"CREATE ROLE {identificatore} NOLOGIN NOSUPERUSER NOBYPASSRLS; END IF; "
        # created meanwhile by another process (test workers start together): fine
        "EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$"
    )
    cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = session_user")
    if not cursor.fetchone()[0]:
        cursor.execute("SELECT pg_has_role(session_user, %s, 'MEMBER')", [ruolo])
        if not cursor.fetchone()[0]:
            cursor.execute(f"GRANT {identificatore} TO session_user")


GRANTS = """
GRANT USAGE ON SCHEMA public TO {ruolo};
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {ruolo};
GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO {ruolo};
"""

# --- Policies and the same-Ambito trigger ----------------------------------------------------------

FUNZIONE_STESSO_AMBITO = r"""
CREATE OR REPLACE FUNCTION ambito_stesso_ambito() RETURNS trigger AS $$
-- The check of an UPDATE, row by row (BEFORE UPDATE FOR EACH ROW; it also works for an INSERT, which
-- ambito_stesso_ambito_inseriti checks set-based). Arguments: quadruples (column, referenced table, referenced column,
-- its type). The referenced row is read with the caller's rights: a row of another Ambito is invisible in a scope,
-- and of another Ambito in a cross_ambito: refused either way. A table without ambito_id (a many-to-many table
-- between tenant tables): every row it refers to must be of one Ambito. Only a reference that changes (or whose
-- row changes Ambito) is read again.
DECLARE
    nuovo jsonb := to_jsonb(NEW);
    vecchio jsonb := CASE WHEN TG_OP = 'UPDATE' THEN to_jsonb(OLD) END;
    legame boolean := NOT (to_jsonb(NEW) ? 'ambito_id');
    atteso text := to_jsonb(NEW) ->> 'ambito_id';
    colonna text;
    valore text;
    rif bigint;
    i int := 0;
BEGIN
    WHILE i < TG_NARGS LOOP
        colonna := TG_ARGV[i];
        valore := nuovo ->> colonna;
        IF valore IS NOT NULL AND (legame OR vecchio IS NULL OR vecchio ->> colonna IS DISTINCT FROM valore
                                   OR vecchio ->> 'ambito_id' IS DISTINCT FROM nuovo ->> 'ambito_id') THEN
            EXECUTE format('SELECT ambito_id FROM %I WHERE %I = $1::%s', TG_ARGV[i + 1], TG_ARGV[i + 2],
                           TG_ARGV[i + 3])
                INTO rif USING valore;
            IF legame AND atteso IS NULL AND rif IS NOT NULL THEN
                atteso := rif::text;
            END IF;
            IF rif IS NULL OR rif::text IS DISTINCT FROM atteso THEN
                RAISE EXCEPTION '%.% = % refers to a row of % that is not of Ambito %',
                    TG_TABLE_NAME, colonna, valore, TG_ARGV[i + 1], coalesce(atteso, '(none visible)')
                    USING ERRCODE = 'foreign_key_violation';
            END IF;
        END IF;
        i := i + 4;
    END LOOP;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
"""

FUNZIONE_STESSO_AMBITO_INSERITI = r"""
CREATE OR REPLACE FUNCTION ambito_stesso_ambito_inseriti() RETURNS trigger AS $$
-- The check of an INSERT, set-based: AFTER INSERT FOR EACH STATEMENT, the statement's rows in the transition table
-- "inseriti". Same arguments, same rule and same error as ambito_stesso_ambito, but ONE query per statement (every
-- referenced table LEFT JOINed, read with the caller's rights: another Ambito's row is invisible in a scope) instead
-- of one dynamic query per row and per foreign key. It returns only the rows that break the rule (on a table
-- without ambito_id, a many-to-many table, every row: the Ambito is the one of its first reference), which the loop
-- below checks column by column exactly as the row trigger does, raising on the first.
DECLARE
    legame boolean;
    valori text := '';
    rif text := '';
    giunzioni text := '';
    condizioni text := '';
    riga record;
    atteso text;
    r bigint;
    i int := 0;
    j int;
BEGIN
    legame := NOT EXISTS (SELECT FROM pg_attribute WHERE attrelid = TG_RELID AND attname = 'ambito_id'
                          AND NOT attisdropped);
    WHILE i < TG_NARGS LOOP
        j := i / 4;
        valori := valori || CASE WHEN i > 0 THEN ', ' ELSE '' END || format('n.%I::text', TG_ARGV[i]);
        rif := rif || CASE WHEN i > 0 THEN ', ' ELSE '' END || format('d%s.ambito_id::bigint', j);
        giunzioni := giunzioni || format(' LEFT JOIN %I d%s ON d%s.%I = n.%I', TG_ARGV[i + 1], j, j, TG_ARGV[i + 2],
                                         TG_ARGV[i]);
        condizioni := condizioni || CASE WHEN i > 0 THEN ' OR ' ELSE '' END
            || format('(n.%I IS NOT NULL AND (d%s.ambito_id IS NULL OR d%s.ambito_id IS DISTINCT FROM n.ambito_id))',
                      TG_ARGV[i], j, j);
        i := i + 4;
    END LOOP;
    IF i = 0 THEN
        RETURN NULL;
    END IF;
    FOR riga IN EXECUTE format('SELECT ARRAY[%s] AS valori, ARRAY[%s] AS rif, %s AS atteso FROM inseriti n%s%s',
                               valori, rif, CASE WHEN legame THEN 'NULL::text' ELSE 'n.ambito_id::text' END,
                               giunzioni, CASE WHEN legame THEN '' ELSE ' WHERE ' || condizioni || ' LIMIT 1' END)
    LOOP
        atteso := riga.atteso;
        FOR j IN 1 .. cardinality(riga.valori) LOOP
            CONTINUE WHEN riga.valori[j] IS NULL;
            r := riga.rif[j];
            IF legame AND atteso IS NULL AND r IS NOT NULL THEN
                atteso := r::text;
            END IF;
            IF r IS NULL OR r::text IS DISTINCT FROM atteso THEN
                RAISE EXCEPTION '%.% = % refers to a row of % that is not of Ambito %',
                    TG_TABLE_NAME, TG_ARGV[(j - 1) * 4], riga.valori[j], TG_ARGV[(j - 1) * 4 + 1],
                    coalesce(atteso, '(none visible)')
                    USING ERRCODE = 'foreign_key_violation';
            END IF;
        END LOOP;
    END LOOP;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
"""


FUNZIONE_STESSO_AMBITO_GENERICO = r"""
CREATE OR REPLACE FUNCTION ambito_stesso_ambito_generico() RETURNS trigger AS $$
-- Arguments: the content type column, the object id column. The target (found through the content type) must be
-- a visible row of the same Ambito; a target that is not a tenant model is not checked. Read with the caller's
-- rights, like ambito_stesso_ambito: another Ambito's row is invisible in a scope, refused either way.
DECLARE
    nuovo jsonb := to_jsonb(NEW);
    vecchio jsonb := CASE WHEN TG_OP = 'UPDATE' THEN to_jsonb(OLD) END;
    tipo text := nuovo ->> TG_ARGV[0];
    oggetto text := nuovo ->> TG_ARGV[1];
    dest record;
    rif bigint;
BEGIN
    IF tipo IS NULL OR oggetto IS NULL THEN
        RETURN NEW;
    END IF;
    IF vecchio IS NOT NULL AND vecchio ->> TG_ARGV[0] IS NOT DISTINCT FROM tipo
       AND vecchio ->> TG_ARGV[1] IS NOT DISTINCT FROM oggetto
       AND vecchio ->> 'ambito_id' IS NOT DISTINCT FROM nuovo ->> 'ambito_id' THEN
        RETURN NEW;
    END IF;
    SELECT * INTO dest FROM ambito_destinazione_generica(tipo::integer);
    IF dest.tabella IS NULL THEN
        RETURN NEW;
    END IF;
    EXECUTE format('SELECT ambito_id FROM %I WHERE %I = $1::%s', dest.tabella, dest.colonna, dest.tipo)
        INTO rif USING oggetto;
    IF rif IS NULL OR rif::text IS DISTINCT FROM nuovo ->> 'ambito_id' THEN
        RAISE EXCEPTION '%.% = % refers to a row of % that is not of Ambito %',
            TG_TABLE_NAME, TG_ARGV[1], oggetto, dest.tabella, coalesce(nuovo ->> 'ambito_id', '(none)')
            USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
"""

FUNZIONE_STESSO_AMBITO_GENERICO_INSERITI = r"""
CREATE OR REPLACE FUNCTION ambito_stesso_ambito_generico_inseriti() RETURNS trigger AS $$
-- The check of an INSERT, set-based: AFTER INSERT FOR EACH STATEMENT, the statement's rows in the transition table
-- "inseriti". Same arguments, rule and error as ambito_stesso_ambito_generico, but one query per content type among
-- the statement's rows (its target table LEFT JOINed, read with the caller's rights) instead of one dynamic query per
-- row: a 2,000-row bulk_create of the sensitive-read log costs one join, not 2,000 EXECUTEs. It looks only for a row
-- that breaks the rule and raises on the first.
DECLARE
    tipo integer;
    dest record;
    oggetto text;
    atteso text;
BEGIN
    FOR tipo IN EXECUTE format('SELECT DISTINCT %1$I FROM inseriti WHERE %1$I IS NOT NULL AND %2$I IS NOT NULL',
                               TG_ARGV[0], TG_ARGV[1])
    LOOP
        SELECT * INTO dest FROM ambito_destinazione_generica(tipo);
        CONTINUE WHEN dest.tabella IS NULL;
        oggetto := NULL;
        EXECUTE format('SELECT n.%2$I::text, n.ambito_id::text FROM inseriti n '
                       'LEFT JOIN %3$I d ON d.%4$I = n.%2$I::text::%5$s '
                       'WHERE n.%1$I = $1 AND n.%2$I IS NOT NULL '
                       'AND (d.ambito_id IS NULL OR d.ambito_id IS DISTINCT FROM n.ambito_id) LIMIT 1',
                       TG_ARGV[0], TG_ARGV[1], dest.tabella, dest.colonna, dest.tipo)
            INTO oggetto, atteso USING tipo;
        IF oggetto IS NOT NULL THEN
            RAISE EXCEPTION '%.% = % refers to a row of % that is not of Ambito %',
                TG_TABLE_NAME, TG_ARGV[1], oggetto, dest.tabella, coalesce(atteso, '(none)')
                USING ERRCODE = 'foreign_key_violation';
        END IF;
    END LOOP;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
"""

FUNZIONE_AMBITO_FISSO = r"""
CREATE OR REPLACE FUNCTION ambito_fisso() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '%: the Ambito of a row does not change (% -> %)', TG_TABLE_NAME, OLD.ambito_id, NEW.ambito_id
        USING ERRCODE = 'check_violation';
END;
$$ LANGUAGE plpgsql;
"""


def destinazioni_generiche() -> dict[tuple[str, str], tuple[str, str, str]]:
    """Tenant models as targets of a generic pointer: {(app_label, model): (table, pk column, pk type)}."""
    from django.apps import apps
    from django.db import connection

    destinazioni = {}
    for model in apps.get_models():
        meta = model._meta
        if meta.proxy or not any(f.column == "ambito_id" for f in meta.concrete_fields):
            continue
        tipo = meta.pk.rel_db_type(connection)
        destinazioni[(meta.app_label, meta.model_name)] = (meta.db_table, meta.pk.column, tipo)
    return destinazioni


def funzione_destinazione(conn: Any) -> str:
    """The SQL function from a content type id to its tenant table (none for other models), built from the models."""
    righe = [conn.ops.compose_sql("(%s, %s, %s, %s, %s)", [app, modello, *dest])
             for (app, modello), dest in sorted(destinazioni_generiche().items())]
    valori = ", ".join(righe) or "(NULL, NULL, NULL, NULL, NULL)"
    return (
        "CREATE OR REPLACE FUNCTION ambito_destinazione_generica(ct integer, OUT tabella text, OUT colonna text, "  # noqa: S608 - values composed as literals
        "OUT tipo text) AS $$ SELECT d.t, d.c, d.y FROM django_content_type k "
        f"JOIN (VALUES {valori}) d(a, m, t, c, y) ON d.a = k.app_label AND d.m = k.model WHERE k.id = ct "
        "$$ LANGUAGE sql STABLE"
    )


def riferimenti_generici(cursor: Any) -> dict[str, tuple[str, str]]:
    """Tenant tables with a generic pointer: {table: (content type column, object id column)}: a
    ``content_type_id`` constrained to ``django_content_type`` and an ``object_id`` column."""
    cursor.execute(
        """
        SELECT src.relname FROM pg_constraint k
        JOIN pg_class src ON src.oid = k.conrelid
        JOIN pg_namespace n ON n.oid = src.relnamespace AND n.nspname = 'public'
        JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = k.conkey[1] AND a.attname = 'content_type_id'
        WHERE k.contype = 'f' AND k.confrelid = 'django_content_type'::regclass
          AND EXISTS (SELECT FROM pg_attribute x WHERE x.attrelid = k.conrelid AND x.attname = 'ambito_id'
                      AND NOT x.attisdropped)
          AND EXISTS (SELECT FROM pg_attribute x WHERE x.attrelid = k.conrelid AND x.attname = 'object_id'
                      AND NOT x.attisdropped)
        ORDER BY 1
        """
    )
    return {r[0]: ("content_type_id", "object_id") for r in cursor.fetchall()}


def tabelle_tenant(cursor: Any) -> list[str]:
    """Every table of the public schema with an ``ambito_id`` column."""
    cursor.execute(
        """
        SELECT c.relname FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
        JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'ambito_id' AND NOT a.attisdropped
        WHERE c.relkind IN ('r', 'p') ORDER BY 1
        """
    )
    return [r[0] for r in cursor.fetchall()]


def riferimenti_tenant(cursor: Any) -> dict[str, list[tuple[str, str, str, str]]]:
    """Foreign keys from a tenant table to another tenant table: {table: [(column, table, column, type)]}; and
    those of a table without ``ambito_id`` that refers to two or more tenant rows (a many-to-many table)."""
    cursor.execute(
        """
        SELECT src.relname, a.attname, dst.relname, b.attname, format_type(b.atttypid, b.atttypmod)
        FROM pg_constraint k
        JOIN pg_class src ON src.oid = k.conrelid
        JOIN pg_class dst ON dst.oid = k.confrelid
        JOIN pg_namespace n ON n.oid = src.relnamespace AND n.nspname = 'public'
        JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = k.conkey[1]
        JOIN pg_attribute b ON b.attrelid = k.confrelid AND b.attnum = k.confkey[1]
        WHERE k.contype = 'f' AND cardinality(k.conkey) = 1
          AND EXISTS (SELECT FROM pg_attribute x WHERE x.attrelid = k.confrelid AND x.attname = 'ambito_id'
                      AND NOT x.attisdropped)
          AND a.attname <> 'ambito_id'
          AND (EXISTS (SELECT FROM pg_attribute x WHERE x.attrelid = k.conrelid AND x.attname = 'ambito_id'
                       AND NOT x.attisdropped)
               OR (SELECT count(*) FROM pg_constraint k2
                   WHERE k2.conrelid = k.conrelid AND k2.contype = 'f'
                     AND EXISTS (SELECT FROM pg_attribute x WHERE x.attrelid = k2.confrelid
                                 AND x.attname = 'ambito_id' AND NOT x.attisdropped)) >= 2)
        ORDER BY 1, 2
        """
    )
    riferimenti: dict[str, list[tuple[str, str, str, str]]] = {}
    for tabella, *riferimento in cursor.fetchall():
        riferimenti.setdefault(tabella, []).append(tuple(riferimento))
    return riferimenti


def tabelle_figlie_nel_catalogo(cursor: Any) -> dict[str, tuple[str, str, str]]:
    """Tables without ``ambito_id`` with a foreign key to a tenant table: {table: (column, parent, parent column)},
    the first such key in column order."""
    cursor.execute(
        """
        SELECT DISTINCT ON (src.relname) src.relname, a.attname, dst.relname, b.attname
        FROM pg_constraint k
        JOIN pg_class src ON src.oid = k.conrelid
        JOIN pg_class dst ON dst.oid = k.confrelid
        JOIN pg_namespace n ON n.oid = src.relnamespace AND n.nspname = 'public'
        JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = k.conkey[1]
        JOIN pg_attribute b ON b.attrelid = k.confrelid AND b.attnum = k.confkey[1]
        WHERE k.contype = 'f' AND cardinality(k.conkey) = 1
          AND NOT EXISTS (SELECT FROM pg_attribute x WHERE x.attrelid = k.conrelid AND x.attname = 'ambito_id'
                          AND NOT x.attisdropped)
          AND EXISTS (SELECT FROM pg_attribute x WHERE x.attrelid = k.confrelid AND x.attname = 'ambito_id'
                      AND NOT x.attisdropped)
        ORDER BY src.relname, a.attnum
        """
    )
    return {tabella: (colonna, padre, colonna_padre) for tabella, colonna, padre, colonna_padre in cursor.fetchall()}


def tabelle_figlie() -> dict[str, tuple[str, str, str]]:
    """Tables without ``ambito_id`` whose rows belong to a tenant row: {table: (column, parent, parent column)}.

    Found through Django's models (including auto-created many-to-many tables and their history, whose
    link has no constraint in the database). A history table's rows follow their ``history`` record.
    """
    from django.apps import apps
    from django.db import models

    def tenant(model: type[models.Model]) -> bool:
        return any(f.column == "ambito_id" for f in model._meta.concrete_fields)

    figlie: dict[str, tuple[str, str, str]] = {}
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if not meta.managed or meta.proxy or tenant(model):
            continue
        legami = [f for f in meta.concrete_fields
                  if isinstance(f, models.ForeignKey) and tenant(f.related_model)]
        if not legami:
            continue
        legame = next((f for f in legami if f.name == "history"), legami[0])
        figlie[meta.db_table] = (legame.column, legame.related_model._meta.db_table,
                                 legame.target_field.column)
    return figlie


CATALOGHI_LETTI = ("pg_class", "pg_attribute", "pg_constraint", "pg_namespace", "pg_trigger", "pg_policy")


def aggiorna_statistiche_catalogo(cursor: Any) -> None:
    """ANALYZE the system catalogs the queries below join. On a server with autovacuum off (as on the
    development and CI machines) a database created from a template keeps the template's catalog statistics;
    after a migrate has added hundreds of tables, the planner then chose nested loops that made the catalog
    queries of :func:`riferimenti_tenant` run for tens of minutes. Without the right to analyze a catalog
    PostgreSQL skips it with a warning (no error)."""
    for catalogo in CATALOGHI_LETTI:
        cursor.execute(f"ANALYZE pg_catalog.{catalogo}")


def installa(sender: Any = None, using: str = "default", **kwargs: Any) -> None:
    """Grants, policies and same-Ambito triggers on every tenant table (idempotent; after every migrate).

    ``post_migrate`` is sent once per app, when every table already exists: the work is done once, for
    the app ``ambito``, and covers the tables of every app.
    """
    if sender is not None and getattr(sender, "label", None) != "ambito":
        return
    conn = connections[using]
    if conn.vendor != "postgresql":
        return
    q = conn.ops.quote_name
    esistenti = set(conn.introspection.table_names())
    with conn.cursor() as cursor:
        assicura_ruolo(cursor)
        aggiorna_statistiche_catalogo(cursor)
        cursor.execute(GRANTS.format(ruolo=q(ruolo_applicazione())))
        cursor.execute(FUNZIONE_STESSO_AMBITO)
        cursor.execute(FUNZIONE_STESSO_AMBITO_INSERITI)
        cursor.execute(FUNZIONE_STESSO_AMBITO_GENERICO)
        cursor.execute(FUNZIONE_STESSO_AMBITO_GENERICO_INSERITI)
        cursor.execute(FUNZIONE_AMBITO_FISSO)
        cursor.execute(funzione_destinazione(conn))
        for tabella in tabelle_tenant(cursor):
            t = q(tabella)
            cursor.execute(f"DROP TRIGGER IF EXISTS {TRIGGER_AMBITO_FISSO} ON {t}")
            cursor.execute(
                f"CREATE TRIGGER {TRIGGER_AMBITO_FISSO} BEFORE UPDATE OF ambito_id ON {t} FOR EACH ROW "
                "WHEN (OLD.ambito_id IS NOT NULL AND OLD.ambito_id IS DISTINCT FROM NEW.ambito_id) "
                "EXECUTE FUNCTION ambito_fisso()"
            )
            cursor.execute(f"ALTER TABLE {t} ENABLE ROW LEVEL SECURITY")
            cursor.execute(f"ALTER TABLE {t} FORCE ROW LEVEL SECURITY")
            cursor.execute(f"DROP POLICY IF EXISTS {POLICY} ON {t}")
            cursor.execute(f"CREATE POLICY {POLICY} ON {t} USING {PREDICATO} WITH CHECK {PREDICATO}")
        # From the catalogue, then from Django's models (which also know the links without a constraint, and
        # that a history row follows its ``history`` record).
        figlie = {**tabelle_figlie_nel_catalogo(cursor), **tabelle_figlie()}
        for tabella, (colonna, padre, colonna_padre) in figlie.items():
            if tabella not in esistenti:
                continue
            t = q(tabella)
            visibile = f"(EXISTS (SELECT FROM {q(padre)} p WHERE p.{q(colonna_padre)} = {t}.{q(colonna)}))"
            cursor.execute(f"ALTER TABLE {t} ENABLE ROW LEVEL SECURITY")
            cursor.execute(f"ALTER TABLE {t} FORCE ROW LEVEL SECURITY")
            cursor.execute(f"DROP POLICY IF EXISTS {POLICY_FIGLIA} ON {t}")
            cursor.execute(f"CREATE POLICY {POLICY_FIGLIA} ON {t} USING {visibile} WITH CHECK {visibile}")
        for tabella, colonne in riferimenti_tenant(cursor).items():
            t = q(tabella)
            argomenti = ", ".join(conn.ops.compose_sql("%s, %s, %s, %s", list(c)) for c in colonne)
            cursor.execute(f"DROP TRIGGER IF EXISTS {TRIGGER_STESSO_AMBITO} ON {t}")
            cursor.execute(
                f"CREATE TRIGGER {TRIGGER_STESSO_AMBITO} BEFORE UPDATE ON {t} "
                f"FOR EACH ROW EXECUTE FUNCTION ambito_stesso_ambito({argomenti})"
            )
            # An INSERT is checked once per statement (a transition table cannot serve INSERT and UPDATE at once).
            cursor.execute(f"DROP TRIGGER IF EXISTS {TRIGGER_STESSO_AMBITO_INSERITI} ON {t}")
            cursor.execute(
                f"CREATE TRIGGER {TRIGGER_STESSO_AMBITO_INSERITI} AFTER INSERT ON {t} REFERENCING NEW TABLE AS "
                f"inseriti FOR EACH STATEMENT EXECUTE FUNCTION ambito_stesso_ambito_inseriti({argomenti})"
            )
        for tabella, colonne in riferimenti_generici(cursor).items():
            t = q(tabella)
            argomenti = conn.ops.compose_sql("%s, %s", list(colonne))
            cursor.execute(f"DROP TRIGGER IF EXISTS {TRIGGER_GENERICO} ON {t}")
            cursor.execute(
                f"CREATE TRIGGER {TRIGGER_GENERICO} BEFORE UPDATE ON {t} "
                f"FOR EACH ROW EXECUTE FUNCTION ambito_stesso_ambito_generico({argomenti})"
            )
            cursor.execute(f"DROP TRIGGER IF EXISTS {TRIGGER_GENERICO_INSERITI} ON {t}")
            cursor.execute(
                f"CREATE TRIGGER {TRIGGER_GENERICO_INSERITI} AFTER INSERT ON {t} REFERENCING NEW TABLE AS "
                f"inseriti FOR EACH STATEMENT EXECUTE FUNCTION ambito_stesso_ambito_generico_inseriti({argomenti})"
            )
