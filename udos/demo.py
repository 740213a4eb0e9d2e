"""Demo data of the register for ``manage.py seed_demo`` (registered in :mod:`udos.apps`).

For every demo Ambito: units in its own comuni run by cooperatives of the demo (names end in "(demo)", fiscal
codes made up with a valid check digit), at every stage — a nursery whose CPE was just filed, a micronido in
document check with integrations requested, a CSE waiting for the ATS, a CAG with prescriptions to follow up,
an accredited nido with a contract, a closed CRD — and, for Lodi, a FSR consuntivo. Lodi also gets a referente
of the cooperative with the gestore role (``gestore@lodi.demo``, the demo password), who sees only its units.

Written through the services, so the demo obeys the rules; idempotent: an Ambito that already has its first
demo unit is left as it is.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction

from ambito.accounts.models import Membro, Ruolo, Utente
from ambito.atti.models import Atto
from ambito.formato import oggi
from ambito.tenancy.models import Ambito
from ambito.territorio import services as servizi_territorio
from ambito.territorio.models import Ente, TipoEnte
from ambito.territorio.selectors import comune_list, ente_per_codice_fiscale
from udos import services
from udos.models import TipologiaUdO, UnitaOfferta

# Made-up codici fiscali with a valid check digit, per demo Ambito.
COOPERATIVE = {
    "lodi": [("Società cooperativa Girotondo (demo)", "01234560157"),
             ("Società cooperativa Il Melograno (demo)", "02345670158")],
    "sesto": [("Società cooperativa Nuvola (demo)", "03456780158"),
              ("Fondazione Casa Aperta (demo)", "04567890159")],
}


def _ente(ambito: Ambito, actor: Utente, denominazione: str, cf: str) -> Ente:
    return ente_per_codice_fiscale(cf) or servizi_territorio.ente_create(ambito=ambito, actor=actor, dati={
        "tipo": TipoEnte.COOPERATIVA, "denominazione": denominazione, "codice_fiscale": cf})


def _tipo(codice: str) -> TipologiaUdO:
    return TipologiaUdO.objects.get(codice=codice, versione=1)


def _giorni(n: int) -> dt.date:
    """A date ``n`` days ago: the demo's procedures stay "in progress" whenever it is loaded."""
    return oggi() - dt.timedelta(days=n)


def carica_demo(*, ambito: Ambito, actor: Utente) -> None:
    if ambito.slug not in COOPERATIVE:
        return
    comuni = list(comune_list(ambito=ambito)[:6])
    if len(comuni) < 2 or UnitaOfferta.objects.filter(ambito=ambito, denominazione__endswith="(demo)").exists():
        return
    with transaction.atomic():
        _carica(ambito, actor, comuni)


