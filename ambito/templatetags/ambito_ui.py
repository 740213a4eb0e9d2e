"""Template filters and tags of the UI shell: Italian formats, icons, menu, messages.

Money is formatted from ``Decimal`` only: a float reaching ``euro`` is a bug upstream and
raises instead of printing a rounded guess.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.contrib.messages import constants as message_constants
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html

from ambito import formato
from ambito.ui.navigation import voci_per

register = template.Library()

SPRITES = "vendor/bootstrap-italia/svg/sprites.svg"


@register.filter
def euro(value: Any) -> str:
    """Decimal('1234.5') → '1.234,50 €' (half-up to the cent); None/'' → '—'."""
    return formato.euro(value)


@register.filter
def numero(value: Any, decimali: int = 0) -> str:
    """46053 → '46.053'; ``{{ x|numero:2 }}`` → '1.234,50'."""
    return formato.formato_numero(value, int(decimali))


@register.filter
def data_it(value: Any, formato_data: str = "") -> str:
    """A date → '31/12/2026'; a datetime (local time) → '31/12/2026', or with ``|data_it:"ora"`` the time too."""
    return formato.data_it(value, formato_data)


_CLASSI_ALERT = {
    message_constants.DEBUG: "alert-info",
    message_constants.INFO: "alert-info",
    message_constants.SUCCESS: "alert-success",
    message_constants.WARNING: "alert-warning",
    message_constants.ERROR: "alert-danger",
}


@register.filter
def classe_alert(message: Any) -> str:
    """The Bootstrap Italia alert class for a django.contrib.messages message."""
    return _CLASSI_ALERT.get(getattr(message, "level", message_constants.INFO), "alert-info")


@register.simple_tag
def icona(nome: str, classi: str = "", etichetta: str = "") -> str:
    """An icon from the vendored sprite: ``{% icona "it-user" "icon-sm icon-white" %}``.

    Decorative unless ``etichetta`` is given (then it is announced by screen readers)."""
    href = f"{static(SPRITES)}#{nome}"
    if etichetta:
        return format_html('<svg class="icon {}" role="img" aria-label="{}"><use href="{}"></use></svg>',
                           classi, etichetta, href)
    return format_html('<svg class="icon {}" aria-hidden="true" focusable="false"><use href="{}"></use></svg>',
                       classi, href)


@register.simple_tag
def sprite(nome: str) -> str:
    """The URL of one icon of the sprite, for markup that needs it raw."""
    return f"{static(SPRITES)}#{nome}"


@register.inclusion_tag("includes/menu_principale.html", takes_context=True)
def menu_principale(context: template.Context) -> dict[str, Any]:
    """The main menu of the current Ambito: only entries the user's capabilities allow and
    whose page exists (see :mod:`ambito.ui.navigation`)."""
    request = context.get("request")
    return {"voci": voci_per(request) if request is not None else []}


@register.inclusion_tag("includes/link_storico.html", takes_context=True)
def link_storico(context: template.Context, oggetto: Any) -> dict[str, Any]:
    """A "Storico delle modifiche" link to the object's history page, for users who may read it."""
    request = context.get("request")
    contesto = getattr(request, "contesto", None)
    visibile = contesto is not None and contesto.puo("ambito.audit.vedi") and oggetto is not None
    return {"url": reverse("audit:oggetto", kwargs={
        "ambito_slug": request.ambito.slug, "modello": oggetto._meta.label_lower, "oggetto_pk": oggetto.pk,
    }) if visibile else None}


@register.inclusion_tag("includes/esporta.html", takes_context=True)
def pulsante_esporta(context: template.Context, tipo: str, *, etichetta: str = "") -> dict[str, Any]:
    """"Esporta" for a list: starts the export job ``tipo`` with the list's current filters (its GET parameters,
    which the exporter's form takes with the same names) in XLSX or CSV. Shown only to who may start it."""
    from ambito.jobs.registry import tipi_job

    request = context.get("request")
    contesto = getattr(request, "contesto", None)
    tipo_job_ = tipi_job().get(tipo)
    if contesto is None or tipo_job_ is None or not contesto.puo(tipo_job_.capacita):
        return {"visibile": False}
    filtri = [(nome, valore) for nome, valori in request.GET.lists() if nome not in {"pagina", "dopo", "formato"}
              for valore in valori if valore]
    form = tipo_job_.crea_form(ambito=request.ambito)
    formati = form.fields["formato"].choices if form is not None and "formato" in form.fields else []
    return {"visibile": True, "tipo": tipo, "filtri": filtri, "etichetta": etichetta, "ambito": request.ambito,
            "formati": formati}
