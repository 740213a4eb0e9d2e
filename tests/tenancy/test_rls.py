"""The second layer: PostgreSQL row-level security and same-Ambito references (ambito.tenancy.rls).

The first layer (django-scopes) is bypassed on purpose here: raw SQL, ``obj.fk`` through the base manager,
rows planted by the owner of the tables. What stops them is the database.
"""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction
from django.test import Client
from django_scopes import scopes_disabled

from ambito.atti.models import Atto
from ambito.tenancy import ambito_scope, cross_ambito, rls
from fondi.models import Assegnazione, Quota, Vincolo
from tests.conftest import login
from tests.fondi import helpers as h

pytestmark = pytest.mark.django_db


# --- The catalogue --------------------------------------------------------------------------------

def mancanze(cursor) -> list[str]:
    """What the catalogue lacks: RLS, its policy, the same-Ambito trigger. Empty when all is in place."""
    problemi = []
    cursor.execute(
        """
        SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity,
               (SELECT count(*) FROM pg_policies p WHERE p.tablename = c.relname AND p.policyname = %s
                  AND p.cmd = 'ALL' AND p.qual LIKE '%%ambito_id = %%current_setting(''ambito.id''%%'
                  AND p.with_check = p.qual)
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
        WHERE c.relkind = 'r' AND EXISTS (SELECT FROM pg_attribute a WHERE a.attrelid = c.oid
                                          AND a.attname = 'ambito_id' AND NOT a.attisdropped)
        """, [rls.POLICY])
    for tabella, abilitata, forzata, policy in cursor.fetchall():
        if not (abilitata and forzata and policy == 1):
            problemi.append(f"{tabella}: RLS enabled={abilitata} forced={forzata}, policy {rls.POLICY}={policy}")
    # Tables without ambito_id hanging off a tenant table (many-to-many): RLS through the parent.
    cursor.execute(
        """
        SELECT DISTINCT c.relname, c.relrowsecurity, c.relforcerowsecurity,
               (SELECT count(*) FROM pg_policies p WHERE p.tablename = c.relname AND p.policyname = %s)
        FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid
        WHERE k.contype = 'f'
          AND NOT EXISTS (SELECT FROM pg_attribute a WHERE a.attrelid = k.conrelid AND a.attname = 'ambito_id')
          AND EXISTS (SELECT FROM pg_attribute a WHERE a.attrelid = k.confrelid AND a.attname = 'ambito_id')
        """, [rls.POLICY_FIGLIA])
    for tabella, abilitata, forzata, policy in cursor.fetchall():
        if not (abilitata and forzata and policy == 1):
            problemi.append(f"{tabella}: RLS enabled={abilitata} forced={forzata}, policy {rls.POLICY_FIGLIA}={policy}")
    # Tables linked to a tenant table without a constraint (the history of many-to-many tables).
    for tabella in rls.tabelle_figlie():
        cursor.execute("SELECT c.relrowsecurity AND c.relforcerowsecurity, (SELECT count(*) FROM pg_policies p "
                       "WHERE p.tablename = c.relname AND p.policyname = %s) FROM pg_class c WHERE c.relname = %s",
                       [rls.POLICY_FIGLIA, tabella])
        riga = cursor.fetchone()
        if riga is not None and riga != (True, 1):
            problemi.append(f"{tabella}: RLS through its parent missing ({riga})")
    # Every foreign key between two tenant tables is checked by the same-Ambito triggers (UPDATE: per row; INSERT:
    # per statement), and so is every foreign key of a table that links two tenant rows (a many-to-many table
    # between tenant tables).
    cursor.execute(
        """
        SELECT src.relname, a.attname, e.nome,
               EXISTS (SELECT FROM pg_trigger t WHERE t.tgrelid = k.conrelid AND t.tgname = e.nome AND t.tgenabled = 'O'
                       AND position(convert_to(a.attname, 'UTF8') || '\\x00'::bytea || convert_to(dst.relname, 'UTF8')
                                    IN t.tgargs) > 0
                       AND (t.tgtype & e.evento) > 0)
        FROM (VALUES (%s, 16), (%s, 4)) e(nome, evento), pg_constraint k
        JOIN pg_class src ON src.oid = k.conrelid JOIN pg_class dst ON dst.oid = k.confrelid
        JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = k.conkey[1]
        WHERE k.contype = 'f' AND a.attname <> 'ambito_id'
          AND EXISTS (SELECT FROM pg_attribute x WHERE x.attrelid = k.confrelid AND x.attname = 'ambito_id')
          AND (EXISTS (SELECT FROM pg_attribute x WHERE x.attrelid = k.conrelid AND x.attname = 'ambito_id')
               OR (SELECT count(*) FROM pg_constraint k2 WHERE k2.conrelid = k.conrelid AND k2.contype = 'f'
                   AND EXISTS (SELECT FROM pg_attribute x WHERE x.attrelid = k2.confrelid
                               AND x.attname = 'ambito_id')) >= 2)
        """, [rls.TRIGGER_STESSO_AMBITO, rls.TRIGGER_STESSO_AMBITO_INSERITI])
    for tabella, colonna, trigger, presente in cursor.fetchall():
        if not presente:
            problemi.append(f"{tabella}.{colonna}: foreign key between tenant tables without {trigger}")
    # Every generic pointer of a tenant table (content_type_id constrained to the content types + object_id) is
    # checked by the generic same-Ambito triggers: UPDATE row by row (BEFORE, FOR EACH ROW), INSERT once per
    # statement (AFTER, FOR EACH STATEMENT, over the inserted rows).
    cursor.execute(
        """
        SELECT c.relname, e.nome,
               EXISTS (SELECT FROM pg_trigger t WHERE t.tgrelid = c.oid AND t.tgname = e.nome AND t.tgenabled = 'O'
                       AND (t.tgtype & e.bit) = e.atteso)
        FROM (VALUES (%s, 1 | 2 | 4 | 16, 1 | 2 | 16), (%s, 1 | 2 | 4 | 16, 4)) e(nome, bit, atteso),
             pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
        WHERE c.relkind = 'r'
          AND EXISTS (SELECT FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'ambito_id'
                      AND NOT a.attisdropped)
          AND EXISTS (SELECT FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'object_id'
                      AND NOT a.attisdropped)
          AND EXISTS (SELECT FROM pg_constraint k JOIN pg_attribute a ON a.attrelid = k.conrelid
                      AND a.attnum = k.conkey[1] AND a.attname = 'content_type_id'
                      WHERE k.conrelid = c.oid AND k.contype = 'f'
                        AND k.confrelid = 'django_content_type'::regclass)
        """, [rls.TRIGGER_GENERICO, rls.TRIGGER_GENERICO_INSERITI])
    for tabella, trigger, presente in cursor.fetchall():
        if not presente:
            problemi.append(f"{tabella}: generic pointer without {trigger}")
    # No tenant table lets a row change Ambito (BEFORE UPDATE).
    cursor.execute(
        """
        SELECT c.relname,
               EXISTS (SELECT FROM pg_trigger t WHERE t.tgrelid = c.oid AND t.tgname = %s AND t.tgenabled = 'O'
                       AND (t.tgtype & 2) > 0 AND (t.tgtype & 16) > 0)
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
        WHERE c.relkind = 'r' AND EXISTS (SELECT FROM pg_attribute a WHERE a.attrelid = c.oid
                                          AND a.attname = 'ambito_id' AND NOT a.attisdropped)
        """, [rls.TRIGGER_AMBITO_FISSO])
    for tabella, presente in cursor.fetchall():
        if not presente:
            problemi.append(f"{tabella}: ambito_id can change (no {rls.TRIGGER_AMBITO_FISSO})")
    return problemi


