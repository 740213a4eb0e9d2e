"""The page flow of the module kit (ambito.web): what a user sees for each outcome of a form or a button."""

from __future__ import annotations

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.http import HttpResponse, HttpResponseRedirect
from django.test import RequestFactory

from ambito.errors import NonTrovato, RegolaViolata, uno
from ambito.forms import CampoData, CampoImporto, ConStileBootstrap
from ambito.web import azione_post, modulo

TEMPLATE = "registration/_campo.html"  # any real template: the flow, not the HTML, is under test


class ImportoForm(ConStileBootstrap, forms.Form):
    importo = CampoImporto(label="Importo")
    data = CampoData(label="Data")


def richiesta(metodo: str = "get", dati: dict | None = None):
    request = getattr(RequestFactory(), metodo)("/", dati or {})
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


def messaggi(request) -> list[str]:
    return [str(m) for m in get_messages(request)]


def flusso(request, esegui, messaggio="Importo registrato: 1.234,56 €."):
    form = ImportoForm(request.POST or None)
    risposta = modulo(request, form, esegui=esegui, messaggio=messaggio,
                      successo=lambda risultato: HttpResponseRedirect(f"/fatto/{risultato}/"),
                      template=TEMPLATE, contesto={"campo": form["importo"]})
    return form, risposta


def test_a_get_shows_the_form_and_runs_nothing():
    chiamate = []
    _, risposta = flusso(richiesta(), lambda dati: chiamate.append(dati))
    assert risposta.status_code == 200 and chiamate == []


def test_invalid_input_is_400_with_the_typed_value_kept_and_the_service_not_called():
    chiamate = []
    request = richiesta("post", {"importo": "1.234,5x", "data": "31/12/2026"})
    form, risposta = flusso(request, lambda dati: chiamate.append(dati))
    assert risposta.status_code == 400 and chiamate == []
    assert form.errors["importo"] and form["importo"].value() == "1.234,5x"
    assert messaggi(request) == []


def test_a_rule_refusal_is_shown_next_to_its_field_and_nothing_typed_is_lost():
    def rifiuta(dati):
        raise RegolaViolata("Disponibilità insufficiente: restano 100,00 €.", campo="importo")

    request = richiesta("post", {"importo": "1.234,56", "data": "31/12/2026"})
    form, risposta = flusso(request, rifiuta)
    assert risposta.status_code == 400
    assert form.errors["importo"] == ["Disponibilità insufficiente: restano 100,00 €."]
    assert form["importo"].value() == "1.234,56"
    assert messaggi(request) == []


def test_success_says_what_was_done_and_redirects_with_the_result():
    request = richiesta("post", {"importo": "1.234,56", "data": "2026-12-31"})
    _, risposta = flusso(request, lambda dati: str(dati["importo"]),
                         messaggio=lambda risultato: f"Registrati {risultato} €.")
    assert risposta.status_code == 302 and risposta["Location"] == "/fatto/1234.56/"
    assert messaggi(request) == ["Registrati 1234.56 €."]


def test_a_button_action_reports_success_or_the_refusal_and_always_goes_back():
    request = richiesta("post")
    risposta = azione_post(request, esegui=lambda: "ok", messaggio="Atto pubblicato.",
                           ritorno=HttpResponseRedirect("/atto/"))
    assert risposta["Location"] == "/atto/" and messaggi(request) == ["Atto pubblicato."]

    def chiusa():
        raise RegolaViolata("La seduta è già chiusa.")

    request = richiesta("post")
    risposta = azione_post(request, esegui=chiusa, messaggio="Seduta chiusa.", ritorno=HttpResponse(status=302))
    assert risposta.status_code == 302 and messaggi(request) == ["La seduta è già chiusa."]


@pytest.mark.parametrize(("testo", "atteso"), [("31/12/2026", "2026-12-31"), ("2026-12-31", "2026-12-31"),
                                                ("31-12-2026", "2026-12-31"), ("31.12.2026", "2026-12-31")])
def test_a_date_is_accepted_as_italians_type_it(testo, atteso):
    assert str(CampoData().clean(testo)) == atteso


def test_a_date_in_the_american_order_is_refused():
    with pytest.raises(forms.ValidationError):
        CampoData().clean("12/31/2026")


@pytest.mark.django_db
def test_uno_answers_not_found_for_a_row_outside_the_queryset(mondo):
    from ambito.tenancy.models import Ambito

    solo_lodi = Ambito.objects.filter(slug="lodi")
    assert uno(solo_lodi, pk=mondo.a.ambito.pk) == mondo.a.ambito
    with pytest.raises(NonTrovato) as errore:
        uno(solo_lodi, "Ambito inesistente.", pk=mondo.b.ambito.pk)
    assert errore.value.messaggio == "Ambito inesistente."


def test_a_confirmation_page_keeps_a_refusal_on_itself_with_the_rules_status():
    from ambito.errors import Conflitto
    from ambito.web import conferma

    def revocato_nel_frattempo():
        raise Conflitto("L'utente è già stato revocato.")

    contesto = {"campo": ImportoForm()["importo"]}
    risposta = conferma(richiesta(), template=TEMPLATE, contesto=contesto, esegui=revocato_nel_frattempo,
                        messaggio="Utente revocato.", successo=lambda r: HttpResponseRedirect("/membri/"))
    assert risposta.status_code == 200  # GET: the explanation, nothing run
    request = richiesta("post")
    risposta = conferma(request, template=TEMPLATE, contesto=contesto, esegui=revocato_nel_frattempo,
                        messaggio="Utente revocato.", successo=lambda r: HttpResponseRedirect("/membri/"))
    assert risposta.status_code == 409 and messaggi(request) == []
    request = richiesta("post")
    risposta = conferma(request, template=TEMPLATE, contesto=contesto, esegui=lambda: "ok",
                        messaggio="Utente revocato.", successo=lambda r: HttpResponseRedirect("/membri/"))
    assert risposta["Location"] == "/membri/" and messaggi(request) == ["Utente revocato."]
