"""Who sees what: a partner only the projects granted to them (django-guardian), the Assemblea approved plans
and closed periods only, read-only; another Ambito nothing."""

from __future__ import annotations

import pytest

from ambito.tenancy import ambito_scope
from piani import services
from piani.models import StatoPiano
from tests.piani import helpers as h

pytestmark = pytest.mark.django_db


@pytest.fixture
def due_progetti(mondo):
    w = mondo.a
    with ambito_scope(w.ambito, actor=w.responsabile):
        piano = h.piano(w.ambito, w.responsabile)
        concesso = h.progetto(piano, w.responsabile, titolo="Progetto con l'ASST")
        riservato = h.progetto(piano, w.responsabile, titolo="Progetto riservato")
        h.indicatore(concesso, w.responsabile, nome="Prese in carico congiunte")
        h.indicatore(riservato, w.responsabile, nome="Indicatore riservato")
    return w, piano, concesso, riservato


def test_a_partner_sees_only_the_project_granted_to_them_in_pages_and_api(due_progetti, client_per):
    w, piano, concesso, riservato = due_progetti
    partner = client_per(w.partner)
    assert partner.get(f"/a/{w.ambito.slug}/piani/progetti/{concesso.pk}/").status_code == 404
    responsabile = client_per(w.responsabile)
    r = responsabile.post(f"/a/{w.ambito.slug}/piani/progetti/{concesso.pk}/partner/", {"utente": w.partner.pk},
                          follow=True)
    assert f"{w.partner.email} vede ora il progetto." in r.content.decode()

    partner = client_per(w.partner)
    pagina = partner.get(f"/a/{w.ambito.slug}/piani/progetti/{concesso.pk}/")
    assert pagina.status_code == 200 and "Prese in carico congiunte" in pagina.content.decode()
    assert partner.get(f"/a/{w.ambito.slug}/piani/progetti/{riservato.pk}/").status_code == 404
    assert partner.get(f"/a/{w.ambito.slug}/piani/{piano.pk}/").status_code == 403
    home = partner.get(f"/a/{w.ambito.slug}/piani/").content.decode()
    assert "Progetto con l&#x27;ASST" in home and "Progetto riservato" not in home
    elenco = partner.get(f"/api/v1/a/{w.ambito.slug}/piani/progetti/").json()
    assert [p["titolo"] for p in elenco["results"]] == ["Progetto con l'ASST"]
    assert partner.get(f"/api/v1/a/{w.ambito.slug}/piani/progetti/{riservato.pk}/").status_code == 404
    assert partner.get(f"/api/v1/a/{w.ambito.slug}/piani/progetti/{riservato.pk}/indicatori/").status_code == 404
    # Read-only: the partner cannot change the card it sees.
    assert partner.post(f"/a/{w.ambito.slug}/piani/progetti/{concesso.pk}/modifica/", {}).status_code == 403

    responsabile.post(f"/a/{w.ambito.slug}/piani/progetti/{concesso.pk}/partner/revoca/", {"utente": w.partner.pk})
    assert client_per(w.partner).get(f"/a/{w.ambito.slug}/piani/progetti/{concesso.pk}/").status_code == 404


def test_only_a_partner_of_this_ambito_can_be_granted_a_project(due_progetti, mondo):
    w, _, concesso, _ = due_progetti
    with ambito_scope(w.ambito, actor=w.responsabile), pytest.raises(services.RegolaViolata):
        services.progetto_partner_grant(progetto=concesso, actor=w.responsabile, utente=mondo.b.partner)
    with ambito_scope(w.ambito, actor=w.responsabile), pytest.raises(services.RegolaViolata):
        services.progetto_partner_grant(progetto=concesso, actor=w.responsabile, utente=w.operatore)


