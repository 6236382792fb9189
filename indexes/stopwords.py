"""Stop words of the analysis chains, per language: the function words (articles,
prepositions, conjunctions, pronouns, auxiliaries) that carry no subject of their
own. Kept short on purpose: a word that can be a subject in the field ("data",
"estado", "plan", "gobierno") is never one.

English keeps the list the index has always used (Whoosh's default), so English
queries match as before; French, Spanish and Portuguese lists were written for KB
from the grammar of each language. Every list also drops one-letter words, which
both backends always dropped.
"""
from __future__ import annotations

_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyz")

ENGLISH = frozenset("""
a an and are as at be by can for from have if in is it may not of on or tbd that the
this to us we when will with yet you your
""".split())

FRENCH = frozenset("""
au aux avec ce ces cet cette dans de des du elle elles en et eux il ils je la le les
leur leurs lui ma mais me mes moi mon ne nos notre nous on ou où par pas pour qu que
qui sa se ses son sont sur ta te tes toi ton tu un une vos votre vous est été être
sont ont avait avons avez était étaient sera seront ceci cela celui celle ceux celles
dont donc ni car lors afin ainsi entre chez vers sans sous selon tout tous toute
toutes très plus moins aussi comme même
""".split())

SPANISH = frozenset("""
al ante con contra de del desde durante el ella ellas ellos en entre es esa esas ese
esos esta estas este estos está están fue fueron ha han hasta la las le les lo los
mediante mi mis muy ni nos nosotros o os para pero por que quien quienes se ser sin
sobre son su sus también tras tu tus un una unas uno unos y ya cual cuales cuando
donde como más menos sea sido siendo hay había todo todos toda todas otro otros otra
otras mismo misma
""".split())

PORTUGUESE = frozenset("""
ao aos as até com como da das de do dos e ela elas ele eles em entre era eram essa
essas esse esses esta estas este estes está estão foi foram há isso isto já lhe lhes
mais mas me mesmo na nas não nem no nos nós num numa o os ou para pela pelas pelo
pelos por que quem se sem ser seu seus sua suas são também te tem têm um uma umas uns
à às onde quando qual quais sobre seja sido todo todos toda todas outro outros outra
outras muito muitos
""".split())

BY_LANGUAGE: dict[str, frozenset[str]] = {
    "en": ENGLISH | _LETTERS,
    "fr": FRENCH | _LETTERS,
    "es": SPANISH | _LETTERS,
    "pt": PORTUGUESE | _LETTERS,
}
