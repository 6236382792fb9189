"""The title a page of set lines shows: its largest, highest lines.

A reader finds a title by its look: the biggest type near the top of the
page, often broken over two or three lines, sometimes with a smaller
subtitle under it, and often under a letterhead (the government and office
that issued it) set in capitals or bold. The page's lines (`pdf_lines.Line`:
text, size, weight and box) are compared with its body text, and the title
is the run of lines that stand out most.

The lines come from a PDF's first pages (`pdf_title`, which reads them with
PDFium) or from a Word document's opening paragraphs laid out down a page
(`docx_layout`): both formats are titled by the same rules.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import cached_property
from statistics import median
from typing import Iterable, Sequence

from . import titles
from .pdf_lines import Line
from .titles import Title

_HEADING_RATIO = 1.12   # this much larger than the body text stands out as a heading
_SAME_SIZE = 0.88       # lines within this ratio of the largest are one title
# Between an issuing body's name and the title: at most this many short lines
# of text type (a UN document's symbol, distribution, session, agenda item).
_FRONT_MATTER_LINES = 6
_OPENING = 8            # lines of running text under a title read for the office it names
_FRONT_MATTER_WORDS = 8
_YEAR_SPAN = r"(19|20)\d\d(\s*[-–/]\s*(19|20)?\d\d)?"     # "2014", "2021-2026"
_YEARS = re.compile(rf"^{_YEAR_SPAN}$")
# a short line that gives a document's number ("EDITAL Nº 003/08", "Notice
# 1036"), under a title; a year ("2014", "2021-2026") is part of the title
_NUMBER_LINE = re.compile(rf"^([^\W\d_]+\.?\s+){{1,2}}(n[º°o]\.?\s*|#\s*)?(?!{_YEAR_SPAN}$)"
                          r"[\d/.‐‑–-]*\d[\d/.‐‑–-]*$", re.IGNORECASE)
# a line that ends a sentence ("... sur Internet."), not an abbreviation ("U.S.", "Inc.")
_SENTENCE_END = re.compile(r"(^|[^\w.])(?!(?i:inc|ltd|co|corp|al|etc|vol|ed|eds|no|nr|dr|mr|mrs|ms|st)\.$)"
                           r"[^\W\d_]*[a-zà-ÿ][^\W\d_]+\.$")   # "... people use it."
_EMBARGO = re.compile(r"\b(embargo|check against delivery|sous embargo|seul le texte prononc)",
                      re.IGNORECASE)


def body_size(lines: Sequence[Line]) -> float:
    """The size most letters are set in."""
    weights: dict[float, int] = {}
    for line in lines:
        key = round(line.size * 2) / 2
        weights[key] = weights.get(key, 0) + line.letters
    return max(weights, key=lambda k: (weights[k], -k)) if weights else 0.0


def _worth(line: Line) -> bool:
    """A line that could be part of a title: words, not a page number or a rule."""
    text = line.text
    if _YEARS.match(text) or titles.is_placeholder(text):
        return True              # "2014" or "2021-2026" on a line of its own under a title
    if line.letters < 2 or titles.LEADER.search(text) or titles.is_web_address(text):
        return False             # nor an entry of a table of contents: "Poder EXECUTIVO ........ 2", nor a URL
    if len(text) <= 80 and text.isascii():
        return True              # 1 to 40 words: two letters make one, 80 characters hold 40 at most
    return 1 <= len(titles.words(text)) <= 40


def _cover(lines: Sequence[Line], width: float) -> Title | None:
    """A cover of a few centred lines all in one size (a statement, a speech):
    the lines down to its date (or its place and year), below the issuer's
    letterhead, are its title."""
    if not 3 <= len(lines) <= 25 or width <= 0:
        return None
    centred = [abs((ln.left + ln.right) / 2 - width / 2) < 0.08 * width for ln in lines]
    if sum(centred) < 0.8 * len(lines):
        return None
    taken: list[str] = []
    for line in sorted(lines, key=lambda ln: ln.top):
        if not taken and titles.is_org_line(line.text):
            continue        # the issuer's letterhead over the title
        if (titles.DATE_LINE.match(line.text.strip(" .,")) or _EMBARGO.search(line.text)
                or titles.is_place_and_year(line.text)):
            break
        taken.append(line.text)
    if len(taken) < 2 or len(titles.words(" ".join(taken))) > 45:
        return None
    return Title(" ".join(titles.tidy(t) for t in taken),
                 "the centred lines of the cover page, down to its date")


def _joined(texts: Iterable[str]) -> str:
    """Lines of one title as one line; a word broken at a line's end is mended."""
    out = ""
    for text in texts:
        if out.endswith("\u00ad"):
            out = out[:-1] + text
        else:
            out = f"{out} {text}" if out else text
    return out.replace("\u00ad", "")


