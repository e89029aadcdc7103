"""Read an article: a text file with a ``url:/title:/published:/retrieved:`` header, or saved HTML."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from jcgraph.errors import InputError

HEADER_FIELDS = ("url", "title", "published", "retrieved")
_FRENCH_WORDS = {"le", "la", "les", "des", "du", "et", "est", "une", "dans", "pour", "sur", "entre", "avec", "qui"}
_ENGLISH_WORDS = {"the", "and", "of", "is", "in", "to", "with", "between", "for", "on", "was", "which", "that"}


@dataclass
class Page:
    """What the drafter needs from a page: where it comes from, when, and its text."""

    path: str
    url: str = ""
    title: str = ""
    published: str = ""
    retrieved: str = ""
    text: str = ""
    lang: str = ""


class _TextExtractor(HTMLParser):
    """Visible text, the <title>, the canonical URL and the publication date of an HTML page."""

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self.title = ""
        self.meta: dict[str, str] = {}
        self._skip = 0
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "style", "nav", "footer"):
            self._skip += 1
        elif tag == "title":
            self._in_title = True
        elif tag == "meta":
            key = attrs.get("property") or attrs.get("name") or attrs.get("itemprop")
            if key and attrs.get("content"):
                self.meta[key.lower()] = attrs["content"]
        elif tag == "link" and attrs.get("rel") == "canonical" and attrs.get("href"):
            self.meta["canonical"] = attrs["href"]
        elif tag == "html" and attrs.get("lang"):
            self.meta["lang"] = attrs["lang"]
        if tag in ("p", "br", "div", "h1", "h2", "h3", "li"):
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in ("script", "style", "nav", "footer") and self._skip:
            self._skip -= 1
        elif tag == "title":
            self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data
        elif not self._skip:
            self.parts.append(data)


def guess_language(text: str) -> str:
    """``fr`` or ``en``, by counting common words."""
    words = re.findall(r"[a-zà-ÿ]+", text.lower())
    french = sum(w in _FRENCH_WORDS for w in words)
    english = sum(w in _ENGLISH_WORDS for w in words)
    return "fr" if french > english else "en"


def read_page(
    path: str | Path, *, url: str | None = None, published: str | None = None, lang: str | None = None
) -> Page:
    """Read a page from ``path``; explicit ``url``/``published``/``lang`` win over what the page says.

    :raises InputError: the file cannot be read or holds no text
    """
    path = Path(path)
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read the article: {exc}. Give a UTF-8 text or HTML file.", path=str(path)) from None
    page = Page(path=str(path))
    if re.search(r"<html|<body|<p[ >]", raw[:5000], re.IGNORECASE):
        extractor = _TextExtractor()
        extractor.feed(raw)
        page.text = re.sub(r"\n\s*\n+", "\n\n", "".join(extractor.parts)).strip()
        page.title = extractor.title.strip() or extractor.meta.get("og:title", "")
        page.url = extractor.meta.get("canonical") or extractor.meta.get("og:url", "")
        stamp = extractor.meta.get("article:published_time") or extractor.meta.get("datepublished", "")
        page.published = stamp[:10]
        page.lang = extractor.meta.get("lang", "")[:2]
    else:
        header, _, body = raw.partition("\n\n")
        fields = dict(re.findall(r"^(\w+):[ \t]*(.*)$", header, re.MULTILINE))
        if "url" in fields:
            for name in HEADER_FIELDS:
                setattr(page, name, fields.get(name, "").strip())
            page.text = body.strip()
        else:
            page.text = raw.strip()
    if not page.text:
        raise InputError("the article holds no text to read.", path=str(path))
    page.url = url or page.url
    stamp = re.match(r"\d{4}(?:-\d\d(?:-\d\d)?)?", page.published.strip())  # "2023-01-18 (16:04)" -> the date
    page.published = published or (stamp.group(0) if stamp else "") or published_from_url(page.url)
    retrieved = re.search(r"\d{4}-\d\d-\d\d", page.retrieved)
    page.retrieved = retrieved.group(0) if retrieved else ""
    page.lang = lang or page.lang or guess_language(page.text)
    return page


def published_from_url(url: str) -> str:
    """A date written in a URL (``/2024/12/12/``, ``/2019-07-``), at its precision, else ''."""
    found = re.search(r"/((?:19|20)\d\d)[/-](0[1-9]|1[0-2])(?:[/-](0[1-9]|[12]\d|3[01]))?(?=[/-]|$)", url)
    if not found:
        return ""
    return "-".join(part for part in found.groups() if part)
