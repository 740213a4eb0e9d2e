"""Demo data of the funds ledger for ``manage.py seed_demo`` (registered in :mod:`fondi.apps`).

:func:`carica_demo` gives the Ambito distrettuale di Lodi five assegnazioni that show every part
of the module: FSR 2025 with a riparto among the 61 comuni by population, FNPS 2024 with a minimum
share for famiglia e minori and a rettifica, FNA 2024 and 2025 linked by a riporto of residues,
Fondo Povertà quota servizi 2023 past its reporting deadline, and a municipal co-financing quota
with some payments received. Other Ambiti get nothing (their funds pages show the empty states).

Everything is written through :mod:`fondi.services`, so the demo obeys the ledger's rules. Amounts
are of the right order for an Ambito of ~230,000 residents but made up, as are the
numbers of the acts (their subjects end in "(demo)"), except the real DGR XII/4793/2025 (FSR).
Idempotent: an Ambito that already has the first demo assegnazione is left as it is.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction

from ambito.accounts.models import Utente
from ambito.atti import services as servizi_atti
from ambito.atti.models import Atto, TipoAtto
from ambito.tenancy.models import Ambito
from fondi import selectors, services
from fondi.models import (
    AreaIntervento,
    Assegnazione,
    FonteFinanziamento,
    MetodoRiparto,
    Quota,
    TipoDestinazione,
    VincoloTipo,
)

AMBITO_DEMO = "lodi"
PRIMA = "Funzionamento della rete d'offerta sociale"


def D(valore: str) -> Decimal:
    return Decimal(valore)


def g(anno: int, mese: int, giorno: int) -> dt.date:
    return dt.date(anno, mese, giorno)


def _liquidazione(ambito: Ambito, actor: Utente, data: dt.date) -> Atto:
    """The determina di liquidazione of the payments of one day (D.Lgs 267/2000, art. 184)."""
    return _atto(ambito, actor, TipoAtto.DETERMINA_CAPOFILA, f"L-{data:%Y%m%d}", data,
                 f"Liquidazione dei pagamenti del {data:%d/%m/%Y} (demo)")


def _atto(ambito: Ambito, actor: Utente, tipo: str, numero: str, data: dt.date, oggetto: str) -> Atto:
    atto = Atto.objects.filter(ambito=ambito, tipo=tipo, numero=numero, data=data).first()
    if atto is None:
        atto = servizi_atti.atto_create(ambito=ambito, actor=actor, tipo=tipo, numero=numero, data=data,
                                        oggetto=oggetto)
    if not atto.pubblicato:
        atto = servizi_atti.atto_publish(atto=atto, actor=actor)
    return atto


def _fonte(codice: str) -> FonteFinanziamento:
    if not FonteFinanziamento.objects.filter(codice=codice).exists():
        services.fonti_seed()
    return FonteFinanziamento.objects.get(codice=codice)


def carica_demo(*, ambito: Ambito, actor: Utente) -> None:
    """Load the funds demo for the Ambito di Lodi (runs inside its scope; idempotent)."""
    if ambito.slug != AMBITO_DEMO or Assegnazione.objects.filter(ambito=ambito, descrizione=PRIMA).exists():
        return
    with transaction.atomic():
        _fsr_2025(ambito, actor)
        _fnps_2024(ambito, actor)
        _fna(ambito, actor)
        _poverta_2023(ambito, actor)
        _cofinanziamento_2026(ambito, actor)


def _fsr_2025(ambito: Ambito, actor: Utente) -> None:
    dgr = _atto(ambito, actor, TipoAtto.DGR, "XII/4793", g(2025, 7, 28),
                "Fondo Sociale Regionale 2025: criteri di riparto agli Ambiti territoriali")
    delibera = _atto(ambito, actor, TipoAtto.DELIBERAZIONE_ASSEMBLEA, "9/2025", g(2025, 10, 15),
                     "Piano di utilizzo del Fondo Sociale Regionale 2025 e riparto tra i comuni (demo)")
    determina = _atto(ambito, actor, TipoAtto.DETERMINA_CAPOFILA, "388", g(2025, 11, 20),
                      "Impegno dei contributi FSR 2025 alle unità d'offerta sociali (demo)")
    a = services.assegnazione_create(
        ambito=ambito, fonte=_fonte("FSR"), descrizione=PRIMA, annualita=2025, esercizio=2025,
        importo=D("1351932.00"), data_assegnazione=g(2025, 7, 28), atto=dgr, actor=actor,
        scadenza_spesa=g(2026, 12, 31), scadenza_rendicontazione=g(2027, 3, 31))
    services.vincolo_create(assegnazione=a, tipo=VincoloTipo.MASSIMO, percentuale=D("5"),
                            tipo_destinazione=TipoDestinazione.SPESE_AMMINISTRATIVE, actor=actor,
                            descrizione="Spese di gestione al massimo 5%")
    udo = services.quota_create(
        assegnazione=a, tipo_destinazione=TipoDestinazione.UDOS, descrizione="Contributi alle unità d'offerta sociali",
        importo=D("1000000.00"), atto=delibera, data_contabile=g(2025, 10, 15), actor=actor)
    gestione = services.quota_create(
        assegnazione=a, tipo_destinazione=TipoDestinazione.SPESE_AMMINISTRATIVE,
        descrizione="Gestione dell'Ufficio di Piano", importo=D("60000.00"), atto=delibera,
        data_contabile=g(2025, 10, 15), actor=actor, area=AreaIntervento.GOVERNANCE)
    riparto = services.riparto_create(
        assegnazione=a, metodo=MetodoRiparto.POPOLAZIONE, totale=D("250000.00"), atto=delibera,
        data_contabile=g(2025, 10, 15), descrizione="Riparto ai comuni per popolazione", anno_popolazione=2024,
        actor=actor)
    services.impegno_create(quota=udo, importo=D("1000000.00"), data_contabile=g(2025, 11, 20), atto=determina,
                            actor=actor, descrizione="Contributi 2025 a 74 unità d'offerta")
    services.liquidazione_create(quota=udo, importo=D("600000.00"), data_contabile=g(2025, 12, 18), atto=determina,
                                 actor=actor, descrizione="Acconto 60%")
    services.impegno_create(quota=gestione, importo=D("42500.00"), data_contabile=g(2025, 11, 20), actor=actor,
                            descrizione="Personale amministrativo")
    services.liquidazione_create(quota=gestione, importo=D("21250.00"), data_contabile=g(2026, 3, 31),
                                 atto=_liquidazione(ambito, actor, g(2026, 3, 31)), actor=actor,
                                 descrizione="Primo semestre")
    per_comune = {q.comune.denominazione: q for q in Quota.objects.filter(riparto=riparto).select_related("comune")}
    for nome in ("Lodi", "Codogno", "Casalpusterlengo", "Sant'Angelo Lodigiano"):
        q = per_comune[nome]
        allocato = selectors.saldi_quote(ambito=ambito, data=g(2099, 1, 1), assegnazione=a)[q.pk].allocato
        services.impegno_create(quota=q, importo=allocato, data_contabile=g(2026, 2, 10), actor=actor,
                                descrizione=f"Trasferimento al Comune di {nome}")
        services.liquidazione_create(quota=q, importo=allocato, data_contabile=g(2026, 3, 5),
                                     atto=_liquidazione(ambito, actor, g(2026, 3, 5)), actor=actor,
                                     descrizione=f"Mandato al Comune di {nome}")


def _fnps_2024(ambito: Ambito, actor: Utente) -> None:
    decreto = _atto(ambito, actor, TipoAtto.DECRETO_REGIONALE, "7702", g(2025, 5, 20),
                    "FNPS annualità 2024: assegnazione agli Ambiti territoriali (demo)")
    delibera = _atto(ambito, actor, TipoAtto.DELIBERAZIONE_ASSEMBLEA, "5/2025", g(2025, 6, 25),
                     "Piano di utilizzo del FNPS 2024 e del FNA 2024 (demo)")
    determina = _atto(ambito, actor, TipoAtto.DETERMINA_CAPOFILA, "251", g(2025, 7, 1),
                      "Impegno FNPS 2024 per tutela minori e segretariato sociale (demo)")
    a = services.assegnazione_create(
        ambito=ambito, fonte=_fonte("FNPS"), descrizione="Servizi e interventi sociali", annualita=2024,
        esercizio=2025, importo=D("1338000.00"), data_assegnazione=g(2025, 5, 20), atto=decreto, actor=actor,
        scadenza_impegno=g(2026, 12, 31), scadenza_spesa=g(2027, 6, 30), scadenza_rendicontazione=g(2027, 9, 30))
    services.vincolo_create(assegnazione=a, tipo=VincoloTipo.MINIMO, percentuale=D("50"),
                            area=AreaIntervento.FAMIGLIA_MINORI, actor=actor,
                            descrizione="Almeno metà a famiglia e minori")
    tutela = services.quota_create(
        assegnazione=a, tipo_destinazione=TipoDestinazione.PROGETTO, descrizione="Servizio tutela minori e famiglia",
        importo=D("720000.00"), atto=delibera, data_contabile=g(2025, 6, 25), actor=actor,
        area=AreaIntervento.FAMIGLIA_MINORI)
    segretariato = services.quota_create(
        assegnazione=a, tipo_destinazione=TipoDestinazione.PROGETTO,
        descrizione="Segretariato sociale e servizio sociale professionale", importo=D("450000.00"), atto=delibera,
        data_contabile=g(2025, 6, 25), actor=actor, area=AreaIntervento.GOVERNANCE)
    services.impegno_create(quota=tutela, importo=D("720000.00"), data_contabile=g(2025, 7, 1), atto=determina,
                            actor=actor, descrizione="Affidamento 2025-2026")
    for mese, importo in ((9, "180000.00"), (12, "180000.00"), (3, "180000.00")):
        anno = 2026 if mese == 3 else 2025
        services.liquidazione_create(quota=tutela, importo=D(importo), data_contabile=g(anno, mese, 30),
                                     atto=_liquidazione(ambito, actor, g(anno, mese, 30)), actor=actor,
                                     descrizione=f"Rata {mese:02d}/{anno}")
    impegno = services.impegno_create(quota=segretariato, importo=D("450000.00"), data_contabile=g(2025, 7, 1),
                                      atto=determina, actor=actor, descrizione="Convenzioni con i comuni")
    services.liquidazione_create(quota=segretariato, importo=D("300000.00"), data_contabile=g(2025, 12, 15),
                                 atto=_liquidazione(ambito, actor, g(2025, 12, 15)), actor=actor,
                                 descrizione="Saldo 2025")
    services.rettifica_create(movimento=impegno, importo=D("-12500.00"), data_contabile=g(2026, 1, 20),
                              motivo="La convenzione con un comune è partita a marzo, non a gennaio", actor=actor)


def _fna(ambito: Ambito, actor: Utente) -> None:
    decreto_24 = _atto(ambito, actor, TipoAtto.DECRETO_REGIONALE, "3310", g(2025, 3, 10),
                       "FNA 2024: assegnazione agli Ambiti per la Misura B2 (demo)")
    decreto_25 = _atto(ambito, actor, TipoAtto.DECRETO_REGIONALE, "1544", g(2026, 2, 10),
                       "FNA 2025: assegnazione agli Ambiti per la Misura B2 (demo)")
    delibera_24 = Atto.objects.get(ambito=ambito, tipo=TipoAtto.DELIBERAZIONE_ASSEMBLEA, numero="5/2025")
    delibera_26 = _atto(ambito, actor, TipoAtto.DELIBERAZIONE_ASSEMBLEA, "2/2026", g(2026, 3, 12),
                        "Piano di utilizzo del FNA 2025, riporto dei residui FNA 2024 e quota di solidarietà "
                        "dei comuni 2026 (demo)")
    graduatoria = _atto(ambito, actor, TipoAtto.GRADUATORIA, "B2-2025", g(2025, 6, 30),
                        "Graduatoria Misura B2 2025: buoni caregiver e voucher (demo)")
    a24 = services.assegnazione_create(
        ambito=ambito, fonte=_fonte("FNA"), descrizione="Misura B2 — buoni e voucher 2025", annualita=2024,
        esercizio=2025,
        importo=D("1104560.00"), data_assegnazione=g(2025, 3, 10), atto=decreto_24, actor=actor,
        scadenza_impegno=g(2025, 12, 31), scadenza_rendicontazione=g(2026, 9, 30))
    b2 = services.quota_create(
        assegnazione=a24, tipo_destinazione=TipoDestinazione.BANDO, descrizione="Misura B2 2025 — buoni e voucher",
        importo=D("980000.00"), atto=delibera_24, data_contabile=g(2025, 6, 25), actor=actor,
        area=AreaIntervento.DOMICILIARITA)
    services.impegno_create(quota=b2, importo=D("980000.00"), data_contabile=g(2025, 6, 30), atto=graduatoria,
                            actor=actor, descrizione="Beneficiari ammessi in graduatoria")
    services.liquidazione_create(quota=b2, importo=D("420000.00"), data_contabile=g(2025, 9, 30),
                                 atto=_liquidazione(ambito, actor, g(2025, 9, 30)), actor=actor,
                                 descrizione="Buoni luglio-settembre")
    services.liquidazione_create(quota=b2, importo=D("512340.00"), data_contabile=g(2025, 12, 31),
                                 atto=_liquidazione(ambito, actor, g(2025, 12, 31)), actor=actor,
                                 descrizione="Buoni ottobre-dicembre")
    services.disimpegno_create(quota=b2, importo=D("47660.00"), data_contabile=g(2026, 2, 15), actor=actor,
                               descrizione="Economie: decessi e rinunce")
    services.assegnazione_mark_rendicontata(assegnazione=a24, data=g(2026, 9, 22), actor=actor)

    a25 = services.assegnazione_create(
        ambito=ambito, fonte=_fonte("FNA"), descrizione="Misura B2 — buoni e voucher 2026", annualita=2025,
        esercizio=2026,
        importo=D("1150300.00"), data_assegnazione=g(2026, 2, 10), atto=decreto_25, actor=actor,
        scadenza_impegno=g(2026, 12, 31), scadenza_rendicontazione=g(2027, 9, 30))
    services.riporto_create(assegnazione=a24, destinazione=a25, importo=D("124560.00"),
                            data_contabile=g(2026, 3, 12), motivo="Residui non allocati del FNA 2024",
                            atto=delibera_26, actor=actor)
    b2_26 = services.quota_create(
        assegnazione=a25, tipo_destinazione=TipoDestinazione.BANDO, descrizione="Misura B2 2026 — buoni e voucher",
        importo=D("1200000.00"), atto=delibera_26, data_contabile=g(2026, 3, 12), actor=actor,
        area=AreaIntervento.DOMICILIARITA)
    services.impegno_create(quota=b2_26, importo=D("700000.00"), data_contabile=g(2026, 4, 15), actor=actor,
                            descrizione="Prima graduatoria 2026")
    services.liquidazione_create(quota=b2_26, importo=D("310000.00"), data_contabile=g(2026, 7, 31),
                                 atto=_liquidazione(ambito, actor, g(2026, 7, 31)), actor=actor,
                                 descrizione="Buoni aprile-luglio")


def _poverta_2023(ambito: Ambito, actor: Utente) -> None:
    decreto = _atto(ambito, actor, TipoAtto.DECRETO_REGIONALE, "2012", g(2024, 2, 15),
                    "Fondo Povertà quota servizi 2023: assegnazione agli Ambiti (demo)")
    delibera = _atto(ambito, actor, TipoAtto.DELIBERAZIONE_ASSEMBLEA, "3/2024", g(2024, 3, 20),
                     "Piano di utilizzo del Fondo Povertà quota servizi 2023 (demo)")
    a = services.assegnazione_create(
        ambito=ambito, fonte=_fonte("FP-QSFP"), descrizione="Livelli essenziali: servizio sociale e pronto intervento",
        annualita=2023, esercizio=2024, importo=D("812440.00"), data_assegnazione=g(2024, 2, 15), atto=decreto,
        actor=actor,
        scadenza_impegno=g(2025, 6, 30), scadenza_spesa=g(2026, 6, 30), scadenza_rendicontazione=g(2026, 10, 31))
    for descrizione, importo, impegnato in (("Servizio sociale professionale (LEPS)", "560000.00", "560000.00"),
                                            ("Pronto intervento sociale", "252440.00", "252440.00")):
        q = services.quota_create(assegnazione=a, tipo_destinazione=TipoDestinazione.PROGETTO, descrizione=descrizione,
                                  importo=D(importo), atto=delibera, data_contabile=g(2024, 3, 20), actor=actor,
                                  area=AreaIntervento.POVERTA_INCLUSIONE)
        services.impegno_create(quota=q, importo=D(impegnato), data_contabile=g(2024, 4, 10), actor=actor)
        services.liquidazione_create(quota=q, importo=D(impegnato), data_contabile=g(2025, 11, 28),
                                     atto=_liquidazione(ambito, actor, g(2025, 11, 28)), actor=actor)


def _cofinanziamento_2026(ambito: Ambito, actor: Utente) -> None:
    delibera = Atto.objects.get(ambito=ambito, tipo=TipoAtto.DELIBERAZIONE_ASSEMBLEA, numero="2/2026")
    cofin = services.cofinanziamento_create(
        ambito=ambito, descrizione="Quota di solidarietà dei comuni", anno=2026,
        quota_per_abitante=D("1.5000"), anno_popolazione=2024, data_riferimento=g(2026, 1, 1),
        scadenza=g(2026, 6, 30), atto=delibera, actor=actor)
    # Most comuni paid in spring, one paid part, a few have not paid yet.
    quote = list(cofin.quote_comunali.select_related("comune").order_by("comune__codice_istat"))
    for i, q in enumerate(quote):
        if i % 5 == 4:
            continue
        quando = g(2026, 4, 1) + dt.timedelta(days=(i * 7) % 90)
        importo = D("10000.00") if q.comune.denominazione == "Codogno" else q.importo_atteso
        services.versamento_create(quota_comunale=q, data=quando, importo=importo, actor=actor,
                                   riferimento=f"Reversale {quando:%Y}/{i + 1:03d}")
