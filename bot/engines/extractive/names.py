"""Name shapes: the kind of a name, titles and positions before it, roles around it; stdlib and bot only."""

from __future__ import annotations

import re

from bot.engines.extractive.cues import COUNTRY_INITIALISMS, INSTITUTION_WORDS, ORG_WORDS, OUTLET_WORDS, TITLE_WORDS
from bot.models import ActorKind

MAX_NAME_TOKENS = 4
FUNCTION_WORDS = set(
    (
        "the a an this that these those but and or so yet in on at for with after before since while when "
        "if as by from to of now then meanwhile however still also both some many most all other another "
        "each our their his her its my we they he she it i you what who why how where there here last "
        "next first according asked despite although mr ms mrs dr today yesterday tomorrow sorry yes no "
        "let frankly specifically once one thanks unlike during until because though even under over about "
        "among amid against without every any such only just instead besides plus including following "
        "whether either neither nor than per upon whose which whom like given moreover furthermore nevertheless "
        "nonetheless additionally indeed overall ultimately similarly likewise otherwise therefore thus hence "
        "anyway apparently perhaps maybe certainly clearly obviously interestingly importantly notably "
        "unfortunately fortunately hopefully sadly luckily separately elsewhere later earlier recently currently "
        "previously finally eventually again actually basically essentially make get keep take give tell imagine "
        "remember consider everyone everybody nobody nothing something someone anyone anything everything "
        "within throughout beyond beneath toward towards via alongside regarding amongst inside outside "
    ).split()
)
# Lower-case words inside a person's name: "Pieter van Dokkum", "Osama bin Laden", "Luiz Inácio da Silva".
NAME_PARTICLES = "(?:de|del|della|da|di|du|van|von|der|den|al|bin|le|la|ter|ten|dos|das)"
# Words never a name on their own: pronouns and their contractions ("I'm", "You're"), as the scorer lints them.
PRONOUN_WORDS = set("i you he she it we they him her them his its their this that me us our my your".split())
_CONTRACTION_RE = re.compile(r"(?i)(?:i|you|we|they|he|she|it|that|there|what|who)['’](?:m|re|ve|ll|d|s)")
# "Jr.", "III": a suffix belongs to the person's name and says nothing of its kind.
NAME_SUFFIXES = {"Jr", "Jr.", "Sr", "Sr.", "II", "III", "IV", "QC", "KC", "MP"}
# Initialisms of things and topics, not bodies: "truck or SUV", "AI technology", "a CEO".
COMMON_INITIALISMS = set(
    (
        "AI AR VR TV PC CEO CFO COO CTO GDP DNA RNA HIV AIDS SUV ATM IPO CPU GPU USB LED LCD GPS PDF URL API "
        "SMS FAQ DIY ID IQ MVP NFT PR QB RPM CPM CTR ROI KPI HR IT OS UI UX PDT EDT EST PST GMT UTC AM PM GW MW "
        "KW KWH PV EV CBD BC BCE AD CE "
        "CO2 LGBT LGBTQ MRI ICU ER COVID SARS MERS ETF VPN WIFI HD UHD OLED PIN VAT RAM SSD HDMI LTE NFC"
    ).split()
)
# Last words of bodies named "X and Y": "Customs and Border Protection", "Health and Human Services".
BODY_TAIL_WORDS = set(
    "protection services prevention security development enforcement affairs relations safety welfare "
    "technology science research exchange".split()
)
# Places (world knowledge, not story facts): a place is an actor only when it acts ("China said").
PLACE_NAMES = set(
    (
        "afghanistan|albania|algeria|andorra|angola|argentina|armenia|australia|austria|azerbaijan|bahamas"
        "|bahrain|bangladesh|barbados|belarus|belgium|belize|benin|bhutan|bolivia|bosnia|botswana|brazil|brunei"
        "|bulgaria|burkina faso|burundi|cambodia|cameroon|canada|chad|chile|china|colombia|congo|costa rica"
        "|croatia|cuba|cyprus|czech republic|czechia|denmark|djibouti|dominica|dominican republic|ecuador|egypt"
        "|el salvador|eritrea|estonia|eswatini|ethiopia|fiji|finland|france|gabon|gambia|georgia|germany|ghana"
        "|greece|grenada|guatemala|guinea|guyana|haiti|honduras|hungary|iceland|india|indonesia|iran|iraq"
        "|ireland|israel|italy|ivory coast|jamaica|japan|jordan|kazakhstan|kenya|kosovo|kuwait|kyrgyzstan|laos"
        "|latvia|lebanon|lesotho|liberia|libya|liechtenstein|lithuania|luxembourg|madagascar|malawi|malaysia"
        "|maldives|mali|malta|mauritania|mauritius|mexico|moldova|monaco|mongolia|montenegro|morocco|mozambique"
        "|myanmar|burma|namibia|nepal|netherlands|holland|new zealand|nicaragua|niger|nigeria|north korea"
        "|north macedonia|macedonia|norway|oman|pakistan|palestine|panama|papua new guinea|paraguay|peru"
        "|philippines|poland|portugal|qatar|romania|russia|rwanda|samoa|san marino|saudi arabia|senegal|serbia"
        "|seychelles|sierra leone|singapore|slovakia|slovenia|somalia|south africa|south korea|korea|south sudan"
        "|spain|sri lanka|sudan|suriname|sweden|switzerland|syria|taiwan|tajikistan|tanzania|thailand|togo"
        "|tonga|trinidad|tunisia|turkey|turkmenistan|uganda|ukraine|united arab emirates|uae|united kingdom|uk"
        "|u.k.|britain|great britain|england|scotland|wales|northern ireland|united states|united states of"
        " america|us|u.s.|usa|america|uruguay|uzbekistan|vanuatu|venezuela|vietnam|yemen|zambia|zimbabwe"
        "|alabama|alaska|arizona|arkansas|california|colorado|connecticut|delaware|florida|hawaii|idaho"
        "|illinois|indiana|iowa|kansas|kentucky|louisiana|maine|maryland|massachusetts|michigan|minnesota"
        "|mississippi|missouri|montana|nebraska|nevada|new hampshire|new jersey|new mexico|new york|north"
        " carolina|north dakota|ohio|oklahoma|oregon|pennsylvania|rhode island|south carolina|south dakota"
        "|tennessee|texas|utah|vermont|virginia|washington|west virginia|wisconsin|wyoming|d.c.|puerto rico"
        "|europe|asia|africa|antarctica|arctic|middle east|latin america|south america|north america"
        "|central america|caribbean|pacific|atlantic|balkans|scandinavia|gaza|gaza strip|west bank|crimea"
        "|kashmir|xinjiang|tibet|hong kong|macau|inner mongolia|catalonia|kurdistan|donbas|siberia|sahel"
        "|beijing|shanghai|tokyo|seoul|moscow|kyiv|kiev|london|paris|berlin|rome|madrid|brussels|geneva|vienna"
        "|delhi|new delhi|mumbai|islamabad|kabul|tehran|baghdad|damascus|beirut|jerusalem|tel aviv|cairo"
        "|riyadh|dubai|doha|ankara|istanbul|athens|warsaw|ottawa|toronto|canberra|sydney|jakarta|manila|hanoi"
        "|bangkok|taipei|pyongyang|havana|caracas|brasilia|buenos aires|mexico city|nairobi|lagos|abuja"
        "|johannesburg|addis ababa|los angeles|chicago|houston|san francisco|boston|seattle|miami|atlanta"
        "|dallas|detroit|philadelphia|phoenix|denver|brooklyn|manhattan|wall street|silicon valley|hollywood"
        "|earth|mars|venus|jupiter|saturn|neptune|uranus|pluto|europa|titan|enceladus|ganymede"
    ).split("|")
)
# Other names of a country (its capital, its initials) -> the name it is filed under: one actor, not two.
COUNTRY_OF = {
    "beijing": "china", "moscow": "russia", "kremlin": "russia", "washington": "united states",
    "us": "united states", "u.s.": "united states", "usa": "united states", "america": "united states",
    "britain": "united kingdom", "great britain": "united kingdom", "uk": "united kingdom",
    "u.k.": "united kingdom", "london": "united kingdom", "kyiv": "ukraine", "kiev": "ukraine",
    "tehran": "iran", "pyongyang": "north korea", "seoul": "south korea", "tokyo": "japan", "new delhi": "india",
    "delhi": "india", "paris": "france", "berlin": "germany", "ankara": "turkey", "riyadh": "saudi arabia",
    "damascus": "syria", "kabul": "afghanistan", "islamabad": "pakistan", "taipei": "taiwan", "hanoi": "vietnam",
    "caracas": "venezuela", "havana": "cuba", "baghdad": "iraq", "cairo": "egypt", "ottawa": "canada",
    "canberra": "australia", "rome": "italy", "madrid": "spain", "warsaw": "poland", "abuja": "nigeria",
    "china": "china", "russia": "russia", "united states": "united states", "united kingdom": "united kingdom",
    "ukraine": "ukraine", "iran": "iran", "north korea": "north korea", "south korea": "south korea",
    "japan": "japan", "india": "india", "france": "france", "germany": "germany", "turkey": "turkey",
    "saudi arabia": "saudi arabia", "syria": "syria", "afghanistan": "afghanistan", "pakistan": "pakistan",
    "taiwan": "taiwan", "vietnam": "vietnam", "venezuela": "venezuela", "cuba": "cuba", "iraq": "iraq",
    "egypt": "egypt", "canada": "canada", "australia": "australia", "italy": "italy", "spain": "spain",
    "poland": "poland", "nigeria": "nigeria",
}  # fmt: skip
# Proper nouns of topics, diseases and holidays: what a story is about, never who acts in it.
TOPIC_WORDS = set(
    "brexit obamacare medicaid medicare covid coronavirus ebola zika bitcoin christmas easter ramadan "
    "thanksgiving halloween hanukkah diwali internet".split()
)
# Adjectives of peoples: "British", "a Chinese court". Alone (not plural) they name no one.
DEMONYMS = set(
    "american russian iranian israeli palestinian ukrainian syrian afghan pakistani indian korean mexican "
    "canadian german european african asian italian brazilian australian egyptian saudi iraqi libyan nigerian "
    "venezuelan cuban french dutch swiss greek thai filipino arab emirati qatari yemeni lebanese democratic "
    "islamic arabic catholic sunni shiite shia muslim christian hispanic latino jewish".split()
)


