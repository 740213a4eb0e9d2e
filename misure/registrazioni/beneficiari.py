"""Registrations of the beneficiari part with the core (menu, widgets, notifications, deadlines, sensitive fields…)."""


def registra() -> None:
    """Called once from MisureConfig.ready()."""
