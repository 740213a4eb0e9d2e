"""Benchmark of the returns and the Assemblea dashboards (issue 20) at 1,000,000 payment rows over five years,
60 comuni.

    createdb -h 127.0.0.1 -U postgres ambito_bench_rendic
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ambito_bench_rendic .venv/bin/python manage.py migrate
    DATABASE_URL=… .venv/bin/python bench/rendicontazione.py --righe 1000000 [--richieste 50]

The generator (idempotent: one Ambito per size, ``bench-rendic-<righe>``, built in one transaction or not at all)
creates with the ORM the small things — 60 comuni, the measure FNA B2 with one edition, strumento and bando per
year 2021–2025, one FNA assegnazione and quota per bando with its impegno, the mapping rows (strumento → SIUSS,
ISTAT; quota → ISTAT), a mayor (Assemblea) — and then set-based, one ``INSERT … SELECT`` per table, run as the
application role inside the Ambito's scope (row-level security, the same-Ambito triggers, foreign keys and unique
constraints check every row; no per-row history, as the monthly run's own bulk writes): beneficiari, domande (funded
and waiting, with their presentata/ammissibile events), one payment plan per funded domanda, a confirmed distinta per
bando and month, one line and one ``Pagamento`` per plan and month (``--righe`` in all), the fondi liquidazioni per
quota × comune × month the payments belong to (through the ledger's trigger: kept balances follow), each referencing
its run (``riferimento`` = the ``Distinta``, as ``erogazioni`` confirms a run: the B2 check reads the ledger through
it), and the SIUSS outbox row of every payment (``EventoSIUSS``). Then :func:`completa` (also run on a world built by
an older generator, adding only what is missing): an ISEE attestation with its DSU protocol per beneficiary, a SINA
assessment per domanda with a plan, the Ambito's SIUSS ente data. A world whose liquidazioni lack their run (older
generator) must be regenerated (the ledger is append-only): drop the bench database.

Then, same run: for each return (``b2_trimestrale``, ``siuss``, ``istat_spesa_sociale`` — by registry codice; "not
registered" otherwise) the time to produce the file (checks + writing in one pass, the job's own function; CSV where
offered, SIUSS as XML, its upload file — ``--formato CODICE=FORMATO`` to change) against the time PostgreSQL takes
to ``COPY (SELECT …) TO STDOUT`` the rows the file is made of (the selectors' own SQL — B2: the aggregate query;
SIUSS: one row per outbox event of the quarter with the person, plan, domanda, strumento, the undone flag, the latest
DSU protocol and SINA assessment, unnested from the selector's one-row-per-benefit query; the COPY of those
per-benefit rows is printed below it), and the ratio (target ≤ 3×); the B2 and SIUSS files are produced by the mayor
(their ISEE and health reads are logged against a person); the peak memory (tracemalloc, and the RSS high-water
mark) at ``--righe`` and at a tenth of it (flat); the dashboards (funds, measures) as a logged-in mayor through the
Django test client: median/p95 over ``--richieste`` requests and the queries per page (target p95 < 150 ms). As in
production: no ``DEBUG``, JIT off (the app's connection settings, for the productions and the COPY alike), the
worker's start-up objects frozen (``ambito.celery.congela_avvio``). Each production is rolled back, so the run can
be repeated; the tables it wrote are vacuumed before the next.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import statistics
import sys
import time
import tracemalloc
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ambito.settings")
os.environ.setdefault("DEBUG", "0")  # as in production: no query log kept (it holds each statement's SQL text)

import django

django.setup()

from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from ambito.atti.models import Atto, TipoAtto  # noqa: E402
from ambito.celery import congela_avvio  # noqa: E402
from ambito.tenancy import ambito_scope, cross_ambito  # noqa: E402
from ambito.tenancy.models import Ambito  # noqa: E402
from ambito.territorio.models import AppartenenzaComune, Comune  # noqa: E402
from fondi import services as fondi  # noqa: E402
from fondi.models import FonteFinanziamento, TipoDestinazione  # noqa: E402
from misure.models import (  # noqa: E402
    Bando,
    Beneficiario,
    Distinta,
    Domanda,
    EdizioneMisura,
    EventoDomanda,
    Misura,
    Pagamento,
    PianoErogazione,
    StatoBando,
    StatoDistinta,
    StatoDomanda,
    Strumento,
    StrumentoBando,
)
from misure.selectors import monitoraggio  # noqa: E402
from misure.selectors import siuss as misure_siuss  # noqa: E402
from rendicontazione import services as rendicontazione  # noqa: E402

ANNI = (2021, 2022, 2023, 2024, 2025)
COMUNI = 60
IBAN = "IT60X0542811101000000123456"
RITORNI = ("b2_trimestrale", "siuss", "istat_spesa_sociale")


class Rollback(Exception):
    pass


_PASSI: list[tuple[str, float]] = []


def _sql(sql: str, parametri=None):
    inizio = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(sql, parametri)
        risultato = cursor.fetchall() if cursor.description else None
    _PASSI.append((" ".join(sql.split()[:3]), time.perf_counter() - inizio))
    return risultato


def _clona(modello, modello_pk: int, sorgente: str, valori: dict[str, str], parametri: dict) -> None:
    """``INSERT INTO <modello> SELECT …`` one row per row of ``sorgente`` (aliased ``s``): every column copied
    from the template row ``modello_pk`` (alias ``t``) unless ``valori`` gives its SQL expression."""
    tabella = modello._meta.db_table
    colonne = [f.column for f in modello._meta.concrete_fields if f.column != "id"]
    espressioni = [valori.get(c, f"t.{c}") for c in colonne]
    _sql(f"INSERT INTO {tabella} ({', '.join(colonne)}) SELECT {', '.join(espressioni)} "
         f"FROM {tabella} t CROSS JOIN ({sorgente}) s WHERE t.id = %(modello)s ORDER BY 1",
         {**parametri, "modello": modello_pk})


def _analizza(*tabelle: str) -> None:
    """Fresh statistics (as the owner: ANALYZE by the application role is skipped with a warning)."""
    from ambito.tenancy.rls import come_proprietario

    with come_proprietario():
        for tabella in tabelle:
            _sql(f"ANALYZE {tabella}")


@contextlib.contextmanager
def _carico_in_blocco():
    """The three million-row tables (lines, payments, SIUSS outbox) are loaded as the tables' owner with the
    triggers skipped (replica mode: the per-row same-Ambito and foreign-key triggers made a 1M-row load take
    ~10 minutes on the shared machine), as bench/fondi.py loads its movements; every row is derived in SQL from
    rows that were checked on insert, and :func:`_verifica` re-checks the references afterwards."""
    from ambito.tenancy.rls import come_proprietario

    with come_proprietario():
        _sql("SET LOCAL session_replication_role = replica")
        try:
            yield
        finally:
            _sql("SET LOCAL session_replication_role = origin")


def _verifica(ambito: Ambito) -> None:
    """Every bulk-loaded row references rows of its own Ambito (what the skipped triggers check)."""
    (errate,) = _sql("""SELECT
        (SELECT count(*) FROM misure_rigadistinta r JOIN misure_pianoerogazione p ON p.id = r.piano_id
           JOIN misure_distinta d ON d.id = r.distinta_id
           WHERE r.ambito_id = %(a)s AND (p.ambito_id <> %(a)s OR d.ambito_id <> %(a)s))
      + (SELECT count(*) FROM misure_pagamento g LEFT JOIN misure_domanda d ON d.id = g.domanda_id
           LEFT JOIN misure_beneficiario b ON b.id = g.beneficiario_id
           LEFT JOIN fondi_movimento m ON m.id = g.movimento_id_fondi
           WHERE g.ambito_id = %(a)s AND (d.ambito_id IS DISTINCT FROM %(a)s OR b.ambito_id IS DISTINCT FROM %(a)s
             OR m.ambito_id IS DISTINCT FROM %(a)s))
      + (SELECT count(*) FROM misure_eventosiuss e LEFT JOIN misure_pianoerogazione p ON p.id = e.piano_id
           WHERE e.ambito_id = %(a)s AND p.ambito_id IS DISTINCT FROM %(a)s)""", {"a": ambito.pk})[0]
    (pagato, liquidato) = _sql("""SELECT (SELECT sum(importo) FROM misure_pagamento WHERE ambito_id = %(a)s),
        (SELECT sum(importo) FROM fondi_movimento WHERE ambito_id = %(a)s AND tipo = 'liquidazione')""",
                               {"a": ambito.pk})[0]
    if errate or pagato != liquidato:
        raise RuntimeError(f"bulk load inconsistent: {errate} bad references, paid {pagato} vs ledger {liquidato}")


# -- the world -------------------------------------------------------------------------------------------------


def _ambito(slug: str, serie: str) -> tuple[Ambito, list[Comune]]:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from ambito.accounts.models import Membro, Ruolo, Utente

    ambito, _ = Ambito.objects.get_or_create(slug=slug, defaults={"denominazione": f"Ambito {slug}",
                                                                  "codice": slug.upper()[:20]})
    with cross_ambito("bench: build comuni and the mayor"):
        if not AppartenenzaComune.objects.filter(ambito=ambito).exists():
            for i in range(COMUNI):
                c, _ = Comune.objects.get_or_create(codice_istat=f"B{serie}{i:04d}", defaults={
                    "denominazione": f"Comune bench {serie}.{i:02d}", "sigla_provincia": "XX",
                    "codice_catastale": f"{serie}{i:03d}", "popolazione": 2000 + 211 * i, "popolazione_anno": 2024})
                AppartenenzaComune.objects.create(ambito=ambito, comune=c, valido_dal=dt.date(2000, 1, 1))
        utente, creato = Utente.objects.get_or_create(email=f"sindaco@{slug}.invalid", defaults={"first_name": "S"})
        if creato:
            Membro.objects.create(ambito=ambito, utente=utente, ruolo=Ruolo.ASSEMBLEA)
            TOTPDevice.objects.create(user=utente, name="default", confirmed=True)
        comuni = list(Comune.objects.filter(codice_istat__startswith=f"B{serie}").order_by("codice_istat"))
    return ambito, comuni


def prepara(righe: int) -> Ambito:
    # Each size has its own comuni (a comune belongs to one Ambito at a time): one size per order of magnitude.
    ambito, comuni = _ambito(f"bench-rendic-{righe}", str(len(str(righe))))
    fondi.fonti_seed()
    with ambito_scope(ambito):
        if Pagamento.objects.filter(ambito=ambito).exists():
            return ambito
        inizio = time.perf_counter()
        print(f"generating {righe:,} payment rows in {ambito.slug}…", flush=True)
        with transaction.atomic():
            _genera(ambito, comuni, righe)
        print(f"  generated in {time.perf_counter() - inizio:.1f} s; slowest statements: "
              + ", ".join(f"{n} {t:.1f} s" for n, t in sorted(_PASSI, key=lambda x: -x[1])[:6]), flush=True)
    _analizza("misure_pagamento", "misure_rigadistinta", "misure_eventosiuss", "misure_domanda",
              "misure_pianoerogazione", "misure_beneficiario", "misure_eventodomanda", "fondi_movimento")
    return ambito


def completa(ambito: Ambito) -> None:
    """What the returns' pre-flight needs beyond the payments, added when missing (a world built by an older
    generator is completed in place): an ISEE attestation with its DSU protocol per beneficiary (B2: the value;
    SIUSS: the protocol), a SINA assessment per domanda with a plan (SIUSS, area 2), the Ambito's SIUSS ente
    data. The liquidazioni must reference their run (the B2 check reads the ledger through it): a world built
    before that has to be regenerated (the ledger is append-only)."""

    from misure.models import AttestazioneISEE, Valutazione
    from rendicontazione import selectors as rendicontazione_selectors

    with ambito_scope(ambito), transaction.atomic():
        tipo = ContentType.objects.get_for_model(Distinta)
        (senza_riferimento,) = _sql("SELECT count(*) FROM fondi_movimento WHERE ambito_id = %s AND tipo = "
                                    "'liquidazione' AND content_type_id IS DISTINCT FROM %s",
                                    [ambito.pk, tipo.pk])[0]
        if senza_riferimento:
            raise SystemExit(f"{ambito.slug}: {senza_riferimento} liquidazioni without their run (built by an older "
                             "generator): drop the bench database (or the Ambito) and run again")
        inizio = time.perf_counter()
        if not AttestazioneISEE.objects.filter(ambito=ambito).exists():
            primo = Beneficiario.objects.filter(ambito=ambito).order_by("pk").first()
            (modello,) = AttestazioneISEE.objects.bulk_create([AttestazioneISEE(
                ambito=ambito, beneficiario=primo, tipo_isee="sociosanitario", valore_isee=Decimal("9000.00"),
                protocollo_dsu="TEMPLATE", anno_dsu=2025, rilasciata_il=dt.date(2025, 1, 15),
                scade_il=dt.date(2025, 12, 31))])
            _clona(AttestazioneISEE, modello.pk, "SELECT id FROM misure_beneficiario WHERE ambito_id = %(a)s", {
                "beneficiario_id": "s.id", "valore_isee": "4000 + (s.id %% 300) * 100",
                "protocollo_dsu": "'INPS-ISEE-2025-' || lpad(s.id::text, 12, '0')"}, {"a": ambito.pk})
            _sql("DELETE FROM misure_attestazioneisee WHERE id = %s", [modello.pk])
            print(f"  {ambito.slug}: ISEE attestations added", flush=True)
        if not Valutazione.objects.filter(ambito=ambito).exists():
            prima = Domanda.objects.filter(ambito=ambito, piano_erogazione__isnull=False).order_by("pk").first()
            (modello,) = Valutazione.objects.bulk_create([Valutazione(
                ambito=ambito, domanda=prima, strumento="svama", punteggio=Decimal("12.00"),
                data=dt.date(2020, 11, 15), uvm_asst=True, sina_mobilita=2, sina_attivita_quotidiane=3,
                sina_disturbi_cognitivi=2, sina_bisogni_sanitari=2, sina_rete_supporto=2, sina_area_reddituale="2")])
            _clona(Valutazione, modello.pk, "SELECT domanda_id AS id, mese_inizio FROM misure_pianoerogazione "
                                            "WHERE ambito_id = %(a)s", {
                "domanda_id": "s.id", "data": "s.mese_inizio - 30", "uvm_asst": "s.id %% 2 = 0",
                "strumento": "CASE WHEN s.id %% 2 = 0 THEN 'svama' ELSE 'adl' END",
                "sina_mobilita": "1 + s.id %% 4", "sina_attivita_quotidiane": "1 + (s.id / 4) %% 4",
                "sina_disturbi_cognitivi": "1 + (s.id / 16) %% 4", "sina_rete_supporto": "1 + (s.id / 64) %% 4",
                "sina_area_reddituale": "(1 + (s.id / 256) %% 3)::text"},
                {"a": ambito.pk})
            _sql("DELETE FROM misure_valutazione WHERE id = %s", [modello.pk])
            print(f"  {ambito.slug}: SINA assessments added", flush=True)
        if Valutazione.objects.filter(ambito=ambito, sina_area_reddituale="").exists():  # an older world
            _sql("UPDATE misure_valutazione SET sina_area_reddituale = (1 + (domanda_id / 256) %% 3)::text "
                 "WHERE ambito_id = %s AND sina_area_reddituale = ''", [ambito.pk])
            print(f"  {ambito.slug}: SINA income area recorded", flush=True)
        if rendicontazione_selectors.configurazione_waas(ambito=ambito) is None:
            rendicontazione.configurazione_waas_set(ambito=ambito, actor=None, codice_ente=ambito.codice[:32],
                                                    belfiore_ente="F205", cf_operatore="RSSMRA80A01E648X",
                                                    denominazione_ente=ambito.denominazione[:100])
        if time.perf_counter() - inizio > 1:
            print(f"  completed in {time.perf_counter() - inizio:.1f} s", flush=True)
    _analizza("misure_attestazioneisee", "misure_valutazione")


def _utente(ambito: Ambito):
    """The person producing the returns (the B2 and SIUSS jobs log their ISEE and health reads against her)."""
    from ambito.accounts.models import Utente

    with cross_ambito("bench: the producing user"):
        return Utente.objects.get(email=f"sindaco@{ambito.slug}.invalid")


def _genera(ambito: Ambito, comuni: list[Comune], righe: int) -> None:
    per_anno = max(1, righe // (12 * len(ANNI)))  # plans per year, each paid 12 months
    in_attesa = per_anno // 10  # eligible, not financed: the waiting list
    n_ben = per_anno + per_anno // 2
    fonte = FonteFinanziamento.objects.get(codice="FNA")
    atto = Atto.objects.create(ambito=ambito, tipo=TipoAtto.DECRETO_REGIONALE, numero="BENCH-R",
                               data=dt.date(2020, 12, 1), oggetto="Bench rendicontazione")
    misura = Misura.objects.create(ambito=ambito, codice="b2", nome="FNA — Misura B2", fonte=fonte)
    bandi, strumenti_bando, quote = [], [], []
    for anno in ANNI:
        edizione = EdizioneMisura.objects.create(ambito=ambito, misura=misura, titolo=f"B2 {anno}",
                                                 annualita=anno - 1, esercizio=anno)
        strumento = Strumento.objects.create(ambito=ambito, edizione=edizione, codice="caregiver",
                                             nome="Buono caregiver", importo_mensile=Decimal("400.00"), mesi=12)
        bando = Bando.objects.create(ambito=ambito, edizione=edizione, titolo=f"B2 {anno}",
                                     stato=StatoBando.PUBBLICATO)
        sb = StrumentoBando.objects.create(ambito=ambito, bando=bando, strumento=strumento,
                                           importo_mensile=Decimal("400.00"), mesi=12)
        a = fondi.assegnazione_create(ambito=ambito, fonte=fonte, descrizione=f"FNA {anno - 1}", annualita=anno - 1,
                                      esercizio=anno, importo=Decimal("900000000.00"),
                                      data_assegnazione=dt.date(anno, 1, 2), atto=atto, actor=None)
        q = fondi.quota_create(assegnazione=a, tipo_destinazione=TipoDestinazione.BANDO, descrizione=f"B2 {anno}",
                               importo=Decimal("800000000.00"), atto=atto, data_contabile=dt.date(anno, 1, 2),
                               actor=None, oggetto=bando)
        codici = {"istat_area": "DIS", "istat_servizio": "HEALTHV", "siuss_area_utenza": "2",
                  "siuss_codice_prestazione": "A1.13.04", "macroarea_pdz": "D"}
        rendicontazione.voce_mappatura_create(ambito=ambito, actor=None, tipo_oggetto="misure.strumento",
                                              chiave_oggetto=str(strumento.pk), descrizione=f"B2 {anno}",
                                              b2_strumento="BCF", **codici)
        rendicontazione.voce_mappatura_create(ambito=ambito, actor=None, tipo_oggetto="fondi.quota",
                                              chiave_oggetto=str(q.pk), descrizione=f"B2 {anno}", **codici)
        bandi.append(bando)
        strumenti_bando.append(sb)
        quote.append(q)
        Distinta.objects.bulk_create([Distinta(
            ambito=ambito, bando=bando, mese=dt.date(anno, m, 1), chiave=f"bando-{bando.pk}:{anno}-{m:02d}",
            stato=StatoDistinta.CONFERMATA, atto=atto) for m in range(1, 13)])

    id_comuni = [c.pk for c in comuni]
    # Beneficiari: a template row cloned n_ben times (comune round robin), then removed.
    (modello_b,) = Beneficiario.objects.bulk_create([Beneficiario(
        ambito=ambito, comune=comuni[0], codice_fiscale="BRTEMPLATE000000", cognome="Bench", nome="Persona",
        sesso="F", data_nascita=dt.date(1945, 3, 1), luogo_nascita_belfiore="F205", iban=IBAN)])
    _clona(Beneficiario, modello_b.pk, "SELECT g FROM generate_series(0, %(n)s - 1) g", {
        "comune_id": "(%(comuni)s::bigint[])[s.g %% 60 + 1]",
        "codice_fiscale": "'BR' || lpad(s.g::text, 14, '0')", "cognome": "'Bench' || s.g",
        "data_nascita": "date '1930-01-01' + (s.g %% 20000)"}, {"n": n_ben, "comuni": id_comuni})
    print(f"  beneficiari: {n_ben:,}", flush=True)

    # Domande: per year, per_anno funded (attiva this year, cessata before) and in_attesa eligible.
    modello_d = Domanda.objects.bulk_create([Domanda(
        ambito=ambito, comune=comuni[0], bando=bandi[0], strumento=strumenti_bando[0], beneficiario=modello_b,
        stato=StatoDomanda.ATTIVA, protocollo_anno=1999, protocollo_numero=1, isee_tipo="ordinario",
        isee_valore=Decimal("9000.00"), isee_scadenza=dt.date(2030, 1, 1),
        presentata_il=dt.datetime(2020, 1, 1, tzinfo=dt.UTC))])[0]
    for k, anno in enumerate(ANNI):
        ultimo = anno == ANNI[-1]
        _clona(Domanda, modello_d.pk, """
            SELECT g, b.id AS beneficiario_id, b.comune_id FROM generate_series(0, %(n)s - 1) g
            JOIN misure_beneficiario b ON b.ambito_id = %(ambito)s
              AND b.codice_fiscale = 'BR' || lpad(((g + %(spostamento)s) %% %(n_ben)s)::text, 14, '0')""", {
            "bando_id": "%(bando)s", "strumento_id": "%(sb)s", "beneficiario_id": "s.beneficiario_id",
            "comune_id": "s.comune_id",
            "stato": f"CASE WHEN s.g < %(finanziate)s THEN '{'attiva' if ultimo else 'cessata'}' ELSE "
                     "'ammissibile' END",
            "protocollo_anno": "%(anno)s", "protocollo_numero": "s.g + 1",
            "presentata_il": "make_timestamptz(%(anno)s - 1, 12, 1, 9, 0, 0) + (s.g %% 28) * interval '1 day'",
            "chiusa_il": "NULL" if ultimo else "CASE WHEN s.g < %(finanziate)s THEN "
                                              "make_timestamptz(%(anno)s, 12, 31, 18, 0, 0) END",
            "isee_valore": "5000 + (s.g %% 200) * 100", "isee_scadenza": "make_date(%(anno)s + 1, 1, 31)",
            "codice_pubblico": "''"},
            {"n": per_anno + in_attesa, "ambito": ambito.pk, "spostamento": k * (per_anno // 2), "n_ben": n_ben,
             "bando": bandi[k].pk, "sb": strumenti_bando[k].pk, "finanziate": per_anno, "anno": anno})
    _sql("DELETE FROM misure_domanda WHERE id = %s", [modello_d.pk])
    print(f"  domande: {(per_anno + in_attesa) * len(ANNI):,}", flush=True)

    # Their events: presented, then eligible 5–44 days later (the dashboard's time to decision).
    modello_e = EventoDomanda.objects.bulk_create([EventoDomanda(
        ambito=ambito, domanda=Domanda.objects.filter(ambito=ambito).first(), da_stato="",
        a_stato=StatoDomanda.PRESENTATA, quando=dt.datetime(2020, 1, 1, tzinfo=dt.UTC))])[0]
    for a_stato, dopo in (("presentata", "0"), ("ammissibile", "(5 + s.id %% 40) * interval '1 day'")):
        _clona(EventoDomanda, modello_e.pk, "SELECT d.id, d.presentata_il FROM misure_domanda d "
                                            "WHERE d.ambito_id = %(ambito)s", {
            "domanda_id": "s.id", "da_stato": "''" if a_stato == "presentata" else "'presentata'",
            "a_stato": f"'{a_stato}'", "quando": f"s.presentata_il + {dopo}" if dopo != "0" else "s.presentata_il"},
            {"ambito": ambito.pk})
    _sql("DELETE FROM misure_eventodomanda WHERE id = %s", [modello_e.pk])

    # One plan per funded domanda: 12 months of the bando's year, 300–500 € a month.
    modello_p = PianoErogazione.objects.bulk_create([PianoErogazione(
        ambito=ambito, comune=comuni[0], domanda=Domanda.objects.filter(ambito=ambito, stato="ammissibile").first(),
        beneficiario=modello_b, strumento=strumenti_bando[0], quota=quote[0], mese_inizio=dt.date(2020, 1, 1),
        mese_fine=dt.date(2020, 12, 1), importo_mensile=Decimal("400.00"), totale=Decimal("4800.00"),
        intestatario="Bench", iban=IBAN)])[0]
    _clona(PianoErogazione, modello_p.pk, """
        SELECT d.id, d.beneficiario_id, d.comune_id, d.bando_id, d.strumento_id, d.stato,
               q.quota_id, d.protocollo_anno AS anno
        FROM misure_domanda d JOIN unnest(%(bandi)s::bigint[], %(quote)s::bigint[]) AS q(bando_id, quota_id)
          ON q.bando_id = d.bando_id
        WHERE d.ambito_id = %(ambito)s AND d.stato IN ('attiva', 'cessata')""", {
        "domanda_id": "s.id", "beneficiario_id": "s.beneficiario_id", "comune_id": "s.comune_id",
        "strumento_id": "s.strumento_id", "quota_id": "s.quota_id", "mese_inizio": "make_date(s.anno, 1, 1)",
        "mese_fine": "make_date(s.anno, 12, 1)", "importo_mensile": "300 + (s.id %% 5) * 50",
        "totale": "(300 + (s.id %% 5) * 50) * 12",
        "stato": "CASE WHEN s.stato = 'attiva' THEN 'attivo' ELSE 'cessato' END",
        "cessato_dal": "CASE WHEN s.stato = 'cessata' THEN make_date(s.anno, 12, 31) END",
        "intestatario": "'Bench ' || s.beneficiario_id"},
        {"ambito": ambito.pk, "bandi": [b.pk for b in bandi], "quote": [q.pk for q in quote]})
    _sql("DELETE FROM misure_pianoerogazione WHERE id = %s", [modello_p.pk])
    _sql("DELETE FROM misure_beneficiario WHERE id = %s", [modello_b.pk])

    # The commitment of each quota: the total of its plans.
    for q in quote:
        (totale,) = _sql("SELECT coalesce(sum(totale), 0) FROM misure_pianoerogazione WHERE quota_id = %s", [q.pk])[0]
        fondi.impegno_create(quota=q, importo=totale, data_contabile=q.assegnazione.data_assegnazione, actor=None,
                             atto=atto)

    # One line per plan and month of the confirmed runs.
    with _carico_in_blocco():
        _sql("""
        INSERT INTO misure_rigadistinta (ambito_id, distinta_id, comune_id, piano_id, importo, giorni, esclusa,
            motivo_esclusione)
        SELECT p.ambito_id, d.id, p.comune_id, p.id, p.importo_mensile,
               extract(day FROM d.mese + interval '1 month' - interval '1 day')::int, false, ''
        FROM misure_pianoerogazione p JOIN misure_strumentobando sb ON sb.id = p.strumento_id
        JOIN misure_distinta d ON d.bando_id = sb.bando_id
        WHERE p.ambito_id = %(a)s ORDER BY d.mese, p.id""", {"a": ambito.pk})

    _analizza("misure_rigadistinta", "misure_pianoerogazione", "misure_distinta", "misure_domanda")
    # The fondi liquidazione of each quota × comune × month (the ledger's trigger keeps the balances).
    _sql("""
        INSERT INTO fondi_movimento (ambito_id, assegnazione_id, quota_id, tipo, voce, segno, importo,
            data_contabile, atto_id, comune_id, descrizione, motivo, creato_il, content_type_id, object_id)
        SELECT %(a)s, q.assegnazione_id, q.id, 'liquidazione', 'liquidato', 1, sum(r.importo), d.mese + 9,
               %(atto)s, r.comune_id, 'Distinta ' || to_char(d.mese, 'MM/YYYY'), '', now(), %(ct)s, d.id
        FROM misure_rigadistinta r JOIN misure_distinta d ON d.id = r.distinta_id
        JOIN misure_pianoerogazione p ON p.id = r.piano_id JOIN fondi_quota q ON q.id = p.quota_id
        WHERE r.ambito_id = %(a)s GROUP BY q.assegnazione_id, q.id, d.id, d.mese, r.comune_id
        ORDER BY d.mese, q.id, r.comune_id""", {"a": ambito.pk, "atto": atto.pk,
                                                "ct": ContentType.objects.get_for_model(Distinta).pk})

    _analizza("fondi_movimento", "misure_rigadistinta")  # the joins below are planned on the loaded rows
    # The payments, each with its liquidazione (as the run's own INSERT … SELECT).
    with _carico_in_blocco():
        _sql("""
        INSERT INTO misure_pagamento (ambito_id, comune_id, distinta_id, piano_id, domanda_id, beneficiario_id, mese,
            importo, giorni, tipo_destinatario, ente_id, intestatario, iban, movimento_id_fondi)
        SELECT r.ambito_id, r.comune_id, r.distinta_id, r.piano_id, p.domanda_id, p.beneficiario_id, d.mese,
               r.importo, r.giorni, p.tipo_destinatario, p.ente_id, p.intestatario, p.iban, m.id
        FROM misure_rigadistinta r JOIN misure_distinta d ON d.id = r.distinta_id
        JOIN misure_pianoerogazione p ON p.id = r.piano_id
        JOIN fondi_movimento m ON m.ambito_id = r.ambito_id AND m.tipo = 'liquidazione' AND m.quota_id = p.quota_id
          AND m.comune_id = r.comune_id AND m.data_contabile = d.mese + 9
        WHERE r.ambito_id = %(a)s ORDER BY r.id""", {"a": ambito.pk})
        # The SIUSS outbox row of every payment (as erogazioni_db.siuss_pagamenti).
        _sql("""
        INSERT INTO misure_eventosiuss (ambito_id, tipo, chiave, beneficiario_id, piano_id, data, dati, creato_il)
        SELECT ambito_id, 'pagamento', 'pagamento-' || id, beneficiario_id, piano_id, mese,
               jsonb_build_object('mese', to_char(mese, 'YYYY-MM-DD'), 'importo', importo::text, 'giorni', giorni,
                                  'distinta', distinta_id), mese + 10
        FROM misure_pagamento WHERE ambito_id = %(a)s ORDER BY id""", {"a": ambito.pk})
    _verifica(ambito)
    _sql("""UPDATE misure_distinta d SET totale = x.totale, righe_incluse = x.n FROM (
              SELECT distinta_id, sum(importo) AS totale, count(*) AS n FROM misure_pagamento
              WHERE ambito_id = %(a)s GROUP BY 1) x WHERE x.distinta_id = d.id""", {"a": ambito.pk})


# -- the returns: production vs COPY, memory --------------------------------------------------------------------

# What each file is made of, as one query PostgreSQL can COPY out. B2: the very query of its selector (one row per
# beneficiary × strumento × comune aggregated from the quarter's payments, with the latest ISEE attestation).
_DA_B2 = monitoraggio._AGGREGATO
# SIUSS: the file's rows — one per outbox event of the quarter, with everything its record is made of (the person,
# plan, domanda, strumento, whether the payment was undone, the latest DSU protocol and SINA assessment) — made by
# PostgreSQL from the selector's own query (one row per benefit, its events as one text) unnested into one row per
# event, typed. The selector's rows themselves (one per benefit) are copied too, for the record
# (``_DA_SIUSS_PRESTAZIONI``).
_DA_SIUSS_PRESTAZIONI = misure_siuss.sql_prestazioni(filtro="e.data BETWEEN %(dal)s AND %(al)s", creato_il=False)
_DA_SIUSS = f"""
SELECT {', '.join('p.' + c for c in misure_siuss.CAMPI_PRESTAZIONE)}, u.*
FROM ({_DA_SIUSS_PRESTAZIONI}) AS p({', '.join((*misure_siuss.CAMPI_PRESTAZIONE, 'eventi', 'creati'))})
CROSS JOIN LATERAL (
    SELECT v[1]::bigint AS evento_id, v[2] AS tipo, v[3]::date AS data, nullif(v[4], '')::date AS dati_mese,
           nullif(v[5], '')::numeric(12, 2) AS dati_importo, nullif(v[6], '')::date AS dati_dal,
           v[7] = '1' AS annullato, v[8] AS chiave
    FROM unnest(string_to_array(p.eventi, chr(30))) AS t(evento), string_to_array(t.evento, chr(31)) AS v
) AS u"""
# The survey's figures are sums and distinct counts of the year's payments per comune and strumento.
_DA_ISTAT = """
    SELECT c.codice_istat, c.denominazione, sb.strumento_id, p.beneficiario_id, p.importo
    FROM misure_pagamento p JOIN ambito_comune c ON c.id = p.comune_id
    JOIN misure_pianoerogazione pe ON pe.id = p.piano_id JOIN misure_strumentobando sb ON sb.id = pe.strumento_id
    WHERE p.ambito_id = %(ambito)s AND p.mese BETWEEN %(dal)s AND %(al)s"""
FORMATI: dict[str, str] = {}  # --formato CODICE=FORMATO (default: CSV where offered; SIUSS's upload file is XML)
SORGENTI = {"b2_trimestrale": _DA_B2, "siuss": _DA_SIUSS, "istat_spesa_sociale": _DA_ISTAT}
# Printed below a return's line, for the record: the COPY of another shape of the same data.
SORGENTI_ALTRE = {"siuss": ("the selector's own rows, one per benefit", _DA_SIUSS_PRESTAZIONI)}


def copia(sql: str, parametri: dict) -> tuple[float, int, int]:
    """Seconds for PostgreSQL to ``COPY (sql) TO STDOUT`` (read to the end by psycopg), rows and bytes."""
    query = connection.ops.compose_sql(sql, parametri)
    connection.allinea_ambito()  # the Ambito's scope for row-level security (psycopg's copy bypasses Django)
    inizio = time.perf_counter()
    righe = byte = 0
    with connection.cursor() as cursor, cursor.cursor.copy(f"COPY ({query}) TO STDOUT") as copy:
        for blocco in copy:
            byte += len(blocco)
            righe += bytes(blocco).count(b"\n")
    return time.perf_counter() - inizio, righe, byte


def _periodo(ritorno) -> tuple[int, int]:
    from rendicontazione.registry import MESI_PER_PERIODO

    return ANNI[-1], 12 // MESI_PER_PERIODO[ritorno.periodicita]


def _rss_picco_azzera() -> None:
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")  # resets VmHWM to the current RSS


def _rss_picco_mb() -> float:
    for riga in Path("/proc/self/status").read_text().splitlines():
        if riga.startswith("VmHWM:"):
            return int(riga.split()[1]) / 1024
    return float("nan")


# The tables a production writes. Each production is rolled back: its rows stay as dead tuples, which autovacuum
# would remove (this machine's PostgreSQL runs without it). They are vacuumed before each timed production, so
# the tenth run does not pay for the nine before it.
TABELLE_SCRITTE = ("ambito_accessodatisensibili", "rendicontazione_invio", "rendicontazione_rigainvio", "ambito_job")


def _vacuum() -> None:
    import psycopg

    impostazioni = connection.settings_dict
    with psycopg.connect(host=impostazioni["HOST"], port=impostazioni["PORT"] or 5432, user=impostazioni["USER"],
                         password=impostazioni["PASSWORD"] or None, dbname=impostazioni["NAME"],
                         autocommit=True) as owner:
        for tabella in TABELLE_SCRITTE:
            owner.execute(f"VACUUM {tabella}")


def produci(ambito: Ambito, codice: str, *, memoria: bool = False) -> dict:
    """Produce the return for its last period of the last year (checks + file), as its job does; rolled back."""
    _vacuum()
    from ambito.jobs.esecuzione import ContestoJob
    from ambito.jobs.models import Job, StatoJob
    from ambito.jobs.registry import tipo_get
    from rendicontazione.registry import ritorno_get

    ritorno = ritorno_get(codice)
    anno, periodo = _periodo(ritorno)
    formato = FORMATI.get(codice) or ("csv" if "csv" in ritorno.formati else ritorno.formati[0])
    esito: dict = {"formato": formato, "anno": anno, "periodo": periodo}
    try:
        with ambito_scope(ambito), transaction.atomic():
            utente = _utente(ambito)
            invio = rendicontazione.invio_create(ambito=ambito, actor=utente, codice=codice, anno=anno,
                                                 periodo=periodo, formato=formato)
            Job.objects.filter(pk=invio.job.pk).update(stato=StatoJob.IN_CORSO, tentativi=1)
            invio.job.refresh_from_db()
            contesto = ContestoJob(job=invio.job, tipo=tipo_get(f"rendicontazione.{codice}"), actor=utente)
            if memoria:
                _rss_picco_azzera()
                rss = _rss_picco_mb()
                tracemalloc.start()
            inizio = time.perf_counter()
            try:
                nome, percorso = ritorno.produci(contesto)
                esito.update(secondi=time.perf_counter() - inizio, file=nome, byte=percorso.stat().st_size)
            except Exception as exc:  # reported, the bench goes on
                esito.update(secondi=time.perf_counter() - inizio, errore=f"{type(exc).__name__}: {exc}"[:300])
                invio.refresh_from_db()
                esito["anomalie"] = [a["messaggio"] for a in invio.anomalie if a["gravita"] == "errore"][:3]
            if memoria:
                esito["picco_mb"] = tracemalloc.get_traced_memory()[1] / 2**20
                tracemalloc.stop()
                esito["rss_mb"] = _rss_picco_mb() - rss
            contesto.pulisci()
            raise Rollback
    except Rollback:
        pass
    return esito


def ritorni_in_scala(piccolo: Ambito, grande: Ambito, ripetizioni: int) -> None:
    from rendicontazione.registry import Periodo, ritorni

    registrati = ritorni()
    print(f"\n{'return':<22} {'file s':>8} {'COPY s':>8} {'ratio':>7} {'COPY rows':>10} {'file MB':>8} "
          f"{'peak MB small':>14} {'peak MB large':>14} {'RSS+ small':>11} {'RSS+ large':>11}"
          f"   (load {os.getloadavg()[0]:.1f})")
    for codice in RITORNI:
        if codice not in registrati:
            print(f"{codice:<22} not registered")
            continue
        ritorno = registrati[codice]
        anno, periodo = _periodo(ritorno)
        p = Periodo(anno, periodo, ritorno.periodicita)
        esiti = [produci(grande, codice) for _ in range(ripetizioni)]
        if "errore" in esiti[-1]:
            print(f"{codice:<22} failed: {esiti[-1]['errore']} {esiti[-1].get('anomalie', '')}")
            continue
        file_s = statistics.median(e["secondi"] for e in esiti)
        with ambito_scope(grande):
            parametri = {"ambito": grande.pk, "misura": "b2", "dal": p.dal, "al": p.al}
            copie = [copia(SORGENTI[codice], parametri) for _ in range(ripetizioni)]
        copy_s = statistics.median(c[0] for c in copie)
        m_piccolo = produci(piccolo, codice, memoria=True)
        m_grande = produci(grande, codice, memoria=True)
        print(f"{codice:<22} {file_s:8.2f} {copy_s:8.2f} {file_s / copy_s:6.1f}x {copie[-1][1]:10,} "
              f"{esiti[-1]['byte'] / 2**20:8.1f} {m_piccolo.get('picco_mb', 0):14.1f} "
              f"{m_grande.get('picco_mb', 0):14.1f} {m_piccolo.get('rss_mb', 0):11.1f} "
              f"{m_grande.get('rss_mb', 0):11.1f}   ({esiti[-1]['formato']}, {p.etichetta})")
        if codice in SORGENTI_ALTRE:
            etichetta, sql = SORGENTI_ALTRE[codice]
            with ambito_scope(grande):
                altre = [copia(sql, parametri) for _ in range(ripetizioni)]
            altra_s = statistics.median(c[0] for c in altre)
            print(f"{'':<22} {'':>8} {altra_s:8.2f} {file_s / altra_s:6.1f}x {altre[-1][1]:10,}   "
                  f"(COPY of {etichetta})")


# -- the dashboards ----------------------------------------------------------------------------------------------


def _client(ambito: Ambito):
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, load_backend
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from ambito.accounts.models import Utente

    if "testserver" not in settings.ALLOWED_HOSTS:
        settings.ALLOWED_HOSTS.append("testserver")
    utente = Utente.objects.get(email=f"sindaco@{ambito.slug}.invalid")
    sessione = import_module(settings.SESSION_ENGINE).SessionStore()
    sessione[SESSION_KEY] = str(utente.pk)
    sessione[BACKEND_SESSION_KEY] = next(b for b in settings.AUTHENTICATION_BACKENDS
                                         if hasattr(load_backend(b), "get_user"))
    sessione[HASH_SESSION_KEY] = utente.get_session_auth_hash()
    sessione[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.get(user=utente).persistent_id
    sessione.create()
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = sessione.session_key
    return client


def _tempi(fn, ripetizioni: int) -> tuple[float, float, float, int]:
    """Median and p95 in ms over ``ripetizioni`` calls (after one warm-up), the median time spent in SQL, and the
    queries of the last one."""
    fn()
    tempi, sql, query = [], [], 0
    for _ in range(ripetizioni):
        with CaptureQueriesContext(connection) as ctx:
            inizio = time.perf_counter()
            fn()
            tempi.append((time.perf_counter() - inizio) * 1000)
        query = len(ctx.captured_queries)
        sql.append(sum(float(q["time"]) for q in ctx.captured_queries) * 1000)
    tempi.sort()
    return (statistics.median(tempi), tempi[min(len(tempi) - 1, round(0.95 * (len(tempi) - 1)))],
            statistics.median(sql), query)


def pagine(ambiti: list[Ambito], richieste: int) -> None:
    print(f"\n{'page (mayor, test client)':<44} {'payments':>10} {'p50 ms':>8} {'p95 ms':>8} {'SQL ms':>8} "
          f"{'queries':>8}   (load {os.getloadavg()[0]:.1f})")
    for ambito in ambiti:
        with cross_ambito("bench: counts"):
            n = Pagamento.objects.filter(ambito=ambito).count()
            misura = Misura.objects.filter(ambito=ambito).first()
        client = _client(ambito)
        base = f"/a/{ambito.slug}/rendicontazione"
        elenco = {
            "floor: the mapping list (10 rows)": f"{base}/mappatura/",
            "funds dashboard (today)": f"{base}/cruscotto/",
            "funds dashboard (30/06/2023)": f"{base}/cruscotto/?data=2023-06-30",
            # the domande of a year's bando are presented in the December before
            "measures dashboard (2024)": f"{base}/cruscotto/misure/?anno={ANNI[-1] - 1}",
            "measures dashboard (2022, B2)": f"{base}/cruscotto/misure/?anno=2022&misura={misura.pk}",
        }
        for nome, url in elenco.items():
            def richiesta(url=url, client=client):
                r = client.get(url)
                assert r.status_code == 200, (url, r.status_code)
            p50, p95, sql, query = _tempi(richiesta, richieste)
            print(f"{nome:<44} {n:10,} {p50:8.1f} {p95:8.1f} {sql:8.1f} {query:8d}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--righe", type=int, default=1_000_000, help="payment rows (a tenth is also built)")
    parser.add_argument("--richieste", type=int, default=50, help="requests per dashboard page")
    parser.add_argument("--ripetizioni", type=int, default=3, help="productions (and COPYs) per return")
    parser.add_argument("--sezioni", default="ritorni,pagine")
    parser.add_argument("--formato", action="append", default=["siuss=xml"],
                        help="CODICE=FORMATO of a return's file (repeatable; default siuss=xml, else csv)")
    args = parser.parse_args()
    FORMATI.update(dict(f.split("=", 1) for f in args.formato))
    inizio = time.perf_counter()
    piccolo = prepara(args.righe // 10)
    grande = prepara(args.righe)
    for ambito in (piccolo, grande):
        completa(ambito)
    print(f"data ready in {time.perf_counter() - inizio:.1f} s")
    with cross_ambito("bench: counts"):
        for ambito in (piccolo, grande):
            print(f"  {ambito.slug}: {Pagamento.objects.filter(ambito=ambito).count():,} payments, "
                  f"{PianoErogazione.objects.filter(ambito=ambito).count():,} plans, "
                  f"{Domanda.objects.filter(ambito=ambito).count():,} domande")
    if "ritorni" in args.sezioni:
        congela_avvio()  # as a worker process does when it starts (ambito/celery.py): the returns run in one
        ritorni_in_scala(piccolo, grande, args.ripetizioni)
    if "pagine" in args.sezioni:
        pagine([piccolo, grande], args.richieste)


if __name__ == "__main__":
    main()
