"""Role matrix of every governance and audit page and endpoint: who may do what, as specified.

For each route: every role that should hold the capability succeeds (and a write leaves a trace in the
history); every other role of the Ambito lacks the capability the view declares. That a role lacking the
declared capability gets 403 and changes nothing, and that another Ambito's users and objects get 404,
is proved for every route by tests/tenancy/test_isolation_matrix.py: this module does not repeat those
requests, it pins the roles.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

import pytest
from django.apps import apps
from django.urls import resolve
from django_scopes import scopes_disabled

from ambito.accounts.models import Membro
from ambito.accounts.permissions import capacita_del_ruolo
from ambito.atti.services import atto_link
from ambito.audit.models import AccessoDatiSensibili
from ambito.organi.services import seduta_create
from ambito.tenancy import ambito_scope
from tests.conftest import RUOLI_CHIAVE, Mondo
from tests.database import conta_righe
from tests.governance.helpers import alle_18, crea_assemblea, crea_atto, pdf
from tests.tenancy.routes import Route

pytestmark = pytest.mark.django_db

TUTTI = set(RUOLI_CHIAVE)
STAFF = {"responsabile", "operatore"}
ORGANI = STAFF | {"sindaco"}
RESPONSABILE = {"responsabile"}
_contatore = itertools.count(1)


def _assemblea(o: Oggetti) -> dict[str, Any]:
    a = crea_assemblea(o.w, nome=f"Assemblea {o.n}")
    return {"organo": a.organo, "componente": next(iter(a.sindaci.values())), "seduta": a.seduta, "punto": a.punto}


def _vuota(o: Oggetti) -> dict[str, Any]:
    with ambito_scope(o.w.ambito, actor=o.w.responsabile):
        return {"vuota": seduta_create(organo=o["organo"], actor=None, data=alle_18())}


def _collegamento(o: Oggetti) -> dict[str, Any]:
    with ambito_scope(o.w.ambito, actor=o.w.responsabile):
        return {"collegamento": atto_link(atto=o["atto"], actor=None, oggetto=o["organo"])}


class Oggetti(dict):
    """Fresh objects of one Ambito (an Assemblea with a seduta and an item, an empty seduta, a published act
    linked to the organo, a draft), each built the first time a case asks for it. Unique names: a case may
    build several sets."""

    COSTRUTTORI: ClassVar[dict[str, Callable[[Oggetti], dict[str, Any]]]] = {
        "organo": _assemblea, "componente": _assemblea, "seduta": _assemblea, "punto": _assemblea,
        "vuota": _vuota,
        "atto": lambda o: {"atto": crea_atto(o.w, numero=f"M{o.n}", pubblicato=True)},
        "collegamento": _collegamento,
        "bozza": lambda o: {"bozza": crea_atto(o.w, numero=f"B{o.n}")},
    }

    def __init__(self, w) -> None:
        super().__init__()
        self.w = w
        self.n = next(_contatore)

    def __missing__(self, chiave: str) -> Any:
        self.update(self.COSTRUTTORI[chiave](self))
        return self[chiave]


@dataclass(frozen=True)
class Caso:
    nome: str
    metodo: str
    percorso: Callable[[dict], str]  # after /a/<slug>/ or /api/v1/a/<slug>/
    ruoli: set[str]
    dati: Callable[[dict], Any] = lambda o: None
    api: bool = False
    formato: str = "form"  # form | json | multipart
    successo: tuple[int, ...] = (200,)


def _atto_form(o):
    return {"tipo": "avviso", "numero": f"N{o['atto'].pk}", "data": "2026-05-04", "oggetto": "Avviso",
            "allegato": pdf()}


CASI = [
    Caso("atti_list", "get", lambda o: "atti/", TUTTI),
    Caso("atto_detail", "get", lambda o: f"atti/{o['atto'].pk}/", TUTTI),
    Caso("atto_download", "get", lambda o: f"atti/{o['atto'].pk}/documento/", TUTTI),
    Caso("atto_create form", "get", lambda o: "atti/nuovo/", STAFF),
    Caso("atto_create", "post", lambda o: "atti/nuovo/", STAFF, _atto_form, formato="multipart", successo=(302,)),
    Caso("atto_edit", "post", lambda o: f"atti/{o['atto'].pk}/modifica/", STAFF,
         lambda o: {**_atto_form(o), "oggetto": "Corretto"}, formato="multipart", successo=(302,)),
    Caso("atto_publish", "post", lambda o: f"atti/{o['bozza'].pk}/pubblica/", STAFF, successo=(302,)),
    Caso("atto_link form", "get", lambda o: f"atti/{o['atto'].pk}/collegamenti/nuovo/", STAFF),
    Caso("atto_link", "post", lambda o: f"atti/{o['atto'].pk}/collegamenti/nuovo/", STAFF,
         lambda o: {"modello": "ambito.seduta", "oggetto": o["vuota"].pk}, successo=(302,)),
    Caso("atto_unlink", "post", lambda o: f"atti/collegamenti/{o['collegamento'].pk}/elimina/", STAFF,
         successo=(302,)),
    Caso("organi_list", "get", lambda o: "organi/", ORGANI),
    Caso("organo_detail", "get", lambda o: f"organi/{o['organo'].pk}/", ORGANI),
    Caso("organo_create", "post", lambda o: "organi/nuovo/", STAFF,
         lambda o: {"tipo": "tavolo_tecnico", "nome": f"Tavolo {o['organo'].pk}"}, successo=(302,)),
    Caso("organo_edit", "post", lambda o: f"organi/{o['organo'].pk}/modifica/", STAFF,
         lambda o: {"nome": f"Assemblea rinominata {o['organo'].pk}", "tipo_atto": "risoluzione_assemblea"},
         successo=(302,)),
    Caso("componente_create", "post", lambda o: f"organi/{o['organo'].pk}/componenti/nuovo/", STAFF,
         lambda o: {"nominativo": "Vicesindaco", "comune": o["componente"].comune_id, "valido_dal": "2025-01-01"},
         successo=(302,)),
    Caso("componente_edit", "post", lambda o: f"organi/componenti/{o['componente'].pk}/modifica/", STAFF,
         lambda o: {"nominativo": "Sindaca", "valido_dal": "2024-06-10", "valido_al": "2029-06-09"},
         successo=(302,)),
    Caso("seduta_create", "post", lambda o: f"organi/{o['organo'].pk}/sedute/nuova/", STAFF,
         lambda o: {"data": "2026-04-20T18:00"}, successo=(302,)),
    Caso("seduta_detail", "get", lambda o: f"organi/sedute/{o['seduta'].pk}/", ORGANI),
    Caso("seduta_presenze", "post", lambda o: f"organi/sedute/{o['seduta'].pk}/presenze/", STAFF,
         lambda o: {"presenti": [o["componente"].pk]}, successo=(302,)),
    Caso("punto_create", "post", lambda o: f"organi/sedute/{o['seduta'].pk}/punti/", STAFF,
         lambda o: {"oggetto": "Varie"}, successo=(302,)),
    Caso("seduta_close", "post", lambda o: f"organi/sedute/{o['vuota'].pk}/chiudi/", STAFF, successo=(302,)),
    Caso("punto_voti", "post", lambda o: f"organi/punti/{o['punto'].pk}/voti/", STAFF,
         lambda o: {f"punto{o['punto'].pk}-voto_{o['componente'].pk}": "favorevole"}, successo=(302,)),
    Caso("punto_close", "post", lambda o: f"organi/punti/{o['punto'].pk}/chiudi/", STAFF, successo=(302,)),
    Caso("oggetto", "get", lambda o: f"storico/ambito.atto/{o['atto'].pk}/", STAFF),
    Caso("accessi_sensibili", "get", lambda o: "storico/accessi/", RESPONSABILE),
    # API
    Caso("api atti list", "get", lambda o: "atti/", TUTTI, api=True),
    Caso("api atti create", "post", lambda o: "atti/", STAFF, lambda o: {k: v for k, v in _atto_form(o).items()
                                                                         if k != "allegato"},
         api=True, formato="json", successo=(201,)),
    Caso("api atto detail", "get", lambda o: f"atti/{o['atto'].pk}/", TUTTI, api=True),
    Caso("api atto update", "patch", lambda o: f"atti/{o['atto'].pk}/", STAFF, lambda o: {"oggetto": "Nuovo"},
         api=True, formato="json"),
    Caso("api atto download", "get", lambda o: f"atti/{o['atto'].pk}/documento/", TUTTI, api=True),
    Caso("api atto upload", "post", lambda o: f"atti/{o['atto'].pk}/documento/", STAFF,
         lambda o: {"documento": pdf()}, api=True, formato="multipart"),
    Caso("api atto publish", "post", lambda o: f"atti/{o['bozza'].pk}/pubblica/", STAFF, api=True, formato="json"),
    Caso("api atto link", "post", lambda o: f"atti/{o['atto'].pk}/collegamenti/", STAFF,
         lambda o: {"modello": "ambito.seduta", "oggetto_id": o["seduta"].pk}, api=True, formato="json",
         successo=(201,)),
    Caso("api organi", "get", lambda o: "organi/", ORGANI, api=True),
    Caso("api organo", "get", lambda o: f"organi/{o['organo'].pk}/", ORGANI, api=True),
    Caso("api sedute", "get", lambda o: f"organi/{o['organo'].pk}/sedute/", ORGANI, api=True),
    Caso("api seduta", "get", lambda o: f"organi/sedute/{o['seduta'].pk}/", ORGANI, api=True),
    Caso("api presenze", "post", lambda o: f"organi/sedute/{o['seduta'].pk}/presenze/", STAFF,
         lambda o: {"presenti": [o["componente"].pk]}, api=True, formato="json"),
    Caso("api voti", "post", lambda o: f"organi/punti/{o['punto'].pk}/voti/", STAFF,
         lambda o: {"voti": [{"componente": o["componente"].pk, "valore": "astenuto"}]}, api=True, formato="json"),
    Caso("api chiudi", "post", lambda o: f"organi/punti/{o['punto'].pk}/chiudi/", STAFF, api=True, formato="json"),
]


def url(caso: Caso, slug: str, o: dict) -> str:
    return (f"/api/v1/a/{slug}/" if caso.api else f"/a/{slug}/") + caso.percorso(o)


def richiesta(client, caso: Caso, percorso: str, dati: Any):
    if caso.metodo == "get":
        return client.get(percorso)
    if caso.formato == "json":
        return getattr(client, caso.metodo)(percorso, dati or {}, content_type="application/json")
    return getattr(client, caso.metodo)(percorso, dati or {})


def istantanea() -> tuple:
    """Every change of audited data writes a history row; logs are counted too."""
    return conta_righe([*(m for m in apps.get_models() if m.__name__.startswith("Historical")), AccessoDatiSensibili])


def capacita_dichiarate(caso: Caso, percorso: str) -> tuple[str, ...]:
    """The capabilities the view behind ``percorso`` declares for the case's method (what the matrix reads)."""
    match = resolve(percorso)
    return Route(match.route, match.url_name, match.func).capacita(caso.metodo.upper())


