"""Country names found in running text -> ISO 3166 alpha-3.

Names come from pycountry (name, official name, common name, in English and
as its gettext catalogs translate them into French, Spanish and Portuguese:
`kb.taxonomy.countries.translated_names`) plus the alias table below: short
and former names the catalogs lack ("île Maurice", "EUA", "Grande-Bretagne"),
demonyms and abbreviations. Matching is case-sensitive (a name as written, or in capitals
for titles set in upper case) because country names are proper nouns and the
lowercase forms are ordinary words ("turkey", "chad", "china", "guinea pig").

Ambiguities are resolved in three ways:
- longest match first on word boundaries: "Papua New Guinea" beats "Guinea",
  "Niger Delta" (-> Nigeria) beats "Niger", "American Samoa" beats "Samoa";
- blockers: phrases that consume the text but name no country ("Indian Ocean",
  "Gulf of Guinea", a bare "Virgin Islands" whose owner is unknown);
- context rules for names that are also a US state or a given name (Georgia,
  Jordan, Chad; French "Maurice" and "Dominique", Spanish "Mauricio",
  Portuguese "Maurício"), and for French "Réunion", which is also a meeting;
- catalog names that are mostly something else are left out (`_CATALOG_SKIP`:
  Spanish "Granada", Portuguese "Salvador").
"""
from __future__ import annotations

import re
from functools import lru_cache

import pycountry

from kb.taxonomy.countries import NAME_LANGUAGES, translated_names

