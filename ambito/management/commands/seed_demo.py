"""``manage.py seed_demo``: two demo Ambiti built on real comuni, with users of every role.

Idempotent: every object is looked up by its natural key and created only when missing, so a
second run changes nothing. Needs no other data file: the comuni come from
``ambito/fixtures/comuni_demo.csv``; only those 63 are loaded unless the database already holds
ISTAT's full list (``import_comuni``), whose rows are then reused as they are.

* Ambito distrettuale di Lodi (slug ``lodi``): 61 comuni — the 60 of the province of Lodi and San
  Colombano al Lambro (MI) — with an Assemblea dei Sindaci of 61 componenti and a closed seduta
  whose two votes produced two deliberazioni.
* Ambito di Sesto San Giovanni (slug ``sesto``): Sesto San Giovanni and Cologno Monzese, with an
  Assemblea and an upcoming seduta.

Logins (password ``Ambito-Demo-2026!`` for everybody), for ``<a>`` in ``lodi`` and ``sesto``:
``responsabile@<a>.demo``, ``operatore@<a>.demo``, ``assistente1@<a>.demo``,
``assistente2@<a>.demo``, ``sindaco@<a>.demo``, ``partner@<a>.demo``; platform administrator
``admin@ambito.demo``. The administrator and the responsabili must use TOTP: their devices have the
fixed secrets in ``SEGRETI_TOTP`` (base32 printed by the command); ``manage.py demo_otp EMAIL``
prints the current code.

What is demo-only: people's names, the enti's fiscal codes (valid check digit, made up — not the
real bodies' codes), cooperative and association names ending in "(demo)", act numbers other than
the regional DGRs, and who is present and how they voted. Comuni, provinces, Belfiore codes and
residents are real (ISTAT, ANPR 10/01/2024). The capofila chosen for each Ambito is an assumption
of the demo.
"""

from __future__ import annotations

import base64
import csv
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from ambito.accounts.models import Membro, Ruolo, Utente
from ambito.allegati import services as servizi_allegati
from ambito.approvazioni import services as approvazioni
from ambito.approvazioni.models import RichiestaApprovazione
from ambito.atti import services as servizi_atti
from ambito.atti.models import Atto, TipoAtto
from ambito.demo import esegui_demo
from ambito.organi import services as governance
from ambito.organi.models import Componente, EsitoVotazione, OrganoCollegiale, Seduta, TipoOrgano, ValoreVoto
from ambito.tenancy.comandi import ambito_scope_for_command
from ambito.tenancy.models import Ambito, RegolaVoto, TipoISEE
from ambito.territorio import services as servizi_territorio
from ambito.territorio.importers.istat import RigaComune
from ambito.territorio.importers.popolazione import RigaPopolazione
from ambito.territorio.models import AppartenenzaComune, Comune, Ente, TipoEnte

PASSWORD_DEMO = "Ambito-Demo-2026!"  # noqa: S105 (documented demo password)
FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "comuni_demo.csv"
MEMBRI_DAL = dt.date(2021, 1, 1)  # start of the Piani di Zona 2021-2023
SINDACI_DAL = dt.date(2024, 7, 1)
ADMIN_EMAIL = "admin@ambito.demo"
# TOTP secrets (20 bytes, shown as base32 to type into an authenticator app). Demo only.
SEGRETI_TOTP = {
    ADMIN_EMAIL: b"ambito-demo-admin-26",
    "responsabile@lodi.demo": b"ambito-demo-lodi--26",
    "responsabile@sesto.demo": b"ambito-demo-sesto-26",
}


@dataclass(frozen=True)
class EnteDemo:
    chiave: str
    tipo: str
    denominazione: str
    codice_fiscale: str  # made up, valid check digit
    pec: str
    comune: str = ""  # ISTAT code, for enti of type comune
    registrato_da: str = ""  # demo Ambito slug; "" = registered at platform level


