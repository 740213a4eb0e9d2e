"""Changes to the Ambito's institutional pages (informativa privacy, dichiarazione di accessibilità).

The text is saved through the model, so the history records who changed it, when, and the text before and
after (the audit page of the object). Nothing changed → no save, no history row.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from ambito.accounts.models import Utente
from ambito.errors import RegolaViolata
from ambito.formato import formato_numero
from ambito.pubblico.models import PaginaIstituzionale, TipoPaginaIstituzionale
from ambito.tenancy.models import Ambito

LUNGHEZZA_MASSIMA = 20000


@transaction.atomic
def pagina_istituzionale_set(*, ambito: Ambito, actor: Utente | None, tipo: str, testo: str) -> PaginaIstituzionale:
    """Write the text of one institutional page of the Ambito."""
    if tipo not in TipoPaginaIstituzionale.values:
        raise RegolaViolata(_("Pagina sconosciuta."), campo="tipo")
    testo = (testo or "").strip()
    if not testo:
        raise RegolaViolata(_("Scrivi il testo della pagina."), campo="testo")
    if len(testo) > LUNGHEZZA_MASSIMA:
        raise RegolaViolata(_("Il testo può essere lungo al massimo %(max)s caratteri (ne hai scritti %(n)s).")
                            % {"max": formato_numero(LUNGHEZZA_MASSIMA), "n": formato_numero(len(testo))},
                            campo="testo")
    pagina = PaginaIstituzionale.objects.select_for_update().filter(ambito=ambito, tipo=tipo).first()
    if pagina is None:
        return PaginaIstituzionale.objects.create(ambito=ambito, tipo=tipo, testo=testo)
    if pagina.testo != testo:
        pagina.testo = testo
        pagina.save(update_fields=["testo", "aggiornata_il"])
    return pagina