def test_rls_conventions_every_tenant_table_has_forced_rls_its_policy_and_same_ambito_references():
    with connection.cursor() as cursor:
        assert mancanze(cursor) == []
        assert len(rls.tabelle_tenant(cursor)) >= 40  # the catalogue was really walked
        assert "fondi_quota" in rls.riferimenti_tenant(cursor)
        assert {"ambito_membro_comuni", "ambito_historicalmembro_comuni"} <= set(rls.tabelle_figlie())
        assert {"ambito_allegato", "ambito_richiestaapprovazione", "ambito_attocollegamento", "fondi_quota",
                "fondi_movimento", "ambito_accessodatisensibili"} <= set(rls.riferimenti_generici(cursor))


def test_rls_conventions_a_new_modules_table_without_them_fails_until_migrate_installs_them():
    """A table of a future module (here made by hand, in this test's transaction) is caught by the check;
    the post_migrate installer then covers it like any other."""
    with rls.come_proprietario(), connection.cursor() as cursor:
        cursor.execute("CREATE TABLE modulo_domanda (id bigserial PRIMARY KEY, "
                       "ambito_id bigint NOT NULL REFERENCES ambito_ambito(id), "
                       "atto_id bigint REFERENCES ambito_atto(id), "
                       "content_type_id integer REFERENCES django_content_type(id), object_id bigint)")
        # A many-to-many table between two tenant tables: no ambito_id of its own.
        cursor.execute("CREATE TABLE modulo_domanda_atti (id bigserial PRIMARY KEY, "
                       "domanda_id bigint NOT NULL REFERENCES modulo_domanda(id), "
                       "atto_id bigint NOT NULL REFERENCES ambito_atto(id))")
        problemi = mancanze(cursor)
        assert any(p.startswith("modulo_domanda: RLS enabled=False") for p in problemi)
        assert any(p.startswith("modulo_domanda_atti: RLS enabled=False") for p in problemi)
        for trigger in ("ambito_stesso_ambito", "ambito_stesso_ambito_inseriti"):
            assert f"modulo_domanda.atto_id: foreign key between tenant tables without {trigger}" in problemi
            assert f"modulo_domanda_atti.atto_id: foreign key between tenant tables without {trigger}" in problemi
        for trigger in ("ambito_stesso_ambito_generico", "ambito_stesso_ambito_generico_inseriti"):
            assert f"modulo_domanda: generic pointer without {trigger}" in problemi
        assert "modulo_domanda: ambito_id can change (no ambito_fisso)" in problemi
        rls.installa()
        assert mancanze(cursor) == []