ENTI = [
    EnteDemo("comune_lodi", TipoEnte.COMUNE, "Comune di Lodi", "90000010018", "protocollo@pec.lodi.demo",
             comune="098031"),
    EnteDemo("comune_sesto", TipoEnte.COMUNE, "Comune di Sesto San Giovanni", "90000020017",
             "protocollo@pec.sesto.demo", comune="015209"),
    EnteDemo("ats_milano", TipoEnte.ATS, "ATS della Città Metropolitana di Milano", "90000030016",
             "protocollo@pec.ats-milano.demo"),
    EnteDemo("asst_lodi", TipoEnte.ASST, "ASST di Lodi", "90000040015", "protocollo@pec.asst-lodi.demo"),
    EnteDemo("asst_nord_milano", TipoEnte.ASST, "ASST Nord Milano", "90000050014",
             "protocollo@pec.asst-nordmilano.demo"),
    EnteDemo("coop_lodi", TipoEnte.COOPERATIVA, "Cooperativa sociale Il Mosaico Lodigiano (demo)", "90000060013",
             "mosaico@pec.coop.demo", registrato_da="lodi"),
    EnteDemo("ets_sesto", TipoEnte.ETS, "Associazione Filo d'Argento Nord Milano (demo)", "90000070012",
             "filodargento@pec.ets.demo", registrato_da="sesto"),
]


@dataclass(frozen=True)
class UtenteDemo:
    chiave: str  # local part of the e-mail
    ruolo: str
    nome: str
    cognome: str
    comuni: tuple[str, ...] = ()
    ente: str = ""


@dataclass(frozen=True)
class AttoDemo:
    tipo: str
    numero: str
    data: dt.date
    oggetto: str
    ente: str = ""
    pubblicato: bool = True


@dataclass(frozen=True)
class AmbitoDemo:
    slug: str
    denominazione: str
    codice: str
    distretto: str
    capofila: str
    ats: str
    asst: str
    impostazioni: dict[str, Any]
    utenti: list[UtenteDemo]
    atti: list[AttoDemo] = field(default_factory=list)


DGR_PDZ = AttoDemo(TipoAtto.DGR, "XII/2167", dt.date(2024, 4, 15),
                   "Linee di indirizzo per la programmazione sociale territoriale del triennio 2025-2027")
DGR_FSR = AttoDemo(TipoAtto.DGR, "XII/4793", dt.date(2025, 7, 28),
                   "Fondo Sociale Regionale 2025: criteri di riparto agli Ambiti territoriali")

AMBITI = [
    AmbitoDemo(
        slug="lodi", denominazione="Ambito distrettuale di Lodi", codice="LODI", distretto="Distretto di Lodi",
        capofila="comune_lodi", ats="ats_milano", asst="asst_lodi",
        impostazioni={"regola_voto": RegolaVoto.DOPPIA_MAGGIORANZA, "quorum_componenti_percento": 50,
                      "quorum_popolazione_percento": 50, "mese_inizio_esercizio": 1,
                      "tipi_isee_default": [TipoISEE.ORDINARIO, TipoISEE.SOCIOSANITARIO]},
        utenti=[
            UtenteDemo("responsabile", Ruolo.RESPONSABILE, "Laura", "Bianchi"),
            UtenteDemo("operatore", Ruolo.OPERATORE, "Marco", "Rossi"),
            UtenteDemo("assistente1", Ruolo.ASSISTENTE_SOCIALE, "Chiara", "Esposito", comuni=("098031",)),
            UtenteDemo("assistente2", Ruolo.ASSISTENTE_SOCIALE, "Davide", "Colombo", comuni=("098019",)),
            UtenteDemo("sindaco", Ruolo.ASSEMBLEA, "Elena", "Ferri", comuni=("098031",)),
            UtenteDemo("partner", Ruolo.PARTNER, "Paolo", "Galli", ente="asst_lodi"),
        ],
        atti=[DGR_PDZ, DGR_FSR,
              AttoDemo(TipoAtto.DETERMINA_CAPOFILA, "45", dt.date(2026, 2, 2),
                       "Impegno di spesa per il servizio di assistenza domiciliare minori (demo)",
                       ente="comune_lodi", pubblicato=False)],
    ),
    AmbitoDemo(
        slug="sesto", denominazione="Ambito di Sesto San Giovanni", codice="SESTO", distretto="",
        capofila="comune_sesto", ats="ats_milano", asst="asst_nord_milano",
        impostazioni={"regola_voto": RegolaVoto.MAGGIORANZA_SEMPLICE, "quorum_componenti_percento": 50,
                      "quorum_popolazione_percento": 0, "mese_inizio_esercizio": 1,
                      "tipi_isee_default": [TipoISEE.ORDINARIO, TipoISEE.MINORENNI]},
        utenti=[
            UtenteDemo("responsabile", Ruolo.RESPONSABILE, "Sara", "Conti"),
            UtenteDemo("operatore", Ruolo.OPERATORE, "Luca", "Moretti"),
            UtenteDemo("assistente1", Ruolo.ASSISTENTE_SOCIALE, "Giorgia", "Ricci", comuni=("015209",)),
            UtenteDemo("assistente2", Ruolo.ASSISTENTE_SOCIALE, "Matteo", "Greco", comuni=("015081",)),
            UtenteDemo("sindaco", Ruolo.ASSEMBLEA, "Roberto", "Marino", comuni=("015209",)),
            UtenteDemo("partner", Ruolo.PARTNER, "Anna", "Barbieri", ente="asst_nord_milano"),
        ],
        atti=[DGR_PDZ,
              AttoDemo(TipoAtto.ACCORDO_PROGRAMMA, "1/2024", dt.date(2024, 12, 21),
                       "Accordo di programma per l'attuazione del Piano di Zona 2025-2027"),
              AttoDemo(TipoAtto.DETERMINA_CAPOFILA, "12", dt.date(2026, 1, 15),
                       "Affidamento del servizio di segretariato sociale (demo)", ente="comune_sesto",
                       pubblicato=False)],
    ),
]