def _carica(ambito: Ambito, actor: Utente, comuni: list) -> None:
    coop_a, coop_b = (_ente(ambito, actor, n, cf) for n, cf in COOPERATIVE[ambito.slug])
    c = [comuni[i % len(comuni)] for i in range(6)]

    def avvio(codice: str, nome: str, ente: Ente, comune, capacita: int, giorni: int, **dati) -> object:
        return services.cpe_avvio_create(
            ambito=ambito, actor=actor, tipologia=_tipo(codice), denominazione=f"{nome} (demo)", ente_gestore=ente,
            comune=comune, indirizzo=dati.pop("indirizzo", "Via Roma 1"), capacita=capacita,
            data_presentazione=_giorni(giorni), canale=dati.pop("canale", "suap"), **dati)

    # 1. just filed: within the 30 days for the request to the ATS
    avvio("NIDO", f"Asilo nido Girotondo {c[0].denominazione}", coop_a, c[0], 45, 5, telefono="0371 400100",
          email="girotondo@coop.demo", giorni_apertura="lunedì-venerdì", orari_apertura="7:30-18:00",
          retta_mensile=Decimal("560.00"), latitudine=Decimal("45.314300"), longitudine=Decimal("9.503700"))
    # 2. document check with integrations requested
    cpe = avvio("MICRONIDO", "Micronido Coccinella", coop_b, c[1], 10, 20, canale="comune")
    cpe = services.cpe_verifica_start(cpe=cpe, actor=actor, data=_giorni(18))
    services.cpe_integrazioni_request(cpe=cpe, actor=actor, data=_giorni(15),
                                      motivo="Planimetria dei locali e polizza assicurativa")
    # 3. waiting for the ATS (inspection due within 60 days of the request)
    cpe = avvio("CSE", "Centro socio educativo Arcobaleno", coop_a, c[2], 24, 40)
    cpe = services.cpe_verifica_start(cpe=cpe, actor=actor, data=_giorni(38))
    services.checklist_update(cpe=cpe, actor=actor, esiti={v.pk: ("conforme", "") for v in cpe.verifiche.all()})
    services.cpe_vigilanza_request(cpe=cpe, actor=actor, data=_giorni(30))
    # 4. prescriptions to follow up
    cpe = avvio("CAG", "Centro di aggregazione giovanile Spazio Ponte", coop_b, c[3], 40, 120)
    cpe = services.cpe_verifica_start(cpe=cpe, actor=actor, data=_giorni(115))
    services.checklist_update(cpe=cpe, actor=actor, esiti={v.pk: ("conforme", "") for v in cpe.verifiche.all()})
    cpe = services.cpe_vigilanza_request(cpe=cpe, actor=actor, data=_giorni(100))
    services.cpe_esito_record(cpe=cpe, actor=actor, esito="prescrizioni", data_sopralluogo=_giorni(60),
                              data_esito=_giorni(55), prescrizioni="Adeguare l'uscita di sicurezza del piano terra",
                              termine_prescrizioni=_giorni(-35))
    # 5. accredited nursery with a contract
    cpe = avvio("NIDO", "Asilo nido Il Melograno", coop_b, c[4], 30, 700, codice_afam=f"{ambito.codice}-N-0005",
                telefono="0371 400200", giorni_apertura="lunedì-venerdì", orari_apertura="8:00-16:30")
    cpe = services.cpe_verifica_start(cpe=cpe, actor=actor, data=_giorni(695))
    services.checklist_update(cpe=cpe, actor=actor, esiti={v.pk: ("conforme", "") for v in cpe.verifiche.all()})
    cpe = services.cpe_vigilanza_request(cpe=cpe, actor=actor, data=_giorni(680))
    cpe = services.cpe_esito_record(cpe=cpe, actor=actor, esito="esito_positivo", data_sopralluogo=_giorni(640),
                                    data_esito=_giorni(630))
    bando = services.bando_create(
        ambito=ambito, actor=actor, titolo="Accreditamento dei servizi per la prima infanzia (demo)",
        requisiti="Requisiti regionali di esercizio; carta dei servizi; formazione annuale del personale; "
                  "partecipazione al coordinamento pedagogico d'Ambito.", data_apertura=_giorni(620))
    acc = services.accreditamento_create(unita=cpe.unita, actor=actor, data_domanda=_giorni(600), posti=24,
                                         bando=bando)
    for stato, giorni in (("istruttoria", 590), ("sopralluogo", 570)):
        acc = services.accreditamento_transition(accreditamento=acc, actor=actor, stato=stato, data=_giorni(giorni))
    atto = Atto.objects.filter(ambito=ambito).order_by("-data").first()
    if atto is not None:
        acc = services.accreditamento_transition(
            accreditamento=acc, actor=actor, stato="accreditata", data=_giorni(560), atto=atto,
            valore_voucher=Decimal("450.00"), scadenza=_giorni(-170))
        capofila = ambito.ente_capofila
        services.contratto_create(accreditamento=acc, actor=actor, committente=capofila, data_inizio=_giorni(500),
                                  data_fine=_giorni(-200), posti=12, tariffa=Decimal("36.00"))
    # 6. a closed summer centre
    crd = avvio("CRD", "Centro ricreativo estivo Sole", coop_a, c[5], 60, 400).unita
    services.unita_close(unita=crd, actor=actor, data=_giorni(300), motivo="Fine del servizio estivo")
    # 7. home care for the elderly: a service without a building, accredited directly (vouchers)
    sad = services.servizio_create(ambito=ambito, actor=actor, tipologia=_tipo("SAD_ANZIANI"),
                                   denominazione="Assistenza domiciliare anziani (demo)", ente_gestore=coop_a,
                                   comune=c[0], indirizzo="Via Roma 1", capacita=120, data_avvio=_giorni(800))
    if atto is not None:
        acc_sad = services.accreditamento_create(unita=sad, actor=actor, data_domanda=_giorni(600), posti=100)
        for stato, giorni in (("istruttoria", 590), ("sopralluogo", 570)):
            acc_sad = services.accreditamento_transition(accreditamento=acc_sad, actor=actor, stato=stato,
                                                         data=_giorni(giorni))
        services.accreditamento_transition(accreditamento=acc_sad, actor=actor, stato="accreditata",
                                           data=_giorni(560), atto=atto, valore_voucher=Decimal("21.50"))
    # FSR accounts of the accredited nursery and the Assemblea's share for its area (the contribution is left
    # to the office)
    anno = oggi().year - 1
    if cpe.unita.data_avvio <= dt.date(anno, 12, 31):
        services.avviso_fsr_create(ambito=ambito, actor=actor, anno=anno, data_riferimento=dt.date(anno + 1, 1, 1),
                                   scadenza=oggi() + dt.timedelta(days=20))
        services.consuntivo_create(unita=cpe.unita, actor=actor, anno=anno, utenti=28, giornate=220,
                                   costi=Decimal("310000.00"), ricavi=Decimal("262500.00"))
        if atto is not None:
            services.criterio_fsr_set(ambito=ambito, actor=actor, anno=anno, area="prima_infanzia",
                                      importo=Decimal("42000.00"), atto=atto)
    _referente_gestore(ambito, coop_a)


def _referente_gestore(ambito: Ambito, ente: Ente) -> None:
    """The demo referente of the first cooperative, with the gestore role (sees only its units)."""
    from ambito.management.commands.seed_demo import PASSWORD_DEMO

    email = f"gestore@{ambito.slug}.demo"
    utente = Utente.objects.filter(email=email).first() or Utente.objects.create_user(
        email, PASSWORD_DEMO, first_name="Giulia", last_name="Ferraro")
    # No membro_create service exists (members join through invitations): like seed_demo, the row directly.
    if not Membro.objects.filter(ambito=ambito, utente=utente, revocato_il__isnull=True).exists():
        Membro.objects.create(ambito=ambito, utente=utente, ruolo=Ruolo.GESTORE, ente=ente)
