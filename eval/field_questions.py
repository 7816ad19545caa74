"""Field questions asked of every reply with a golden file: each header and closing field its golden
file fills (办理结果, 答复日期, 文号, 签发人, 联系人与电话, 抄送, 提案人, 会议届次, 答复单位), asked of that
reply by a citizen's question that names it — by its agency and proposal number, or by the topic of the
proposal — and scored by whether the answer states the golden value. The parse report checks that a
field is read; this checks that a question about it reaches it: the reply named, the field asked, the
value said.

The wordings are the field rules' author's, so they share the rules' blind spots: they test the route
from a question to a field over many replies and layouts, not citizens' phrasing (the question sets
do that). A third of each set's replies (seeded) is held out: scored apart, its misses never printed,
so that a rule written from this report can be seen to hold on replies it was not written from.
Sets: those whose parse is fully open (eval.parse_eval.parse_open_sets), each over corpus/ and its own
replies, as `python -m eval` runs them.

    python -m eval.field_questions [--sets NAME…] [--results eval/results/field-questions.md]
"""

from __future__ import annotations

import argparse
import json
import logging
import random
import re
import shlex
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from eval.parse_eval import normalise, parse_open_sets
from eval.run import ROOT, reply_files
from indexer import grammar

DEFAULT_RESULTS = Path(__file__).resolve().parent / "results" / "field-questions.md"
SEED = 20261201
HELD_OUT_SHARE = 3  # every third reply, after a seeded shuffle
# Per field, the wordings its question is asked in; {name} names the reply.
ASKS: dict[str, tuple[str, ...]] = {
    "resolution": ("{name}的办理结果是什么？", "{name}，意见被采纳了吗？"),
    "date": ("{name}是哪天答复的？", "{name}的答复日期是哪天？"),
    "doc_number": ("{name}的文号是多少？", "{name}的发文字号是什么？"),
    "signer": ("{name}是谁签发的？", "{name}的签发人是谁？"),
    "phone": ("{name}的联系电话是多少？", "{name}，有问题打什么电话？"),
    "contact": ("{name}的联系人是谁？",),
    "cc": ("{name}抄送给了哪些单位？",),
    "proposer": ("{name}是谁提的？", "{name}是哪位代表或委员提出的？"),
    "session": ("{name}是在哪次会议上提出的？",),
    "agency": ("{name}是哪个部门答复的？",),
}


@dataclass
class Question:
    reply: str
    field: str
    text: str
    expected: str
    held_out: bool


@dataclass
class Tally:
    asked: int = 0
    right: int = 0
    misses: list[str] = field(default_factory=list)


def topic(title: str | None) -> str | None:
    """The proposal's subject as a citizen names it: 《关于加快老年助餐服务的提案》 → 加快老年助餐服务."""
    if not title:
        return None
    found = re.search(r"关于(.{4,40}?)的(?:提案|建议|议案)", title)
    return found.group(1) if found else None


def names(meta: dict, parsed_title: str | None) -> list[str]:
    """The ways a question may name the reply: agency and number, and the proposal's topic."""
    kind = meta.get("proposal_kind") or "提案"
    found = []
    if meta.get("agency") and meta.get("proposal_numbers"):
        found.append(f"{meta['agency']}对第{meta['proposal_numbers'][0]}号{kind}的答复")
    if subject := topic(parsed_title):
        found.append(f"关于{subject}的那份{kind}答复")
    return found


def expected_values(meta: dict) -> dict[str, str]:
    contact = meta.get("contact") or {}
    values = {"resolution": meta.get("resolution"), "date": meta.get("date"), "doc_number": meta.get("doc_number"),
              "signer": meta.get("signer"), "phone": contact.get("phone"), "contact": contact.get("name"),
              "cc": (meta.get("cc") or [None])[0], "proposer": (meta.get("proposers") or [None])[0],
              "session": meta.get("session"), "agency": meta.get("agency")}
    return {name: value for name, value in values.items() if value}