def _aligned(a: Line, b: Line, width: float) -> bool:
    """Set alike: from the same left edge or to the same right one, or both
    centred on one axis."""
    if abs(a.left - b.left) <= max(a.size, b.size) or abs(a.right - b.right) <= max(a.size, b.size):
        return True
    return abs((a.left + a.right) - (b.left + b.right)) / 2 <= 0.05 * width


def _set_under(block: Sequence[Line], ln: Line) -> bool:
    """Set under a block of lines, within its width for the most part (a
    subtitle indented under a title set in steps)."""
    left, right = min(b.left for b in block), max(b.right for b in block)
    overlap = min(right, ln.right) - max(left, ln.left)
    return left <= ln.left < right and overlap >= 0.6 * (ln.right - ln.left)


def _runs_on(line: Line, following: Line | None) -> bool:
    """A line that is only the first part of a sentence or a name."""
    return titles.runs_on(line.text) or (
        following is not None and following.text[:1].islower() and not _stands_apart(following.text))


def _stands_apart(text: str) -> bool:
    """A line that continues no sentence, even in lower case: an edition
    ("version 1.0"), a reference, a date."""
    text = text.strip(" .,")
    return titles.ends_title(text) or bool(titles.DATE_LINE.match(text) or titles.DATED.search(text)
                                           or titles.MONTH_YEAR.search(text))


def _names(letterhead: Sequence[Line]) -> list[str]:
    """The letterhead's lines, a name broken over two lines joined."""
    names: list[str] = []
    for i, ln in enumerate(letterhead):
        if i and letterhead[i - 1].bottom <= ln.top and titles.runs_on(letterhead[i - 1].text):
            names[-1] = titles.join_lines([names[-1], ln.text])
        else:
            names.append(ln.text)
    return names


def _letterhead(line: Line, following: Line | None) -> bool:
    return (titles.is_org_line(line.text) or titles.is_placeholder(line.text) or titles.is_acronyms(line.text)
            or titles.is_form_number(line.text) or titles.is_letter_spaced(line.text)
            or titles.is_motto(line.text)) \
        and not _runs_on(line, following)


