"""Demo data of the Piano di Zona for ``manage.py seed_demo`` (registered in :mod:`piani.apps`).

The Ambito distrettuale di Lodi gets:

* the plan 2021–2023, closed, whose Accordo di Programma was **extended by an act to cover 2024**, the bridge
  year between trienni (the pattern of Azzate's AdP, the issue's seed);
* the plan 2025–2027 in force: regional guideline act, the Assemblea's approval, the Accordo signed by every
  comune and the ASST, strategic and specific objectives in the A–J areas, four projects with their cards
  (actions per year, budget per source, a fondi quota where the funds demo left margin), indicators with
  yearly targets, the 2025 monitoring closed and 2026 open, a partner granted one project;
* two tavoli tematici (core collegial bodies of type "tavolo tematico");
* the header of a sovrazonale project shared with the Ambito di Sesto San Giovanni, and Lodi's part of it
  (Sesto's demo adds its own part when it runs).

Everything goes through the services; acts' numbers are made up (subjects end in "(demo)"), except
DGR XI/4563/2021 and XII/2167/2024. Idempotent: an Ambito that already has the 2025 plan is left as it is.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction

from ambito.accounts.models import Membro, Ruolo, Utente
from ambito.atti import services as servizi_atti
from ambito.atti.models import Atto, TipoAtto
from ambito.errors import RegolaViolata
from ambito.organi.models import OrganoCollegiale, TipoOrgano
from ambito.organi.services import organo_create
from ambito.tenancy.models import Ambito
from piani import selectors, services
from piani.models import PianoDiZona, StatoPiano, TipoEvento

AMBITO_DEMO = "lodi"
PARTNER_SOVRAZONALE = "sesto"
TITOLO_SOVRAZONALE = "Dimissioni protette e continuità ospedale-territorio (demo)"
g = dt.date
D = Decimal


def carica_demo(*, ambito: Ambito, actor: Utente) -> None:
    if ambito.slug == PARTNER_SOVRAZONALE:
        _parte_di_sesto(ambito, actor)
        return
    if ambito.slug != AMBITO_DEMO or PianoDiZona.objects.filter(ambito=ambito, triennio=2025).exists():
        return
    with transaction.atomic():
        _tavoli(ambito, actor)
        _piano_2021(ambito, actor)
        piano = _piano_2025(ambito, actor)
        progetti = _obiettivi_e_progetti(piano, actor)
        _monitoraggio(piano, progetti, actor)
        _sovrazonale(ambito, actor, progetti["dimissioni"])
        _profilo(ambito, actor, piano)
        _coprogettazione(ambito, actor, piano, progetti["emporio"])


def _atto(ambito: Ambito, actor: Utente, tipo: str, numero: str, data: dt.date, oggetto: str) -> Atto:
    atto = Atto.objects.filter(ambito=ambito, tipo=tipo, numero=numero, data=data).first()
    if atto is None:
        atto = servizi_atti.atto_create(ambito=ambito, actor=actor, tipo=tipo, numero=numero, data=data,
                                        oggetto=oggetto)
    if not atto.pubblicato:
        atto = servizi_atti.atto_publish(atto=atto, actor=actor)
    return atto


def _tavoli(ambito: Ambito, actor: Utente) -> None:
    for nome in ("Tavolo tematico anziani e domiciliarità (demo)", "Tavolo tematico famiglia e minori (demo)"):
        if not OrganoCollegiale.objects.filter(ambito=ambito, nome=nome).exists():
            organo_create(ambito=ambito, actor=actor, tipo=TipoOrgano.TAVOLO_TEMATICO, nome=nome)


def _firmato(piano: PianoDiZona, actor: Utente, data: dt.date) -> None:
    services.sottoscrittori_seed(piano=piano, actor=actor, alla_data=data)
    for s in selectors.sottoscrittore_list(piano=piano):
        services.sottoscrittore_sign(sottoscrittore=s, actor=actor, data_firma=data,
                                     rappresentante="Sindaco o delegato" if s.comune_id else "Direttore generale")


def _avanza(piano: PianoDiZona, actor: Utente, *stati: str, atto: Atto | None = None) -> PianoDiZona:
    for stato in stati:
        piano = services.piano_transition(piano=piano, actor=actor, stato=stato,
                                          atto=atto if stato == StatoPiano.APPROVATO_ASSEMBLEA else None)
    return piano


def _piano_2021(ambito: Ambito, actor: Utente) -> None:
    """The closed 2021–2023 plan whose Accordo was extended by an act to 31/12/2024 (Azzate's pattern)."""
    dgr = _atto(ambito, actor, TipoAtto.DGR, "XI/4563", g(2021, 4, 19),
                "Linee di indirizzo per la programmazione sociale territoriale 2021–2023")
    piano = services.piano_create(ambito=ambito, actor=actor, triennio=2021, atto_linee_guida=dgr,
                                  titolo="Piano di Zona dell'Ambito distrettuale di Lodi 2021–2023")
    delibera = _atto(ambito, actor, TipoAtto.DELIBERAZIONE_ASSEMBLEA, "12/2021", g(2021, 12, 16),
                     "Approvazione del Piano di Zona 2021–2023 e dello schema di Accordo di Programma (demo)")
    piano = _avanza(piano, actor, StatoPiano.IN_CONSULTAZIONE, StatoPiano.APPROVATO_ASSEMBLEA, atto=delibera)
    accordo = _atto(ambito, actor, TipoAtto.ACCORDO_PROGRAMMA, "AdP-2021", g(2021, 12, 22),
                    "Accordo di Programma per l'attuazione del Piano di Zona 2021–2023 (demo)")
    services.accordo_set(piano=piano, actor=actor, atto=accordo, valido_al=g(2023, 12, 31))
    _firmato(piano, actor, g(2021, 12, 22))
    piano = _avanza(piano, actor, StatoPiano.ADP_SOTTOSCRITTO, StatoPiano.VIGENTE)
    proroga = _atto(ambito, actor, TipoAtto.DELIBERAZIONE_ASSEMBLEA, "14/2023", g(2023, 12, 14),
                    "Proroga dell'Accordo di Programma 2021–2023 al 31/12/2024, anno ponte tra i trienni (demo)")
    services.evento_create(piano=piano, actor=actor, tipo=TipoEvento.PROROGA, anno=2024, atto=proroga,
                           valido_al=g(2024, 12, 31),
                           descrizione="Proroga per coprire il 2024 in attesa delle linee guida 2025–2027.")
    verifica = _atto(ambito, actor, TipoAtto.DELIBERAZIONE_ASSEMBLEA, "3/2024", g(2024, 3, 28),
                     "Verifica annuale degli obiettivi del Piano di Zona (demo)")
    services.evento_create(piano=piano, actor=actor, tipo=TipoEvento.VERIFICA, anno=2023, atto=verifica,
                           descrizione="Obiettivi 2023 raggiunti all'80%.")
    _avanza(piano, actor, StatoPiano.CHIUSO)


def _piano_2025(ambito: Ambito, actor: Utente) -> PianoDiZona:
    dgr = _atto(ambito, actor, TipoAtto.DGR, "XII/2167", g(2024, 4, 15),
                "Linee di indirizzo per la programmazione sociale territoriale 2025–2027")
    piano = services.piano_create(ambito=ambito, actor=actor, triennio=2025, atto_linee_guida=dgr,
                                  titolo="Piano di Zona dell'Ambito distrettuale di Lodi 2025–2027", responsabile=actor)
    delibera = _atto(ambito, actor, TipoAtto.DELIBERAZIONE_ASSEMBLEA, "10/2024", g(2024, 12, 12),
                     "Approvazione del Piano di Zona 2025–2027 e dello schema di Accordo di Programma (demo)")
    piano = _avanza(piano, actor, StatoPiano.IN_CONSULTAZIONE, StatoPiano.APPROVATO_ASSEMBLEA, atto=delibera)
    accordo = _atto(ambito, actor, TipoAtto.ACCORDO_PROGRAMMA, "AdP-2025", g(2024, 12, 20),
                    "Accordo di Programma per l'attuazione del Piano di Zona 2025–2027 (demo)")
    services.accordo_set(piano=piano, actor=actor, atto=accordo, valido_al=g(2027, 12, 31))
    _firmato(piano, actor, g(2024, 12, 20))
    return _avanza(piano, actor, StatoPiano.ADP_SOTTOSCRITTO, StatoPiano.VIGENTE)


PROGETTI = {
    "emporio": ("Emporio solidale e rete contro la povertà alimentare", ("A", "I"), "strategico_poverta",
                "Nel 2024 le famiglie in carico ai servizi per povertà alimentare sono cresciute del 18%.",
                [(2025, "FNPS", "40000.00"), (2026, "FNPS", "40000.00"), (2027, "Comuni", "15000.00")],
                "Famiglie servite dall'emporio", "famiglie", {2025: 150, 2026: 200, 2027: 240}, (170,)),
    "casa": ("Agenzia per l'abitare", ("B",), "strategico_poverta",
             "Sfratti per morosità incolpevole e canoni fuori portata per i nuclei monoreddito.",
             [(2025, "Fondo Povertà", "25000.00"), (2026, "Fondo Povertà", "25000.00")],
             "Nuclei accompagnati a una nuova casa", "nuclei", {2025: 20, 2026: 30}, (14,)),
    "dimissioni": ("Dimissioni protette — parte dell'Ambito di Lodi", ("D", "E"), "strategico_domiciliarita",
                   "Ricoveri ripetuti di anziani fragili dimessi senza un piano di assistenza a domicilio.",
                   [(2025, "FNA", "60000.00"), (2026, "FNA", "60000.00")],
                   "Dimissioni protette attivate", "persone", {2025: 80, 2026: 110}, (92,)),
    "giovani": ("Spazi giovani diffusi nei comuni", ("G",), "strategico_giovani",
                "Pochi luoghi di aggregazione nei comuni sotto i 5.000 abitanti.",
                [(2025, "FNPS", "18000.00")], "Ragazzi che frequentano gli spazi", "ragazzi", {2025: 300}, (210,)),
}


def _obiettivi_e_progetti(piano: PianoDiZona, actor: Utente) -> dict:
    def aree(*codici: str) -> list:
        return list(selectors.macroarea_list(ambito=piano.ambito, triennio=piano.triennio).filter(codice__in=codici))

    obiettivi = {
        "strategico_poverta": services.obiettivo_create(
            piano=piano, actor=actor, codice="OS1", titolo="Contrastare povertà ed emarginazione",
            macro_aree=aree("A", "B", "C"), priorita="alta", leps="Pronto intervento sociale",
            responsabile="Ufficio di Piano", risorse_previste=D("150000.00")),
        "strategico_domiciliarita": services.obiettivo_create(
            piano=piano, actor=actor, codice="OS2", titolo="Sostenere la vita a domicilio degli anziani fragili",
            macro_aree=aree("D", "E"), priorita="alta", integrazione_sociosanitaria=True, sovrazonale=True,
            leps="Dimissioni protette", responsabile="Ufficio di Piano con ASST di Lodi"),
        "strategico_giovani": services.obiettivo_create(
            piano=piano, actor=actor, codice="OS3", titolo="Prevenire il disagio giovanile", macro_aree=aree("G"),
            priorita="media"),
    }
    services.obiettivo_create(piano=piano, actor=actor, codice="OS1.1", tipo="specifico",
                              padre=obiettivi["strategico_poverta"], macro_aree=aree("A"),
                              titolo="Una rete unica di distribuzione alimentare in ogni sub-ambito")
    progetti = {}
    for chiave, (titolo, codici, obiettivo, contesto, budget, ind, unita, target, _) in PROGETTI.items():
        progetto = services.progetto_create(
            piano=piano, actor=actor, titolo=titolo, macro_aree=aree(*codici), obiettivi=[obiettivi[obiettivo]],
            contesto=contesto, responsabile="Ufficio di Piano", data_inizio=g(2025, 1, 1), data_fine=g(2027, 12, 31),
            destinatari="Residenti nei comuni dell'Ambito", partner_ruoli="Enti del Terzo Settore: gestione; "
            "comuni: segnalazione")
        for anno in piano.anni[:2]:
            services.azione_create(progetto=progetto, actor=actor, anno=anno,
                                   descrizione=f"Attività {anno}: avvio, accompagnamento e verifica")
        for anno, fonte, importo in budget:
            services.budget_set(progetto=progetto, actor=actor, anno=anno, fonte=fonte, importo=D(importo))
        services.indicatore_create(actor=actor, progetto=progetto, nome=ind, unita=unita,
                                   target={a: D(v) for a, v in target.items()})
        progetti[chiave] = progetto
    services.indicatore_create(actor=actor, progetto=progetti["emporio"], nome="Spesa liquidata nel periodo",
                               unita="euro", fonte="calcolato", calcolo="fondi.liquidato_progetto",
                               target={2025: D("5000.00"), 2026: D("15000.00"), 2027: D("20000.00")})
    _quota_dai_fondi(piano, actor, progetti["emporio"])
    _partner(piano, actor, progetti["dimissioni"])
    return progetti


def _quota_dai_fondi(piano: PianoDiZona, actor: Utente, progetto) -> None:
    """A quota of the funds demo's first assegnazione for the project, if the ledger leaves the margin."""
    from fondi.selectors import assegnazione_list_scelte

    assegnazione = assegnazione_list_scelte(ambito=piano.ambito).first()
    if assegnazione is None:
        return
    atto = _atto(piano.ambito, actor, TipoAtto.DELIBERAZIONE_ASSEMBLEA, "2/2025", g(2025, 2, 20),
                 "Destinazione di risorse ai progetti del Piano di Zona 2025–2027 (demo)")
    try:
        services.progetto_quota_create(progetto=progetto, actor=actor, assegnazione=assegnazione,
                                       importo=D("5000.00"), atto=atto, data_contabile=max(g(2025, 2, 20),
                                                                                            assegnazione.data_assegnazione))
    except RegolaViolata:
        return  # no margin left by the funds demo: the project shows its planned budget only


def _partner(piano: PianoDiZona, actor: Utente, progetto) -> None:
    membro = Membro.objects.filter(ambito=piano.ambito, ruolo=Ruolo.PARTNER, revocato_il__isnull=True).select_related(
        "utente").first()
    if membro is not None:
        services.progetto_partner_grant(progetto=progetto, actor=actor, utente=membro.utente)


def _monitoraggio(piano: PianoDiZona, progetti: dict, actor: Utente) -> None:
    chiuso = services.periodo_create(piano=piano, actor=actor, anno=2025)
    aperto = services.periodo_create(piano=piano, actor=actor, anno=2026, semestre=1)
    for chiave, dati in PROGETTI.items():
        indicatore = progetti[chiave].indicatori.get(nome=dati[5])
        services.valore_set(indicatore=indicatore, periodo=chiuso, actor=actor, valore=D(dati[8][0]),
                            evidenza="Registro delle prese in carico")
    for obiettivo, stato in zip(selectors.obiettivo_list(piano=piano),
                                ("in_corso", "parzialmente_raggiunto", "raggiunto", "in_corso"), strict=False):
        services.valutazione_set(obiettivo=obiettivo, periodo=chiuso, actor=actor, stato=stato,
                                 motivazione="Verifica di fine anno (demo)")
    # The computed indicator measured from the ledger, so the closed year's monitoring return is complete.
    services.valore_compute(indicatore=progetti["emporio"].indicatori.get(nome="Spesa liquidata nel periodo"),
                            periodo=chiuso, actor=actor)
    services.periodo_close(periodo=chiuso, actor=actor)
    emporio = progetti["emporio"].indicatori.get(nome=PROGETTI["emporio"][5])
    services.valore_set(indicatore=emporio, periodo=aperto, actor=actor, valore=D("96"), note="Dato parziale")


def _sovrazonale(ambito: Ambito, actor: Utente, parte) -> None:
    sesto = Ambito.objects.filter(slug=PARTNER_SOVRAZONALE).first()
    if sesto is None:
        return
    testata = services.sovrazonale_create(ambito=ambito, actor=actor, ambiti=[sesto], titolo=TITOLO_SOVRAZONALE,
                                          ente=ambito.asst, descrizione="Progetto condiviso dagli Ambiti con "
                                          "l'ASST: ogni Ambito gestisce la propria parte e il proprio budget.")
    services.progetto_sovrazonale_set(progetto=parte, actor=actor, testata=testata)


def _parte_di_sesto(ambito: Ambito, actor: Utente) -> None:
    """Sesto's part of the shared project, in a plan of its own (if Lodi's demo created the header)."""
    testata = selectors.sovrazonale_list(ambito=ambito).filter(titolo=TITOLO_SOVRAZONALE).first()
    if testata is None or PianoDiZona.objects.filter(ambito=ambito, triennio=2025).exists():
        return
    with transaction.atomic():
        piano = services.piano_create(ambito=ambito, actor=actor, triennio=2025,
                                      titolo="Piano di Zona dell'Ambito di Sesto San Giovanni 2025–2027")
        aree = list(selectors.macroarea_list(ambito=ambito, triennio=2025).filter(codice__in=["D", "E"]))
        parte = services.progetto_create(piano=piano, actor=actor, macro_aree=aree,
                                         titolo="Dimissioni protette — parte dell'Ambito di Sesto San Giovanni")
        services.progetto_sovrazonale_set(progetto=parte, actor=actor, testata=testata)
        services.budget_set(progetto=parte, actor=actor, anno=2025, fonte="FNA", importo=D("35000.00"))




PROFILO = [  # (voce, tipo, unità, area, valore per l'Ambito o None per comune)
    ("0–17 anni", "fascia_eta", "persone", None, None),
    ("65 anni e oltre", "fascia_eta", "persone", "E", None),
    ("Anziani che vivono soli", "bisogno", "%", "E", "31.4"),
    ("Famiglie con ISEE sotto 6.000 euro", "bisogno", "%", "A", "8.2"),
]


def _profilo(ambito: Ambito, actor: Utente, piano: PianoDiZona) -> None:
    """Age bands per comune (a share of each comune's population, made up) and need indicators for the Ambito."""
    from ambito.territorio.selectors import comune_list

    aree = {a.codice: a for a in selectors.macroarea_list(ambito=ambito, triennio=piano.triennio)}
    comuni = list(comune_list(ambito=ambito).filter(popolazione__isnull=False)[:6])
    for voce, tipo, unita, area, valore in PROFILO:
        if valore is not None:
            services.dato_comunita_set(ambito=ambito, actor=actor, anno=2024, tipo=tipo, voce=voce,
                                       valore=D(valore), unita=unita, fonte="ATS, elaborazione 2024 (demo)",
                                       macro_area=aree.get(area))
            continue
        quota = D("0.16") if voce.startswith("0") else D("0.24")
        for comune in comuni:
            services.dato_comunita_set(ambito=ambito, actor=actor, anno=2024, tipo=tipo, voce=voce,
                                       valore=(comune.popolazione * quota).quantize(D(1)), unita=unita,
                                       fonte="ISTAT, popolazione al 1° gennaio 2024 (stima demo)", comune=comune,
                                       macro_area=aree.get(area) if area else None)


def _coprogettazione(ambito: Ambito, actor: Utente, piano: PianoDiZona, progetto) -> None:
    """A co-design of the emporio with two enti del Terzo Settore, at the convenzione stage."""
    from ambito.territorio.models import Ente, TipoEnte

    avviso = _atto(ambito, actor, TipoAtto.AVVISO, "AV-3/2025", g(2025, 2, 3),
                   "Avviso di co-progettazione dell'emporio solidale (art. 55 D.Lgs. 117/2017) (demo)")
    procedura = services.coprogettazione_create(
        ambito=ambito, actor=actor, tipo="coprogettazione", piano=piano, progetto=progetto, avviso=avviso,
        oggetto="Co-progettazione dell'emporio solidale",
        responsabile_procedimento="Responsabile dell'Ufficio di Piano",
        scadenza_candidature=g(2025, 3, 3))
    services.coprogettazione_transition(procedura=procedura, actor=actor, stato="selezione")
    for nome, esito, motivo, ruolo in (
            ("Il Pane società cooperativa sociale (demo)", "ammesso", "", "Gestione dell'emporio"),
            ("Associazione Banco di comunità (demo)", "ammesso", "", "Raccolta e volontari"),
            ("Fondazione Esempio (demo)", "non_ammesso", "Domanda oltre il termine", "")):
        ente = Ente.objects.filter(denominazione=nome).first() or Ente.objects.create(
            tipo=TipoEnte.ETS, denominazione=nome, registrato_da=ambito)
        services.ente_candidatura_set(procedura=procedura, actor=actor, ente=ente, esito=esito, motivazione=motivo,
                                      ruolo=ruolo)
    tavolo = OrganoCollegiale.objects.filter(ambito=ambito, tipo=TipoOrgano.TAVOLO_TEMATICO).first()
    services.coprogettazione_transition(procedura=procedura, actor=actor, stato="tavolo", tavolo=tavolo)
    convenzione = _atto(ambito, actor, TipoAtto.CONVENZIONE, "C-7/2025", g(2025, 5, 12),
                        "Convenzione per la co-gestione dell'emporio solidale 2025–2027 (demo)")
    services.coprogettazione_transition(procedura=procedura, actor=actor, stato="convenzione", convenzione=convenzione,
                                        esito="Emporio co-gestito con due enti; relazione semestrale.")
    for data, descrizione in ((g(2025, 12, 31), "Relazione 2025"), (g(2026, 12, 31), "Relazione 2026")):
        services.scadenza_rendicontazione_create(procedura=procedura, actor=actor, data=data, descrizione=descrizione)
