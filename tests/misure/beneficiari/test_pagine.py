"""The beneficiari pages as their users see them: list with search and comune filter (constant queries), create
(with ``?next=``), detail with the logged sensitive sections, edit, transfer, and the office's duplicate list.
Comune scope: an assistente of comune X can neither see nor create/edit a resident of comune Y."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ambito.accounts.permissions import ContestoAccesso
from ambito.audit.models import AccessoDatiSensibili
from ambito.notifiche.models import Notifica
from ambito.tenancy import ambito_scope
from misure.models import Beneficiario, TentativoDuplicato
from misure.services import beneficiari as services
from tests.misure.beneficiari.helpers import isee, persona, registra

pytestmark = pytest.mark.django_db

NOMI = [("Rossi", "Maria"), ("Bianchi", "Luigi"), ("Verdi", "Anna"), ("Russo", "Paolo"), ("Ferrari", "Giulia"),
        ("Esposito", "Marco"), ("Romano", "Sara"), ("Colombo", "Luca")]


def url(w, nome="", **kwargs):
    base = f"/a/{w.ambito.slug}/misure/beneficiari/"
    return base + nome


def modulo_persona(w, comune, **dati):
    valori = persona(**dati)
    valori["data_nascita"] = valori["data_nascita"].strftime("%d/%m/%Y")
    return {"comune": comune.pk, **valori}


def popola(w, n: int, comune=None):
    for i, (cognome, nome) in enumerate(NOMI[:n]):
        registra(w, comune=comune or w.comuni[i % 2], **persona(cognome, nome, "F" if i % 2 else "M",
                                                                dt.date(1940 + i, 1 + i, 10 + i)))


class TestElenco:
    def test_the_list_runs_the_same_queries_whatever_the_number_of_beneficiari(self, mondo, client_per):
        w = mondo.a
        client = client_per(w.operatore)
        popola(w, 3)
        client.get(url(w))  # warm the session and caches
        with CaptureQueriesContext(connection) as poche:
            assert client.get(url(w)).status_code == 200
        for i, (cognome, nome) in enumerate(NOMI[3:]):
            registra(w, comune=w.comuni[2], **persona(cognome, nome, "M", dt.date(1950 + i, 3, 3)))
        with CaptureQueriesContext(connection) as tante:
            pagina = client.get(url(w)).content.decode()
        assert len(tante) == len(poche)
        assert "Colombo" in pagina and "Rossi" in pagina

    def test_search_by_codice_fiscale_or_name_and_filter_by_comune(self, mondo, client_per):
        w = mondo.a
        popola(w, 4)
        client = client_per(w.operatore)
        cf = persona("Verdi", "Anna", "M", dt.date(1942, 3, 12))["codice_fiscale"]
        pagina = client.get(url(w), {"cerca": cf[:9].lower()}).content.decode()
        assert "Verdi" in pagina and "Rossi" not in pagina
        pagina = client.get(url(w), {"cerca": "bianchi"}).content.decode()
        assert "Bianchi" in pagina and "Verdi" not in pagina
        pagina = client.get(url(w), {"comune": w.comuni[1].pk}).content.decode()
        assert "Bianchi" in pagina and "Russo" in pagina and "Rossi" not in pagina

    def test_an_assistente_lists_only_residents_of_their_comuni(self, mondo, client_per):
        w = mondo.a
        popola(w, 4)
        pagina = client_per(w.assistente_1).get(url(w)).content.decode()
        assert "Rossi" in pagina and "Verdi" in pagina
        assert "Bianchi" not in pagina and "Russo" not in pagina
        # the comune filter offers only their comuni; another one is a form error, not a leak
        pagina = client_per(w.assistente_1).get(url(w), {"comune": w.comuni[1].pk}).content.decode()
        assert "Bianchi" not in pagina

    def test_the_menu_shows_beneficiari_to_those_who_may_see_them(self, mondo, client_per):
        w = mondo.a
        assert "Beneficiari" in client_per(w.assistente_1).get(f"/a/{w.ambito.slug}/").content.decode()


class TestRegistrazione:
    def test_the_form_registers_and_goes_back_to_next_with_the_new_beneficiary(self, mondo, client_per):
        w = mondo.a
        client = client_per(w.assistente_1)
        risposta = client.post(url(w, "nuovo/") + "?next=/a/lodi/misure/domande/nuova/?bando=3",
                               modulo_persona(w, w.comuni[0]))
        with ambito_scope(w.ambito):
            b = Beneficiario.objects.get()
        assert risposta.status_code == 302
        assert risposta["Location"] == f"/a/lodi/misure/domande/nuova/?bando=3&beneficiario={b.pk}"
        assert b.comune == w.comuni[0]

    def test_a_hostile_next_never_becomes_a_link_of_the_form(self, mondo, client_per):
        w = mondo.a
        c = client_per(w.assistente_1)
        for ostile in ("javascript:alert(document.cookie)", "https://esempio.invalid/"):
            pagina = c.get(url(w, "nuovo/"), {"next": ostile}).content.decode()
            assert "javascript:" not in pagina and "esempio.invalid" not in pagina
            assert f'href="{url(w)}"' in pagina  # "Annulla" goes back to the list

    def test_next_pointing_elsewhere_is_ignored(self, mondo, client_per):
        w = mondo.a
        risposta = client_per(w.operatore).post(url(w, "nuovo/") + "?next=https://esempio.invalid/",
                                                modulo_persona(w, w.comuni[0]))
        assert risposta.status_code == 302 and risposta["Location"].startswith(url(w))

    def test_a_disagreeing_birth_date_is_shown_next_to_its_field_and_nothing_is_lost(self, mondo, client_per):
        w = mondo.a
        dati = {**modulo_persona(w, w.comuni[0], indirizzo="Via Roma 5"), "data_nascita": "18/05/1940"}
        risposta = client_per(w.operatore).post(url(w, "nuovo/"), dati)
        pagina = risposta.content.decode()
        assert risposta.status_code == 400
        assert "Il codice fiscale indica la nascita il 17/05/..40" in pagina
        assert "Via Roma 5" in pagina

    def test_an_assistente_cannot_register_a_resident_of_another_comune(self, mondo, client_per):
        w = mondo.a
        risposta = client_per(w.assistente_1).post(url(w, "nuovo/"), modulo_persona(w, w.comuni[1]))
        assert risposta.status_code == 400
        with ambito_scope(w.ambito):
            assert not Beneficiario.objects.exists()

    def test_a_duplicate_from_another_comune_reveals_nothing_and_the_office_handles_it(self, mondo, client_per):
        w = mondo.a
        registra(w, comune=w.comuni[2], **persona("Bianchi", "Giuseppina"))
        risposta = client_per(w.assistente_2).post(url(w, "nuovo/"),
                                                   modulo_persona(w, w.comuni[1], cognome="Bianchi", nome="Giuseppina"))
        pagina = risposta.content.decode()
        assert risposta.status_code == 400
        assert str(services.MESSAGGIO_DUPLICATO).replace("'", "&#x27;") in pagina
        assert w.comuni[2].denominazione not in pagina and "Giuseppina" not in pagina.split("</form>")[0].split(
            'name="nome"')[0]
        # the office sees the attempt and marks it handled
        ufficio = client_per(w.operatore)
        elenco = ufficio.get(url(w, "doppie-registrazioni/")).content.decode()
        assert "Bianchi Giuseppina" in elenco and w.comuni[1].denominazione in elenco
        assert "tentativo di registrazione duplicata da gestire" in ufficio.get(url(w)).content.decode()
        home = ufficio.get(f"/a/{w.ambito.slug}/").content.decode()
        assert "1 tentativo di registrazione duplicata da gestire" in home
        with ambito_scope(w.ambito):
            avvisati = set(Notifica.objects.filter(tipo=services.TIPO_NOTIFICA_DUPLICATO).values_list(
                "destinatario__email", flat=True))
        assert avvisati == {w.operatore.email, w.responsabile.email}
        with ambito_scope(w.ambito):
            tentativo = TentativoDuplicato.objects.get()
        risposta = ufficio.post(url(w, f"doppie-registrazioni/{tentativo.pk}/gestito/"), {"nota": "Sentiti i comuni"})
        assert risposta.status_code == 302
        with ambito_scope(w.ambito):
            tentativo.refresh_from_db()
        assert (tentativo.gestito, tentativo.gestito_da, tentativo.nota_gestione) == (True, w.operatore,
                                                                                    "Sentiti i comuni")
        # the assistente has no access to the office's list
        assert client_per(w.assistente_2).get(url(w, "doppie-registrazioni/")).status_code == 403


class TestSchedaEPerimetro:
    def test_the_detail_shows_isee_certifications_and_benefits_and_logs_each_read(self, mondo, client_per):
        w = mondo.a
        b = registra(w)
        isee(b, w, valore="24999.99")
        with ambito_scope(w.ambito, actor=w.operatore):
            services.certificazione_create(beneficiario=b, actor=w.operatore, tipo_certificazione="invalidita",
                                           percentuale_invalidita=80, data=dt.date(2019, 4, 1))
            services.beneficio_esterno_create(beneficiario=b, actor=w.operatore, codice="b1", dal=dt.date(2025, 1, 1),
                                              descrizione="Misura B1 (ASST)", importo_mensile=Decimal("650"))
        pagina = client_per(w.assistente_1).get(url(w, f"{b.pk}/")).content.decode()
        assert "24.999,99" in pagina and "80%" in pagina and "Misura B1 (ASST)" in pagina
        assert "ISEE sociosanitario" in pagina and "Invalidità civile" in pagina
        with ambito_scope(w.ambito):
            letture = list(AccessoDatiSensibili.objects.filter(utente=w.assistente_1).order_by("pk"))
        assert [r.contesto for r in letture] == ["scheda del beneficiario"] * 2 + [
            "scheda del beneficiario: benefici esterni dichiarati"]
        assert {r.interessato for r in letture} == {"***" + b.codice_fiscale[-5:]}

    def test_without_the_sensitive_capability_the_detail_shows_and_logs_nothing_sensitive(self, mondo, client_per,
                                                                                         monkeypatch):
        w = mondo.a
        b = registra(w)
        isee(b, w, valore="24999.99")
        originale = ContestoAccesso.puo
        monkeypatch.setattr(ContestoAccesso, "puo", lambda self, c: c != "misure.sensibili.vedi" and originale(self, c))
        client = client_per(w.operatore)
        pagina = client.get(url(w, f"{b.pk}/")).content.decode()
        assert "24.999,99" not in pagina and "Attestazioni ISEE" not in pagina
        assert client.get(url(w, f"{b.pk}/isee/nuova/")).status_code == 403
        with ambito_scope(w.ambito):
            assert not AccessoDatiSensibili.objects.exists()

    def test_an_assistente_of_another_comune_gets_404_everywhere_and_changes_nothing(self, mondo, client_per):
        w = mondo.a
        b = registra(w, comune=w.comuni[0])
        a = isee(b, w)
        client = client_per(w.assistente_2)
        for indirizzo in (f"{b.pk}/", f"{b.pk}/modifica/", f"{b.pk}/isee/nuova/", f"isee/{a.pk}/",
                          f"{b.pk}/certificazioni/nuova/", f"{b.pk}/benefici-esterni/nuovo/"):
            assert client.get(url(w, indirizzo)).status_code == 404, indirizzo
        risposta = client.post(url(w, f"{b.pk}/modifica/"), {**modulo_persona(w, w.comuni[0]), "indirizzo": "X"})
        assert risposta.status_code == 404
        with ambito_scope(w.ambito):
            assert Beneficiario.objects.get().indirizzo == ""
            assert b.history.count() == 1
            assert not AccessoDatiSensibili.objects.exists()
        assert client_per(w.assistente_1).get(url(w, f"{b.pk}/")).status_code == 200

    def test_the_office_moves_a_resident_and_the_detail_shows_both_comuni(self, mondo, client_per):
        w = mondo.a
        b = registra(w, comune=w.comuni[0], **persona(residente_dal=dt.date(1990, 1, 1)))
        client = client_per(w.operatore)
        risposta = client.post(url(w, f"{b.pk}/trasferimento/"), {"comune": w.comuni[1].pk,
                                                                  "residente_dal": "01/03/2026"})
        assert risposta.status_code == 302
        pagina = client.get(url(w, f"{b.pk}/")).content.decode()
        assert f"{w.comuni[0].denominazione} dal 01/01/1990" in pagina
        assert f"{w.comuni[1].denominazione} dal 01/03/2026" in pagina
        assert client_per(w.assistente_1).get(url(w, f"{b.pk}/")).status_code == 404
        assert client_per(w.assistente_2).get(url(w, f"{b.pk}/trasferimento/")).status_code == 403

    def test_editing_an_isee_attestation_logs_the_read_and_keeps_history(self, mondo, client_per):
        w = mondo.a
        a = isee(registra(w), w)
        client = client_per(w.operatore)
        pagina = client.get(url(w, f"isee/{a.pk}/")).content.decode()
        assert "12000" in pagina.replace(".", "").replace(",00", "")
        risposta = client.post(url(w, f"isee/{a.pk}/"), {
            "tipo_isee": "sociosanitario", "valore_isee": "25.000,00", "rilasciata_il": "15/01/2026",
            "scade_il": "31/12/2026", "protocollo_dsu": "", "anno_dsu": "2026"})
        assert risposta.status_code == 302
        with ambito_scope(w.ambito):
            a.refresh_from_db()
            assert a.valore_isee == Decimal("25000.00") and a.history.count() == 2
            assert AccessoDatiSensibili.objects.filter(contesto="modifica dell'attestazione ISEE").count() == 2


def test_household_members_are_typed_one_per_line_and_shown_on_the_detail(mondo, client_per):
    w = mondo.a
    figlio = persona("Rossi", "Luca", "M", dt.date(2015, 2, 3))["codice_fiscale"]
    dati = {**modulo_persona(w, w.comuni[0]), "nucleo_familiare": f"Rossi; Luca; {figlio.lower()}; figlio\n\n"}
    client = client_per(w.operatore)
    risposta = client.post(url(w, "nuovo/"), dati)
    assert risposta.status_code == 302
    with ambito_scope(w.ambito):
        b = Beneficiario.objects.get()
    assert b.nucleo_familiare == [{"cognome": "Rossi", "nome": "Luca", "codice_fiscale": figlio,
                                   "relazione": "figlio"}]
    assert f"Rossi Luca (figlio) — <code>{figlio}</code>" in client.get(url(w, f"{b.pk}/")).content.decode()
    sbagliato = {**modulo_persona(w, w.comuni[0], cognome="Verdi"), "nucleo_familiare": "Rossi Luca figlio"}
    pagina = client.post(url(w, "nuovo/"), sbagliato).content.decode()
    assert "Riga 1: servono 4 parti" in pagina