def test_a_many_to_many_link_between_two_ambiti_is_refused(mondo):
    """A link table between two tenant tables (a future module's): both rows must be of one Ambito."""
    with rls.come_proprietario(), connection.cursor() as cursor:
        cursor.execute("CREATE TABLE modulo_domanda (id bigserial PRIMARY KEY, "
                       "ambito_id bigint NOT NULL REFERENCES ambito_ambito(id))")
        cursor.execute("CREATE TABLE modulo_domanda_atti (id bigserial PRIMARY KEY, "
                       "domanda_id bigint NOT NULL REFERENCES modulo_domanda(id), "
                       "atto_id bigint NOT NULL REFERENCES ambito_atto(id))")
        rls.installa()
    atti = {}
    for w in (mondo.a, mondo.b):
        with ambito_scope(w.ambito):
            atti[w.ambito.slug] = h.atto(w.ambito).pk
    with cross_ambito("test: a link across Ambiti"):
        [(domanda,)] = sql("INSERT INTO modulo_domanda (ambito_id) VALUES (%s) RETURNING id", [mondo.a.ambito.pk])
        assert sql("INSERT INTO modulo_domanda_atti (domanda_id, atto_id) VALUES (%s, %s) RETURNING domanda_id",
                   [domanda, atti["lodi"]]) == [(domanda,)]
        with pytest.raises(DatabaseError, match="not of Ambito"), transaction.atomic():
            sql("INSERT INTO modulo_domanda_atti (domanda_id, atto_id) VALUES (%s, %s)", [domanda, atti["sesto"]])
        # Several links in one statement (checked once per statement): one across refuses them all.
        # (its first reference, in column order, gives the Ambito the others must have)
        with pytest.raises(DatabaseError, match=rf"modulo_domanda_atti.domanda_id = {domanda} refers to a row of "
                                                rf"modulo_domanda that is not of Ambito {mondo.b.ambito.pk}"), \
                transaction.atomic():
            sql("INSERT INTO modulo_domanda_atti (domanda_id, atto_id) VALUES (%s, %s), (%s, %s)",
                [domanda, atti["lodi"], domanda, atti["sesto"]])
        assert sql("SELECT count(*) FROM modulo_domanda_atti") == [(1,)]


# --- As the application role ------------------------------------------------------------------------

@pytest.fixture
def fondi_in_due_ambiti(mondo):
    """Fund data (assegnazione, vincolo, quota, movements, their history) in both Ambiti."""
    dati = {}
    for w in (mondo.a, mondo.b):
        with ambito_scope(w.ambito, actor=w.responsabile):
            a = h.assegnazione(w.ambito, w.responsabile)
            dati[w.ambito.slug] = {"assegnazione": a, "quota": h.quota(a, w.responsabile),
                                   "vincolo": Vincolo.objects.create(ambito=w.ambito, assegnazione=a, tipo="massimo",
                                                                     area="", tipo_destinazione="bando",
                                                                     percentuale=h.D("90.00"))}
    return dati


