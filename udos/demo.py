"""Demo data placeholder (filled below)."""


def carica_demo(*, ambito, actor) -> None:  # noqa: ANN001
    return None
