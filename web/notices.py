"""The index backends' notices, in the UI language.

A backend says what it did to a query in `Results.notice`: English sentences
from `indexes.common` joined by spaces ("Your query was shortened to its
first 30 words. A wildcard matched too many words; ..."). The backends stay
free of any locale; here each sentence is recognised by its message id (the
English template with its placeholders) and shown through the catalogs.
`tests/web/test_i18n.py` builds every notice with `indexes.common` itself
and checks it is recognised, so a reworded notice fails a test rather than
silently staying English. A sentence nobody registered is shown as written."""
from __future__ import annotations

import re
from functools import lru_cache

from flask_babel import gettext, ngettext

from web.i18n import N_, ngettext_num

# (message id, plural id or None), as indexes/common.py words them.
SENTENCES: tuple[tuple[str, str | None], ...] = (
    (N_("Your query has no words to search for (punctuation and very common words are "
        "ignored); showing all documents."), None),
    (N_("No document contains all of your words; showing documents that contain some of them."),
     None),
    (N_("Your query could not be read as written: %(problem)s. Searched for its words instead."),
     None),
    (N_("A wildcard matched too many words; only the %(num)s most frequent were searched."), None),
    ("Your query was shortened to its first %(num)s character.",
     "Your query was shortened to its first %(num)s characters."),
    ("Your query was shortened to its first %(num)s word.",
     "Your query was shortened to its first %(num)s words."),
)
# What makes a query unreadable (`indexes.common.syntax_problem`, and the
# backends' own "could not be parsed").
PROBLEMS: tuple[str, ...] = (
    N_("a quote is not closed"),
    N_("a bracket is closed that was never opened"),
    N_("a bracket is not closed"),
    N_("'%(word)s' needs a word on each side"),
    N_("'%(first)s %(second)s' has nothing between the operators"),
    N_("'%(name)s:' is not a field you can search (use title: or body:)"),
    N_("a field name is followed by nothing"),
    N_("a wildcard needs some letters before it"),
    N_("it could not be parsed (%(detail)s)"),
    N_("it could not be parsed"),
)


# What the index backends say when they cannot answer for a moment
# (indexes/pool.py, indexes/tantivy.py); messages that name server paths are
# for curators and stay as written.
INDEX_ERRORS: tuple[str, ...] = (
    N_("the index is busy; try again in a moment"),
    N_("the index has been closed"),
)


def translate_index_error(message: str) -> str:
    """An index backend's error message in the UI language, when it is one of ours."""
    return gettext(message) if message in INDEX_ERRORS else message


def _keep_plurals() -> None:
    """Plural ids for pybabel, which extracts only calls it can see."""
    ngettext("Your query was shortened to its first %(num)s character.",
             "Your query was shortened to its first %(num)s characters.", 1)
    ngettext("Your query was shortened to its first %(num)s word.",
             "Your query was shortened to its first %(num)s words.", 1)


def _pattern(template: str) -> re.Pattern:
    """The English template as a regex with one named group per placeholder."""
    parts = re.split(r"%\((\w+)\)s", template)
    out = []
    for i, part in enumerate(parts):
        if i % 2:
            out.append(rf"(?P<{part}>\d+)" if part == "num" else rf"(?P<{part}>.+?)")
        else:
            out.append(re.escape(part))
    return re.compile("".join(out))


@lru_cache(maxsize=1)
def _sentences() -> list[tuple[re.Pattern, str, str | None]]:
    out = []
    for singular, plural in SENTENCES:
        forms = [singular] if plural is None else [plural, singular]
        for form in forms:
            out.append((_pattern(form), singular, plural))
    return out


@lru_cache(maxsize=1)
def _problems() -> list[tuple[re.Pattern, str]]:
    return [(_pattern(p), p) for p in PROBLEMS]


def translate_problem(text: str) -> str:
    for pattern, template in _problems():
        m = pattern.fullmatch(text)
        if m:
            return gettext(template, **m.groupdict())
    return text


def _translate(template: str, plural: str | None, values: dict) -> str:
    if "problem" in values:
        values["problem"] = translate_problem(values["problem"])
    if plural is not None:
        num = int(values.pop("num"))
        return ngettext_num(template, plural, num, **values)
    return gettext(template, **values)


def translate_notice(notice: str | None) -> str | None:
    """`Results.notice` in the UI language, sentence by sentence."""
    if not notice:
        return notice
    out: list[str] = []
    pos, n = 0, len(notice)
    while pos < n:
        for pattern, template, plural in _sentences():
            m = pattern.match(notice, pos)
            if m and (m.end() == n or notice[m.end()] == " "):
                out.append(_translate(template, plural, m.groupdict()))
                pos = m.end() + 1
                break
        else:
            out.append(notice[pos:])        # not one of ours: as the backend wrote it
            break
    return " ".join(out)