class _Page:
    """A page's lines that could be part of a title, top to bottom, with
    the tests every step of `page_title` judges a line by against the
    page: its body text's size and weight, its width, its columns."""

    def __init__(self, lines: Sequence[Line], width: float, body: float, text: str = ""):
        self.lines = lines
        self.more_text = text
        self.width = width
        self.body = body
        at_body = [ln for ln in lines if abs(ln.size - body) < 0.5]
        self.body_bold = sum(ln.letters for ln in at_body if ln.bold) * 2 > sum(ln.letters for ln in at_body)

    def heading(self, ln: Line) -> bool:
        """Set larger than the text, or bold where the text is not."""
        return ln.size >= self.body * _HEADING_RATIO or (ln.bold and not self.body_bold
                                                         and ln.size >= self.body * 0.85)

    def text(self, run: Iterable[int]) -> str:
        return _joined(self.lines[i].text for i in run)

    def following(self, i: int) -> Line | None:
        return self.lines[i + 1] if i + 1 < len(self.lines) else None

    @cached_property
    def written(self) -> frozenset[str]:
        """The words the page writes in lower case (see `titles.smart_case`)."""
        return titles.written_in_lower_case([*(ln.text for ln in self.lines), self.more_text])

    @cached_property
    def first_text(self) -> float:
        """The top of the first line of running text (a letterhead in the
        text's type is none, nor a law's enacting words)."""
        return next((ln.top for ln in self.lines if not self.heading(ln) and ln.letters >= 20
                     and not titles.is_org_line(ln.text) and not titles.is_enacting_formula(ln.text)
                     and not titles.is_motto(ln.text)),
                    math.inf)

    @staticmethod
    def near(a: Line, b: Line) -> bool:
        return b.top - a.bottom <= 8 * max(a.size, b.size)

    @staticmethod
    def beside(ln: Line, block: Iterable[Line]) -> bool:
        """In another column than the lines of `block`: no part of it is
        above or below any of them, and a gutter between (not the next cell
        of a table's row)."""
        block = list(block)
        gutter = max(b.size for b in block)
        return ln.right <= min(b.left for b in block) - gutter or ln.left >= max(b.right for b in block) + gutter

    def run_from(self, first: int, size: float) -> list[int]:
        """The lines of the title that starts at `first`: lines of about its
        size, set alike, with no other text between them in its column (a
        column of text beside it is passed over), up to a date or an edition."""
        lines = self.lines
        run = [first]
        for j in range(first + 1, len(lines)):
            ln = lines[j]
            if self.beside(ln, (lines[i] for i in run)):
                continue
            text = ln.text.strip(" .,")
            # a title that so far only names its kind ("RAPPORT") goes on in
            # type a little smaller ("D'ACTIVITÉS")
            alike = 0.6 if titles.names_only_a_kind(self.text(run)) else _SAME_SIZE
            gap = ln.top - lines[run[-1]].bottom
            if self.set_apart(run, ln):
                break
            placed = self.heading(ln) and gap <= 2.5 * ln.size and _aligned(lines[first], ln, self.width)
            set_alike = placed and ln.size >= size * alike
            if placed and ln.size >= size * 0.75 and titles.runs_on(lines[run[-1]].text) and len(run) < 8:
                # the line above stops mid-phrase: this one goes on with it, dated or not,
                # in capitals that read a little smaller ("implementación del" / "DCAT-AP-ES HVD")
                run.append(j)
                continue
            if not set_alike or titles.ends_title(text) \
                    or (titles.DATE_LINE.match(text) and not _YEARS.match(text)) or titles.DATED.search(text) \
                    or titles.gives_day_or_hour(text) \
                    or ((titles.looks_like_person(text) or titles.looks_like_names(text))   # "Rekha Jain"
                        and not text.isupper() and not _runs_on(lines[run[-1]], ln)) \
                    or _SENTENCE_END.search(lines[run[-1]].text) or _NUMBER_LINE.match(text) \
                    or titles.is_placeholder(text) or titles.is_section_name(text) or titles.cites_an_article(text) \
                    or (titles.is_org_line(text) and ln.size < lines[first].size - 0.5
                        and not _runs_on(lines[run[-1]], ln)):      # the body, in a point less
                break
            run.append(j)
            if alike < _SAME_SIZE:
                size = ln.size      # the rest of the title is set alike with this line
        return run

    def set_apart(self, run: Sequence[int], ln: Line) -> bool:
        """`ln` is set much further under the lines `run` than they are from
        each other (a place's name at a cover's foot, under a title of three
        lines): another block, not the title's next line."""
        if len(run) < 2:
            return False
        lines = self.lines
        spacing = median(lines[b].top - lines[a].bottom for a, b in zip(run, run[1:]))
        return ln.top - lines[run[-1]].bottom > max(2 * spacing, spacing + ln.size)

    def under(self, i: int) -> Line | None:
        """The next line in the column of line `i` (a line beside it, as the
        country and its motto beside an office's name, is passed over)."""
        return next((ln for ln in self.lines[i + 1:] if not self.beside(ln, [self.lines[i]])), None)

    def letterhead(self, i: int) -> bool:
        return _letterhead(self.lines[i], self.under(i))

    def named_over(self, run: list[int]) -> int:
        """How many of the first lines of `run` name a body together, each
        going on from the one before ("PARLIAMENT OF THE DEMOCRATIC SOCIALIST
        REPUBLIC OF" / "SRI LANKA"; "Autorité de Régulation" / "des Postes et
        des Communications" / "et du Numérique"); 0 when they do not."""
        lines = self.lines
        going_on = 1
        while going_on < len(run) and (_runs_on(lines[run[going_on - 1]], lines[run[going_on]])
                                       or titles.opens_mid_phrase(lines[run[going_on]].text)):
            going_on += 1
        for n in range(going_on, 1, -1):      # the longest name first
            if titles.is_org_line(self.text(run[:n])) and not _runs_on(lines[run[n - 1]], self.under(run[n - 1])):
                return n
        return 0

    def initials_over_name(self, run: list[int]) -> bool:
        """A body's initials in one word over its name or a part of it
        ("AGESIC" / "Área de tecnología")."""
        return len(run) > 1 and titles.is_initials(self.lines[run[0]].text) and self.letterhead(run[1])

    def byline(self, i: int) -> bool:
        """A person's name with a date, an affiliation or another name under it."""
        lines = self.lines
        if not titles.looks_like_person(lines[i].text):
            return False
        rest = [ln for ln in lines[i + 1:] if not self.beside(ln, [lines[i]])]
        if not rest:
            return True
        text = rest[0].text.strip(" .,")
        if len(rest) > 1 and titles.runs_on(text):      # "Mathematician and" / "Member of the French Parliament"
            text = f"{text} {rest[1].text.strip(' .,')}"
        return bool(titles.DATE_LINE.match(text) or titles.DATED.search(text) or titles.MONTH_YEAR.search(text)
                    or titles.is_org_line(text)
                    or titles.ends_title(text) or titles.looks_like_person(text)
                    or titles.looks_like_names(text))


