"""Demo data placeholder (filled below)."""


def carica_demo(*, ambito, actor) -> None:
    return None
