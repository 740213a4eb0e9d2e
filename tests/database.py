"""Bring the test database back to "freshly migrated" in a few milliseconds.

Django empties the database with ``flush``: a TRUNCATE of every table plus the ``post_migrate``
signal (content types, permissions, append-only triggers), about 3 s here, most of it creating
new files for ~75 tables. The tests' tables hold a few dozen rows, so deleting them is two orders
of magnitude cheaper; the append-only triggers (which refuse DELETE on history rows) and the
foreign-key triggers are switched off for that one transaction only. Both run as the owner of the tables
(:func:`ambito.tenancy.rls.come_proprietario`): the application role the tests run as may not do either,
and sees only the rows of its scope.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from django.db import DatabaseError, connection, transaction
from django.db.models import Model

from ambito.tenancy.rls import come_proprietario

# What migrations create and no test writes: kept (their ids are cached by Django).
TABELLE_DELLE_MIGRAZIONI = frozenset({"django_migrations", "django_content_type", "auth_permission"})


@cache
def tabelle_dei_test() -> tuple[str, ...]:
    tabelle = connection.introspection.django_table_names(only_existing=True, include_views=False)
    return tuple(sorted(t for t in tabelle if t not in TABELLE_DELLE_MIGRAZIONI))


def _cancella_tutto(cursor) -> None:
    """DELETE every row with triggers off (superuser); TRUNCATE when the role may not do that."""
    quote = connection.ops.quote_name
    try:
        with transaction.atomic():
            cursor.execute("SET LOCAL session_replication_role = replica")
    except DatabaseError:
        cursor.execute(f"TRUNCATE {', '.join(quote(t) for t in tabelle_dei_test())} CASCADE")
        return
    try:
        cursor.execute("; ".join(f"DELETE FROM {quote(t)}" for t in tabelle_dei_test()))  # noqa: S608 (our tables)
    finally:
        cursor.execute("SET LOCAL session_replication_role = origin")


def semina_dati_delle_migrazioni() -> None:
    """Rows that data migrations seed and the tests expect: the catalogue of funding sources, the regional
    catalogue of unit types (udos)."""
    from fondi.services import fonti_seed
    from udos.services import tipologie_seed

    fonti_seed()
    tipologie_seed()


def svuota_database() -> None:
    """Every table as right after ``migrate``: no rows but those the migrations seed.

    Inside a test's transaction the deletion is rolled back with the test."""
    with transaction.atomic():
        with come_proprietario(), connection.cursor() as cursor:
            _cancella_tutto(cursor)
        semina_dati_delle_migrazioni()


def conta_righe(modelli: Iterable[type[Model]]) -> tuple[int, ...]:
    """How many rows each model's table holds (every row: no scope applies), in one query."""
    quote = connection.ops.quote_name
    conteggi = [f"(SELECT count(*) FROM {quote(m._meta.db_table)})" for m in modelli]  # noqa: S608 (our tables)
    with come_proprietario(), connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(conteggi)}")
        return tuple(cursor.fetchone())