# code: alias; alias; ...   Written by hand. Short all-capital abbreviations are
# matched only as written. "-" as the code marks a blocker.
_ALIASES = """
AFG: Afghan; Afganistán
AGO: Angolan
ALB: Albanian; Albanie
ARE: UAE; U.A.E.; United Arab Emirates; Emirati; Émirats arabes unis; Emiratos Árabes Unidos
ARG: Argentinian; Argentine Republic; Argentine; Argentinean
ARM: Armenian; Arménie
ATG: Antigua; Antiguan; Antigua y Barbuda
AUS: Australian; Australie
AUT: Austrian; Autriche
AZE: Azerbaijani; Azerbaïdjan
BDI: Burundian
BEL: Belgian; Belgique; Bélgica
BEN: Beninese; Bénin
BFA: Burkinabe; Burkinabè; Upper Volta
BGD: Bangladeshi
BGR: Bulgarian; Bulgarie
BHR: Bahraini; Bahreïn; Baréin
BHS: The Bahamas; Bahamian
BIH: Bosnia; Bosnia-Herzegovina; Bosnia Herzegovina; Bosnian
BLR: Belarusian; Bielorrusia; Biélorussie
BLZ: Belizean; Belice
BOL: Bolivia; Bolivian
BRA: Brazilian; Brésil; Brasil
BRB: Barbadian; Bajan
BRN: Brunei; Bruneian
BTN: Bhutanese; Bhoutan; Bután
BWA: Motswana; Batswana
CAF: Centrafrique; République centrafricaine; República Centroafricana
CAN: Canadian; Canadá
CHE: Swiss; Suisse; Suiza
CHL: Chilean; Chili
CHN: China; People's Republic of China; PRC; Chine
CIV: Ivory Coast; Cote d'Ivoire; Côte d’Ivoire; Ivorian; Ivoirian; Costa de Marfil
CMR: Cameroonian; Cameroun; Camerún
COD: Democratic Republic of the Congo; Democratic Republic of Congo; DR Congo; D.R. Congo; DRC; RDC; Congo-Kinshasa; Congo Kinshasa; Congolese (DRC); République démocratique du Congo; República Democrática del Congo; Zaire; Zaïre
COG: Republic of the Congo; Republic of Congo; Congo-Brazzaville; Congo Brazzaville; Congo (Brazzaville)
COK: Cook Islander; Islas Cook; Îles Cook
COL: Colombian; Colombie
COM: Comoros; Comorian; Comores; Comoras; Union of the Comoros
CPV: Cape Verde; Cape Verdean; Cabo Verdean; Cap-Vert; Cabo Verde
CRI: Costa Rican
CUB: Cuban
CYM: Cayman; Caymanian; Islas Caimán
CYP: Cypriot; Chypre; Chipre
CZE: Czech Republic; Czech; République tchèque; República Checa
DEU: Germany; Allemagne; Alemania
DJI: Djiboutian
DMA: Commonwealth of Dominica
DNK: Danish; Danemark; Dinamarca
DOM: Dominican Republic; République dominicaine; República Dominicana
DZA: Algerian; Algérie; Argelia
ECU: Ecuadorian; Équateur
EGY: Egyptian; Égypte; Egipto
ERI: Eritrean; Érythrée
ESP: Spain; Espagne; España
EST: Estonian; Estonie
ETH: Ethiopian; Éthiopie; Etiopía
FIN: Finnish; Finlande; Finlandia
FJI: Fijian; Fidji; Fiyi
FRA: Francia
FSM: Federated States of Micronesia; Micronesia (Federated States of); FSM; Micronésie; Estados Federados de Micronesia
GAB: Gabonese; Gabón
GBR: United Kingdom; UK; U.K.; Great Britain; Britain; England; Scotland; Wales; Northern Ireland; Royaume-Uni; Reino Unido; Grande-Bretagne; Gran Bretaña; Grã-Bretanha
GEO: Georgian; Géorgie
GHA: Ghanaian
GIN: Guinean; Guinée; Republic of Guinea; Guinée-Conakry
GMB: Gambia; The Gambia; Gambian; Gambie
GNB: Guinea Bissau; Bissau-Guinean; Guinée-Bissau
GNQ: Equatorial Guinean; Guinée équatoriale; Guinea Ecuatorial
GRC: Greek; Grèce; Grecia
GRD: Grenadian
GTM: Guatemalan
GUM: Guamanian
GUY: Guyanese
HKG: Hong Kong; Hong Kong SAR
HND: Honduran
HRV: Croatian; Croatie; Croacia
HTI: Haitian; Haïti; Haití
HUN: Hungarian; Hongrie; Hungría
IDN: Indonesian; Indonésie
IND: Indian; Inde
IRL: Irish; Irlande; Irlanda
IRN: Iran; Iranian; Islamic Republic of Iran
IRQ: Iraqi; Irak
ISL: Icelandic; Islande; Islandia
ISR: Israeli; Israël
ITA: Italie; Italia
JAM: Jamaican; Jamaïque
JOR: Jordanian; Jordanie; Jordania
JPN: Japanese; Japon; Japón
KAZ: Kazakh; Kazakhstani
KEN: Kenyan; Kenia
KGZ: Kyrgyz; Kirghizistan; Kyrgyzstan
KHM: Cambodian; Cambodge; Camboya; Kampuchea
KIR: I-Kiribati
KNA: Saint Kitts; Saint Kitts and Nevis; Kittitian; Nevisian; Saint-Christophe-et-Niévès; San Cristóbal y Nieves
KOR: Korea; Republic of Korea; South Korea; Korean; South Korean; ROK; Corée; République de Corée; Corée du Sud; Corea; República de Corea; Corea del Sur; Coreia; República da Coreia
KWT: Kuwaiti; Koweït
LAO: Laos; Lao PDR; Lao; Laotian
LBN: Lebanese; Liban; Líbano
LBR: Liberian
LBY: Libyan; Libye; Libia
LCA: Saint Lucian; Sainte-Lucie; Santa Lucía
LKA: Sri Lankan; Ceylon
LSO: Basotho; Mosotho
LTU: Lithuanian; Lituanie; Lituania
LUX: Luxembourgish; Luxemburgo
LVA: Latvian; Lettonie; Letonia
MAR: Moroccan; Maroc; Marruecos
MDA: Moldova; Moldovan; Republic of Moldova
MDG: Malagasy
MDV: Maldives; Maldivian; Maldivas
MEX: Mexican; Mexique; México
MHL: Marshall Islands; Marshallese; RMI; Îles Marshall; Islas Marshall
MKD: Macedonia; Macedonian; Former Yugoslav Republic of Macedonia; FYR Macedonia
MLI: Malian
MLT: Maltese; Malte
MMR: Burma; Burmese; Myanmar
MNE: Montenegrin; Monténégro
MNG: Mongolian; Mongolie
MNP: Northern Marianas; Commonwealth of the Northern Mariana Islands; CNMI
MOZ: Mozambican; Mozambique
MRT: Mauritanian; Mauritanie
MSR: Montserratian
MUS: Mauritian; île Maurice; Île Maurice; l'île Maurice; Maurícias; Ilhas Maurícias
MWI: Malawian
MYS: Malaysian; Malaisie; Malasia
NAM: Namibian; Namibie
NCL: New Caledonia; Nouvelle-Calédonie; Nueva Caledonia
NER: Nigerien; Nigérien
NGA: Nigerian; Niger Delta; Nigéria; delta du Niger; Delta du Niger; delta del Níger; Delta del Níger; delta do Níger; Delta do Níger
NIC: Nicaraguan
NIU: Niuean
NLD: Netherlands; The Netherlands; Holland; Dutch Government; Pays-Bas; Países Bajos
NOR: Norwegian; Norvège; Noruega
NPL: Nepalese; Nepali
NRU: Nauruan
NZL: New Zealand; Nouvelle-Zélande; Nueva Zelandia; Nueva Zelanda; Aotearoa
OMN: Omani
PAK: Pakistani
PAN: Panamanian; Panamá
PER: Peruvian; Pérou; Perú
PHL: Philippines; Filipino; Philippine; Filipinas
PLW: Palauan
PNG: PNG; Papua New Guinean; Papouasie-Nouvelle-Guinée; Papúa Nueva Guinea
POL: Polish; Pologne; Polonia
PRI: Puerto Rican; Porto Rico
PRK: North Korea; DPRK; D.P.R. Korea; North Korean; Democratic People's Republic of Korea; Corée du Nord; Corea del Norte
PRT: Portugal
PRY: Paraguayan
PSE: Palestine; State of Palestine; Palestinian; Occupied Palestinian Territory
PYF: French Polynesia; Polynésie française; Polinesia Francesa; Tahiti
QAT: Qatari; Catar
ROU: Romanian; Roumanie; Rumania
RUS: Russia; Russian Federation; Russie; Rusia
RWA: Rwandan; Rwandese
SAU: Saudi Arabia; Saudi; KSA; Arabie saoudite; Arabia Saudita
SDN: Sudanese; Soudan; Sudán
SEN: Senegalese; Sénégal
SGP: Singaporean; Singapour; Singapur
SLB: Solomon Islands; Solomon Islander; Solomons; Îles Salomon; Islas Salomón
SLE: Sierra Leonean
SLV: Salvadoran; Salvadorean
SOM: Somali; Somalie
SRB: Serbian; Serbie
SSD: South Sudanese; Soudan du Sud; Sudán del Sur
STP: Sao Tome and Principe; São Tomé and Príncipe; Sao Tome; São Tomé; Santomean; Sao Tomé-et-Principe; Santo Tomé y Príncipe; São Tomé-et-Príncipe; S. Tomé e Príncipe; São Tomé e Principe
SUR: Surinamese; Surinam
SVK: Slovak; Slovakia; Slovaquie
SVN: Slovenian; Slovene; Slovénie
SWE: Swedish; Suède; Suecia
SWZ: Swaziland; Swazi; Eswatini
SXM: Sint Maarten
SYC: Seychellois
SYR: Syria; Syrian; Syrie; Siria
TCA: Turks and Caicos; Turks and Caicos Islands; Islas Turcas y Caicos
TCD: Tchad; Chadian
TGO: Togolese
THA: Thai; Thaïlande; Tailandia
TJK: Tajik; Tadjikistan
TKM: Turkmen
TLS: East Timor; Timor Leste; Timorese; Timor-Leste
TON: Tongan
TTO: Trinidad; Trinidadian; Tobagonian; Trinidad y Tobago; Trinité-et-Tobago
TUN: Tunisian; Tunisie; Túnez
TUR: Turkey; Turkish; Türkiye; Turkiye; Turquie; Turquía
TWN: Taiwan; Chinese Taipei; Taiwanese
TZA: Tanzania; Tanzanian; United Republic of Tanzania; Tanzanie
UGA: Ugandan
UKR: Ukrainian
URY: Uruguayan
USA: United States; United States of America; USA; U.S.A.; U.S.; États-Unis; Estados Unidos; EE. UU.; EE.UU.; EUA
UZB: Uzbek; Ouzbékistan
VCT: Saint Vincent; Saint Vincent and the Grenadines; Vincentian; San Vicente y las Granadinas; Saint-Vincent-et-les-Grenadines
VEN: Venezuela; Venezuelan
VGB: British Virgin Islands; BVI; Virgin Islands (British); Islas Vírgenes Británicas
VIR: US Virgin Islands; U.S. Virgin Islands; United States Virgin Islands; USVI; Virgin Islands (U.S.)
VNM: Vietnam; Viet Nam; Vietnamese
VUT: Vanuatuan; ni-Vanuatu; Ni-Vanuatu
WSM: Samoan; Western Samoa
YEM: Yemeni; Yémen
ZAF: South African; RSA; Afrique du Sud; Sudáfrica
ZMB: Zambian; Zambie
ZWE: Zimbabwean
REU: La Réunion; île de la Réunion; Île de la Réunion; Ilha da Reunião; isla de la Reunión
-: Indian Ocean; Gulf of Guinea; golfe de Guinée; Golfe de Guinée; golfo de Guinea; Golfo de Guinea; golfo da Guiné; Golfo da Guiné; Nouvelle-Guinée; Nueva Guinea; Nova Guiné; lac Tchad; lago Chad; lago Chade; bassin du Congo; fleuve Congo; río Congo; rio Congo; fleuve Niger; río Níger; rio Níger; Saint-Maurice; San Mauricio; Saint-Dominique; Reunión; Reunião; New Guinea; Virgin Islands; Micronesia; Lake Chad; Georgia Tech; Congo Basin; Congo River; Latin American; Michael Jordan; Jordan Valley; Dominican; Guinea pig; Guinea Pig; South China Sea; Indian tribe; Indian tribes; Indian Tribe; Indian Tribes; American Indian; American Indians; Indian Affairs; Indian Country; Indian Health Service; Indian reservation; Indian reservations; West Indies; West Indian
"""

