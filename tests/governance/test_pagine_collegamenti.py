"""The page that links an act to the objects it approves (and removes a link)."""

from __future__ import annotations

import pytest

from ambito.atti.models import AttoCollegamento
from ambito.atti.services import atto_link
from ambito.tenancy import ambito_scope
from ambito.territorio.models import SubAmbito
from tests.governance.helpers import crea_atto

pytestmark = pytest.mark.django_db


def url(w, suffisso=""):
    return f"/a/{w.ambito.slug}/atti/{suffisso}"


def sub_ambito(w, nome="Legnanese"):
    with ambito_scope(w.ambito):
        return SubAmbito.objects.create(ambito=w.ambito, nome=nome)


def collegamenti(w):
    with ambito_scope(w.ambito):
        return list(AttoCollegamento.objects.filter(ambito=w.ambito).values_list("object_id", "descrizione"))


def test_the_operatore_links_an_object_and_the_act_page_lists_it(mondo, client_per):
    atto = crea_atto(mondo.a)
    sub = sub_ambito(mondo.a)
    c = client_per(mondo.a.operatore)
    modulo = c.get(url(mondo.a, f"{atto.pk}/collegamenti/nuovo/")).content.decode()
    assert '<label for="id_modello"' in modulo and "Sub-ambito" in modulo
    risposta = c.post(url(mondo.a, f"{atto.pk}/collegamenti/nuovo/"),
                      {"modello": "ambito.subambito", "oggetto": sub.pk, "descrizione": "Costituzione"})
    assert risposta.status_code == 302 and risposta["Location"] == url(mondo.a, f"{atto.pk}/")
    assert collegamenti(mondo.a) == [(sub.pk, "Costituzione")]
    pagina = c.get(risposta["Location"]).content.decode()
    assert "Legnanese" in pagina and "Costituzione" in pagina and "Rimuovi" in pagina


def test_the_object_is_found_by_searching_its_name_never_by_typing_its_number(mondo, client_per):
    """Issue 14, defect 4: the page asked for "the number in the page address"."""
    atto = crea_atto(mondo.a)
    legnanese, _altro = sub_ambito(mondo.a, "Legnanese"), sub_ambito(mondo.a, "Castanese")
    sub_ambito(mondo.b, "Legnanese di Sesto")
    c = client_per(mondo.a.operatore)
    pagina = c.get(url(mondo.a, f"{atto.pk}/collegamenti/nuovo/")).content.decode()
    assert "indirizzo" not in pagina and 'name="oggetto" type="number"' not in pagina
    assert "Scegli il tipo di oggetto per vedere quelli di questo Ambito." in pagina
    trovati = c.get(url(mondo.a, f"{atto.pk}/collegamenti/nuovo/"),
                    {"modello": "ambito.subambito", "cerca": "legn"}, HTTP_HX_REQUEST="true").content.decode()
    assert f'type="radio" name="oggetto" value="{legnanese.pk}"' in trovati
    assert "Castanese" not in trovati and "Legnanese di Sesto" not in trovati
    risposta = c.post(url(mondo.a, f"{atto.pk}/collegamenti/nuovo/"), {"modello": "ambito.subambito"})
    assert risposta.status_code == 400
    assert "Scegli l&#x27;oggetto tra i risultati della ricerca." in risposta.content.decode()
    assert collegamenti(mondo.a) == []


def test_an_object_of_another_ambito_is_refused_next_to_the_field_and_nothing_is_linked(mondo, client_per):
    atto = crea_atto(mondo.a)
    estraneo = sub_ambito(mondo.b, "Sub-ambito di Sesto")
    risposta = client_per(mondo.a.responsabile).post(url(mondo.a, f"{atto.pk}/collegamenti/nuovo/"),
                                                     {"modello": "ambito.subambito", "oggetto": estraneo.pk,
                                                      "descrizione": "da conservare"})
    html = risposta.content.decode()
    assert risposta.status_code == 400
    assert "non c&#x27;è un oggetto di questo tipo con questo numero" in html
    assert 'value="da conservare"' in html  # the typed input is kept
    assert collegamenti(mondo.a) == [] and collegamenti(mondo.b) == []


def test_the_same_object_twice_is_refused_with_the_services_message(mondo, client_per):
    atto = crea_atto(mondo.a)
    sub = sub_ambito(mondo.a)
    c = client_per(mondo.a.operatore)
    dati = {"modello": "ambito.subambito", "oggetto": sub.pk}
    assert c.post(url(mondo.a, f"{atto.pk}/collegamenti/nuovo/"), dati).status_code == 302
    risposta = c.post(url(mondo.a, f"{atto.pk}/collegamenti/nuovo/"), dati)
    assert risposta.status_code == 400 and "già collegato" in risposta.content.decode()
    assert len(collegamenti(mondo.a)) == 1


def test_shared_reference_data_is_not_offered(mondo, client_per):
    atto = crea_atto(mondo.a)
    modulo = client_per(mondo.a.operatore).get(url(mondo.a, f"{atto.pk}/collegamenti/nuovo/")).content.decode()
    assert 'value="ambito.subambito"' in modulo
    for condiviso in ("ambito.comune", "ambito.ente", "ambito.utente", "ambito.attocollegamento"):
        assert f'value="{condiviso}"' not in modulo


def test_removing_a_link_keeps_it_in_the_history(mondo, client_per):
    atto = crea_atto(mondo.a)
    sub = sub_ambito(mondo.a)
    with ambito_scope(mondo.a.ambito, actor=mondo.a.operatore):
        collegamento = atto_link(atto=atto, actor=mondo.a.operatore, oggetto=sub)
    risposta = client_per(mondo.a.operatore).post(url(mondo.a, f"collegamenti/{collegamento.pk}/elimina/"))
    assert risposta.status_code == 302 and risposta["Location"] == url(mondo.a, f"{atto.pk}/")
    assert collegamenti(mondo.a) == []
    with ambito_scope(mondo.a.ambito):
        assert list(AttoCollegamento.history.filter(id=collegamento.pk).values_list("history_type", flat=True)
                    .order_by("history_date")) == ["+", "-"]


@pytest.mark.parametrize("chiave", ["assistente_1", "sindaco", "partner"])
def test_roles_outside_the_ufficio_see_the_links_but_not_the_buttons(mondo, client_per, chiave):
    atto = crea_atto(mondo.a, pubblicato=True)
    sub = sub_ambito(mondo.a)
    with ambito_scope(mondo.a.ambito, actor=mondo.a.operatore):
        atto_link(atto=atto, actor=mondo.a.operatore, oggetto=sub)
    pagina = client_per(mondo.a.utente(chiave)).get(url(mondo.a, f"{atto.pk}/")).content.decode()
    assert "Legnanese" in pagina
    assert "Collega un oggetto" not in pagina and "Rimuovi" not in pagina