def is_demonym(word: str) -> bool:
    """'British', 'Chinese', 'Iranian': an adjective of a people, which alone names no one."""
    lower = word.lower()
    return lower in DEMONYMS or re.fullmatch(r"[a-z]{3,}(?:ish|ese)", lower) is not None


# First and last words of place names: "New Delhi", "Fort Worth", "Inner Mongolia", "Orange County".
PLACE_FIRST_WORDS = set(
    "new fort port san santa los las saint st. st mount mt. lake north south east west northern southern eastern "
    "western inner outer upper lower greater central".split()
)
PLACE_LAST_WORDS = set(
    "county valley beach springs heights island islands bay coast peninsula province region territory village "
    "township borough parish".split()
)
# Words that qualify a title and belong to it: "Former Prime Minister Theresa May".
TITLE_MODIFIERS = {"former", "acting", "interim", "outgoing", "incoming"}
# Titles set before a name, beyond the shared list: "FEMA Administrator Deanne Criswell".
TITLES = TITLE_WORDS | {
    "administrator",
    "undersecretary",
    "secretary-general",
    "director-general",
    "provost",
    "det",
    "insp",
    "supt",
    "dci",
    "dsi",
}
ROLE_NOUNS = TITLES | set(
    (
        "negotiator editor-in-chief analyst engineer lawyer adviser advisor aide fellow reporter "
        "columnist author activist economist scientist researcher historian official prosecutor head "
        "owner manager candidate nominee counterpart specialist expert councilmember councilman councilwoman "
        "alderman alderwoman assemblyman assemblywoman coordinator principal "
    ).split()
)
_APPOSITIVE_RE = re.compile(
    r"^(?:,|\s+[—–])\s+(?:(?:a|an|the|then)\s+)?(?P<role>(?:former|another|senior|chief|top|deputy|acting)?\s*[^,;()]{3,80}?)"
    r"(?=\s*(?:[,;(]|\s+who\b|\s+which\b|$))"
)
_ROLE_MODIFIERS = set(
    (
        "chief senior former deputy top acting executive general lead assistant vice structural special "
        "foreign defense defence interim principal "
    ).split()
)
_ACRONYM_RE = re.compile(r"[A-Z]{2,4}")
_NOT_ROLE_OPENERS = {"and", "but", "or", "whose", "who", "which", "whom", "tells", "told", "says", "said", "adding"}
NAME_TOKEN_RE = re.compile(r"[A-Z][a-z][\w'’-]{0,40}")
_PERSON_TOKEN_RE = re.compile(r"[A-Z][a-z][\w'’-]{0,40}|[A-Z]\.")  # "Ryan", "S.", "Hollman"
_MORE_ORG_WORDS = {"team", "facility", "laboratory", "lab", "observatory", "academy", "museum", "society", "trust"}
COMPANY_SUFFIXES = {"co", "cos", "inc", "corp", "ltd", "plc", "llp", "lp", "ag", "sa", "nv", "gmbh", "llc", "limited"}
_PEOPLE_NOUNS = {"people", "women", "men", "children", "workers", "citizens", "veterans", "nations"}
POSSESSIVE_RE = re.compile(r"(?:'s|’s|'|’)$")
# A capitalised opener that is never part of a name: a gerund ("Getting X right") or "Sacramento-based".
LEADING_MODIFIER_RE = re.compile(r"[A-Z][a-z]{2,}ing|[\w.'’]+-based")
# "Iranian security forces", "Trump administration": a nationality or leader and a body, in lower case.
NATIONAL_BODY_RE = re.compile(
    r"\b(?P<name>[A-Z][a-z]+(?:an|ese|ish|ian|i)\s+(?:security forces|armed forces|forces|authorities|police"
    r"|troops|military|government|officials|prosecutors|regulators)|[A-Z][a-z]+\s+administration)\b(?P<after>\s*,?\s+(?:which|who)?\s*\w+)?"
)


