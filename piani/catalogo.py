"""Seed of the policy macro-areas per triennio. A starting point: each Ambito edits them."""

from __future__ import annotations

AREE_A_J = [
    ("A", "Contrasto alla povertà e all'emarginazione sociale"),
    ("B", "Politiche abitative"),
    ("C", "Promozione dell'inclusione attiva"),
    ("D", "Domiciliarità"),
    ("E", "Anziani"),
    ("F", "Digitalizzazione dei servizi"),
    ("G", "Politiche giovanili e per i minori"),
    ("H", "Interventi connessi alle politiche per il lavoro"),
    ("I", "Interventi per la famiglia"),
    ("J", "Interventi a favore di persone con disabilità"),
]

# Triennio (first year) → its areas. 2021–2023: DGR XI/4563/2021; 2025–2027: DGR XII/2167/2024 keeps the frame.
AREE_PER_TRIENNIO: dict[int, list[tuple[str, str]]] = {2021: AREE_A_J, 2025: AREE_A_J}


def aree_seme(triennio: int) -> list[tuple[str, str]]:
    """The areas to start a triennio with: its own list, else the latest earlier one (the frame is kept)."""
    precedenti = [t for t in AREE_PER_TRIENNIO if t <= triennio]
    return AREE_PER_TRIENNIO[max(precedenti)] if precedenti else AREE_A_J