# Sub-national places that name their country without naming it: a report of
# the "Government of the District of Columbia" or minutes from Québec are about
# the USA or Canada though neither word appears. Only names no country shares
# and that are rarely a person: not "Georgia" (see below), not "Washington",
# not "Victoria".
_PLACES = """
USA: District of Columbia; Washington, D.C.; Washington, DC; Washington DC; Washington D.C.; Washington State; Alabama; Alaska; Arizona; Arkansas; California; Colorado; Connecticut; Delaware; Florida; Hawaii; Idaho; Illinois; Indiana; Iowa; Kansas; Kentucky; Louisiana; Maryland; Massachusetts; Michigan; Minnesota; Mississippi; Missouri; Montana; Nebraska; Nevada; New Hampshire; New Jersey; New Mexico; New York State; North Carolina; North Dakota; Ohio; Oklahoma; Oregon; Pennsylvania; Rhode Island; South Carolina; South Dakota; Tennessee; Texas; Utah; Vermont; West Virginia; Wisconsin; Wyoming; University of Georgia; Georgia State University
CAN: Ontario; Québec; Quebec; British Columbia; Alberta; Manitoba; Saskatchewan; Nova Scotia; New Brunswick; Newfoundland and Labrador; Prince Edward Island; Yukon; Nunavut
AUS: New South Wales; Queensland; Tasmania; Western Australia; South Australia; Australian Capital Territory
"""

