"""Pages under /a/<slug>/membri/: who may see, invite, change and revoke; what they see."""

from __future__ import annotations

import pytest
from django.core import mail
from django_scopes import scopes_disabled

from ambito.accounts.models import Invito, Membro, Ruolo
from ambito.tenancy import ambito_scope
from tests.conftest import RUOLI_CHIAVE

pytestmark = pytest.mark.django_db


def membro_pk(w, user) -> int:
    with ambito_scope(w.ambito):
        return Membro.objects.get(ambito=w.ambito, utente=user, revocato_il__isnull=True).pk


def stato_membri() -> tuple:
    """Everything a refused write could have touched: memberships, invitations, their history."""
    with scopes_disabled():
        return (
            sorted(Membro.objects.values_list("pk", "ruolo", "revocato_il", "ente_id")),
            sorted(Membro.comuni.through.objects.values_list("membro_id", "comune_id")),
            sorted(Invito.objects.values_list("pk", "annullato_il", "accettato_il")),
            Membro.history.count(), Invito.history.count(),
        )


def azioni(mondo) -> dict[str, tuple[str, str, dict]]:
    """Every write of the area, as (method, path, data)."""
    a = mondo.a
    with ambito_scope(a.ambito):
        invito = Invito.objects.create(ambito=a.ambito, email="attesa@example.test", ruolo=Ruolo.OPERATORE,
                                       invitato_da=a.responsabile, scade_il="2099-01-01T00:00Z")
    operatore = membro_pk(a, a.operatore)
    return {
        "invita": ("post", "/a/lodi/membri/inviti/nuovo/", {"email": "x@example.test", "ruolo": "operatore"}),
        "modifica": ("post", f"/a/lodi/membri/{operatore}/modifica/", {"ruolo": "responsabile"}),
        "revoca": ("post", f"/a/lodi/membri/{operatore}/revoca/", {}),
        "annulla_invito": ("post", f"/a/lodi/membri/inviti/{invito.pk}/annulla/", {}),
    }


# Per-role matrix (issue #2): staff list; only the responsabile invites, changes, revokes.
LETTURA = {"responsabile": 200, "operatore": 200, "assistente_1": 403, "assistente_2": 403, "sindaco": 403,
           "partner": 403}


@pytest.mark.parametrize("chiave", RUOLI_CHIAVE)
@pytest.mark.parametrize("pagina", ["/a/lodi/membri/", "/a/lodi/membri/inviti/"])
def test_only_staff_see_the_members_and_the_invitations(mondo, client_per, chiave, pagina):
    assert client_per(mondo.a.utente(chiave)).get(pagina).status_code == LETTURA[chiave]


@pytest.mark.parametrize("chiave", [c for c in RUOLI_CHIAVE if c != "responsabile"])
@pytest.mark.parametrize("azione", ["invita", "modifica", "revoca", "annulla_invito"])
def test_roles_other_than_the_responsabile_cannot_change_members(mondo, client_per, chiave, azione):
    metodo, percorso, dati = azioni(mondo)[azione]
    client = client_per(mondo.a.utente(chiave))
    prima = stato_membri()
    assert client.get(percorso).status_code == 403
    assert getattr(client, metodo)(percorso, dati).status_code == 403
    assert stato_membri() == prima


@pytest.mark.parametrize("azione", ["invita", "modifica", "revoca", "annulla_invito"])
def test_the_responsabile_of_another_ambito_gets_404_and_changes_nothing(mondo, client_per, azione):
    metodo, percorso, dati = azioni(mondo)[azione]
    client = client_per(mondo.b.responsabile)
    prima = stato_membri()
    assert client.get(percorso).status_code == 404
    assert getattr(client, metodo)(percorso, dati).status_code == 404
    if azione != "invita":  # …nor through their own Ambito's URL with an object of Ambito A.
        assert getattr(client, metodo)(percorso.replace("/a/lodi/", "/a/sesto/"), dati).status_code == 404
    assert stato_membri() == prima


def test_the_list_shows_each_member_with_role_and_comuni(mondo, client_per):
    response = client_per(mondo.a.responsabile).get("/a/lodi/membri/")
    testo = response.content.decode()
    assert "assistente_1@lodi.test" in testo and "Assistente sociale" in testo
    assert "Lodi (LO)" in testo and "Codogno (LO)" in testo
    assert "ASST Lodi" in testo  # the partner's ente
    assert "Invita un utente" in testo
    assert "@sesto.test" not in testo
    assert f"/a/lodi/membri/{membro_pk(mondo.a, mondo.a.operatore)}/revoca/" in testo


