"""The languages of the UI: which one a request is answered in, and how the
messages that come from `kb` (parameter problems, not-found errors) are put
into it.

A request's language is, in order: `?lang=xx` in the URL (a shared link
keeps its language, and the choice is remembered in a cookie), the `kb_lang`
cookie (the switcher's last choice), the browser's `Accept-Language`, English.

`kb` knows no locale and imports no flask: it raises errors that carry an
English message id (`template`, with `%(name)s` placeholders, marked with
`N_()` so pybabel extracts it) and its `params`; `translate_error` looks the id
up in the catalogs at render time. Notices the index backends compose are
translated in `web.notices`."""
from __future__ import annotations

from urllib.parse import urlencode

from babel import Locale
from babel.lists import format_list
from flask import Flask, Response, request
from flask_babel import Babel, format_decimal, get_locale, get_translations, gettext, lazy_gettext

LANGUAGES: tuple[str, ...] = ("en", "fr", "es", "pt")
DEFAULT_LANGUAGE = "en"
# The CLDR locale behind each language: the Portuguese catalog is written in
# European Portuguese ("governo eletrónico"), so its country names, dates and
# numbers are pt_PT's too. gettext finds the `pt` catalog for pt_PT.
LOCALES: dict[str, str] = {"en": "en", "fr": "fr", "es": "es", "pt": "pt_PT"}
COOKIE = "kb_lang"
COOKIE_MAX_AGE = 365 * 24 * 3600


def N_(msgid: str) -> str:
    """Marks a message id for extraction; translated later with `gettext`."""
    return msgid


def ngettext_num(singular: str, plural: str, n: int, **variables) -> str:
    """`ngettext` with `%(num)s` written as the language writes numbers
    ("12,345", "12 345"); flask_babel's own passes the bare int."""
    return get_translations().ungettext(singular, plural, n) % {"num": format_decimal(n), **variables}


def _asked() -> str | None:
    """The language the URL asks for, if it is one the UI speaks."""
    value = (request.args.get("lang") or "").strip().lower()
    return value if value in LANGUAGES else None


def select_language() -> str:
    """The UI language of this request: ?lang=, the cookie, Accept-Language, English."""
    asked = _asked()
    if asked:
        return asked
    remembered = request.cookies.get(COOKIE)
    if remembered in LANGUAGES:
        return remembered
    return request.accept_languages.best_match(LANGUAGES, default=DEFAULT_LANGUAGE)


def select_locale() -> str:
    return LOCALES[select_language()]


def current_language() -> str:
    """The UI language's code (en, fr, es, pt), as `?lang=` and documents name it."""
    locale = get_locale()
    return locale.language if locale is not None else DEFAULT_LANGUAGE


def html_lang() -> str:
    """The BCP 47 tag of the UI language for `<html lang>` ("pt-PT")."""
    locale = get_locale()
    return str(locale).replace("_", "-") if locale is not None else DEFAULT_LANGUAGE


def endonym(code: str) -> str:
    """A language's name in itself ("Français"), as a switcher shows it."""
    name = Locale.parse(code).get_display_name(code) or code
    return name[:1].upper() + name[1:]


def url_in(code: str, external: bool = False) -> str:
    """The current page, with everything its URL asks for, in language `code`."""
    items = [(k, v) for k, v in request.args.items(multi=True) if k != "lang"]
    items.append(("lang", code))
    base = request.base_url if external else request.path
    return f"{base}?{urlencode(items)}"


def url_default(external: bool = True) -> str:
    """The current page without a language in its URL (`hreflang="x-default"`)."""
    items = [(k, v) for k, v in request.args.items(multi=True) if k != "lang"]
    base = request.base_url if external else request.path
    return f"{base}?{urlencode(items)}" if items else base


def html_rtl() -> bool:
    """Whether the UI language is written right to left (none of the four yet)."""
    locale = get_locale()
    return locale is not None and locale.character_order == "right-to-left"


def language_links() -> list[dict]:
    here = current_language()
    return [{"code": code, "name": endonym(code), "url": url_in(code),
             "current": code == here} for code in LANGUAGES]


def translate_message(template: str, params: dict) -> str:
    """An English message id from kb with its parameters, in the UI language.
    Lists of values (`choice_list`) are joined as the language joins them."""
    values = {k: v for k, v in params.items() if k not in ("choice_list", "joined")}
    choices = params.get("choice_list")
    if choices and params.get("joined") == "or" and current_language() != DEFAULT_LANGUAGE:
        values["choices"] = format_list(list(choices), style="or", locale=get_locale())
    return gettext(template, **values)


def translate_error(exc: BaseException) -> str:
    """The message of a kb error in the UI language: each problem it stands
    for (`parts`, when one error reports several) translated by its message
    id; an error without one is shown as written."""
    parts = getattr(exc, "parts", None) or [exc]
    out = []
    for part in parts:
        template = getattr(part, "template", None)
        out.append(translate_message(template, getattr(part, "params", {}))
                   if template else str(part))
    return " ".join(out)


def _remember(response: Response) -> Response:
    """A language chosen in the URL is remembered; pages vary by language
    (static files do not)."""
    if request.endpoint != "static":
        response.vary.add("Accept-Language")
        response.vary.add("Cookie")
    asked = _asked()
    if asked and request.cookies.get(COOKIE) != asked:
        response.set_cookie(COOKIE, asked, max_age=COOKIE_MAX_AGE, samesite="Lax", httponly=True)
    return response


def init_app(app: Flask) -> None:
    app.config.setdefault("BABEL_DEFAULT_LOCALE", DEFAULT_LANGUAGE)
    app.config.setdefault("BABEL_DEFAULT_TIMEZONE", "UTC")
    Babel(app, locale_selector=select_locale)
    app.after_request(_remember)
    app.context_processor(lambda: {"url_lang": _asked()})
    app.jinja_env.globals.update(
        language_links=language_links, current_language=current_language, html_lang=html_lang,
        html_rtl=html_rtl,
        url_in=url_in, url_default=url_default, LANGUAGES=LANGUAGES,
    )


__all__ = ["LANGUAGES", "N_", "gettext", "lazy_gettext", "init_app", "translate_error"]