def name_pieces(sequence: str) -> list[tuple[int, str]]:
    """'Salesforce's Dreamforce conference' holds two names: split after a possessive that is not last."""
    pieces: list[tuple[int, str]] = []
    begin = 0
    for token in re.finditer(r"\S+", sequence):
        rest = sequence[token.end() + 1 :]
        owned_body = " " not in rest and rest.lower() in ORG_WORDS  # "Magistrate's Court" stays one name
        people = token.group()[:-2].lower() in _PEOPLE_NOUNS  # "People's Liberation Army", "Women's March"
        if rest and token.group()[-2:] in {"'s", "’s"} and not owned_body and not people:
            pieces.append((begin, sequence[begin : token.end()]))
            begin = token.end() + 1
    pieces.append((begin, sequence[begin:]))
    return [(offset, piece) for offset, piece in pieces if piece.strip()]


def kind_of(tokens: list[str]) -> ActorKind:
    last = tokens[-1].lower().strip(".")
    if len(tokens) == 1 and tokens[0].replace(".", "") in COUNTRY_INITIALISMS:
        return "other"
    if last in OUTLET_WORDS:
        return "outlet"
    lows = [t.lower() for t in tokens]
    joined = next((i for i, low in enumerate(lows) if low in {"of", "for"}), 0)
    if joined and lows[joined - 1] in ORG_WORDS:  # "Centre for Disease Control", "Bank of England"
        return "organisation"
    if (
        last in ORG_WORDS | COMPANY_SUFFIXES | _MORE_ORG_WORDS
        or ("and" in lows and last in BODY_TAIL_WORDS)
        or (len(tokens) == 1 and re.fullmatch(r"(?:[A-Z]\.?){2,5}", tokens[0]))
    ):
        return "organisation"
    initials = re.fullmatch(r"[A-Z]{2,6}", tokens[-1]) and not re.fullmatch(r"[IVXL]+", tokens[-1])
    if len(tokens) > 1 and initials and tokens[-1] not in COUNTRY_INITIALISMS:
        return "organisation"  # "Chinese CDC": a body's initials, never a person's name
    if 2 <= len(tokens) <= 3 and re.fullmatch(r"[A-Z][a-z]+[^s]s", tokens[-1]) and is_place(tokens[:-1]):
        return "other"  # "Buffalo Bills", "Virginia Democrats": a team or a party of a place, never a person
    joined_words = any(t in {"of", "for", "and", "the", "on", "in"} for t in tokens)  # "Game of Thrones"
    if 2 <= len(tokens) <= 3 and not joined_words and not any(t.lower() in INSTITUTION_WORDS for t in tokens):
        return "person"
    return "other"


