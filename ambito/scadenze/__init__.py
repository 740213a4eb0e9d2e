"""Deadlines of every module in one registry: a calendar per Ambito, each role's own on its home page, and
reminders (through the notification service) at configured days before and on expiry, each sent once.

Modules register a *kind* with a provider function that derives the deadlines from the module's own data
(:func:`ambito.scadenze.registry.registra_tipo_scadenza`); see docs/scadenze.md for why.
"""