# Abbreviations matched only exactly as written (no capitalised variant is
# needed, and "Uk"/"Png" must not match).
_EXACT_ONLY = {"UAE", "U.A.E.", "UK", "U.K.", "USA", "U.S.A.", "U.S.", "DRC", "RDC", "PNG", "RMI",
               "FSM", "BVI", "USVI", "DPRK", "ROK", "PRC", "KSA", "RSA", "CNMI", "Lao",
               "EE. UU.", "EE.UU.", "EUA"}

# Names the gettext catalogs give that, in running text, are mostly something
# else: Spanish/Portuguese "Granada" and French "Grenade" (Grenada) are the
# Andalusian city (and a grenade); Portuguese "Salvador" (El Salvador) is the
# Brazilian city and a given name. Spanish "Reunión" and Portuguese "Reunião"
# (Réunion) are meetings; they are blockers in `_ALIASES`.
_CATALOG_SKIP = frozenset({"Granada", "Grenade", "Salvador"})

# Bare names that are also a given name or a US state, checked in context.
# "Maurice" (French for Mauritius), "Mauricio", "Maurício" and "Dominique"
# (French for Dominica) are first names as often as countries.
_GIVEN_NAMES = {"Maurice", "Mauricio", "Maurício", "Dominique"}
_PERSONAL = {"Jordan", "Chad", "Georgia"} | _GIVEN_NAMES
_US_STATE = {"Georgia"}
_US_STATE_UPPER = frozenset(a.upper() for a in _US_STATE)