# Tenant tables that hold no row of both Ambiti even after pianta_riga (their check constraints refuse its
# placeholder values). Keep it short: each one is a table whose isolation this test does not prove.
SENZA_RIGHE_NEI_DUE_AMBITI: set[str] = set()

_VALORI = {"uuid": "gen_random_uuid()", "json": "'{}'", "jsonb": "'{}'", "inet": "'127.0.0.1'",
           "interval": "'1 day'", "bool": "false"}
# Columns whose placeholder a check constraint would refuse: (table, column) → a value it accepts.
_VALORI_DI_COLONNA = {
    ("ambito_richiestaapprovazione", "stato"): "'in_attesa'",  # a pending approval request: no decision required
    ("misure_domanda", "stato"): "'bozza'",  # a draft needs no protocol number
    ("misure_distinta", "mese"): "'2025-01-01'",  # a month is its first day
    ("misure_pagamento", "mese"): "'2025-01-01'",
    ("rendicontazione_flussowaas", "stato"): "'scartato'",  # an offered flow needs its timestamp
}


def pianta_riga(tabella: str, ambito_id: int) -> bool:
    """Plant a row of ``ambito_id`` in a tenant table the test world leaves empty, as the owner with the
    foreign keys and triggers off (session_replication_role = replica): a placeholder value for each required
    column, by type. Only for the visibility checks (the test's transaction is rolled back). False when a check
    constraint refuses the placeholders."""
    colonne = sql(
        """
        SELECT a.attname, format_type(a.atttypid, a.atttypmod), t.typcategory, t.typname,
               CASE WHEN a.atttypmod > 4 THEN a.atttypmod - 4 END
        FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
        WHERE a.attrelid = %s::regclass AND a.attnum > 0 AND NOT a.attisdropped AND a.attnotnull
          AND NOT a.atthasdef AND a.attidentity = '' AND a.attname <> 'ambito_id'
        """, [tabella])
    nomi, valori = ["ambito_id"], [str(int(ambito_id))]
    for i, (nome, tipo, categoria, nome_tipo, lunghezza) in enumerate(colonne):
        if (tabella, nome) in _VALORI_DI_COLONNA:
            valore = _VALORI_DI_COLONNA[tabella, nome]
        elif nome_tipo in _VALORI:
            valore = _VALORI[nome_tipo]
        elif categoria == "N":
            valore = str(1 + i + ambito_id % 50)
        elif categoria == "S":
            valore = "'" + f"r{ambito_id}{i}"[: lunghezza or 20] + "'"
        elif categoria == "D":
            valore = "now()"
        elif categoria == "A":
            valore = "'{}'"
        else:
            return False
        nomi.append(connection.ops.quote_name(nome))
        valori.append(f"{valore}::{tipo}")
    try:
        with rls.come_proprietario(), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL session_replication_role = replica")
            cursor.execute(f"INSERT INTO {connection.ops.quote_name(tabella)} ({', '.join(nomi)}) "  # noqa: S608
                           f"VALUES ({', '.join(valori)})")
            cursor.execute("SET LOCAL session_replication_role = origin")
    except DatabaseError:
        return False
    return True


def sql(query: str, params: list | None = None) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        return cursor.fetchall()


def test_the_tests_run_as_the_application_role_that_is_not_superuser_and_owns_nothing(mondo):
    [(utente, superuser, bypass, tabelle)] = sql(
        "SELECT current_user, rolsuper, rolbypassrls, (SELECT count(*) FROM pg_tables WHERE tableowner = current_user)"
        " FROM pg_roles WHERE rolname = current_user")
    assert (utente, superuser, bypass, tabelle) == (rls.ruolo_applicazione(), False, False, 0)


@pytest.fixture
def piani_in_due_ambiti(mondo):
    """Rows of the piani tables whose check constraints refuse the placeholders (an indicator belongs to an
    objective or a project, a signatory is a comune or an ente), in both Ambiti."""
    from tests.piani.oggetti import indicatore_pk, sottoscrittore_pk

    for w in (mondo.a, mondo.b):
        indicatore_pk(w)
        sottoscrittore_pk(w)