@dataclass
class _Reading:
    """What the steps of `page_title` have found so far: indexes of the
    page's lines, the letterhead's lines."""

    main: list[int]           # the title proper
    end: int                  # its last line (main's, or past it where its phrase goes on)
    biggest: float            # the size of the largest heading
    letterhead: list[Line]    # the lines over (or under) it that name who issued it
    kicker: list[int] = field(default_factory=list)
    subtitle: list[Line] = field(default_factory=list)
    after: int = 0            # the first line past the title and its subtitle
    purpose: bool = False     # the subtitle is what a law named by its number does
    capitals: bool = False    # the title is a block of capitals in the text's type (`_capitals_block`)


def _title_heads(page: _Page, above_text_only: bool) -> list[int] | None:
    """The headings that may start the title: those above all running text
    (the ones under it are section headings) unless one further down is far
    larger; [] when nothing stands out, None when `above_text_only` and
    nothing above the text does."""
    lines = page.lines
    heads = [i for i, ln in enumerate(lines) if page.heading(ln) and ln.letters >= 2
             and not titles.is_placeholder(ln.text) and not titles.is_section_name(ln.text)
             and not titles.is_marking(ln.text) and not titles.is_dateline(ln.text)
             and not titles.is_date_and_place(ln.text) and not titles.lists_countries(ln.text)]
    if not heads:
        return []
    first_text = page.first_text
    on_top = [i for i in heads if lines[i].top < first_text]
    if above_text_only and not on_top:
        return None
    if on_top and max(lines[i].size for i in on_top) >= 0.75 * max(lines[i].size for i in heads):
        return on_top
    return heads


def _peel_letterhead(page: _Page, main: list[int], letterhead: list[Line]) -> None:
    """Move the lines of `main` that name who issued the document (over the
    title or under it, in its type) to `letterhead`; an author alone in the
    title's type over their affiliation leaves `main` empty."""
    lines = page.lines
    while main:
        if page.letterhead(main[0]) or titles.is_marking(lines[main[0]].text):
            letterhead.append(lines[main.pop(0)])
        elif titles.is_reference_line(lines[main[0]].text):
            main.pop(0)    # a file's reference over its title: "PE-CONS 2/26 - 2023/0447(COD)"
        elif named := page.named_over(main):
            letterhead.extend(lines[main.pop(0)] for _ in range(named))
        elif page.initials_over_name(main):
            letterhead.extend(lines[main.pop(0)] for _ in range(2))
        elif len(main) > 1 and titles.is_annex_label(lines[main[0]].text):
            main.pop(0)    # "ANEXO II" over "PLANO DE TRABALHO": its place in a bundle, not its name
        elif len(main) == 1 and page.byline(main[0]):
            main.pop()     # the author over their affiliation, in the title's type
            break
        else:
            break
    # the issuer set under the title in its type ("Dirección de Gobierno Digital")
    while len(main) > 1 and page.letterhead(main[-1]) and not _runs_on(lines[main[-2]], lines[main[-1]]):
        letterhead.append(lines[main.pop()])


def _next_standing_out(page: _Page, end: int, size: float) -> int | None:
    """Under lines that only name the bodies that issued the document (a
    logo's words, a letterhead): the next line that stands out from the
    text, even in smaller type, past short lines in text type (the front
    matter of a body's document: a symbol, "Distr.: General", a session)."""
    lines = page.lines
    nxt, aside = end + 1, 0
    while nxt < len(lines) and (lines[nxt].letters < 2 or titles.is_marking(lines[nxt].text) or (
            not page.heading(lines[nxt]) and aside < _FRONT_MATTER_LINES
            and len(titles.words(lines[nxt].text)) <= _FRONT_MATTER_WORDS)):
        aside += lines[nxt].letters >= 2
        nxt += 1
    if not (nxt < len(lines) and page.heading(lines[nxt]) and lines[nxt].size >= size * 0.5
            and lines[nxt].top - lines[end].bottom <= max(12 * size, 0.5 * page.width)   # a logo high over a cover
            and not titles.is_section_name(lines[nxt].text) and not titles.is_marking(lines[nxt].text)
            and not titles.ends_title(lines[nxt].text)
            and not titles.DATE_LINE.match(lines[nxt].text.strip(" .,"))):
        return None
    return nxt