def split_title(tokens: list[str]) -> tuple[list[str], list[str]]:
    """Split 'U.S. President Joe Biden' into (['U.S.', 'President'], ['Joe', 'Biden'])."""
    title, name = _split_title(tokens)
    if len(name) >= 4 and name[1].lower() == "class" and name[0].lower() in {"first", "second", "third"}:
        return title + name[:2], name[2:]  # "Petty Officer First Class Michael Anderson": a rank of two words
    return title, name


def _split_title(tokens: list[str]) -> tuple[list[str], list[str]]:
    lows = [_title_form(t, tokens[i + 1] if i + 1 < len(tokens) else "") for i, t in enumerate(tokens)]
    lead = 0
    while lead < len(tokens) and (
        lows[lead] in ROLE_NOUNS | TITLES
        or (lows[lead] in _ROLE_MODIFIERS and lead + 1 < len(tokens) and lows[lead + 1] in ROLE_NOUNS | TITLES)
    ):
        lead += 1  # "Prime Minister", "Chief Assistant Prosecutor": the whole title, never half of it
    rest = tokens[lead:]
    named = 2 <= len(rest) <= MAX_NAME_TOKENS and all(_PERSON_TOKEN_RE.fullmatch(t) for t in rest)
    if lead and named and not any(t.lower() in ORG_WORDS | INSTITUTION_WORDS for t in rest):
        return tokens[:lead], rest  # "Analyst Rob Keel" opening a sentence, "Prime Minister Boris Johnson"
    marks = [i for i, low in enumerate(lows) if low in TITLES or low in INSTITUTION_WORDS or low in ORG_WORDS]
    if not marks or marks[-1] == len(tokens) - 1 or not any(low in TITLES for low in lows[: marks[-1] + 1]):
        return _split_at_acronym(tokens)
    if lows[marks[-1] + 1] in {"of", "for", "at"}:  # "CEO of DH": an office in a body, not a named person
        return [], tokens[marks[-1] + 2 :]
    if lows[-1] in ORG_WORDS | _MORE_ORG_WORDS | COMPANY_SUFFIXES:  # "Atlantic County Justice Facility": one body
        return [], tokens
    return tokens[: marks[-1] + 1], tokens[marks[-1] + 1 :][-MAX_NAME_TOKENS:]


