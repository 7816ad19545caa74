"""What a conversation keeps of a turn (its state) and what resolving a message gives (a resolution)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from service.retrieve import Filters


Kind = Literal["first", "ellipsis", "reference", "contrast", "narrowing", "switch", "unresolvable"]



class Scope(BaseModel):
    """What a turn was restricted to; carried to the next turn unless the topic switches."""

    reply_ids: list[str] = Field(default_factory=list)
    agency: str | None = None
    year: int | None = None
    exclude_agencies: list[str] = Field(default_factory=list)
    nowhere: bool = Field(False, description="the turn names a place or level no reply of the archive is from: "
                                             "nothing is in scope (an empty `reply_ids` alone means no restriction)")

    def filters(self, base: Filters | None = None) -> Filters:
        """The scope on top of the filters the user chose (a user's own choice wins)."""
        base = base or Filters()
        return base.model_copy(update={
            "reply_ids": base.reply_ids or self.reply_ids or ([] if self.nowhere else None),
            "agency": base.agency or self.agency,
            "year": base.year if base.year is not None else self.year,
            "exclude_agencies": base.exclude_agencies or self.exclude_agencies or None,
        })



class CitedItem(BaseModel):
    n: int
    reply_id: str
    section_id: str
    heading: str = ""
    in_answer: bool = Field(False, description="the answer's text quoted it (the reader saw it), not only listed it "
                                               "among other sources")



class TurnState(BaseModel):
    """What a later turn may refer to: the topic, the scope, and what the answer cited."""

    topic: str
    scope: Scope = Field(default_factory=Scope)
    quoted: list[str] = Field(default_factory=list, description="reply ids quoted in the answer, in answer order")
    items: list[CitedItem] = Field(default_factory=list, description="answer sentences first, then other sources")
    names: list[str] = Field(default_factory=list, description="《…》 titles the answer quoted, in order")
    named_in: dict[str, str] = Field(default_factory=dict, description="title → the reply whose quote names it")
    pending: str | None = Field(None, description="the message Dafu asked back on, when the last turn was an ask-back")
    said: list[str] = Field(default_factory=list, description="the sentences the answer quoted, in answer order")
    said_in: list[str] = Field(default_factory=list, description="the reply each of `said` was quoted from")



class Resolution(BaseModel):
    kind: Kind
    understood_as: str = Field(description="the standalone question Dafu answers")
    query: str = Field(description="what is sent to retrieval (understood_as without the scope words)")
    topic: str
    scope: Scope = Field(default_factory=Scope)
    ask_back: str | None = Field(None, description="when set, Dafu asks this instead of answering")
    fallback_query: str | None = Field(None, description="asked when `query` finds nothing: the question naming its reply")
    note: str | None = Field(None, description="what was carried over or dropped, for the user")
    alternative: Resolution | None = Field(None, description="the other reading, answered when this one finds nothing")
    relax_last: bool = Field(False, description="asked again in fewer words (without what it asks, or in the words the "
                                                "last answer quoted) only after `alternative` finds nothing")
    about: list[str] = Field(default_factory=list, description="what the replies quoted before are about (words of their "
                                                               "proposals' titles), when the turn asks other replies the same")
    cited: list[str] = Field(default_factory=list, description="the words of the sentences the last answer quoted first, "
                                                               "when the turn asks other replies the same: what was "
                                                               "found, in words other replies on it may share")
    relaxed_from: str | None = Field(None, description="asked again in the other replies' words from this instead of "
                                                       "`query` (without a count's classifier guessed from the last answer)")
    nothing_else: str | None = Field(None, description="said instead of a bare abstention when the replies left in scope "
                                                       "have nothing: which were set aside, and any year kept")
    choices: list[str] = Field(default_factory=list, description="with an ask-back: the message asked of each thing the "
                                                                 "thread offers it, as a standalone question to pick")
    each: list[Resolution] = Field(default_factory=list, description="the same field asked of each of several replies, "
                                                                   "answered one by one and given together, labelled; "
                                                                   "`alternative` asks back when one has no answer")