def leggi_fixture(percorso: Path = FIXTURE) -> list[dict[str, str]]:
    with percorso.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def email(chiave: str, slug: str) -> str:
    return f"{chiave}@{slug}.demo"


class Command(BaseCommand):
    help = "Carica i dati dimostrativi (Ambiti di Lodi e di Sesto San Giovanni). Si può rieseguire."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--quiet", action="store_true", help="non stampare la tabella degli accessi")

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError("seed_demo crea utenti con password note: non si esegue con AMBITO_PRODUCTION.")
        righe = leggi_fixture()
        with transaction.atomic():
            comuni = self._comuni(righe)
            enti = self._enti(comuni)
            admin = self._utente(ADMIN_EMAIL, "Amministratore", "Piattaforma", superuser=True)
            for demo in AMBITI:
                self._ambito(demo, comuni, enti, [r["codice_istat"] for r in righe if r["ambito"] == demo.slug])
            self._totp()
            self._moduli()
        if not options["quiet"]:
            self._stampa_accessi(admin)

    # --- reference data -----------------------------------------------------------------------

    def _comuni(self, righe: list[dict[str, str]]) -> dict[str, Comune]:
        """Create the demo comuni that are missing; give a population to those without one."""
        servizi_territorio.comuni_import(righe=[
            RigaComune(riga=n, codice_istat=r["codice_istat"], codice_catastale=r["belfiore"],
                       denominazione=r["denominazione"], sigla_provincia=r["sigla"], provincia=r["provincia"],
                       codice_regione=r["codice_regione"])
            for n, r in enumerate(righe, 2) if not Comune.objects.filter(codice_istat=r["codice_istat"]).exists()
        ])
        comuni = Comune.objects.in_bulk([r["codice_istat"] for r in righe], field_name="codice_istat")
        senza = [r for r in righe if comuni[r["codice_istat"]].popolazione is None]
        for fonte in sorted({r["fonte"] for r in senza}):
            servizi_territorio.popolazione_import(fonte=fonte, righe=[
                RigaPopolazione(n, r["codice_istat"], int(r["residenti"]), int(r["anno"]))
                for n, r in enumerate(senza, 2) if r["fonte"] == fonte])
        return Comune.objects.in_bulk([r["codice_istat"] for r in righe], field_name="codice_istat")

    def _enti(self, comuni: dict[str, Comune]) -> dict[str, Ente]:
        """Platform-level enti (capofila, ATS, ASST: shared, edited by a platform administrator)."""
        enti = {}
        for e in ENTI:
            ente = Ente.objects.filter(codice_fiscale=e.codice_fiscale).first()
            if ente is None and not e.registrato_da:
                ente = Ente(tipo=e.tipo, denominazione=e.denominazione, codice_fiscale=e.codice_fiscale, pec=e.pec,
                            comune=comuni.get(e.comune))
                ente.full_clean()
                ente.save()
            if ente is not None:
                enti[e.chiave] = ente
        return enti

    # --- one Ambito ---------------------------------------------------------------------------

    def _ambito(self, demo: AmbitoDemo, comuni: dict[str, Comune], enti: dict[str, Ente], codici: list[str]) -> None:
        ambito = Ambito.objects.filter(slug=demo.slug).first()
        if ambito is None:
            ambito = Ambito.objects.create(
                denominazione=demo.denominazione, slug=demo.slug, codice=demo.codice, distretto=demo.distretto,
                ente_capofila=enti[demo.capofila], ats=enti[demo.ats], asst=enti[demo.asst])
            servizi_territorio.ambito_impostazioni_update(ambito=ambito, actor=None, dati=demo.impostazioni)
        with ambito_scope_for_command(demo.slug) as ambito:
            for codice in codici:
                if not AppartenenzaComune.objects.filter(ambito=ambito, comune=comuni[codice]).exists():
                    servizi_territorio.appartenenza_create(ambito=ambito, actor=None, comune=comuni[codice],
                                                           valido_dal=MEMBRI_DAL)
            self._registra_enti(ambito, enti)
            utenti = {u.chiave: self._membro(ambito, u, comuni, enti) for u in demo.utenti}
            self._atti(ambito, demo, enti)
            organo = self._assemblea(ambito, [comuni[c] for c in codici], utenti["sindaco"], comuni)
            if demo.slug == "lodi":
                self._seduta_votata(organo)
            else:
                self._seduta_convocata(organo)
            self._area_pubblica(ambito, utenti)

    def _registra_enti(self, ambito: Ambito, enti: dict[str, Ente]) -> None:
        """Enti registered by this Ambito (so editable only by it) go through the service."""
        for e in ENTI:
            if e.registrato_da == ambito.slug and e.chiave not in enti:
                enti[e.chiave] = servizi_territorio.ente_create(ambito=ambito, actor=None, dati={
                    "tipo": e.tipo, "denominazione": e.denominazione, "codice_fiscale": e.codice_fiscale,
                    "pec": e.pec})

    def _utente(self, indirizzo: str, nome: str, cognome: str, *, superuser: bool = False) -> Utente:
        utente = Utente.objects.filter(email=indirizzo).first()
        if utente is None:
            crea = Utente.objects.create_superuser if superuser else Utente.objects.create_user
            utente = crea(indirizzo, None, first_name=nome, last_name=cognome)
            # One (slow, by design) hash for every demo account: they share the documented password.
            if not hasattr(self, "_hash_demo"):
                self._hash_demo = make_password(PASSWORD_DEMO)
            utente.password = self._hash_demo
            utente.save(update_fields=["password"])
        return utente

    def _membro(self, ambito: Ambito, u: UtenteDemo, comuni: dict[str, Comune], enti: dict[str, Ente]) -> Utente:
        # TODO(membri): no membro_create service exists (members join through invitations); the demo
        # creates the membership rows directly, with the same bindings the invitation would give.
        utente = self._utente(email(u.chiave, ambito.slug), u.nome, u.cognome)
        if not Membro.objects.filter(ambito=ambito, utente=utente, revocato_il__isnull=True).exists():
            membro = Membro.objects.create(ambito=ambito, utente=utente, ruolo=u.ruolo,
                                           ente=enti[u.ente] if u.ente else None)
            membro.comuni.set([comuni[c] for c in u.comuni])
        return utente

    def _atti(self, ambito: Ambito, demo: AmbitoDemo, enti: dict[str, Ente]) -> None:
        for a in demo.atti:
            if Atto.objects.filter(ambito=ambito, tipo=a.tipo, numero=a.numero, data=a.data).exists():
                continue
            titolo = f"{a.tipo.label} n. {a.numero} del {a.data:%d/%m/%Y}"
            documento = _pdf_demo(f"{a.numero}.pdf", [ambito.denominazione, "", titolo, "", a.oggetto, "",
                                                      "Documento dimostrativo."])
            atto = servizi_atti.atto_create(ambito=ambito, actor=None, tipo=a.tipo, numero=a.numero, data=a.data,
                                            oggetto=a.oggetto, ente_emittente=enti[a.ente] if a.ente else None,
                                            allegato=documento)
            if a.tipo == TipoAtto.ACCORDO_PROGRAMMA:  # the attachments panel with an annex and two versions
                servizi_atti.atto_allegato_set(atto=atto, actor=None, allegato=_pdf_demo(
                    "accordo-testo-coordinato.pdf", [titolo, "", "Testo coordinato con le modifiche del 2025."]))
                servizi_allegati.allegato_create(
                    oggetto=atto, actor=None, titolo="Allegato A - Elenco dei comuni aderenti",
                    file=_pdf_demo("allegato-a.pdf", ["Allegato A", "", "Comuni aderenti all'Accordo di programma."]))
            if a.pubblicato:
                servizi_atti.atto_publish(atto=atto, actor=None)

    def _area_pubblica(self, ambito: Ambito, utenti: dict[str, Utente]) -> None:
        """The published acts go to the public area for a period (the operatore asks, the responsabile approves:
        two-person approval), deliberations for a year and the others for 30 days; the unpublished determina
        is left with its request pending, for the responsabile to decide."""
        if RichiestaApprovazione.objects.filter(ambito=ambito).exists():
            return
        oggi = timezone.localdate()
        for atto in Atto.objects.filter(ambito=ambito).order_by("data", "pk"):
            dal = max(atto.data, oggi - dt.timedelta(days=10))
            giorni = 365 if atto.tipo in (TipoAtto.DELIBERAZIONE_ASSEMBLEA, TipoAtto.DGR) else 30
            richiesta = servizi_atti.atto_online_request(atto=atto, actor=utenti["operatore"], dal=dal,
                                                         al=oggi + dt.timedelta(days=giorni))
            if atto.pubblicato:
                # The seed stands in for the responsabile's TOTP-verified session.
                approvazioni.richiesta_approve(richiesta=richiesta, actor=utenti["responsabile"],
                                               secondo_fattore_verificato=True)

    # --- governance ---------------------------------------------------------------------------

    def _assemblea(self, ambito: Ambito, comuni_ambito: list[Comune], sindaco: Utente,
                   comuni: dict[str, Comune]) -> OrganoCollegiale:
        """The Assemblea dei Sindaci: one componente per comune ("Sindaco di …": names are not demo data)."""
        organo = OrganoCollegiale.objects.filter(ambito=ambito, tipo=TipoOrgano.ASSEMBLEA).first()
        if organo is None:
            organo = governance.organo_create(ambito=ambito, actor=None, tipo=TipoOrgano.ASSEMBLEA,
                                              nome="Assemblea dei Sindaci")
        collegato = Membro.objects.get(ambito=ambito, utente=sindaco, revocato_il__isnull=True).comuni.first()
        presenti = set(Componente.objects.filter(organo=organo).values_list("comune_id", flat=True))
        for comune in comuni_ambito:
            if comune.pk not in presenti:
                governance.componente_create(organo=organo, actor=None, nominativo=f"Sindaco di {comune.denominazione}",
                                             qualifica="Sindaco", valido_dal=SINDACI_DAL, comune=comune,
                                             utente=sindaco if comune == collegato else None)
        return organo

    def _seduta_votata(self, organo: OrganoCollegiale) -> None:
        """A closed seduta of Lodi's Assemblea: the 40 most populous comuni present, two items approved."""
        quando = dt.datetime(2026, 3, 12, 17, 30, tzinfo=timezone.get_current_timezone())
        if Seduta.objects.filter(organo=organo, data=quando).exists():
            return
        seduta = governance.seduta_create(organo=organo, actor=None, data=quando,
                                          luogo="Sede dell'Ufficio di Piano, Lodi")
        governance.punto_create(seduta=seduta, actor=None, oggetto="Comunicazioni del Presidente",
                                richiede_votazione=False)
        riparto = governance.punto_create(
            seduta=seduta, actor=None,
            oggetto="Approvazione dei criteri di riparto del Fondo Sociale Regionale 2025 (DGR XII/4793)")
        regolamento = governance.punto_create(
            seduta=seduta, actor=None,
            oggetto="Approvazione del regolamento di accesso ai servizi del Piano di Zona 2025-2027")
        componenti = sorted(Componente.objects.filter(organo=organo).select_related("comune"),
                            key=lambda c: (-(c.comune.popolazione or 0), c.comune.denominazione))
        presenti = componenti[:40]
        governance.seduta_presenze_set(seduta=seduta, actor=None, presenti=presenti)
        voti_riparto = [(c, ValoreVoto.FAVOREVOLE) for c in presenti[:35]]
        voti_riparto += [(c, ValoreVoto.CONTRARIO) for c in presenti[35:37]]
        voti_riparto += [(c, ValoreVoto.ASTENUTO) for c in presenti[37:]]
        governance.voti_record(punto=riparto, actor=None, voti=voti_riparto)
        governance.voti_record(punto=regolamento, actor=None, voti=[(c, ValoreVoto.FAVOREVOLE) for c in presenti])
        for punto in (riparto, regolamento):
            punto = governance.votazione_close(punto=punto, actor=None)
            if punto.esito == EsitoVotazione.APPROVATO and punto.atto is not None:
                servizi_atti.atto_publish(atto=punto.atto, actor=None)
        governance.seduta_close(seduta=seduta, actor=None)

    def _seduta_convocata(self, organo: OrganoCollegiale) -> None:
        """An upcoming seduta of Sesto's Assemblea, with its agenda."""
        quando = dt.datetime(2027, 1, 21, 17, 0, tzinfo=timezone.get_current_timezone())
        if Seduta.objects.filter(organo=organo, data=quando).exists():
            return
        seduta = governance.seduta_create(organo=organo, actor=None, data=quando,
                                          luogo="Sala consiliare, Sesto San Giovanni")
        for oggetto in ("Stato di attuazione del Piano di Zona 2025-2027",
                        "Approvazione del piano di utilizzo del Fondo Povertà (quota servizi)"):
            governance.punto_create(seduta=seduta, actor=None, oggetto=oggetto)

    # --- second factor and summary ------------------------------------------------------------

    def _totp(self) -> None:
        for indirizzo, segreto in SEGRETI_TOTP.items():
            utente = Utente.objects.get(email=indirizzo)
            # django-two-factor-auth asks for the code only of the device named "default".
            TOTPDevice.objects.filter(user=utente).exclude(name="default").delete()
            TOTPDevice.objects.update_or_create(user=utente, name="default",
                                                defaults={"key": segreto.hex(), "confirmed": True})

    def _moduli(self) -> None:
        """Demo data of the domain modules (ambito.demo registry), for every demo Ambito."""
        for demo in AMBITI:
            ambito = Ambito.objects.get(slug=demo.slug)
            responsabile = Utente.objects.get(email=email("responsabile", demo.slug))
            moduli = esegui_demo(ambito=ambito, actor=responsabile)
            if moduli:
                self.stdout.write(f"{ambito}: dati dimostrativi di {', '.join(moduli)}")

    def _stampa_accessi(self, admin: Utente) -> None:
        riga = "{:<26} {:<38} {:<7} {}"
        self.stdout.write(self.style.SUCCESS("Dati dimostrativi pronti. Password per tutti: " + PASSWORD_DEMO))
        self.stdout.write(riga.format("E-MAIL", "RUOLO", "AMBITO", "TOTP (segreto base32)"))
        self.stdout.write(riga.format(admin.email, "Amministratore della piattaforma", "tutti",
                                      base32(SEGRETI_TOTP[ADMIN_EMAIL])))
        for demo in AMBITI:
            for u in demo.utenti:
                indirizzo = email(u.chiave, demo.slug)
                segreto = base32(SEGRETI_TOTP[indirizzo]) if indirizzo in SEGRETI_TOTP else "—"
                self.stdout.write(riga.format(indirizzo, str(Ruolo(u.ruolo).label), demo.slug, segreto))
        self.stdout.write("Codice TOTP corrente: manage.py demo_otp EMAIL")