# Capitalised words that can stand before a country name without being a
# given name ("In Jordan", "Hashemite Kingdom of Jordan", "West Georgia").
_NOT_GIVEN_NAMES = frozenset("""
In The From To And For Of By With At On About Across Between Both Like Such Also
See Visit Including Include Includes Included Where While When Whereas Within Inside Outside
Kingdom Hashemite Republic Government Lake West East North South Central Northern Southern
Eastern Western Case Study Country Countries Profile Mission Embassy Ministry Programme
Program Project Office Partner Partners Member Members Office Table Figure Annex Box
Delegation Source Sources Note Notes Photo Region Regional National Rural Urban
Apply Support Supported Funded Within Throughout Like Unlike Unlike Beyond Outside
En Au Aux Pour Dans Sur Avec Et Ou Le La Les Du Des De Cas Pays Vers Selon Rapport
Em No Na Nos Nas Para Por Con Y E Entre Desde Sobre Caso Estudo Estudio Informe
Gouvernement Gobierno Governo Royaume Reino Estado Isla Islas Ilha Ilhas Mission Misión Missão
""".split())
_GIVEN_NAME_TITLE = re.compile(r"(?:\b(?:M|Mme|Mr|Mrs|Ms|Dr|Sr|Sra|Prof|Pr)\.?|Monsieur|Madame|Señor|Señora|"
                               r"Senhor|Senhora|Dom|Don|Doña|Dona|Père|Saint|San|São)[ \t]+$")
# "Maurice Dupont", "Dominique Martin": a first name followed by a surname.
_SURNAME_AFTER = re.compile(r"[ \t]+(?:[Dd][eu][ \t]+|[Ll]e[ \t]+|[Vv]an[ \t]+)?[A-Z][a-zà-ÿ]+(?![\w'’-]*[ \t]*:)")
# "Réunion du comité", "Réunion de lancement": a French meeting, not the island.
_MEETING_AFTER = re.compile(r"[ \t]+(?:de|du|des|d'|sur|avec|annuelle|technique|plénière|ministérielle|"
                            r"régionale|nationale|préparatoire|bilatérale|extraordinaire|ordinaire)\b", re.IGNORECASE)
_MEETING_WORDS = {"Réunion", "RÉUNION"}

_ONE_TO_ONE = str.maketrans({"\u2019": "'", "\u2018": "'", "\u2010": "-", "\u2011": "-",
                             "\u00a0": " "})


def _one_to_one(text: str) -> str:
    """`text.translate(_ONE_TO_ONE)`, one replace per character of the
    table: translate looks each character of a text that is not all ASCII up
    in the table, failing for nearly all of them, which took a quarter of a
    second over the 360 pages of the shared PDF corpus; the replaces take a
    millisecond."""
    for code, to in _ONE_TO_ONE.items():
        char = chr(code)
        if char in text:
            text = text.replace(char, to)
    return text


def _variants(alias: str) -> list[str]:
    """Spelling variants that keep the alias recognisable: St./St for Saint,
    & for and."""
    out = [alias]
    if alias.startswith("Saint "):
        rest = alias[len("Saint "):]
        out += [f"St. {rest}", f"St {rest}"]
    for a in list(out):
        if " and " in a:
            out.append(a.replace(" and ", " & "))
    return out


