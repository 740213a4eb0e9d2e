"""Demo data of the misure module: domande — about 200 on the B2 2025 bando of the Ambito di Lodi.

Runs after the bandi and beneficiari parts, which put ``bando_b2`` (the published B2 2025 bando) and
``beneficiari`` (fictitious people across the comuni) in ``contesto``. Every domanda goes through the services,
so protocol numbers, rule outcomes, timelines and notifications are real: the residents of a comune with a demo
assistente sociale are filed by them (they see their comune's domande on their home page), the others by the
office. Declared data come from each person's ISEE attestation, certifications and declared benefits.
States are spread as in a bando a few weeks into its istruttoria: drafts, submitted, in istruttoria,
integrazioni asked and answered, suspended, decided (ammissibile or, when the rules say so, non ammissibile
with the failing lines as reason), a few withdrawn.
"""

from __future__ import annotations

import datetime as dt
import logging
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from ambito.accounts.models import Membro, Ruolo, Utente
from ambito.errors import RegolaViolata
from ambito.formato import oggi as oggi_roma
from ambito.tenancy.models import Ambito
from misure.models import (
    AttestazioneISEE,
    Bando,
    BeneficioEsterno,
    Certificazione,
    Domanda,
    StrumentoBando,
    TipoCertificazione,
)
from misure.selectors import domande as selectors
from misure.services import domande as services

logger = logging.getLogger(__name__)
NUMERO = 200
PDF_DEMO = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
            b"trailer<</Root 1 0 R>>\n%%EOF\n")
# The target state of the i-th domanda, cycling (20 in a row: 2 drafts, 3 submitted, 4 in istruttoria,
# 2 integrazione richiesta, 1 integrata, 1 in sospeso, 6 decided, 1 withdrawn).
PERCORSO = ["bozza", "presentata", "istruttoria", "decisa", "decisa", "integrazione", "presentata", "istruttoria",
            "decisa", "bozza", "integrata", "istruttoria", "decisa", "sospesa", "presentata", "decisa",
            "integrazione", "istruttoria", "decisa", "ritirata"]


class ContestoDemoMancante(RuntimeError):
    """The bandi and beneficiari demos did not leave what this part needs."""


def carica(*, ambito: Ambito, actor: Utente, contesto: dict[str, Any]) -> None:
    """File the demo domande (idempotent: nothing happens if the bando already has domande)."""
    if not contesto:  # the bandi and beneficiari demos added nothing (not merged yet, or another Ambito)
        logger.info("misure demo (domande): nothing from the bandi and beneficiari demos in %s", ambito.slug)
        return
    mancanti = [k for k in ("bando_b2", "beneficiari") if not contesto.get(k)]
    if mancanti:
        raise ContestoDemoMancante(
            f"misure demo (domande): contesto lacks {', '.join(mancanti)} — the bandi demo must put the published "
            "B2 2025 bando in contesto['bando_b2'] and the beneficiari demo the people in contesto['beneficiari']")
    bando: Bando = contesto["bando_b2"]
    if not isinstance(bando, Bando) or bando.ambito_id != ambito.pk:
        raise ContestoDemoMancante("misure demo (domande): contesto['bando_b2'] is not a Bando of this Ambito")
    if Domanda.objects.filter(ambito=ambito, bando=bando).exists():
        return
    with services.senza_email():
        contesto["domande"] = _carica(ambito, actor, bando, list(contesto["beneficiari"])[:NUMERO])


def _carica(ambito: Ambito, actor: Utente, bando: Bando, beneficiari: list) -> list[Domanda]:
    assistenti = _assistenti_per_comune(ambito)
    ufficio = _operatore(ambito) or actor
    strumenti = list(selectors.strumenti_dell_ambito_list(ambito=ambito, bando=bando).order_by("pk"))
    if not strumenti:
        raise ContestoDemoMancante("misure demo (domande): the B2 bando offers no strumento")
    giorni = _calendario(bando, len(beneficiari))
    create = []
    for i, persona in enumerate(beneficiari):
        chi = assistenti.get(persona.comune_id, ufficio)
        strumento = strumenti[0] if i % 4 else strumenti[-1]  # mostly the first (caregiver), a quarter the last
        try:
            create.append(_una(ambito, ufficio, chi, bando, strumento, persona, PERCORSO[i % len(PERCORSO)],
                               giorni[i]))
        except RegolaViolata as exc:  # a person the rules or the guard refuse: the demo goes on, and says so
            logger.warning("misure demo (domande): %s skipped: %s", persona, exc.messaggio)
    return create


def _assistenti_per_comune(ambito: Ambito) -> dict[int, Utente]:
    per_comune: dict[int, Utente] = {}
    membri = (Membro.objects.filter(ambito=ambito, ruolo=Ruolo.ASSISTENTE_SOCIALE, revocato_il__isnull=True)
              .select_related("utente").prefetch_related("comuni").order_by("pk"))
    for membro in membri:
        for comune in membro.comuni.all():
            per_comune.setdefault(comune.pk, membro.utente)
    return per_comune


def _operatore(ambito: Ambito) -> Utente | None:
    membro = (Membro.objects.filter(ambito=ambito, ruolo=Ruolo.OPERATORE, revocato_il__isnull=True)
              .select_related("utente").order_by("pk").first())
    return membro.utente if membro else None


