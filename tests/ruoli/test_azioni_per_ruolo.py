"""What each role may and may not do in its own Ambito, as one table a person can read and check
against the issue (roles and permissions) — through the real pages, as a user would.

A "sì" must succeed and leave a trace (a history row, a job, the page); a "no" must be answered 403
(404 for an unpublished act, which does not exist for who may not read it) and change nothing in the
database. The platform administrator may do everything everywhere.
Finer cases are in tests/tenancy/test_isolation_matrix.py (every route: another Ambito's users and objects,
every role lacking the declared capability), tests/governance/test_matrice.py (the roles of every governance
page and endpoint), tests/membri/, tests/territorio/ and tests/jobs/.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

import pytest
from django.apps import apps
from django_scopes import scopes_disabled

from ambito.accounts.models import Membro
from ambito.audit.models import AccessoDatiSensibili
from ambito.jobs.models import Job
from tests.conftest import Mondo
from tests.database import conta_righe
from tests.governance.helpers import crea_assemblea, crea_atto, pdf

pytestmark = pytest.mark.django_db

# Columns: the roles of tests/conftest.py (assistente_1/_2 are two assistenti sociali on different comuni).
COLONNE = ["responsabile", "operatore", "assistente_1", "assistente_2", "sindaco", "partner", "admin"]
TABELLA = """
azione                                 responsabile operatore assistente_1 assistente_2 sindaco partner admin
invitare un utente                     sì           no        no           no           no      no      sì
cambiare il ruolo di un utente         sì           no        no           no           no      no      sì
revocare l'accesso di un utente        sì           no        no           no           no      no      sì
vedere gli utenti dell'Ambito          sì           sì        no           no           no      no      sì
registrare un atto                     sì           sì        no           no           no      no      sì
modificare un atto                     sì           sì        no           no           no      no      sì
pubblicare un atto                     sì           sì        no           no           no      no      sì
collegare un oggetto a un atto         sì           sì        no           no           no      no      sì
leggere un atto pubblicato             sì           sì        sì           sì           sì      sì      sì
leggere un atto non pubblicato         sì           sì        no           no           no      no      sì
vedere organi e sedute                 sì           sì        no           no           sì      no      sì
creare un organo collegiale            sì           sì        no           no           no      no      sì
registrare le presenze                 sì           sì        no           no           no      no      sì
registrare i voti                      sì           sì        no           no           no      no      sì
modificare le impostazioni             sì           no        no           no           no      no      sì
registrare un ente                     sì           sì        no           no           no      no      sì
vedere comuni ed enti                  sì           sì        sì           sì           sì      sì      sì
avviare un'elaborazione                sì           sì        no           no           no      no      sì
vedere le proprie elaborazioni         sì           sì        sì           sì           sì      sì      sì
vedere lo storico delle modifiche      sì           sì        no           no           no      no      sì
vedere il registro degli accessi       sì           no        no           no           no      no      sì
"""


def leggi_tabella() -> dict[str, dict[str, bool]]:
    righe = [r for r in TABELLA.strip().splitlines()[1:] if r.strip()]
    tabella = {}
    for riga in righe:
        parole = riga.split()
        valori, azione = parole[-len(COLONNE):], " ".join(parole[:-len(COLONNE)])
        assert set(valori) <= {"sì", "no"}, riga
        tabella[azione] = dict(zip(COLONNE, [v == "sì" for v in valori], strict=True))
    return tabella


@dataclass(frozen=True)
class Azione:
    metodo: str
    percorso: Callable[[Mondo, dict], str]  # after /a/lodi/
    dati: Callable[[Mondo, dict], dict] = lambda m, o: {}
    riuscita: tuple[int, ...] = (302,)
    rifiuto: int = 403  # 404 where the object does not exist for the role (an unpublished act)


class Oggetti(dict):
    """The objects an action works on (a draft act, a published one, an Assemblea with a seduta), each
    built the first time the action asks for it: most actions need one of them or none."""

    COSTRUTTORI: ClassVar[dict[str, Callable[[Mondo], object]]] = {
        "bozza": lambda m: crea_atto(m.a, numero="10", data=dt.date(2026, 2, 3)),
        "pubblicato": lambda m: crea_atto(m.a, numero="11", pubblicato=True),
        "assemblea": lambda m: crea_assemblea(m.a),
    }

    def __init__(self, mondo: Mondo) -> None:
        super().__init__()
        self.mondo = mondo

    def __missing__(self, chiave: str) -> object:
        self[chiave] = self.COSTRUTTORI[chiave](self.mondo)
        return self[chiave]


def membro_pk(m: Mondo, chiave: str) -> int:
    with scopes_disabled():
        return Membro.objects.get(ambito=m.a.ambito, utente=m.a.utente(chiave)).pk


AZIONI: dict[str, Azione] = {
    "invitare un utente": Azione("post", lambda m, o: "membri/inviti/nuovo/",
                                 lambda m, o: {"email": "nuova@example.test", "ruolo": "operatore"}),
    "cambiare il ruolo di un utente": Azione(
        "post", lambda m, o: f"membri/{membro_pk(m, 'assistente_2')}/modifica/",
        lambda m, o: {"ruolo": "assistente_sociale", "comuni": [c.pk for c in m.a.comuni[:2]]}),
    "revocare l'accesso di un utente": Azione("post", lambda m, o: f"membri/{membro_pk(m, 'partner')}/revoca/"),
    "vedere gli utenti dell'Ambito": Azione("get", lambda m, o: "membri/", riuscita=(200,)),
    "registrare un atto": Azione("post", lambda m, o: "atti/nuovo/",
                                 lambda m, o: {"tipo": "avviso", "numero": "99", "data": "04/05/2026",
                                               "oggetto": "Avviso voucher", "allegato": pdf()}),
    "modificare un atto": Azione("post", lambda m, o: f"atti/{o['bozza'].pk}/modifica/",
                                 lambda m, o: {"tipo": "avviso", "numero": "98", "data": "04/05/2026",
                                               "oggetto": "Corretto"}),
    "pubblicare un atto": Azione("post", lambda m, o: f"atti/{o['bozza'].pk}/pubblica/"),
    "collegare un oggetto a un atto": Azione("post", lambda m, o: f"atti/{o['bozza'].pk}/collegamenti/nuovo/",
                                             lambda m, o: {"modello": "ambito.seduta",
                                                           "oggetto": o["assemblea"].seduta.pk}),
    "leggere un atto pubblicato": Azione("get", lambda m, o: f"atti/{o['pubblicato'].pk}/", riuscita=(200,)),
    "leggere un atto non pubblicato": Azione("get", lambda m, o: f"atti/{o['bozza'].pk}/", riuscita=(200,),
                                             rifiuto=404),
    "vedere organi e sedute": Azione("get", lambda m, o: f"organi/sedute/{o['assemblea'].seduta.pk}/",
                                     riuscita=(200,)),
    "creare un organo collegiale": Azione("post", lambda m, o: "organi/nuovo/",
                                          lambda m, o: {"tipo": "tavolo_tecnico", "nome": "Tavolo minori"}),
    "registrare le presenze": Azione("post", lambda m, o: f"organi/sedute/{o['assemblea'].seduta.pk}/presenze/",
                                     lambda m, o: {"presenti": [next(iter(o["assemblea"].sindaci.values())).pk]}),
    "registrare i voti": Azione(
        "post", lambda m, o: f"organi/punti/{o['assemblea'].punto.pk}/voti/",
        lambda m, o: {f"punto{o['assemblea'].punto.pk}-voto_{c.pk}": "favorevole"
                      for c in o["assemblea"].sindaci.values()}),
    "modificare le impostazioni": Azione("post", lambda m, o: "territorio/impostazioni/",
                                         lambda m, o: {"regola_voto": "unanimita", "quorum_componenti_percento": "60",
                                                       "quorum_popolazione_percento": "0",
                                                       "mese_inizio_esercizio": "1"}),
    "registrare un ente": Azione("post", lambda m, o: "territorio/enti/nuovo/",
                                 lambda m, o: {"tipo": "cooperativa", "denominazione": "Cooperativa Il Ponte",
                                               "codice_fiscale": "90000010018"}),
    "vedere comuni ed enti": Azione("get", lambda m, o: "territorio/enti/", riuscita=(200,)),
    "avviare un'elaborazione": Azione("post", lambda m, o: "elaborazioni/nuova/",
                                      lambda m, o: {"tipo_job": "ambito.esporta_atti", "formato": "csv"}),
    "vedere le proprie elaborazioni": Azione("get", lambda m, o: "elaborazioni/", riuscita=(200,)),
    "vedere lo storico delle modifiche": Azione("get", lambda m, o: f"storico/ambito.atto/{o['bozza'].pk}/",
                                                riuscita=(200,)),
    "vedere il registro degli accessi": Azione("get", lambda m, o: "storico/accessi/", riuscita=(200,)),
}
CASI = [(azione, chiave, atteso)
        for azione, per_ruolo in leggi_tabella().items() for chiave, atteso in per_ruolo.items()]


def istantanea() -> tuple:
    """Every audited table (history rows), the sensitive-read log and the jobs."""
    return conta_righe([*(m for m in apps.get_models() if m.__name__.startswith("Historical")),
                        AccessoDatiSensibili, Job])


def test_the_table_covers_every_action_once():
    assert set(leggi_tabella()) == set(AZIONI)


@pytest.mark.parametrize(("azione", "chiave", "atteso"), CASI,
                         ids=[f"{c}: {a} ({'sì' if e else 'no'})" for a, c, e in CASI])
def test_what_each_role_may_do(mondo: Mondo, client_per, django_capture_on_commit_callbacks, azione, chiave,
                               atteso):
    oggetti = Oggetti(mondo)
    fare = AZIONI[azione]
    utente = mondo.admin if chiave == "admin" else mondo.a.utente(chiave)
    client = client_per(utente)
    percorso = "/a/lodi/" + fare.percorso(mondo, oggetti)
    dati = fare.dati(mondo, oggetti)
    prima = istantanea()
    with django_capture_on_commit_callbacks(execute=True):
        risposta = getattr(client, fare.metodo)(percorso, dati)
    if atteso:
        assert risposta.status_code in fare.riuscita, (risposta.status_code, risposta.content[:300])
        if fare.metodo == "post":
            assert istantanea() != prima, "the action succeeded but left no trace"
    else:
        assert risposta.status_code == fare.rifiuto
        assert istantanea() == prima
