"""Word lists and patterns of news English: reporting verbs, denial cues, hedges, titles, groups; stdlib only.

These are language rules, never facts about particular stories.
"""

from __future__ import annotations

import re

REPORTING_VERBS = (
    "said|says|say|told|tells|reported|claimed|claiming|alleged|alleges|alleging|warned|warns|condemned"
    "|claims(?=\\s+(?:(?:that|the|he|she|it|they)\\b|[A-Z]))"  # "The lawsuit claims LaCroix misled", not "the claims"
    "|argued|argues|believe|believes|added|adds|stated|insisted|insists|announced|confirmed|confirms|criticised"
    "|clarified|clarifies|maintain(?= that\\b)"
    "|accused|accuses|asserts|stressed|stresses|testified|tweeted|wrote|writes|noted|explained|asserted|maintained"
    "|maintains|acknowledged|admitted|revealed|reiterated|emphasised|emphasized|contended|predicted|criticized"
    "|thinks|think|promised|promises|vowed|vows|pledged|pledges|estimated|estimates|suggested|suggests"
    # "she recalled that ...", but "Sanofi recalled a batch of heart drugs" is a product recall
    '|recalled(?=\\s*[,.:]|\\s+(?:that|how|when|being|the day|["“]))'
    '|recalls(?=\\s*[,.:]|\\s+(?:that|how|when|being|["“]))'
    "|was quoted (?:as )?saying|were quoted (?:as )?saying|conceded|concedes|countered|complained|cautioned"
    "|hinted|hints|declared|declares|assured|reckons"
    "|expects|projected|forecast|concluded|concludes|found(?= that\\b)|finds(?= that\\b)|showed(?= that\\b)"
    "|shows(?= that\\b)|held(?= that\\b)|recounted|recounts|remarked|commented|comments|reveal(?= that\\b)"
    "|reveals(?= that\\b)|reports|posted(?= on\\b)|ruled(?= that\\b)|rules(?= that\\b)"
    "|replied|replies|responded|answered|urged|fumed|retorted|snapped|scoffed|thundered"
    "|urges|boasted|joked|quipped|lamented|laments|mused|acknowledges|admits|explains|pointed out"
    "|points out|put it(?=(?:\\s+(?:\\w+ly|this way))?\\s*:)|disclosed(?= that\\b)|agreed|agrees|continued"
    '|welcomed|praised|hailed|called (?:it|them|this|that|(?:the|his|her|their|its) (?:\\w+ ){0,2}\\w+) (?:an? )?["“]'
)
DENIAL_VERBS = (
    "denied|denies|deny|denying|rejected|rejects|reject|rejecting|dismissed|dismisses|dismissing|disputed"
    "|disputes|dispute|refuted|refutes|pushed back|pushes back|contradicted|contradicts"
    "|pleaded not guilty|pleads not guilty|plead not guilty|pleaded innocen(?:t|ce)|ruled out|rules out|ruling out"
)
NEGATIVE_LABELS = (
    r"untrue|not true|false|baseless|groundless|unfounded|a sham|sham|fake(?: news)?|debunked|a lie|lies"
    r"|a hoax|fabricated|a fabrication|(?:complete |utter )?nonsense|(?:complete |utter )?rubbish|a big lie"
    r"|inaccurate|misleading|wrong|absurd|ridiculous|manufactured|made up|concocted|invented|a smear|smears"
    r"|(?:a\s+)?malicious(?:\s+(?:allegations?|lies?|claims?|attack))?|slanderous|nothing more than|hearsay"
    r"|irresponsible|alarmist|scaremongering|premature|flawed|defamatory|politically motivated"
)
REPORTING_RE = re.compile(rf"\b(?:{REPORTING_VERBS})\b")
DENIAL_RE = re.compile(rf"\b(?:{DENIAL_VERBS})\b")
# "called it untrue", "calling them baseless", "described the report as false".
CALLED_NEGATIVE_RE = re.compile(
    rf"\b(?:called|calling|calls|call|described|describing|branded|branding|labelled|labeled|dismissed|termed)\b"
    rf"(?P<obj>[^.;:]{{0,160}}?)\b(?:as\s+)?[\"“‘']?(?:{NEGATIVE_LABELS})\b"
)
# Standalone rebuttal words, counted only inside attributed speech.
REBUTTAL_RE = re.compile(
    r"\b(?:not true|untrue|debunked|baseless|unfounded|no truth|fabricated|categorically false|completely false"
    r"|no connection whatsoever|did nothing wrong|done nothing wrong|no wrongdoing|played no part|no evidence"
    r"|never intended|did not intend|had no intention|no intention of|(?:do|does|did) not indicate|no indication"
    # "I have no knowledge or involvement in illegal drug shipments", "we had no involvement whatsoever"
    r"|(?:I|we)\s+(?:have|had)\s+(?:absolutely\s+)?no\s+(?:knowledge\s+(?:of\s+|or\s+)|involvement|part|role|hand)"
    r"|(?:I|we) (?:have |had )?(?:\w+ly )?(?:rejected|reject|denied|deny|refuted|refute)"
    # "it never happened", "have absolutely no basis in truth", "without merit", "I neither copied nor deceived"
    r"|never happened|(?:did not|didn['’]t) happen|never took place|no basis in (?:truth|facts?|reality)"
    r"|without (?:any )?(?:basis|merit|foundation)|(?:I|we) (?:have )?neither \w+ nor"
    # "with which we respectfully disagree", "there are no links between the infections and the water system",
    # "believe that the verdict is incorrect"
    r"|(?:I|we)\s+(?:\w+ly\s+)?disagree|there\s+(?:is|are|was|were)\s+no\s+(?:links?|connection)\s+between"
    # "maintains that there were no improper communications": the speaker denies any wrong was done
    r"|there\s+(?:is|are|was|were|has\s+been|have\s+been|had\s+been)\s+(?:absolutely\s+)?no\s+(?:\w+\s+)?"
    r"(?:improper|inappropriate|illegal|unlawful|wrongdoing|impropriety|improprieties|misconduct|collusion"
    r"|cover-?up|foul\s+play|conflict\s+of\s+interest)"
    r"|(?:verdict|ruling|decision|findings?)\s+(?:is|was|are|were)\s+(?:\w+ly\s+)?(?:incorrect|wrong|unjust|flawed))\b"
    # "That is a rubbish report", "Almost everything in there is a big lie": the speaker calls it false.
    r"|\b(?:that|this|it|they|these|those|everything|all of (?:it|this|that))(?:\s+[\w'’]+){0,2}?"
    r"(?:\s+(?:is|was|are|were)|['’]re)\s+"  # "They're lies, just cold lies"
    r"(?:just\s+|all\s+|simply\s+|completely\s+|totally\s+)?(?:an?\s+)?(?:big\s+|complete\s+|utter\s+|total\s+)?"
    r"(?:lies|lie|rubbish|nonsense|fabrications?|a hoax|hoax|pulp fiction|false|untrue|absurd)\b"
    r"|\b(?:rubbish|bogus|fake|false|fabricated)\s+(?:reports?|stor(?:y|ies)|claims?|allegations?|accusations?)\b"
    # "strongly refutes any suggestion that", "a categorical rejection of the accusations", "zero evidence that"
    r"|\b(?:refutes?|rejects?|denies|deny)\s+(?:any|the|all|these|those)\s+(?:suggestions?|claims?|allegations?|accusations?"
    r"|charges?|reports?)\b|\b(?:rejection|denial)\s+of\s+(?:the|these|those|all|any)\s+(?:[\w-]+\s+){0,2}"
    r"(?:accusations?|allegations?|claims?|charges?|reports?)\b|\b(?:zero|not a shred of)\s+evidence\b"
    # "my client is not guilty", "maintains his innocence"
    r"|\b(?:is|are|was|were)\s+not\s+guilty\b|\b(?:I\s+am|I['’]m|we\s+are|we['’]re)\s+(?:completely\s+|totally\s+)?innocent\b|\b(?:he|she|I)['’](?:s|m)\s+not\s+guilty\b|\bmaintain(?:s|ed|ing)?\s+(?:his|her|their|its)\s+innocence\b"
    # "We disagree that we have violated the act", "disagrees with the decision of the authority"
    r"|\bdisagree(?:s|d)?\s+(?:strongly\s+)?(?:that\b|with\s+(?:the|this|that|these|its|their)\s+(?:[\w-]+\s+){0,3}"
    r"(?:decision|findings?|ruling|conclusions?|assessment|allegations?|claims?|accusations?|reports?)\b)",
    re.IGNORECASE,
)
# "the decision would not change ...": an attributed clause that negates a decision, report or claim.
NEGATED_REFERENCE_RE = re.compile(
    r"^(?:that\s+)?(?:the|this|these|its|their|[A-Z][\w.]*(?:'s|’s)?)\s+(?:[\w.-]+\s+){0,2}"
    r"(?:decision|report|claims?|allegations?|accusations?|move|announcement|policy|account|statement"
    r"|assertion|suggestion|ruling)\b(?:\s+(?:[\w'’-]{1,40}ly|also|itself|still|in \w+|of \w+))?\s+"
    r"(?:did|does|do|would|will|was|is|were|are|could|has|have)"
    r"\s*[\"“]?\s*(?:not|n't|never)\b"
)
# "the allegations are false", "these claims were completely baseless": a reported clause that labels a claim.
NEGATIVE_PREDICATE_RE = re.compile(
    rf"^(?:that\s+)?(?:(?:the|these|those|such|his|her|their|its|any|all|this|that)\s+(?:[\w'’-]{{1,30}}\s+){{0,2}}"
    rf"(?=\w)|(?=(?:allegations|claims|accusations|reports|charges|stories|rumou?rs)\s))"
    rf"(?:allegations?|claims?|accusations?|reports?|charges?|stor(?:y|ies)|assertions?|suggestions?|rumou?rs?"
    # "Reports of Russian involvement in a hack, which ..., are 'absurd'": what they are about may run long
    rf"|reporting|article)(?:\s+(?:of|about|on|against|that|in)\s+[^\"“”;]{{2,160}}?)?,?\s+(?:is|are|was|were|remain|remains)\s+(?:[\w'’-]{{1,30}}\s+){{0,2}}[\"“‘']?"
    rf"(?:{NEGATIVE_LABELS})\b",
    re.IGNORECASE,
)
# "defended the party's actions, saying ...": defending against criticism is rejecting it.
DEFENDED_RE = re.compile(
    r"\b(?:defended|defends|defending)\b(?P<obj>[^,;.\"“”]{3,80}?),\s+(?:saying|arguing|insisting|adding|noting)\b"
)
# '"I didn't write that letter," X said': a first-person negation of an act, in the speaker's own words.
_NEGATION = (
    r"(?:did not|didn['’]t|(?:do not|don['’]t|does not|doesn['’]t)(?!\s+(?:know|say|do|think)\b)|never"
    r"|ha(?:ve|s|d) never|have not|haven['’]t|would never)\s+(?:ever\s+)?(?:\w+ly\s+(?:or\s+\w+ly\s+)?)?"
    r"(?:(?:attempted|tried|intended|sought|meant)\s+to\s+)?"  # "never attempted to use any banned substance"
    r"(?:write|wrote|written|say|said|do|did|done|take|took|taken|meet|met|send|sent|order|ordered|"
    r"ask|asked|pay|paid|receive|received|sign|signed|authori[sz]e|authori[sz]ed|steal|stole|stolen|lie|lied|"
    r"threaten|threatened|harass|harassed|touch|touched|break|broke|broken|violate|violated|accept|accepted|"
    r"leak|leaked|hide|hid|hidden|cover|covered|mislead|misled|pressure|pressured|bribe|bribed|spend|spent|"
    r"approve|approved|know|knew|commit|committed|kill|killed|attack|attacked|cheat|cheated|use|used|"
    r"export|exported|supply|supplied|sell|sold|fund|funded|arm|armed|copy|copied|plagiari[sz]ed?|deceive|deceived|"
    r"collude|colluded|conspire|conspired|refuse|refused|fix|fixed|rig|rigged|falsify|falsified)\b"
)
_NEGATED_ACT = r"\s+" + _NEGATION
# '"I didn't write that letter," X said', '"..., but I have never knowingly taken any banned substance"'
# '"We have made it clear that we did not collude with anyone," said ...': the negation inside the speaker's own
# statement of position
FIRST_PERSON_DENIAL_RE = re.compile(
    r"(?:^[\"“‘]?|,\s+but\s+)(?:(?:I|We)\s+(?:have\s+)?(?:made\s+it\s+clear|(?:always\s+)?(?:said|maintained|insisted"
    rf"|stressed))\s+(?:that\s+)?(?:I|we)|I|We){_NEGATED_ACT}"
)
# "Ferdinand maintains he has never used drugs": a reported clause in which the speaker denies an act.
# 'Tong said she "never attempted to use any kind of banned substance"': the quotation may open after the pronoun.
# 'Tong said she "never attempted ..."' as the words of her lawyer: one report inside another.
THIRD_PERSON_DENIAL_RE = re.compile(
    r"^(?:that\s+)?(?P<nested>(?:[A-Z][\w'’-]+\s+){1,3}(?:said|says|insisted|insists|maintained|maintains|stressed)\s+"
    rf"(?:that\s+)?)?(?:he|she|it|they)(?:\s+[\"“]|\s+){_NEGATION}"
)
# "did not accept the offer", "turned down a request": refusing a proposal is a denial of it.
REFUSAL_RE = re.compile(
    r"\b(?:did not accept|has not accepted|have not accepted|would not accept|turned down|turns down|declined"
    r"|declines|refused|refuses|rebuffed|rebuffs)\b(?P<obj>\s+(?:the|an?|its|their|his|her|this|that)\s+"
    r"(?:[\w-]+\s+){0,3}?(?:offer|request|proposal|invitation|demand|bid|plea|appeal|call|suggestion)s?\b)"
    r"(?!\s+(?:for|to)\s+(?:comment|an? interview|interview|respond|answer))"  # declining to comment denies nothing
)
HEDGE_RE = re.compile(
    r"\b(?:reportedly|allegedly|purportedly|is said to|are said to|was said to|were said to|may|might"
    r"|according to (?:\w+\s+){0,2}sources|unconfirmed|is believed to|are believed to|reported to)\b",
    re.IGNORECASE,
)
PENDING_RE = re.compile(
    r"\b(?:(?:is|are|was|were|(?:has|have|had) been) (?:expected|scheduled|due|set|likely|poised|slated) to|will"
    r"|would|(?:plans|plan|intends|intend|aims|vows|vowed|pledges|pledged|promises|promised) to"
    r"|has not said|have not said|had not said|yet to|no decision|not yet|inquiry|investigation"
    r"|(?:faces|face|facing) (?:\w+\s+){0,3}(?:charges?|counts?|trial|prosecution|extradition|ban)|whether|pending"
    r"|(?:faces|face|facing) (?:[\w$,.]+\s+){0,4}(?:prison|jail|years|fine|sentence|penalty)"
    r"|could face|could be|(?:is|are) (?:expected|due) (?:within|by|before|in|next|later|on)"
    r"|(?:is|are|was|were) (?:scheduled|set|due) (?:for|on)|under investigation|being investigated"
    r"|waiting for|awaiting|to court|sued|sues|suit against|legal action|court against|lawsuit filed by"
    r"|filed (?:a |an )?(?:[a-z-]+ )?(?:law)?suit"
    r"|(?:battling|fighting|contesting|challenging|resisting) (?:\w+ )?(?:extradition|deportation))\b",
    re.IGNORECASE,
)
# Speech-act nouns that a denial's object can refer back to.
REFERENCE_NOUNS = (
    "report|reports|claim|claims|allegation|allegations|accusation|accusations|account|story|suggestion"
    "|assertion|characterisation|characterization|charge|charges|reporting|article|it|them|this|that"
    "|findings|conclusions|study|research|results|wrongdoing"
)
OUTLET_REFERENCE_NOUNS = {"report", "reports", "account", "story", "reporting", "article"}

