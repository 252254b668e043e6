"""Rewrites a sentence in an outlet's own wording, deterministically (a seeded random.Random):
synonyms for common words and phrases, the attribution moved ("X said Y." / "Y, X said."), the
day moved to the front or dropped, a leading "after" clause moved to the front. Names are kept.
Written for the stories dev set (CC0 1.0)."""

import re

# Each line: words or phrases that can replace one another in a news sentence ("-": drop it).
SYNONYMS = [[w if w != "-" else "" for w in line.split(" | ")] for line in """
said | stated | declared
told reporters | told journalists | said
announced | unveiled | made public
agreed | reached agreement | settled
talks | negotiations | discussions
plan | proposal | blueprint
deal | agreement | accord
cease-fire | truce | ceasefire
prison | jail
released | freed | let out
attack | assault
officials | authorities
troops | soldiers | forces
wounded | injured | hurt
more than | over | upwards of
about | roughly | some | around
after | following
several | a number of | various
urged | called on | pressed
warned | cautioned
criticised | criticized | condemned
visit | trip
country | nation
began | started | got under way
is due to | is set to | is scheduled to | is expected to
because | as | since
try to | seek to | attempt to
major | significant | big
large | big | sizeable
killed | left dead
killing | leaving dead
meeting | encounter | session
percent | per cent | pct
spokesman | spokesperson | representative
government | administration
also | additionally | -
repeatedly | consistently | again and again
called for | demanded | pressed for
hours | hrs
strikes | raids | bombardments
air strikes | air raids | airstrikes
fired | launched
leaders | heads of government
minister | secretary
news conference | press conference | briefing
protesters | demonstrators
protests | demonstrations | rallies
supporters | backers | followers
court | tribunal
ruled | decided | found
sentenced | handed a sentence
detained | arrested | held | taken into custody
explosion | blast
blast | explosion | bombing
on the outskirts of | on the edge of | outside
the border | the frontier
thousands of | many thousands of
hundreds of | scores of
later | subsequently
would | will
could | might | may
the first | the initial
statement | communique | written statement
""".strip().splitlines()]
DAYS = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
DAY = re.compile(r"(?:,? (?:late |early )?on (?:(?:the )?(?:morning|evening|night) of )?(" + DAYS + r")(?: (?:morning|evening|night))?)")


def _case_like(word, model):
    return word[:1].upper() + word[1:] if model[:1].isupper() else word


def _synonyms(rng, text, change):
    for group in SYNONYMS:
        pattern = re.compile(r"\b(" + "|".join(re.escape(w) for w in group if w) + r")\b",
                             re.IGNORECASE)

        def swap(m, group=group):
            if rng.random() > change:
                return m.group(0)
            choice = rng.choice([w for w in group if w.lower() != m.group(0).lower()] or group)
            return _case_like(choice, m.group(0)) if choice else ""
        text = pattern.sub(swap, text)
    return re.sub(r"  +", " ", text).replace(" ,", ",").replace(" .", ".")


def _lower_first(text):
    first = text.split(" ", 1)[0]
    # Keep the capital of a name or an acronym; lower a common word that opened the sentence.
    if first in ("The", "A", "An", "It", "Its", "Under", "Thousands", "Tens", "At", "Under", "Three", "Five", "Two", "Officials", "Police", "Prosecutors", "Residents", "Supporters"):
        return first.lower() + text[len(first):]
    return text


def _attribution(rng, text):
    """"X said (that) Y." -> "Y, X said." and "Y, X said." -> "X said Y.", when X is short."""
    m = re.match(r"^([^,]{3,60}?) (said|told reporters|stated) (?:that )?(.+)\.$", text)
    if m and rng.random() < 0.6:
        body = m.group(3)
        return body[0].upper() + body[1:] + ", " + _lower_first(m.group(1)) + " " + m.group(2) + "."
    m = re.match(r"^(.+), ([^,]{3,60}?) (said|told reporters|stated)\.$", text)
    if m and rng.random() < 0.6:
        who = m.group(2)
        return who[0].upper() + who[1:] + " " + m.group(3) + " " + _lower_first(m.group(1)) + "."
    return text


def _day(rng, text):
    """Moves "on Friday" to the front ("On Friday, ..."), or drops it, or leaves it."""
    m = DAY.search(text)
    if not m:
        return text
    roll = rng.random()
    if roll < 0.35:
        rest = text[:m.start()] + text[m.end():]
        return f"On {m.group(1)}, " + _lower_first(rest)
    if roll < 0.55:
        return text[:m.start()] + text[m.end():]
    return text


def _after(rng, text):
    """"A after B." -> "After B, A." when the after clause closes the sentence."""
    m = re.match(r"^(.{20,}?),? (after|following) ([^,]{15,})\.$", text)
    if m and rng.random() < 0.5:
        return m.group(2).capitalize() + " " + m.group(3) + ", " + _lower_first(m.group(1)) + "."
    return text


def sentence(rng, text, change):
    """One rewrite of a sentence; `change` is the chance that a synonym is swapped."""
    text = _after(rng, text)
    text = _day(rng, text)
    text = _attribution(rng, text)
    text = _synonyms(rng, text, change)
    return text[0].upper() + text[1:]


def title(rng, text, change):
    return _synonyms(rng, text, change)
