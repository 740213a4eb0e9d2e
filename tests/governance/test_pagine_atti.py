"""The acts pages: who sees what, filters and pagination, registering with a PDF, download rights."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ambito.atti.models import Atto, TipoAtto
from ambito.tenancy import ambito_scope
from tests.conftest import RUOLI_CHIAVE
from tests.governance.helpers import PDF, crea_atto, non_pdf, pdf

pytestmark = pytest.mark.django_db
STAFF = {"responsabile", "operatore"}


def url(w, suffisso=""):
    return f"/a/{w.ambito.slug}/atti/{suffisso}"


def numero_atti(w):
    with ambito_scope(w.ambito):
        return Atto.objects.count()


class TestElenco:
    def test_staff_see_unpublished_acts_and_everybody_else_only_published_ones(self, mondo, client_per):
        crea_atto(mondo.a, numero="1", oggetto="Bozza riservata")
        crea_atto(mondo.a, numero="2", oggetto="Riparto pubblicato", pubblicato=True)
        for chiave in RUOLI_CHIAVE:
            pagina = client_per(mondo.a.utente(chiave)).get(url(mondo.a)).content.decode()
            assert "Riparto pubblicato" in pagina, chiave
            assert ("Bozza riservata" in pagina) is (chiave in STAFF), chiave

    def test_filters_by_type_year_and_text(self, mondo, client_per):
        crea_atto(mondo.a, numero="5", tipo=TipoAtto.DGR, data=dt.date(2024, 4, 15), oggetto="Linee guida PdZ")
        crea_atto(mondo.a, numero="6", tipo=TipoAtto.AVVISO, data=dt.date(2025, 9, 1), oggetto="Avviso B2")
        c = client_per(mondo.a.operatore)
        assert "Linee guida PdZ" not in c.get(url(mondo.a), {"tipo": "avviso"}).content.decode()
        assert "Avviso B2" in c.get(url(mondo.a), {"tipo": "avviso"}).content.decode()
        assert "Avviso B2" not in c.get(url(mondo.a), {"anno": "2024"}).content.decode()
        pagina = c.get(url(mondo.a), {"testo": "linee"}).content.decode()
        assert "Linee guida PdZ" in pagina and "Avviso B2" not in pagina

    def test_dates_are_shown_in_italian_format(self, mondo, client_per):
        crea_atto(mondo.a, data=dt.date(2026, 2, 3))
        assert "03/02/2026" in client_per(mondo.a.operatore).get(url(mondo.a)).content.decode()

    def test_the_list_is_paginated(self, mondo, client_per):
        for n in range(30):
            crea_atto(mondo.a, numero=str(n + 1), allegato=False)
        c = client_per(mondo.a.operatore)
        prima = c.get(url(mondo.a)).content.decode()
        seconda = c.get(url(mondo.a), {"pagina": 2}).content.decode()
        assert "Pagina 1 di 2" in prima and "Pagina 2 di 2" in seconda
        assert prima.count("n. ") - seconda.count("n. ") == 25 - 5

    def test_the_number_of_queries_does_not_grow_with_the_acts(self, mondo, client_per):
        from tests.governance.helpers import crea_assemblea

        organo = crea_assemblea(mondo.a).organo
        c = client_per(mondo.a.operatore)

        def conta():
            with CaptureQueriesContext(connection) as query:
                assert c.get(url(mondo.a)).status_code == 200
            return len(query)

        with ambito_scope(mondo.a.ambito):
            Atto.objects.create(ambito=mondo.a.ambito, tipo="avviso", numero="0", data=dt.date(2026, 1, 1),
                                oggetto="x", organo=organo, ente_emittente=mondo.a.asst)
        poche = conta()
        with ambito_scope(mondo.a.ambito):
            Atto.objects.bulk_create([
                Atto(ambito=mondo.a.ambito, tipo="avviso", numero=str(n), data=dt.date(2026, 1, 1), oggetto="x",
                     organo=organo, ente_emittente=mondo.a.asst) for n in range(1, 25)])
        assert conta() == poche


class TestRegistrazione:
    def test_the_operatore_registers_an_act_with_its_pdf(self, mondo, client_per):
        risposta = client_per(mondo.a.operatore).post(url(mondo.a, "nuovo/"), {
            "tipo": "determina_capofila", "numero": "41", "data": "03/02/2026",
            "oggetto": "Impegno di spesa FNA 2025", "allegato": pdf()})
        with ambito_scope(mondo.a.ambito):
            atto = Atto.objects.get()
            assert atto.allegato.read() == PDF
        assert risposta.status_code == 302 and risposta["Location"] == url(mondo.a, f"{atto.pk}/")
        assert (atto.numero, atto.data, atto.pubblicato) == ("41", dt.date(2026, 2, 3), False)

    def test_a_non_pdf_is_refused_next_to_its_field_and_the_typed_data_stays_in_the_form(self, mondo, client_per):
        risposta = client_per(mondo.a.operatore).post(url(mondo.a, "nuovo/"), {
            "tipo": "determina_capofila", "numero": "41", "data": "2026-02-03",
            "oggetto": "Impegno di spesa FNA 2025", "allegato": non_pdf()})
        pagina = risposta.content.decode()
        assert risposta.status_code == 400
        assert "Il file non è un PDF" in pagina
        assert "Impegno di spesa FNA 2025" in pagina and 'value="41"' in pagina
        assert numero_atti(mondo.a) == 0

    def test_a_duplicate_number_is_reported_on_the_number_field(self, mondo, client_per):
        crea_atto(mondo.a, numero="41", data=dt.date(2026, 2, 3))
        risposta = client_per(mondo.a.operatore).post(url(mondo.a, "nuovo/"), {
            "tipo": "determina_capofila", "numero": "41", "data": "2026-02-03", "oggetto": "Doppione"})
        assert risposta.status_code == 400
        assert "Esiste già determina" in risposta.content.decode()
        assert numero_atti(mondo.a) == 1

    @pytest.mark.parametrize("chiave", ["assistente_1", "sindaco", "partner"])
    def test_roles_outside_the_ufficio_cannot_register_acts(self, mondo, client_per, chiave):
        risposta = client_per(mondo.a.utente(chiave)).post(url(mondo.a, "nuovo/"), {
            "tipo": "avviso", "numero": "1", "data": "2026-02-03", "oggetto": "x"})
        assert risposta.status_code == 403
        assert numero_atti(mondo.a) == 0

    def test_the_responsabile_publishes_an_act(self, mondo, client_per):
        atto = crea_atto(mondo.a)
        risposta = client_per(mondo.a.responsabile).post(url(mondo.a, f"{atto.pk}/pubblica/"), follow=True)
        assert "ora è visibile" in risposta.content.decode()
        with ambito_scope(mondo.a.ambito):  # the base manager of refresh_from_db: the database wants a scope
            atto.refresh_from_db()
        assert atto.pubblicato

    def test_a_mayor_cannot_publish(self, mondo, client_per):
        atto = crea_atto(mondo.a, pubblicato=False)
        assert client_per(mondo.a.sindaco).post(url(mondo.a, f"{atto.pk}/pubblica/")).status_code == 403
        with ambito_scope(mondo.a.ambito):
            atto.refresh_from_db()
        assert not atto.pubblicato


class TestDocumento:
    @pytest.mark.parametrize("chiave", RUOLI_CHIAVE)
    def test_every_role_downloads_a_published_act(self, mondo, client_per, chiave):
        atto = crea_atto(mondo.a, pubblicato=True)
        risposta = client_per(mondo.a.utente(chiave)).get(url(mondo.a, f"{atto.pk}/documento/"))
        assert risposta.status_code == 200
        assert b"".join(risposta.streaming_content) == PDF
        assert risposta["Content-Type"] == "application/pdf"
        assert risposta["X-Content-Type-Options"] == "nosniff"
        assert risposta["Content-Disposition"].startswith("attachment;")
        assert "Determina" in risposta["Content-Disposition"]

    @pytest.mark.parametrize("chiave", RUOLI_CHIAVE)
    def test_only_staff_download_an_unpublished_act(self, mondo, client_per, chiave):
        atto = crea_atto(mondo.a, pubblicato=False)
        risposta = client_per(mondo.a.utente(chiave)).get(url(mondo.a, f"{atto.pk}/documento/"))
        assert risposta.status_code == (200 if chiave in STAFF else 404)

    def test_another_ambitos_staff_cannot_download(self, mondo, client_per):
        atto = crea_atto(mondo.a, pubblicato=True)
        c = client_per(mondo.b.responsabile)
        assert c.get(url(mondo.a, f"{atto.pk}/documento/")).status_code == 404
        assert c.get(url(mondo.b, f"{atto.pk}/documento/")).status_code == 404

    def test_an_act_without_a_document_has_nothing_to_download(self, mondo, client_per):
        atto = crea_atto(mondo.a, allegato=False)
        assert client_per(mondo.a.operatore).get(url(mondo.a, f"{atto.pk}/documento/")).status_code == 404

    def test_the_private_storage_has_no_public_url(self, mondo, client):
        atto = crea_atto(mondo.a, pubblicato=True)
        assert client.get("/" + atto.allegato.name).status_code == 404
        assert client.get(atto.allegato.url).status_code == 404


class TestDettaglio:
    def test_a_mayor_cannot_open_an_unpublished_act(self, mondo, client_per):
        atto = crea_atto(mondo.a)
        assert client_per(mondo.a.sindaco).get(url(mondo.a, f"{atto.pk}/")).status_code == 404
        assert client_per(mondo.a.operatore).get(url(mondo.a, f"{atto.pk}/")).status_code == 200

    def test_the_detail_links_the_history_for_staff_only(self, mondo, client_per):
        atto = crea_atto(mondo.a, pubblicato=True)
        storico = f"/a/lodi/storico/ambito.atto/{atto.pk}/"
        assert storico in client_per(mondo.a.operatore).get(url(mondo.a, f"{atto.pk}/")).content.decode()
        assert storico not in client_per(mondo.a.sindaco).get(url(mondo.a, f"{atto.pk}/")).content.decode()
