"""The scope is the safety net: unscoped queries raise, scoped ones see one Ambito (and, for
assistenti sociali, their comuni only)."""

from __future__ import annotations

import pytest
from django_scopes import ScopeError, scopes_disabled

from ambito.accounts.models import Membro
from ambito.atti.models import Atto
from ambito.tenancy import ambito_scope
from tests.conftest import login
from tests.scoping_app.models import PraticaDiProva


@pytest.fixture
def pratiche(mondo):
    with scopes_disabled():
        for w in (mondo.a, mondo.b):
            for comune in w.comuni:
                PraticaDiProva.objects.create(ambito=w.ambito, comune=comune, descrizione=f"{w.ambito.slug}:{comune}")
    return mondo


@pytest.mark.django_db
def test_a_query_on_tenant_data_without_a_scope_raises(mondo):
    with pytest.raises(ScopeError):
        list(Membro.objects.all())
    with pytest.raises(ScopeError):
        Atto.objects.filter(numero="1").exists()


@pytest.mark.django_db
def test_inside_a_scope_only_that_ambitos_rows_are_visible(mondo):
    with ambito_scope(mondo.a.ambito):
        ambiti = set(Membro.objects.values_list("ambito_id", flat=True))
    assert ambiti == {mondo.a.ambito.pk}


@pytest.mark.django_db
def test_the_comune_dimension_restricts_comune_rows(pratiche):
    mondo = pratiche
    with ambito_scope(mondo.a.ambito, comuni=[mondo.a.comuni[0].pk]):
        visibili = list(PraticaDiProva.objects.values_list("comune_id", flat=True))
    assert visibili == [mondo.a.comuni[0].pk]
    with ambito_scope(mondo.a.ambito):
        assert PraticaDiProva.objects.count() == len(mondo.a.comuni)


@pytest.mark.django_db
@pytest.mark.urls("tests.scoping_app.urls")
def test_an_assistente_sociale_sees_only_their_comunes_cases_through_a_page(pratiche, client):
    mondo = pratiche
    url = f"/a/{mondo.a.ambito.slug}/pratiche/"
    assistente = login(client, mondo.a.assistente_1).get(url).json()["pratiche"]
    assert assistente == [f"lodi:{mondo.a.comuni[0]}"]
    operatore = login(client.__class__(), mondo.a.operatore).get(url).json()["pratiche"]
    assert len(operatore) == len(mondo.a.comuni)
    assert all(p.startswith("lodi:") for p in operatore)
    assert login(client.__class__(), mondo.b.operatore).get(url).status_code == 404


@pytest.mark.django_db
def test_scoped_related_fields_fail_closed_for_another_ambitos_object(mondo):
    """With the scoped manager as default manager, a foreign id does not validate inside a scope."""
    with scopes_disabled():
        membro_b = Membro.objects.filter(ambito=mondo.b.ambito).first()
    with ambito_scope(mondo.a.ambito):
        assert not Membro.objects.filter(pk=membro_b.pk).exists()


@pytest.mark.parametrize("lettura", ["exists", "exclude", "in_bulk", "select_related", "distinct"])
def test_reads_django_scopes_let_through_raise_outside_a_scope_too(mondo, lettura):
    """Under row-level security they would answer "nothing" outside a scope (exists() → False): a check written
    there would pass by mistake. They raise like every other read."""
    metodo = getattr(Atto.objects, lettura)
    with pytest.raises(ScopeError):
        risultato = metodo(pk=1) if lettura == "exclude" else metodo()
        bool(risultato)
    with ambito_scope(mondo.a.ambito):  # inside the scope the same reads work
        assert Atto.objects.exists() == (Atto.objects.count() > 0)