def _title_form(token: str, following: str) -> str:
    """'Vice-President' reads as a title word, and so does 'Former' before one."""
    low = token.lower().strip(".")
    parts = low.split("-")
    if len(parts) > 1 and all(part in TITLE_WORDS for part in parts):
        return parts[-1]
    if len(parts) > 1 and token[:1].isupper() and parts[-1] in ROLE_NOUNS | TITLES and token.split("-")[-1].islower():
        return parts[-1]  # "Activist-lawyer Prashant Bhushan": a role joined to another word
    if low in TITLE_MODIFIERS and _title_form(following, "") in TITLE_WORDS:
        return _title_form(following, "")  # "Former President": read as the title it qualifies
    return low


def _split_at_acronym(tokens: list[str]) -> tuple[list[str], list[str]]:
    """'Browns DL Sheldon Richardson' -> (['Browns', 'DL'], ['Sheldon', 'Richardson']): a position before a name."""
    for i in range(len(tokens) - 3, -1, -1):
        name = tokens[i + 1 :]
        if (
            _ACRONYM_RE.fullmatch(tokens[i])
            and 2 <= len(name) <= 3
            and all(NAME_TOKEN_RE.fullmatch(t) and t.lower() not in FUNCTION_WORDS for t in name)
            and not any(t.lower() in ORG_WORDS or t.lower() in INSTITUTION_WORDS for t in name)
        ):
            return tokens[: i + 1], name
    return [], tokens