def test_raw_select_on_every_tenant_table_no_scope_no_rows_lodi_scope_only_lodi(mondo, fondi_in_due_ambiti,
                                                                                 piani_in_due_ambiti):
    lodi, sesto = mondo.a.ambito.pk, mondo.b.ambito.pk
    with connection.cursor() as cursor:
        tabelle = rls.tabelle_tenant(cursor)
    q = connection.ops.quote_name
    per_ambito = {}
    with rls.come_proprietario():  # the owner sees what is really there
        for t in tabelle:
            per_ambito[t] = dict(sql(f"SELECT ambito_id, count(*) FROM {q(t)} GROUP BY 1"))  # noqa: S608
    popolate = [t for t, conteggi in per_ambito.items() if conteggi.get(lodi) and conteggi.get(sesto)]
    assert {"ambito_membro", "fondi_quota", "fondi_movimento", "fondi_historicalquota"} <= set(popolate)
    for t in set(tabelle) - set(popolate):  # tables the test world leaves empty: a planted row in each Ambito
        for ambito in (lodi, sesto):
            if not per_ambito[t].get(ambito) and pianta_riga(t, ambito):
                per_ambito[t][ambito] = 1
    popolate = [t for t, conteggi in per_ambito.items() if conteggi.get(lodi) and conteggi.get(sesto)]
    # Every table walked holds rows of both Ambiti, or the checks below would pass on an empty table.
    vuote = sorted(set(tabelle) - set(popolate) - SENZA_RIGHE_NEI_DUE_AMBITI)
    assert vuote == [], " ".join(vuote)

    for t in tabelle:
        assert sql(f"SELECT count(*) FROM {q(t)}") == [(0,)], f"{t} shows rows without a scope"  # noqa: S608
    with ambito_scope(mondo.a.ambito):
        for t in tabelle:
            visibili = dict(sql(f"SELECT ambito_id, count(*) FROM {q(t)} GROUP BY 1"))  # noqa: S608
            attesi = {lodi: per_ambito[t][lodi]} if per_ambito[t].get(lodi) else {}
            assert visibili == attesi, t
    # Many-to-many rows follow their parent.
    with ambito_scope(mondo.a.ambito):
        membri = sql("SELECT DISTINCT m.ambito_id FROM ambito_membro_comuni mc "
                     "JOIN ambito_membro m ON m.id = mc.membro_id")
        assert sql("SELECT count(*) FROM ambito_membro_comuni mc WHERE NOT EXISTS "
                   "(SELECT FROM ambito_membro m WHERE m.id = mc.membro_id)") == [(0,)]
    assert membri == [(lodi,)]
    assert sql("SELECT count(*) FROM ambito_membro_comuni") == [(0,)]


def test_cross_ambito_sees_every_ambito_and_says_why_in_the_session(mondo):
    with cross_ambito("test: every membership"):
        ambiti = {r[0] for r in sql("SELECT DISTINCT ambito_id FROM ambito_membro")}
        [(motivo, ambito)] = sql("SELECT current_setting('ambito.cross'), current_setting('ambito.id')")
    assert ambiti == {mondo.a.ambito.pk, mondo.b.ambito.pk}
    assert (motivo, ambito) == ("test: every membership", "")
    assert sql("SELECT current_setting('ambito.cross'), count(*) FROM ambito_membro GROUP BY 1") == []


def test_insert_or_update_with_another_ambitos_id_is_refused(mondo):
    lodi, sesto = mondo.a.ambito, mondo.b.ambito
    with ambito_scope(lodi):
        with pytest.raises(DatabaseError, match="row-level security"), transaction.atomic():
            sql("INSERT INTO ambito_atto (ambito_id, tipo, numero, data, oggetto, pubblicato) "
                "VALUES (%s, 'determina_capofila', '99', '2025-01-01', 'di un altro Ambito', true) "
                "RETURNING id", [sesto.pk])
        atto = h.atto(lodi)
        with pytest.raises(DatabaseError, match="the Ambito of a row does not change"), transaction.atomic():
            sql("UPDATE ambito_atto SET ambito_id = %s WHERE id = %s RETURNING id", [sesto.pk, atto.pk])
        # Another Ambito's rows cannot even be reached to be changed or deleted.
    with ambito_scope(sesto):
        assert sql("UPDATE ambito_atto SET oggetto = 'preso' WHERE id = %s RETURNING id", [atto.pk]) == []
        assert sql("DELETE FROM ambito_atto WHERE id = %s RETURNING id", [atto.pk]) == []
    with ambito_scope(lodi):
        assert Atto.objects.get(pk=atto.pk).oggetto == "Atto di prova"


