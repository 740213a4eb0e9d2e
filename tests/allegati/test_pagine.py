"""The attachment pages and API: the panel on an act's page, upload, replace, versions, recorded downloads,
and who is refused (another Ambito 404, an object one may not see 404, a role without the capability 403)."""

from __future__ import annotations

import pytest

from ambito.allegati import registry
from ambito.allegati.models import Allegato, ScaricamentoAllegato
from ambito.allegati.registry import registra_allegati
from ambito.allegati.services import allegato_create
from ambito.tenancy import ambito_scope
from ambito.territorio.models import SubAmbito
from tests.allegati.helpers import EXE, caricato, firmato
from tests.governance.helpers import PDF, PNG, crea_atto

pytestmark = pytest.mark.django_db


def pagina(w, resto: str) -> str:
    return f"/a/{w.ambito.slug}/allegati/{resto}"


def api(w, resto: str) -> str:
    return f"/api/v1/a/{w.ambito.slug}/allegati/{resto}"


def allegato_di(w, oggetto, contenuto=PDF, nome="verbale.pdf", **kwargs) -> Allegato:
    with ambito_scope(w.ambito, actor=w.operatore):
        return allegato_create(oggetto=oggetto, actor=w.operatore, file=caricato(nome, contenuto), **kwargs)


def scaricamenti(w) -> list[tuple[str, int]]:
    with ambito_scope(w.ambito):
        return [(s.utente_email, s.versione.numero) for s in ScaricamentoAllegato.objects.order_by("pk")]


def contenuto(risposta) -> bytes:
    return b"".join(risposta.streaming_content)


class TestPannello:
    def test_the_acts_page_lists_its_attachments_and_offers_upload_to_staff(self, mondo, client_per):
        atto = crea_atto(mondo.a, pubblicato=True)
        allegato_di(mondo.a, atto, titolo="Verbale della seduta")
        testo = client_per(mondo.a.operatore).get(f"/a/lodi/atti/{atto.pk}/").content.decode()
        assert "Verbale della seduta" in testo and "Documento dell&#x27;atto" in testo
        assert "Aggiungi un allegato" in testo and "PDF firmato digitalmente (.p7m)" in testo
        assert pagina(mondo.a, f"oggetti/ambito.atto/{atto.pk}/") in testo

    def test_a_mayor_sees_and_downloads_but_cannot_upload(self, mondo, client_per):
        atto = crea_atto(mondo.a, pubblicato=True)
        allegato_di(mondo.a, atto, titolo="Verbale della seduta")
        testo = client_per(mondo.a.sindaco).get(f"/a/lodi/atti/{atto.pk}/").content.decode()
        assert "Verbale della seduta" in testo and "Aggiungi un allegato" not in testo and "Sostituisci" not in testo