@lru_cache(maxsize=1)
def _alias_table() -> dict[str, str | None]:
    """alias as written -> alpha-3, or None for a blocker."""
    table: dict[str, str | None] = {}
    for c in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            value = getattr(c, attr, None)
            if value:
                for v in _variants(value):
                    table.setdefault(v, c.alpha_3)
    # French, Spanish and Portuguese names from pycountry's catalogs; a name
    # the catalogs give to two countries (a slip in one of them) names neither.
    local: dict[str, set[str]] = {}
    for lang in NAME_LANGUAGES:
        for code, names in translated_names(lang).items():
            for name in names:
                local.setdefault(name.translate(_ONE_TO_ONE), set()).add(code)
    for name, codes in local.items():
        if len(codes) == 1 and name not in _CATALOG_SKIP:
            for v in _variants(name):
                table.setdefault(v, next(iter(codes)))
    for line in (_ALIASES.strip() + "\n" + _PLACES.strip()).splitlines():
        code, _, aliases = line.partition(":")
        code = code.strip()
        for alias in aliases.split(";"):
            alias = alias.strip().translate(_ONE_TO_ONE)
            if not alias:
                continue
            for v in _variants(alias):
                # the hand-written table wins over pycountry's spellings
                table[v] = None if code == "-" else code
    # capitals for titles set in upper case ("NATIONAL STRATEGY OF FIJI")
    for alias, code in list(table.items()):
        if alias not in _EXACT_ONLY and len(alias) >= 4:
            table.setdefault(alias.upper(), code)
    return table


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern[str]:
    """One alternation, longest alias first, so the regex engine's first
    successful alternative at a position is the longest one.

    The aliases are grouped by their first character (keeping that order
    within each group) and the word-boundary check comes after it: the
    engine then skips to positions holding one of those characters and tries
    only that character's aliases there, instead of all 2,000 at every
    position (35 times faster, the same matches)."""
    aliases = sorted(_alias_table(), key=len, reverse=True)
    groups: dict[str, list[str]] = {}
    for a in aliases:
        groups.setdefault(a[0], []).append(a)

    def rest(alias: str) -> str:
        first, *others = alias.split()
        return re.escape(first[1:]) + "".join(r"\s+" + re.escape(w) for w in others)

    parts = [re.escape(c) + r"(?<!\w[\s\S])(?:" + "|".join(rest(a) for a in group) + ")"
             for c, group in groups.items()]
    return re.compile(r"(?:" + "|".join(parts) + r")(?![\w])")


def _reference_pattern() -> re.Pattern[str]:
    """The plain form of `_pattern`, kept for tests that check both agree."""
    aliases = sorted(_alias_table(), key=len, reverse=True)
    parts = [r"\s+".join(re.escape(w) for w in a.split()) for a in aliases]
    return re.compile(r"(?<![\w])(?:" + "|".join(parts) + r")(?![\w])")


def _is_personal_name(text: str, start: int, end: int, alias: str) -> bool:
    before = text[max(0, start - 30):start]
    m = re.search(r"(?:^|[^\w])([A-Z][a-z]+)[ \t]+$", before)
    if m and m.group(1) not in _NOT_GIVEN_NAMES:
        # a preceding capitalised word that is not a sentence-opening function
        # word: "Michael Jordan", "Chad" in "Sarah Chad"
        return True
    after = text[end:end + 30]
    # "Chad Smith said" / "Jordan Peterson": followed by a capitalised surname
    # that is then followed by a verb-ish lowercase word or punctuation
    if re.match(r"[ \t]+[A-Z][a-z]+(?:,|[ \t]+(?:said|says|wrote|noted|argued|is|was|of the)\b)",
                after):
        return True
    return False


