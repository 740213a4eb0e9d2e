"""Audit rows cannot be rewritten: the database refuses UPDATE and DELETE on history tables and on
the sensitive-read log, and nothing in the application offers to edit them."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.db import DatabaseError, connection, transaction
from django.test import RequestFactory
from django_scopes import scopes_disabled

from ambito.atti.models import Atto
from ambito.audit.models import AccessoDatiSensibili
from ambito.audit.services import append_only_models, registra_lettura_sensibile
from ambito.tenancy import ambito_scope
from tests.governance.helpers import crea_atto

pytestmark = pytest.mark.django_db


def rifiutato(operazione) -> str:
    with pytest.raises(DatabaseError) as errore, transaction.atomic():
        operazione()
    return str(errore.value)


def test_a_history_row_cannot_be_updated_or_deleted(mondo):
    atto = crea_atto(mondo.a, numero="12")
    with scopes_disabled():
        riga = Atto.history.get(id=atto.pk)
        assert "append-only" in rifiutato(lambda: Atto.history.filter(pk=riga.pk).update(numero="99"))
        assert "append-only" in rifiutato(lambda: riga.delete())
        assert Atto.history.get(pk=riga.pk).numero == "12"


def test_the_sensitive_read_log_cannot_be_updated_or_deleted(mondo):
    with ambito_scope(mondo.a.ambito):
        accesso = registra_lettura_sensibile(ambito=mondo.a.ambito, utente=mondo.a.assistente_1,
                                             oggetto=mondo.a.asst, interessato="***ABC82P46E202Z",
                                             categoria="ISEE")
        assert "append-only" in rifiutato(
            lambda: AccessoDatiSensibili.objects.filter(pk=accesso.pk).update(interessato="nessuno"))
        assert "append-only" in rifiutato(lambda: AccessoDatiSensibili.objects.filter(pk=accesso.pk).delete())
        assert AccessoDatiSensibili.objects.get(pk=accesso.pk).interessato == "***ABC82P46E202Z"


def test_raw_sql_is_refused_too(mondo):
    crea_atto(mondo.a)
    tabella = connection.ops.quote_name(Atto.history.model._meta.db_table)

    def raw():
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {tabella}")  # noqa: S608

    with ambito_scope(mondo.a.ambito):  # outside a scope row-level security leaves it no row to delete
        assert "append-only" in rifiutato(raw)


def test_every_history_table_has_the_trigger():
    tabelle = {m._meta.db_table for m in append_only_models()}
    with connection.cursor() as cursor:
        cursor.execute("SELECT event_object_table FROM information_schema.triggers "
                       "WHERE trigger_name = 'ambito_append_only'")
        protette = {riga[0] for riga in cursor.fetchall()}
    assert tabelle <= protette
    assert "ambito_historicalatto" in tabelle and "ambito_historicalvoto" in tabelle


def test_no_admin_page_offers_to_add_change_or_delete_audit_rows(mondo):
    richiesta = RequestFactory().get("/admin/")
    richiesta.user = mondo.admin
    for modello in append_only_models():
        modello_admin = admin.site._registry.get(modello)
        if modello_admin is None:
            continue  # not in the admin at all
        assert not modello_admin.has_add_permission(richiesta), modello
        assert not modello_admin.has_change_permission(richiesta), modello
        assert not modello_admin.has_delete_permission(richiesta), modello


@pytest.mark.parametrize("metodo", ["post", "put", "patch", "delete"])
def test_the_audit_pages_only_read(mondo, client_per, metodo):
    atto = crea_atto(mondo.a)
    c = client_per(mondo.a.responsabile)
    for url in (f"/a/lodi/storico/ambito.atto/{atto.pk}/", "/a/lodi/storico/accessi/"):
        assert getattr(c, metodo)(url).status_code == 405
        contenuto = c.get(url).content.decode().split('id="contenuto"')[1]
        assert 'method="post"' not in contenuto