def test_the_operatore_sees_the_list_without_the_buttons_to_change_it(mondo, client_per):
    testo = client_per(mondo.a.operatore).get("/a/lodi/membri/").content.decode()
    assert "responsabile@lodi.test" in testo
    assert "Invita un utente" not in testo and "/revoca/" not in testo and "/modifica/" not in testo


def test_a_revoked_member_disappears_from_the_list(mondo, client_per):
    client = client_per(mondo.a.responsabile)
    client.post(f"/a/lodi/membri/{membro_pk(mondo.a, mondo.a.partner)}/revoca/")
    assert "partner@lodi.test" not in client.get("/a/lodi/membri/").content.decode()


def test_the_responsabile_invites_an_assistente_sociale_from_the_form(
    mondo, client_per, django_capture_on_commit_callbacks,
):
    client = client_per(mondo.a.responsabile)
    pagina = client.get("/a/lodi/membri/inviti/nuovo/").content.decode()
    assert "San Colombano al Lambro" in pagina and "Sesto San Giovanni" not in pagina  # only today's comuni
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/a/lodi/membri/inviti/nuovo/", {
            "email": "nuova@example.test", "ruolo": "assistente_sociale",
            "comuni": [mondo.a.comuni[0].pk, mondo.a.comuni[3].pk],
        })
    assert response.status_code == 302
    assert response["Location"] == "/a/lodi/membri/inviti/"
    with ambito_scope(mondo.a.ambito):
        invito = Invito.objects.get(email="nuova@example.test")
        assert set(invito.comuni.all()) == {mondo.a.comuni[0], mondo.a.comuni[3]}
        assert invito.invitato_da == mondo.a.responsabile
    assert mail.outbox[0].to == ["nuova@example.test"]
    assert "nuova@example.test" in client.get("/a/lodi/membri/inviti/").content.decode()


def test_the_invitation_form_has_no_default_role_and_shows_no_bindings_until_a_role_is_chosen(mondo, client_per):
    """Issue 14, defect 9: the form defaulted to Responsabile and showed the comuni for every role."""
    client = client_per(mondo.a.responsabile)
    pagina = client.get("/a/lodi/membri/inviti/nuovo/").content.decode()
    assert pagina.split('name="ruolo"')[1].split("</select>")[0].count("selected") == 1  # the empty choice
    assert '<option value="" selected>— Scegli il ruolo —</option>' in pagina
    assert 'data-mostra-per-ruolo="assistente_sociale assemblea" hidden' in pagina
    assert 'data-mostra-per-ruolo="partner gestore" hidden' in pagina
    response = client.post("/a/lodi/membri/inviti/nuovo/", {"email": "nuova@example.test"})
    assert response.status_code == 400
    assert "Scegli il ruolo da assegnare." in response.content.decode()
    with ambito_scope(mondo.a.ambito):
        assert not Invito.objects.exists()


def test_the_edit_form_shows_the_bindings_of_the_members_role_only(mondo, client_per):
    pk = membro_pk(mondo.a, mondo.a.assistente_1)
    pagina = client_per(mondo.a.responsabile).get(f"/a/lodi/membri/{pk}/modifica/").content.decode()
    assert 'data-mostra-per-ruolo="assistente_sociale assemblea">' in pagina
    assert 'data-mostra-per-ruolo="partner gestore" hidden' in pagina


def test_a_refused_invitation_shows_the_reason_next_to_the_field_and_keeps_the_input(mondo, client_per):
    client = client_per(mondo.a.responsabile)
    response = client.post("/a/lodi/membri/inviti/nuovo/", {"email": "nuova@example.test",
                                                            "ruolo": "assistente_sociale"})
    assert response.status_code == 400
    testo = response.content.decode()
    assert "almeno un comune" in testo
    assert 'value="nuova@example.test"' in testo
    with ambito_scope(mondo.a.ambito):
        assert not Invito.objects.exists()


def test_a_comune_of_another_ambito_cannot_be_posted(mondo, client_per):
    response = client_per(mondo.a.responsabile).post("/a/lodi/membri/inviti/nuovo/", {
        "email": "nuova@example.test", "ruolo": "assistente_sociale", "comuni": [mondo.b.comuni[0].pk]})
    assert response.status_code == 400
    with ambito_scope(mondo.a.ambito):
        assert not Invito.objects.exists()