class TestCaricamento:
    def test_staff_upload_from_the_panel_and_go_back_to_the_acts_page(self, mondo, client_per):
        atto = crea_atto(mondo.a, allegato=False)
        ritorno = f"/a/lodi/atti/{atto.pk}/"
        risposta = client_per(mondo.a.operatore).post(pagina(mondo.a, f"oggetti/ambito.atto/{atto.pk}/"), {
            "file": caricato("Allegato A.pdf.p7m", firmato("delibera_firmata_ber.pdf.p7m"), "application/pdf"),
            "titolo": "Allegato A firmato", "ritorno": ritorno})
        assert risposta.status_code == 302 and risposta["Location"] == ritorno
        with ambito_scope(mondo.a.ambito):
            allegato = Allegato.objects.get(titolo="Allegato A firmato")
            assert (allegato.oggetto, allegato.versione_corrente.tipo) == (atto, "p7m")

    def test_a_disguised_file_is_refused_next_to_the_field(self, mondo, client_per):
        atto = crea_atto(mondo.a, allegato=False)
        risposta = client_per(mondo.a.operatore).post(pagina(mondo.a, f"oggetti/ambito.atto/{atto.pk}/"), {
            "file": caricato("delibera.pdf", PNG), "titolo": "Delibera"})
        assert risposta.status_code == 400
        assert ("Il file non è un PDF: il contenuto di «delibera.pdf» è un&#x27;immagine PNG."
                in risposta.content.decode())
        with ambito_scope(mondo.a.ambito):
            assert not Allegato.objects.exists()

    def test_a_return_address_outside_the_ambito_is_ignored(self, mondo, client_per):
        atto = crea_atto(mondo.a, allegato=False)
        indirizzo = pagina(mondo.a, f"oggetti/ambito.atto/{atto.pk}/")
        risposta = client_per(mondo.a.operatore).post(indirizzo, {
            "file": caricato("a.pdf", PDF), "ritorno": "https://altrove.example/rubare"})
        assert risposta["Location"] == indirizzo

    def test_replacing_from_the_page_keeps_every_version_downloadable(self, mondo, client_per):
        allegato = allegato_di(mondo.a, crea_atto(mondo.a, pubblicato=True))
        c = client_per(mondo.a.operatore)
        risposta = c.post(pagina(mondo.a, f"{allegato.pk}/sostituisci/"),
                          {"file": caricato("verbale v2.pdf", PDF + b"%v2")})
        assert risposta.status_code == 302 and risposta["Location"] == pagina(mondo.a, f"{allegato.pk}/")
        with ambito_scope(mondo.a.ambito):
            v1 = allegato.versioni.get(numero=1)
        dettaglio = c.get(risposta["Location"]).content.decode()
        assert "verbale.pdf" in dettaglio and "verbale v2.pdf" in dettaglio and "corrente" in dettaglio
        assert contenuto(c.get(pagina(mondo.a, f"versioni/{v1.pk}/scarica/"))) == PDF
        assert contenuto(c.get(pagina(mondo.a, f"{allegato.pk}/scarica/"))) == PDF + b"%v2"


class TestScaricamento:
    def test_a_download_is_recorded_with_who_and_which_version(self, mondo, client_per):
        allegato = allegato_di(mondo.a, crea_atto(mondo.a, pubblicato=True))
        risposta = client_per(mondo.a.partner).get(pagina(mondo.a, f"{allegato.pk}/scarica/"))
        assert risposta.status_code == 200 and contenuto(risposta) == PDF
        assert risposta["Content-Type"] == "application/pdf" and risposta["X-Content-Type-Options"] == "nosniff"
        assert scaricamenti(mondo.a) == [(mondo.a.partner.email, 1)]

    def test_the_acts_own_download_is_recorded_too(self, mondo, client_per):
        atto = crea_atto(mondo.a, pubblicato=True)
        assert contenuto(client_per(mondo.a.sindaco).get(f"/a/lodi/atti/{atto.pk}/documento/")) == PDF
        assert contenuto(client_per(mondo.a.sindaco).get(f"/api/v1/a/lodi/atti/{atto.pk}/documento/")) == PDF
        assert scaricamenti(mondo.a) == [(mondo.a.sindaco.email, 1), (mondo.a.sindaco.email, 1)]

    def test_staff_who_read_the_history_see_who_downloaded(self, mondo, client_per):
        allegato = allegato_di(mondo.a, crea_atto(mondo.a, pubblicato=True))
        client_per(mondo.a.partner).get(pagina(mondo.a, f"{allegato.pk}/scarica/"))
        assert "Partner Lodi" in client_per(mondo.a.operatore).get(pagina(mondo.a, f"{allegato.pk}/")).content.decode()
        assert "Chi lo ha scaricato" not in client_per(mondo.a.partner).get(
            pagina(mondo.a, f"{allegato.pk}/")).content.decode()