_REPORT_LINES = 12       # the most lines a committee report's title runs to


def _committee_report(page: _Page) -> list[int]:
    """A parliament committee's report on a bill, titled by a block from
    its kind to its rapporteur in several sizes ("RAPPORT" / "FAIT AU NOM
    DE" / "LA COMMISSION DES LOIS …" / "SUR" / "LA PROPOSITION DE LOI …",
    then "PAR" and a name): the block's lines; [] when the page has none."""
    lines = page.lines
    for i, ln in enumerate(lines):
        if not titles.opens_a_committee_report(ln.text, page.text(range(i, min(i + 3, len(lines))))):
            continue
        block = [i]
        for j in range(i + 1, min(len(lines), i + _REPORT_LINES)):
            text = titles.tidy(lines[j].text).strip(" .,")
            if titles.BYLINE.match(text) or titles.is_marking(text) or titles.DATED.search(text) \
                    or lines[j].top - lines[block[-1]].bottom > 5 * lines[j].size:
                break
            block.append(j)
        return block
    return []


_CAPITALS_LINES = 12     # the most lines such a block of capitals runs to


def _capitals_block(page: _Page, end: int) -> list[int]:
    """Under a letterhead, a title set in the text's own type: a block of
    three or more centred lines in capitals, close together, one of them
    only words that join the others ("PROJECT APPRAISAL DOCUMENT" / "ON A" /
    "PROPOSED LOAN" / … / "FOR A" / "… PROJECT"), down to its date; the
    bodies named at its start are left out. [] when there is none."""
    lines, middle = page.lines, page.width / 2
    block: list[int] = []
    for i in range(end + 1, min(len(lines), end + 1 + 3 * _CAPITALS_LINES)):
        ln = lines[i]
        text = titles.tidy(ln.text)
        centred = page.width > 0 and abs((ln.left + ln.right) / 2 - middle) < 0.08 * page.width
        close = not block or ln.top - lines[block[-1]].bottom <= 3 * ln.size
        if block and (not close or titles.DATE_LINE.match(text.strip(" .,")) or titles.DATED.search(text)):
            break
        if not (centred and text.isupper() and ln.letters >= 2) or len(block) >= _CAPITALS_LINES:
            if block:
                break
            continue
        if not block and (titles.is_org_line(text) or titles.is_marking(text)):
            continue
        block.append(i)
    joined = [titles.tidy(lines[i].text) for i in block]
    if len(block) < 3 or not any(not titles.content_words(t) for t in joined) \
            or len(titles.words(" ".join(joined))) > 45:
        return []
    return block


def _main_title(page: _Page, heads: list[int]) -> _Reading:
    """The title proper: the run of lines from the largest heading, less
    the letterhead over it; when the largest lines are all letterhead, the
    next run that stands out; when nothing else does, the largest lines."""
    lines = page.lines
    biggest = max(lines[i].size for i in heads)
    anchor = next(i for i in heads if lines[i].size >= biggest * 0.97)
    first_text = page.first_text
    # the letterhead is among the lines above: headings, or anything above all running text
    start = anchor
    while start > 0 and (page.heading(lines[start - 1]) or lines[anchor].top < first_text) \
            and page.near(lines[start - 1], lines[start]):
        start -= 1
    letterhead = [lines[i] for i in range(start, anchor) if page.letterhead(i)]
    first, size = anchor, biggest
    main: list[int] = []
    end = anchor
    for _ in range(4):
        main = page.run_from(first, size)
        end = main[-1]
        _peel_letterhead(page, main, letterhead)
        if main:
            break
        nxt = _next_standing_out(page, end, size)
        if nxt is None:
            break
        first, size = nxt, lines[nxt].size
    if not main:
        # a cover set all in the text's type: the block of centred capitals under the letterhead
        main = _capitals_block(page, end)
        if main:
            return _Reading(main, main[-1], biggest, letterhead, capitals=True)
    if not main:           # nothing but names: they are the title after all
        main = page.run_from(anchor, biggest)
        end = main[-1]
        letterhead = [ln for ln in letterhead if all(ln is not lines[i] for i in main)]
    return _Reading(main, end, biggest, letterhead)


