"""`python -m eval.dialogues`: score conversations turn by turn through POST /api/chat, beside a
baseline that sends every turn alone to POST /api/ask.

Metrics are the evaluation's own (eval/metrics.py): section hit@3 on answerable turns, expected facts,
and for turns without an answer whether Dafu declined (abstained, or asked the user to be specific).
`must_not_cite` counts turns citing a reply the turn excludes (the old scope after a topic switch,
the contrasted agency, the narrowed-out replies). Dialogue format: eval/data/README.md.
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import shlex
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from eval.dataset import GoldRef, Question, reply_for_file, resolve_gold
from eval.metrics import contains_all, hit_at_k, mean

EVAL_DIR = Path(__file__).resolve().parent
ROOT = EVAL_DIR.parent
DEFAULT_DIALOGUES = EVAL_DIR / "data" / "dialogues.jsonl"
DEFAULT_ARCHIVE = [ROOT / "corpus", EVAL_DIR / "data" / "replies"]
CHAT_SET = EVAL_DIR / "data" / "chat"
RESULTS = EVAL_DIR / "results" / "dialogues.md"
K = 5
KINDS = ("first", "ellipsis", "reference", "contrast", "narrowing", "switch", "unresolvable")
FOLLOW_UPS = ("ellipsis", "reference", "contrast", "narrowing")

logger = logging.getLogger(__name__)


@dataclass
class TurnScore:
    dialogue: str
    split: str
    kind: str
    answerable: bool
    hit3: float | None          # None when the turn has no gold section
    facts: bool | None          # None when nothing is expected
    declined: bool              # abstained or asked back
    asked_back: bool
    cited_forbidden: bool       # the answer quotes a reply the turn excludes
    understood_as: str = ""
    followup: str = ""


@dataclass
class Run:
    chat: list[TurnScore] = field(default_factory=list)
    alone: list[TurnScore] = field(default_factory=list)


@dataclass(frozen=True)
class DialogueSet:
    """A dialogue file over its own replies; each set is reported on its own."""

    name: str
    dialogues: Path
    archive: tuple[Path, ...]
    about: str  # how the set was written and how it may be used, for the report
    splits: tuple[str, ...] = ("test", "all")  # the tables reported, in order
    open_splits: tuple[str, ...] = ()  # the splits whose turns may be printed (`--misses`); none of a blind set

    @property
    def blind(self) -> bool:
        return not self.open_splits


def shipped_sets() -> list[DialogueSet]:
    """The tuning set (dev/test) first, then each blind set that is there (never tuned on)."""
    from eval.run import BLIND_SETS, DEV_OPEN, reply_files

    sets = [DialogueSet("main", DEFAULT_DIALOGUES, tuple(DEFAULT_ARCHIVE),
                        "the first 48 written blind to the chat code, the rest (`origin: tuning`, dev only) later by "
                        "the engineer tuning the follow-up rules, which were tuned on its dev split",
                        ("test", "dev"), ("dev",))]
    if (CHAT_SET / "dialogues.jsonl").exists():
        sets.append(DialogueSet("chat", CHAT_SET / "dialogues.jsonl", (ROOT / "corpus", CHAT_SET / "replies"),
                                "written by the chat engineer over replies of its own from six places; rules were "
                                "written from its dev misses only, never from `heldout` (every third dialogue)",
                                ("heldout", "dev"), ("dev",)))
    if (CHAT_SET / "dialogues-2.jsonl").exists():
        sets.append(DialogueSet("chat2", CHAT_SET / "dialogues-2.jsonl", (ROOT / "corpus", CHAT_SET / "replies"),
                                "a second round by the chat engineer, written before the rules it measures over four "
                                "more fictional replies (lift retrofits in two cities, e-bike charging and childcare in a "
                                "third place each); rules were written from its dev misses only, never from `heldout` "
                                "(every third dialogue, fixed before the first run)",
                                ("heldout", "dev"), ("dev",)))
    if (CHAT_SET / "dialogues-3.jsonl").exists():
        sets.append(DialogueSet("chat3", CHAT_SET / "dialogues-3.jsonl",
                                (ROOT / "corpus", EVAL_DIR / "data" / "replies", CHAT_SET / "replies"),
                                "a third round by the chat engineer in citizens' short, spoken turns, over every non-blind "
                                "reply (the Pudong replies and the chat replies together, so an \"other\" scope has more to "
                                "choose from); written before the rules it measures; its held-out third was drawn at random "
                                "before the first run and no rule is written from it",
                                ("heldout", "dev"), ("dev",)))
    for name, folder in BLIND_SETS.items():
        if not (folder / "dialogues.jsonl").exists():
            continue
        if name in DEV_OPEN:
            sets.append(DialogueSet(name, folder / "dialogues.jsonl", tuple(reply_files(folder)),
                                    "written blind over replies of its own; its dev split is open for reading and rule "
                                    "writing, its test split is not (reported as \"dev open\")",
                                    ("test", "dev"), ("dev",)))
        else:
            sets.append(DialogueSet(name, folder / "dialogues.jsonl", tuple(reply_files(folder)),
                                    "written blind over replies of its own; never used for tuning, not even its dev split"))
    return sets


def load_dialogues(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def score(answer: dict, turn: dict, dialogue: dict, replies, gold_sections: set) -> TurnScore:
    ranked = list(dict.fromkeys((c["reply_id"], c["section_id"]) for c in answer.get("citations") or []))
    quoted = {c["reply_id"] for c in answer.get("citations") or [] if c.get("in_answer")}
    forbidden = {r.reply_id for f in turn.get("must_not_cite") or [] if (r := reply_for_file(f, replies))}
    asked_back = bool(answer.get("ask_back"))
    return TurnScore(
        dialogue=dialogue["id"], split=dialogue["split"], kind=turn["kind"], answerable=bool(turn.get("answerable")),
        hit3=hit_at_k(ranked, gold_sections, 3) if gold_sections and turn.get("answerable") else None,
        facts=contains_all(answer.get("answer", ""), turn["expect"]) if turn.get("expect") else None,
        declined=bool(answer.get("abstained")) or asked_back, asked_back=asked_back,
        cited_forbidden=bool(quoted & forbidden),
        understood_as=answer.get("understood_as", ""), followup=answer.get("followup", ""),
    )


def run(client, dialogues: list[dict], replies) -> Run:
    result = Run()
    for dialogue in dialogues:
        conversation_id = None
        for number, turn in enumerate(dialogue["turns"]):
            question = Question(id=f"{dialogue['id']}.{number + 1}", question=turn["message"], type=turn["kind"],
                                answerable=bool(turn.get("answerable")),
                                gold=[GoldRef(g["file"], g.get("anchor")) for g in turn.get("gold") or []])
            gold = resolve_gold(question, replies)
            for problem in gold.problems:
                logger.warning("%s", problem)
            body = {"message": turn["message"], "k": K}
            if conversation_id:
                body["conversation_id"] = conversation_id
            chat = client.post("/api/chat", json=body).json()
            conversation_id = chat.get("conversation_id")
            alone = client.post("/api/ask", json={"question": turn["message"], "k": K}).json()
            result.chat.append(score(chat, turn, dialogue, replies, gold.sections))
            result.alone.append(score(alone, turn, dialogue, replies, gold.sections))
    return result


def summary(rows: list[TurnScore]) -> dict:
    hits = [r.hit3 for r in rows if r.hit3 is not None]
    facts = [1.0 if r.facts else 0.0 for r in rows if r.facts is not None]
    unanswerable = [r for r in rows if not r.answerable]
    return {
        "turns": len(rows), "hit3": mean(hits), "hit3_n": len(hits), "facts": mean(facts), "facts_n": len(facts),
        "declined": mean([1.0 if r.declined else 0.0 for r in unanswerable]), "declined_n": len(unanswerable),
        "answered": mean([0.0 if r.declined else 1.0 for r in rows if r.answerable]),
        "asked_back": mean([1.0 if r.asked_back else 0.0 for r in rows]),
        "forbidden": sum(r.cited_forbidden for r in rows),
        "read_as": mean([1.0 if r.followup == r.kind else 0.0 for r in rows]),
    }


def fmt(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def table(run_: Run, split: str) -> str:
    lines = ["| turns | n | read as written | hit@3 chat | hit@3 alone | facts chat | facts alone | declined when no "
             "answer, chat | alone | answered when answerable, chat | alone | quotes an excluded reply, chat | alone |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    groups = [("follow-ups (ellipsis, reference, contrast, narrowing)", FOLLOW_UPS), *[(k, (k,)) for k in KINDS],
              ("all turns", KINDS)]
    for name, kinds in groups:
        chat = summary([r for r in run_.chat if r.kind in kinds and (split == "all" or r.split == split)])
        alone = summary([r for r in run_.alone if r.kind in kinds and (split == "all" or r.split == split)])
        if not chat["turns"]:
            continue
        lines.append(
            f"| {name} | {chat['turns']} | {fmt(chat['read_as'])} | {fmt(chat['hit3'])} | {fmt(alone['hit3'])} | {fmt(chat['facts'])} | "
            f"{fmt(alone['facts'])} | {fmt(chat['declined'])} | {fmt(alone['declined'])} | {fmt(chat['answered'])} | "
            f"{fmt(alone['answered'])} | {chat['forbidden']} | {alone['forbidden']} |")
    return "\n".join(lines)


def misses(run_: Run, split: str) -> str:
    rows = []
    for r in run_.chat:
        if r.split != split and split != "all":
            continue
        problem = []
        if r.hit3 == 0.0:
            problem.append("gold not in top 3")
        if r.facts is False:
            problem.append("expected fact missing")
        if not r.answerable and not r.declined:
            problem.append("answered a turn without an answer")
        if r.kind == "unresolvable" and not r.asked_back:
            problem.append("did not ask back")
        if r.cited_forbidden:
            problem.append("cites an excluded reply")
        if problem:
            rows.append(f"| {r.dialogue} | {r.kind} → {r.followup} | {r.understood_as} | {'; '.join(problem)} |")
    if not rows:
        return ""
    return "\n".join(["| dialogue | kind → read as | understood as | miss |", "|---|---|---|---|", *rows])


def rel(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def markdown(runs: list[tuple[DialogueSet, Run, int]], command: str, seconds: float) -> str:
    lines = [
        "## Conversations: follow-up questions through `/api/chat` (issue 11)", "",
        f"`{command}` — fictional dialogues scored turn by turn through `POST /api/chat`; *alone* sends each turn's "
        "message to `POST /api/ask` without the conversation (the baseline). hit@3 is section-level over answerable "
        "turns with gold; *declined* counts abstentions and ask-backs; an excluded reply is one the turn's "
        "`must_not_cite` lists (counted when the answer quotes it); *read as written* is the share of turns whose "
        f"`followup` is the kind the dialogue gives. {datetime.now(timezone.utc):%Y-%m-%d %H:%M UTC}, {seconds:.0f} s.", "",
    ]
    for number, (dialogue_set, run_, dialogues) in enumerate(runs):
        title = "" if number == 0 else f" — {dialogue_set.name} set"
        lines += [f"{dialogue_set.name}: {dialogues} dialogues (`{rel(dialogue_set.dialogues)}`), {dialogue_set.about}.", ""]
        for split in dialogue_set.splits:
            heading = "All turns" if split == "all" else f"{split.capitalize()} split"
            lines += [f"### {heading}{title}", "", table(run_, split), ""]
    return "\n".join(lines)


KEPT = re.compile(r"<!-- kept -->.*?<!-- /kept -->", re.S)


def kept_notes(path: Path) -> str:
    """Hand-written notes of an earlier report (between <!-- kept --> markers) survive a new run:
    they record what a later run cannot reproduce, such as the first, blind run on the test split."""
    if not path.exists():
        return ""
    found = KEPT.search(path.read_text(encoding="utf-8"))
    return "\n" + found.group(0) + "\n" if found else ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.dialogues", description=__doc__.splitlines()[0])
    parser.add_argument("--dialogues", type=Path, help="a dialogue file [default: every shipped set, each over its replies]")
    parser.add_argument("--archive", type=Path, nargs="+", help="the replies of --dialogues [default: corpus/ and eval/data/replies/]")
    parser.add_argument("--split", choices=("dev", "test", "heldout", "all"), default="all")
    parser.add_argument("--set", dest="sets", nargs="+", help="only these shipped sets (main, chat, chat2, chat3, and the blind sets of eval/run.py BLIND_SETS)")
    parser.add_argument("--output", type=Path, default=RESULTS, help="Markdown report [default: eval/results/dialogues.md]")
    parser.add_argument("--misses", choices=("dev", "test", "heldout", "all"),
                        help="also print the missed turns of this split, of the sets that open it (never a blind set's, "
                             "a held-out split's or fresh's test split); all: every open split")
    parser.add_argument("--cache", type=Path,
                        help="keep each set's index in this folder and reuse it on the next run (built again "
                             "only where replies or code changed) [default: a temporary folder per run]")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)

    from fastapi.testclient import TestClient

    from service.app import create_app
    from service.engine import Engine, index_from_settings
    from service.settings import Settings

    started = time.perf_counter()
    if args.dialogues is None and args.archive is None:
        sets = [s for s in shipped_sets() if not args.sets or s.name in args.sets]
    else:
        sets = [DialogueSet(args.dialogues.stem if args.dialogues else "main", args.dialogues or DEFAULT_DIALOGUES,
                            tuple(args.archive or DEFAULT_ARCHIVE), "as given on the command line")]
    runs = []
    for dialogue_set in sets:
        dialogues = [d for d in load_dialogues(dialogue_set.dialogues) if args.split == "all" or d["split"] == args.split]
        with tempfile.TemporaryDirectory(prefix="dafu-dialogues-") as folder:
            index = args.cache / dialogue_set.name / "index" if args.cache else Path(folder) / "index"
            settings = Settings(index=index, app_db=Path(folder) / "app.sqlite")
            index_from_settings(settings, paths=list(dialogue_set.archive))
            engine = Engine.load(settings)
            with TestClient(create_app(settings, engine=engine)) as client:
                runs.append((dialogue_set, run(client, dialogues, engine.index.replies), len(dialogues)))
    command = "python -m eval.dialogues" + (" " + shlex.join(argv if argv is not None else sys.argv[1:])
                                             if (argv if argv is not None else sys.argv[1:]) else "")
    document = markdown(runs, command, time.perf_counter() - started)
    document += kept_notes(args.output)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(document + "\n", encoding="utf-8")
    print(document)
    if args.misses:  # only the splits a set opens: never a blind set's turns, a held-out split's or fresh's test split
        for dialogue_set, run_, _ in runs:
            for split in dialogue_set.open_splits:
                if args.misses in (split, "all"):
                    print(f"{dialogue_set.name} {split} misses:\n{misses(run_, split)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
