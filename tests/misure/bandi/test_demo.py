"""The demo: the B2 2025 bando of Lodi, expressed without code, published, funded from the FNA demo assegnazione."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.management import call_command

from ambito.tenancy import ambito_scope
from ambito.tenancy.models import Ambito
from misure.demo import bandi as demo_bandi
from misure.models import StatoBando
from misure.regole import valida_regole
from misure.selectors import bandi as selettori

# The demo builds its own Ambiti "lodi" and "sesto" on real comuni: it starts empty (no shared world).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("senza_mondo")]


def righe_misure() -> dict[str, int]:
    return {m._meta.label: m._default_manager.count() for m in apps.get_app_config("misure").get_models()}


def test_il_bando_b2_della_demo_e_valido_pubblicato_e_finanziato() -> None:
    call_command("seed_demo", stdout=io.StringIO())
    lodi = Ambito.objects.get(slug=demo_bandi.AMBITO_DEMO)
    with ambito_scope(lodi):
        contesto: dict = {}
        demo_bandi.carica(ambito=lodi, actor=None, contesto=contesto)
        bando = contesto["bando_b2"]
        assert bando.stato == StatoBando.PUBBLICATO and bando.atto.numero == "4/2025"
        versione = selettori.versione_corrente(bando)
        assert versione.congelata and versione.atto == bando.atto
        assert valida_regole(ammissibilita=versione.regole_ammissibilita, punteggio=versione.regole_punteggio,
                             incompatibilita=versione.regole_incompatibilita) == []
        classi = {c["classe"]: c for c in versione.regole_ammissibilita["isee"]["classi"]}
        assert classi["maggiorenni"]["massimo"] == "25000.00" and classi["minorenni"]["massimo"] == "40000.00"
        assert bando.edizione.atto_regionale == "DGR XII/3719 del 30/12/2024"
        strumenti = {s.strumento.codice: s for s in selettori.strumento_bando_list(bando=bando)}
        assert set(strumenti) == {"caregiver", "assistente-familiare", "voucher-sad"}
        assert strumenti["caregiver"].strumento.importo_mensile == Decimal("100.00")
        assert strumenti["assistente-familiare"].strumento.importo_mensile_massimo == Decimal("800.00")
        assert "contratto-inps" in {d.codice for d in selettori.documento_list(bando=bando)}
        quote = selettori.quote_del_bando(bando=bando)
        assert [(q.assegnazione.fonte.codice, q.allocato) for q in quote] == [("FNA", demo_bandi.BUDGET_B2)]

        prima = righe_misure()
        di_nuovo: dict = {}
        demo_bandi.carica(ambito=lodi, actor=None, contesto=di_nuovo)
        assert di_nuovo["bando_b2"].pk == bando.pk and righe_misure() == prima
        assert len(selettori.quote_del_bando(bando=bando)) == 1
    _le_domande_della_demo_e_la_home_degli_assistenti(lodi)
    sesto = Ambito.objects.get(slug="sesto")
    with ambito_scope(sesto):
        altro: dict = {}
        demo_bandi.carica(ambito=sesto, actor=None, contesto=altro)
        assert "bando_b2" not in altro


def _le_domande_della_demo_e_la_home_degli_assistenti(lodi: Ambito) -> None:
    """The full demo (all three parts on the real seed): ~200 domande on the B2 bando across the comuni of Lodi,
    each demo assistente sees on the home page the domande of their comune and no other."""
    from django.db.models import Count
    from django.test import Client

    from ambito.accounts.models import Utente
    from misure.models import Domanda

    with ambito_scope(lodi):
        per_comune = dict(Domanda.objects.values_list("comune__codice_istat").annotate(n=Count("pk")))
        stati = set(Domanda.objects.values_list("stato", flat=True))
        protocollate = Domanda.objects.filter(protocollo_numero__isnull=False).count()
        altrui = {c: Domanda.objects.filter(comune__codice_istat=c).exclude(protocollo_numero=None)
                  .order_by("-pk").values_list("beneficiario__cognome", "beneficiario__nome").first()
                  for c in ("098031", "098019")}
    assert 180 <= sum(per_comune.values()) <= 220 and len(per_comune) >= 10
    assert {"bozza", "presentata", "in_istruttoria", "non_ammissibile"} <= stati
    # The graduatorie demo ranks the ammissibili: they are now funded (and paid) or on the waiting list.
    assert stati & {"finanziata", "attiva"} and "lista_attesa" in stati
    assert protocollate >= 150
    for email, mio, altro in (("assistente1@lodi.demo", "098031", "098019"),
                              ("assistente2@lodi.demo", "098019", "098031")):
        client = Client()
        client.force_login(Utente.objects.get(email=email))
        home = client.get("/a/lodi/").content.decode()
        assert "Le domande dei tuoi comuni" in home, email
        assert f"{per_comune[mio]} domande" in home, email
        assert "{} {}".format(*altrui[mio]) in home and "{} {}".format(*altrui[altro]) not in home, email