def questions(folder: Path, parsed_titles: dict[str, str | None]) -> list[Question]:
    goldens = sorted(folder.glob("*.golden.json"))
    order = [g.name.removesuffix(".golden.json") for g in goldens]
    random.Random(f"{SEED}-{folder.name}").shuffle(order)
    held_out = set(order[::HELD_OUT_SHARE])
    rng = random.Random(SEED)
    asked = []
    for golden in goldens:
        reply = golden.name.removesuffix(".golden.json")
        meta = json.loads(golden.read_text(encoding="utf-8"))["meta"]
        ways = names(meta, parsed_titles.get(reply))
        for name, value in expected_values(meta).items():
            # An agency question must not name the agency it asks for: it names the topic.
            usable = [w for w in ways if not (name == "agency" and meta["agency"] in w)]
            if not usable:
                continue
            wording = rng.choice(ASKS[name])
            asked.append(Question(reply, name, wording.format(name=rng.choice(usable)), value, reply in held_out))
    return asked


def states(answer_text: str, question: Question) -> bool:
    """Does the answer state the golden value? Dates in any writing, a result by its class letter, any other
    value as the parse report compares it (eval.parse_eval.normalise: spacing and punctuation do not count)."""
    if question.field == "date":
        return question.expected in grammar.find_dates(answer_text)
    if question.field == "resolution":
        return any(grammar.resolution(part) == question.expected
                   for part in re.split(r"[：:\s，。（）()]", answer_text) if part)
    return normalise(question.expected) in (normalise(answer_text) or "")


def run_set(folder: Path) -> tuple[dict[str, Tally], dict[str, Tally]]:
    from service.engine import Engine, index_from_settings
    from service.settings import Settings

    with tempfile.TemporaryDirectory(prefix="dafu-field-questions-") as scratch:
        settings = Settings(index=Path(scratch) / "index", app_db=Path(scratch) / "app.sqlite")
        index_from_settings(settings, paths=[ROOT / "corpus", *reply_files(folder)])
        engine = Engine.load(settings)
        titles = {Path(r.source).name.rsplit(".", 1)[0]: r.meta.proposal_title for r in engine.index.replies.values()}
        opened: dict[str, Tally] = {}
        held: dict[str, Tally] = {}
        for question in questions(folder, titles):
            answer = engine.ask(question.text)
            text = "" if answer.abstained else answer.answer + "\n" + "".join(s.text for s in answer.sentences)
            tally = (held if question.held_out else opened).setdefault(question.field, Tally())
            tally.asked += 1
            if states(text, question):
                tally.right += 1
            elif not question.held_out:
                said = "abstained" if answer.abstained else re.sub(r"\s+", " ", text)[:90]
                tally.misses.append(f"{question.reply}: {question.text} — expected {question.expected}; {said}")
        return opened, held


def table(results: dict[str, tuple[dict[str, Tally], dict[str, Tally]]]) -> str:
    fields = list(ASKS)
    lines = ["| set | part | " + " | ".join(fields) + " | all |", "|---|---|" + "---|" * (len(fields) + 1)]
    for name, parts in results.items():
        for label, tallies in zip(("rule-writing two thirds", "held-out third"), parts):
            cells = [f"{t.right}/{t.asked}" if (t := tallies.get(f)) else "–" for f in fields]
            right, asked = sum(t.right for t in tallies.values()), sum(t.asked for t in tallies.values())
            lines.append(f"| {name} | {label} | " + " | ".join(cells) + f" | {right}/{asked} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.field_questions", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sets", nargs="+", help="folder names of the sets to run [default: every fully opened set]")
    parser.add_argument("--results", type=Path, default=DEFAULT_RESULTS, help="Markdown report [default: %(default)s]")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    folders = [f for f in parse_open_sets() if not args.sets or f.name in args.sets]
    started = time.perf_counter()
    results = {}
    for folder in folders:
        results[folder.name] = run_set(folder)
        print(f"{folder.name}: done", file=sys.stderr)
    command = "python -m eval.field_questions" + ("" if not (argv or sys.argv[1:]) else " " + shlex.join(argv or sys.argv[1:]))
    misses = "\n".join(f"- {miss}" for opened, _ in results.values() for t in opened.values() for miss in t.misses)
    document = (f"# Field questions: from a question to a reply's field\n\n`{command}` — {time.strftime('%Y-%m-%d')}, "
                f"{time.perf_counter() - started:.0f} s. Each cell: answers stating the golden value / questions asked "
                f"(see the module's docstring for what is asked and how).\n\n{table(results)}\n\n"
                f"## Misses of the rule-writing two thirds\n\n{misses or '(none)'}\n")
    args.results.parent.mkdir(parents=True, exist_ok=True)
    args.results.write_text(document, encoding="utf-8")
    print(document)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
