"""The module's rules, pages and API, as its users meet them."""

from __future__ import annotations

import pytest

from ambito.errors import RegolaViolata
from ambito.tenancy import ambito_scope
from modulo_modello import services
from modulo_modello.models import Elemento

pytestmark = pytest.mark.django_db


def base(mondo, *parti: str) -> str:
    return "/".join([f"/a/{mondo.a.ambito.slug}/modulo_modello", *parti]) + "/"


def test_a_name_is_used_once_per_ambito(mondo):
    with ambito_scope(mondo.a.ambito, actor=mondo.a.operatore):
        services.elemento_create(ambito=mondo.a.ambito, actor=mondo.a.operatore, nome="Centro diurno")
        with pytest.raises(RegolaViolata) as errore:
            services.elemento_create(ambito=mondo.a.ambito, actor=mondo.a.operatore, nome="centro DIURNO")
    assert errore.value.campo == "nome"
    with ambito_scope(mondo.b.ambito, actor=mondo.b.operatore):
        services.elemento_create(ambito=mondo.b.ambito, actor=mondo.b.operatore, nome="Centro diurno")


def test_staff_register_an_element_and_see_it_listed(mondo, client_per):
    client = client_per(mondo.a.operatore)
    risposta = client.post(base(mondo, "nuovo"), {"nome": "Centro diurno", "descrizione": ""}, follow=True)
    assert "Elemento registrato: Centro diurno." in risposta.content.decode()
    assert "Centro diurno" in client.get(base(mondo)).content.decode()


def test_a_refused_form_keeps_what_was_typed(mondo, client_per):
    client = client_per(mondo.a.operatore)
    client.post(base(mondo, "nuovo"), {"nome": "Centro diurno"})
    risposta = client.post(base(mondo, "nuovo"), {"nome": "Centro diurno", "descrizione": "Seconda volta"})
    assert risposta.status_code == 400
    assert "Esiste già un elemento con questo nome." in risposta.content.decode()
    assert "Seconda volta" in risposta.content.decode()


def test_the_api_lists_only_this_ambitos_elements(mondo, client_per):
    with ambito_scope(mondo.b.ambito, actor=mondo.b.operatore):
        services.elemento_create(ambito=mondo.b.ambito, actor=mondo.b.operatore, nome="Di Sesto")
    client = client_per(mondo.a.operatore)
    creato = client.post(f"/api/v1/a/{mondo.a.ambito.slug}/modulo_modello/elementi/", {"nome": "Di Lodi"},
                         content_type="application/json")
    assert creato.status_code == 201
    elenco = client.get(f"/api/v1/a/{mondo.a.ambito.slug}/modulo_modello/elementi/").json()
    assert [e["nome"] for e in elenco["results"]] == ["Di Lodi"]
    doppio = client.post(f"/api/v1/a/{mondo.a.ambito.slug}/modulo_modello/elementi/", {"nome": "Di Lodi"},
                         content_type="application/json")
    assert doppio.status_code == 400 and doppio.json()["errore"]["campi"] == {
        "nome": ["Esiste già un elemento con questo nome."]}


def test_an_elements_page_has_its_attachments_panel(mondo, client_per):
    from django.core.files.uploadedfile import SimpleUploadedFile

    with ambito_scope(mondo.a.ambito, actor=mondo.a.operatore):
        elemento = services.elemento_create(ambito=mondo.a.ambito, actor=mondo.a.operatore, nome="Centro diurno")
    client = client_per(mondo.a.operatore)
    caricato = client.post(f"/a/{mondo.a.ambito.slug}/allegati/oggetti/modulo_modello.elemento/{elemento.pk}/", {
        "file": SimpleUploadedFile("relazione.pdf", b"%PDF-1.4\n%%EOF\n"), "titolo": "Relazione annuale",
        "ritorno": base(mondo, str(elemento.pk))})
    assert caricato.status_code == 302 and caricato["Location"] == base(mondo, str(elemento.pk))
    pagina = client.get(base(mondo, str(elemento.pk))).content.decode()
    assert "Relazione annuale" in pagina and "Aggiungi un allegato" in pagina


def test_every_change_has_its_history(mondo):
    with ambito_scope(mondo.a.ambito, actor=mondo.a.operatore):
        elemento = services.elemento_create(ambito=mondo.a.ambito, actor=mondo.a.operatore, nome="Prima")
        services.elemento_update(elemento=elemento, actor=mondo.a.operatore, nome="Dopo")
        storia = list(Elemento.history.filter(id=elemento.pk).order_by("history_date"))
    assert [v.nome for v in storia] == ["Prima", "Dopo"]
    assert {v.history_user for v in storia} == {mondo.a.operatore}
