"""The harm rules of the consent gate, as one table a person can read and edit.

Two tables. `CUES` names the things a request can say (a sexual term, a child, a real person other
than the speaker, a crime, an election, ...) with the regular expressions that spot them and the
benign look-alikes that must not count ("naked eye", "comic strip", "blur the nudity").
`RULES` says which combinations of cues are refused: each rule lists one or more `when` lines,
`cue + cue + !cue` (all named cues present, `!` cues absent); any line that holds refuses the
request whatever consent was given. Each rule carries examples it must refuse and look-alikes it
must let through; the tests run them.

Conventions: patterns are lower-case regexes matched against the request after it is lower-cased
and its curly quotes straightened (except `case_sensitive` cues, which see the original casing).
Each cue's patterns are joined into one alternation that must start at the start of a word and end
at the end of one, so `nude` does not match `denuded`. Gaps between words are written
`(?: \\S+){0,3}` (bounded, so matching stays linear).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Cue:
    description: str
    patterns: tuple[str, ...]
    benign: tuple[str, ...] = ()  # look-alike phrases blanked out before the patterns run
    case_sensitive: bool = False


@dataclass(frozen=True)
class HarmRule:
    id: str
    category: str  # short name, used in the reason a person reads
    description: str  # what is refused and why, in plain words
    when: tuple[str, ...]  # "cue + cue + !cue"; any line that holds refuses
    refuses: tuple[str, ...] = ()  # examples this rule must refuse (tested)
    allows: tuple[str, ...] = ()  # look-alikes no rule may refuse (tested)


# -- shared vocabulary -------------------------------------------------------------------------

# People a request can be about, other than the person asking.
PEOPLE = (
    r"boss|manager|supervisor|co-?workers?|colleagues?|ex|exes"
    r"|ex-?(?:wife|husband|girlfriend|boyfriend|partner|bf|gf)|neighbou?rs?|teachers?|professor|prof|tutor|coach"
    r"|principal|classmates?|roommates?|flatmates?|landlord|landlady|tenants?|sisters?|brothers?"
    r"|step-? ?(?:sister|brother|mom|mum|dad|mother|father|son|daughter|sis|bro)"
    r"|(?:sister|brother|mother|father|son|daughter)-in-law|in-laws|mom|mum|mommy|mother|dad|daddy|father|parents?"
    r"|aunt|auntie|uncle|cousins?|niece|nephew|grandma|grandpa|grandmother|grandfather|granny|nana|grandson"
    r"|granddaughter|sons?|daughters?|kids?|child|children|wife|husband|girlfriend|boyfriend|gf|bf|fianc[eé]e?"
    r"|partner|spouse|friends?|bff|bestie|crush|rival|enemy|competitor|pastor|priest|rabbi|imam|therapist|nanny"
    r"|babysitter|employees?|employer|intern|ceo|cfo|cto|founder|owner|team-?mates?|bandmates?|bully|stalker|barista"
    r"|waitress|waiter|cashier|students?|referee|judge|cop|police (?:officer|chief)|officer|sheriff|bride|groom|nerd"
    r"|girls?|guys?|dude|chick|lady|ladies|woman|women|man|men|boys?|someone|somebody|strangers?|account holder"
    r"|director|executive|chairman|chairwoman|treasurer|accountant|lawyer|attorney|doctor|dentist|surgeon|dean"
    r"|superintendent|bishop|deacon|vicar|volunteer|organi[sz]er|shopkeeper|clerk|driver|mechanic|plumber|contractor"
    r"|vendor|investor|donor|players?|pilot|chef|guard|janitor|mailman|postman|bartender|bouncer|doorman|quarterback"
    r"|pitcher|striker|goalie|goalkeeper|captain|(?:team|company|school|club|church|firm|band)'s \S+"
)
FAMOUS = (
    r"celebrit(?:y|ies)|celebs?|famous|actors?|actress(?:es)?|singers?|rappers?|pop ?stars?|influencers?|streamers?"
    r"|youtubers?|tiktokers?|instagrammers?|athletes?|footballers?|news ?anchors?|anchors?|reporters?|journalists?"
    r"|models?|taylor swift|emma watson|scarlett johansson|tom hanks|tom cruise|elon musk|mr ?beast|kim kardashian"
    r"|kylie jenner|beyonc[eé]|rihanna|billie eilish|selena gomez|ariana grande|zendaya|margot robbie"
    r"|jennifer (?:lawrence|aniston)|sydney sweeney|keanu reeves|brad pitt|leonardo dicaprio|dwayne johnson"
    r"|mark zuckerberg|jeff bezos|bill gates|oprah|lebron|messi|ronaldo|the pope|elon|musk|zuck\w*|bezos|kanye|drake"
)
POLITICIANS = (
    r"biden|trump|obama|kamala|harris|clinton|hillary|putin|zelensk\w*|xi jinping|modi|macron|sunak|starmer|trudeau"
    r"|netanyahu|desantis|newsom|pelosi|mcconnell|bernie|sanders|aoc|ocasio-cortez|vance|walz|boris johnson|merkel"
    r"|scholz|erdogan|milei|lula|bolsonaro|meloni|le pen"
)
# "her", "my dead grandfather's", "the intern's", "jess's": whose clothes, account or face.
_POSSESSOR = r"(?:(?:(?:my|our|his|her|their|the|this|that|a) (?:\S+ )?)?[a-z-]+'s?|his|her|their)"
_REMOVE = (
    r"remov\w*|eras\w*|strip\w*|delet\w*|get(?:ting)? rid of|crop\w*|cut\w* out|hid(?:e|es|ing)|blur\w*|cover\w*"
    r"|mask\w*|paint\w* over|inpaint\w*|clean\w*|wip(?:e|es|ed|ing)|scrub\w*|bypass\w*|defeat\w*|evad\w*"
    r"|circumvent\w*|disabl\w*|turn\w* off|tak(?:e|es|ing) (?:off|out|away)|took (?:off|out|away)|los(?:e|ing)"
    r"|without|minus|sans|drop\w*|discard\w*|edit\w* out|clone\w* out|fill\w* in|replac\w*|swap\w* out"
    r"|leav(?:e|ing) (?:off|out)|omit\w*|skip\w*|no|trim\w*"
)
_AI_TOOLS = (
    r"sora|veo|runway|pika|kling|midjourney|dall-?e|firefly|openai|chatgpt|gemini|meta ai|imagen|luma|hailuo|minimax"
    r"|ideogram|grok|heygen|synthesia|runcomfy|stable diffusion|flux|seedream|nano banana|gpt[- ]image|copilot"
)
_AI_WORD = (
    r"ai|a\.i\.|gen ?ai|synthetic(?: media)?|ai[- ](?:generated|made|edited|created)|artificial intelligence"
    rf"|(?:generated|made|created|imagined|edited|produced) (?:with|by|using|in|on) (?:ai|an ai|{_AI_TOOLS})"
    rf"|{_AI_TOOLS}|deep ?fake|digitally (?:altered|created|generated)|altered or synthetic|altered content|not real"
    r"|parody|satire"
)
_LABEL = (
    r"labels?|watermarks?|tags?|badges?|disclosures?|disclaimers?|notices?|marks?|markers?|stamps?|banners?"
    r"|captions?|icons?|stickers?|logos?|credits?|signatures?|overlays?|warnings?|text|metadata|data|info|manifests?"
    r"|(?:end |title )?cards?|slates?|notes?|messages?|mentions?|lines?"
)
_FILLER = r"(?:[- ](?:content|media|video|image|generated|made|created|edit\w*|disclosure|usage|use|info))"
_SCREEN_SPOT = r"(?:corner|top|bottom|frame|screen|overlay|end|start|intro|outro|side|edge)"
_NAMED_MARK = (
    r"synth ?id|c2pa|content credentials?|content authenticity|cai manifest|provenance(?: \S+)?"
    r"|(?:invisible|imperceptible|hidden|digital|embedded) watermarks?|ai info"
)
# "..., remove it" / "cut it." closing the clause: the label named earlier is what goes.
_DROP_IT = (
    r"(?:remov\w*|cut(?: out)?|eras\w*|delet\w*|get rid of|hid(?:e|ing)|strip\w*|scrub\w*|wip(?:e|ing)) (?:it|that|this|them)"
    r"(?= *(?:$|[.!?,;]| please| pls| plz| for me| off| out| away))"
)
_KEEP_WORDS = r"add|adds|added|adding|keep|keeping|insert|inserting|include|including|put|place|apply|show"
_NOT_BETWEEN = rf"(?:(?!\b(?:{_KEEP_WORDS})\b)[^.;!?\n])"  # "remove X and add an AI label" is no removal
_AGE_MINOR = r"(?:[1-9]|1[0-7])"
_AGE_WORDS = r"(?:five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen)"
_DAYS = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_PLATFORMS = (
    r"slack|teams|group ?chat|team ?chat|class ?chat|family ?chat|discord|whatsapp|snapchat|facebook|instagram|insta"
    r"|tiktok|twitter|reddit|youtube|the internet|online|school|class|office|work|church|neighbou?rhood|nextdoor"
    r"|linkedin|telegram|the web|group|groups"
)
# Capitalised words that end in 's but are not people ("Valentine's", "Mother's Day").
_NOT_NAMES = (
    r"(?:Valentine|Mother|Father|Mom|Mum|Dad|Grandma|Grandpa|New|April|World|Women|Men|Children|St|Saint|Today"
    r"|Tomorrow|Yesterday|President|God|Nature|Halloween|Christmas|Easter)(?:'s|')"
)

CUES: dict[str, Cue] = {
    "explicit": Cue(
        "sexual, nude or pornographic content",
        (
            r"porn\w*|pr[o0]n|p[o0]rn|xxx|nsfw|nak(?:e|k)?d|nakkid|n[o0]{2}d(?:s|z|ies)|nudez|s3x|seggs|secks"
            r"|only ?fans|fansly|manyvids|lewd\w*|hentai|rule ?34|r34|smut\w*|nud(?:e|es|ed|ity|ie|ies)|nudif\w*"
            r"|deep ?nudes?|semi[- ]nude|naked|nekkid|topless|bottomless|braless|undress\w*|unclothed|in the buff"
            r"|birthday suit|skinny[- ]dipping|sex(?!y|ier|iest|ton|tant|tet|tuple|is[mt])\w*|erotic\w*|voyeur\w*"
            r"|peeping|hidden cam\w*|spy ?cam\w*|x-rated|18\+|porn ?stars?|cam ?(?:girl|boy|model|show)s?"
            r"|strip ?tease|stripper\w*|strip (?:club|show|danc\w*|routine)s?"
            r"|strip(?:s|ped|ping)? (?:her|him|them)(?: down| naked| off)?|lap ?danc\w*|playboy|penthouse|centerfold",
            r"adult (?:films?|videos?|movies?|content|sites?|stars?|scenes?|entertainment|clips?|actress|actor)"
            r"|dirty (?:pics?|photos?|pictures?|videos?|clips?|stuff|movies?|texts?|messages?|talk)"
            r"|leak\w* (?:\S+ ){0,2}(?:tapes?|nudes|sex\w*)",
            r"explicit (?:photos?|pics?|pictures?|images?|videos?|clips?|scenes?|content|material|versions?|shots?"
            r"|footage|edits?|stuff|tapes?)|(?:something|more|very|fully|super|really|extra|make|making|made|turn"
            r"|get|go) (?:\S+ )?explicit",
            r"cloth(?:es|ing|e) off|without (?:any |her |his |their )?cloth(?:es|ing|e)|no cloth(?:es|ing|e)|x-rated"
            r"|(?:wearing|wears|wore|dressed in) (?:absolutely |literally )?nothing\b(?! (?:special|fancy|else|new|formal|but (?:black|white|jeans)))"
            r"|(?:has|have|had|with) (?:absolutely )?nothing on\b(?! (?:it|the|top|screen|tv|the wall))"
            r"|in nothing but (?:a |her |his )?(?:smile|towel|sheet|apron|socks|heels|underwear|lingerie|bra)"
            r"|(?:isn'?t|is not|aren'?t|not|without) wearing (?:anything|a thing|any clothes|clothes)"
            r"|(?:her|his|their|the) (?:clothes|clothing|outfit|swimsuit|bikini|underwear|dress|top) (?:to |will |would |just )?"
            r"(?:disappear\w*|vanish\w*|dissolv\w*|melt\w* away|fall(?:s|ing)? off|come off)"
            r"|nc-17|(?:less|fewer|no|little|barely any)[- ](?:clothes|clothing)|barely dressed|half[- ]dressed"
            r"|down to (?:nothing|(?:her|his|their) (?:underwear|bra|panties|boxers))"
            r"|strip (?:\S+ ){1,3}(?:down|naked|bare)|(?:with )?no (?:top|bra|panties|underwear|knickers|pants) on",
            r"(?:take|takes|took|taking|rip|ripped|pull|pulled|tear|tore|remov\w*|eras\w*|delet\w*|get rid of"
            r"|photoshop\w*|edit\w* out|tak(?:e|ing) away|lift\w*|unbutton\w*|unzip\w*) (?:off |up "
            rf"|down )?{_POSSESSOR} (?:clothes|clothing|shirt|top|bra|dress|skirt|pants|trousers|panties|underwear"
            r"|bikini|swimsuit|swimwear|outfit|towel"
            r"|robe)(?! (?:logo|stain|tag|label|print|text|wrinkle|colou?r|strap|sleeve|button))",
            r"(?:remov\w*|eras\w*|delet\w*|get rid of|tak(?:e|ing) off) the (?:clothes|clothing|swimsuit|bikini"
            r"|underwear|bra|dress|top|towel|shirt|skirt|robe) (?:from|off|on) (?:her|him|the|this|that)",
            r"see[- ]through (?:her|his|their) \w+|x-?ray (?:her|his|their|the) (?:clothes|body)",
            r"boobs?|tits|titties|nipples?|breasts?|genitals?|genitalia|penis|vagina|dick|cock|pussy|privates"
            r"|private parts|crotch|blow ?jobs?|bj|hand ?jobs?|cum(?:shot|ming|s)?|orgasm\w*|masturbat\w*"
            r"|jerk(?:ing)? off|horny|kinky|fetish\w*|bdsm|bondage|orgy|orgies|threesome|gang ?bang|creampie|anal"
            r"|fuck\w*|f\*ck\w*|railed|hump\w*|(?:screw|bang|smash|rail)(?:s|ed|ing)? (?:her|him|them)|having sex"
            r"|make love|making love|getting laid|sleeping together|hook(?:s|ed|ing)? up with|one[- ]night stand"
            r"|do(?:ing)? it with|did it with|getting it on|having relations"
            r"|(?:replac|swap)\w* (?:her|his|their) (?:clothes|clothing|outfit|dress) (?:with|for) (?:nothing"
            r"|lingerie|underwear|a bikini|skin)|upskirt|downblouse|nip ?slip|spread(?:ing)? (?:her"
            r"|his) legs|grop\w*|fondl\w*",
        ),
        benign=(
            r"naked (?:eye|cake|trees?|branch\w*|walls?|bulbs?|flames?|truth|ambition)"
            r"|nude[- ](?:lip\w*|heels?|shoes?|pumps?|tones?|colou?r\w*|makeup|palette|nail\w*|beige|shades?"
            r"|stockings?)",
            r"(?:same|opposite|both)[- ]sex|sex (?:education|ed|ratio|reveal)|(?:biological|assigned) sex"
            r"|sexual (?:harassment|assault|abuse) (?:training|awareness|prevention|policy|course|video|hotline)",
            r"(?:blur\w*|cover\w*|censor\w*|pixelat\w*|hid(?:e|ing)|mask\w*|remov\w*|eras\w*|get rid of|crop\w* out"
            r"|take out|add clothes to|replac\w*)(?: up| out| over)? (?:the |any |all "
            r"|some )?(?:(?:nsfw|explicit|nude|naked|xxx|porn\w*|lewd|obscene|vulgar) (?:graffiti|signs?|posters?"
            r"|text|drawings?|magazines?|ads?|billboards?|images?|pictures?|paintings?|statues?"
            r"|art\w*)|stripper poles?|nudity|nude (?:painting|statue|sculpture|figure|art|artwork|portrait"
            r"|mannequin)s?|naked (?:statue|sculpture|mannequin)s?|explicit (?:content|material|parts|bits"
            r"|scenes?)|(?:\S+ )?(?:strip club|adult (?:shop|store|bookstore)|sex shop)(?: \S+)?)",
            r"['\"]?(?:explicit|parental advisory)(?: content)?['\"]? (?:stickers?|labels?|warnings?|tags?)"
            r"|parental advisory",
            r"explicit(?:ly)? (?:roles?|instructions?|about|prompts?|descriptions?|numbering)|be explicit|explicitly",
            r"cum laude|moby dick|breast (?:cancer|stroke|pocket|plate)|chicken breast|breastfe\w*",
            r"(?:comic|film) strips?|strip (?:malls?|steak|lights?|lighting)|the (?:las vegas )?strip",
        ),
    ),
    "soft_sexual": Cue(
        "sexualised but not explicit: lingerie, 'sexy', 'in bed', an intimate or compromising video",
        (
            r"sexy|sexier|sexiest|seductive\w*|provocative\w*|suggestive\w*|sultry|steamy|sensual\w*|flirt\w*|racy"
            r"|risqu[eé]|raunchy|skimpy|scantily|revealing|r-rated|uncensored|lingerie|underwear|panties|thong|bra"
            r"|bikini|cleavage|boudoir|pin-?up|thirst ?trap|booty|twerk\w*|pole ?danc\w*|naughty|moan\w*|grind\w* on"
            r"|wet t-?shirt|short skirt|mini ?skirt|bent over|on all fours|jock ?strap|g-?string|hot tub|jacuzzi"
            r"|barely (?:cover\w*|clothed|dressed|anything)"
            r"|(?:swimsuit|swimwear|bikini|lingerie|underwear|bathing suit) (?:shoot|photo ?shoot|models?|modell?ing"
            r"|calendar)|adult models?|(?:mature|grown[- ]up|glamou?r|adult) (?:\S+ )?(?:photo ?shoot|shoot|content"
            r"|photos?|pics?|version|look|theme|poses?)|spicy (?:pics?|photos?|content|videos?|clips?"
            r"|edits?)|love scene|feet pics|strip(?:s|ped"
            r"|ping)(?! (?:the|a|an|off the|away|out|down the|of|paint|wallpaper)\b)|(?:her|his|their|big|fat|nice"
            r"|cute) (?:ass|butt|bum|rack|chest|booty)|private (?:videos?|pics?|photos?|tapes?)|leaked (?:videos?"
            r"|pics?|photos?|tapes?)",
            r"(?:look|looks|looking|make (?:her|him|them|me) look) (?:hot|sexy|thicc|thick|slutty)"
            r"|hot (?:pics?|photos?|body|bod|girl|babe|pose)",
            r"in (?:bed|my bed|her bed|his bed)|bedroom (?:photos?|pics?|videos?|scenes?|eyes|tapes?|clips?)"
            r"|make ?out|making out|french kiss\w*|kiss(?:es|ing)? (?:me|him|her) on the (?:lips|mouth)"
            r"|romantic (?:scenes?|videos?)",
            r"(?:intimate|compromising) (?:videos?|clips?|photos?|pics?|pictures?|images?|scenes?|moments?"
            r"|positions?|situations?|footage)|sheer|see[- ]?thr(?:ough|u)|transparent (?:dress|top|shirt|blouse)"
            r"|(?:homemade|home-made|amateur) (?:\S+ )?tapes?|(?:wear\w*|in|dressed in) (?:just|only) (?:a |an |her |his )?"
            r"(?:towel|sheet|apron|bra|underwear|thong|socks|blanket|shirt)|(?:towel|robe|top|bikini|strap)s? (?:that |which )?"
            r"(?:slips|slides|drops|falls)",
            r"shower\w*|changing room|locker room|in a towel|getting (?:dressed|changed|undressed)"
            r"|changing (?:clothes|her clothes)",
            r"intimate with|(?:getting|get|gets|being) intimate",
        ),
        benign=(
            r"(?:gender|big|grand) reveal\w*|bra straps?|bridal shower|baby shower|shower (?:curtain|head)"
            r"|meteor shower|april showers?",
            r"hot (?:dog|air|sauce|chocolate|spring)s?",
            r"(?:remov\w*|eras\w*|blur\w*|get rid of|tak(?:e|ing) out|crop\w* out|cut\w* out|hid(?:e|ing)|delet\w*"
            r"|paint\w* out)(?: (?!(?:make|makes|making|and|then|so|but|turn|put)\b)[^\s,.;]+){0,4}? (?:sexy"
            r"|lingerie|underwear|bikini\S*|thong|bra|booty|see-through|sheer|hot tub|jacuzzi"
            r"|shower)(?: [^\s,.;]+){0,3}",
        ),
    ),
    "private_scene": Cue(
        "a private moment: in the bath (kept apart from 'soft_sexual', since children's bath photos are ordinary)",
        (r"(?:getting (?:out of|into)|in|taking) (?:the |a |her |his )?(?:bath|bathtub|tub)\b|bathing",),
    ),
    "minor": Cue(
        "a child or teenager",
        (
            r"child|children|childs|kids?|kiddos?|kiddie|minors?|underage\w*|under-age|under 18|under eighteen"
            r"|not (?:yet )?18|teens?|teenage\w*|teenagers?|teenie|teeny|adolescent\w*|pre-?teens?|tweens?"
            r"|pre-?pubescent|pubescent|juvenile|youngsters?|school ?(?:girls?|boys?|kids?)|high ?school(?:ers?)?"
            r"|middle ?school(?:ers?)?|junior high|elementary (?:school|student)s?|grade ?school(?:ers?)?"
            r"|(?:[1-9]|1[0-2])(?:st|nd|rd|th) grade(?:rs?)?|little (?:girls?|boys?|sister|brother|ones?|cousin)"
            r"|lil (?:girl|boy)|young (?:girls?|boys?|teens?)|(?:boy|girl|cub) scouts?|toddlers?|baby|babies"
            r"|infants?|newborns?|daughters?|sons?|nieces?|nephews?|stepdaughter|stepson|granddaughter|grandson"
            r"|childlike|child-like|young-looking|kindergarten\w*|preschool\w*|daycare|nursery school",
            rf"{_AGE_MINOR}(?: |-)?(?:years?|yrs?)(?: |-)?old|{_AGE_MINOR} ?(?:yo|y/o|y\.o\.)"
            rf"|{_AGE_WORDS}[- ]years?[- ]old|aged? {_AGE_MINOR}",
            rf"(?:she'?s|he'?s|who'?s|who is|she is|he is|is only|is just|turned|turning) {_AGE_MINOR}(?! (?:feet|ft"
            r"|inches|cm|percent|am|pm|minutes|mins?|seconds|secs?|hours?|o'clock|dollars|bucks|days|weeks|months"
            r"|images?|photos?|pics?|clips?|videos?|frames?))",
            r"look (?:younger|underage|like a (?:child|kid|minor|teen|schoolgirl))",
            rf"(?:cousin|sister|brother|niece|nephew|son|daughter|kid|girl|boy|neighbou?r|student|grandson"
            rf"|granddaughter)s? \({_AGE_MINOR}\)",
        ),
    ),
    "minor_strong": Cue(
        "terms that only ever mean sexual content of children",
        (r"loli\w*|shota\w*|jailbait|child porn\w*|cp|csam|kiddie porn|pedo\w*|paedo\w*|barely legal",),
    ),
    "third_party": Cue(
        "a real person other than the one asking",
        (
            rf"he|him|his|she|her|hers|himself|herself|{PEOPLE}|{FAMOUS}|{POLITICIANS}",
            r"(?!face )[a-z]+ from (?:work|school|class|church|accounting|hr|sales|marketing|next door|my (?:class"
            r"|school|work|office|gym|team|building|street|church|job)|the (?:gym|office|bar|club|diner|cafe|store"
            r"|shop|party|bus|train|neighbou?rhood|building"
            r"|team))|(?:girl|guy|boy|woman|man|lady|person|people|someone) (?:i|we) (?:know|met|like|saw)"
            r"|@[a-z0-9_.]{2,}",
        ),
    ),
    "named_person": Cue(
        "someone named in the request (a capitalised name)",
        (
            rf"(?=[A-Z])(?<=[a-z,;:] )(?!{_NOT_NAMES})[A-Z][a-z]+(?: [A-Z][a-z]+)*(?:'s|')(?= )",
            r"[A-Z](?:(?<=\bof [A-Z])|(?<=with [A-Z])|(?<=featuring [A-Z])|(?<=starring [A-Z]))[a-z]+ [A-Z][a-z]+",
            r"[A-Z](?:(?<=[sS]wap [A-Z])|(?<=[mM]ake [A-Z])|(?<=[pP]ut [A-Z])|(?<=[sS]how [A-Z])|(?<=[tT]urn [A-Z])"
            r"|(?<=[hH]ave [A-Z]))[a-z]+(?= (?:from|look|into|in|on|with|as|appear|naked|nude|doing|getting|being|is"
            r"|was) )",
        ),
        case_sensitive=True,
    ),
    "self_subject": Cue(
        "the person asking is the one shown",
        (
            r"(?:my|our) (?:own )?faces?|(?:put|swap|place|insert|make|turn|add)(?: in)? (?:me|myself|us)\b"
            r"|i'?m (?:starring|in it|the one|the model|the target)|of (?:me|myself)\b|it'?s (?:me|myself)\b"
            r"|both (?:photos|pics|images) are me",
        ),
    ),
    "other_face": Cue(
        "someone else's face is the one being put in",
        (
            r"(?<!my )(?<!our )(?:[a-z-]+'s?|his|her|their) faces?|faces? of (?:my|the|this|that|his|her|a|an) \S+"
            rf"|(?:swap|put|place|insert|paste) (?:my|the|this|that|his|her) (?:\S+ )?(?:{PEOPLE})(?:'s)? (?:into"
            r"|onto|in|on)",
        ),
    ),
    "nonconsent": Cue(
        "the person shown does not know or did not agree",
        (
            r"(?:she|he|they) (?:doesn'?t|does not|don'?t|do not|won'?t|will not|can'?t|didn'?t|did not) (?:know"
            r"|find out|agree|consent|approve|want)|without (?:her|his|their) (?:knowledge|consent|permission"
            r"|knowing)|secretly|behind (?:her|his|their) back|don'?t tell (?:her|him|them)",
        ),
    ),
    "educational": Cue(
        "teaching people to spot or avoid scams",
        (
            r"training|awareness|psa|public service|educational|lesson|workshop|tutorial|course"
            r"|(?:how to|help \S+) (?:spot|avoid|recogni[sz]e|report|detect)|warn\w*|avoid\w*|protect\w*|prevent\w*",
        ),
    ),
    "famous": Cue("a celebrity, public figure or politician", (FAMOUS, POLITICIANS)),
    "self": Cue("the person asking", (r"i|i'm|im|i've|i'll|me|my|mine|myself|we|we're|us|our|ours|ourselves",)),
    "consenting": Cue(
        "the person shown agreed, or is a contracted performer",
        (
            r"licen[sc]ed|under contract|contracted"
            r"|signed (?:a |the |our |his |her |their )?(?:releases?|waivers?|contracts?|consent forms?|model releases?)"
            r"|(?:with|got|have|has) (?:\S+ ){0,2}(?:permission|consent|blessing|approval)"
            r"|(?:he|she|they|\S+'s office|\S+'s team) (?:agreed|consented|approved|asked for (?:it|this)"
            r"|requested (?:it|this)|said yes|is in on it|are in on it|signed off|asked (?:me|us) to"
            r"|wants? (?:it|this|me to))|(?:he|she|they)(?:'s|'re| is| are)? (?:fine|ok|okay|cool|happy"
            r"|good) with (?:it|this|that)|on board with|approved (?:it|this|the use)|gave (?:me |us )?(?:permission"
            r"|consent|the ok|(?:their|his|her) blessing)|(?:paid|hired) (?:actors?|models?"
            r"|talent)|our own (?:actors?|actress|cast|talent|models?)|our (?:actors?|cast|spokesperson"
            r"|presenter)|official(?:ly)? (?:approved|requested|commissioned)|commissioned (?:it|this|us|by)",
        ),
    ),
    "fiction": Cue(
        "a film, play, costume or other plainly fictional setting",
        (
            r"(?:our|my|a|the|this|his|her) (?:own )?(?:short |student |indie |school |fan |home |class "
            r"|amateur )?(?:film|movie|play|musical|sketch|skit|short|series|music video|web series|trailer"
            r"|screenplay|production)",
            r"(?:movie|film) (?:posters?|night|stills?|scenes?|sets?)|halloween|costumes?|cosplay|parody|spoof"
            r"|cartoons?|comics?|video games?|fictional|role[- ]?play|murder mystery|themed party|theme party"
            r"|stage play|theat(?:er|re)|drama club|acting class|villains?|escape room|stunts?|rehearsal"
            r"|choreograph\w*|mock (?:newscast|trial|election|interview|debate)|newscast",
            r"(?:heist|crime|action|horror|gangster|cop|detective|spy|western|noir|superhero) (?:movie|film|flick"
            r"|poster|show|series|comedy)",
        ),
    ),
    "framing": Cue(
        "presenting something made up as if it really happened",
        (
            r"make (?:it|this|that) (?:look|seem|appear)(?:s)? (?:like|as if|as though|that)"
            r"|(?:look|seem|appear)s? to be"
            r"|(?:to|so (?:i|we) can) (?:show|send (?:it )?to|give (?:it )?to) (?:the|my|his|her|their) (?:judge"
            r"|court|cops|police|hr|school|boss|wife|husband|lawyer|insurance|parents|family|mom|dad|mother|father"
            rf"|kids|employer|church|friends|girlfriend|boyfriend|press)|make (?:him|her|them|my (?:{PEOPLE})|the \S+"
            r"|[a-z]+) (?:look|seem|appear) (?:like|as if|as though)",
            r"(?:look|looks|looking|seem|seems|appear|appears) like (?:he|she|they)(?:'s| is| was| were| did| had)",
            r"so (?:that )?(?:people|everyone|everybody|they|the police|cops|his \S+|her \S+|the judge|the court|hr"
            r"|the school|the public|voters|the internet|nobody|no one)(?: will| would)? (?:think|thinks|believe"
            r"|believes|sees?|knows?|finds? out)|so (?:i|we) (?:can )?(?:win|get) (?:a |the |full )?(?:custody|case"
            r"|restraining order|protective order|divorce|lawsuit|settlement)|so (?:i|we) can (?:show"
            r"|prove (?:it )?to|convince|send (?:it )?to|give (?:it )?to) (?:the|my|his|her|their|our) \S+|(?:for"
            r"|as) (?:proof|evidence) (?:that|for|in)|for the (?:custody|court|divorce) (?:hearing|case"
            r"|judge)|(?:for real|real) looking|realistic (?:\S+ )?(?:proof|evidence|footage)",
            r"fake (?:videos?|clips?|footage|photos?|pics?|pictures?|images?|evidence|proof|screenshots?|recordings?"
            r"|news|story|confession|audio|cctv|bodycam|security footage|receipts?)",
            r"fabricat\w*|falsif\w*|doctored|pass (?:it|this) off as (?:real|genuine|authentic)"
            r"|caught (?:on camera|on tape|red[- ]handed|\w+ing)"
            r"|(?:cctv|security cam(?:era)?|surveillance|bodycam|dashcam|doorbell cam(?:era)?)(?: footage| clip"
            r"| video)?",
            r"deep ?fak\w*",
        ),
    ),
    "fabrication": Cue(
        "fake evidence, a fake confession, or framing someone",
        (
            r"fake (?:confession|evidence|proof|testimony|alibi|cctv|security footage|bodycam|mugshot|arrest"
            r"|police report|crime|obituary|death|news (?:about|of|story))|(?:confession|admission) (?:video|clip"
            r"|tape)",
            r"so (?:i|we) can (?:show|prove (?:it )?to|convince) (?:hr|the court|the judge|(?:the )?police|the cops"
            r"|the bank|(?:his|her|the) insurance|my lawyer)",
            rf"(?:frame|framing|framed) (?:him|her|them|someone|somebody|my (?:{PEOPLE})|[a-z]+ for)|framed for"
            r"|plant(?:ing)? evidence|incriminat\w*|fabricat\w* (?:evidence|proof|a (?:video|clip|photo)|footage)",
            r"plant\w* (?:\S+ )?evidence",
        ),
    ),
    "wrongdoing": Cue(
        "a crime, vice, abuse or hateful act",
        (
            r"brib\w*|kickbacks?|embezzl\w*|launder\w*|stealing|stole|steals|theft|thie(?:f|ves)|shoplift\w*"
            r"|pickpocket\w*|rob(?:bing|bed|s)? (?:a|the|my|our|his|her|that|this)|robbery|burglar\w*"
            r"|break(?:ing|s)? into|broke into|break-?in|vandali[sz]\w*|looting|arson|set(?:ting)? fire to|poison\w*"
            r"|smuggl\w*|traffick\w*|dog ?fight\w*|cheat(?:s|ed|ing)? (?:on|with|at|in|during)"
            r"|lying (?:to|under oath|about)|perjur\w*"
            r"|(?:pocket|skim|steal|embezzl|tak)\w* (?:the |their |his |her )?(?:\S+ )?(?:donations?|charity money"
            r"|tips|funds)|drinking (?:\S+ )?(?:vodka|booze|alcohol|liquor|whiske?y|tequila|rum|gin|beer"
            r"|wine)(?: \S+)? (?:in class|at work|at school|on the job|on duty|while driving|behind the wheel"
            r"|in the classroom|in church|during \S+)|drinking on the job|kiss\w* (?:another|some other|a different"
            r"|other|someone else'?s?) (?:\S+ )?(?:guy|man|woman|girl|person|men|women|wife"
            r"|husband)|at gunpoint|point\w* (?:a )?(?:gun|knife|weapon) at|with a (?:gun"
            r"|knife) to|urinat\w*|piss(?:es|ed|ing)? on|pee(?:s|d"
            r"|ing)? on|hit[- ]and[- ]run|running (?:a )?red lights?|burn\w* (?:a|the|down (?:a|the)) (?:flag|bible"
            r"|quran|koran|cross|house|car|building|church|mosque|synagogue)|dump\w* (?:\S+ )?(?:toxic|waste"
            r"|chemicals|sewage)|toxic waste|pollut\w*|illegal\w*|illicit|unlawful|crimes?|criminals?|felon\w*"
            r"|guilty of|convicted|scandal\w*|corruption|corrupt (?:cops?|politicians?|officials?|judges?|officers?)"
            r"|cover-up|(?:\w+'s|is|are|was|were) cheating|homeless (?:drug )?addict|addicts?"
            r"|addicted to (?:drugs|heroin|meth|crack|coke|pills|gambling)",
            r"doing (?:drugs|coke|cocaine|meth|heroin|lines|crack|molly|ketamine)|snort\w*"
            r"|(?:smok|shoot)(?:e|es|ing) (?:up )?(?:crack|meth|heroin|weed|a joint|pot)|shooting up|cocaine|heroin"
            r"|crystal meth|meth|crack pipes?|fentanyl|white powder"
            r"|(?:bag|baggie|line|lines|pile) of (?:\S+ )?(?:powder|coke|cocaine|pills|weed)|steroids|juicing"
            r"|(?:drug|drinking|gambling|alcohol) (?:problem|habit|addiction)|drug deal\w*|dealing drugs"
            r"|(?:getting|gets|got|being) (?:busted|arrested|cuffed|handcuffed|booked|perp[- ]walked)|busted by|in handcuffs"
            r"|perp walk|mugshots?|gambl\w* (?:away )?(?:the |their |his |her |our )?(?:\S+ )?(?:money|funds|savings"
            r"|donations|tithes|pension)"
            r"|key(?:s|ed|ing) (?:\S+ )?cars?|slash\w* (?:\S+ )?tires|tagging (?:\S+ )?(?:walls?|buildings?|trains?)"
            r"|(?:on|onto|into|as) (?:a|an|the|some|this|that) (?:\S+ )?(?:drunk|wasted|stoned|hammered|plastered"
            r"|coked[- ]up|blackout drunk|passed[- ]out|high)\b"
            r"|sell\w* (?:\S+ )?(?:weed|pot|drugs|pills|coke|cocaine|meth|crack|heroin|fentanyl|guns|weapons)"
            r"|high on|bags? of (?:coke|weed|pills|drugs)|(?:with|from|for) (?:the )?(?:mob|mafia|cartel|gang)"
            r"|texting (?:young |underage |little |teen |teenage )?(?:girls|boys|kids|minors|students)",
            r"(?:is|was|being|get|gets|getting|got|looks?|looking|appears?|seems?|\w+'s|\w+'re)(?: so| really"
            r"| totally| completely| falling[- ]down)? (?:drunk|wasted|high|stoned|hammered"
            r"|plastered)|drunk (?:driv\w*|at|in|on|during"
            r"|and)|drink driving|driving drunk|dui|dwi|passed out (?:drunk|at|in|on|with)|overdos\w*"
            r"|(?:pills|needles|syringes|empty bottles|drugs) (?:everywhere|all over|around (?:him|her|them))",
            r"(?:punch|hit|slap|beat|kick|choke|strangl|attack|assault|abus|hurt|stab|shoot|kill|murder|spit|yell"
            r"|scream|threaten)(?:e|es|s|ed|ing|ting|ping|ped)? (?:at |on |in "
            r"|into )?(?:(?:a|the|his|her|their|my|our|your|an|some|this|that|its) )?(?:\S+ )?(?:woman|women|man|men"
            r"|wife|husband|girlfriend|boyfriend|kids?|child|children|baby|dogs?|cats?|pupp(?:y|ies)|kittens?"
            r"|animals?|elderly|old (?:man|woman|lady)|homeless|students?|employees?|workers?|protesters?|cop"
            r"|officer|person|girls?|boys?|strangers?|customers?|food|drinks?|coffee|players?|athletes?|patients?"
            r"|residents?|fans?|clients?|waiters?|waitress|nurses?|teachers?|kids?|him|her|them|me|us|mom|dad|mother"
            r"|father|sister|brother|son|daughter)",
            r"abus(?:e|es|ed|ing|ive)|domestic violence|animal cruelty|assault\w*|murder\w*|rap(?:e|ed|es|ing|ist)"
            r"|molest\w*|pedo\w*|paedo\w*|grooming (?:a |kids|children|minors|girls|boys)|sexual(?:ly)? harass\w*"
            r"|touch\w* (?:\S+ )?(?:kids?|children|child|minors?|girls?|boys?|students?)|inappropriately"
            r"|flashing (?:kids|children|people|a |the |her|him)|exposing (?:himself|herself)|indecent exposure"
            r"|pee(?:s|d|ing)? (?:in|on) (?:public|the street)",
            r"having an affair|affair with"
            r"|sleeping with (?:his|her|the|a|my) (?:\S+ )?(?:secretary|intern|boss|student|teacher|assistant|nanny"
            r"|babysitter|friend|wife|husband|sister|brother|coworker|colleague"
            r"|neighbou?r)|hookers?|prostitut\w*|escorts?|strip club|brothel",
            r"racial slurs?|slurs?|n-?word|racis[tm]\w*|homophob\w*|transphob\w*|antisemit\w*|nazis?|nazism|hitler"
            r"|sieg heil|swastikas?|kkk|klan|white power|blackface|hate speech|bigot\w*|supremac\w*|neo-?nazi\w*"
            r"|fascis\w*|extremis\w*|hate (?:groups?|rall(?:y|ies)|march\w*)|sexis[tm]\w*|misogyn\w*",
            r"commit(?:s|ted|ting)? (?:a )?(?:crimes?|fraud|murder|treason|perjury)|arrested|handcuff\w*|mugshots?"
            r"|perp walk|in (?:jail|prison|cuffs|(?:a|the) (?:police|cop|squad) car|(?:an )?orange jumpsuit"
            r"|a police lineup)|behind bars|being booked|confess(?:es|ed|ing"
            r"|ion)?(?! (?:his|her|their|my|our) love)|admit(?:s|ted|ting)? (?:to|that)|(?:fired|expelled"
            r"|kicked out) for",
            r"(?:suitcase|briefcase|bag|envelope|stack|wad|pile)s? (?:full )?of (?:cash|money|bills|\$\S*)",
            r"(?:taking|took|take|takes|accept(?:s|ed|ing)?|receiv\w*|pocket\w*) (?:a |an )?(?:bribes?|cash|money"
            r"|envelope|bag of (?:cash|money)|stack of (?:cash|bills)|kickbacks?|payoffs?)",
            r"terroris\w*|plant(?:ing)? a bomb|jihad\w*|(?:school|mass) shoot\w*|doping|match[- ]fixing"
            r"|insider trading|tax (?:evasion|fraud)|plagiari\w*",
            r"(?:is|was|as|being|like) an? (?:\S+ )?(?:pedophile|pedo|rapist|murderer|killer|thief|criminal|racist"
            r"|nazi|terrorist|drug dealer|junkie|crackhead|addict|alcoholic|cheater|fraud|fraudster|scammer"
            r"|con artist|liar|abuser|predator|sex offender|wife beater|child molester|pervert|creep|groomer|pimp)",
            r"deadbeat|gambl(?:es|ing|ed) away|plant\w* (?:\S+ )?(?:evidence|drugs|a gun|a weapon)|(?:pee|piss|urinat)\w* (?:in|on) (?:the |a )?(?:\S+ )?(?:hallway|street|floor|wall|classroom|office|pool|car|church|memorial|grave|flag|public)",
            r"(?:deep ?fak|fak|mak)\w* (?:him|her|them|(?:the|my|our|his|her|this|that) \S+"
            r"|(?!(?:my|our|the|a|an|his|her|their|this|that|it)\b)[a-z]+'?s?) (?:look |appear |seem |be |get |act )?"
            r"(?:so |really |totally )?(?:drunk|wasted|high|stoned|hammered)",
        ),
        benign=(
            r"(?:remov\w*|eras\w*|clean\w*|cover\w*|paint\w* over|blur\w*|get rid of)(?: up| off| out)? (?:the "
            r"|this |that |some |all )?(?:racist |hateful |offensive |nazi )?(?:graffiti|tags?|symbols?|swastikas?)",
            r"(?:spot|spotting|prevent\w*|avoid\w*|detect\w*|report\w*|fight\w*|anti)[- ](?:scams?|fraud)\w*"
            r"|(?:scam|fraud) (?:awareness|prevention|alert|warning|training|detection)",
            r"sexual (?:harassment|assault|abuse) (?:training|awareness|prevention|policy|course|video|hotline)",
        ),
    ),
    "political": Cue(
        "a politician, candidate or election official",
        (
            r"the pm|pm's|senators?|congress(?:wo)?m[ae]n|congressperson|prime minister|premier|chancellor|ministers?|mps?"
            r"|member of parliament|politicians?|candidates?|lawmakers?|legislators?|council ?(?:wo)?m[ae]n"
            r"|council ?members?|councill?ors?|alderm[ae]n|governors?|mayors?|secretary of state|election officials?"
            r"|poll workers?|(?:county|city|election) clerks?|registrars?|election (?:office|board|commission)s?"
            r"|electoral commission|(?:government|public|elected|city|state|party) officials?|party leader"
            r"|opposition leader|head of state|dictator|president-elect|white house|parliament|attorney general"
            r"|speaker of the house|potus|ambassador|police chief|sheriff|district attorney|da|prosecutors?"
            r"|school board (?:president|members?|chair)",
            r"(?:vice[- ])?president(?<!class president)(?<!council president)(?<!company president)(?<!club"
            r" president)(?<!student president)(?<!bank president)(?<!team president)",
            POLITICIANS,
        ),
        benign=(r"premier league",),
    ),
    "election": Cue(
        "an election, a vote or a polling place",
        (
            r"elections?|electoral|ballots?|polling (?:station|place|booth|location|site)s?|polls?"
            r"|vot(?:e|es|ed|ing|ers?)|campaign(?:ing)?|primary (?:election|race|vote)|caucus|referendum|mail-in"
            r"|absentee|precinct|recount|drop ?box(?:es)?",
        ),
    ),
    "election_strong": Cue(
        "election fraud, intimidation or false voting information",
        (
            r"conced(?:e|es|ed|ing)|concession speech"
            r"|drop(?:s|ped|ping)? out of the (?:race|election|primary|campaign)"
            r"|withdraw\w* from the (?:race|election|primary)|quit(?:s|ting)? the race",
            r"(?:stuff|burn|burnt|shred|destroy|toss|dump|steal|stole|tamper|throw\w* (?:away|out)|tear\w* up"
            r"|tore up|rip\w* up|forg|fake|chang|alter|delet|flip|switch)\w*(?: \S+){0,3} (?:ballots?|votes"
            r"|vote counts?|voting machines?|election results|tall(?:y|ies))",
            r"ballot[- ]stuffing|voter fraud|election fraud|voter suppression|voter intimidation|intimidat\w* voters"
            r"|scar(?:e|es|ed|ing) (?:\S+ )?voters"
            r"|(?:keep|stop|discourage|deter|scare)\w* (?:\S+ ){0,2}(?:from|away from) (?:voting|the polls)"
            r"|(?:rig|rigs|rigged|rigging|steal|stole|stolen|stealing) (?:the |an |this |our |their )?(?:elections?"
            r"|vote|votes|primary|race)|(?:election|vote|race) (?:is|was|were|has been|got) (?:rigged|stolen|fixed)",
            r"(?:elections?|polls?|polling (?:stations?|places?|locations?|booths?)|voting|the vote|election day"
            r"|ballot box(?:es)?|early voting)(?: \S+){0,2}? (?:is |are |has been |have been |was |were |will be "
            r"|got |being |look\w* like (?:it'?s |it is |they'?re )?)?(?:closed|closing early|moved|postponed"
            r"|cancell?ed|delayed|rescheduled|changed|shut(?: down)?|relocated|suspended|called off)",
            r"(?:elections?|voting|the vote|election day|polls?) (?:is|are|was|will be|has been) (?:now |actually "
            rf"|really )?(?:next (?:week|month|year|{_DAYS})|tomorrow|on {_DAYS}|over|done"
            r"|(?:only )?(?:online|by text|by phone))",
            r"vot(?:e|ing) (?:by|via|over) (?:text|sms|phone|email|twitter|tweet|app)"
            r"|text (?:your|in your|in) votes?|ballots? (?:won'?t|will not|wont) (?:be )?count\w*",
            r"(?:don'?t|do not|no need to|doesn'?t|does not|shouldn'?t|should not|no point"
            r"|not to)(?: even)?(?: bother)?(?: to)?(?: go)?(?: and)? vot(?:e|ing)|stay(?:s"
            r"|ing)? (?:at )?home (?:on election day|instead of voting|and not vote|and don'?t vote)|(?:tell|tells"
            r"|telling|told|urg\w*) (?:\S+ )?(?:supporters|voters|people|everyone) to stay home|fake (?:polls?"
            r"|election results|endorsements?|campaign ads?)",
            rf"vot(?:e|ing) (?:on|this|next|until) {_DAYS}(?: instead)?"
            rf"|(?:election|voting) (?:day )?(?:is|was|will be) (?:now |actually |on )+{_DAYS}",
            r"fake (?:exit )?polls?|turn\w* away (?:at|from) the polls|turn\w* (?:voters|people) away",
        ),
        benign=(
            r"(?:election|voter) fraud (?:myths?|claims?|allegations?|conspirac\w*|awareness|documentar\w*)"
            r"|(?:myths?|documentar\w*|lessons?|facts?) (?:about|on) (?:election|voter) fraud",
        ),
    ),
    "violence": Cue(
        "weapons, fire or violence",
        (
            r"armed|guns?|rifles?|weapons?|militia|riot\w*|on fire|bomb\w*|explosions?|violen(?:ce|t)"
            r"|brawl\w*|(?:fist|bar|street|gang|knife) ?fights?|chaos|burning",
        ),
    ),
    "speech": Cue(
        "words put in someone's mouth",
        (
            r"say|says|saying|said|speak|speaks|speaking|talk\w*|announc\w*|declar\w*|admit\w*|confess\w*|endors\w*"
            r"|tell|tells|telling|told|claim\w*|promis\w*|urg(?:e|es|ed|ing)|call(?:s|ed|ing)? for|shout\w*|prais\w*"
            r"|support(?:s|ed|ing)?|resign\w*|apologi[sz]\w*|explain\w*|insult\w*|slam\w*|curs(?:e|es|ed|ing)|rant\w*|speech|statement|press conference|chant\w*"
            r"|cheer\w*|boo(?:s|ed|ing)?|address(?:es|ing)? the nation|tweet\w*|robocall\w*|voicemail|voice message"
            r"|pledg\w*|vow\w*|so (?:it|he|she|they|the crowd) (?:looks?|seems?|sounds?)",
            r"words in (?:\S+ ){0,2}mouth",
        ),
    ),
    "impersonation": Cue(
        "posing as someone else",
        (
            r"pretend\w* to be|pos(?:e|es|ing) as|impersonat\w*|masquerad\w*"
            r"|pass(?:ing)? (?:myself |himself |herself |me |him |her )?off as|as if (?:i|we) (?:were|was|am|are)"
            r"|(?:log|logging|sign|signing) ?(?:in|on|up) as|in (?:his|her|their|my \S+'s) name"
            r"|(?:video|zoom|facetime|teams|skype|webcam|whatsapp) (?:calls?|chats?|videos?|messages?|meetings?)"
            r"|(?:call|meeting|interview|exam|test|class|session) as (?:my|our|his|her|the) \S+"
            rf"|use {_POSSESSOR} face|(?:be|become) (?:him|her) (?:on|in|for)|deep ?fak\w*",
            r"(?:as|pretending|posing|acting as|claiming to be|appearing as) (?:my|his|her|their"
            rf"|our) (?:{PEOPLE})\b(?!')|(?:look|appear|pass)\w* (?:like|as) (?:my|his|her"
            rf"|their) (?:\S+ )?(?:{PEOPLE})\b(?!')",
            r"so (?:the bank|they|the app|the system|it|he|she|the camera|the site|the website"
            r"|the verification) (?:thinks?|believes?) (?:i'?m|i am|it'?s|it is|we'?re|we are)|match (?:his|her"
            r"|their|[a-z]+'s|my \S+'s) (?:face|photo|id|selfie)",
            r"(?:look|looks|seem|seems|sound|sounds) like (?:it'?s|it is|it was|it came) from (?:my|his|her|the"
            r"|our) \S+|as if it (?:came|comes|was) from|in the voice of|(?:swap|replace|switch)\w* (?:my face"
            r"|faces) with (?:my \S+'s|his|her|their|[a-z]+'s)|so (?:i|we) can (?:join|attend|sit in on|be in"
            r"|take) (?:his|her|their) (?:\S+ )?(?:meeting|call|interview|exam|test|class)",
        ),
    ),
    "gain": Cue(
        "money, accounts or access",
        (
            r"money|cash|funds|\$ ?\d\S*|\d+ ?(?:k|grand|dollars|euros|bucks|usd)|wire|wiring|payments?|invoices?"
            r"|loans?|mortgage|bank(?:s|'s)?|bank accounts?|account numbers?|routing numbers?|bank details"
            r"|credit (?:cards?|limit)|debit cards?|card numbers?|gift ?cards?|crypto\w*|bitcoin|btc|ethereum|usdt"
            r"|venmo|paypal|zelle|cash ?app|western union|passwords?|passcodes?|pin(?![- ]up)|credentials|log ?in"
            r"|login|2fa|one-time code|otp|verification code|security code|inheritance|insurance|refunds?|benefits"
            r"|pension|payroll|direct deposit|lottery|casino|gambling|betting|withdraw\w*|deposit\w*|rent|giveaway"
            r"|invest\w*|get rich|coins?|tokens?|nfts?|presale|fines?|exams?|tests?|job interviews?|documents?"
            r"|contracts?|deeds?|power of attorney|tax\w*|owe\w*|debts?|raise|salary|bonus|promotion|payouts?|w-?2s?"
            r"|ssn|social security numbers?|tax forms?|personal (?:info|information|details)|bank info|stocks?"
            r"|shares|portfolio|broker\w*|savings|retirement|401k|assets|property|title|estate",
            r"transfer(?:ring|s|red)? (?:the |some |a )?(?:money|funds|payment|cash|amount|\$)"
            r"|(?:approve|authori[sz]e|release|sign off on)\w* (?:the |a |my |our |this )?(?:transfer|payment|wire"
            r"|loan|invoice|expense|purchase|withdrawal|funds|refund|transaction)|access (?:to|his|her|their"
            r"|the)|unlock",
        ),
    ),
    "money_ask": Cue(
        "asking or tricking someone into paying or handing over access",
        (
            r"(?:ask|asks|asking|tell|tells|telling|instruct\w*|order\w*|request\w*|beg\w*|urg\w*|convinc\w*"
            r"|persuad\w*|pressur\w*|trick\w*|fool\w*|con|conning|conned|dupe|duping|get|gets|getting|make|making"
            r"|have|having|demand\w*)(?: \S+){0,4}? (?:into|to"
            r"|for) (?:(?:wire|wiring|transfer\w*|pay|paying|deposit\w*|withdraw\w*|a (?:fine|payment|ransom))\b"
            r"|(?:send|sending|share|sharing|give|giving|hand\w* over|read\w* (?:out|me|us)|release|releasing"
            r"|approve|approving|cash|chang(?:e|ing)|updat(?:e|ing)|mov(?:e|ing)|increas\w*|rais\w*"
            r"|buy\w*)(?: \S+){0,5}? (?:money|cash|funds|\$\S*|payments?|rent|fees?|fines?|bail|ransom|gift ?cards?"
            r"|bitcoin|crypto\w*|password|passcode|pin|codes?|login|credentials|accounts?|bank|details|savings"
            r"|invoices?|transfer|deposit|card numbers?|card|wire|loan|limit))",
            r"ask\w* (?:\S+ ){0,2}for (?:\S+ ){0,2}(?:money|cash|funds|payments?|passwords?|pins?|codes?|w-?2s?"
            r"|ssns?|social security|bank (?:details|info)|card (?:numbers?|details)|gift ?cards?|wire)",
            r"(?:ask|tell|get|have|make|convinc|persuad|instruct|order|call)\w* (?:\S+ ){0,3}(?:the bank|(?:his|her"
            r"|their|my|our) bank|the lender|the insurer|the insurance company|the accountant|the finance team"
            r"|accounting|payroll|hr|the teller|customer service|the cfo|tech support) to",
            r"(?:keep|keeps|kept|keeping) (?:\S+ ){0,2}(?:sending|paying|wiring|transferring|buying) (?:\S+ )?(?:money|cash"
            r"|gift ?cards?|crypto|bitcoin|funds|\$)",
            r"(?:approv|authori[sz])\w* (?:my |a |an |his |her )(?:\S+ )?(?:payout|payment|transfer|wire|loan|raise|bonus|refund|withdrawal|expense|invoice|purchase|transaction)",
        ),
        benign=(r"pay (?:attention|tribute|respects?|a visit)",),
    ),
    "my_business": Cue(
        "the asker's own product or business",
        (
            r"(?:my|our) (?:new |own )?(?:\S+ )?(?:app|product|brand|company|business|store|shop|coin|token|course"
            r"|supplements?|pills|casino|channel|site|website|service|book|music|song|restaurant|startup|crypto"
            r"|drink|snacks?|beer|wine|clothing|merch|skincare|makeup|cream|game)",
        ),
    ),
    "endorsement": Cue(
        "a public figure made to promote something",
        (r"endors\w*|promot\w*|promo|advertis\w*|ads?|commercials?|shill\w*|sponsor\w*|giveaway|recommend\w*|sell\w*"
         r"|market\w*|pitch\w*|hawk\w*|plug\w*",),
    ),
    "fraud": Cue(
        "scams, fake documents, identity checks or breaking into accounts",
        (
            r"catfish\w*|money mules?|identity theft|pig butchering|locked out of (?:\S+ ){0,2}account|drug tests?"
            r"|court[- ]ordered|probation|parole|breathalyzer"
            r"|so (?:the|his|her|my|their) (?:bank|insurance(?: company)?|insurer|lender|irs|government|court"
            r"|exchange|app|site|platform|broker) (?:\S+ ){0,2}(?:releases?|approves?|pays?|sends?|transfers?"
            r"|unlocks?|accepts?|verif\w*|thinks?|believes?)|steal\w* (?:his|her|their|someone'?s|a person'?s"
            r"|an?) identit\w*|blackmail\w*|extort\w*|sextort\w*|fake (?:profile|account)s? (?:as|of|with"
            r"|pretending)|sock ?puppet|(?:fake|staged) (?:kidnapping|hostage|abduction|ransom|injury|accident"
            r"|emergency)|ransom (?:videos?|notes?|demands?|messages?|money)|proof of life|(?:kidnapped|held hostage"
            r"|tied up)(?: \S+){0,4} (?:money|ransom|pay|\$)",
            r"kyc|know your customer|liveness"
            r"|(?:face|facial|selfie|identity|id|biometric|age) (?:verification|verify|check|scan|recognition|match"
            r"|authentication)|face ?id|face unlock|verification|verify (?:as|my|his|her|their|the|an?) ",
            r"(?:bypass|fool|spoof|trick|beat|defeat|cheat|get (?:past|around|through)|pass|passing|evade"
            r"|circumvent)\w*(?: the| a| an| his| her| their| its| my)?(?: \S+){0,2} (?:verification|security check"
            r"|id check|identity check|face id|facial recognition|liveness|kyc|age check|checks?)",
            r"fake (?:ids?|passports?|driver'?s? licen[cs]es?|licen[cs]es?|documents?|credentials|papers|badges?"
            r"|diplomas?|certificates?)|forg(?:e|ed|ing|ery) (?:a |an |his |her |the )?\S+|counterfeit\w*",
            rf"(?:unlock|get into|break into|access|hack\w*|log into|take over) (?:{_POSSESSOR}|my \S+'s) (?:phone"
            r"|iphone|laptop|computer|accounts?|email|bank|instagram|facebook|crypto|wallet)",
            r"so (?:i|we|he|she) can (?:get in|get into (?!character)|get past|access|enter the|log ?in|sign ?in"
            r"|withdraw|cash (?:it|out)|claim (?:his|her|their|the)|open (?:an|a) (?:bank )?account"
            r"|take out (?:a|the) loan|unlock)",
            r"passports?|driver'?s? licen[cs]es?|driving licen[cs]es?"
            r"|(?:with|using|under) (?:my \S+'s|his|her|their|someone(?: else)?'s|[a-z]+'s) (?:details|identity|personal (?:info"
            r"|details|data)|ssn|social security number|date of birth|dob)"
            r"|(?:as|be|pretend\w* to be|pos\w* as) the account (?:owner|holder)|recover (?:his|her|their|my \S+'s"
            r"|[a-z]+'s) (?:\S+ )?(?:accounts?|instagram|insta|facebook|email|gmail|tiktok|snapchat|twitter|phone|wallet)"
            r"|(?:[a-z]+'s|his|her|their) licen[cs]es?(?! plates?)|id cards?|identity cards?|national id|state id"
            r"|green cards?|work permits?|residence permits?|social security card|birth certificates?|student id"
            r"|employee (?:id|badge)|(?:security|access|id|work) badges?|keycards?|boarding pass(?:es)?|travel visa"
            r"|dmv|(?:look|pass)\w* (?:like|as) the (?:real|actual|legal|rightful) (?:owner|account holder|holder"
            r"|person)|(?:[a-z]+'s|his|her|their) id",
        ),
        benign=(
            r"(?:spot|spotting|prevent\w*|avoid\w*|detect\w*|report\w*|fight\w*|anti)[- ](?:scams?|fraud)\w*"
            r"|(?:scam|fraud) (?:awareness|prevention|alert|warning|training|detection)",
            r"(?<!fake )passport[- ](?:photos?|style|size|pictures?)",
        ),
    ),
    "scam": Cue(
        "swindling people",
        (
            r"scam\w*|phish\w*|swindl\w*|defraud\w*|fraudulent\w*"
            r"|con (?:people|them|him|her|my|old|elderly|grandma|grandpa)",
        ),
    ),
    "humiliation": Cue(
        "humiliating, mocking or shaming someone",
        (
            r"humiliat\w*|embarrass\w*|laugh(?:s|ing|ed)? at (?!(?:me|myself|us|ourselves)\b)\S+|laughing ?stock"
            r"|make(?:s)? fun of (?!(?:me|myself|us|ourselves)\b)\S+"
            r"|making fun of (?!(?:me|myself|us|ourselves)\b)\S+"
            r"|mock(?:s|ed|ing)? (?:him|her|them|my|his|their|the|this|that)\b|mocking|mockery|ridicul\w*"
            r"|(?:fat|body|slut)[- ]?sham\w*|shame (?:him|her|them)|publicly shame|shaming|cringe\w*",
            rf"(?:ruin|destroy|wreck|tank)\w* (?:his|her|their|my (?:{PEOPLE})'s) (?:life|reputation|career|marriage"
            r"|relationship|chances|name)|teach (?:him|her|them) a lesson|get (?:back"
            r"|even) at|get even with|so (?:he|she|they) (?:gets?|will get|is|are) (?:fired|dumped|expelled"
            r"|suspended|kicked out|cancell?ed|in trouble|arrested|bullied|humiliated)|so (?:he|she|they|his \S+"
            r"|her \S+) (?:\S+ )?(?:dumps?|leaves?|breaks? up with|divorces?|fires?|hates?|blocks?|unfriends?"
            r"|cancels?) (?:her|him|them)|make (?:him|her|them) cry|so (?:nobody|no one) (?:\S+ )?(?:likes?"
            r"|sits? with|talks? to|dates?|hires?|wants?) (?:him|her|them)",
            r"(?:caption|label|call)\w* (?:it |him |her |them )?(?:with )?(?:a )?(?:slurs?|racist|n-?word)",
        ),
    ),
    "group_laugh": Cue(
        "so that a group laughs",
        (
            r"(?:everyone|everybody|all the \S+|the (?:whole )?(?:class|school|office|team|grade)|people) (?:will|would"
            r"|can|gonna|is gonna|are gonna) (?:laugh|roast|mock|clown|make fun)\w*",
            r"so (?:that )?(?:the (?:whole )?\S+|everyone|everybody|people|they|we|i|we all|all of us)(?: \S+)? (?:can "
            r"|will |would |could )?(?:laugh|roast|mock|clown|dunk|rip|meme|trash|make fun)\w*",
            r"(?:roast|meme|clown|troll|dunk(?:s|ed|ing)? on|rag(?:s|ged|ging)? on|diss)\w* (?:on )?(?:him|her|them"
            r"|this (?:\S+ )?(?:girl|guy|kid|boy|woman|man|dude|chick)|(?:my|our|his|her|the|this|that) \S+'s|[a-z]+'s (?:acne"
            r"|weight|looks|face|body|teeth|nose|skin|hair|voice|stutter|lisp))",
        ),
    ),
    "celebration": Cue(
        "a birthday, wedding or other celebration the person is part of",
        (
            r"birthday|anniversary|wedding|retirement|graduation|bachelor(?:ette)? party|christmas|holiday"
            r"|celebrat\w*|toast",
        ),
    ),
    "sharing": Cue(
        "spreading media to a group or online",
        (
            r"(?:spread|send|post|share|upload|drop|blast|plaster|leak|forward|print)\w* (?:it |this "
            r"|them )?(?:around|all over|everywhere|to everyone|with everyone|to the whole \S+|online|up"
            r"|with (?:the |my |our )?(?:whole )?(?:family|class|school|team|office|group)"
            r"|for the (?:breakroom|office|class)"
            r"|(?:in|on|to|into|around) (?:(?:the|our|his|her|their|my) )?(?:[a-z]+ ){0,2}"
            rf"(?:{_PLATFORMS}))|post (?:it|this|them)\b|put (?:it|this|them) (?:on|in|up)|go viral"
            r"|send\w*(?: it| this| them)? to (?:him|her|them|the|his|her|their) ?\S*|leak\w* (?:it |this |them )?to"
            r"|show\w* (?:it |this |them )?(?:to )?(?:the whole \S+|everyone|everybody|the (?:class|school|grade"
            r"|office|team))|(?:for|in|on|to|into) (?:the|our|my|his|her|their) (?:[a-z]+ ){0,2}(?:group ?chat"
            r"|family ?chat|class ?chat|team ?chat|discord|whatsapp group|slack|meme page)"
            r"|so (?:that )?(?:everyone|everybody|the whole \S+|all (?:of )?(?:his|her|their|my) \S+|people"
            r"|the (?:class|school|office|team)) (?:can |will |would |could )?(?:see|watch)",
        ),
    ),
    "outing": Cue(
        "presenting someone as gay, lesbian or trans without their say",
        (
            r"out(?:ing)? (?:him|her|them|my \S+) as"
            r"|(?:look|looks|seem|seems|appear|appears) (?:like )?(?:\S+ )?(?:gay|lesbian|bi|trans|queer)\b"
            r"|so (?:people|everyone|they|his \S+|her \S+) (?:will )?(?:think|know) (?:he|she|they)(?:'s| is"
            r"| are) (?:gay|lesbian|trans|queer)|at a gay bar",
        ),
    ),
    "insult": Cue(
        "making someone look ugly, stupid, diseased or vile",
        (
            r"(?:even|way|much|a lot) (?:fatter|uglier|grosser|balder)|(?:look|looks|looking|appear|seem)(?: \S+){0,5}? (?:fat|fatter|ugly|uglier|hideous|disgusting|gross"
            r"|stupid|dumb|retarded|pathetic|obese|deformed|disfigured|diseased)|(?:look|looks"
            r"|looking) like an? (?:\S+ )?(?:pig|cow|whale|loser|freak|idiot|moron|slut|whore|rat|monkey|ape|clown"
            r"|witch|hag|troll|goblin|junkie|addict|crackhead|bum|hobo|homeless|slob|mess|wreck)|living in (?:trash"
            r"|filth|garbage|a dump|squalor)|slut|whore|skank|thot|with (?:\S+ )?(?:warts|sores|lice|boils"
            r"|pimples all over)|(?:zit|pimple|acne|wart|sore|boil|rash|pus)[- ]?(?:covered|ridden"
            r"|filled)|gross (?:\S+ )?body",
            r"(?:look|looks|looking|seem|seems) like (?:he|she|they) (?:has|have|had|got) (?:\S+ ){0,2}(?:herpes"
            r"|an? std|stds|aids|hiv|lice|sores|warts|leprosy|rabies|fleas|worms|a disease)|(?:give|giving"
            r"|add\w*) (?:him|her|them) (?:\S+ ){0,2}(?:herpes|an? std|sores|warts|lice|rotten teeth)",
            r"call\w* (?:her|him|them) (?:a |an )?(?:fat|ugly|stupid|dumb|idiot|loser|pig|cow|whale|slut|whore|freak)|(?:written|tattooed|scrawled|painted|drawn) on (?:her|his|their) (?:forehead|face)",
        ),
    ),
    "ridicule_image": Cue(
        "a person turned into an animal or a joke figure",
        (
            r"pig(?:'s)? (?:nose|snout|face|ears|body)"
            r"|(?:on|as|into|onto) an? (?:\S+ ){0,2}(?:pig|monkey|ape|gorilla|rat|cockroach|donkey|cow|whale|worm|clown"
            r"|baby|babies|turd|poop|toilet|trash can|garbage|chimp|chimpanzee|baboon|hyena|hippo"
            r"|slug|hag|ogre|goblin|troll|crone|freak)s?|clown (?:nose|makeup|wig)|crying and begging|begging|grovel\w*|on (?:his|her"
            r"|their) knees|worst moments|(?:cringe|embarrassing|awkward|dumbest"
            r"|stupidest) moments|fail compilation|clown music|circus music|sad trombone|donkey ears|dunce cap|turd"
            r"|poop emoji",
            r"laugh track|bloopers?|fail (?:video|compilation)|tripping and falling|falling over",
            r"(?:on|as|into|onto) (?:the )?(?:pig|monkey|ape|gorilla|rat|cockroach|donkey|cow|whale|worm|clown|turd|chimp|baboon|hyena|hippo|slug)s?",
        ),
    ),
    "degradation": Cue(
        "degrading imagery: soiling, a diaper, vomit, being pelted",
        (
            r"(?:in|wearing) a diaper|pee(?:ing|s|d)? (?:himself|herself|themselves|his pants|her pants)"
            r"|wet(?:ting)? (?:himself|herself|themselves)|pooping|shitting|vomit\w*|throwing up|puking"
            r"|eating (?:garbage|trash|poop|shit|dog food|cat food|bugs|worms|dirt|boogers|out of (?:a|the) (?:trash"
            r"|toilet|garbage))|on a toilet|pelted|egged|stuffed (?:in|into) (?:a |the )?(?:locker|trash can|garbage can|dumpster|toilet)"
            r"|swirl(?:y|ie)s?|wedgies?|head (?:in|down) (?:a|the) toilet|throw\w* (?:\S+ ){0,2}(?:eggs|tomatoes|trash|garbage|rocks|stones|food|shit|poop"
            r"|slime|paint) at (?:him|her|them)|kicked in the (?:balls|nuts|crotch)",
        ),
    ),
    "threat": Cue(
        "violence against, or the death of, a real person",
        (
            r"dead body|corpse|in a coffin|on a (?:tombstone|gravestone)|noose"
            r"|hang(?:ing|ed)? (?:him|her|them|himself|herself)"
            r"|(?:being|getting|get|gets) (?:shot|stabbed|killed|murdered|beheaded|tortured|beaten(?: up)?|hanged"
            r"|strangled|run over|hit|slapped|punched|kicked|attacked|assaulted|jumped|mugged|hurt"
            r"|burned)|beheaded|behead\w*|gun to (?:his|her|their) head|(?:his|her|their) ass kicked|beat(?:en"
            r"|ing)? (?:up|to death|senseless)|car crash victim|(?:on|as) an? (?:shooting |practice "
            r"|dart ?board )?target|dart ?board|shooting range|crosshairs",
        ),
    ),
    "harassment_strong": Cue(
        "harassment, bullying, threats or revenge",
        (r"harass\w*|bull(?:y|ies|ied|ying)|cyberbull\w*|revenge|dox(?:x)?(?:ed|ing)?|stalk(?:s|ed|ing)",),
        benign=(
            r"anti-?bullying|bullying (?:awareness|prevention)|stop bullying|revenge of the|get into character",
            r"sexual (?:harassment|assault|abuse) (?:training|awareness|prevention|policy|course|video|hotline)",
        ),
    ),
    "ai_mention": Cue(
        "mentions AI, synthetic media, a generator or provenance at all (a cheap first check)",
        (
            rf"{_AI_WORD}|{_NAMED_MARK}|generat\w*|synthetic\w*|disclos\w*|disclaimer\w*|provenance|credentials?"
            r"|undetectable|detect\w*|watermark\w*",
        ),
    ),
    "disclosure_removal": Cue(
        "removing or hiding a label that says the media is AI-made",
        (
            rf"(?:{_REMOVE}){_NOT_BETWEEN}{{0,60}}?(?<!\w)(?:['\"]?(?:{_AI_WORD})(?!\w)['\"]?{_FILLER}{{0,2}}['\"]?[- ]"
            rf"(?:{_LABEL})|{_NAMED_MARK}|['\"](?:{_AI_WORD})['\"](?: \S+){{0,3}}? (?:the |this )?{_SCREEN_SPOT})",
            rf"(?:['\"]?(?:{_AI_WORD})['\"]?{_FILLER}{{0,2}}['\"]?[- ](?:{_LABEL})"
            rf"|{_NAMED_MARK})[^.;!?\n]{{0,30}}?(?:removed|erased|gone|off|away|out|disappear\w*|vanish\w*"
            r"|(?:isn'?t|is not|not|no longer|never) (?:visible|shown|showing|there|noticeable|readable)|invisible"
            r"|has to go|must go|deleted|stripped|hidden|cropped)",
            rf"(?:['\"]?(?:{_AI_WORD})['\"]?{_FILLER}{{0,2}}['\"]?[- ](?:{_LABEL})|{_NAMED_MARK})[^.;!?\n]{{0,60}}?"
            rf"{_DROP_IT}",
            rf"(?:{_LABEL})(?: \S+){{0,2}}? (?:that |which )?(?:says?|saying|reads?|reading|mentions?|mentioning)(?: \S+){{0,3}}? "
            rf"['\"]?(?:{_AI_WORD}|fake|synthetic|generated)(?!\w)[^.;!?\n]{{0,60}}?{_DROP_IT}",
            r"(?:(?:don'?t|do not|never|no longer) want (?:it|this|them|the \S+) to|(?:it|this|the \S+) (?:shouldn'?t"
            r"|should not|mustn'?t|must not)|make (?:it|this) (?:not|stop)|so (?:it|this) (?:doesn'?t|does not|won'?t"
            rf"|no longer)) (?:say|show|read|display|mention)(?:s|ing)?(?: \S+){{0,2}}? "
            rf"['\"]?(?:{_AI_WORD})(?!\w)",
            rf"(?:{_REMOVE}){_NOT_BETWEEN}{{0,60}}?(?:watermarks?|labels?|logos?|badges?|stamps?|tags?|notes?|text"
            rf"|captions?|icons?|sparkles?|symbols?|emblems?|bugs?) (?:that |which )?(?:(?:from|by|of) )?(?:{_AI_TOOLS}|the ai|an ai)\b",
            rf"(?:{_REMOVE}){_NOT_BETWEEN}{{0,60}}?(?:{_LABEL})(?: \S+){{0,4}}? (?:that |which )?(?:says?|said|saying|reads?|marks?"
            r"|marking|shows?|showing|indicates?|indicating|flags?|flagging|labels?|labell?(?:ing|ed)|tags?|tagging"
            r"|identif\w*)(?: \S+){0,3}? ['\"]?(?:ai|fake|synthetic|generated|ai-generated|a deep ?fake|a parody"
            r"|satire|altered|not real)",
            r"(?:remov\w*|eras\w*|hid\w*|delet\w*|get rid of|strip\w*|scrub\w*|wip\w*) (?:any|all|every|each"
            r"|the) (?:traces?|signs?|evidence|indications?|hints?|marks?|clues?) (?:that|of)(?: it'?s| it is"
            r"| it was| this is)? (?:ai|fake|synthetic|generated|ai[- ]generated|a deep ?fake|made with ai|edited"
            r"|not real)",
            r"so (?:no one|nobody|people|viewers|they|my followers|the platform|youtube|tiktok|instagram"
            r"|it)(?: won'?t| can'?t| cannot| don'?t| doesn'?t| will not| wouldn'?t| can| could| will"
            r"| would)?(?: be able to)?(?: ever)? (?:tells?|knows?|notic\w*|realiz\w*|detect\w*|flags?|sees?"
            r"|suspect\w*|finds? out)(?: that)?(?: it'?s| it is| it was| this is| they'?re)? (?:ai|fake|a deep ?fake"
            r"|deep ?faked|synthetic|generated|ai[- ]generated|not real|a face ?swap|face ?swapped|swapped"
            r"|made with ai)|hide (?:the fact )?that it'?s (?:ai|fake|synthetic|generated|a deep ?fake)",
            r"undetectable|can'?t be (?:detected|traced)|evade (?:ai |deepfake )?detection"
            r"|(?:fool|beat|bypass|avoid|get past)(?: the)? (?:ai|deep ?fake|synthetic media) (?:detectors?"
            r"|detection|filters?|labels?)|pass (?:it )?off as (?:real|genuine|authentic|not ai)|(?:post|share"
            r"|upload|publish) it as (?:real|genuine|authentic)|as if it (?:were|was) real|not (?:be )?(?:labell?ed"
            r"|flagged|marked) as (?:ai|synthetic|generated)|avoid (?:the )?(?:ai|synthetic) (?:label|tag|flag)",
            rf"(?:{_REMOVE}){_NOT_BETWEEN}{{0,60}}?(?:part|bit|section|segment|scene|frames?) (?:where|that|which) (?:it )?(?:says?|reads?|shows?)(?: \S+){{0,3}}? ['\"]?(?:ai|fake|synthetic|generated|ai-generated|this is (?:ai|fake|a deep ?fake|synthetic)|a deep ?fake)",
        ),
    ),
}

RULES: tuple[HarmRule, ...] = (
    HarmRule(
        id="harm.minor_sexual",
        category="sexual content involving a minor",
        description="Anything sexual or sexualised that involves a child or a teenager is never made.",
        when=("minor_strong", "minor + explicit", "minor + soft_sexual"),
        refuses=("make my 15-year-old cousin look sexy in a bikini", "a lewd pic of the schoolgirl"),
        allows=("put my 15-year-old cousin's face on the astronaut poster", "my teen son on the football card"),
    ),
    HarmRule(
        id="harm.sexual_real_person",
        category="sexual content of a real person",
        description=(
            "Nude, pornographic or sexual imagery of a real person (a celebrity, someone you know, or yourself) is "
            "never made, and nobody is put into sexualised imagery they did not agree to."
        ),
        when=(
            "explicit",
            "soft_sexual + third_party + !consenting + !self_subject",
            "soft_sexual + other_face + !consenting",
            "soft_sexual + named_person + !consenting",
            "soft_sexual + nonconsent",
            "private_scene + third_party + !minor + !self_subject + !consenting",
        ),
        refuses=("swap this famous actor's face into a sex scene", "put my coworker's face on a lingerie model"),
        allows=("a bikini beach photo of myself", "blur the nudity in the museum clip", "a kiss at our wedding"),
    ),
    HarmRule(
        id="harm.election",
        category="political or electoral deception",
        description=(
            "Fabricating what a politician, candidate or election official said or did, faking election fraud, or "
            "spreading false voting information (wrong day, closed polls, a fake concession) is refused."
        ),
        when=(
            "election_strong",
            "political + wrongdoing",
            "political + violence",
            "political + framing",
            "political + fabrication",
            "political + speech + !consenting",
            "election + wrongdoing",
            "election + violence",
            "election + framing + !self",
        ),
        refuses=("make it look like the senator took a bribe", "the candidate conceding the race"),
        allows=(
            "shoot a scene at the polling station for our civics class documentary with our own actors",
            "put my face on my student council election poster",
        ),
    ),
    HarmRule(
        id="harm.fraud_impersonation",
        category="impersonation for fraud",
        description=(
            "Posing as someone to get money, account access or credentials, faking identity documents, or defeating "
            "face or identity verification (KYC, liveness, Face ID) is refused."
        ),
        when=(
            "fraud",
            "scam + !educational",
            "impersonation + gain",
            "money_ask + third_party",
            "money_ask + impersonation",
            "endorsement + famous + !consenting + !self_subject",
            "speech + famous + my_business + !consenting",
            "framing + gain + third_party + !celebration",
            "gain + famous + !consenting + !self_subject",
        ),
        refuses=("use my boss's face to get the bank to approve the transfer", "trick grandma into wiring money"),
        allows=(
            "swap the face in the bank's ad with our licensed spokesperson",
            "transfer the face from image 1 to image 2",
        ),
    ),
    HarmRule(
        id="harm.defamation",
        category="fabricated wrongdoing or defamation",
        description=(
            "Making a real person appear to commit a crime, take drugs, cheat, abuse someone or say something hateful, "
            "or faking evidence or a confession, is refused."
        ),
        when=(
            "fabrication",
            "framing + wrongdoing + third_party",
            "framing + wrongdoing + !self",
            "wrongdoing + third_party + !fiction + !consenting",
        ),
        refuses=(
            "put my neighbour's face on the guy shoplifting in this cctv clip",
            "a fake confession video of my boss",
        ),
        allows=("a movie-night parody of myself as a bank robber", "remove the drunk guy stumbling behind us"),
    ),
    HarmRule(
        id="harm.harassment",
        category="harassment or humiliation",
        description=(
            "Media made to mock, shame, threaten or bully a real person (so that others laugh at them, revenge edits, "
            "degrading or violent images of them) is refused."
        ),
        when=(
            "harassment_strong",
            "humiliation + third_party",
            "humiliation + !self",
            "insult + third_party + !fiction",
            "insult + third_party + sharing",
            "degradation + third_party",
            "threat + third_party + !fiction",
            "ridicule_image + third_party + sharing + !celebration",
            "outing + third_party",
            "impersonation + third_party + sharing + !celebration + !consenting",
            "group_laugh + third_party + !celebration",
        ),
        refuses=("put her face on a pig so everyone laughs at her", "make my ex look disgusting and post it online"),
        allows=(
            "a funny birthday card with grandma as a superhero",
            "replace my face in my embarrassing yearbook photo",
        ),
    ),
    HarmRule(
        id="harm.disclosure_removal",
        category="removing an AI-disclosure or provenance label",
        description=(
            "Removing, hiding or evading a label, watermark or credential that says media is AI-generated (a "
            "'synthetic media' label, C2PA / content credentials, SynthID) is refused, whatever the skill."
        ),
        when=("ai_mention + disclosure_removal",),
        refuses=(
            "remove the 'synthetic media' label",
            "strip the C2PA content credentials",
            "erase the SynthID watermark",
        ),
        allows=(
            "remove the watermark from our wedding video",
            "remove the stock-footage logo",
            "add a 'made with AI' label",
        ),
    ),
)
