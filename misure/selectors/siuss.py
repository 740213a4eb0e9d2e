"""Read-only selectors over the SIUSS outbox (``EventoSIUSS``) for the SIUSS return and the WaaS feed.

rendicontazione imports this module; nothing here imports rendicontazione. The event rows are plain dicts
(one set-based query, streamed with a server-side cursor: memory stays flat whatever the number of events);
the sensitive parts — the DSU protocol of the beneficiary's ISEE and the SINA dimensions of the domanda's
assessment — are returned as model instances **per chunk**, because the caller must read them through the
core sensitive-read service (``ambito.audit.sensibili.leggi_sensibili_elenco``), which logs one row per object;
the certifications behind the civil-invalidity codes come as plain values (:func:`certificazioni_invalidita`) for
``leggi_sensibili_righe``. :func:`eventi_siuss_per_trimestre` counts the events still to send.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.db.models.functions import ExtractQuarter, ExtractYear

from ambito.tenancy.models import Ambito
from misure.codice_fiscale import maschera_codice_fiscale
from misure.models import AttestazioneISEE, Certificazione, EventoSIUSS, Indebito, TipoCertificazione, Valutazione

# The columns of one event row (the keys of the dicts :func:`eventi_siuss` yields).
CAMPI_EVENTO = {
    "evento_id": "pk",
    "chiave": "chiave",
    "tipo": "tipo",
    "data": "data",
    "dati": "dati",
    "creato_il": "creato_il",
    "beneficiario_id": "beneficiario_id",
    "codice_fiscale": "beneficiario__codice_fiscale",
    "cognome": "beneficiario__cognome",
    "nome": "beneficiario__nome",
    "data_nascita": "beneficiario__data_nascita",
    "luogo_nascita": "beneficiario__luogo_nascita_belfiore",
    "sesso": "beneficiario__sesso",
    "cittadinanza": "beneficiario__cittadinanza",
    "comune_istat": "beneficiario__comune__codice_istat",
    "comune_regione": "beneficiario__comune__codice_regione",
    "piano_id": "piano_id",
    "piano_mese_inizio": "piano__mese_inizio",
    "piano_mese_fine": "piano__mese_fine",
    "piano_importo_mensile": "piano__importo_mensile",
    "piano_cessato_dal": "piano__cessato_dal",
    "domanda_id": "piano__domanda_id",
    "protocollo_numero": "piano__domanda__protocollo_numero",
    "protocollo_anno": "piano__domanda__protocollo_anno",
    "isee_tipo": "piano__domanda__isee_tipo",
    "strumento_id": "piano__strumento__strumento_id",
    "strumento_nome": "piano__strumento__strumento__nome",
    "misura_nome": "piano__strumento__strumento__edizione__misura__nome",
}


def _eventi(*, ambito: Ambito) -> QuerySet[EventoSIUSS]:
    # A payment wholly undone afterwards (an indebito for its whole amount): the reader sends a cancellation.
    # Payments are unique per (domanda, month) and a plan has one domanda, so (plan, month) names the payment.
    annullato = Indebito.objects.filter(pagamento__piano_id=OuterRef("piano_id"), pagamento__mese=OuterRef("data"),
                                        importo=F("pagamento__importo"))
    return (EventoSIUSS.objects.filter(ambito=ambito)
            .annotate(annullato=Exists(annullato)))


def _righe(qs: QuerySet[EventoSIUSS]) -> Iterator[dict[str, Any]]:
    nomi = list(CAMPI_EVENTO)
    for valori in qs.values_list(*CAMPI_EVENTO.values(), "annullato").iterator(chunk_size=2000):
        riga = dict(zip(nomi, valori, strict=False))
        riga["annullato"] = valori[-1]
        yield riga


def eventi_siuss(*, ambito: Ambito, dal: dt.date, al: dt.date) -> Iterator[dict[str, Any]]:
    """The outbox events dated in [dal, al] as plain rows, grouped by beneficiary (ordered by beneficiary, date,
    id): one query, streamed."""
    qs = _eventi(ambito=ambito).filter(data__range=(dal, al)).order_by("beneficiario_id", "data", "pk")
    return _righe(qs)


def eventi_siuss_count(*, ambito: Ambito, dal: dt.date, al: dt.date) -> int:
    return EventoSIUSS.objects.filter(ambito=ambito, data__range=(dal, al)).count()


def eventi_siuss_per_trimestre(*, ambito: Ambito, dal: dt.date) -> list[tuple[int, int, int, int]]:
    """``(anno, trimestre, eventi, non ancora inviati)`` per quarter of the events dated from ``dal`` and of any
    quarter with events not sent yet, newest first (one query): the SIUSS page shows what still has to leave."""
    return list(EventoSIUSS.objects.filter(Q(data__gte=dal) | Q(inviato_il__isnull=True), ambito=ambito)
                .annotate(anno=ExtractYear("data"), trimestre=ExtractQuarter("data"))
                .values_list("anno", "trimestre")
                .annotate(n=Count("pk"), da_inviare=Count("pk", filter=Q(inviato_il__isnull=True)))
                .order_by("-anno", "-trimestre"))


def eventi_siuss_dopo(*, ambito: Ambito, dopo: tuple[dt.datetime, int] | None, limite: int
                      ) -> list[dict[str, Any]]:
    """Up to ``limite`` outbox events after the cursor (``creato_il``, id), in the order they were written (the
    WaaS feed): one query."""
    qs = _eventi(ambito=ambito)
    if dopo is not None:
        creato_il, pk = dopo
        qs = qs.filter(creato_il__gte=creato_il).exclude(creato_il=creato_il, pk__lte=pk)
    return list(_righe(qs.order_by("creato_il", "pk")[:limite]))


def eventi_siuss_per_id(*, ambito: Ambito, ids: Iterable[int]) -> list[dict[str, Any]]:
    """The rows of the given outbox events (one query)."""
    return list(_righe(_eventi(ambito=ambito).filter(pk__in=list(ids)).order_by("creato_il", "pk")))


def pagamenti_annullati(*, ambito: Ambito, fino_a: tuple[dt.datetime, int] | None) -> list[int]:
    """Ids of the payment events up to the cursor whose payment was wholly undone (one query): the WaaS feed sends
    them again as cancellations."""
    if fino_a is None:
        return []
    creato_il, pk = fino_a
    qs = (_eventi(ambito=ambito).filter(tipo="pagamento", annullato=True, creato_il__lte=creato_il)
          .exclude(creato_il=creato_il, pk__gt=pk))
    return list(qs.values_list("pk", flat=True).order_by("pk"))


def attestazioni_dsu(*, ambito: Ambito, beneficiario_ids: Iterable[int]) -> list[AttestazioneISEE]:
    """The latest ISEE attestation of each of the beneficiaries (one query), loaded with just what the DSU
    reading needs. Sensitive: the caller reads ``protocollo_dsu``/``anno_dsu`` through the sensitive-read
    service."""
    return list(AttestazioneISEE.objects.filter(ambito=ambito, beneficiario_id__in=list(beneficiario_ids))
                .select_related("beneficiario")
                .only("pk", "ambito_id", "beneficiario_id", "beneficiario__codice_fiscale", "protocollo_dsu",
                      "anno_dsu", "rilasciata_il")
                .order_by("beneficiario_id", "-rilasciata_il", "-pk").distinct("beneficiario_id"))


CAMPI_SINA = ("sina_mobilita", "sina_attivita_quotidiane", "sina_disturbi_cognitivi", "sina_bisogni_sanitari",
              "sina_rete_supporto", "sina_area_reddituale")


def valutazioni_sina(*, ambito: Ambito, domanda_ids: Iterable[int]) -> list[Valutazione]:
    """The latest assessment of each of the domande (one query), with its SINA dimensions. Sensitive (health):
    the caller reads the ``sina_*`` fields through the sensitive-read service."""
    return list(Valutazione.objects.filter(ambito=ambito, domanda_id__in=list(domanda_ids))
                .select_related("domanda__beneficiario")
                .only("pk", "ambito_id", "domanda_id", "domanda__beneficiario__codice_fiscale", "strumento",
                      "uvm_asst", "data", *CAMPI_SINA)
                .order_by("domanda_id", "-data", "-pk").distinct("domanda_id"))


# The certifications the SIUSS InvCiv codes are made of (a sensory disability has no code of its own).
TIPI_INVALIDITA = (TipoCertificazione.INVALIDITA, TipoCertificazione.ACCOMPAGNAMENTO, TipoCertificazione.NPI,
                   TipoCertificazione.L104_C1, TipoCertificazione.L104_C3)
CAMPI_INVALIDITA = ("tipo_certificazione", "percentuale_invalidita")
MODELLO_INVALIDITA = Certificazione  # the model the sensitive-read log names for these rows (no instance is built)


def certificazioni_invalidita(*, ambito: Ambito, beneficiario_ids: Iterable[int], al: dt.date
                              ) -> list[dict[str, Any]]:
    """The certifications of the beneficiaries dated by ``al`` that the SIUSS civil-invalidity codes read, as plain
    rows (one query, no model instance): ``pk``, ``ambito_id``, ``beneficiario_id``, ``data``, ``interessato``
    (the masked codice fiscale) and the sensitive ``valori`` (type, percentage). Sensitive (disability): the caller
    reads ``valori`` through ``ambito.audit.sensibili.leggi_sensibili_righe``."""
    righe = (Certificazione.objects.filter(ambito=ambito, beneficiario_id__in=list(beneficiario_ids), data__lte=al,
                                           tipo_certificazione__in=TIPI_INVALIDITA)
             .values_list("pk", "ambito_id", "beneficiario_id", "data", "beneficiario__codice_fiscale",
                          *CAMPI_INVALIDITA)
             .order_by("beneficiario_id", "data", "pk"))
    return [{"pk": pk, "ambito_id": ambito_id, "beneficiario_id": beneficiario_id, "data": data,
             "interessato": maschera_codice_fiscale(codice_fiscale),
             "valori": {"tipo_certificazione": tipo, "percentuale_invalidita": percentuale}}
            for pk, ambito_id, beneficiario_id, data, codice_fiscale, tipo, percentuale in righe]


def nomi_beneficiari(*, ambito: Ambito, ids: Iterable[int]) -> dict[int, str]:
    """``{id: "Cognome Nome"}`` of the beneficiaries visible in the scope (one query): the SIUSS page names the
    people its flows are about."""
    from misure.models import Beneficiario

    return {pk: f"{cognome} {nome}" for pk, cognome, nome in Beneficiario.objects
            .filter(ambito=ambito, pk__in=list(ids)).values_list("pk", "cognome", "nome")}


def domande_con_piano_senza_sina(*, ambito: Ambito) -> list[Any]:
    """The domande with a payment plan and no assessment with the SINA mobility dimension (the demo completes
    them so its SIUSS file has the SINA block): one query."""
    from misure.models import Domanda

    con_sina = Valutazione.objects.filter(domanda_id=OuterRef("pk"), sina_mobilita__isnull=False)
    return list(Domanda.objects.filter(ambito=ambito, piano_erogazione__isnull=False)
                .exclude(Exists(con_sina)).select_related("bando").order_by("pk"))