def _is_us_state(text: str, start: int, end: int) -> bool:
    after = text[end:end + 40]
    before = text[max(0, start - 40):start]
    if re.match(r"\s*(?:,\s*|\()?\s*(?:USA|U\.S\.A?\.?|US|United States)\b", after):
        return True
    if re.match(r"\s+(?:State|state|Tech|Institute|Power|General Assembly|Department of)\b", after):
        return True
    if re.search(r"(?:[Ss]tate of|U\.S\. state|US state|Atlanta,?|Savannah,?|Athens,?)\s*$", before):
        return True
    window = text[max(0, start - 200):end + 200]
    return bool(re.search(r"\b(?:Atlanta|Savannah|Alabama|Florida|Tennessee|Carolina)\b", window))


# Words that only a text about Georgia the country uses, and ones that mark
# the US state beyond doubt; `georgia_reading` weighs them over a whole document.
_GEORGIA_COUNTRY = re.compile(r"\b(?:Tbilisi|Batumi|Kutaisi|Caucasus|Georgian|Abkhazia|South Ossetia|"
                              r"Armenia|Azerbaijan|Black Sea|lari)\b")
_GEORGIA_STATE = re.compile(r"\b(?:Atlanta|Savannah|Augusta|Macon|state of Georgia|State of Georgia|"
                            r"Georgia General Assembly|Georgia,\s*(?:USA|U\.S\.)|University System of Georgia|"
                            r"Georgia\.gov|counties)\b")


def georgia_reading(text: str) -> str | None:
    """How to read a bare "Georgia" throughout one document: "USA" when the
    document marks the US state (Atlanta, "state of Georgia") and nothing marks
    the country (Tbilisi, Caucasus, Georgian), "GEO" the other way round, None
    when it cannot tell (then each mention is judged by its own context).
    A document is about one Georgia or the other, and the title alone ("Georgia
    Technology Authority: Annual Report") rarely says which."""
    if "Georgia" not in text and "GEORGIA" not in text:
        return None
    state = bool(_GEORGIA_STATE.search(text))
    country = bool(_GEORGIA_COUNTRY.search(text))
    if state and not country:
        return "USA"
    if country and not state:
        return "GEO"
    return None


def find_countries(text: str, georgia: str | None = None) -> list[tuple[str, int, int]]:
    """Every country named in `text` as (alpha-3, start, end), in text order.

    Offsets index the original string (normalisation is one character to one
    character), so callers can highlight or count per page. A US state or a
    Canadian province counts as its country. `georgia` ("USA" or "GEO", from
    `georgia_reading` over the whole document) overrides the local reading of
    a bare "Georgia"."""
    if not text:
        return []
    norm = _one_to_one(text)
    table = _alias_table()
    out: list[tuple[str, int, int]] = []
    for m in _pattern().finditer(norm):
        alias = " ".join(m.group(0).split())
        code = table.get(alias)
        if code is None:
            continue
        s, e = m.span()
        if alias.upper() in _US_STATE_UPPER:
            if georgia in ("USA", "GEO"):
                if not _is_personal_name(norm, s, e, alias):
                    out.append((georgia, s, e))
                continue
            if _is_us_state(norm, s, e):
                out.append(("USA", s, e))
                continue
        if alias in _PERSONAL and _is_personal_name(norm, s, e, alias):
            continue
        if alias in _GIVEN_NAMES and (_GIVEN_NAME_TITLE.search(norm[max(0, s - 12):s])
                                      or _SURNAME_AFTER.match(norm, e)):
            continue
        if alias in _MEETING_WORDS and _MEETING_AFTER.match(norm, e):
            continue
        out.append((code, s, e))
    return out


def lookup(name: str) -> str | None:
    """Exact name, alias or code -> alpha-3, for curated metadata such as a
    manifest's "country" column; case-insensitive."""
    if not name:
        return None
    name = " ".join(_one_to_one(name).split())
    if len(name) == 3 and name.isalpha():
        c = pycountry.countries.get(alpha_3=name.upper())
        if c:
            return c.alpha_3
    if len(name) == 2 and name.isalpha():
        c = pycountry.countries.get(alpha_2=name.upper())
        if c:
            return c.alpha_3
    table = _alias_table()
    if name in table:
        return table[name]
    folded = name.casefold()
    for alias, code in table.items():
        if alias.casefold() == folded:
            return code
    return None
