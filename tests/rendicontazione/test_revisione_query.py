"""Review of issue 20 — the main lists of rendicontazione run a constant number of queries as their rows grow
(docs/conventions.md §5): the returns' page and its history of productions, one production with its downloads, the
mapping table (page and API), the productions API, the SIUSS page and a beneficiary's flows. The dashboards have
their own tests (test_report_cruscotto, test_cruscotto_misure, test_cruscotto_piano)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ambito.tenancy import ambito_scope
from misure.models import EventoSIUSS
from rendicontazione import services
from tests.fondi.helpers import assegnazione, quota
from tests.rendicontazione.helpers import fondo_poverta, mappa, produci
from tests.rendicontazione.siuss_mondo import mondo_siuss
from tests.rendicontazione.test_waas import chiama

pytestmark = pytest.mark.django_db


def query(client, url: str) -> int:
    with CaptureQueriesContext(connection) as catturate:
        risposta = client.get(url)
    assert risposta.status_code == 200, (url, risposta.status_code)
    if hasattr(risposta, "streaming_content"):
        b"".join(risposta.streaming_content)
    return len(catturate)


def stesse_query(client, urls: list[str], aggiungi) -> None:
    for url in urls:
        client.get(url)  # caches (menus, registries) warmed once
    poche = {url: query(client, url) for url in urls}
    aggiungi()
    molte = {url: query(client, url) for url in urls}
    assert molte == poche


@pytest.fixture
def multifondo(mondo):
    w = mondo.a
    quote = fondo_poverta(w)
    mappa(w, quote["q1"], istat_area="POV", istat_servizio="PSW")
    mappa(w, quote["q2"], istat_area="POV", istat_servizio="PROXIM")
    return w


def produzioni(w, capture, n: int) -> list:
    """``n`` productions of the first half of 2025 by the operator and the responsabile, each other one
    submitted."""
    invii = []
    for i in range(n):
        actor = (w.operatore, w.responsabile)[i % 2]
        invio = produci(w, capture, actor=actor)
        if i % 2:
            with ambito_scope(w.ambito, actor=w.responsabile):
                services.invio_mark_inviato(invio=invio, actor=w.responsabile, inviato_il=dt.date(2025, 7, 10),
                                            protocollo=f"MF-{invio.pk}")
        invii.append(invio)
    return invii


def test_the_returns_pages_and_the_productions_api_cost_the_same_with_three_times_the_productions(
        multifondo, client_per, django_capture_on_commit_callbacks):
    w = multifondo
    produzioni(w, django_capture_on_commit_callbacks, 2)
    client = client_per(w.responsabile)
    base, api = f"/a/{w.ambito.slug}/rendicontazione", f"/api/v1/a/{w.ambito.slug}/rendicontazione"
    stesse_query(client, [f"{base}/", f"{base}/debiti/fondo_poverta/", f"{api}/invii/"],
                 lambda: produzioni(w, django_capture_on_commit_callbacks, 4))


def test_a_production_page_costs_the_same_with_three_times_the_downloads(
        multifondo, client_per, django_capture_on_commit_callbacks):
    w = multifondo
    [invio] = produzioni(w, django_capture_on_commit_callbacks, 1)
    pagina = f"/a/{w.ambito.slug}/rendicontazione/invii/{invio.pk}/"
    client_per(w.operatore).get(f"{pagina}scarica/")

    def scarica_ancora():
        for utente in (w.responsabile, w.operatore):
            assert client_per(utente).get(f"{pagina}scarica/").status_code == 200

    stesse_query(client_per(w.responsabile), [pagina, f"/api/v1/a/{w.ambito.slug}/rendicontazione/invii/{invio.pk}/"],
                 scarica_ancora)
    assert client_per(w.responsabile).get(pagina).content.decode().count("<li>") >= 3


def test_the_mapping_table_costs_the_same_with_three_times_the_rows(mondo, client_per):
    w = mondo.a

    def quote_mappate(n: int) -> None:
        with ambito_scope(w.ambito, actor=w.operatore):
            a = assegnazione(w.ambito, w.operatore, codice="FNPS", annualita=2025, importo="90000.00")
            for i in range(n):
                q = quota(a, w.operatore, importo="100.00", descrizione=f"Servizio {i} di {a.pk}")
                services.voce_mappatura_create(ambito=w.ambito, actor=w.operatore, tipo_oggetto="fondi.quota",
                                               chiave_oggetto=str(q.pk), descrizione=q.descrizione,
                                               istat_area="FAM", istat_servizio="PSW")
            services.voce_mappatura_create(ambito=w.ambito, actor=w.operatore, tipo_oggetto="locale",
                                           descrizione=f"Sportello {a.pk}", istat_area="FAM")

    quote_mappate(2)
    stesse_query(client_per(w.operatore), [f"/a/{w.ambito.slug}/rendicontazione/mappatura/",
                                           f"/api/v1/a/{w.ambito.slug}/rendicontazione/mappatura/"],
                 lambda: quote_mappate(4))


def test_the_siuss_pages_cost_the_same_with_three_times_the_flows(mondo, client, client_per, settings):
    settings.RENDICONTAZIONE_SIUSS_XSD_DIR = ""
    w = mondo.a
    m = mondo_siuss(w)
    assert chiama(client, w, "flussi?since=0&limit=100").status_code == 200
    rossi = m.persone[0].pk

    def altri_eventi():
        with ambito_scope(w.ambito):
            for copia in ("bis", "ter"):
                for evento in m.eventi:
                    EventoSIUSS.objects.create(ambito=w.ambito, tipo=evento.tipo, chiave=f"{evento.chiave}-{copia}",
                                               beneficiario=evento.beneficiario, piano=evento.piano,
                                               data=evento.data, dati=evento.dati)
        # 12 more events, and the cancellation of each copy of the undone March payment
        assert len(chiama(client, w, "flussi?since=0&limit=100").json()["elenco_flussi"]) == 7 + 12 + 2

    base = f"/a/{w.ambito.slug}/rendicontazione/siuss"
    stesse_query(client_per(w.operatore), [f"{base}/", f"{base}/beneficiari/{rossi}/"], altri_eventi)