def name_head(tokens: list[str]) -> str:
    """The head word of a name: the last one, or the one before 'of' ('District of Columbia')."""
    lows = [t.lower() for t in tokens]
    return lows[lows.index("of") - 1] if "of" in lows[1:] else lows[-1]


def role_before(before: str) -> str | None:
    """'Palestinian chief negotiator ' -> 'Palestinian chief negotiator'; 'journalist ' -> 'journalist'."""
    words = before.split()
    if not words or words[-1].lower() not in ROLE_NOUNS or words[-1][0].isupper():
        return None
    kept = [words.pop()]
    while words and len(kept) < 4 and not words[-1].endswith((",", ".", ":")):
        word = words[-1]
        if word.lower() in FUNCTION_WORDS or not (word[0].isupper() or word.lower() in _ROLE_MODIFIERS):
            break
        kept.insert(0, words.pop())
    return " ".join(kept)


_TITLE_ALTERNATION = "|".join(sorted(TITLE_WORDS, key=len, reverse=True))
# "President of the Senate, Bukola Saraki, ...": an office of a body set before the name.
_OFFICE_BEFORE_RE = re.compile(
    rf"(?:^|[,;:]\s+)(?P<role>(?:[A-Z][\w'’-]*\s+){{0,2}}(?i:{_TITLE_ALTERNATION})\s+of\s+(?:the\s+)?"
    rf"(?:[A-Z][\w'’-]*\s+){{0,3}}[A-Z][\w'’-]*),\s+$"
)


def office_before(before: str) -> str | None:
    """'President of the Senate, ' -> 'President of the Senate'."""
    match = _OFFICE_BEFORE_RE.search(before)
    return match.group("role") if match else None


_HONORIFICS = {"dame", "sir", "lord", "lady", "king", "prince", "princess", "bishop", "judge", "pope", "mayor"}


def role_after(after: str) -> str | None:
    match = _APPOSITIVE_RE.match(after)
    if not match:
        return None
    role = " ".join(match.group("role").split()[:8]).rstrip(" ,.")
    words = role.lower().split()
    if not words or not set(words) & ROLE_NOUNS or words[0] in _NOT_ROLE_OPENERS:
        return None  # "whose father ...", "and the former owner ...", "tells The Hollywood Reporter"
    if all(w[:1].isupper() for w in role.split()) and words[-1] in _HONORIFICS and words[0] not in ROLE_NOUNS:
        return None  # "The Minister of Justice, Godfred Dame, said": a surname that is also a title
    return re.sub(r"\s+(?:to|of|on|at|in|for|the|and)$", "", role)


def is_place(tokens: list[str]) -> bool:
    """'China', 'New Delhi', 'Fort Worth', 'Orange County': a place by name or by shape, never a body's name."""
    lows = [t.lower() for t in tokens]
    if " ".join(lows).removeprefix("the ") in PLACE_NAMES:
        return True
    if lows[-1] in ORG_WORDS | OUTLET_WORDS | INSTITUTION_WORDS or not all(NAME_TOKEN_RE.fullmatch(t) for t in tokens):
        return False
    if len(tokens) == 2 and lows[0] in PLACE_FIRST_WORDS:
        return True
    return 2 <= len(tokens) <= 3 and lows[-1] in PLACE_LAST_WORDS


def is_pronoun(name: str) -> bool:
    """'You', 'I’m', 'They’re': a pronoun or its contraction is never an actor."""
    first = name.split()[0] if name.split() else ""
    shouted = len(name) > 1 and name.isupper()  # "US", "WHO": initials, not "us" or "who"
    return (name.lower() in PRONOUN_WORDS and not shouted) or _CONTRACTION_RE.fullmatch(first) is not None