def test_a_raw_update_pointing_a_quota_at_another_ambitos_assegnazione_is_refused(mondo, fondi_in_due_ambiti):
    quota_lodi = fondi_in_due_ambiti["lodi"]["quota"]
    di_sesto = fondi_in_due_ambiti["sesto"]["assegnazione"]
    vincolo_lodi = fondi_in_due_ambiti["lodi"]["vincolo"]
    for contesto in (lambda: ambito_scope(mondo.a.ambito), lambda: cross_ambito("test: a cross-tenant link")):
        with contesto():
            with pytest.raises(DatabaseError, match="refers to a row of fondi_assegnazione that is not of Ambito"), \
                    transaction.atomic():
                sql("UPDATE fondi_quota SET assegnazione_id = %s WHERE id = %s", [di_sesto.pk, quota_lodi.pk])
            with pytest.raises(DatabaseError, match="not of Ambito"), transaction.atomic():
                sql("UPDATE fondi_vincolo SET assegnazione_id = %s WHERE id = %s", [di_sesto.pk, vincolo_lodi.pk])
            with pytest.raises(DatabaseError, match="not of Ambito"), transaction.atomic():
                sql("INSERT INTO fondi_vincolo (ambito_id, assegnazione_id, tipo, tipo_destinazione, area, "
                    "percentuale, descrizione) VALUES (%s, %s, 'massimo', 'bando', '', 1, 'di traverso')",
                    [mondo.a.ambito.pk, di_sesto.pk])
    with ambito_scope(mondo.a.ambito):
        assert Quota.objects.get(pk=quota_lodi.pk).assegnazione_id == quota_lodi.assegnazione_id


def test_a_many_row_insert_with_one_row_pointing_at_another_ambito_is_refused_whole(mondo, fondi_in_due_ambiti):
    """An INSERT is checked once per statement, set-based: one row of a many-row ``INSERT … SELECT`` pointing at
    another Ambito's row (or at a row that is not there) refuses the whole statement at once, with the row's column
    and value and the foreign-key SQLSTATE, in a scope and in cross_ambito. Django's foreign keys are deferred to the
    commit: this refusal comes from the trigger, inside the test's open transaction."""
    lodi = mondo.a.ambito
    di_lodi = fondi_in_due_ambiti["lodi"]["assegnazione"].pk
    di_sesto = fondi_in_due_ambiti["sesto"]["assegnazione"].pk
    inserisci = ("INSERT INTO fondi_vincolo (ambito_id, assegnazione_id, tipo, tipo_destinazione, area, percentuale, "
                 "descrizione) SELECT %s, a, 'massimo', 'bando', '', 1, 'in blocco' FROM unnest(%s::bigint[]) a "
                 "RETURNING assegnazione_id")
    for contesto in (lambda: ambito_scope(lodi), lambda: cross_ambito("test: a many-row insert across Ambiti")):
        with contesto():
            for estranea in (di_sesto, 10**12):
                with pytest.raises(DatabaseError, match=rf"fondi_vincolo.assegnazione_id = {estranea} refers to a "
                                                        rf"row of fondi_assegnazione that is not of Ambito {lodi.pk}"
                                   ) as errore, transaction.atomic():
                    sql(inserisci, [lodi.pk, [di_lodi, di_lodi, estranea, di_lodi]])
                assert errore.value.__cause__.sqlstate == "23503"  # foreign_key_violation
    with ambito_scope(lodi):
        assert sql("SELECT count(*) FROM fondi_vincolo WHERE descrizione = 'in blocco'") == [(0,)]
        assert sql(inserisci, [lodi.pk, [di_lodi, di_lodi]]) == [(di_lodi,), (di_lodi,)]


