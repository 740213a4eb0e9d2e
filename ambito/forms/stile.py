"""Bootstrap Italia styling of form widgets, and a service's refusal shown next to its field."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from ambito.errors import RegolaViolata


class ConStileBootstrap:
    """Give every widget the Bootstrap Italia class it needs (checkboxes excluded)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        for campo in self.fields.values():  # type: ignore[attr-defined]
            widget = campo.widget
            if isinstance(widget, forms.CheckboxSelectMultiple | forms.CheckboxInput | forms.RadioSelect):
                continue
            classe = "form-select" if isinstance(widget, forms.Select) else "form-control"
            widget.attrs["class"] = (widget.attrs.get("class", "") + " " + classe).strip()
            if getattr(campo, "max_length", None):
                _limite_senza_taglio(campo)


def _limite_senza_taglio(campo: forms.Field) -> None:
    """A text limit the server enforces with a message, never the browser by cutting.

    Django renders ``maxlength``: a browser then cuts a pasted text at the limit without a word, and a 5,000
    character text is saved as its first 250. Without the attribute the whole text reaches the form, which refuses
    it with the limit and the length typed, and shows it again for the user to shorten; the limit is in the help.
    """
    campo.widget.attrs.pop("maxlength", None)
    messaggio = _("Al massimo %(limit_value)d caratteri: il testo ne ha %(show_value)d. Accorcialo e invia di nuovo.")
    campo.validators = [MaxLengthValidator(campo.max_length, messaggio) if isinstance(v, MaxLengthValidator) else v
                        for v in campo.validators]
    limite = _("Massimo %(limite)d caratteri.") % {"limite": campo.max_length}
    campo.help_text = f"{campo.help_text} {limite}".strip() if campo.help_text else limite


def aggiungi_errore(form: forms.Form, exc: RegolaViolata) -> None:
    """Show a service's refusal next to its field (or at the top of the form).

    A form whose field has another name than the service's argument maps it in ``campi_del_servizio``
    (e.g. ``{"importo": "totale"}``: the riparto's amount is the service's ``importo`` check)."""
    campo = getattr(form, "campi_del_servizio", {}).get(exc.campo, exc.campo)
    form.add_error(campo if campo in form.fields else None, exc.messaggio)
