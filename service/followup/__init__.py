"""Follow-up questions in a conversation, resolved by rules of Chinese discourse (no language model).

A follow-up leans on the previous turn: ellipsis ("那联系电话呢？"), reference ("这些什么时候完成？",
"这份答复", "第二条"), contrast ("其他部门呢？", "那区教育局呢？"), narrowing ("只看2024年的"). The
resolver turns it into a standalone question (`understood_as`) and a scope (replies, agency, year,
agencies left out) that retrieval applies as filters. A new standalone question is a topic switch
and inherits nothing; a follow-up with nothing to lean on asks the user to be specific.

One module per job: `state` (what a turn keeps), `language` (the patterns a message is read with),
`form` (a message's cues), `scope` (agencies, places, levels, years as filters), `wording` (the standalone
question), `ask_back` (when the thread cannot resolve a turn), one module per kind (`ellipsis`, `reference`,
`items`, `contrast`, `narrowing`), and `resolver` (the decision between them).
"""

from service.followup.form import Cues
from service.followup.language import (
    ASPECT_WORDS, FIELD_WORDS, _without_modal, asking_words, is_evaluation, is_predicate, plain_message, word_pieces,
)
from service.followup.resolver import FollowupResolver
from service.followup.state import CitedItem, Kind, Resolution, Scope, TurnState
from service.followup.wording import plain_agency, reply_label, with_stated_unit, without_guessed_count

__all__ = [
    "ASPECT_WORDS",
    "CitedItem",
    "Cues",
    "FIELD_WORDS",
    "FollowupResolver",
    "Kind",
    "Resolution",
    "Scope",
    "TurnState",
    "_without_modal",
    "asking_words",
    "is_evaluation",
    "is_predicate",
    "plain_agency",
    "plain_message",
    "reply_label",
    "with_stated_unit",
    "without_guessed_count",
    "word_pieces",
]
