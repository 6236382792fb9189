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
    if line.letters < 2 or titles.LEADER.search(text):
        return False             # nor an entry of a table of contents: "Poder EXECUTIVO ........ 2"
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
            or titles.is_form_number(line.text)) \
        and not _runs_on(line, following)


def page_title(lines: Sequence[Line], width: float, body: float, number: int, where: str = "",
               above_text_only: bool = False) -> Title | None:
    """The title one page shows, or None when nothing on it stands out;
    `where` names the page in the reason (else "on page `number`").
    `above_text_only`: only lines above all running text can be the title
    (a Word document's, whose headings further down name its sections)."""
    lines = sorted((ln for ln in lines if _worth(ln)), key=lambda ln: (round(ln.top), ln.left))
    if not lines or body <= 0:
        return None
    at_body = [ln for ln in lines if abs(ln.size - body) < 0.5]
    body_bold = sum(ln.letters for ln in at_body if ln.bold) * 2 > sum(ln.letters for ln in at_body)

    def heading(ln: Line) -> bool:
        return ln.size >= body * _HEADING_RATIO or (ln.bold and not body_bold and ln.size >= body * 0.85)

    def near(a: Line, b: Line) -> bool:
        return b.top - a.bottom <= 8 * max(a.size, b.size)

    heads = [i for i, ln in enumerate(lines) if heading(ln) and ln.letters >= 2
             and not titles.is_placeholder(ln.text) and not titles.is_section_name(ln.text)
             and not titles.is_marking(ln.text) and not titles.is_dateline(ln.text)]
    if not heads:
        return _cover(lines, width)
    # Headings with running text above them are section headings; the title
    # is among those above all running text, unless one further down is far larger.
    # (a letterhead in the text's type is no running text, nor a law's enacting words)
    first_text = next((ln.top for ln in lines if not heading(ln) and ln.letters >= 20
                       and not titles.is_org_line(ln.text) and not titles.is_enacting_formula(ln.text)),
                      math.inf)
    on_top = [i for i in heads if lines[i].top < first_text]
    if above_text_only and not on_top:
        return None
    if on_top and max(lines[i].size for i in on_top) >= 0.75 * max(lines[i].size for i in heads):
        heads = on_top
    biggest = max(lines[i].size for i in heads)

    def beside(ln: Line, block: Iterable[Line]) -> bool:
        """In another column than the lines of `block`: no part of it is
        above or below any of them, and a gutter between (not the next cell
        of a table's row)."""
        block = list(block)
        gutter = max(b.size for b in block)
        return ln.right <= min(b.left for b in block) - gutter or ln.left >= max(b.right for b in block) + gutter

    def run_from(first: int, size: float) -> list[int]:
        """The lines of the title that starts at `first`: lines of about its
        size, set alike, with no other text between them in its column (a
        column of text beside it is passed over), up to a date or an edition."""
        run = [first]
        for j in range(first + 1, len(lines)):
            ln = lines[j]
            if beside(ln, (lines[i] for i in run)):
                continue
            text = ln.text.strip(" .,")
            # a title that so far only names its kind ("RAPPORT") goes on in
            # type a little smaller ("D'ACTIVITÉS")
            alike = 0.6 if titles.names_only_a_kind(_joined(lines[i].text for i in run)) else _SAME_SIZE
            if not (heading(ln) and ln.size >= size * alike and ln.top - lines[run[-1]].bottom <= 2.5 * ln.size
                    and _aligned(lines[first], ln, width)) or titles.ends_title(text) \
                    or (titles.DATE_LINE.match(text) and not _YEARS.match(text)) or titles.DATED.search(text) \
                    or titles.gives_day_or_hour(text) \
                    or (titles.looks_like_person(text) and not text.isupper()          # "Rekha Jain"
                        and not _runs_on(lines[run[-1]], ln)) \
                    or _SENTENCE_END.search(lines[run[-1]].text) or _NUMBER_LINE.match(text) \
                    or titles.is_placeholder(text) or titles.is_section_name(text) \
                    or (titles.is_org_line(text) and ln.size < lines[first].size - 0.5
                        and not _runs_on(lines[run[-1]], ln)):      # the body, in a point less
                break
            run.append(j)
        return run

    def following(i: int) -> Line | None:
        return lines[i + 1] if i + 1 < len(lines) else None

    def named_over_two(run: list[int]) -> bool:
        """The first line of `run` runs on and names a body with the next
        ("PARLIAMENT OF THE DEMOCRATIC SOCIALIST REPUBLIC OF" / "SRI LANKA")."""
        return len(run) > 1 and _runs_on(lines[run[0]], lines[run[1]]) \
            and titles.is_org_line(_joined(lines[i].text for i in run[:2])) \
            and not _runs_on(lines[run[1]], following(run[1]))

    def initials_over_name(run: list[int]) -> bool:
        """A body's initials in one word over its name or a part of it
        ("AGESIC" / "Área de tecnología")."""
        return len(run) > 1 and titles.is_initials(lines[run[0]].text) \
            and _letterhead(lines[run[1]], following(run[1]))

    def byline(i: int) -> bool:
        """A person's name with a date, an affiliation or another name under it."""
        if not titles.looks_like_person(lines[i].text):
            return False
        rest = [ln for ln in lines[i + 1:] if not beside(ln, [lines[i]])]
        if not rest:
            return True
        text = rest[0].text.strip(" .,")
        if len(rest) > 1 and titles.runs_on(text):      # "Mathematician and" / "Member of the French Parliament"
            text = f"{text} {rest[1].text.strip(' .,')}"
        return bool(titles.DATE_LINE.match(text) or titles.DATED.search(text) or titles.MONTH_YEAR.search(text)
                    or titles.is_org_line(text)
                    or titles.ends_title(text) or titles.looks_like_person(text)
                    or titles.looks_like_names(text))

    anchor = next(i for i in heads if lines[i].size >= biggest * 0.97)
    # the letterhead is among the lines above: headings, or anything above all running text
    start = anchor
    while start > 0 and (heading(lines[start - 1]) or lines[anchor].top < first_text) \
            and near(lines[start - 1], lines[start]):
        start -= 1
    letterhead = [ln for i, ln in enumerate(lines[start:anchor], start) if _letterhead(ln, following(i))]
    first, size = anchor, biggest
    for _ in range(4):
        main = run_from(first, size)
        end = main[-1]
        while main:
            if _letterhead(lines[main[0]], following(main[0])) or titles.is_marking(lines[main[0]].text):
                letterhead.append(lines[main.pop(0)])
            elif named_over_two(main) or initials_over_name(main):
                letterhead.extend(lines[main.pop(0)] for _ in range(2))
            elif len(main) == 1 and byline(main[0]):
                main.pop()     # the author over their affiliation, in the title's type
                break
            else:
                break
        # the issuer set under the title in its type ("Dirección de Gobierno Digital")
        while len(main) > 1 and _letterhead(lines[main[-1]], following(main[-1])) \
                and not _runs_on(lines[main[-2]], lines[main[-1]]):
            letterhead.append(lines[main.pop()])
        if main:
            break
        # The largest lines only name the bodies that issued the document
        # (a logo's words, a letterhead): the title is the next lines that
        # stand out from the text, even in smaller type.
        # Short lines in text type between them are the front matter of a
        # body's document (a symbol, "Distr.: General", a session, a date).
        nxt, aside = end + 1, 0
        while nxt < len(lines) and (lines[nxt].letters < 2 or (
                not heading(lines[nxt]) and aside < _FRONT_MATTER_LINES
                and len(titles.words(lines[nxt].text)) <= _FRONT_MATTER_WORDS)):
            aside += lines[nxt].letters >= 2
            nxt += 1
        if not (nxt < len(lines) and heading(lines[nxt]) and lines[nxt].size >= size * 0.5
                and lines[nxt].top - lines[end].bottom <= 12 * size
                and not titles.is_section_name(lines[nxt].text) and not titles.is_marking(lines[nxt].text)
                and not titles.ends_title(lines[nxt].text)
                and not titles.DATE_LINE.match(lines[nxt].text.strip(" .,"))):
            break
        first, size = nxt, lines[nxt].size
    if not main:           # nothing but names: they are the title after all
        main = run_from(anchor, biggest)
        end = main[-1]
        letterhead = [ln for ln in letterhead if all(ln is not lines[i] for i in main)]
    # The line right above, in nearly the same type ("THE DIGITAL MILLENNIUM
    # COPYRIGHT ACT OF 1998" over "U.S. Copyright Office Summary" in a point
    # more) or running on into it ("UPDATED RECOMMENDATIONS ON"), is the
    # title's first line when it is no letterhead.
    # Lines above in bold type a little smaller, apart from it, are the
    # title's first part ("REIMAGINING HUMAN / CONNECTIONS" over
    # "TECHNOLOGY AND INNOVATION IN EDUCATION AT THE WORLD BANK").
    kicker: list[int] = []
    for _ in range(3):
        up = (kicker or main)[0] - 1
        while up >= 0 and beside(lines[up], (lines[i] for i in main)):
            up -= 1
        if up < 0:
            break
        ln, top = lines[up], lines[(kicker or main)[0]]
        text = ln.text.strip(" .,")
        if not (heading(ln) and top.top - ln.bottom <= 1.5 * top.size
                and _aligned(top, ln, width) and not _letterhead(ln, top) and not titles.is_marking(text)
                and not titles.is_section_name(text) and not titles.ends_title(text)
                and not titles.is_enacting_formula(text)
                and not (titles.DATE_LINE.match(text) and not _YEARS.match(text))
                and all(ln is not other for other in letterhead)):
            break
        # nearly its type, a line running on into it, or its year ("2017" over "Affordability Report")
        if not kicker and (ln.size >= top.size * _SAME_SIZE or titles.runs_on(text) or _YEARS.match(text)):
            main.insert(0, up)
            break
        if not (ln.bold and top.bold and ln.size >= lines[main[0]].size * 0.75
                and (not kicker or ln.size >= top.size * _SAME_SIZE)):
            break
        kicker.insert(0, up)
    if kicker and not titles.content_words(_joined(lines[i].text for i in kicker)):
        kicker = []

    # A subtitle: the lines right under the title, smaller than it but still
    # larger than the text (or bold where the text is not); not a byline,
    # a date, an edition, a reference number or a paragraph of text; none
    # after a title that ends a sentence. Text
    # beside the title ends it: what comes under a column's title, past the
    # column next to it, is the column's first section.
    def placed_under(ln: Line) -> bool:
        """Set as a line under the title is: aligned with it, or indented within it."""
        return _aligned(lines[main[0]], ln, width) or _set_under([lines[i] for i in main], ln)

    # the rest of its phrase in smaller type ("LE CADRE JURIDIQUE DE LA
    # RESTAURATION DURABLE" / "EN ÉTABLISSEMENTS DE SANTÉ" / "ET MÉDICO-SOCIAUX")
    while end + 1 < len(lines) and len(main) < 12 and titles.opens_mid_phrase(lines[end + 1].text) \
            and heading(lines[end + 1]) and lines[end + 1].top - lines[end].bottom <= 1.5 * lines[end + 1].size \
            and placed_under(lines[end + 1]) \
            and not _SENTENCE_END.search(lines[end].text):
        end += 1
        main.append(end)
    subtitle: list[Line] = []
    nxt = end + 1
    while nxt < len(lines) and not _SENTENCE_END.search(lines[end].text):
        ln = lines[nxt]
        prev = (subtitle or [lines[end]])[-1]
        # the rest of a line that runs on is taken whatever it reads as
        going_on = bool(subtitle) and _runs_on(prev, ln)
        if len(subtitle) >= (6 if going_on else 3):
            break
        # in half the title's size, or smaller under a very large title
        # if still half as large again as the text; in any heading's size
        # under a title that ends in a colon, which the line completes
        completes = not subtitle and lines[end].text.rstrip().endswith(":")
        if not (heading(ln) and (ln.size >= biggest * 0.5 or ln.size >= body * 1.5 or completes)
                and ln.top - prev.bottom <= 2.5 * prev.size
                and placed_under(ln)):
            break
        if subtitle and (ln.size < subtitle[0].size * _SAME_SIZE or (ln.bold != subtitle[0].bold
                                                                     and not going_on)):
            break              # a subtitle's lines are set alike: this is who issued it, or a note
        text = ln.text.strip(" .,")
        if not going_on and (not titles.may_be_subtitle(text) or len(titles.words(text)) > 25
                             or titles.is_section_name(text) or _NUMBER_LINE.match(text) or byline(nxt)):
            break
        subtitle.append(ln)
        nxt += 1
    after = next((ln for ln in lines[nxt:] if not beside(ln, subtitle)), None) if subtitle else None
    if len(titles.words(" ".join(ln.text for ln in subtitle))) > 25 or (subtitle and (
            _SENTENCE_END.search(subtitle[-1].text) or _runs_on(subtitle[-1], after))):
        subtitle = []          # a standfirst: running text in larger type, a sentence
    elif subtitle and nxt < len(lines) and not heading(lines[nxt]) and lines[nxt].letters >= 30 \
            and lines[nxt].top - subtitle[-1].bottom <= 0.7 * lines[nxt].size:
        subtitle = []          # the heading of the first paragraph, which follows it closely
    for k in range(1, len(main)):
        head, rest = (_joined(lines[i].text for i in part) for part in (main[:k], main[k:]))
        if len(titles.content_words(head)) >= 3 and titles.covered(rest, head) >= 0.8 \
                and titles.covered(head, rest) >= 0.6:
            main = main[:k]    # the title set twice (a back cover beside the front): once
            break
    text = titles.strip_tail(titles.unlabelled(titles.tidy(_joined(lines[i].text for i in main))))
    if kicker:
        text = titles.join_lines([titles.smart_case(titles.tidy(_joined(lines[i].text for i in kicker))),
                                  titles.smart_case(text)])
    if subtitle and titles.covered(_joined(ln.text for ln in subtitle), text) >= 0.8:
        subtitle = []          # the title again (a back cover beside the front one), no subtitle
    if not titles.content_words(text):
        return None
    size = max(lines[i].size for i in main)
    parts = [f"the largest lines {where or f'on page {number}'} ({size:.0f} pt"
             + (", bold" if all(lines[i].bold for i in main) else "")
             + f"; the text is {body:.0f} pt)"]
    if kicker:
        parts.append("after the bold lines over them")
    if subtitle:
        parts.append("with the subtitle under them")
    text, why = titles.with_issuer(text, _names(letterhead))
    above = (subtitle or [lines[end]])[-1]
    if not why and nxt < len(lines) and lines[nxt].top - above.bottom <= 2.5 * above.size \
            and not _runs_on(lines[nxt], following(nxt)):
        # no office above: the one named right under the title ("Annual
        # Report 2022" over "Office of the Auditor-General"), not the start
        # of a sentence that names one
        text, why = titles.with_issuer(text, [lines[nxt].text], "under")
    if not why and any(titles.is_placeholder(ln.text) for ln in letterhead):
        # a template's letterhead left unfilled ("[INSERT AGENCY NAME]"):
        # the office its opening lines name is the one meant
        text, why = titles.issuer_from_text(text, " ".join(ln.text for ln in lines[nxt:nxt + _OPENING]))
    if why:
        parts.append(why)
    elif letterhead:
        parts.append("leaving out the letterhead above it")
    # whose it is goes before the title proper, which alone may only name
    # its kind ("PROCÈS-VERBAL" over "Séance publique du 20 juin"); the subtitle after it
    if subtitle:
        text = titles.join_lines([text, titles.strip_tail(_joined(ln.text for ln in subtitle))])
    return Title(titles.smart_case(text), ", ".join(parts))