TITLE_WORDS = set(
    (
        "coach manager president vice prime minister secretary chancellor premier mayor chair chairman chairwoman "
        "chairperson senator sen rep representative congressman congresswoman governor gov lt col colonel "
        "general gen lieutenant major maj captain capt sergeant sgt commander admiral adm ambassador "
        "deputy director mr ms mrs dr judge justice chief commissioner king queen prince princess pope "
        "speaker leader attorney professor prof sir lord dame inspector detective officer envoy "
        "spokesperson spokesman spokeswoman editor correspondent journalist councillor sheikh emir sultan "
        "ayatollah rabbi bishop archbishop cardinal father reverend rev ceo founder co-founder executive "
        "treasurer auditor marshal superintendent constable insider counselor counsellor councilman councilwoman "
        "alderman alderwoman assemblyman assemblywoman "
        # a player's position before the name: "Defender Tomas Reyes said", never part of the name
        "striker midfielder goalkeeper goaltender netminder defender winger quarterback linebacker pitcher "
        "outfielder shortstop batsman judoka sprinter swimmer cyclist boxer wrestler jockey golfer skier "
    ).split()
)
# Words that belong to institutions and offices, never to a personal name.
INSTITUTION_WORDS = set(
    (
        "defense defence foreign state home interior finance justice public prosecution prosecutions "
        "national federal security intelligence human rights affairs press health education energy trade "
        "economy transport white house general attorney united nations union european supreme high "
        "district city county regional "
    ).split()
)
ORG_WORDS = set(
    (
        "authority party council committee court ministry office department agency union league nations "
        "house forum institute university bank group inc corp company commission administration "
        "government police army forces force assembly senate congress parliament cabinet foundation "
        "association service bureau board fund organisation organization movement front brigade brigades "
        "coalition alliance federation corporation ltd plc llc network centre center church club navy "
        "embassy consulate prison hospital school college tribunal directorate secretariat military legislature "
        "productions studios records entertainment international holdings partners capital media labs "
        "laboratories industries resources motors airlines airways pharmaceuticals pharma technologies systems "
        "mining energy petroleum oil gas steel foods brands communications telecom logistics ventures "
        "enterprises solutions software semiconductor electric insurance securities investments conference caucus "
        "society "
    ).split()
)
OUTLET_WORDS = set(
    (
        "post journal times news ledger herald tribune gazette guardian telegraph reuters bloomberg "
        "chronicle observer daily radio tv television magazine review wire express independent economist "
        "mail sun mirror standard courier inquirer globe politico axios bbc cnn npr afp ap ynet haaretz "
        "press "
    ).split()
)
GROUP_NOUNS = (
    "officials|official|sources|source|spokesperson|spokesman|spokeswoman|analysts|analyst|prosecutors"
    "|prosecutor|lawmakers|legislators|settlers|diplomats|diplomat|experts|expert|critics|residents|witnesses"
    "|investigators|police|authorities|aides|aide|advisers|officers|activists|protesters|researchers|scientists"
    "|economists|observers|insiders|people|person|members|leaders|negotiators|campaigners|lawyers|doctors"
    "|employees|employee|staff|workers|engineers|managers|farmers|deputies|councillors|teachers|nurses|students"
    "|parents|fans|athletes|customers|shareholders|investors|villagers|traders|pilots|soldiers|physicians"
    "|supporters|opponents|backers|allies|witness|troops|agents|executives|demonstrators|consumers|users"
    "|viewers|subscribers|voters|patients|passengers|readers|motorists|commuters|victims|families"
)
# "U.S. officials", "An Israeli official", "Sources close to Netanyahu", "officials with knowledge of ...".
GROUP_PHRASE_RE = re.compile(
    rf"^(?:(?:an?|the|some|several|one|two|three|four|five|another|other|senior|many|most|few)\s+)*"
    rf"(?P<mods>(?:(?:[A-Z0-9][\w.'’-]{{0,40}}|senior|top|former|local|regional|western|military|security|government"
    rf"|administration|intelligence|ministry|defense|defence|health|police|party|other|anonymous|unnamed)\s+){{0,3}})"
    rf"(?P<head>{GROUP_NOUNS})(?P<tail>\s+(?:close to|familiar with|with knowledge of|briefed on|in|for|at|from)"
    rf"\s+[^,;]{{1,60}})?$",
    re.IGNORECASE,
)
# Heads of descriptive person phrases ("a former investment manager", "a structural engineer").
ROLE_HEADS = set(
    "manager engineer lawyer analyst official executive director adviser worker employee officer teacher "
    "doctor nurse scientist researcher athlete player driver pilot farmer resident witness".split()
)
# Abbreviated titles as they appear before names ("Gov. Eric Holcomb"), with the noun a later mention uses.
ABBREVIATED_TITLES = {
    "gov": "governor", "sen": "senator", "rep": "representative", "gen": "general", "lt": "lieutenant",
    "col": "colonel", "dr": "doctor", "sgt": "sergeant", "capt": "captain", "adm": "admiral", "maj": "major",
    "prof": "professor", "rev": "reverend", "supt": "superintendent", "cmdr": "commander",
}  # fmt: skip
# Country initialisms name places and governments, not organisations that speak for themselves.
COUNTRY_INITIALISMS = {"US", "USA", "UK", "UAE", "EU", "PRC", "DPRK", "DRC", "ROK"}
# Heads of names that are places, laws or events: actors only when they are quoted as speakers.
NON_ACTOR_HEADS = set(
    (
        "statehouse capitol square street avenue road park airport station stadium arena bridge river "
        "island province district amendment act bill treaty accord constitution protocol awards festival "
        "olympics summit day place lane drive boulevard terrace plaza highway interstate system "
    ).split()
)
PRONOUNS = {"he", "she", "they", "it", "we", "i"}
MONTHS_DAYS = set(
    (
        "january february march april may june july august september october november december monday "
        "tuesday wednesday thursday friday saturday sunday jan feb mar apr jun jul aug sep sept oct nov "
        "dec "
    ).split()
)
LOCATION_PREPOSITIONS = set(
    (
        "in at to from near into across toward towards outside inside within throughout through via "
        "around visited visit visiting south north east west "
    ).split()
)
AUXILIARIES = set(
    (
        "has have had is are was were also always however reportedly then later previously repeatedly "
        "again once publicly privately earlier initially would will did does do not never flatly strongly "
        "firmly quickly immediately categorically vehemently swiftly further subsequently since now who "
        "which instead even finally just only simply "
    ).split()
)
# Past forms that carry no "-ed": with the auxiliaries, what tells a reported clause from a bare noun phrase.
IRREGULAR_PAST = set(
    (
        "took made gave got went came saw knew thought told left kept began became brought bought built held "
        "found felt said met sent spent won lost paid put ran set sold stood taught understood wrote spoke broke "
        "chose drove fell flew forgot grew hid hit hurt led meant rose sat slept stole struck swore threw wore "
        "fought caught sought dealt drew ate forbade froze shook shot shut split spread stuck swept tore woke "
        "withdrew overtook undertook bore beat bit bled blew bound bent lent let lit quit read rode "
        "rang sang sank slid spun sprang stung strove swam swung wept wound"
    ).split()
)
FINITE_WORDS = set(
    (
        "is are was were am be has have had will would can could may might should must shall do does did "
        "isn't aren't wasn't weren't hasn't haven't hadn't won't wouldn't can't couldn't shouldn't mustn't "
        "don't doesn't didn't"
    ).split()
)
SUBJECT_PRONOUNS = set("i we you they he she it there who which this that".split())