def ruolo_di(w, chiave: str) -> str:
    with scopes_disabled():
        return Membro.objects.get(ambito=w.ambito, utente=w.utente(chiave)).ruolo


@pytest.mark.parametrize("caso", CASI, ids=lambda c: c.nome)
def test_roles_of_the_ambito_get_exactly_what_their_capabilities_allow(caso: Caso, mondo: Mondo, client_per):
    condivisi = Oggetti(mondo.a)  # reads change nothing and the first write can use them: only later writes need more
    dichiarate = capacita_dichiarate(caso, url(caso, "lodi", condivisi))
    assert dichiarate, f"{caso.nome}: the view declares no capability"
    for chiave in RUOLI_CHIAVE:
        if chiave not in caso.ruoli:
            held = capacita_del_ruolo(ruolo_di(mondo.a, chiave))
            assert not set(dichiarate) <= held, f"{chiave} holds {dichiarate}: the view would let them in"
    for n, chiave in enumerate(c for c in RUOLI_CHIAVE if c in caso.ruoli):
        o = condivisi if caso.metodo == "get" or n == 0 else Oggetti(mondo.a)
        percorso, dati = url(caso, "lodi", o), caso.dati(o)  # builds what the case uses before the snapshot
        prima = istantanea()
        risposta = richiesta(client_per(mondo.a.utente(chiave)), caso, percorso, dati)
        assert risposta.status_code in caso.successo, (chiave, risposta.status_code, risposta.content[:500])
        if caso.metodo != "get":
            assert istantanea() != prima, f"{chiave}: a successful write left no trace in the history"
