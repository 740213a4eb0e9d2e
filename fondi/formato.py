"""Italian formatting of amounts, weights and percentages for messages and templates.

Templates use the ``euro``/``numero`` filters of the UI shell and, for what only the funds need,
``{% load fondi_ui %}`` (:mod:`fondi.templatetags.fondi_ui`), built on these functions.
"""

from __future__ import annotations

from decimal import Decimal

from ambito.templatetags.ambito_ui import formato_numero


def euro(importo: Decimal) -> str:
    """``Decimal("1234567.5")`` → ``"1.234.567,50 €"`` (as the ``euro`` template filter)."""
    return f"{formato_numero(importo, 2)} €"


def decimali_significativi(valore: Decimal, minimo: int = 0, massimo: int = 4) -> int:
    """How many decimals show ``valore`` without trailing zeros, between ``minimo`` and ``massimo``."""
    esponente = valore.normalize().as_tuple().exponent
    decimali = -esponente if isinstance(esponente, int) and esponente < 0 else 0
    return min(max(decimali, minimo), massimo)


def numero_esatto(valore: Decimal | str, massimo: int = 4) -> str:
    """A weight as it is, Italian style: ``"46053"`` → ``"46.053"``, ``"12.5"`` → ``"12,5"``."""
    valore = Decimal(str(valore))
    return formato_numero(valore, decimali_significativi(valore, 0, massimo))


def percentuale(valore: Decimal) -> str:
    """``Decimal("5.00")`` → ``"5%"``, ``Decimal("12.50")`` → ``"12,5%"``."""
    return f"{numero_esatto(valore, 2)}%"


def euro_unitario(valore: Decimal) -> str:
    """A unit amount with up to four decimals: ``Decimal("1.5000")`` → ``"1,50 €"``, ``"0.8125"`` → ``"0,8125 €"``."""
    valore = Decimal(str(valore))
    return f"{formato_numero(valore, decimali_significativi(valore, 2, 4))} €"
