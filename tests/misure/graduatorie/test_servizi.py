"""Graduatorie services on PostgreSQL: compute from the domande with the bando's quota as budget, constant
queries, reproducibility, what-if never touching domande, provvisoria by act, definitiva through the two-person
approval with the impegno on the quota and the domande transitions, scorrimento after a rinuncia, residues
flowing one way only."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ambito.approvazioni.services import richiesta_approve
from ambito.atti.models import AttoCollegamento
from ambito.errors import Conflitto, RegolaViolata
from ambito.tenancy import ambito_scope
from fondi.selectors import saldi_quote
from misure.models import Domanda, EventoDomanda, PosizioneGraduatoria, StatoGraduatoria
from misure.selectors.erogazioni import finanziamento_di
from misure.services import graduatorie as services
from tests.fondi import helpers as fondi
from tests.misure.graduatorie.helpers import bando_con_quota, domanda_valutata

D = Decimal
pytestmark = pytest.mark.django_db


@pytest.fixture
def scena(mondo):
    """Budget 2.400 € (two caregiver buoni of 100 € × 12): scores 30, 20, 20 (older first), 10; one non
    ammissibile, one in sospeso."""
    w = mondo.a
    with ambito_scope(w.ambito):
        prova = bando_con_quota(w.ambito)
        versione = prova.versione
        versione.regole_punteggio = {"isee": {"fasce": [{"da": 0, "a": 100000, "punti": 0}]},
                                     "parita": ["eta_decrescente"]}
        versione.save()
        c = w.comuni
        d = {
            "prima": domanda_valutata(w.ambito, prova, c[0], punti={"isee": 20, "eta": 10}, assistente=w.assistente_1),
            "giovane": domanda_valutata(w.ambito, prova, c[1], punti={"isee": 20},
                                        nascita=__import__("datetime").date(1960, 1, 1)),
            "anziana": domanda_valutata(w.ambito, prova, c[0], punti={"isee": 15, "eta": 5},
                                        nascita=__import__("datetime").date(1930, 1, 1), assistente=w.assistente_1),
            "ultima": domanda_valutata(w.ambito, prova, c[1], punti={"isee": 10}),
            "esclusa": domanda_valutata(w.ambito, prova, c[0], punti={"isee": 40}, stato="non_ammissibile",
                                        motivo="ISEE oltre la soglia"),
            "sospesa": domanda_valutata(w.ambito, prova, c[0], punti={"isee": 40}, stato="in_sospeso"),
        }
    return w, prova, d


def calcola(w, prova, **kwargs):
    with ambito_scope(w.ambito):
        return services.graduatoria_compute(bando=prova.bando, actor=w.operatore, **kwargs)


def esiti(graduatoria):
    return {p.domanda_id: (p.posizione, p.esito) for p in
            PosizioneGraduatoria.objects.filter(graduatoria=graduatoria)}


def test_calcolo_con_budget_della_quota(scena):
    w, prova, d = scena
    g = calcola(w, prova)
    with ambito_scope(w.ambito):
        e = esiti(g)
        assert g.budget == D("2400.00") and g.finanziato == D("2400.00")
        assert e[d["prima"].pk] == (1, "finanziata")
        assert e[d["anziana"].pk] == (2, "finanziata")  # tie at 20: older first (eta_decrescente)
        assert e[d["giovane"].pk] == (3, "non_finanziata")
        assert e[d["ultima"].pk] == (4, "non_finanziata")
        assert e[d["esclusa"].pk] == (None, "non_idonea")
        assert e[d["sospesa"].pk] == (None, "in_sospeso")
        prima = PosizioneGraduatoria.objects.get(graduatoria=g, domanda=d["prima"])
        assert prima.punti == {"eta": "10.00", "isee": "20.00"} and prima.mesi_finanziati == 12
        assert PosizioneGraduatoria.objects.get(graduatoria=g, domanda=d["esclusa"]).motivo == "ISEE oltre la soglia"
        assert services.verifica_hash(g)
        assert all("isee" in v and v["isee"] is None for v in g.snapshot)  # no ISEE kept: not a tie-breaker here
        # domande unchanged by a computation
        assert Domanda.objects.get(pk=d["prima"].pk).stato == "ammissibile"


def test_numero_di_query_costante(mondo):
    w = mondo.a
    conteggi = []
    with ambito_scope(w.ambito):
        prova = bando_con_quota(w.ambito)
        for quante in (3, 15):
            while Domanda.objects.filter(bando=prova.bando).count() < quante:
                domanda_valutata(w.ambito, prova, w.comuni[0], punti={"isee": 5})
            with CaptureQueriesContext(connection) as q:
                services.graduatoria_compute(bando=prova.bando, actor=None)
            conteggi.append(len(q))
    assert conteggi[0] == conteggi[1]


def test_ricalcolo_in_bozza_e_riproducibilita(scena):
    w, prova, d = scena
    g = calcola(w, prova)
    hash_prima = g.hash_calcolo
    with ambito_scope(w.ambito):
        Domanda.objects.filter(pk=d["ultima"].pk).update(punteggio_dettaglio=[{"criterio": "isee", "punti": "99"}])
    g = calcola(w, prova, graduatoria=g)
    with ambito_scope(w.ambito):
        assert g.hash_calcolo != hash_prima and esiti(g)[d["ultima"].pk] == (1, "finanziata")
        assert services.ricalcola_da_snapshot(g).hash == g.hash_calcolo


def test_simulazione_non_cambia_nulla_e_si_promuove(scena):
    w, prova, d = scena
    g = calcola(w, prova)
    with ambito_scope(w.ambito):
        sim = services.simulazione_create(graduatoria=g, actor=w.operatore, nome="Budget +1200",
                                          modifiche={"budget": "3600"})
        r = sim.risultato
        assert r["entrano_id"] == [d["giovane"].pk] and r["escono_id"] == []
        assert r["residuo_simulato"] == "0.00" and r["soglia_simulata"] == "20.00"
        assert r["per_comune_simulato"][str(w.comuni[1].pk)] == "1200.00"
        assert sorted(Domanda.objects.filter(bando=prova.bando).values_list("stato", flat=True)) == sorted(
            ["ammissibile"] * 4 + ["non_ammissibile", "in_sospeso"])
        # without the age criterion: anziana (15+5) drops to 15, giovane (20) enters
        pesi = services.simulazione_create(graduatoria=g, actor=w.operatore, nome="Pesi",
                                           modifiche={"pesi": {"eta": "0"}}).risultato
        assert (pesi["entrano_id"], pesi["escono_id"]) == ([d["giovane"].pk], [d["anziana"].pk])
        with pytest.raises(RegolaViolata):
            services.simulazione_create(graduatoria=g, actor=w.operatore, nome="x", modifiche={"budget": "abc"})
        with pytest.raises(PermissionDenied):
            services.simulazione_create(graduatoria=g, actor=w.assistente_1, nome="x", modifiche={})
        g = services.simulazione_promuovi(simulazione=sim, actor=w.operatore)
        assert g.finanziato == D("3600.00") and esiti(g)[d["giovane"].pk] == (3, "finanziata")


def approva_tutto(w, prova):
    g = calcola(w, prova)
    with ambito_scope(w.ambito):
        g = services.graduatoria_approva_provvisoria(graduatoria=g, atto=fondi.atto(w.ambito), actor=w.operatore)
        richiesta = services.graduatoria_richiedi_definitiva(graduatoria=g, atto=fondi.atto(w.ambito),
                                                             actor=w.operatore)
        richiesta_approve(richiesta=richiesta, actor=w.responsabile, secondo_fattore_verificato=True)
        g.refresh_from_db()
    return g


def test_provvisoria_poi_definitiva_con_impegno_e_transizioni(scena):
    w, prova, d = scena
    g = approva_tutto(w, prova)
    with ambito_scope(w.ambito):
        assert g.stato == StatoGraduatoria.DEFINITIVA and g.atto_provvisoria_id and g.atto_definitiva_id
        assert (g.pubblicata_al - g.pubblicata_dal).days == prova.bando.giorni_pubblicazione
        assert saldi_quote(ambito=w.ambito, data=g.pubblicata_dal, quota=g.quota)[g.quota.pk].impegnato == D("2400")
        stati = dict(Domanda.objects.filter(bando=prova.bando).values_list("pk", "stato"))
        assert stati[d["prima"].pk] == stati[d["anziana"].pk] == "finanziata"
        assert stati[d["giovane"].pk] == stati[d["ultima"].pk] == "lista_attesa"
        assert stati[d["esclusa"].pk] == "non_ammissibile"
        assert EventoDomanda.objects.filter(domanda=d["prima"], a_stato="finanziata").exists()
        with pytest.raises(Conflitto):
            services.graduatoria_compute(bando=prova.bando, actor=w.operatore, graduatoria=g)


def test_chi_prepara_non_approva_e_il_ruolo_senza_diritto_no(scena):
    w, prova, _d = scena
    g = calcola(w, prova)
    with ambito_scope(w.ambito):
        g = services.graduatoria_approva_provvisoria(graduatoria=g, atto=fondi.atto(w.ambito), actor=w.operatore)
        richiesta = services.graduatoria_richiedi_definitiva(graduatoria=g, atto=fondi.atto(w.ambito),
                                                             actor=w.responsabile)
        with pytest.raises(RegolaViolata):
            richiesta_approve(richiesta=richiesta, actor=w.responsabile, secondo_fattore_verificato=True)
        with pytest.raises(PermissionDenied):
            richiesta_approve(richiesta=richiesta, actor=w.operatore, secondo_fattore_verificato=True)
        g.refresh_from_db()
        assert g.stato == StatoGraduatoria.PROVVISORIA


def test_scorrimento_dopo_una_rinuncia(scena):
    w, prova, d = scena
    g = approva_tutto(w, prova)
    with ambito_scope(w.ambito):
        # rinuncia (erogazioni part's transition) and release of its 1.200 € on the quota
        Domanda.objects.filter(pk=d["prima"].pk).update(stato="ritirata")
        from fondi.services import disimpegno_create
        disimpegno_create(quota=g.quota, importo=D("1200"), data_contabile=g.pubblicata_dal, actor=None,
                          atto=fondi.atto(w.ambito))
        s = services.scorrimento_create(graduatoria=g, atto=fondi.atto(w.ambito), actor=w.operatore,
                                        somma=D("1200"))
        assert s.domande == [d["giovane"].pk] and s.finanziato == D("1200")
        assert AttoCollegamento.objects.filter(atto=s.atto, object_id=s.pk,
                                               content_type__model="scorrimentograduatoria").exists()
        assert Domanda.objects.get(pk=d["giovane"].pk).stato == "finanziata"
        assert Domanda.objects.get(pk=d["ultima"].pk).stato == "lista_attesa"
        assert PosizioneGraduatoria.objects.get(graduatoria=g, domanda=d["giovane"]).importo_assegnato == D("1200")


def test_scorrimento_in_ordine_stretto_finanzia_parzialmente_il_primo_che_non_rientra(scena):
    w, prova, d = scena
    with ambito_scope(w.ambito):
        prova.bando.finanziamento_parziale = True
        prova.bando.save()
    g = approva_tutto(w, prova)
    with ambito_scope(w.ambito):
        Domanda.objects.filter(pk=d["prima"].pk).update(stato="ritirata")
        from fondi.services import disimpegno_create
        disimpegno_create(quota=g.quota, importo=D("1200"), data_contabile=g.pubblicata_dal, actor=None,
                          atto=fondi.atto(w.ambito))
        bozza_dopo = services.graduatoria_compute(bando=prova.bando, actor=None)  # giovane funded in a new draft
        assert esiti(bozza_dopo)[d["giovane"].pk] == (1, "finanziata")
        # 600 € of the returned 1.200: giovane (1.200 € for 12 months) is funded for 6 months, ultima keeps waiting
        s = services.scorrimento_create(graduatoria=g, atto=fondi.atto(w.ambito), actor=w.operatore,
                                        somma=D("600"))
        assert s.domande == [d["giovane"].pk] and s.finanziato == D("600.00")
        giovane = PosizioneGraduatoria.objects.get(graduatoria=g, domanda=d["giovane"])
        assert (giovane.esito, giovane.importo_assegnato, giovane.mesi_finanziati) == ("finanziata", D("600"), 6)
        assert giovane.motivo == "Finanziata con scorrimento per 6 mesi su 12"
        # the payment plan reads the definitive graduatoria's funded row (6 months of 100 €), never the later draft
        finanziamento = finanziamento_di(Domanda.objects.get(pk=d["giovane"].pk))
        assert (finanziamento.importo_mensile, finanziamento.mesi, finanziamento.quota_id) == (D("100"), 6, g.quota_id)
        assert Domanda.objects.get(pk=d["ultima"].pk).stato == "lista_attesa"
        assert saldi_quote(ambito=w.ambito, data=g.pubblicata_dal, quota=g.quota)[g.quota.pk].impegnato == D("1800")
        # 50 € more do not cover one month of ultima: nothing is funded nor committed
        assert services.scorrimento_create(graduatoria=g, atto=fondi.atto(w.ambito), actor=w.operatore,
                                           somma=D("50")).domande == []


def test_residui_in_un_solo_verso(mondo):
    w = mondo.a
    with ambito_scope(w.ambito):
        prova = bando_con_quota(w.ambito, importo="30000.00")
        prova.bando.graduatoria_per = "strumento"
        prova.bando.save()
        cg, af = prova.caregiver, prova.assistente  # caregiver 1.200 € per domanda, assistente 9.600 €
        cg.budget_graduatoria, cg.residui_verso = D("3000"), af
        cg.save()
        af.budget_graduatoria = D("9600")
        af.save()
        domanda_valutata(w.ambito, prova, w.comuni[0], punti={"isee": 5})
        af1 = domanda_valutata(w.ambito, prova, w.comuni[0], punti={"isee": 9}, strumento=af)
        af2 = domanda_valutata(w.ambito, prova, w.comuni[1], punti={"isee": 8}, strumento=af)
        with pytest.raises(RegolaViolata):
            services.graduatoria_compute(bando=prova.bando, actor=w.operatore)
    graduatorie = {}
    for sb in (cg, af):
        g = calcola(w, prova, strumento=sb)
        with ambito_scope(w.ambito):
            g = services.graduatoria_approva_provvisoria(graduatoria=g, atto=fondi.atto(w.ambito), actor=w.operatore)
            graduatorie[sb.pk] = services.graduatoria_rendi_definitiva(graduatoria=g, atto=fondi.atto(w.ambito),
                                                                       actor=None)
    g_cg, g_af = graduatorie[cg.pk], graduatorie[af.pk]
    with ambito_scope(w.ambito):
        assert services.residuo_di(g_cg) == D("1800") and esiti(g_af)[af2.pk] == (2, "non_finanziata")
        # assistente may not take the caregiver residues: 1.800 € are not enough, + 7.800 € of new funds are
        s = services.scorrimento_create(graduatoria=g_af, atto=fondi.atto(w.ambito), actor=w.operatore,
                                        somma=D("7800"))
        assert s.domande == [af2.pk] and s.da_residui == [g_cg.pk]
        g_cg.refresh_from_db()
        assert services.residuo_di(g_cg) == D("0")
        # the other way: the caregiver list never receives the assistente's residues, even if configured back
        assert services.residui_ricevibili(g_cg) == []
        af.residui_verso = cg
        af.save()
        g_cg.refresh_from_db()
        assert services.residui_ricevibili(g_cg) == []
        assert af1.pk in {p.domanda_id for p in PosizioneGraduatoria.objects.filter(graduatoria=g_af,
                                                                                      esito="finanziata")}


def test_bando_a_finestre_una_graduatoria_per_mese(mondo):
    import datetime as dt

    from django.utils import timezone

    w = mondo.a
    with ambito_scope(w.ambito):
        prova = bando_con_quota(w.ambito, importo="1200.00")
        prova.bando.modalita = "finestre"
        prova.bando.save()
        gennaio = domanda_valutata(w.ambito, prova, w.comuni[0], punti={"isee": 5})
        febbraio = domanda_valutata(w.ambito, prova, w.comuni[0], punti={"isee": 9})
        Domanda.objects.filter(pk=gennaio.pk).update(
            presentata_il=timezone.make_aware(dt.datetime(2025, 1, 10, 10, 0)))
        Domanda.objects.filter(pk=febbraio.pk).update(
            presentata_il=timezone.make_aware(dt.datetime(2025, 2, 10, 10, 0)))
        with pytest.raises(RegolaViolata):
            services.graduatoria_compute(bando=prova.bando, actor=None)
        g1 = services.graduatoria_compute(bando=prova.bando, actor=None, fino_al=dt.date(2025, 1, 31))
        assert list(esiti(g1)) == [gennaio.pk] and "31/01/2025" in g1.titolo
        g1 = services.graduatoria_approva_provvisoria(graduatoria=g1, atto=fondi.atto(w.ambito), actor=None)
        services.graduatoria_rendi_definitiva(graduatoria=g1, atto=fondi.atto(w.ambito), actor=None)
        # February: the January domanda is funded and not ranked again; the budget left is what the quota has
        g2 = services.graduatoria_compute(bando=prova.bando, actor=None, fino_al=dt.date(2025, 2, 28))
        assert list(esiti(g2)) == [febbraio.pk] and g2.budget == D("0.00")
        assert esiti(g2)[febbraio.pk] == (1, "non_finanziata")
