"""Italian formatting of amounts for messages (templates use ``|floatformat:"2g"``)."""

from __future__ import annotations

from decimal import Decimal


def euro(importo: Decimal) -> str:
    """``Decimal("1234567.5")`` → ``"1.234.567,50 €"`` (as the ``euro`` template filter)."""
    testo = f"{importo:,.2f}".replace(",", "_").replace(".", ",").replace("_", ".")
    return f"{testo} €"
