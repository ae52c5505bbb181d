"""The reporting-cue lexicon: which verb lemmas introduce what someone said, thinks or wants, and how.

What it does: lists the lemmas that ``helpers.claims`` treats as attribution cues, grouped by the
grammatical slot that carries the content (a clause, an infinitive, a direct object, or an object plus a
predicate for naming verbs such as "call X 'illegitimate'"). Every set is a plain frozenset so a caller can
extend it (``SPEECH_VERBS | {"opine"}``).

What it does not do: look at any text. Choosing the speaker and the content span is ``helpers.claims``'s job.
"""
from __future__ import annotations

# verbs whose clausal complement (ccomp: "said that ...", or the clause they interrupt: "..., he said")
# is the content: speech, writing, and reported thoughts and beliefs
SPEECH_VERBS: frozenset[str] = frozenset("""
say tell add note insist indicate claim argue warn explain state announce report write tweet post
suggest acknowledge admit declare assert contend maintain stress emphasize emphasise predict confirm recall
complain allege concede reveal conclude testify signal hint mention observe remark joke quip boast brag
lament caution assure reiterate repeat retort counter charge reply respond answer ask agree deny promise
vow pledge threaten proclaim affirm disclose inform advise notify remind reckon speculate theorize
believe think feel fear hope expect know guess suspect worry estimate find show doubt wonder
imply acknowledge accuse blame criticize criticise propose recommend demand urge contend insinuate
predict project forecast calculate figure assume presume bet realize realise learn hear read
decide determine rule order direct instruct declare grumble scream shout yell cry whisper mutter exclaim
promise guarantee swear certify attest concur dispute disagree question challenge reason speculate
acknowledge recognize recognise admit confess convince persuade caution protest object urge
""".split())

# verbs whose infinitive complement (xcomp: "promised to end the war", "urged X to act") is the content
INFINITIVE_VERBS: frozenset[str] = frozenset("""
promise vow pledge threaten urge push ask tell call press pressure encourage advise warn order demand
propose request beg implore instruct direct want seek decline refuse offer hope plan aim
seem appear vow prefer
""".split())

# verbs whose direct object (dobj: "rejected the idea") is the content
OBJECT_VERBS: frozenset[str] = frozenset("""
reject deny dismiss criticize criticise condemn denounce praise announce propose demand confirm acknowledge
admit question dispute endorse predict promise pledge vow blast slam decry accuse blame claim report reveal
support oppose back defend welcome applaud hail laud lambaste rebuke refute rebut deride mock ridicule
disclose concede allege call describe label dub brand characterize characterise term urge recommend
discuss express release consider attack name tout highlight thank view list compare ignore
advocate prefer promote reference accept voice approve favor favour portray identify issue share
outline invoke congratulate assail chide bemoan disavow liken mention cite want emphasize emphasise
stress blast question tweet retweet publish acknowledge regret lament cite credit
""".split())

# verbs whose content is the object of a preposition ("talked about the economy", "pointed to the polls")
PREPOSITION_VERBS: dict[str, frozenset[str]] = {
    "talk": frozenset({"about", "of"}), "speak": frozenset({"about", "of", "on"}), "point": frozenset({"to"}),
    "refer": frozenset({"to"}), "focus": frozenset({"on"}), "comment": frozenset({"on", "about"}),
    "rail": frozenset({"against"}), "vote": frozenset({"for", "against"}), "lash": frozenset({"at"}),
    "allude": frozenset({"to"}), "vouch": frozenset({"for"}), "weigh": frozenset({"in", "on"}),
    "complain": frozenset({"about", "of"}), "warn": frozenset({"of", "about", "against"}),
    "argue": frozenset({"for", "against"}), "call": frozenset({"for"}), "push": frozenset({"for"}),
    "press": frozenset({"for"}), "ask": frozenset({"for", "about"}), "advocate": frozenset({"for"}),
    "campaign": frozenset({"for", "against", "on"}), "insist": frozenset({"on"}), "testify": frozenset({"about", "on"}),
    "write": frozenset({"about", "of"}), "tweet": frozenset({"about"}), "joke": frozenset({"about"}),
    "worry": frozenset({"about"}), "care": frozenset({"about"}), "boast": frozenset({"about", "of"}),
    "brag": frozenset({"about", "of"}), "apologize": frozenset({"for"}), "blame": frozenset({"for", "on"}),
    "criticize": frozenset({"for"}), "praise": frozenset({"for"}), "thank": frozenset({"for"}),
    "agree": frozenset({"with", "on"}), "disagree": frozenset({"with", "on"}), "object": frozenset({"to"}),
    "respond": frozenset({"to"}), "react": frozenset({"to"}), "reply": frozenset({"to"}),
}

# naming verbs: the object plus its predicate ("calling Zelensky 'illegitimate'", "described him as ...")
NAMING_VERBS: frozenset[str] = frozenset("call label dub brand describe characterize characterise term name".split())

# verbs that introduce a quotation but carry no content of their own ("He continued: ...", "the sign read")
QUOTE_VERBS: frozenset[str] = frozenset("""
continue echo read begin finish interrupt chime quote cite put recount muse opine text email shout scream
yell cry whisper mutter exclaim sing chant write tweet post reply answer respond say tell add note
""".split())

# Dropped after measuring on PolNeAR train (fewer than a third of their predictions matched an annotated
# attribution): invite target understand attempt embrace intend celebrate unveil wish see deliver.

# evidential verbs: "X seems to ..." is the writer's judgement about X, so they get no speaker
IMPERSONAL_VERBS: frozenset[str] = frozenset({"seem", "appear"})

# passive verbs that report an unnamed source's view of the subject: "Trump is expected to win", "is said to be"
PASSIVE_EVIDENTIAL_VERBS: frozenset[str] = frozenset(
    "expect consider believe think say report know rumor rumour understand suppose view see predict project".split())

# cue verbs that are too common to count without a clausal or quoted complement
WEAK_VERBS: frozenset[str] = frozenset("""
know find show learn hear read feel decide determine rule order direct expect want plan
agree call ask tell push welcome name term
""".split())

# verbs of speaking or quoting: a speaker-less one can still take a speaker from context
SPEAKING_VERBS: frozenset[str] = SPEECH_VERBS | QUOTE_VERBS

# personal pronouns that can be speakers and must be resolved to an actor
PRONOUNS: dict[str, str] = {
    "he": "person", "him": "person", "she": "person", "her": "person",
    "they": "any", "them": "any", "it": "group", "we": "any", "i": "any",
}


def is_cue_lemma(lemma: str) -> bool:
    """Return True when ``lemma`` is any kind of reporting cue."""
    lemma = lemma.lower()
    return (lemma in SPEECH_VERBS or lemma in INFINITIVE_VERBS or lemma in OBJECT_VERBS or lemma in QUOTE_VERBS
            or lemma in PREPOSITION_VERBS or lemma in PASSIVE_EVIDENTIAL_VERBS)
