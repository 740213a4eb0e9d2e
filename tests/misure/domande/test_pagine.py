"""The domande pages as their users see them: the social worker's list, wizard, documents, submission, timeline
and home-page box (their comuni only); the office's queue (filters, keyset pages, constant queries), istruttoria
page (logged reads of special data), decisions and bulk action."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ambito.audit.models import AccessoDatiSensibili
from ambito.tenancy import ambito_scope
from misure.models import Beneficiario, Domanda, StatoDomanda
from misure.services import domande as services
from tests.misure.domande.helpers import beneficiario, domanda, pdf, presentata

pytestmark = pytest.mark.django_db


def url(w, nome="", **kw) -> str:
    base = f"/a/{w.ambito.slug}/misure/domande/"
    return base + nome


class TestAssistenteSociale:
    def test_le_mie_domande_shows_only_their_comuni(self, mondo, prova, ben_x, ben_y, client_per):
        w = mondo.a
        mia = domanda(w, prova, ben_x)
        altrui = domanda(w, prova, ben_y, actor=w.assistente_2)
        pagina = client_per(w.assistente_1).get(url(w)).content.decode()
        assert "Le mie domande" in pagina
        assert f"/domande/{mia.pk}/" in pagina and f"/domande/{altrui.pk}/" not in pagina
        assert "Verdi" not in pagina

    def test_a_domanda_of_another_comune_is_not_found(self, mondo, prova, ben_y, client_per):
        w = mondo.a
        altrui = domanda(w, prova, ben_y, actor=w.assistente_2)
        c = client_per(w.assistente_1)
        assert c.get(url(w, f"{altrui.pk}/")).status_code == 404
        assert c.post(url(w, f"{altrui.pk}/presenta/")).status_code == 404
        with ambito_scope(w.ambito):
            assert Domanda.objects.get(pk=altrui.pk).stato == StatoDomanda.BOZZA

    def test_the_wizard_does_not_offer_nor_accept_a_resident_of_another_comune(self, mondo, prova, ben_x, ben_y,
                                                                               client_per):
        w = mondo.a
        c = client_per(w.assistente_1)
        pagina = c.get(url(w, "nuova/")).content.decode()
        assert "Bianchi Anna" in pagina and "Verdi Luigi" not in pagina
        risposta = c.post(url(w, "nuova/"), {"beneficiario": ben_y.pk, "strumento": prova.caregiver.pk})
        assert risposta.status_code == 400
        with ambito_scope(w.ambito):
            assert not Domanda.objects.exists()

    def test_registering_a_new_beneficiary_comes_back_to_the_wizard_with_the_choices_kept(self, mondo, prova,
                                                                                          client_per):
        """Wizard → "Registra un nuovo beneficiario" → the beneficiary form → back to the wizard with the new person
        and the strumento already chosen (chosen before leaving, inline)."""
        import html
        import re

        from tests.misure.beneficiari.helpers import persona

        w = mondo.a
        c = client_per(w.assistente_1)
        parziale = c.post(url(w, "nuova/"), {"_verifica": "1", "strumento": prova.caregiver.pk},
                          HTTP_HX_REQUEST="true").content.decode()
        link = html.unescape(re.search(r'href="([^"]*beneficiari/nuovo/[^"]*)"', parziale).group(1))
        dati = persona(cognome="Gialli", nome="Carla")
        dati["data_nascita"] = dati["data_nascita"].strftime("%d/%m/%Y")
        risposta = c.post(link, {"comune": w.comuni[0].pk, **dati})
        assert risposta.status_code == 302
        with ambito_scope(w.ambito):
            nuovo = Beneficiario.objects.get(cognome="Gialli")
        ritorno = c.get(risposta["Location"])
        assert ritorno.request["PATH_INFO"] == url(w, "nuova/")
        form = ritorno.context["form"]
        assert form["beneficiario"].value() == str(nuovo.pk)
        assert form["strumento"].value() == str(prova.caregiver.pk)
        assert f'<option value="{nuovo.pk}" selected>' in ritorno.content.decode()

    def test_inline_validation_saves_nothing(self, mondo, prova, ben_x, client_per):
        w = mondo.a
        risposta = client_per(w.assistente_1).post(url(w, "nuova/"), {
            "_verifica": "1", "beneficiario": ben_x.pk, "strumento": prova.caregiver.pk, "isee_valore": "12.000,00"},
            HTTP_HX_REQUEST="true")
        assert risposta.status_code == 200
        assert "Indica il tipo di ISEE del valore dichiarato." in risposta.content.decode()
        with ambito_scope(w.ambito):
            assert not Domanda.objects.exists()

    def test_files_a_domanda_with_a_document_and_submits_it(self, mondo, prova, ben_x, client_per):
        w = mondo.a
        c = client_per(w.assistente_1)
        risposta = c.post(url(w, "nuova/"), {
            "beneficiario": ben_x.pk, "strumento": prova.assistente.pk, "isee_tipo": "sociosanitario",
            "isee_valore": "12.345,67", "l104_c3": "si", "vive_al_domicilio": "si", "benefici_dichiarati": "hcp",
            "parametro_fasce": "25,5"})
        assert risposta.status_code == 302, risposta.content.decode()[:2000]
        with ambito_scope(w.ambito):
            d = Domanda.objects.get()
        assert (d.isee_valore, d.l104_c3, d.benefici_dichiarati, d.parametro_fasce) == (
            Decimal("12345.67"), True, ["hcp"], Decimal("25.5"))
        dettaglio = c.get(risposta["Location"], follow=False).content.decode()
        assert "Contratto di lavoro registrato INPS" in dettaglio and "manca" in dettaglio
        rifiuto = c.post(url(w, f"{d.pk}/presenta/"), follow=True).content.decode()
        assert "Mancano documenti richiesti dal bando: Contratto di lavoro registrato INPS." in rifiuto
        caricato = c.post(url(w, f"{d.pk}/documenti/{prova.contratto.pk}/"), {"file": pdf()}, follow=True)
        assert "Documento caricato: Contratto di lavoro registrato INPS." in caricato.content.decode()
        presentata_ = c.post(url(w, f"{d.pk}/presenta/"), follow=True).content.decode()
        assert "Domanda presentata: protocollo 1/" in presentata_
        assert "12.345,67" in presentata_  # the declared ISEE, read through the logged path
        with ambito_scope(w.ambito):
            assert AccessoDatiSensibili.objects.filter(utente=w.assistente_1, object_id=str(d.pk)).exists()

    def test_a_renamed_executable_is_refused_on_the_page(self, mondo, prova, ben_x, client_per):
        from django.core.files.uploadedfile import SimpleUploadedFile

        from tests.misure.domande.helpers import ESEGUIBILE

        w = mondo.a
        d = domanda(w, prova, ben_x, strumento=prova.assistente)
        risposta = client_per(w.assistente_1).post(url(w, f"{d.pk}/documenti/{prova.contratto.pk}/"), {
            "file": SimpleUploadedFile("contratto.pdf", ESEGUIBILE)})
        assert risposta.status_code == 400
        with ambito_scope(w.ambito):
            from ambito.allegati.models import Allegato
            assert not Allegato.objects.filter(object_id=d.pk).exists()

    def test_the_home_page_shows_their_comune_s_domande(self, mondo, prova, ben_x, ben_y, client_per):
        w = mondo.a
        mia = domanda(w, prova, ben_x)
        domanda(w, prova, ben_y, actor=w.assistente_2)
        pagina = client_per(w.assistente_1).get(f"/a/{w.ambito.slug}/").content.decode()
        assert "Le domande dei tuoi comuni" in pagina
        assert f"/domande/{mia.pk}/" in pagina and "Verdi Luigi" not in pagina
        assert "quando i moduli saranno attivi" not in pagina  # the placeholder of the core home page is gone

    def test_the_domanda_the_beneficiary_and_the_bando_link_to_each_other(self, mondo, prova, ben_x, client_per):
        w = mondo.a
        d = domanda(w, prova, ben_x)
        c = client_per(w.assistente_1)
        radice = f"/a/{w.ambito.slug}/misure/"
        dettaglio = c.get(url(w, f"{d.pk}/")).content.decode()
        assert f'href="{radice}beneficiari/{ben_x.pk}/"' in dettaglio
        assert f'href="{radice}bandi/{prova.bando.pk}/"' in dettaglio
        scheda = c.get(f"{radice}beneficiari/{ben_x.pk}/").content.decode()
        assert f'href="{url(w, "nuova/")}?beneficiario={ben_x.pk}"' in scheda
        assert f'href="{url(w, f"{d.pk}/")}"' in scheda
        bando = client_per(w.operatore).get(f"{radice}bandi/{prova.bando.pk}/").content.decode()
        assert f'href="{url(w)}?bando={prova.bando.pk}"' in bando

    def test_a_role_without_the_right_gets_403_and_nothing_changes(self, mondo, prova, ben_x, client_per):
        w = mondo.a
        risposta = client_per(w.sindaco).post(url(w, "nuova/"), {"beneficiario": ben_x.pk,
                                                                 "strumento": prova.caregiver.pk})
        assert risposta.status_code == 403
        d = presentata(w, prova, ben_x)
        risposta = client_per(w.assistente_1).post(url(w, f"{d.pk}/istruttoria/dichiara_ammissibile/"))
        assert risposta.status_code == 403
        with ambito_scope(w.ambito):
            assert Domanda.objects.get(pk=d.pk).stato == StatoDomanda.PRESENTATA


class TestUfficio:
    def test_the_queue_filters_by_bando_comune_state_and_deadline(self, mondo, prova, ben_x, ben_y, client_per):
        w = mondo.a
        a = presentata(w, prova, ben_x, oggi=dt.date.today() - dt.timedelta(days=40))  # past its 30 days
        b = domanda(w, prova, ben_y, actor=w.assistente_2)
        c = client_per(w.operatore)
        tutte = c.get(url(w)).content.decode()
        assert f"/domande/{a.pk}/" in tutte and f"/domande/{b.pk}/" in tutte and "Termine superato" in tutte
        assert f"/domande/{b.pk}/" not in c.get(url(w), {"stato": "presentata"}).content.decode()
        assert f"/domande/{a.pk}/" not in c.get(url(w), {"comune": w.comuni[1].pk}).content.decode()
        scadute = c.get(url(w), {"termine": "scaduto", "bando": prova.bando.pk}).content.decode()
        assert f"/domande/{a.pk}/" in scadute and f"/domande/{b.pk}/" not in scadute

    def test_the_queue_runs_the_same_queries_whatever_the_rows(self, mondo, prova, client_per):
        w = mondo.a
        c = client_per(w.operatore)

        def riempi(n: int) -> None:
            with ambito_scope(w.ambito):
                persone = [beneficiario(w.ambito, w.comuni[i % 3]) for i in range(n)]
            for p in persone:
                domanda(w, prova, p, actor=w.operatore)

        def conta() -> int:
            with CaptureQueriesContext(connection) as catturate:
                assert c.get(url(w)).status_code == 200
            return len(catturate)

        riempi(3)
        prima = conta()
        riempi(6)
        assert conta() == prima

    def test_keyset_pages(self, mondo, prova, client_per, monkeypatch):
        from misure.views import domande as viste

        monkeypatch.setattr(viste, "PER_PAGINA", 2)
        w = mondo.a
        with ambito_scope(w.ambito):
            persone = [beneficiario(w.ambito, w.comuni[0]) for _ in range(3)]
        create = [domanda(w, prova, p, actor=w.operatore) for p in persone]
        c = client_per(w.operatore)
        prima = c.get(url(w)).content.decode()
        assert f"/domande/{create[2].pk}/" not in prima and "dopo=" in prima
        seconda = c.get(url(w), {"dopo": str(create[1].pk)}).content.decode()
        assert f"/domande/{create[2].pk}/" in seconda and f"/domande/{create[0].pk}/" not in seconda

    def test_istruttoria_page_integration_and_decision(self, mondo, prova, ben_x, client_per):
        w = mondo.a
        d = presentata(w, prova, ben_x)
        c = client_per(w.operatore)
        pagina = c.get(url(w, f"{d.pk}/")).content.decode()
        assert "ISEE entro la soglia" in pagina and "Requisiti soddisfatti" in pagina
        assert 'id="azione-prendi_in_istruttoria"' in pagina
        c.post(url(w, f"{d.pk}/istruttoria/prendi_in_istruttoria/"))
        rifiuto = c.post(url(w, f"{d.pk}/istruttoria/richiedi_integrazione/"), {"motivo": ""}, follow=True)
        assert "Scrivi il motivo" in rifiuto.content.decode()
        c.post(url(w, f"{d.pk}/istruttoria/richiedi_integrazione/"), {"motivo": "Manca l'ISEE aggiornato"})
        integrata = client_per(w.assistente_1).post(url(w, f"{d.pk}/integra/"), {"motivo": "ISEE caricato"},
                                                    follow=True).content.decode()
        assert "Integrata" in integrata
        esito = c.post(url(w, f"{d.pk}/istruttoria/dichiara_ammissibile/"), follow=True).content.decode()
        assert "Ammissibile" in esito and "Manca l&#x27;ISEE aggiornato" in esito
        assert c.post(url(w, f"{d.pk}/istruttoria/sconosciuta/")).status_code == 404

    def test_override_assessment_and_progetto_pages(self, mondo, prova, ben_x, client_per):
        w = mondo.a
        d = presentata(w, prova, ben_x, benefici_dichiarati=["b1"])
        c = client_per(w.operatore)
        assert c.post(url(w, f"{d.pk}/decisione-ufficio/"), {"ammissibile": "si", "motivo": ""}).status_code == 400
        c.post(url(w, f"{d.pk}/decisione-ufficio/"), {"ammissibile": "si", "motivo": "B1 cessata a gennaio"})
        risposta = c.post(url(w, f"{d.pk}/valutazioni/nuova/"), {
            "strumento": "barthel", "punteggio": "35,5", "punteggio_massimo": "100", "data": "01/03/2025",
            "equipe": "AS e infermiera ASST", "sina_mobilita": "3"})
        assert risposta.status_code == 302
        c.post(url(w, f"{d.pk}/progetto/"), {"obiettivi": "Restare a casa", "interventi": "Buono e SAD",
                                             "durata_mesi": "12"})
        pagina = c.get(url(w, f"{d.pk}/")).content.decode()
        assert "B1 cessata a gennaio" in pagina and "AS e infermiera ASST" in pagina and "Buono e SAD" in pagina
        with ambito_scope(w.ambito):
            letti = set(AccessoDatiSensibili.objects.filter(utente=w.operatore).values_list(
                "content_type__model", flat=True))
        assert letti >= {"domanda", "valutazione", "progettoindividuale"}

    def test_the_capofila_protocol_page(self, mondo, prova, ben_x, client_per):
        w = mondo.a
        d = presentata(w, prova, ben_x)
        c = client_per(w.operatore)
        rifiuto = c.post(url(w, f"{d.pk}/protocollo-capofila/"), {"numero": "2025/9", "data": ""})
        assert rifiuto.status_code == 400 and "Indica la data del protocollo" in rifiuto.content.decode()
        pagina = c.post(url(w, f"{d.pk}/protocollo-capofila/"), {"numero": "2025/9", "data": "03/03/2025"},
                        follow=True).content.decode()
        assert "capofila 2025/9 del 03/03/2025" in pagina

    def test_bulk_take_in_charge(self, mondo, prova, ben_x, ben_y, client_per):
        w = mondo.a
        a = presentata(w, prova, ben_x)
        b = presentata(w, prova, ben_y, actor=w.assistente_2)
        risposta = client_per(w.operatore).post(url(w, "azioni-multiple/"), {
            "azione": "prendi_in_istruttoria", "domande": [a.pk, b.pk]}, follow=True)
        assert "Prese in istruttoria" in risposta.content.decode()
        with ambito_scope(w.ambito):
            assert set(Domanda.objects.values_list("stato", flat=True)) == {StatoDomanda.IN_ISTRUTTORIA}

    def test_the_submitted_domanda_notifies_in_app(self, mondo, prova, ben_x, client_per):
        w = mondo.a
        d = presentata(w, prova, ben_x)
        with ambito_scope(w.ambito, actor=w.operatore):
            services.domanda_transition(domanda=d, azione="richiedi_integrazione", actor=w.operatore,
                                        motivo="Manca il verbale UVM")
        pagina = client_per(w.assistente_1).get(f"/a/{w.ambito.slug}/notifiche/").content.decode()
        assert f"Domanda {d}: Integrazione richiesta" in pagina


class TestAllegatiENotifiche:
    def test_a_document_is_downloaded_only_by_who_may_see_the_domanda(self, mondo, prova, ben_x, client_per):
        from ambito.allegati.models import Allegato

        w = mondo.a
        d = domanda(w, prova, ben_x, strumento=prova.assistente)
        with ambito_scope(w.ambito, actor=w.assistente_1):
            services.documento_domanda_set(domanda=d, documento=prova.contratto, file=pdf(), actor=w.assistente_1)
            allegato = Allegato.objects.get(object_id=d.pk, chiave="contratto")
        percorso = f"/a/{w.ambito.slug}/allegati/{allegato.pk}/scarica/"
        scaricato = client_per(w.assistente_1).get(percorso)
        assert scaricato.status_code == 200 and b"".join(scaricato.streaming_content).startswith(b"%PDF")
        assert client_per(w.operatore).get(percorso).status_code == 200
        assert client_per(w.assistente_2).get(percorso).status_code == 404  # another comune
        assert client_per(mondo.b.responsabile).get(percorso).status_code == 404  # another Ambito
        assert client_per(mondo.b.responsabile).get(
            f"/a/{mondo.b.ambito.slug}/allegati/{allegato.pk}/scarica/").status_code == 404

    def test_the_core_attachment_pages_do_not_change_the_documents_of_a_domanda_under_istruttoria(
            self, mondo, prova, ben_x, client_per):
        """The documents the office judges cannot be replaced, nor others added, through the generic attachment
        pages once the domanda is out of the worker's hands (the same rule as the domanda's own upload)."""
        from ambito.allegati.models import Allegato, VersioneAllegato

        w = mondo.a
        d = domanda(w, prova, ben_x, strumento=prova.assistente)
        with ambito_scope(w.ambito, actor=w.assistente_1):
            services.documento_domanda_set(domanda=d, documento=prova.contratto, file=pdf(), actor=w.assistente_1)
        with ambito_scope(w.ambito, actor=w.operatore):
            dom = services.domanda_submit(domanda=d, actor=w.operatore)
            dom = services.domanda_transition(domanda=dom, azione="prendi_in_istruttoria", actor=w.operatore)
            allegato = Allegato.objects.get(object_id=dom.pk, chiave="contratto")
            versioni = VersioneAllegato.objects.count()
        c = client_per(w.assistente_1)
        sostituzione = c.post(f"/a/{w.ambito.slug}/allegati/{allegato.pk}/sostituisci/", {"file": pdf("nuovo.pdf")})
        aggiunta = c.post(f"/a/{w.ambito.slug}/allegati/oggetti/misure.domanda/{dom.pk}/", {"file": pdf("altro.pdf")})
        assert sostituzione.status_code == 400 and aggiunta.status_code == 400
        assert "integrazione" in sostituzione.content.decode()
        with ambito_scope(w.ambito):
            assert VersioneAllegato.objects.count() == versioni
            assert Allegato.objects.filter(object_id=dom.pk).count() == 1

    def test_the_social_worker_gets_an_email_too(self, mondo, prova, ben_x, mailoutbox,
                                                 django_capture_on_commit_callbacks):
        w = mondo.a
        d = presentata(w, prova, ben_x)
        with django_capture_on_commit_callbacks(execute=True), ambito_scope(w.ambito, actor=w.operatore):
            services.domanda_transition(domanda=d, azione="richiedi_integrazione", actor=w.operatore,
                                        motivo="Manca il verbale UVM")
        assert [m.to for m in mailoutbox] == [[w.assistente_1.email]]
        assert "Integrazione richiesta" in mailoutbox[0].subject + mailoutbox[0].body


def test_the_home_box_runs_the_same_queries_whatever_the_rows(mondo, prova, client_per):
    w = mondo.a
    c = client_per(w.assistente_1)

    def riempi(n: int) -> None:
        with ambito_scope(w.ambito):
            persone = [beneficiario(w.ambito, w.comuni[0]) for _ in range(n)]
        for p in persone:
            presentata(w, prova, p)

    def conta() -> int:
        with CaptureQueriesContext(connection) as catturate:
            assert c.get(f"/a/{w.ambito.slug}/").status_code == 200
        return len(catturate)

    riempi(2)
    prima = conta()
    riempi(10)
    assert conta() == prima