def _calendario(bando: Bando, n: int) -> list[dt.date]:
    """Submission dates spread over the last three months of the bando's window (a bando some weeks into its
    istruttoria: some deadlines near, a few past), ending 20 days ago so the steps that follow stay in the past."""
    ultimo = min(oggi_roma() - dt.timedelta(days=20), bando.chiusura or oggi_roma())
    primo = max(bando.apertura or dt.date.min, ultimo - dt.timedelta(days=90))
    primo = min(primo, ultimo)
    ampiezza = max((ultimo - primo).days, 0)
    return [primo + dt.timedelta(days=(ampiezza * i) // max(n, 1)) for i in range(n)]


def _dichiarati(persona: Any, giorno: dt.date) -> dict[str, Any]:
    """What the social worker declares, from the person's records (their latest ISEE, certifications, benefits)."""
    isee = AttestazioneISEE.objects.filter(beneficiario=persona).order_by("-rilasciata_il", "-pk").first()
    tipi = {c.tipo_certificazione: c for c in Certificazione.objects.filter(beneficiario=persona)}
    benefici = sorted({b.codice for b in BeneficioEsterno.objects.filter(beneficiario=persona)
                       if b.al is None or b.al >= giorno})
    invalidita = tipi.get(TipoCertificazione.INVALIDITA)
    dati: dict[str, Any] = {
        "l104_c3": TipoCertificazione.L104_C3 in tipi, "l104_c1": TipoCertificazione.L104_C1 in tipi,
        "indennita_accompagnamento": TipoCertificazione.ACCOMPAGNAMENTO in tipi,
        "invalidita_percentuale": invalidita.percentuale_invalidita if invalidita else None,
        "vive_al_domicilio": True, "benefici_dichiarati": benefici,
    }
    if isee is not None:
        dati.update(isee_tipo=isee.tipo_isee, isee_valore=isee.valore_isee, isee_scadenza=isee.scade_il)
    return dati


def _allega_documenti(domanda: Domanda, chi: Utente) -> None:
    for documento in selectors.documenti_richiesti(domanda=domanda):
        file = SimpleUploadedFile(f"{documento.codice}.pdf", PDF_DEMO, content_type="application/pdf")
        services.documento_domanda_set(domanda=domanda, documento=documento, file=file, actor=chi)


def _una(ambito: Ambito, ufficio: Utente, chi: Utente, bando: Bando, strumento: StrumentoBando, persona: Any,
         meta: str, giorno: dt.date) -> Domanda:
    dati = _dichiarati(persona, giorno)
    if strumento.strumento.importo_mensile_massimo or strumento.strumento.fasce_importo:
        dati.update(costo_effettivo_mensile=Decimal("1100.00"), parametro_fasce=Decimal("25"))
    domanda = services.domanda_create(ambito=ambito, actor=chi, bando=bando, strumento=strumento,
                                      beneficiario=persona, **dati)
    _allega_documenti(domanda, chi)
    if meta == "bozza":
        return domanda
    domanda = services.domanda_submit(domanda=domanda, actor=chi, oggi=giorno)
    passo = _passi(ufficio, chi, giorno)
    if meta == "presentata":
        return domanda
    if meta == "ritirata":
        return passo(domanda, "ritira", 3, "Rinuncia della famiglia: ricovero in RSA", chi)
    domanda = passo(domanda, "prendi_in_istruttoria", 2)
    if meta == "istruttoria":
        return domanda
    if meta in ("integrazione", "integrata"):
        domanda = passo(domanda, "richiedi_integrazione", 5, "Serve l'attestazione ISEE in corso di validità")
        if meta == "integrazione":
            return domanda
        _allega_documenti(domanda, chi)
        return passo(domanda, "integra", 12, "Caricata l'attestazione aggiornata", chi)
    if meta == "sospesa":
        return passo(domanda, "sospendi", 6, "In attesa del verbale di invalidità")
    return _decidi(domanda, passo)


def _passi(ufficio: Utente, chi: Utente, giorno: dt.date) -> Any:
    def passo(domanda: Domanda, azione: str, dopo: int, motivo: str = "", actor: Utente | None = None) -> Domanda:
        quando = min(giorno + dt.timedelta(days=dopo), oggi_roma())
        return services.domanda_transition(domanda=domanda, azione=azione, actor=actor or ufficio, motivo=motivo,
                                           oggi=quando)
    return passo


def _decidi(domanda: Domanda, passo: Any) -> Domanda:
    """Ammissibile when the rules say so; otherwise non ammissibile with the failing lines as the reason."""
    esiti = list(selectors.esito_list(domanda=domanda))
    esito = selectors.esito_automatico(esiti)
    if esito.ammissibile:
        return passo(domanda, "dichiara_ammissibile", 15, "Requisiti verificati")
    motivi = "; ".join(f"{e.descrizione}: {e.get_esito_display().lower()}"
                       for e in [*esito.non_soddisfatte, *esito.dati_mancanti]) or "Requisiti non verificati"
    return passo(domanda, "dichiara_non_ammissibile", 15, motivi[:2000])
