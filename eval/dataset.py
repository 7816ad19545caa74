"""The question file and its gold: each {file, anchor} becomes a (reply id, section id) key.

Gold names a file and a verbatim anchor string rather than a section id, so the question set
survives changes to how sections are numbered: the section is found again on every run as the one
whose text contains the anchor, in the reply read from that file.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from indexer.models import Reply

QUESTION_TYPES = ("fact", "number", "commitment", "metadata", "field", "agency", "multi", "unanswerable_domain",
                  "unanswerable_offtopic")
SPLITS = ("dev", "test")


class QuestionFileError(ValueError):
    """The question file cannot be used; the message names the line and what is wrong."""


@dataclass(frozen=True)
class GoldRef:
    file: str
    anchor: str | None = None


@dataclass
class Question:
    id: str
    question: str
    type: str
    answerable: bool
    gold: list[GoldRef] = field(default_factory=list)
    expect: list[str] = field(default_factory=list)
    split: str = "test"
    filters: dict = field(default_factory=dict)


@dataclass
class ResolvedGold:
    """Gold keys of one question; `problems` lists anchors or files that could not be found."""

    replies: set[str] = field(default_factory=set)
    sections: set[tuple[str, str]] = field(default_factory=set)
    problems: list[str] = field(default_factory=list)


def load_questions(path: Path) -> list[Question]:
    questions: list[Question] = []
    seen: set[str] = set()
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                gold = [GoldRef(file=g["file"], anchor=g.get("anchor") or None) for g in row.get("gold") or []]
                question = Question(
                    id=str(row["id"]), question=row["question"], type=row.get("type", "fact"),
                    answerable=bool(row.get("answerable", bool(gold))), gold=gold,
                    expect=list(row.get("expect") or []), split=row.get("split", "test"),
                    filters=dict(row.get("filters") or {}),
                )
            except (json.JSONDecodeError, KeyError, TypeError) as error:
                raise QuestionFileError(f"{path}:{number}: not a question line ({error})") from error
            if question.answerable and not question.gold:
                raise QuestionFileError(f"{path}:{number}: answerable question {question.id} has no gold")
            if question.id in seen:
                raise QuestionFileError(f"{path}:{number}: duplicate id {question.id}")
            seen.add(question.id)
            questions.append(question)
    if not questions:
        raise QuestionFileError(f"{path}: no questions")
    return questions


def select_split(questions: list[Question], split: str) -> list[Question]:
    return questions if split == "all" else [q for q in questions if q.split == split]


_SPACE = re.compile(r"\s+")


def _compact(text: str) -> str:
    # The parser drops markdown bold, rejoins lines cut by page breaks and folds full-width digits and letters;
    # an anchor copied from the raw file must still match, so spacing, ** and width are ignored as a fallback.
    return _SPACE.sub("", unicodedata.normalize("NFKC", text)).replace("**", "")


def reply_for_file(file: str, replies: dict[str, Reply]) -> Reply | None:
    exact = [r for r in replies.values() if r.source == file]
    if exact:
        return exact[0]
    name = PurePosixPath(file).name
    by_name = [r for r in replies.values() if PurePosixPath(r.source).name == name]
    return by_name[0] if len(by_name) == 1 else None


def find_section(reply: Reply, anchor: str) -> list[str]:
    """Ids of the sections of `reply` whose text contains `anchor` (exactly, else as the reader cleans a reply's
    text: full-width digits, a label in brackets 【答复类型】B类 read as 答复类型：B类; else ignoring spacing)."""
    from indexer.parse import clean_text

    for form in dict.fromkeys((anchor, clean_text(anchor))):
        exact = [s.section_id for s in reply.sections if form in s.text]
        if exact:
            return exact
    for compact in dict.fromkeys((_compact(anchor), _compact(clean_text(anchor)))):
        found = [s.section_id for s in reply.sections if compact and compact in _compact(s.text)]
        if found:
            return found
    return []


def resolve_gold(question: Question, replies: dict[str, Reply]) -> ResolvedGold:
    resolved = ResolvedGold()
    for ref in question.gold:
        reply = reply_for_file(ref.file, replies)
        if reply is None:
            resolved.problems.append(f"{question.id}: no indexed reply was read from {ref.file!r}")
            continue
        resolved.replies.add(reply.reply_id)
        if ref.anchor is None:
            continue  # reply-level gold only
        sections = find_section(reply, ref.anchor)
        if not sections:
            resolved.problems.append(f"{question.id}: anchor {ref.anchor!r} is in no section of {ref.file}")
            continue
        if len(sections) > 1:
            resolved.problems.append(
                f"{question.id}: anchor {ref.anchor!r} occurs in sections {sections} of {ref.file}; using {sections[0]}"
            )
        resolved.sections.add((reply.reply_id, sections[0]))
    return resolved
