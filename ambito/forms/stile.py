"""Bootstrap Italia styling of form widgets, and a service's refusal shown next to its field."""

from __future__ import annotations

from typing import Any

from django import forms

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


def aggiungi_errore(form: forms.Form, exc: RegolaViolata) -> None:
    """Show a service's refusal next to its field (or at the top of the form)."""
    form.add_error(exc.campo if exc.campo in form.fields else None, exc.messaggio)
