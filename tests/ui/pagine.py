"""Reading rendered pages the way a user (or a screen reader) would: menu, switcher, scripts."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Pagina:
    menu: list[tuple[str, str]] = field(default_factory=list)  # (label, href) of the main menu
    menu_attivo: list[str] = field(default_factory=list)  # labels with aria-current="page"
    ambiti_selettore: list[str] = field(default_factory=list)  # slugs listed by the Ambito switcher
    script_inline: list[str] = field(default_factory=list)  # bodies of <script> elements with code
    script_src: list[str] = field(default_factory=list)
    stylesheet: list[str] = field(default_factory=list)
    attributi_style: list[str] = field(default_factory=list)  # tags carrying style="…"
    gestori_eventi: list[str] = field(default_factory=list)  # onclick=… and friends
    tag_style: int = 0
    form_post: list[str] = field(default_factory=list)  # actions of method=post forms
    link: list[str] = field(default_factory=list)  # every <a href>
    landmark: set[str] = field(default_factory=set)


class _Lettore(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.pagina = Pagina()
        self._in_menu = 0
        self._menu_link: tuple[str, bool] | None = None
        self._testo: list[str] = []
        self._in_script = False
        self._script: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        p = self.pagina
        if "style" in a:
            p.attributi_style.append(tag)
        p.gestori_eventi.extend(k for k in a if k.startswith("on"))
        if tag in {"header", "main", "footer", "nav"}:
            p.landmark.add(tag)
        if tag == "nav" and a.get("id") == "navigazione-principale":
            self._in_menu = 1
        elif self._in_menu and tag == "nav":
            self._in_menu += 1
        if tag == "a":
            p.link.append(a.get("href", ""))
            if self._in_menu:
                self._menu_link = (a.get("href", ""), a.get("aria-current") == "page")
                self._testo = []
            if "data-ambito" in a:
                p.ambiti_selettore.append(a["data-ambito"])
        if tag == "script":
            # A JSON data block (Django's json_script, read by a static script) is data, not code: the CSP
            # never executes it, so it is not inline script.
            self._in_script = a.get("type") != "application/json"
            self._script = []
            if a.get("src"):
                p.script_src.append(a["src"])
        if tag == "style":
            p.tag_style += 1
        if tag == "link" and a.get("rel") == "stylesheet":
            p.stylesheet.append(a.get("href", ""))
        if tag == "form" and a.get("method", "").lower() == "post":
            p.form_post.append(a.get("action", ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._menu_link is not None:
            href, attivo = self._menu_link
            etichetta = " ".join("".join(self._testo).split())
            self.pagina.menu.append((etichetta, href))
            if attivo:
                self.pagina.menu_attivo.append(etichetta)
            self._menu_link = None
        if tag == "nav" and self._in_menu:
            self._in_menu -= 1
        if tag == "script":
            corpo = "".join(self._script).strip()
            if corpo:
                self.pagina.script_inline.append(corpo)
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._menu_link is not None:
            self._testo.append(data)
        if self._in_script:
            self._script.append(data)


def leggi(html: str | bytes) -> Pagina:
    lettore = _Lettore()
    lettore.feed(html.decode() if isinstance(html, bytes) else html)
    lettore.close()
    return lettore.pagina
