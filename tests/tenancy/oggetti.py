"""One object of a given Ambito for every object kwarg used in tenant URLs.

The isolation matrix builds, for each route kwarg (``atto_pk``, ``job_uuid``…), an object that
belongs to Ambito A, then asks for it as users of Ambito B. A URL kwarg with no factory here
fails the matrix: add one when you add a route.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal  # noqa: F401  (used by domain factories)
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from ambito.accounts.models import Invito, Membro
from ambito.allegati.services import allegato_create
from ambito.atti.models import Atto, AttoCollegamento, TipoAtto
from ambito.jobs.models import Job
from ambito.notifiche.models import Notifica
from ambito.organi.models import Componente, OrganoCollegiale, PuntoOdG, Seduta, TipoOrgano
from ambito.territorio.models import Ente, SubAmbito, TipoEnte
from tests.conftest import MondoAmbito

Factory = Callable[[MondoAmbito], Any]
FACTORIES: dict[str, Factory] = {}


def factory(*kwargs: str) -> Callable[[Factory], Factory]:
    def register(fn: Factory) -> Factory:
        for name in kwargs:
            FACTORIES[name] = fn
        return fn

    return register


@factory("atto_pk", "oggetto_pk")
def atto(w: MondoAmbito) -> int:
    return Atto.objects.create(ambito=w.ambito, tipo=TipoAtto.DETERMINA_CAPOFILA, numero="1", data=dt.date(2026, 1, 10),
                               oggetto="Atto di prova", pubblicato=True).pk


@factory("collegamento_pk")
def collegamento(w: MondoAmbito) -> int:
    approvato = SubAmbito.objects.create(ambito=w.ambito, nome="Oggetto approvato")
    return AttoCollegamento.objects.create(ambito=w.ambito, atto_id=atto(w), object_id=approvato.pk,
                                           content_type=ContentType.objects.get_for_model(SubAmbito)).pk


@factory("allegato_pk")
def allegato(w: MondoAmbito) -> int:
    documento = SimpleUploadedFile("allegato.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    return allegato_create(oggetto=Atto.objects.get(pk=atto(w)), actor=w.operatore, file=documento).pk


@factory("versione_pk")
def versione(w: MondoAmbito) -> int:
    from ambito.allegati.models import Allegato

    return Allegato.objects.get(pk=allegato(w)).versione_corrente_id


@factory("modello")
def modello(w: MondoAmbito) -> str:
    return "ambito.atto"


def _organo(w: MondoAmbito) -> OrganoCollegiale:
    return OrganoCollegiale.objects.get_or_create(ambito=w.ambito, nome="Assemblea dei Sindaci",
                                                  defaults={"tipo": TipoOrgano.ASSEMBLEA})[0]


@factory("organo_pk")
def organo(w: MondoAmbito) -> int:
    return _organo(w).pk


@factory("componente_pk")
def componente(w: MondoAmbito) -> int:
    return Componente.objects.create(ambito=w.ambito, organo=_organo(w), nominativo="Sindaco di prova",
                                     comune=w.comuni[0], valido_dal=dt.date(2020, 1, 1)).pk


def _seduta(w: MondoAmbito) -> Seduta:
    return Seduta.objects.create(ambito=w.ambito, organo=_organo(w), data=timezone.now())


@factory("seduta_pk")
def seduta(w: MondoAmbito) -> int:
    return _seduta(w).pk


@factory("punto_pk")
def punto(w: MondoAmbito) -> int:
    return PuntoOdG.objects.create(ambito=w.ambito, seduta=_seduta(w), numero=1, oggetto="Approvazione").pk


@factory("membro_pk")
def membro(w: MondoAmbito) -> int:
    return Membro.objects.get(ambito=w.ambito, utente=w.operatore).pk


@factory("invito_pk")
def invito(w: MondoAmbito) -> int:
    return Invito.objects.create(ambito=w.ambito, email="nuovo@example.test", ruolo="operatore",
                                 invitato_da=w.responsabile, scade_il=timezone.now() + dt.timedelta(days=3)).pk


@factory("invito_token", "token")
def invito_token(w: MondoAmbito) -> str:
    return Invito.objects.get(pk=invito(w)).token


@factory("ente_pk")
def ente(w: MondoAmbito) -> int:
    return Ente.objects.create(tipo=TipoEnte.ETS, denominazione="Cooperativa di prova", registrato_da=w.ambito).pk


@factory("subambito_pk", "sub_ambito_pk")
def subambito(w: MondoAmbito) -> int:
    return SubAmbito.objects.create(ambito=w.ambito, nome="Sub-ambito di prova").pk


@factory("job_uuid")
def job(w: MondoAmbito) -> str:
    return str(Job.objects.create(ambito=w.ambito, tipo="ambito.esporta_atti", richiesto_da=w.operatore).uuid)


@factory("importazione_pk")
def importazione(w: MondoAmbito) -> int:
    from django.core.files.base import ContentFile

    from ambito.importazioni.models import Importazione, StatoImportazione

    imp = Importazione(ambito=w.ambito, tipo="territorio.popolazione", nome_file="popolazione.csv", formato="csv",
                       intestazioni=["codice_istat", "popolazione", "anno"],
                       mappatura={"codice_istat": 0, "popolazione": 1, "anno": 2, "fonte": None}, righe_totali=1,
                       stato=StatoImportazione.VERIFICATA, esito={"totale": 1, "valide": 1, "righe_con_errori": 0,
                                                                   "errori": [], "errori_totali": 0})
    imp.file.save("prova.csv", ContentFile(f"codice_istat;popolazione;anno\n{w.comuni[0].codice_istat};1;2025\n"
                                           .encode()), save=False)
    imp.save()
    return imp.pk
@factory("richiesta_pk")
def richiesta(w: MondoAmbito) -> int:
    from ambito.approvazioni.models import RichiestaApprovazione
    from ambito.atti.services import TIPO_APPROVAZIONE_PUBBLICAZIONE

    return RichiestaApprovazione.objects.create(
        ambito=w.ambito, tipo=TIPO_APPROVAZIONE_PUBBLICAZIONE, content_type=ContentType.objects.get_for_model(Atto),
        object_id=atto(w), descrizione="Pubblicazione di prova", preparata_da=w.operatore,
        parametri={"dal": "2026-01-10", "al": "2099-12-31"}).pk


@factory("pagina_tipo")
def pagina_tipo(w: MondoAmbito) -> str:
    return "privacy"
@factory("notifica_pk")
def notifica(w: MondoAmbito) -> int:
    return Notifica.objects.create(ambito=w.ambito, destinatario=w.operatore, tipo="prova.evento",
                                   titolo="Notifica di prova").pk


@factory("comune_pk")
def comune(w: MondoAmbito) -> int:
    return w.comuni[0].pk


def register_domain_factories() -> None:
    """Domain apps keep their factories in tests/<app>/oggetti.py and register them here."""
    import importlib

    from django.conf import settings

    for app in settings.AMBITO_MODULI:
        try:
            importlib.import_module(f"tests.{app}.oggetti")
        except ModuleNotFoundError as exc:
            if exc.name not in (f"tests.{app}", f"tests.{app}.oggetti"):
                raise


register_domain_factories()
