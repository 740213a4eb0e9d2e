"""The catalogue of funding sources an Ufficio di Piano in Lombardy manages.

Seeded by migration ``0002_catalogo_fonti`` through :func:`fondi.services.fonti_seed` (idempotent:
it adds missing codes and refreshes names, never deletes). Codes are stable identifiers used by
reports across Ambiti; change a name freely, never a code.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class VoceCatalogo:
    codice: str
    denominazione: str
    categoria: str
    riferimento_normativo: str = ""
    padre: str | None = None


FONTI: tuple[VoceCatalogo, ...] = (
    VoceCatalogo("FNA", "Fondo Nazionale per le Non Autosufficienze", "nazionale",
                 "L. 296/2006 art. 1 c. 1264; programma operativo regionale (es. DGR XII/3719/2024)"),
    VoceCatalogo("FNPS", "Fondo Nazionale Politiche Sociali", "nazionale", "L. 328/2000 art. 20"),
    VoceCatalogo("FSR", "Fondo Sociale Regionale", "regionale", "L.R. 3/2008 (es. DGR XII/4793/2025)"),
    VoceCatalogo("FONDO-POVERTA", "Fondo per la lotta alla povertà e all'esclusione sociale", "nazionale",
                 "L. 208/2015 art. 1 c. 386; D.Lgs. 147/2017"),
    VoceCatalogo("FP-QSFP", "Fondo Povertà — Quota servizi", "nazionale",
                 "D.Lgs. 147/2017 art. 7; Piano regionale povertà 2024–2026", "FONDO-POVERTA"),
    VoceCatalogo("FP-PAIS", "Fondo Povertà — Sostegni dei PAIS (progetti personalizzati / patti per "
                 "l'inclusione sociale)", "nazionale", "D.Lgs. 147/2017 art. 6–7", "FONDO-POVERTA"),
    VoceCatalogo("FP-QPE", "Fondo Povertà — Quota povertà estrema", "nazionale",
                 "Piano nazionale interventi e servizi sociali di contrasto alla povertà", "FONDO-POVERTA"),
    VoceCatalogo("FP-CARE-LEAVERS", "Fondo Povertà — Care leavers", "nazionale",
                 "L. 205/2017 art. 1 c. 250", "FONDO-POVERTA"),
    VoceCatalogo("DDN", "Fondo Dopo di Noi (disabilità grave prive del sostegno familiare)", "nazionale",
                 "L. 112/2016"),
    VoceCatalogo("CAREGIVER", "Fondo per il sostegno del caregiver familiare", "nazionale",
                 "L. 205/2017 art. 1 c. 254"),
    VoceCatalogo("PNRR-M5C2", "PNRR Missione 5 Componente 2 — Avviso 1/2022", "europea",
                 "Avviso pubblico MLPS 1/2022"),
    VoceCatalogo("PNRR-M5C2-1.1.1", "PNRR M5C2 1.1.1 — Sostegno alle capacità genitoriali e famiglie "
                 "vulnerabili", "europea", "Avviso 1/2022", "PNRR-M5C2"),
    VoceCatalogo("PNRR-M5C2-1.1.2", "PNRR M5C2 1.1.2 — Autonomia degli anziani non autosufficienti",
                 "europea", "Avviso 1/2022", "PNRR-M5C2"),
    VoceCatalogo("PNRR-M5C2-1.1.3", "PNRR M5C2 1.1.3 — Servizi sociali domiciliari per le dimissioni "
                 "protette", "europea", "Avviso 1/2022", "PNRR-M5C2"),
    VoceCatalogo("PNRR-M5C2-1.1.4", "PNRR M5C2 1.1.4 — Rafforzamento dei servizi sociali e prevenzione "
                 "del burn-out", "europea", "Avviso 1/2022", "PNRR-M5C2"),
    VoceCatalogo("PNRR-M5C2-1.2", "PNRR M5C2 1.2 — Percorsi di autonomia per persone con disabilità",
                 "europea", "Avviso 1/2022", "PNRR-M5C2"),
    VoceCatalogo("PNRR-M5C2-1.3.1", "PNRR M5C2 1.3.1 — Housing temporaneo (Housing First)", "europea",
                 "Avviso 1/2022", "PNRR-M5C2"),
    VoceCatalogo("PNRR-M5C2-1.3.2", "PNRR M5C2 1.3.2 — Stazioni di posta / centri servizi", "europea",
                 "Avviso 1/2022", "PNRR-M5C2"),
    VoceCatalogo("FSE-PLUS", "Programma Regionale FSE+ 2021–2027", "europea", "Reg. (UE) 2021/1057"),
    VoceCatalogo("REGIONALE-ALTRO", "Altre risorse regionali", "regionale"),
    VoceCatalogo("NAZIONALE-ALTRO", "Altre risorse nazionali", "nazionale"),
    VoceCatalogo("QUOTE-COMUNALI", "Quote dei comuni (cofinanziamento per abitante)", "comunale",
                 "Accordo di programma del Piano di Zona"),
    VoceCatalogo("COMUNI-ALTRO", "Altre risorse comunali", "comunale"),
    VoceCatalogo("FONDAZIONI", "Fondazioni (bandi di fondazioni comunitarie e di origine bancaria)", "privata"),
    VoceCatalogo("PRIVATI", "Contributi di privati, imprese e donazioni", "privata"),
)


def semina(modello: type) -> int:
    """Create missing sources and refresh names of existing ones; returns how many were created.

    ``modello`` is ``FonteFinanziamento`` (or its historical version inside a migration).
    """
    creati = 0
    per_codice = {f.codice: f for f in modello.objects.all()}
    for ordine, voce in enumerate(FONTI, start=1):
        valori = {"denominazione": voce.denominazione, "categoria": voce.categoria,
                  "riferimento_normativo": voce.riferimento_normativo, "ordine": ordine * 10,
                  "padre": per_codice.get(voce.padre) if voce.padre else None}
        fonte = per_codice.get(voce.codice)
        if fonte is None:
            fonte = modello(codice=voce.codice, **valori)
            fonte.save()
            per_codice[voce.codice] = fonte
            creati += 1
        elif any(getattr(fonte, k) != v for k, v in valori.items()):
            for k, v in valori.items():
                setattr(fonte, k, v)
            fonte.save()
    return creati