class TestRifiuti:
    def test_another_ambitos_user_gets_404_and_nothing_is_recorded(self, mondo, client_per):
        allegato = allegato_di(mondo.a, crea_atto(mondo.a, pubblicato=True))
        c = client_per(mondo.b.responsabile)
        assert c.get(pagina(mondo.a, f"{allegato.pk}/scarica/")).status_code == 404
        assert c.get(pagina(mondo.b, f"{allegato.pk}/scarica/")).status_code == 404
        assert c.get(api(mondo.b, f"{allegato.pk}/file/")).status_code == 404
        assert scaricamenti(mondo.a) == []

    def test_the_attachments_of_an_unpublished_act_do_not_exist_for_a_mayor(self, mondo, client_per):
        atto = crea_atto(mondo.a, pubblicato=False)
        allegato = allegato_di(mondo.a, atto)
        c = client_per(mondo.a.sindaco)
        assert c.get(pagina(mondo.a, f"{allegato.pk}/scarica/")).status_code == 404
        assert c.get(pagina(mondo.a, f"oggetti/ambito.atto/{atto.pk}/")).status_code == 404
        assert c.get(api(mondo.a, f"versioni/{allegato.versione_corrente_id}/file/")).status_code == 404

    def test_a_role_without_the_modules_write_capability_gets_403(self, mondo, client_per):
        atto = crea_atto(mondo.a, pubblicato=True)
        allegato = allegato_di(mondo.a, atto)
        c = client_per(mondo.a.sindaco)
        assert c.post(pagina(mondo.a, f"oggetti/ambito.atto/{atto.pk}/"),
                      {"file": caricato("a.pdf", PDF)}).status_code == 403
        assert c.post(pagina(mondo.a, f"{allegato.pk}/sostituisci/"),
                      {"file": caricato("a.pdf", PDF)}).status_code == 403
        assert c.post(api(mondo.a, f"{allegato.pk}/versioni/"), {"file": caricato("a.pdf", PDF)}).status_code == 403
        with ambito_scope(mondo.a.ambito):
            assert allegato.versioni.count() == 1

    def test_a_role_without_the_modules_read_capability_gets_403(self, mondo, client_per, monkeypatch):
        monkeypatch.setattr(registry, "_REGOLE", dict(registry._REGOLE))
        registra_allegati(SubAmbito, tipi={"pdf"}, capacita_lettura="ambito.membri.vedi",
                          capacita_scrittura="ambito.membri.gestisci")
        with ambito_scope(mondo.a.ambito):
            sub = SubAmbito.objects.create(ambito=mondo.a.ambito, nome="Nord")
        allegato = allegato_di(mondo.a, sub)
        for chiave in ("assistente_1", "sindaco", "partner"):
            c = client_per(mondo.a.utente(chiave))
            assert c.get(pagina(mondo.a, f"{allegato.pk}/scarica/")).status_code == 403, chiave
            assert c.get(api(mondo.a, f"oggetti/ambito.subambito/{sub.pk}/")).status_code == 403, chiave
        assert client_per(mondo.a.operatore).get(pagina(mondo.a, f"{allegato.pk}/scarica/")).status_code == 200
        assert [e for e, _n in scaricamenti(mondo.a)] == [mondo.a.operatore.email]

    def test_a_model_that_takes_no_attachment_has_no_attachment_page(self, mondo, client_per):
        with ambito_scope(mondo.a.ambito):
            sub = SubAmbito.objects.create(ambito=mondo.a.ambito, nome="Nord")
        c = client_per(mondo.a.responsabile)
        assert c.get(pagina(mondo.a, f"oggetti/ambito.subambito/{sub.pk}/")).status_code == 404
        assert c.get(pagina(mondo.a, "oggetti/ambito.utente/1/")).status_code == 404