def _add_kicker(page: _Page, reading: _Reading) -> None:
    """The line right above, in nearly the same type ("THE DIGITAL MILLENNIUM
    COPYRIGHT ACT OF 1998" over "U.S. Copyright Office Summary" in a point
    more) or running on into it ("UPDATED RECOMMENDATIONS ON"), is the
    title's first line when it is no letterhead. Lines above in bold type a
    little smaller, apart from it, are the title's first part, its kicker
    ("REIMAGINING HUMAN / CONNECTIONS" over "TECHNOLOGY AND INNOVATION IN
    EDUCATION AT THE WORLD BANK")."""
    lines, main, kicker = page.lines, reading.main, reading.kicker
    for _ in range(3):
        up = (kicker or main)[0] - 1
        while up >= 0 and page.beside(lines[up], (lines[i] for i in main)):
            up -= 1
        if up < 0:
            break
        ln, top = lines[up], lines[(kicker or main)[0]]
        text = ln.text.strip(" .,")
        if not (page.heading(ln) and top.top - ln.bottom <= 1.5 * top.size
                and _aligned(top, ln, page.width) and not _letterhead(ln, top) and not titles.is_marking(text)
                and not titles.is_section_name(text) and not titles.ends_title(text)
                and not titles.is_enacting_formula(text) and not titles.is_annex_label(text)
                and not titles.is_date_and_place(text)
                and not (titles.DATE_LINE.match(text) and not _YEARS.match(text))
                and all(ln is not other for other in reading.letterhead)):
            break
        # nearly its type, a line running on into it, or its year ("2017" over "Affordability Report")
        if not kicker and (ln.size >= top.size * _SAME_SIZE or titles.runs_on(text) or _YEARS.match(text)):
            main.insert(0, up)
            break
        if not (ln.bold and top.bold and ln.size >= lines[main[0]].size * 0.75
                and (not kicker or ln.size >= top.size * _SAME_SIZE)):
            break
        kicker.insert(0, up)
    if kicker and not titles.content_words(page.text(kicker)):
        kicker.clear()


def _placed_under(page: _Page, reading: _Reading, ln: Line) -> bool:
    """Set as a line under the title is: aligned with it, or indented within it."""
    return _aligned(page.lines[reading.main[0]], ln, page.width) \
        or _set_under([page.lines[i] for i in reading.main], ln)


def _continue_phrase(page: _Page, reading: _Reading) -> None:
    """The rest of the title's phrase in smaller type ("LE CADRE JURIDIQUE DE
    LA RESTAURATION DURABLE" / "EN ÉTABLISSEMENTS DE SANTÉ" / "ET MÉDICO-SOCIAUX")."""
    lines = page.lines
    while reading.end + 1 < len(lines) and len(reading.main) < 12:
        ln, last = lines[reading.end + 1], lines[reading.end]
        if not (titles.opens_mid_phrase(ln.text) and page.heading(ln) and ln.top - last.bottom <= 1.5 * ln.size
                and _placed_under(page, reading, ln) and not _SENTENCE_END.search(last.text)):
            break
        reading.end += 1
        reading.main.append(reading.end)


