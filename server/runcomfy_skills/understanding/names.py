"""Someone named in a request, read from the text as written (everything else is read case-folded).

"make Jessica's photo sexy", "a video of Mark Chen", "swap Dana into ...": a capitalised name in the
middle of a sentence is a real person the asker names. Names in scripts without case are not seen
here; the concepts of people.yaml (relations, roles, public figures) cover those.
"""

from __future__ import annotations

import re

# Capitalised words that end in 's but are not people ("Valentine's", "Mother's Day").
_NOT_NAMES = (r"(?:Valentine|Mother|Father|Mom|Mum|Dad|Grandma|Grandpa|New|April|World|Women|Men|Children|St|Saint"
              r"|Today|Tomorrow|Yesterday|President|God|Nature|Halloween|Christmas|Easter)(?:'s|’s|')")
_NAME = re.compile(
    rf"(?<=[a-z,;:] )(?!{_NOT_NAMES})[A-Z][a-z]+(?: [A-Z][a-z]+)*(?:'s|’s|')(?= )"
    r"|(?:(?<=\bof )|(?<=\bwith )|(?<=\bfeaturing )|(?<=\bstarring ))[A-Z][a-z]+ [A-Z][a-z]+"
    r"|(?:(?<=[Ss]wap )|(?<=[Mm]ake )|(?<=[Pp]ut )|(?<=[Ss]how )|(?<=[Tt]urn )|(?<=[Hh]ave ))[A-Z][a-z]+"
    r"(?= (?:from|look|into|in|on|with|as|appear|naked|nude|doing|getting|being|is|was) )"
)


def names_someone(text: str) -> bool:
    """Whether the text names a person by a capitalised name (linear: one pass of one pattern)."""
    return _NAME.search(text) is not None
