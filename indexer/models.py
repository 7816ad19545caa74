"""The data model shared by every step: a Reply parsed into Sections, cut into Chunks.

The CLI's --json output and the HTTP API serialise these same models, so the two cannot drift.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

# Section ids for the parts of a reply that are not numbered body sections.
HEADER_ID = "header"
INTRO_ID = "intro"
CONCLUSION_ID = "conclusion"
CLOSING_ID = "closing"


class Contact(BaseModel):
    name: str | None = None     # the person to contact; the unit when no person is named
    unit: str | None = None     # the office as written (联系单位, or 运输服务司 before a name)
    phone: str | None = None
    address: str | None = None
    postcode: str | None = None


class ReplyMeta(BaseModel):
    """Header and closing facts of one reply. Every field is optional: real files omit some."""

    agency: str | None = None
    doc_number: str | None = None
    session: str | None = None
    proposal_number: str | None = None
    proposal_kind: str | None = Field(None, description="提案 (CPPCC proposal) or 建议 (NPC suggestion)")
    proposal_title: str | None = None
    addressee: str | None = None
    date: str | None = Field(None, description="ISO date the reply was signed, e.g. 2025-05-07")
    year: int | None = None
    category: str | None = Field(None, description="办理结果 / 答复类别 as written, e.g. 解决或采纳, A, A类")
    publicity: str | None = Field(None, description="公开属性, e.g. 主动公开")
    contact: Contact = Field(default_factory=Contact)
    cc: list[str] = Field(default_factory=list)
    # Added for archives beyond one district (older indexes load with the defaults).
    resolution: str | None = Field(None, description="category normalised: A 已解决/采纳, B 正在解决/列入计划, C 留作参考")
    proposal_numbers: list[str] = Field(default_factory=list, description="every number of a combined reply, as written")
    signer: str | None = Field(None, description="签发人")
    proposers: list[str] = Field(default_factory=list, description="提案人 / 领衔代表 / 附议代表 names as written")
    reply_kind: str | None = Field(None, description="答复 (to the proposer) or 会办意见 (to the lead agency)")
    index_number: str | None = Field(None, description="索引号")
    topic: str | None = Field(None, description="主题分类")


class Section(BaseModel):
    """One node of a reply's outline. `text` is the section's own text, not its children's."""

    section_id: str
    heading: str
    path: list[str] = Field(description="headings from the top level down to this section")
    level: int = Field(description="0 for header/intro/conclusion/closing/attachments, else depth in the outline (1 = top)")
    text: str
    kind: str = Field("body", description="header, intro, body, conclusion, closing or attachment")


class Reply(BaseModel):
    reply_id: str
    title: str
    source: str = Field(description="file name the reply was read from, relative to its archive folder")
    meta: ReplyMeta
    sections: list[Section]

    def section(self, section_id: str) -> Section | None:
        return next((s for s in self.sections if s.section_id == section_id), None)


class Chunk(BaseModel):
    """A piece of one section. `start`/`end` are character offsets into that section's text."""

    chunk_id: int
    reply_id: str
    section_id: str
    path: list[str]
    start: int
    end: int
    text: str
    embed_text: str = Field(description="what is embedded and searched: title and section path + text")


class Commitment(BaseModel):
    """A promise (or a report of progress on one) found in a reply section."""

    commitment_id: int = 0
    reply_id: str
    section_id: str
    path: list[str]
    agency: str | None = None
    kind: str = Field("commitment", description="commitment (future) or progress (reported achievement)")
    text: str
    start: int
    end: int
    targets: list[str] = Field(default_factory=list, description="quantities with units, e.g. 30家")
    deadline: str | None = Field(None, description="2025, 2025-Q3, 2025-H1, 2025-12 …")
    year: int | None = None
    follows: list[int] = Field(default_factory=list, description="ids of linked earlier/later commitments")
    # Added for follow-through (older indexes load with the defaults).
    reports_on: list[int] = Field(default_factory=list, description="progress: ids of the promises in the same reply it reports on")
    objects: list[str] = Field(default_factory=list, description="what the quantities count, e.g. GID链主企业")
    programmes: list[str] = Field(default_factory=list, description="named programmes or documents, e.g. 算力浦东")