def _add_subtitle(page: _Page, reading: _Reading) -> None:
    """A subtitle: the lines right under the title, smaller than it but still
    larger than the text (or bold where the text is not); not a byline, a
    date, an edition, a reference number or a paragraph of text; none after
    a title that ends a sentence. Text beside the title ends it: what comes
    under a column's title, past the column next to it, is the column's
    first section. Sets `reading.after` to the line past them."""
    lines, end, subtitle = page.lines, reading.end, reading.subtitle
    nxt = end + 1
    passed: Line | None = None
    while nxt < len(lines) and not _SENTENCE_END.search(lines[end].text):
        ln = lines[nxt]
        prev = (subtitle or [passed or lines[end]])[-1]
        # the rest of a line that runs on is taken whatever it reads as, and
        # a word or two set as the line above, right under it ("… DONNÉE" / "OUVERTE")
        going_on = bool(subtitle) and (_runs_on(prev, ln) or (
            len(titles.content_words(ln.text)) < 2 and abs(ln.size - prev.size) < 0.5
            and ln.bold == prev.bold and ln.top - prev.bottom <= 0.8 * ln.size
            and not titles.is_not_a_title_line(ln.text)))
        if len(subtitle) >= (6 if going_on else 3):
            break
        # in half the title's size, or smaller under a very large title
        # if still half as large again as the text; in any heading's size
        # under a title that ends in a colon, which the line completes
        completes = not subtitle and lines[end].text.rstrip().endswith(":")
        if not (page.heading(ln) and (ln.size >= reading.biggest * 0.5 or ln.size >= page.body * 1.5 or completes)
                and ln.top - prev.bottom <= 2.5 * prev.size and (subtitle or not page.set_apart(reading.main, ln))
                and _placed_under(page, reading, ln)):
            break
        if subtitle and (ln.size < subtitle[0].size * _SAME_SIZE or (ln.bold != subtitle[0].bold
                                                                     and not going_on)):
            break              # a subtitle's lines are set alike: this is who issued it, or a note
        text = ln.text.strip(" .,")
        if not subtitle and titles.cites_an_article(text) and nxt + 1 < len(lines) \
                and page.heading(lines[nxt + 1]) and lines[nxt + 1].size > ln.size:
            passed = ln     # the article a report is made under, between it and what it reports on
            nxt += 1
            continue
        below = page.following(nxt)
        if not subtitle and len(titles.content_words(text)) < 2 and below is not None \
                and abs(below.size - ln.size) < 0.5 and below.bold == ln.bold \
                and below.top - ln.bottom <= 1.5 * ln.size:
            text = f"{text} {below.text}"      # a word over the line it leads ("ATELIER" / "FRESQUE DE …")
        if not going_on and (not titles.may_be_subtitle(text) or len(titles.words(text)) > 25
                             or titles.is_section_name(text) or _NUMBER_LINE.match(text) or page.byline(nxt)
                             or titles.signed_by_initials(text)):
            break
        subtitle.append(ln)
        nxt += 1
    reading.after = nxt
    after = next((ln for ln in lines[nxt:] if not page.beside(ln, subtitle)), None) if subtitle else None
    if len(titles.words(" ".join(ln.text for ln in subtitle))) > 25 or (subtitle and (
            _SENTENCE_END.search(subtitle[-1].text) or _runs_on(subtitle[-1], after))):
        subtitle.clear()       # a standfirst: running text in larger type, a sentence
    elif subtitle and nxt < len(lines) and not page.heading(lines[nxt]) and lines[nxt].letters >= 30 \
            and lines[nxt].top - subtitle[-1].bottom <= 0.7 * lines[nxt].size:
        subtitle.clear()       # the heading of the first paragraph, which follows it closely


_PURPOSE_REACH = 8      # lines under a law's number where its purpose may be set


def _add_purpose(page: _Page, reading: _Reading) -> None:
    """A law or a decree whose title is its number ("LEY 599 DE 2000"): the
    words under it that say what it does ("por la cual se expide el Código
    Penal."), past its date, its gazette and its enacting body, to their
    full stop, are its subtitle."""
    lines = page.lines
    if reading.subtitle or not titles.names_a_law_by_number(page.text(reading.main)):
        return
    for i in range(reading.end + 1, min(len(lines), reading.end + 1 + _PURPOSE_REACH)):
        if titles.states_a_law_purpose(lines[i].text):
            reading.subtitle.append(lines[i])
            for ln in lines[i + 1:i + 4]:
                if _SENTENCE_END.search(reading.subtitle[-1].text) or ln.top - reading.subtitle[-1].bottom \
                        > 1.5 * ln.size or abs(ln.size - lines[i].size) >= 0.5:
                    break
                reading.subtitle.append(ln)
            reading.purpose = True
            return


def _set_once(page: _Page, main: list[int]) -> list[int]:
    """`main` without its second half when that is the first again (a back
    cover beside the front one)."""
    for k in range(1, len(main)):
        head, rest = page.text(main[:k]), page.text(main[k:])
        if len(titles.content_words(head)) >= 3 and titles.covered(rest, head) >= 0.8 \
                and titles.covered(head, rest) >= 0.6:
            return main[:k]
    return main