def test_related_object_access_across_ambiti_finds_nothing(mondo, fondi_in_due_ambiti):
    """A Lodi vincolo pointing at Sesto's assegnazione, planted by the owner with every check switched off:
    through the ORM (``obj.fk`` uses the base manager, which django-scopes does not filter) Lodi finds
    nothing."""
    vincolo = fondi_in_due_ambiti["lodi"]["vincolo"]
    di_sesto = fondi_in_due_ambiti["sesto"]["assegnazione"]
    with rls.come_proprietario(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute("UPDATE fondi_vincolo SET assegnazione_id = %s WHERE id = %s", [di_sesto.pk, vincolo.pk])
        cursor.execute("SET LOCAL session_replication_role = origin")
    with ambito_scope(mondo.a.ambito):
        piantato = Vincolo.objects.get(pk=vincolo.pk)
        assert piantato.assegnazione_id == di_sesto.pk
        with pytest.raises(Assegnazione.DoesNotExist):
            piantato.assegnazione  # noqa: B018
        assert not Assegnazione._base_manager.filter(pk=di_sesto.pk).exists()
        assert list(Vincolo.objects.filter(assegnazione__descrizione__startswith="FNA")
                    .values_list("pk", flat=True)) == []


def test_a_pooled_connection_carries_no_scope_into_the_next_request(mondo, settings):
    settings.ROOT_URLCONF = "tests.scoping_app.urls"
    lodi, sesto = login(Client(), mondo.a.operatore), login(Client(), mondo.b.operatore)
    risposta_lodi = lodi.get(f"/a/{mondo.a.ambito.slug}/righe-grezze/").json()
    # Between requests the session holds no Ambito (read past the backend, which would write it first).
    with connection.connection.cursor() as grezzo:
        grezzo.execute("SELECT current_setting('ambito.id', true), current_setting('ambito.cross', true)")
        assert grezzo.fetchone() == ("", "")
    risposta_sesto = sesto.get(f"/a/{mondo.b.ambito.slug}/righe-grezze/").json()
    assert risposta_lodi["pid"] == risposta_sesto["pid"]  # the same connection served both
    assert risposta_lodi["ambiti"] == [mondo.a.ambito.pk]
    assert risposta_sesto["ambiti"] == [mondo.b.ambito.pk]
    assert sql("SELECT count(*) FROM ambito_membro") == [(0,)]


def test_a_rollback_that_undoes_the_scope_in_the_session_is_noticed(mondo):
    """set_config inside a transaction is undone by its rollback: the backend writes the scope again."""
    with ambito_scope(mondo.a.ambito):
        try:
            with transaction.atomic(), ambito_scope(mondo.b.ambito):
                assert sql("SELECT DISTINCT ambito_id FROM ambito_membro") == [(mondo.b.ambito.pk,)]
                raise RuntimeError
        except RuntimeError:
            pass
        assert sql("SELECT DISTINCT ambito_id FROM ambito_membro") == [(mondo.a.ambito.pk,)]
    with scopes_disabled():
        assert len(sql("SELECT DISTINCT ambito_id FROM ambito_membro")) == 2


def test_a_referenced_row_cannot_move_to_another_ambito_not_even_in_cross_ambito(mondo, fondi_in_due_ambiti):
    """Moving a row (here an act Lodi's rows refer to, and a quota) to another Ambito would leave Lodi's rows
    pointing across: refused on every tenant table."""
    lodi, sesto = mondo.a.ambito, mondo.b.ambito
    with ambito_scope(lodi):
        atto = h.atto(lodi)
        [(membro,)] = sql("SELECT min(id) FROM ambito_membro")
    quota = fondi_in_due_ambiti["lodi"]["quota"]
    with cross_ambito("test: moving rows across Ambiti"):
        for tabella, pk in (("ambito_atto", atto.pk), ("fondi_quota", quota.pk), ("ambito_membro", membro)):
            with pytest.raises(DatabaseError, match=f"{tabella}: the Ambito of a row does not change"), \
                    transaction.atomic():
                sql(f"UPDATE {tabella} SET ambito_id = %s WHERE id = %s", [sesto.pk, pk])  # noqa: S608
        # Any other column still changes.
        assert sql("UPDATE ambito_atto SET oggetto = 'rinominato', ambito_id = ambito_id WHERE id = %s "
                   "RETURNING ambito_id", [atto.pk]) == [(lodi.pk,)]
    with ambito_scope(lodi):
        assert Atto.objects.get(pk=atto.pk).oggetto == "rinominato"


def _tipo(app_label: str, model: str) -> int:
    return sql("SELECT id FROM django_content_type WHERE app_label = %s AND model = %s", [app_label, model])[0][0]


def test_a_generic_pointer_at_another_ambitos_row_is_refused(mondo, fondi_in_due_ambiti):
    """content_type_id + object_id are not a foreign key: the generic trigger refuses, even to raw SQL and in
    cross_ambito, an allegato, a link of an act, a quota's object pointing at another Ambito's row."""
    lodi = mondo.a.ambito
    atti = {}
    for w in (mondo.a, mondo.b):
        with ambito_scope(w.ambito):
            atti[w.ambito.slug] = h.atto(w.ambito).pk
    tipo_atto = _tipo("ambito", "atto")
    with ambito_scope(lodi):
        altro = h.atto(lodi).pk
        [(collegamento,)] = sql("INSERT INTO ambito_attocollegamento (ambito_id, atto_id, content_type_id, object_id, "
                                "descrizione) VALUES (%s, %s, %s, %s, '') RETURNING id",
                                [lodi.pk, atti["lodi"], tipo_atto, altro])
    quota = fondi_in_due_ambiti["lodi"]["quota"]
    for contesto in (lambda: ambito_scope(lodi), lambda: cross_ambito("test: a cross-tenant generic link")):
        with contesto():
            with pytest.raises(DatabaseError, match=r"ambito_attocollegamento.object_id = .* refers to a row of "
                                                    "ambito_atto that is not of Ambito"), transaction.atomic():
                sql("UPDATE ambito_attocollegamento SET object_id = %s WHERE id = %s", [atti["sesto"], collegamento])
            with pytest.raises(DatabaseError, match="not of Ambito"), transaction.atomic():
                sql("INSERT INTO ambito_attocollegamento (ambito_id, atto_id, content_type_id, object_id, "
                    "descrizione) VALUES (%s, %s, %s, %s, '')", [lodi.pk, altro, tipo_atto, atti["sesto"]])
            with pytest.raises(DatabaseError, match=r"fondi_quota.object_id .* not of Ambito"), transaction.atomic():
                sql("UPDATE fondi_quota SET content_type_id = %s, object_id = %s WHERE id = %s",
                    [tipo_atto, atti["sesto"], quota.pk])
            with pytest.raises(DatabaseError, match="not of Ambito"), transaction.atomic():  # a row that is not there
                sql("UPDATE ambito_attocollegamento SET object_id = %s WHERE id = %s", [10**12, collegamento])
    with ambito_scope(lodi):
        # Same Ambito: allowed; a shared target (a comune) is not checked.
        assert sql("UPDATE fondi_quota SET content_type_id = %s, object_id = %s WHERE id = %s RETURNING id",
                   [tipo_atto, atti["lodi"], quota.pk]) == [(quota.pk,)]
        comune = mondo.a.comuni[0]
        assert sql("UPDATE fondi_quota SET content_type_id = %s, object_id = %s WHERE id = %s RETURNING id",
                   [_tipo(comune._meta.app_label, comune._meta.model_name), comune.pk, quota.pk]) == [(quota.pk,)]
        assert sql("SELECT object_id FROM ambito_attocollegamento WHERE id = %s", [collegamento]) == [(altro,)]


def test_a_multi_row_insert_with_one_generic_pointer_across_ambiti_is_refused_whole(mondo):
    """The INSERT check is set-based (once per statement, over the inserted rows): one wrong row among good ones,
    of several content types, refuses the whole statement with the row trigger's message and SQLSTATE; a missing
    target too; good rows (and a shared target, not checked) go in."""
    lodi = mondo.a.ambito
    atti = {}
    for w in (mondo.a, mondo.b):
        with ambito_scope(w.ambito):
            atti[w.ambito.slug] = h.atto(w.ambito).pk
    c = mondo.a.comuni[0]
    tipo_atto, tipo_comune, comune = _tipo("ambito", "atto"), _tipo(c._meta.app_label, c._meta.model_name), c.pk
    inserisci = ("INSERT INTO ambito_attocollegamento (ambito_id, atto_id, content_type_id, object_id, descrizione) "
                 "VALUES (%s, %s, %s, %s, ''), (%s, %s, %s, %s, ''), (%s, %s, %s, %s, '') RETURNING id")
    with ambito_scope(lodi):
        for sbagliato in (atti["sesto"], 10**12):
            with pytest.raises(DatabaseError, match=rf"ambito_attocollegamento.object_id = {sbagliato} refers to a "
                                                    rf"row of ambito_atto that is not of Ambito {lodi.pk}") as exc, \
                    transaction.atomic():
                sql(inserisci, [lodi.pk, atti["lodi"], tipo_comune, comune, lodi.pk, atti["lodi"], tipo_atto,
                                atti["lodi"], lodi.pk, atti["lodi"], tipo_atto, sbagliato])
            assert exc.value.__cause__.sqlstate == "23503"  # foreign_key_violation, as the row trigger
        prima = sql("SELECT count(*) FROM ambito_attocollegamento")[0][0]
        assert len(sql(inserisci, [lodi.pk, atti["lodi"], tipo_comune, comune, lodi.pk, atti["lodi"], tipo_atto,
                                   atti["lodi"], lodi.pk, atti["lodi"], tipo_comune, mondo.a.comuni[1].pk])) == 3
        assert sql("SELECT count(*) FROM ambito_attocollegamento")[0][0] == prima + 3
