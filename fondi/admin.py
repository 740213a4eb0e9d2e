"""Django admin: the shared catalogue of funding sources (platform administrators only).

Ledger rows are not editable here: movements are append-only and every change goes through the
services (pages or API), which check the invariants and record the actor.
"""

from django.contrib import admin

from fondi.models import FonteFinanziamento


@admin.register(FonteFinanziamento)
class FonteFinanziamentoAdmin(admin.ModelAdmin):
    list_display = ("codice", "denominazione", "categoria", "padre", "attiva")
    list_filter = ("categoria", "attiva")
    search_fields = ("codice", "denominazione")