def _composed(page: _Page, reading: _Reading, number: int, where: str) -> Title | None:
    """The title the reading gives, with its issuer where the title proper
    only names its kind, and the reason."""
    lines, main, subtitle, nxt = page.lines, reading.main, reading.subtitle, reading.after
    text = titles.strip_tail(titles.unlabelled(titles.tidy(page.text(main))))
    if reading.kicker:
        text = titles.join_lines([titles.smart_case(titles.tidy(page.text(reading.kicker)), page.written),
                                  titles.smart_case(text, page.written)])
    if subtitle and titles.covered(_joined(ln.text for ln in subtitle), text) >= 0.8:
        subtitle = []          # the title again (a back cover beside the front one), no subtitle
    if not titles.content_words(text) or (titles.is_field_label(text) and not subtitle and not reading.kicker):
        return None        # nothing, or a field's label over what fills it in ("Participants:")
    size = max(lines[i].size for i in main)
    if reading.capitals:
        parts = [f"the block of centred capitals under the letterhead {where or f'on page {number}'}"]
    else:
        parts = [f"the largest lines {where or f'on page {number}'} ({size:.0f} pt"
                 + (", bold" if all(lines[i].bold for i in main) else "")
                 + f"; the text is {page.body:.0f} pt)"]
    if reading.kicker:
        parts.append("after the bold lines over them")
    if subtitle:
        parts.append("with the words under them that say what the law does" if reading.purpose
                     else "with the subtitle under them")
    text, why = titles.with_issuer(text, _names(reading.letterhead))
    above = (subtitle or [lines[reading.end]])[-1]
    if not why and nxt < len(lines) and lines[nxt].top - above.bottom <= 2.5 * above.size \
            and not _runs_on(lines[nxt], page.following(nxt)):
        # no office above: the one named right under the title ("Annual
        # Report 2022" over "Office of the Auditor-General"), not the start
        # of a sentence that names one
        text, why = titles.with_issuer(text, [lines[nxt].text], "under")
    if not why and any(titles.is_placeholder(ln.text) for ln in reading.letterhead):
        # a template's letterhead left unfilled ("[INSERT AGENCY NAME]"):
        # the office its opening lines name is the one meant
        text, why = titles.issuer_from_text(text, " ".join(ln.text for ln in lines[nxt:nxt + _OPENING]))
    if why:
        parts.append(why)
    elif reading.letterhead:
        parts.append("leaving out the letterhead above it")
    # whose it is goes before the title proper, which alone may only name
    # its kind ("PROCÈS-VERBAL" over "Séance publique du 20 juin"); the subtitle after it
    if subtitle:
        rest = titles.strip_tail(_joined(ln.text for ln in subtitle))
        text = titles.join_lines([text, rest.rstrip(" .") if reading.purpose else rest])
    return Title(titles.smart_case(text, page.written), ", ".join(parts))


def page_title(lines: Sequence[Line], width: float, body: float, number: int, where: str = "",
               above_text_only: bool = False, text: str = "") -> Title | None:
    """The title one page shows, or None when nothing on it stands out;
    `where` names the page in the reason (else "on page `number`").
    `above_text_only`: only lines above all running text can be the title
    (a Word document's, whose headings further down name its sections).
    `text`: more of the document's text than `lines` hold (a Word
    document's, of which only the opening is laid out), for the words it
    writes in lower case (see `titles.smart_case`).

    The title is read in steps, each a function below: the headings that
    may start it, the title proper from the largest (less its letterhead),
    a kicker or a line over it, the rest of its phrase, a subtitle under it,
    a title set twice read once, and last the issuer where the title only
    names its kind."""
    lines = sorted((ln for ln in lines if _worth(ln)), key=lambda ln: (round(ln.top), ln.left))
    if not lines or body <= 0:
        return None
    page = _Page(lines, width, body, text)
    report = _committee_report(page)
    if report:
        said = titles.tidy(page.text(report)).rstrip(" .,;:")
        letters = [c for c in said if c.isalpha()]
        if sum(c.isupper() for c in letters) >= 0.9 * len(letters):
            said = said.upper()      # capitals but a word ("… LOI Organique N°10/2024 …"): cased as capitals
        return Title(titles.smart_case(said, page.written),
                     f"the committee report's lines {where or f'on page {number}'}, from its kind to its rapporteur")
    heads = _title_heads(page, above_text_only)
    if heads is None:
        return None
    if not heads:
        return _cover(lines, width)
    reading = _main_title(page, heads)
    if len(reading.main) == 1 and page.byline(reading.main[0]):
        return None        # the largest type names people (a deck's presenters): no title on this page
    _add_kicker(page, reading)
    _continue_phrase(page, reading)
    _add_subtitle(page, reading)
    _add_purpose(page, reading)
    reading.main = _set_once(page, reading.main)
    return _composed(page, reading, number, where)
