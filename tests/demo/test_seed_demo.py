"""seed_demo: both demo Ambiti on real comuni, every role, governance; idempotent; reads only its fixture."""

from __future__ import annotations

import io

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import CommandError, call_command
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_scopes import scopes_disabled

from ambito.accounts.models import Membro, Ruolo, Utente
from ambito.allegati.selectors import allegato_list
from ambito.atti.models import Atto, TipoAtto
from ambito.management.commands import seed_demo
from ambito.organi.models import EsitoVotazione, PuntoOdG, Seduta
from ambito.tenancy import ambito_scope
from ambito.tenancy.models import Ambito
from ambito.territorio.models import AppartenenzaComune, Comune, Ente
from ambito.territorio.selectors import territorio_riepilogo
from tests.riferimenti import ambiti_lombardia_parziale, comuni_lombardia

# The demo builds its own Ambiti "lodi" and "sesto" and counts every table: it starts empty (no shared world).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("senza_mondo")]


def semina() -> str:
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def conteggi() -> dict[str, int]:
    """Rows of every table of the project and its modules (history included): a second run must not add any."""
    with scopes_disabled():
        return {m._meta.label: m._default_manager.count() for m in apps.get_models()
                if m._meta.app_label in {"ambito", "otp_totp", "contenttypes", *settings.AMBITO_MODULI}}


def test_seed_demo_builds_both_ambiti_and_a_second_run_changes_nothing():
    uscita = semina()
    prima = conteggi()
    semina()
    assert conteggi() == prima

    lodi, sesto = Ambito.objects.get(slug="lodi"), Ambito.objects.get(slug="sesto")
    with ambito_scope(lodi):
        riepilogo = territorio_riepilogo(ambito=lodi, data=seed_demo.SINDACI_DAL)
        assert [(p.sigla, p.comuni) for p in riepilogo.province] == [("LO", 60), ("MI", 1)]
        assert riepilogo.comuni_senza_popolazione == 0
        assert AppartenenzaComune.objects.filter(ambito=lodi, comune__codice_istat="015191").exists()
        assert {m.ruolo for m in Membro.objects.filter(ambito=lodi)} == set(Ruolo.values)
        seduta = Seduta.objects.get(ambito=lodi)
        assert seduta.chiusa
        votati = PuntoOdG.objects.filter(seduta=seduta, richiede_votazione=True)
        assert {p.esito for p in votati} == {EsitoVotazione.APPROVATO}
        # The acts the seduta produced (domain modules may add acts of their own to the demo).
        assert Atto.objects.filter(ambito=lodi, tipo=TipoAtto.DELIBERAZIONE_ASSEMBLEA, pubblicato=True,
                                   punto_odg__seduta=seduta).count() == 2
    with ambito_scope(sesto):
        assert territorio_riepilogo(ambito=sesto, data=seed_demo.SINDACI_DAL).comuni == 2
        assert {m.ruolo for m in Membro.objects.filter(ambito=sesto)} == set(Ruolo.values)
        assert Seduta.objects.get(ambito=sesto).punti.count() == 2
        accordo = Atto.objects.get(ambito=sesto, tipo=TipoAtto.ACCORDO_PROGRAMMA)
        # The attachments panel shows an act's document in two versions and an annex.
        assert [(a.titolo, a.versione_corrente.numero) for a in allegato_list(oggetto=accordo)] == [
            ("Documento dell'atto", 2), ("Allegato A - Elenco dei comuni aderenti", 1)]

    assert lodi.ente_capofila.denominazione == "Comune di Lodi"
    assert lodi.ats == sesto.ats  # one ATS for both, shared
    assert Ente.objects.get(denominazione__startswith="Cooperativa sociale").registrato_da == lodi

    for email in ("admin@ambito.demo", "responsabile@lodi.demo", "sindaco@sesto.demo", "partner@lodi.demo"):
        assert Utente.objects.get(email=email).check_password(seed_demo.PASSWORD_DEMO), email
        assert email in uscita

    for email, segreto in seed_demo.SEGRETI_TOTP.items():
        device = TOTPDevice.objects.get(user__email=email)
        assert bytes.fromhex(device.key) == segreto
        codice = io.StringIO()
        call_command("demo_otp", email, stdout=codice)
        assert device.verify_token(codice.getvalue().strip())


def test_seed_demo_reuses_the_full_istat_list_when_it_is_loaded():
    call_command("import_comuni", stdout=io.StringIO())
    semina()
    assert Comune.objects.count() == 7896
    lodi = Comune.objects.get(codice_istat="098031")
    assert (lodi.popolazione, lodi.popolazione_fonte, lodi.provincia) == (46053, "ANPR 10/01/2024", "Lodi")
    assert lodi.history.count() == 2  # created by the ISTAT import, then given its population


def test_the_demo_reads_only_its_own_fixture():
    assert seed_demo.FIXTURE.is_relative_to(seed_demo.Path(seed_demo.__file__).parents[2])
    righe = seed_demo.leggi_fixture()
    assert len([r for r in righe if r["ambito"] == "lodi"]) == 61
    assert {r["denominazione"] for r in righe if r["ambito"] == "sesto"} == {"Sesto San Giovanni", "Cologno Monzese"}


def test_the_demo_fixture_agrees_with_the_reference_data():
    lombardia = {r["codice_istat"]: r for r in comuni_lombardia()}
    attese = {(r["codice_istat"], r["fonte_id"].lower()) for r in ambiti_lombardia_parziale()
              if r["fonte_id"] in ("LODI", "SESTO")}
    righe = seed_demo.leggi_fixture()
    assert {(r["codice_istat"], r["ambito"]) for r in righe} == attese
    for r in righe:
        rif = lombardia[r["codice_istat"]]
        assert (r["denominazione"], r["sigla"], r["belfiore"], r["residenti"], r["provincia"]) == (
            rif["denominazione"], rif["sigla_provincia"], rif["codice_catastale"], rif["residenti_anpr_2024_01_10"],
            rif["unita_sovracomunale"])


def test_demo_commands_refuse_to_run_in_production(settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="AMBITO_PRODUCTION"):
        call_command("seed_demo", stdout=io.StringIO())
    with pytest.raises(CommandError, match="AMBITO_PRODUCTION"):
        call_command("demo_otp", "admin@ambito.demo", stdout=io.StringIO())
    assert not Ambito.objects.exists()


def test_the_demo_publishes_acts_online_with_an_end_and_leaves_one_request_pending(client):
    from django.utils import timezone

    from ambito.approvazioni.models import RichiestaApprovazione, StatoRichiesta

    semina()
    with scopes_disabled():
        lodi = Ambito.objects.get(slug="lodi")
        online = list(Atto.objects.filter(ambito=lodi, pubblicazione_dal__isnull=False))
        in_attesa = list(RichiestaApprovazione.objects.filter(ambito=lodi, stato=StatoRichiesta.IN_ATTESA))
        approvate = RichiestaApprovazione.objects.filter(ambito=lodi, stato=StatoRichiesta.APPROVATA)
        assert {r.decisa_da.email for r in approvate} == {"responsabile@lodi.demo"}
        assert {r.preparata_da.email for r in approvate} == {"operatore@lodi.demo"}
    assert online and all(a.pubblicazione_al >= timezone.localdate() for a in online)
    assert [r.descrizione for r in in_attesa] == [
        "Pubblicazione nell'area pubblica: Determina dell'ente capofila n. 45 del 02/02/2026"]
    pagina = client.get("/p/lodi/atti/").content.decode()
    assert "XII/4793" in pagina and "n. 45" not in pagina