def test_the_assemblea_sees_approved_plans_and_closed_periods_only(due_progetti, client_per):
    w, piano, concesso, _ = due_progetti
    sindaco = client_per(w.sindaco)
    assert sindaco.get(f"/a/{w.ambito.slug}/piani/{piano.pk}/").status_code == 404  # still a draft
    assert sindaco.get(f"/a/{w.ambito.slug}/piani/progetti/{concesso.pk}/").status_code == 404
    with ambito_scope(w.ambito, actor=w.responsabile):
        services.piano_transition(piano=piano, actor=w.responsabile, stato=StatoPiano.IN_CONSULTAZIONE)
        services.piano_transition(piano=piano, actor=w.responsabile, stato=StatoPiano.APPROVATO_ASSEMBLEA,
                                  atto=h.atto(w.ambito))
        aperto = h.periodo(piano, w.responsabile, anno=2026)
        chiuso = h.periodo(piano, w.responsabile, anno=2025)
        services.valore_set(indicatore=concesso.indicatori.get(), periodo=chiuso, actor=w.responsabile, valore=12)
        services.valore_set(indicatore=concesso.indicatori.get(), periodo=aperto, actor=w.responsabile, valore=777)
        services.periodo_close(periodo=chiuso, actor=w.responsabile)
    pagina = sindaco.get(f"/a/{w.ambito.slug}/piani/{piano.pk}/").content.decode()
    assert f"/piani/periodi/{chiuso.pk}/" in pagina and f"/piani/periodi/{aperto.pk}/" not in pagina
    assert "Nuovo obiettivo" not in pagina
    assert sindaco.get(f"/a/{w.ambito.slug}/piani/periodi/{aperto.pk}/").status_code == 404
    scheda = sindaco.get(f"/a/{w.ambito.slug}/piani/progetti/{concesso.pk}/").content.decode()
    assert "12,00" in scheda and "777" not in scheda
    assert sindaco.post(f"/a/{w.ambito.slug}/piani/periodi/{chiuso.pk}/riapri/", {"motivo": "x"}).status_code == 403
    assert sindaco.get(f"/a/{w.ambito.slug}/piani/{piano.pk}/cruscotto/").status_code == 200


def test_only_the_responsabile_closes_a_period(due_progetti, client_per):
    w, piano, _, _ = due_progetti
    with ambito_scope(w.ambito, actor=w.responsabile):
        periodo = h.periodo(piano, w.responsabile)
    assert client_per(w.operatore).post(f"/a/{w.ambito.slug}/piani/periodi/{periodo.pk}/chiudi/").status_code == 403
    assert client_per(w.responsabile).post(f"/a/{w.ambito.slug}/piani/periodi/{periodo.pk}/chiudi/"
                                           ).status_code == 302
    with ambito_scope(w.ambito):
        periodo.refresh_from_db()
    assert periodo.chiuso and periodo.chiuso_da == w.responsabile


def test_documents_are_generated_only_for_what_the_requester_may_see(due_progetti, client_per,
                                                                      django_capture_on_commit_callbacks):
    from ambito.jobs.models import Job, StatoJob
    from ambito.jobs.services import job_create

    w, piano, concesso, riservato = due_progetti
    with ambito_scope(w.ambito, actor=w.responsabile):
        services.progetto_partner_grant(progetto=concesso, actor=w.responsabile, utente=w.partner)
    partner = client_per(w.partner)
    with django_capture_on_commit_callbacks(execute=True):
        assert partner.post(f"/a/{w.ambito.slug}/piani/progetti/{concesso.pk}/pdf/").status_code == 302
        assert partner.post(f"/a/{w.ambito.slug}/piani/progetti/{riservato.pk}/pdf/").status_code == 404
    with ambito_scope(w.ambito):
        fatto = Job.objects.get(ambito=w.ambito, tipo="piani.progetto_pdf", richiesto_da=w.partner)
        assert fatto.stato == StatoJob.COMPLETATO, fatto.errore
        # Asked around the page (the jobs API takes any id of the Ambito): refused by the job itself.
        with django_capture_on_commit_callbacks(execute=True):
            altrui = job_create(ambito=w.ambito, actor=w.partner, tipo="piani.progetto_pdf",
                                parametri={"progetto": riservato.pk})
            bozza = job_create(ambito=w.ambito, actor=w.sindaco, tipo="piani.piano_pdf",
                               parametri={"piano": piano.pk})
        altrui.refresh_from_db()
        bozza.refresh_from_db()
    assert (altrui.stato, altrui.errore) == (StatoJob.FALLITO, "Progetto inesistente o non visibile.")
    assert (bozza.stato, bozza.errore) == (StatoJob.FALLITO, "Piano inesistente o non ancora approvato.")
    assert not altrui.risultato and not bozza.risultato
