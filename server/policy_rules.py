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
    r"boss|manager|supervisor|co-?workers?|colleagues?|ex|exes|ex-?(?:wife|husband|girlfriend|boyfriend|partner|bf|gf)"
    r"|neighbou?rs?|teachers?|professor|prof|tutor|coach|principal|classmates?|roommates?|flatmates?|landlord|landlady"
    r"|tenants?|sisters?|brothers?|step-? ?(?:sister|brother|mom|mum|dad|mother|father|son|daughter|sis|bro)"
    r"|(?:sister|brother|mother|father|son|daughter)-in-law|in-laws|mom|mum|mommy|mother|dad|daddy|father|parents?"
    r"|aunt|auntie|uncle|cousins?|niece|nephew|grandma|grandpa|grandmother|grandfather|granny|nana|grandson"
    r"|granddaughter|sons?|daughters?|kids?|child|children|wife|husband|girlfriend|boyfriend|gf|bf|fianc[eé]e?"
    r"|partner|spouse|friends?|bff|bestie|crush|rival|enemy|competitor|pastor|priest|rabbi|imam|therapist|nanny"
    r"|babysitter|employees?|employer|intern|ceo|cfo|cto|founder|owner|team-?mates?|bandmates?|bully|stalker|barista"
    r"|waitress|waiter|cashier|students?|referee|judge|cop|police (?:officer|chief)|officer|sheriff|bride|groom"
    r"|nerd|girls?|guys?|dude|chick|lady|ladies|woman|women|man|men|boys?|someone|somebody|strangers?|account holder"
    r"|director|executive|chairman|chairwoman|treasurer|accountant|lawyer|attorney|doctor|dentist|surgeon|dean"
    r"|superintendent|bishop|deacon|vicar|volunteer|organi[sz]er|shopkeeper|clerk|driver|mechanic|plumber|contractor"
    r"|vendor|investor|donor|players?|pilot|chef|guard|janitor|mailman|postman|bartender|bouncer|doorman"
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
    r"|mask\w*|paint\w* over|inpaint\w*|clean\w*|wip(?:e|es|ed|ing)|scrub\w*|bypass\w*|defeat\w*|evad\w*|circumvent\w*"
    r"|disabl\w*|turn\w* off|tak(?:e|es|ing) (?:off|out|away)|took (?:off|out|away)|los(?:e|ing)|without|minus|sans"
    r"|drop\w*|discard\w*|edit\w* out|clone\w* out|fill\w* in|replac\w*|swap\w* out|leav(?:e|ing) (?:off|out)|omit\w*"
    r"|skip\w*|no|trim\w*"
)
_AI_TOOLS = (
    r"sora|veo|runway|pika|kling|midjourney|dall-?e|firefly|openai|chatgpt|gemini|meta ai|imagen|luma|hailuo|minimax"
    r"|ideogram|grok|heygen|synthesia|runcomfy|stable diffusion|flux|seedream|nano banana|gpt[- ]image|copilot"
)
_AI_WORD = (
    rf"ai|a\.i\.|gen ?ai|synthetic(?: media)?|ai[- ](?:generated|made|edited|created)|artificial intelligence"
    rf"|(?:generated|made|created|imagined|edited|produced) (?:with|by|using|in|on) (?:ai|an ai|{_AI_TOOLS})"
    rf"|{_AI_TOOLS}|deep ?fake|digitally (?:altered|created|generated)|altered or synthetic|altered content|not real"
    rf"|parody|satire"
)
_LABEL = (
    r"labels?|watermarks?|tags?|badges?|disclosures?|disclaimers?|notices?|marks?|markers?|stamps?|banners?|captions?"
    r"|icons?|stickers?|logos?|credits?|signatures?|overlays?|warnings?|text|metadata|data|info|manifests?"
    r"|(?:end |title )?cards?|slates?"
)
_FILLER = r"(?:[- ](?:content|media|video|image|generated|made|created|edit\w*|disclosure|usage|use|info))"
_SCREEN_SPOT = r"(?:corner|top|bottom|frame|screen|overlay|end|start|intro|outro|side|edge)"
_NAMED_MARK = (
    r"synth ?id|c2pa|content credentials?|content authenticity|cai manifest|provenance(?: \S+)?"
    r"|(?:invisible|imperceptible|hidden|digital|embedded) watermarks?|ai info"
)
_NOT_BETWEEN = r"(?:(?!\b(?:add|adds|added|adding|keep|keeping|insert|inserting|include|including|put|place|apply|show)\b)[^.;!?\n])"
_AGE_MINOR = r"(?:[1-9]|1[0-7])"
_AGE_WORDS = r"(?:five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen)"
_DAYS = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_PLATFORMS = (
    r"slack|teams|group ?chat|team ?chat|class ?chat|family ?chat|discord|whatsapp|snapchat|facebook|instagram|insta"
    r"|tiktok|twitter|reddit|youtube|the internet|online|school|class|office|work|church|neighbou?rhood|nextdoor"
    r"|linkedin|telegram|the web"
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
            r"porn\w*|pr[o0]n|p[o0]rn|xxx|nsfw|nak(?:e|k)?d|nakkid|n[o0]{2}d(?:s|z|ies)|nudez|s3x|seggs|secks|only ?fans|fansly|manyvids|lewd\w*|hentai|rule ?34|r34|smut\w*"
            r"|nud(?:e|es|ed|ity|ie|ies)|nudif\w*|deep ?nudes?|semi[- ]nude|naked|nekkid|topless|bottomless|braless"
            r"|undress\w*|unclothed|in the buff|birthday suit|skinny[- ]dipping|sex(?!y|ier|iest|ton|tant|tet|tuple|is[mt])\w*"
            r"|erotic\w*|voyeur\w*|peeping|hidden cam\w*|spy ?cam\w*"
            r"|x-rated|18\+|porn ?stars?|cam ?(?:girl|boy|model|show)s?|strip ?tease|stripper\w*|strip (?:club|show)s?"
            r"|strip(?:s|ped|ping)? (?:her|him|them)(?: down| naked| off)?|lap ?danc\w*|playboy|penthouse|centerfold",
            r"adult (?:films?|videos?|movies?|content|sites?|stars?|scenes?|entertainment|clips?|actress|actor)"
            r"|dirty (?:pics?|photos?|pictures?|videos?|clips?|stuff|movies?|texts?|messages?|talk)"
            r"|leak\w* (?:\S+ ){0,2}(?:tapes?|nudes|sex\w*)",
            r"explicit (?:photos?|pics?|pictures?|images?|videos?|clips?|scenes?|content|material|versions?|shots?"
            r"|footage|edits?|stuff|tapes?)|(?:something|more|very|fully|super|really|extra|make|making|made|turn|get|go)"
            r" (?:\S+ )?explicit",
            r"clothes off|clothing off|without (?:any |her |his |their )?(?:clothes|clothing)|no clothes|x-rated|nc-17"
            r"|(?:less|fewer|no|little|barely any)[- ](?:clothes|clothing)|barely dressed|half[- ]dressed|down to (?:nothing"
            r"|(?:her|his|their) (?:underwear|bra|panties|boxers))|strip (?:\S+ ){1,3}(?:down|naked|bare)"
            r"|(?:with )?no (?:top|bra|panties|underwear|knickers|pants) on",
            rf"(?:take|takes|took|taking|rip|ripped|pull|pulled|tear|tore|remov\w*|eras\w*|delet\w*|get rid of|photoshop\w*"
            rf"|edit\w* out|tak(?:e|ing) away|lift\w*|unbutton\w*|unzip\w*) (?:off |up |down )?{_POSSESSOR} (?:clothes|clothing"
            rf"|shirt|top|bra|dress|skirt|pants|trousers|panties|underwear|bikini|swimsuit|swimwear|outfit|towel|robe)"
            rf"(?! (?:logo|stain|tag|label|print|text|wrinkle|colou?r|strap|sleeve|button))",
            r"(?:remov\w*|eras\w*|delet\w*|get rid of|tak(?:e|ing) off) the (?:clothes|clothing|swimsuit|bikini|underwear"
            r"|bra|dress|top|towel|shirt|skirt|robe) (?:from|off|on) (?:her|him|the|this|that)",
            r"see[- ]through (?:her|his|their) \w+|x-?ray (?:her|his|their|the) (?:clothes|body)",
            r"boobs?|tits|titties|nipples?|breasts?|genitals?|genitalia|penis|vagina|dick|cock|pussy|privates|private parts"
            r"|crotch|blow ?jobs?|bj|hand ?jobs?|cum(?:shot|ming|s)?|orgasm\w*|masturbat\w*|jerk(?:ing)? off|horny|kinky"
            r"|fetish\w*|bdsm|bondage|orgy|orgies|threesome|gang ?bang|creampie|anal|fuck\w*|f\*ck\w*|railed|hump\w*"
            r"|(?:screw|bang|smash|rail)(?:s|ed|ing)? (?:her|him|them)|having sex|make love|making love|getting laid"
            r"|sleeping together|hook(?:s|ed|ing)? up with|one[- ]night stand|do(?:ing)? it with|did it with|getting it on"
            r"|having relations|(?:replac|swap)\w* (?:her|his|their) (?:clothes|clothing|outfit|dress) (?:with|for) (?:nothing"
            r"|lingerie|underwear|a bikini|skin)|upskirt|downblouse|nip ?slip"
            r"|spread(?:ing)? (?:her|his) legs|grop\w*|fondl\w*",
        ),
        benign=(
            r"naked (?:eye|cake|trees?|branch\w*|walls?|bulbs?|flames?|truth|ambition)|nude[- ](?:lip\w*|heels?|shoes?|pumps?|tones?|colou?r\w*|makeup|palette|nail\w*|beige"
            r"|shades?|stockings?)",
            r"(?:same|opposite|both)[- ]sex|sex (?:education|ed|ratio|reveal)|(?:biological|assigned) sex"
            r"|sexual (?:harassment|assault|abuse) (?:training|awareness|prevention|policy|course|video|hotline)",
            r"(?:blur\w*|cover\w*|censor\w*|pixelat\w*|hid(?:e|ing)|mask\w*|remov\w*|eras\w*|get rid of|crop\w* out"
            r"|take out|add clothes to|replac\w*)(?: up| out| over)? (?:the |any |all |some )?(?:(?:nsfw|explicit|nude|naked"
            r"|xxx|porn\w*|lewd|obscene|vulgar) (?:graffiti|signs?|posters?|text|drawings?|magazines?|ads?|billboards?"
            r"|images?|pictures?|paintings?|statues?|art\w*)|stripper poles?|nudity|nude (?:painting|statue"
            r"|sculpture|figure|art|artwork|portrait|mannequin)s?|naked (?:statue|sculpture|mannequin)s?|explicit"
            r" (?:content|material|parts|bits|scenes?)|(?:\S+ )?(?:strip club|adult (?:shop|store|bookstore)|sex shop)"
            r"(?: \S+)?)",
            r"['\"]?(?:explicit|parental advisory)(?: content)?['\"]? (?:stickers?|labels?|warnings?|tags?)|parental advisory",
            r"explicit(?:ly)? (?:roles?|instructions?|about|prompts?|descriptions?|numbering)|be explicit|explicitly",
            r"cum laude|moby dick|breast (?:cancer|stroke|pocket|plate)|chicken breast|breastfe\w*",
            r"(?:comic|film) strips?|strip (?:malls?|steak|lights?|lighting)|the (?:las vegas )?strip",
        ),
    ),
    "soft_sexual": Cue(
        "sexualised but not explicit: lingerie, 'sexy', 'in bed', an intimate or compromising video",
        (
            r"sexy|sexier|sexiest|seductive\w*|provocative\w*|suggestive\w*|sultry|steamy|sensual\w*|flirt\w*|racy|risqu[eé]"
            r"|raunchy|skimpy|scantily|revealing|r-rated|uncensored|lingerie|underwear|panties|thong|bra|bikini|cleavage|boudoir|pin-?up"
            r"|thirst ?trap|booty|twerk\w*|pole ?danc\w*|naughty|moan\w*|grind\w* on|wet t-?shirt|short skirt|mini ?skirt"
            r"|bent over|on all fours|jock ?strap|g-?string|hot tub|jacuzzi"
            r"|(?:mature|grown[- ]up|glamou?r|adult) (?:\S+ )?(?:photo ?shoot|shoot|content|photos?|pics?|version|look|theme"
            r"|poses?)|spicy (?:pics?|photos?|content|videos?|clips?|edits?)|love scene|feet pics"
            r"|strip(?:s|ped|ping)(?! (?:the|a|an|off the|away|out|down the|of|paint|wallpaper)\b)"
            r"|(?:her|his|their|big|fat|nice|cute) (?:ass|butt|bum|rack|chest|booty)"
            r"|private (?:videos?|pics?|photos?|tapes?)|leaked (?:videos?|pics?|photos?|tapes?)",
            r"(?:look|looks|looking|make (?:her|him|them|me) look) (?:hot|sexy|thicc|thick|slutty)"
            r"|hot (?:pics?|photos?|body|bod|girl|babe|pose)",
            r"in (?:bed|my bed|her bed|his bed)|bedroom (?:photos?|pics?|videos?|scenes?|eyes|tapes?|clips?)|make ?out"
            r"|making out|french kiss\w*|kiss(?:es|ing)? (?:me|him|her) on the (?:lips|mouth)|romantic (?:scenes?|videos?)",
            r"(?:intimate|compromising) (?:videos?|clips?|photos?|pics?|pictures?|images?|scenes?|moments?|positions?"
            r"|situations?|footage)|sheer|see[- ]through|transparent (?:dress|top|shirt|blouse)",
            r"shower\w*|changing room|locker room|in a towel"
            r"|getting (?:dressed|changed|undressed)|changing (?:clothes|her clothes)",
        ),
        benign=(
            r"(?:gender|big|grand) reveal\w*|bra straps?|bridal shower|baby shower|shower (?:curtain|head)|meteor shower|april showers?",
            r"hot (?:dog|air|sauce|chocolate|spring)s?",
            r"(?:remov\w*|eras\w*|blur\w*|get rid of|tak(?:e|ing) out|crop\w* out|cut\w* out|hid(?:e|ing)|delet\w*"
            r"|paint\w* out)(?: (?!(?:make|makes|making|and|then|so|but|turn|put)\b)[^\s,.;]+){0,4}? (?:sexy|lingerie"
            r"|underwear|bikini\S*|thong|bra|booty|see-through|sheer|hot tub|jacuzzi|shower)(?: [^\s,.;]+){0,3}",
        ),
    ),
    "minor": Cue(
        "a child or teenager",
        (
            r"child|children|childs|kids?|kiddos?|kiddie|minors?|underage\w*|under-age|under 18|under eighteen|not (?:yet )?18"
            r"|teens?|teenage\w*|teenagers?|teenie|teeny|adolescent\w*|pre-?teens?|tweens?|pre-?pubescent|pubescent"
            r"|juvenile|youngsters?|school ?(?:girls?|boys?|kids?)|high ?school(?:ers?)?|middle ?school(?:ers?)?"
            r"|junior high|elementary (?:school|student)s?|grade ?school(?:ers?)?|(?:[1-9]|1[0-2])(?:st|nd|rd|th) grade(?:rs?)?"
            r"|little (?:girls?|boys?|sister|brother|ones?|cousin)|lil (?:girl|boy)|young (?:girls?|boys?|teens?)"
            r"|(?:boy|girl|cub) scouts?|toddlers?|baby|babies|infants?|newborns?|daughters?|sons?|nieces?|nephews?"
            r"|stepdaughter|stepson|granddaughter|grandson|childlike|child-like|young-looking|kindergarten\w*|preschool\w*"
            r"|daycare|nursery school",
            rf"{_AGE_MINOR}(?: |-)?(?:years?|yrs?)(?: |-)?old|{_AGE_MINOR} ?(?:yo|y/o|y\.o\.)"
            rf"|{_AGE_WORDS}[- ]years?[- ]old|aged? {_AGE_MINOR}",
            rf"(?:she'?s|he'?s|who'?s|who is|she is|he is|is only|is just|turned|turning) {_AGE_MINOR}(?! (?:feet|ft"
            rf"|inches|cm|percent|am|pm|minutes|mins?|seconds|secs?|hours?|o'clock|dollars|bucks|days|weeks|months"
            rf"|images?|photos?|pics?|clips?|videos?|frames?))",
            r"look (?:younger|underage|like a (?:child|kid|minor|teen|schoolgirl))",
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
            r"(?!face )[a-z]+ from (?:work|school|class|church|accounting|hr|sales|marketing|next door|my (?:class|school"
            r"|work|office|gym|team|building|street|church|job)|the (?:gym|office|bar|club|diner|cafe|store|shop|party"
            r"|bus|train|neighbou?rhood|building|team))|(?:girl|guy|boy|woman|man|lady|person|people|someone) (?:i|we)"
            r" (?:know|met|like|saw)"
            r"|@[a-z0-9_.]{2,}",
        ),
    ),
    "named_person": Cue(
        "someone named in the request (a capitalised name)",
        (
            rf"(?=[A-Z])(?<=[a-z,;:] )(?!{_NOT_NAMES})[A-Z][a-z]+(?: [A-Z][a-z]+)*(?:'s|')(?= )",
            r"[A-Z](?:(?<=\bof [A-Z])|(?<=with [A-Z])|(?<=featuring [A-Z])|(?<=starring [A-Z]))[a-z]+ [A-Z][a-z]+",
            r"[A-Z](?:(?<=[sS]wap [A-Z])|(?<=[mM]ake [A-Z])|(?<=[pP]ut [A-Z])|(?<=[sS]how [A-Z])|(?<=[tT]urn [A-Z])"
            r"|(?<=[hH]ave [A-Z]))"
            r"[a-z]+(?= (?:from|look|into|in|on|with|as|appear|naked|nude|doing|getting|being|is|was) )",
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
            rf"|(?:swap|put|place|insert|paste) (?:my|the|this|that|his|her) (?:\S+ )?(?:{PEOPLE})(?:'s)? (?:into|onto|in|on)",
        ),
    ),
    "nonconsent": Cue(
        "the person shown does not know or did not agree",
        (
            r"(?:she|he|they) (?:doesn'?t|does not|don'?t|do not|won'?t|will not|can'?t|didn'?t|did not) (?:know|find out"
            r"|agree|consent|approve|want)|without (?:her|his|their) (?:knowledge|consent|permission|knowing)"
            r"|secretly|behind (?:her|his|their) back|don'?t tell (?:her|him|them)",
        ),
    ),
    "educational": Cue(
        "teaching people to spot or avoid scams",
        (
            r"training|awareness|psa|public service|educational|lesson|workshop|tutorial|course|(?:how to|help \S+)"
            r" (?:spot|avoid|recogni[sz]e|report|detect)|warn\w*|avoid\w*|protect\w*|prevent\w*",
        ),
    ),
    "famous": Cue("a celebrity, public figure or politician", (FAMOUS, POLITICIANS)),
    "self": Cue("the person asking", (r"i|i'm|im|i've|i'll|me|my|mine|myself|we|we're|us|our|ours|ourselves",)),
    "consenting": Cue(
        "the person shown agreed, or is a contracted performer",
        (
            r"licen[sc]ed|under contract|contracted|signed (?:a |the |our |his |her )?(?:release|waiver|contract"
            r"|consent form|model release)|(?:with|got|have|has) (?:\S+ ){0,2}(?:permission|consent|blessing|approval)"
            r"|(?:he|she|they|\S+'s office|\S+'s team) (?:agreed|consented|approved|asked for (?:it|this)|requested (?:it|this)"
            r"|said yes|is in on it|are in on it|signed off|asked (?:me|us) to|wants? (?:it|this|me to))"
            r"|(?:he|she|they)(?:'s|'re| is| are)? (?:fine|ok|okay|cool|happy|good) with (?:it|this|that)|on board with"
            r"|approved (?:it|this|the use)|gave (?:me |us )?(?:permission"
            r"|consent|the ok|(?:their|his|her) blessing)|(?:paid|hired) (?:actors?|models?|talent)"
            r"|our own (?:actors?|actress|cast|talent|models?)|our (?:actors?|cast|spokesperson|presenter)"
            r"|official(?:ly)? (?:approved|requested|commissioned)|commissioned (?:it|this|us|by)",
        ),
    ),
    "fiction": Cue(
        "a film, play, costume or other plainly fictional setting",
        (
            r"(?:our|my|a|the|this|his|her) (?:own )?(?:short |student |indie |school |fan |home |class |amateur )?"
            r"(?:film|movie|play|musical|sketch|skit|short|series|music video|web series|trailer|screenplay|production)",
            r"(?:movie|film) (?:posters?|night|stills?|scenes?|sets?)|halloween|costumes?|cosplay|parody|spoof|cartoons?"
            r"|comics?|video games?|fictional|role[- ]?play|murder mystery|themed party|theme party|stage play"
            r"|theat(?:er|re)|drama club|acting class|villains?|escape room|stunts?|rehearsal|choreograph\w*"
            r"|mock (?:newscast|trial|election|interview|debate)|newscast",
            r"(?:heist|crime|action|horror|gangster|cop|detective|spy|western|noir|superhero) (?:movie|film|flick|poster"
            r"|show|series|comedy)",
        ),
    ),
    "framing": Cue(
        "presenting something made up as if it really happened",
        (
            r"make (?:it|this|that) (?:look|seem|appear)(?:s)? (?:like|as if|as though|that)|(?:look|seem|appear)s? to be"
            r"|(?:to|so (?:i|we) can) (?:show|send (?:it )?to|give (?:it )?to) (?:the|my|his|her) (?:judge|court|cops|police"
            r"|hr|school|boss|wife|husband|lawyer|insurance)"
            rf"|make (?:him|her|them|my (?:{PEOPLE})|the \S+|[a-z]+) (?:look|seem|appear) (?:like|as if|as though)",
            r"(?:look|looks|looking|seem|seems|appear|appears) like (?:he|she|they)(?:'s| is| was| were| did| had)",
            r"so (?:that )?(?:people|everyone|everybody|they|the police|cops|his \S+|her \S+|the judge|the court|hr"
            r"|the school|the public|voters|the internet|nobody|no one)(?: will| would)? (?:think|thinks|believe|believes"
            r"|sees?|knows?|finds? out)|so (?:i|we) (?:can )?(?:win|get) (?:a |the |full )?(?:custody|case|restraining order"
            r"|protective order|divorce|lawsuit|settlement)|so (?:i|we) can (?:show|prove (?:it )?to"
            r"|convince|send (?:it )?to|give (?:it )?to) (?:the|my|his|her|their|our) \S+|(?:for|as) (?:proof|evidence) (?:that|for|in)"
            r"|for the (?:custody|court|divorce) (?:hearing|case|judge)|(?:for real|real) looking|realistic (?:\S+ )?(?:proof"
            r"|evidence|footage)",
            r"fake (?:videos?|clips?|footage|photos?|pics?|pictures?|images?|evidence|proof|screenshots?|recordings?"
            r"|news|story|confession|audio|cctv|bodycam|security footage|receipts?)",
            r"fabricat\w*|falsif\w*|doctored|pass (?:it|this) off as (?:real|genuine|authentic)|caught (?:on camera"
            r"|on tape|red[- ]handed|\w+ing)|(?:cctv|security cam(?:era)?|surveillance|bodycam|dashcam|doorbell cam(?:era)?)"
            r"(?: footage| clip| video)?",
        ),
    ),
    "fabrication": Cue(
        "fake evidence, a fake confession, or framing someone",
        (
            r"fake (?:confession|evidence|proof|testimony|alibi|cctv|security footage|bodycam|mugshot|arrest|police report"
            r"|crime|obituary|death|news (?:about|of|story))|(?:confession|admission) (?:video|clip|tape)",
            r"so (?:i|we) can (?:show|prove (?:it )?to|convince) (?:hr|the court|the judge|(?:the )?police|the cops"
            r"|the bank|(?:his|her|the) insurance|my lawyer)",
            rf"(?:frame|framing|framed) (?:him|her|them|someone|somebody|my (?:{PEOPLE})|[a-z]+ for)|framed for"
            r"|plant(?:ing)? evidence|incriminat\w*|fabricat\w* (?:evidence|proof|a (?:video|clip|photo)|footage)",
        ),
    ),
    "wrongdoing": Cue(
        "a crime, vice, abuse or hateful act",
        (
            r"brib\w*|kickbacks?|embezzl\w*|launder\w*|stealing|stole|steals|theft|thie(?:f|ves)|shoplift\w*|pickpocket\w*"
            r"|rob(?:bing|bed|s)? (?:a|the|my|our|his|her|that|this)|robbery|burglar\w*|break(?:ing|s)? into|broke into"
            r"|break-?in|vandali[sz]\w*|looting|arson|set(?:ting)? fire to|poison\w*|smuggl\w*|traffick\w*"
            r"|dog ?fight\w*|cheat(?:s|ed|ing)? (?:on|with|at|in|during)|lying (?:to|under oath|about)|perjur\w*"
            r"|(?:pocket|skim|steal|embezzl|tak)\w* (?:the |their |his |her )?(?:\S+ )?(?:donations?|charity money|tips|funds)"
            r"|at gunpoint|point\w* (?:a )?(?:gun|knife|weapon) at|with a (?:gun|knife) to|urinat\w*|piss(?:es|ed|ing)? on|pee(?:s|d|ing)? on|hit[- ]and[- ]run|running (?:a )?red lights?"
            r"|burn\w* (?:a|the|down (?:a|the)) (?:flag|bible|quran|koran|cross|house|car|building|church|mosque|synagogue)"
            r"|dump\w* (?:\S+ )?(?:toxic|waste|chemicals|sewage)|toxic waste|pollut\w*|illegal\w*|illicit|unlawful"
            r"|crimes?|criminals?|felon\w*|guilty of|convicted|scandal\w*|corruption|corrupt (?:cops?|politicians?|officials?"
            r"|judges?|officers?)|cover-up|(?:\w+'s|is|are|was|were) cheating|homeless (?:drug )?addict|addicts?"
            r"|addicted to (?:drugs|heroin|meth|crack|coke|pills|gambling)",
            r"doing (?:drugs|coke|cocaine|meth|heroin|lines|crack|molly|ketamine)|snort\w*|(?:smok|shoot)(?:e|es|ing)"
            r" (?:up )?(?:crack|meth|heroin|weed|a joint|pot)|shooting up|cocaine|heroin|crystal meth|meth|crack pipes?"
            r"|fentanyl|white powder|(?:bag|baggie|line|lines|pile) of (?:\S+ )?(?:powder|coke|cocaine|pills|weed)|steroids"
            r"|juicing|(?:drug|drinking|gambling|alcohol) (?:problem|habit|addiction)|drug deal\w*|dealing drugs|sell\w* (?:\S+ )?(?:weed|pot|drugs|pills|coke|cocaine|meth|crack|heroin"
            r"|fentanyl|guns|weapons)|high on|bags? of (?:coke|weed|pills|drugs)|(?:with|from|for) (?:the )?(?:mob|mafia"
            r"|cartel|gang)|texting (?:young |underage |little |teen |teenage )?(?:girls|boys|kids|minors|students)",
            r"(?:is|was|being|get|gets|getting|got|looks?|looking|appears?|seems?|\w+'s|\w+'re)(?: so| really| totally"
            r"| completely| falling[- ]down)? (?:drunk|wasted|high|stoned|hammered|plastered)|drunk (?:driv\w*|at|in|on"
            r"|during|and)|drink driving|driving drunk|dui|dwi|passed out (?:drunk|at|in|on)",
            r"(?:punch|hit|slap|beat|kick|choke|strangl|attack|assault|abus|hurt|stab|shoot|kill|murder|spit|yell"
            r"|scream|threaten)(?:e|es|s|ed|ing|ting|ping|ped)? (?:at |on |in |into )?(?:(?:a|the|his|her|their|my|our|your"
            r"|an|some|this|that|its) )?(?:\S+ )?(?:woman|women|man|men|wife|husband|girlfriend|boyfriend|kids?|child"
            r"|children|baby|dogs?|cats?|pupp(?:y|ies)|kittens?|animals?|elderly|old (?:man|woman|lady)|homeless|students?"
            r"|employees?|workers?|protesters?|cop|officer|person|girls?|boys?|strangers?|customers?|food|drinks?|coffee"
            r"|players?|athletes?|patients?|residents?|fans?|clients?|waiters?|waitress|nurses?|teachers?|kids?|him|her"
            r"|them|me|us|mom|dad|mother|father|sister|brother|son|daughter)",
            r"abus(?:e|es|ed|ing|ive)|domestic violence|animal cruelty|assault\w*|murder\w*|rap(?:e|ed|es|ing|ist)"
            r"|molest\w*|pedo\w*|paedo\w*|grooming (?:a |kids|children|minors|girls|boys)|sexual(?:ly)? harass\w*"
            r"|touch\w* (?:\S+ )?(?:kids?|children|child|minors?|girls?|boys?|students?)|inappropriately|flashing (?:kids|children|people"
            r"|a |the |her|him)|exposing (?:himself|herself)|indecent exposure|pee(?:s|d|ing)? (?:in|on) (?:public|the street)",
            r"having an affair|affair with|sleeping with (?:his|her|the|a|my) (?:\S+ )?(?:secretary|intern|boss"
            r"|student|teacher|assistant|nanny|babysitter|friend|wife|husband|sister|brother|coworker|colleague"
            r"|neighbou?r)|hookers?|prostitut\w*|escorts?|strip club|brothel",
            r"racial slurs?|slurs?|n-?word|racis[tm]\w*|homophob\w*|transphob\w*|antisemit\w*|nazis?|nazism|hitler"
            r"|sieg heil|swastikas?|kkk|klan|white power|blackface|hate speech|bigot\w*|supremac\w*|neo-?nazi\w*|fascis\w*"
            r"|extremis\w*|hate (?:groups?|rall(?:y|ies)|march\w*)|sexis[tm]\w*|misogyn\w*",
            r"commit(?:s|ted|ting)? (?:a )?(?:crimes?|fraud|murder|treason|perjury)|arrested|handcuff\w*|mugshots?"
            r"|perp walk|in (?:jail|prison|cuffs|(?:a|the) (?:police|cop|squad) car|(?:an )?orange jumpsuit|a police lineup)"
            r"|behind bars|being booked|confess(?:es|ed|ing|ion)?(?! (?:his|her|their|my|our) love)|admit(?:s|ted|ting)?"
            r" (?:to|that)|(?:fired|expelled|kicked out) for",
            r"(?:suitcase|briefcase|bag|envelope|stack|wad|pile)s? (?:full )?of (?:cash|money|bills|\$\S*)",
            r"(?:taking|took|take|takes|accept(?:s|ed|ing)?|receiv\w*|pocket\w*) (?:a |an )?(?:bribes?|cash|money"
            r"|envelope|bag of (?:cash|money)|stack of (?:cash|bills)|kickbacks?|payoffs?)",
            r"terroris\w*|plant(?:ing)? a bomb|jihad\w*|(?:school|mass) shoot\w*|doping|match[- ]fixing|insider trading"
            r"|tax (?:evasion|fraud)|plagiari\w*",
            r"(?:is|was|as|being|like) an? (?:\S+ )?(?:pedophile|pedo|rapist|murderer|killer|thief|criminal|racist|nazi"
            r"|terrorist|drug dealer|junkie|crackhead|addict|alcoholic|cheater|fraud|fraudster|scammer|con artist|liar"
            r"|abuser|predator|sex offender|wife beater|child molester|pervert|creep|groomer|pimp)",
        ),
        benign=(
            r"(?:remov\w*|eras\w*|clean\w*|cover\w*|paint\w* over|blur\w*|get rid of)(?: up| off| out)? (?:the |this |that"
            r" |some |all )?(?:racist |hateful |offensive |nazi )?(?:graffiti|tags?|symbols?|swastikas?)",
            r"(?:spot|spotting|prevent\w*|avoid\w*|detect\w*|report\w*|fight\w*|anti)[- ](?:scams?|fraud)\w*"
            r"|(?:scam|fraud) (?:awareness|prevention|alert|warning|training|detection)",
            r"sexual (?:harassment|assault|abuse) (?:training|awareness|prevention|policy|course|video|hotline)",
        ),
    ),
    "political": Cue(
        "a politician, candidate or election official",
        (
            r"senators?|congress(?:wo)?m[ae]n|congressperson|prime minister|premier|chancellor|ministers?|mps?"
            r"|member of parliament|politicians?|candidates?|lawmakers?|legislators?|council ?(?:wo)?m[ae]n"
            r"|council ?members?|councill?ors?|alderm[ae]n|governors?|mayors?|secretary of state|election officials?"
            r"|poll workers?|(?:county|city|election) clerks?|registrars?|election (?:office|board|commission)s?"
            r"|electoral commission|(?:government|public|elected|city|state|party) officials?|party leader"
            r"|opposition leader|head of state|dictator|president-elect|white house|parliament|attorney general"
            r"|speaker of the house|potus|ambassador|police chief|sheriff|district attorney|da|prosecutors?"
            r"|school board (?:president|members?|chair)",
            r"(?:vice[- ])?president(?<!class president)(?<!council president)(?<!company president)(?<!club president)"
            r"(?<!student president)(?<!bank president)(?<!team president)",
            POLITICIANS,
        ),
        benign=(r"premier league",),
    ),
    "election": Cue(
        "an election, a vote or a polling place",
        (
            r"elections?|electoral|ballots?|polling (?:station|place|booth|location|site)s?|polls?|vot(?:e|es|ed|ing|ers?)"
            r"|campaign(?:ing)?|primary (?:election|race|vote)|caucus|referendum|mail-in|absentee|precinct|recount"
            r"|drop ?box(?:es)?",
        ),
    ),
    "election_strong": Cue(
        "election fraud, intimidation or false voting information",
        (
            r"conced(?:e|es|ed|ing)|concession speech|drop(?:s|ped|ping)? out of the (?:race|election|primary|campaign)"
            r"|withdraw\w* from the (?:race|election|primary)|quit(?:s|ting)? the race",
            r"(?:stuff|burn|burnt|shred|destroy|toss|dump|steal|stole|tamper|throw\w* (?:away|out)|tear\w* up|tore up"
            r"|rip\w* up|forg|fake|chang|alter|delet|flip|switch)\w*(?: \S+){0,3} (?:ballots?|votes|vote counts?"
            r"|voting machines?|election results|tall(?:y|ies))",
            r"ballot[- ]stuffing|voter fraud|election fraud|voter suppression|voter intimidation|intimidat\w* voters"
            r"|scar(?:e|es|ed|ing) (?:\S+ )?voters|(?:keep|stop|discourage|deter|scare)\w* (?:\S+ ){0,2}(?:from|away from)"
            r" (?:voting|the polls)|(?:rig|rigs|rigged|rigging|steal|stole|stolen|stealing) (?:the |an |this |our |their )?"
            r"(?:elections?|vote|votes|primary|race)|(?:election|vote|race) (?:is|was|were|has been|got) (?:rigged|stolen"
            r"|fixed)",
            r"(?:elections?|polls?|polling (?:stations?|places?|locations?|booths?)|voting|the vote|election day"
            r"|ballot box(?:es)?|early voting)(?: \S+){0,2}? (?:is |are |has been |have been |was |were |will be |got"
            r" |being |look\w* like (?:it'?s |it is |they'?re )?)?(?:closed|closing early|moved|postponed|cancell?ed|delayed|rescheduled|changed|shut(?: down)?"
            r"|relocated|suspended|called off)",
            r"(?:elections?|voting|the vote|election day|polls?) (?:is|are|was|will be|has been) (?:now |actually |really )?"
            rf"(?:next (?:week|month|year|{_DAYS})|tomorrow|on {_DAYS}|over|done|(?:only )?(?:online|by text|by phone))",
            r"vot(?:e|ing) (?:by|via|over) (?:text|sms|phone|email|twitter|tweet|app)|text (?:your|in your|in) votes?"
            r"|ballots? (?:won'?t|will not|wont) (?:be )?count\w*",
            r"(?:don'?t|do not|no need to|doesn'?t|does not|shouldn'?t|should not|no point|not to)(?: even)?(?: bother)?"
            r"(?: to)?(?: go)?(?: and)? vot(?:e|ing)|stay(?:s|ing)? (?:at )?home (?:on election day|instead of voting"
            r"|and not vote|and don'?t vote)|(?:tell|tells|telling|told|urg\w*) (?:\S+ )?(?:supporters|voters|people"
            r"|everyone) to stay home|fake (?:polls?|election results|endorsements?|campaign ads?)",
            rf"vot(?:e|ing) (?:on|this|next|until) {_DAYS}(?: instead)?|(?:election|voting) (?:day )?(?:is|was|will be)"
            rf" (?:now |actually |on )+{_DAYS}",
        ),
    ),
    "violence": Cue(
        "weapons, fire or violence",
        (
            r"armed|guns?|rifles?|weapons?|militia|riot\w*|on fire|bomb\w*|explosions?|attack\w*|violen(?:ce|t)|brawl\w*"
            r"|fist ?fights?|chaos|burning",
        ),
    ),
    "speech": Cue(
        "words put in someone's mouth",
        (
            r"say|says|saying|said|speak|speaks|speaking|talk\w*|announc\w*|declar\w*|admit\w*|confess\w*|endors\w*"
            r"|tell|tells|telling|told|claim\w*|promis\w*|urg(?:e|es|ed|ing)|call(?:s|ed|ing)? for|shout\w*|prais\w*"
            r"|support(?:s|ed|ing)?|resign\w*|apologi[sz]\w*|explain\w*|speech|statement|press conference|chant\w*|cheer\w*"
            r"|boo(?:s|ed|ing)?|address(?:es|ing)? the nation|tweet\w*|robocall\w*|voicemail|voice message|pledg\w*|vow\w*"
            r"|so (?:it|he|she|they|the crowd) (?:looks?|seems?|sounds?)",
        ),
    ),
    "impersonation": Cue(
        "posing as someone else",
        (
            r"pretend\w* to be|pos(?:e|es|ing) as|impersonat\w*|masquerad\w*|pass(?:ing)? (?:myself |himself |herself"
            r" |me |him |her )?off as|as if (?:i|we) (?:were|was|am|are)|(?:log|logging|sign|signing) ?(?:in|on|up) as"
            rf"|in (?:his|her|their|my \S+'s) name|(?:video|zoom|facetime|teams|skype|webcam|whatsapp) (?:calls?|chats?"
            rf"|videos?|messages?|meetings?)|(?:call|meeting|interview|exam|test|class|session) as (?:my|our|his|her|the)"
            rf" \S+|use {_POSSESSOR} face|(?:be|become) (?:him|her) (?:on|in|for)|deep ?fak\w*",
            rf"(?:as|pretending|posing|acting as|claiming to be|appearing as) (?:my|his|her|their|our) (?:{PEOPLE})\b(?!')"
            rf"|(?:look|appear|pass)\w* (?:like|as) (?:my|his|her|their) (?:\S+ )?(?:{PEOPLE})\b(?!')",
            r"so (?:the bank|they|the app|the system|it|he|she|the camera|the site|the website|the verification)"
            r" (?:thinks?|believes?) (?:i'?m|i am|it'?s|it is|we'?re|we are)|match (?:his|her|their|[a-z]+'s|my \S+'s)"
            r" (?:face|photo|id|selfie)",
            r"(?:look|looks|seem|seems|sound|sounds) like (?:it'?s|it is|it was|it came) from (?:my|his|her|the|our) \S+"
            r"|as if it (?:came|comes|was) from|in the voice of",
        ),
    ),
    "gain": Cue(
        "money, accounts or access",
        (
            r"money|cash|funds|\$ ?\d\S*|\d+ ?(?:k|grand|dollars|euros|bucks|usd)|wire|wiring|payments?|invoices?|loans?"
            r"|mortgage|bank(?:s|'s)?|bank accounts?|account numbers?|routing numbers?|bank details|credit (?:cards?|limit)"
            r"|debit cards?|card numbers?|gift ?cards?|crypto\w*|bitcoin|btc|ethereum|usdt|venmo|paypal|zelle|cash ?app"
            r"|western union|passwords?|passcodes?|pin(?![- ]up)|credentials|log ?in|login|2fa|one-time code|otp"
            r"|verification code|security code|inheritance|insurance|refunds?|benefits|pension|payroll|direct deposit"
            r"|lottery|casino|gambling|betting|withdraw\w*|deposit\w*|rent|giveaway|invest\w*|get rich|coins?|tokens?|nfts?|presale|fines?|exams?|tests?|job interviews?"
            r"|documents?|contracts?|deeds?|power of attorney|tax\w*|owe\w*|debts?|raise|salary|bonus|promotion|payouts?"
            r"|w-?2s?|ssn|social security numbers?|tax forms?|personal (?:info|information|details)|bank info|stocks?"
            r"|shares|portfolio|broker\w*|savings|retirement|401k|assets|property|title|estate",
            r"transfer(?:ring|s|red)? (?:the |some |a )?(?:money|funds|payment|cash|amount|\$)|(?:approve|authori[sz]e"
            r"|release|sign off on)\w* (?:the |a |my |our |this )?(?:transfer|payment|wire|loan|invoice|expense|purchase"
            r"|withdrawal|funds|refund|transaction)|access (?:to|his|her|their|the)|unlock",
        ),
    ),
    "money_ask": Cue(
        "asking or tricking someone into paying or handing over access",
        (
            r"(?:ask|asks|asking|tell|tells|telling|instruct\w*|order\w*|request\w*|beg\w*|urg\w*|convinc\w*|persuad\w*"
            r"|pressur\w*|trick\w*|fool\w*|con|conning|conned|dupe|duping|get|gets|getting|make|making|have|having"
            r"|demand\w*)(?: \S+){0,4}? (?:into|to|for) (?:(?:wire|wiring|transfer\w*|pay|paying|deposit\w*|withdraw\w*"
            r"|a (?:fine|payment|ransom))\b|(?:send|sending|share|sharing|give|giving|hand\w* over|read\w* (?:out|me|us)"
            r"|release|releasing|approve|approving|cash|chang(?:e|ing)|updat(?:e|ing)|mov(?:e|ing)|increas\w*|rais\w*"
            r"|buy\w*)(?: \S+){0,5}? (?:money|cash|funds|\$\S*|payments?|rent|fees?|fines?|bail|ransom|gift ?cards?"
            r"|bitcoin|crypto\w*|password|passcode|pin|codes?|login|credentials|accounts?|bank|details|savings|invoices?"
            r"|transfer|deposit|card numbers?|card|wire|loan|limit))",
            r"ask\w* (?:\S+ ){0,2}for (?:\S+ ){0,2}(?:money|cash|funds|payments?|passwords?|pins?|codes?|w-?2s?|ssns?"
            r"|social security|bank (?:details|info)|card (?:numbers?|details)|gift ?cards?|wire)",
            r"(?:ask|tell|get|have|make|convinc|persuad|instruct|order|call)\w* (?:\S+ ){0,3}(?:the bank|(?:his|her|their"
            r"|my|our) bank|the lender|the insurer|the insurance company|the accountant|the finance team|accounting"
            r"|payroll|hr|the teller|customer service|the cfo|tech support) to",
        ),
        benign=(r"pay (?:attention|tribute|respects?|a visit)",),
    ),
    "my_business": Cue(
        "the asker's own product or business",
        (
            r"my (?:new |own )?(?:app|product|brand|company|business|store|shop|coin|token|course|supplements?|pills"
            r"|casino|channel|site|website|service|book|music|song|restaurant|startup|crypto)",
        ),
    ),
    "endorsement": Cue(
        "a public figure made to promote something",
        (r"endors\w*|promot\w*|advertis\w*|shill\w*|sponsor\w*|giveaway|recommend\w*|sell\w*|market\w*|pitch\w*"
         r"|hawk\w*|plug\w*",),
    ),
    "fraud": Cue(
        "scams, fake documents, identity checks or breaking into accounts",
        (
            r"phish\w*|catfish\w*|money mules?|identity theft|pig butchering|locked out of (?:\S+ ){0,2}account|drug tests?|court[- ]ordered|probation|parole|breathalyzer"
            r"|so (?:the|his|her|my|their) (?:bank|insurance(?: company)?|insurer|lender|irs|government|court|exchange|app"
            r"|site|platform|broker) (?:\S+ ){0,2}(?:releases?|approves?|pays?|sends?|transfers?|unlocks?|accepts?|verif\w*"
            r"|thinks?|believes?)"
            r"|steal\w* (?:his|her|their|someone'?s|a person'?s|an?) identit\w*|blackmail\w*|extort\w*|sextort\w*"
            r"|fake (?:profile|account)s? (?:as|of|with|pretending)|sock ?puppet|(?:fake|staged) (?:kidnapping|hostage"
            r"|abduction|ransom|injury|accident|emergency)|ransom (?:videos?|notes?|demands?|messages?|money)|proof of life"
            r"|(?:kidnapped|held hostage|tied up)(?: \S+){0,4} (?:money|ransom|pay|\$)",
            r"kyc|know your customer|liveness|(?:face|facial|selfie|identity|id|biometric|age) (?:verification|verify"
            r"|check|scan|recognition|match|authentication)|face ?id|face unlock|verification|verify (?:as|my|his|her"
            r"|their|the|an?) ",
            r"(?:bypass|fool|spoof|trick|beat|defeat|cheat|get (?:past|around|through)|pass|passing|evade|circumvent)\w*"
            r"(?: the| a| an| his| her| their| its| my)?(?: \S+){0,2} (?:verification|security check|id check"
            r"|identity check|face id|facial recognition|liveness|kyc|age check|checks?)",
            r"fake (?:ids?|passports?|driver'?s licen[cs]es?|licen[cs]es?|documents?|credentials|papers|badges?|diplomas?"
            r"|certificates?)|forg(?:e|ed|ing|ery) (?:a |an |his |her |the )?\S+|counterfeit\w*",
            rf"(?:unlock|get into|break into|access|hack\w*|log into|take over) (?:{_POSSESSOR}|my \S+'s) (?:phone|iphone"
            rf"|laptop|computer|accounts?|email|bank|instagram|facebook|crypto|wallet)",
            r"so (?:i|we|he|she) can (?:get in|get into (?!character)|get past|access|enter the|log ?in|sign ?in|withdraw"
            r"|cash (?:it|out)|claim (?:his|her|their|the)|open (?:an|a) (?:bank )?account|take out (?:a|the) loan|unlock)",
            r"passports?|driver'?s licen[cs]es?|drivers licen[cs]es?|driving licen[cs]es?|(?:[a-z]+'s|his|her|their)"
            r" licen[cs]es?(?! plates?)|id cards?|identity cards?|national id|state id"
            r"|green cards?|work permits?|residence permits?|social security card|birth certificates?|student id"
            r"|employee (?:id|badge)|(?:security|access|id|work) badges?|keycards?|boarding pass(?:es)?|travel visa|dmv"
            r"|(?:look|pass)\w* (?:like|as) the (?:real|actual|legal|rightful) (?:owner|account holder|holder|person)"
            r"|(?:[a-z]+'s|his|her|their) id",
        ),
        benign=(
            r"(?:spot|spotting|prevent\w*|avoid\w*|detect\w*|report\w*|fight\w*|anti)[- ](?:scams?|fraud)\w*"
            r"|(?:scam|fraud) (?:awareness|prevention|alert|warning|training|detection)",
            r"passport[- ](?:photos?|style|size|pictures?)",
        ),
    ),
    "scam": Cue(
        "swindling people",
        (r"scam\w*|swindl\w*|defraud\w*|fraudulent\w*|con (?:people|them|him|her|my|old|elderly|grandma|grandpa)",),
    ),
    "humiliation": Cue(
        "humiliating, mocking or shaming someone",
        (
            r"humiliat\w*|embarrass\w*|laugh(?:s|ing|ed)? at (?!(?:me|myself|us|ourselves)\b)\S+|laughing ?stock"
            r"|make(?:s)? fun of (?!(?:me|myself|us|ourselves)\b)\S+|making fun of (?!(?:me|myself|us|ourselves)\b)\S+"
            r"|mock(?:s|ed|ing)? (?:him|her|them|my|his|their|the|this|that)\b|mocking|mockery|ridicul\w*|(?:fat|body|slut)[- ]?sham\w*|shame (?:him|her|them)"
            r"|publicly shame|shaming|cringe\w*",
            rf"(?:ruin|destroy|wreck|tank)\w* (?:his|her|their|my (?:{PEOPLE})'s) (?:life|reputation|career|marriage"
            r"|relationship|chances|name)|teach (?:him|her|them) a lesson|get (?:back|even) at|get even with"
            r"|so (?:he|she|they) (?:gets?|will get|is|are) (?:fired|dumped|expelled|suspended|kicked out|cancell?ed"
            r"|in trouble|arrested|bullied|humiliated)|so (?:he|she|they|his \S+|her \S+) (?:\S+ )?(?:dumps?|leaves?|breaks? up"
            r" with|divorces?|fires?|hates?|blocks?|unfriends?|cancels?) (?:her|him|them)|make (?:him|her|them) cry|so (?:nobody|no one) (?:\S+ )?(?:likes?"
            r"|sits? with|talks? to|dates?|hires?|wants?) (?:him|her|them)",
            r"(?:caption|label|call)\w* (?:it |him |her |them )?(?:with )?(?:a )?(?:slurs?|racist|n-?word)",
        ),
    ),
    "group_laugh": Cue(
        "so that a group laughs",
        (
            r"so (?:that )?(?:the (?:whole )?\S+|everyone|everybody|people|they|we all|all of us)(?: \S+)? (?:can |will"
            r" |would |could )?(?:laugh|roast|mock|clown|dunk|rip|meme|trash|make fun)\w*",
        ),
    ),
    "celebration": Cue(
        "a birthday, wedding or other celebration the person is part of",
        (r"birthday|anniversary|wedding|retirement|graduation|bachelor(?:ette)? party|christmas|holiday|celebrat\w*|toast",),
    ),
    "sharing": Cue(
        "spreading media to a group or online",
        (
            r"(?:spread|send|post|share|upload|drop|blast|plaster|leak|forward|print)\w* (?:it |this |them )?(?:around"
            r"|all over|everywhere|to everyone|with everyone|to the whole \S+|online|up|with (?:the |my |our )?(?:whole )?(?:family"
            r"|class|school|team|office|group)|for the (?:breakroom|office|class)|(?:in|on|to|into|around) (?:(?:the|our|his|her|their|my) )?(?:whole |family |class |work |team |school )?"
            rf"(?:{_PLATFORMS}))|post (?:it|this|them)\b|put (?:it|this|them) (?:on|in|up)|go viral"
            r"|send (?:it|this|them) to (?:him|her|them|the|his|her|their) ?\S*|show\w* (?:it |this |them )?(?:to )?"
            r"(?:the whole \S+|everyone|everybody|the (?:class|school|grade|office|team))",
        ),
    ),
    "outing": Cue(
        "presenting someone as gay, lesbian or trans without their say",
        (
            r"out(?:ing)? (?:him|her|them|my \S+) as|(?:look|looks|seem|seems|appear|appears) (?:like )?(?:\S+ )?(?:gay"
            r"|lesbian|bi|trans|queer)\b|so (?:people|everyone|they|his \S+|her \S+) (?:will )?(?:think|know)"
            r" (?:he|she|they)(?:'s| is| are) (?:gay|lesbian|trans|queer)|at a gay bar",
        ),
    ),
    "insult": Cue(
        "making someone look ugly, stupid, diseased or vile",
        (
            r"(?:look|looks|looking|appear|seem)(?: \S+){0,3}? (?:fat|fatter|ugly|uglier|hideous|disgusting|gross"
            r"|stupid|dumb|retarded|pathetic|obese|deformed|disfigured|diseased)|(?:look|looks|looking) like an? (?:\S+ )?"
            r"(?:pig|cow|whale|loser|freak|idiot|moron|slut|whore|rat|monkey|ape|clown|witch|hag|troll|goblin|junkie|addict"
            r"|crackhead|bum|hobo|homeless|slob|mess|wreck)|living in (?:trash|filth|garbage|a dump|squalor)"
            r"|slut|whore|skank|thot|with (?:\S+ )?(?:warts|sores|lice|boils|pimples all over)"
            r"|(?:zit|pimple|acne|wart|sore|boil|rash|pus)[- ]?(?:covered|ridden|filled)|gross (?:\S+ )?body",
            r"(?:look|looks|looking|seem|seems) like (?:he|she|they) (?:has|have|had|got) (?:\S+ ){0,2}(?:herpes|an? std"
            r"|stds|aids|hiv|lice|sores|warts|leprosy|rabies|fleas|worms|a disease)|(?:give|giving|add\w*) (?:him|her|them)"
            r" (?:\S+ ){0,2}(?:herpes|an? std|sores|warts|lice|rotten teeth)",
        ),
    ),
    "ridicule_image": Cue(
        "a person turned into an animal or a joke figure",
        (
            r"pig(?:'s)? (?:nose|snout|face|ears|body)|(?:on|as|into|onto) an? (?:\S+ )?(?:pig|monkey|ape|gorilla|rat"
            r"|cockroach|donkey|cow|whale|worm|clown|baby|babies|turd|poop|toilet|trash can|garbage|chimp|chimpanzee|baboon"
            r"|hyena|hippo|slug)s?|clown (?:nose|makeup|wig)"
            r"|crying and begging|begging|grovel\w*|on (?:his|her|their) knees"
            r"|donkey ears|dunce cap|turd|poop emoji",
        ),
    ),
    "degradation": Cue(
        "degrading imagery: soiling, a diaper, vomit, being pelted",
        (
            r"(?:in|wearing) a diaper|pee(?:ing|s|d)? (?:himself|herself|themselves|his pants|her pants)|wet(?:ting)?"
            r" (?:himself|herself|themselves)|pooping|shitting|vomit\w*|throwing up|puking|eating (?:garbage|trash|poop"
            r"|shit|dog food|cat food|bugs|worms|dirt|boogers|out of (?:a|the) (?:trash|toilet|garbage))|on a toilet|pelted|egged|kicked in the (?:balls|nuts|crotch)",
        ),
    ),
    "threat": Cue(
        "violence against, or the death of, a real person",
        (
            r"dead body|corpse|in a coffin|on a (?:tombstone|gravestone)|noose|hang(?:ing|ed)? (?:him|her|them|himself"
            r"|herself)|(?:being|getting|get|gets) (?:shot|stabbed|killed|murdered|beheaded|tortured|beaten(?: up)?"
            r"|hanged|strangled|run over|hit|slapped|punched|kicked|attacked|assaulted|jumped|mugged|hurt|burned)"
            r"|beheaded|behead\w*|gun to (?:his|her|their) head|(?:his|her|their) ass kicked|beat(?:en|ing)? (?:up|to death"
            r"|senseless)|car crash victim|(?:on|as) an? (?:shooting |practice |dart ?board )?target|dart ?board|shooting range"
            r"|crosshairs",
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
    "disclosure_removal": Cue(
        "removing or hiding a label that says the media is AI-made",
        (
            rf"(?:{_REMOVE}){_NOT_BETWEEN}{{0,60}}?(?<!\w)(?:['\"]?(?:{_AI_WORD})(?!\w)['\"]?{_FILLER}{{0,2}}['\"]?[- ]"
            rf"(?:{_LABEL})|{_NAMED_MARK}|['\"](?:{_AI_WORD})['\"](?: \S+){{0,3}}? (?:the |this )?{_SCREEN_SPOT})",
            rf"(?:['\"]?(?:{_AI_WORD})['\"]?{_FILLER}{{0,2}}['\"]?[- ](?:{_LABEL})|{_NAMED_MARK})[^.;!?\n]{{0,30}}?(?:removed|erased|gone|off|away|out|disappear\w*|vanish\w*"
            r"|(?:isn'?t|is not|not|no longer|never) (?:visible|shown|showing|there|noticeable|readable)|invisible"
            r"|has to go|must go|deleted|stripped|hidden|cropped)",
            rf"(?:{_REMOVE}){_NOT_BETWEEN}{{0,60}}?(?:watermarks?|labels?|logos?|badges?|stamps?|tags?) (?:that |which )?"
            rf"(?:(?:from|by|of) )?(?:{_AI_TOOLS}|the ai|an ai)\b",
            rf"(?:{_REMOVE}){_NOT_BETWEEN}{{0,60}}?(?:{_LABEL}) (?:that |which )?(?:says?|said|saying|reads?|marks?|marking"
            r"|shows?|showing|indicates?|indicating|flags?|flagging|labels?|labell?(?:ing|ed)|tags?|tagging|identif\w*)"
            r"(?: \S+){0,3}? ['\"]?(?:ai|fake|synthetic|generated"
            r"|ai-generated|a deep ?fake|a parody|satire|altered|not real)",
            r"(?:remov\w*|eras\w*|hid\w*|delet\w*|get rid of|strip\w*|scrub\w*|wip\w*) (?:any|all|every|each|the)"
            r" (?:traces?|signs?|evidence|indications?|hints?|marks?|clues?) (?:that|of)(?: it'?s| it is| it was| this is)?"
            r" (?:ai|fake|synthetic|generated|ai[- ]generated|a deep ?fake|made with ai|edited|not real)",
            r"so (?:no one|nobody|people|viewers|they|my followers|the platform|youtube|tiktok|instagram|it)(?: won'?t"
            r"| can'?t| cannot| don'?t| doesn'?t| will not| wouldn'?t| can| could| will| would)?(?: be able to)?(?: ever)?"
            r" (?:tells?|knows?|notic\w*|realiz\w*|detect\w*|flags?|sees?|suspect\w*|finds? out)(?: that)?(?: it'?s| it is| it was| this is"
            r"| they'?re)? (?:ai|fake|a deep ?fake|deep ?faked|synthetic|generated|ai[- ]generated|not real|a face ?swap"
            r"|face ?swapped|swapped|made with ai)|hide (?:the fact )?that it'?s (?:ai|fake|synthetic|generated|a deep ?fake)",
            r"undetectable|can'?t be (?:detected|traced)|evade (?:ai |deepfake )?detection|(?:fool|beat|bypass|avoid"
            r"|get past)(?: the)? (?:ai|deep ?fake|synthetic media) (?:detectors?|detection|filters?|labels?)"
            r"|pass (?:it )?off as (?:real|genuine|authentic|not ai)|(?:post|share|upload|publish) it as (?:real|genuine"
            r"|authentic)|as if it (?:were|was) real|not (?:be )?(?:labell?ed|flagged|marked) as (?:ai|synthetic"
            r"|generated)|avoid (?:the )?(?:ai|synthetic) (?:label|tag|flag)",
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
            "endorsement + famous + !consenting",
            "speech + famous + my_business + !consenting",
            "framing + gain + third_party + !celebration",
            "gain + famous + !consenting",
        ),
        refuses=("use my boss's face to get the bank to approve the transfer", "trick grandma into wiring money"),
        allows=("swap the face in the bank's ad with our licensed spokesperson", "transfer the face from image 1 to image 2"),
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
            "wrongdoing + framing + third_party",
            "wrongdoing + framing + !self",
            "wrongdoing + third_party + !fiction + !consenting",
        ),
        refuses=("put my neighbour's face on the guy shoplifting in this cctv clip", "a fake confession video of my boss"),
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
        allows=("a funny birthday card with grandma as a superhero", "replace my face in my embarrassing yearbook photo"),
    ),
    HarmRule(
        id="harm.disclosure_removal",
        category="removing an AI-disclosure or provenance label",
        description=(
            "Removing, hiding or evading a label, watermark or credential that says media is AI-generated (a "
            "'synthetic media' label, C2PA / content credentials, SynthID) is refused, whatever the skill."
        ),
        when=("disclosure_removal",),
        refuses=("remove the 'synthetic media' label", "strip the C2PA content credentials", "erase the SynthID watermark"),
        allows=("remove the watermark from our wedding video", "remove the stock-footage logo", "add a 'made with AI' label"),
    ),
)