def test_the_responsabile_changes_a_role_and_its_comuni(mondo, client_per):
    pk = membro_pk(mondo.a, mondo.a.operatore)
    client = client_per(mondo.a.responsabile)
    pagina = client.get(f"/a/lodi/membri/{pk}/modifica/").content.decode()
    assert 'value="operatore" selected' in pagina
    response = client.post(f"/a/lodi/membri/{pk}/modifica/", {"ruolo": "assemblea",
                                                              "comuni": [mondo.a.comuni[2].pk]})
    assert response.status_code == 302
    with ambito_scope(mondo.a.ambito):
        membro = Membro.objects.get(pk=pk)
        assert membro.ruolo == Ruolo.ASSEMBLEA
        assert list(membro.comuni.all()) == [mondo.a.comuni[2]]
    # The new role is effective on the next request: an Assemblea member does not see the list.
    assert client_per(mondo.a.operatore).get("/a/lodi/membri/").status_code == 403


def test_revocation_takes_effect_on_the_next_request(mondo, client_per):
    revocato = client_per(mondo.a.operatore)
    assert revocato.get("/a/lodi/").status_code == 200
    pk = membro_pk(mondo.a, mondo.a.operatore)
    responsabile = client_per(mondo.a.responsabile)
    assert "Revoca l'accesso" in responsabile.get(f"/a/lodi/membri/{pk}/revoca/").content.decode()
    response = responsabile.post(f"/a/lodi/membri/{pk}/revoca/")
    assert response.status_code == 302
    # Same session, next request: the Ambito no longer exists for them (pages and API alike).
    assert revocato.get("/a/lodi/").status_code == 404
    assert revocato.get("/a/lodi/atti/").status_code == 404
    assert revocato.get("/api/v1/a/lodi/membri/").status_code == 404


def test_the_last_responsabile_cannot_revoke_or_demote_themselves(mondo, client_per):
    pk = membro_pk(mondo.a, mondo.a.responsabile)
    client = client_per(mondo.a.responsabile)
    prima = stato_membri()
    response = client.post(f"/a/lodi/membri/{pk}/revoca/")
    assert response.status_code == 400
    assert "unico responsabile" in response.content.decode()
    response = client.post(f"/a/lodi/membri/{pk}/modifica/", {"ruolo": "operatore"})
    assert response.status_code == 400
    assert "unico responsabile" in response.content.decode()
    assert stato_membri() == prima
    assert client.get("/a/lodi/membri/").status_code == 200


def test_the_responsabile_cancels_a_pending_invitation(mondo, client_per):
    _, percorso, _ = azioni(mondo)["annulla_invito"]
    client = client_per(mondo.a.responsabile)
    assert "attesa@example.test" in client.get(percorso).content.decode()
    assert client.post(percorso).status_code == 302
    with ambito_scope(mondo.a.ambito):
        assert Invito.objects.get(email="attesa@example.test").annullato_il is not None
    assert '<th scope="row">attesa@example.test</th>' not in client.get("/a/lodi/membri/inviti/").content.decode()
    response = client.post(percorso)  # twice: a clear message, not an error page
    assert response.status_code == 409
    assert "già stato annullato" in response.content.decode()


def test_the_platform_administrator_manages_members_of_any_ambito(mondo, client_per):
    pk = membro_pk(mondo.b, mondo.b.partner)
    client = client_per(mondo.admin)
    assert client.post(f"/a/sesto/membri/{pk}/revoca/").status_code == 302
    with ambito_scope(mondo.b.ambito):
        assert Membro.objects.get(pk=pk).revocato_il is not None


def test_a_change_of_comuni_shows_in_the_members_history_page(mondo, client_per):
    pk = membro_pk(mondo.a, mondo.a.assistente_1)
    client = client_per(mondo.a.responsabile)
    pagina = client.get(f"/a/lodi/membri/{pk}/modifica/").content.decode()
    storico = f"/a/lodi/storico/ambito.membro/{pk}/"
    assert storico in pagina
    client_per(mondo.admin).post(f"/a/lodi/membri/{pk}/modifica/", {
        "ruolo": "assistente_sociale", "comuni": [mondo.a.comuni[2].pk, mondo.a.comuni[3].pk]})
    testo = client.get(storico).content.decode()
    assert "Casalpusterlengo" in testo and "San Colombano al Lambro" in testo  # after
    assert "Lodi (LO)" in testo  # before
    assert "Amministratore Piattaforma" in testo  # who
