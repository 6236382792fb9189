"""Finds user-visible text in Jinja templates that does not go through gettext.

A template is parsed with Jinja itself. Its literal markup is put back
together in document order, every `{{ … }}` standing in as a placeholder
character, and read with an HTML parser: any text node with a letter in it,
and any `title`, `aria-label`, `placeholder`, `alt` or `label` attribute (or
the `value` of a button) with a letter in it, is text nobody translates.
String literals inside expressions are flagged too when they read like words
for people ("Untitled document", 'Page') rather than code ('documents.page',
'pdf'), unless they are the message id of a `_()`, `gettext`, `ngettext` or
`pgettext` call. Text inside `{% trans %}` is translated and skipped."""
from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

from jinja2 import Environment, nodes

HOLE = "\ue000"       # a private-use character: no letter, and legal inside a tag
GETTEXT = frozenset({"_", "gettext", "ngettext", "pgettext", "npgettext"})
ATTRIBUTES = frozenset({"title", "aria-label", "placeholder", "alt", "label"})
# Words that are the same in every language: the product's name.
ALLOWED = frozenset({"KB"})
_LETTER = re.compile(r"[^\W\d_]")
_PROSE = re.compile(r"\s|^[A-Z][a-z]")


@dataclass(frozen=True)
class Finding:
    template: str
    line: int
    where: str          # "text", "attribute title", "literal"
    text: str

    def __str__(self) -> str:
        return f"{self.template}:{self.line}: {self.where}: {self.text!r}"


def _visible(text: str) -> str:
    return " ".join(text.replace(HOLE, " ").split())


def _is_words(text: str) -> bool:
    """Whether `text` has a word for people in it (the allowed names aside)."""
    return any(_LETTER.search(w) and w not in ALLOWED for w in re.findall(r"\w+", _visible(text)))


class _Markup(HTMLParser):
    def __init__(self, name: str, lines: list[int]):
        super().__init__(convert_charrefs=True)
        self.name, self.lines, self.findings = name, lines, []
        self.skip = 0

    def _line(self) -> int:
        line, _ = self.getpos()
        return self.lines[min(line, len(self.lines)) - 1] if self.lines else line

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.skip += 1
        attrs = dict(attrs)
        for key, value in attrs.items():
            value = value or ""
            button_value = key == "value" and (tag == "button" or (
                tag == "input" and (attrs.get("type") or "") in ("submit", "button", "reset")))
            if (key in ATTRIBUTES or button_value) and _is_words(value):
                self.findings.append(Finding(self.name, self._line(), f"attribute {key}", _visible(value)))

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self.skip:
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip and _is_words(data):
            self.findings.append(Finding(self.name, self._line(), "text", _visible(data)))


def _walk(node: nodes.Node, out: list[tuple[str, int]], literals: list[tuple[str, int]],
          in_gettext: bool = False) -> None:
    """Literal markup in order (expressions as HOLE) and prose-like string constants."""
    if isinstance(node, nodes.TemplateData):
        out.append((node.data, node.lineno))
        return
    if isinstance(node, nodes.Output):
        for child in node.nodes:
            if isinstance(child, nodes.TemplateData):
                out.append((child.data, child.lineno))
            else:
                out.append((HOLE, child.lineno))
                _walk(child, out, literals)
        return
    if isinstance(node, nodes.AssignBlock):
        # `{% set x %}…{% endset %}`: markup, or an attribute fragment such as
        # ` lang="{{ l }}"`, which is checked inside a tag of its own.
        body: list[tuple[str, int]] = []
        for child in node.body:
            _walk(child, body, literals)
        text = "".join(t for t, _ in body)
        if text.strip() and not text.lstrip().startswith("<") and "=" in text:
            body = [("<x ", node.lineno), *body, (">", node.lineno)]
        out.extend(body)
        return
    if isinstance(node, nodes.Call) and isinstance(node.node, nodes.Name) and node.node.name in GETTEXT:
        for i, arg in enumerate(node.args):
            # the message ids (and a pgettext context) are translated; the count is not text
            _walk(arg, out, literals, in_gettext=isinstance(arg, nodes.Const))
        for kw in node.kwargs:
            _walk(kw, out, literals)
        return
    if isinstance(node, nodes.Const) and isinstance(node.value, str):
        if not in_gettext and _PROSE.search(node.value.strip()) and _LETTER.search(node.value):
            literals.append((node.value, node.lineno))
        return
    for child in node.iter_child_nodes():
        _walk(child, out, literals)


def check_source(name: str, source: str, env: Environment | None = None) -> list[Finding]:
    env = env or Environment(extensions=["jinja2.ext.i18n"], trim_blocks=True, lstrip_blocks=True)
    tree = env.parse(source, name=name)
    pieces: list[tuple[str, int]] = []
    literals: list[tuple[str, int]] = []
    _walk(tree, pieces, literals)
    html = "".join(text for text, _ in pieces)
    # the template line of each line of the reassembled markup
    lines: list[int] = []
    for text, lineno in pieces:
        lines.extend([lineno] * text.count("\n"))
    lines.append(pieces[-1][1] if pieces else 1)
    parser = _Markup(name, lines)
    parser.feed(html)
    parser.close()
    findings = parser.findings
    findings += [Finding(name, line, "literal", text) for text, line in literals]
    return findings