def base32(segreto: bytes) -> str:
    return base64.b32encode(segreto).decode()


def _pdf_demo(nome: str, righe: list[str]) -> SimpleUploadedFile:
    """A one-page PDF with ``righe`` of text (Helvetica, WinAnsi): a readable demo document, written by hand
    so that the demo needs neither WeasyPrint's time nor a file of its own."""
    testo = "".join(f"({r.replace(chr(92), '').replace('(', '[').replace(')', ']')}) Tj T* " for r in righe)
    flusso = f"BT /F1 12 Tf 56 780 Td 16 TL {testo}ET".encode("cp1252", "replace")
    oggetti = [
        b"<</Type/Catalog/Pages 2 0 R>>",
        b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Resources<</Font<</F1 4 0 R>>>>/Contents 5 0 R>>",
        b"<</Type/Font/Subtype/Type1/BaseFont/Helvetica/Encoding/WinAnsiEncoding>>",
        b"<</Length %d>>stream\n" % len(flusso) + flusso + b"\nendstream",
    ]
    pdf, posizioni = b"%PDF-1.4\n", []
    for numero, corpo in enumerate(oggetti, 1):
        posizioni.append(len(pdf))
        pdf += b"%d 0 obj" % numero + corpo + b"endobj\n"
    xref = len(pdf)
    pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(oggetti) + 1)
    pdf += b"".join(b"%010d 00000 n \n" % posizione for posizione in posizioni)
    pdf += b"trailer<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (len(oggetti) + 1, xref)
    return SimpleUploadedFile(nome, pdf, content_type="application/pdf")
