"""Enti: validated fiscal codes and PEC, shared registry edited only by the registering Ambito."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from ambito.errors import RegolaViolata
from ambito.tenancy import ambito_scope
from ambito.tenancy.models import Ambito
from ambito.territorio.models import Ente, TipoEnte
from ambito.territorio.selectors import ente_list
from ambito.territorio.services import ente_create, ente_update
from tests.conftest import Mondo
from tests.riferimenti import vettori_codice_fiscale

pytestmark = pytest.mark.django_db


def vettori() -> list[dict[str, str]]:
    # "luogo" vectors are valid in format and checksum but name a Belfiore code not active at the
    # birth date: a registry check that does not apply to an ente's fiscal code.
    return [r for r in vettori_codice_fiscale() if r["categoria"] != "luogo"]


def crea(mondo: Mondo, **dati):
    with ambito_scope(mondo.a.ambito, actor=mondo.a.operatore):
        return ente_create(ambito=mondo.a.ambito, actor=mondo.a.operatore,
                           dati={"tipo": TipoEnte.COOPERATIVA, "denominazione": "Cooperativa sociale Prova", **dati})


@pytest.fixture
def ambito_solo(db) -> Ambito:
    """One bare Ambito: enough to register an ente (the full world is slow to build 60 times)."""
    return Ambito.objects.create(denominazione="Ambito di prova", slug="prova", codice="PROVA")


@pytest.mark.parametrize("vettore", vettori(), ids=lambda v: f"{v['codice']}-{v['categoria']}")
def test_ente_fiscal_codes_are_validated_like_the_reference_vectors(ambito_solo, vettore):
    dati = {"tipo": TipoEnte.COOPERATIVA, "denominazione": "Cooperativa sociale Prova",
            "codice_fiscale": vettore["codice"]}
    if vettore["atteso_valido"] == "true":
        ente = ente_create(ambito=ambito_solo, actor=None, dati=dati)
        assert ente.codice_fiscale == "".join(c for c in vettore["codice"].upper() if c.isalnum())
    else:
        with pytest.raises(RegolaViolata) as exc:
            ente_create(ambito=ambito_solo, actor=None, dati=dati)
        assert exc.value.campo == "codice_fiscale"
        assert not Ente.objects.filter(denominazione="Cooperativa sociale Prova").exists()


def test_the_vectors_cover_valid_and_invalid_codes():
    categorie = {(v["atteso_valido"], v["categoria"]) for v in vettori()}
    assert ("true", "cf-numerico-11") in categorie and ("false", "checksum") in categorie


def test_a_new_ente_records_the_registering_ambito_and_normalised_codes(mondo: Mondo):
    ente = crea(mondo, codice_fiscale=" 9000 0010 018 ", partita_iva="IT90000010018", pec=" Coop@PEC.Example.IT ")
    assert ente.registrato_da == mondo.a.ambito
    assert (ente.codice_fiscale, ente.partita_iva, ente.pec) == ("90000010018", "90000010018", "coop@pec.example.it")
    assert ente.history.first().history_user == mondo.a.operatore


@pytest.mark.parametrize(("campo", "valore", "messaggio"), [
    ("partita_iva", "90000010019", "Partita IVA non valida"),
    ("pec", "non-una-pec", "Indirizzo PEC non valido"),
    ("codice_fiscale", "123", "11 cifre"),
])
def test_bad_identifiers_are_refused_on_their_field(mondo: Mondo, campo, valore, messaggio):
    with pytest.raises(RegolaViolata, match=messaggio) as exc:
        crea(mondo, **{campo: valore})
    assert exc.value.campo == campo
    assert not Ente.objects.filter(denominazione="Cooperativa sociale Prova").exists()


def test_a_fiscal_code_is_registered_once(mondo: Mondo):
    crea(mondo, codice_fiscale="90000010018")
    with pytest.raises(RegolaViolata, match="già registrato"):
        crea(mondo, codice_fiscale="90000010018", denominazione="Altra")


def test_a_comune_ente_must_name_its_comune(mondo: Mondo):
    with pytest.raises(RegolaViolata) as exc:
        crea(mondo, tipo=TipoEnte.COMUNE, denominazione="Comune di Lodi")
    assert exc.value.campo == "comune"


def test_only_the_registering_ambito_or_a_platform_admin_edits_an_ente(mondo: Mondo):
    ente = crea(mondo, codice_fiscale="90000010018")
    with ambito_scope(mondo.b.ambito, actor=mondo.b.operatore), pytest.raises(PermissionDenied):
        ente_update(ente=ente, ambito=mondo.b.ambito, actor=mondo.b.operatore, dati={"denominazione": "Presa"})
    with ambito_scope(mondo.b.ambito, actor=mondo.admin):
        ente_update(ente=ente, ambito=mondo.b.ambito, actor=mondo.admin, dati={"legale_rappresentante": "Anna Neri"})
    with ambito_scope(mondo.a.ambito, actor=mondo.a.operatore):
        ente = ente_update(ente=ente, ambito=mondo.a.ambito, actor=mondo.a.operatore,
                           dati={"denominazione": "Cooperativa sociale Prova ONLUS"})
    ente.refresh_from_db()
    assert (ente.denominazione, ente.legale_rappresentante) == ("Cooperativa sociale Prova ONLUS", "Anna Neri")
    assert [h.history_user for h in ente.history.all()] == [mondo.a.operatore, mondo.admin, mondo.a.operatore]


def test_an_update_without_changes_writes_no_history(mondo: Mondo):
    ente = crea(mondo, codice_fiscale="90000010018")
    with ambito_scope(mondo.a.ambito, actor=mondo.a.operatore):
        ente_update(ente=ente, ambito=mondo.a.ambito, actor=mondo.a.operatore,
                    dati={"denominazione": "Cooperativa sociale Prova", "codice_fiscale": "9000 0010 018"})
    assert ente.history.count() == 1


def test_an_ambito_sees_its_own_enti_its_partners_and_its_comuni_but_not_another_ambitos(mondo: Mondo):
    nostra = crea(mondo, codice_fiscale="90000010018")
    with ambito_scope(mondo.b.ambito, actor=mondo.b.operatore):
        loro = ente_create(ambito=mondo.b.ambito, actor=mondo.b.operatore,
                           dati={"tipo": TipoEnte.ETS, "denominazione": "Associazione di Sesto"})
    comune_ente = Ente.objects.create(tipo=TipoEnte.COMUNE, denominazione="Comune di Codogno",
                                      comune=mondo.a.comuni[1])
    with ambito_scope(mondo.a.ambito):
        visti = set(ente_list(ambito=mondo.a.ambito))
    assert {nostra, mondo.a.asst, mondo.a.ambito.ente_capofila, comune_ente} <= visti
    assert loro not in visti and mondo.b.asst not in visti