class TestAPI:
    def test_upload_list_replace_and_download(self, mondo, client_per):
        atto = crea_atto(mondo.a, pubblicato=True)
        c = client_per(mondo.a.operatore)
        r = c.post(api(mondo.a, f"oggetti/ambito.atto/{atto.pk}/"),
                   {"file": caricato("firmato.p7m", firmato("delibera_firmata_der.pdf.p7m")), "titolo": "Firmato"})
        assert r.status_code == 201, r.content
        pk = r.json()["id"]
        assert r.json()["versione_corrente"]["tipo"] == "p7m" and len(r.json()["versioni"]) == 1
        r = c.post(api(mondo.a, f"{pk}/versioni/"), {"file": caricato("firmato v2.pdf", PDF)})
        assert r.status_code == 201 and [v["numero"] for v in r.json()["versioni"]] == [2, 1]
        elenco = c.get(api(mondo.a, f"oggetti/ambito.atto/{atto.pk}/")).json()
        assert [a["titolo"] for a in elenco["results"]] == ["Documento dell'atto", "Firmato"]
        vecchia = r.json()["versioni"][1]["file"]
        assert contenuto(c.get(vecchia)) == firmato("delibera_firmata_der.pdf.p7m")
        assert scaricamenti(mondo.a) == [(mondo.a.operatore.email, 1)]

    def test_a_renamed_program_is_refused_with_the_common_error_shape(self, mondo, client_per):
        atto = crea_atto(mondo.a, allegato=False)
        r = client_per(mondo.a.operatore).post(api(mondo.a, f"oggetti/ambito.atto/{atto.pk}/"),
                                               {"file": caricato("delibera.pdf", EXE)})
        assert r.status_code == 400
        errore = r.json()["errore"]
        assert errore["codice"] == "tipo_file_non_ammesso" and "programma eseguibile" in errore["messaggio"]
        assert errore["campi"] == {"file": [errore["messaggio"]]}


def test_the_download_log_cannot_be_updated_or_deleted(mondo, client_per):
    from django.db import DatabaseError, transaction

    from ambito.audit.services import append_only_models

    assert ScaricamentoAllegato in append_only_models()
    allegato = allegato_di(mondo.a, crea_atto(mondo.a, pubblicato=True))
    client_per(mondo.a.partner).get(pagina(mondo.a, f"{allegato.pk}/scarica/"))
    with ambito_scope(mondo.a.ambito):
        riga = ScaricamentoAllegato.objects.get()
        for operazione in (lambda: ScaricamentoAllegato.objects.filter(pk=riga.pk).update(utente_email="x@y.z"),
                           lambda: ScaricamentoAllegato.objects.filter(pk=riga.pk).delete()):
            with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
                operazione()
        assert ScaricamentoAllegato.objects.get().utente_email == mondo.a.partner.email


def test_a_head_request_records_no_download(mondo, client_per):
    allegato = allegato_di(mondo.a, crea_atto(mondo.a, pubblicato=True))
    assert client_per(mondo.a.partner).head(pagina(mondo.a, f"{allegato.pk}/scarica/")).status_code == 200
    assert scaricamenti(mondo.a) == []


def test_the_panel_and_the_list_cost_the_same_queries_with_more_attachments(mondo, client_per):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    atto = crea_atto(mondo.a, pubblicato=True)
    c = client_per(mondo.a.operatore)

    def costo(percorso: str) -> int:
        with CaptureQueriesContext(connection) as query:
            assert c.get(percorso).status_code == 200
        return len(query)

    def percorsi() -> tuple[int, int]:
        return costo(f"/a/lodi/atti/{atto.pk}/"), costo(api(mondo.a, f"oggetti/ambito.atto/{atto.pk}/"))

    allegato_di(mondo.a, atto, titolo="Primo")
    pochi = percorsi()
    for n in range(3):
        allegato_di(mondo.a, atto, titolo=f"Altro {n}")
    assert percorsi() == pochi


def test_a_download_by_someone_not_logged_in_is_recorded_without_a_user(mondo, rf):
    """For the public pages: the view that publishes an act's document has no user to name."""
    from django.contrib.auth.models import AnonymousUser

    from ambito.allegati.views import risposta_scaricamento

    allegato = allegato_di(mondo.a, crea_atto(mondo.a, pubblicato=True))
    richiesta = rf.get("/p/lodi/atti/1/documento/", REMOTE_ADDR="203.0.113.9")
    richiesta.user = AnonymousUser()
    with ambito_scope(mondo.a.ambito):
        assert contenuto(risposta_scaricamento(richiesta, allegato.versione_corrente)) == PDF
        riga = ScaricamentoAllegato.objects.get()
    assert (riga.utente, riga.utente_email, riga.indirizzo_ip) == (None, "", "203.0.113.9")
