"""Commitment extraction measured against hand labels: span precision/recall/F1, kind accuracy and
field accuracy (targets, deadline). `eval/run.py` calls `evaluate_commitments` and
`commitments_markdown`; `python -m eval.commitments` runs it alone on corpus/ + eval/data/replies/.

Matching rule. Spans are compared inside one reply (a label's `file` is the reply's `source`), after
removing all whitespace and markdown `**` (the real reply has "17 家" and bold headings; labels
drop both). Each span is located in the reply's compacted text; a predicted and a gold span match
when their character intervals have IoU ≥ 0.5 (intersection over union), which accepts a span cut
at a ，or missing its closing 。 but not a neighbouring sentence. A gold span that cannot be found in
the reply is compared by text instead (matched characters / union, difflib) and listed under
`problems`. Pairs are matched one-to-one, best IoU first. Only replies named in the labels are
scored, so an index holding other replies (test fixtures) does not count against precision. Span P/R ignore the kind; `by_kind` gives
the same measures requiring the kind to agree too.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from difflib import SequenceMatcher
from pathlib import Path

from dataclasses import dataclass

from eval.dataset import reply_for_file
from indexer.commitments import extract_archive_commitments
from indexer.models import Commitment, Reply
from indexer.parse import parse_reply
from indexer.read import find_files, read_source
from indexer.store import LoadedIndex

ROOT = Path(__file__).resolve().parent.parent
LABELS = Path(__file__).resolve().parent / "data" / "commitments.jsonl"
HELD_OUT = Path(__file__).resolve().parent / "data" / "heldout"
KINDS = ("commitment", "progress")
MIN_IOU = 0.5
_SPACE = re.compile(r"\s+")


class LabelFileError(ValueError):
    """The label file cannot be used; the message names the line and what is wrong."""


def compact(text: str) -> str:
    return _SPACE.sub("", text).replace("**", "")


def normalise_target(target: str) -> str:
    return compact(target).replace("％", "%")


def load_labels(path: Path) -> list[dict]:
    labels = []
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                label = json.loads(line)
            except json.JSONDecodeError as error:
                raise LabelFileError(f"{path}:{number}: not JSON ({error})") from error
            for key in ("file", "kind", "span"):
                if not label.get(key):
                    raise LabelFileError(f"{path}:{number}: missing {key!r}")
            if label["kind"] not in KINDS:
                raise LabelFileError(f"{path}:{number}: kind must be one of {KINDS}, not {label['kind']!r}")
            label.setdefault("targets", [])
            label.setdefault("deadline", None)
            label["line"] = number
            labels.append(label)
    return labels


def _reply_text(reply: Reply) -> str:
    return "|".join(compact(s.text) for s in reply.sections)


def _interval(span: str, text: str) -> tuple[int, int] | None:
    at = text.find(span)
    return (at, at + len(span)) if at >= 0 and span else None


def _iou(a: tuple[int, int], b: tuple[int, int]) -> float:
    inter = max(0, min(a[1], b[1]) - max(a[0], b[0]))
    union = max(a[1], b[1]) - min(a[0], b[0])
    return inter / union if union else 0.0


def _text_iou(a: str, b: str) -> float:
    matched = sum(block.size for block in SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks())
    union = len(a) + len(b) - matched
    return matched / union if union else 0.0


def _ratio(numerator: int, denominator: int) -> float | None:
    return round(numerator / denominator, 4) if denominator else None


def _f1(precision: float | None, recall: float | None) -> float | None:
    if not precision or not recall:
        return 0.0 if precision is not None and recall is not None else None
    return round(2 * precision * recall / (precision + recall), 4)


def _match(golds: list[dict], preds: list[Commitment], text: str) -> list[tuple[int, int, float]]:
    """One-to-one (gold index, pred index, IoU) pairs with IoU ≥ MIN_IOU, best first."""
    pred_spans = [compact(p.text) for p in preds]
    pred_intervals = [_interval(s, text) for s in pred_spans]
    candidates = []
    for g, gold in enumerate(golds):
        gold_span = compact(gold["span"])
        gold_interval = _interval(gold_span, text)
        for p, pred_interval in enumerate(pred_intervals):
            if gold_interval and pred_interval:
                iou = _iou(gold_interval, pred_interval)
            else:
                iou = _text_iou(gold_span, pred_spans[p])
            if iou >= MIN_IOU:
                candidates.append((iou, g, p))
    pairs, used_gold, used_pred = [], set(), set()
    for iou, g, p in sorted(candidates, key=lambda c: -c[0]):
        if g not in used_gold and p not in used_pred:
            pairs.append((g, p, iou))
            used_gold.add(g)
            used_pred.add(p)
    return pairs


@dataclass
class ExtractedArchive:
    """What scoring needs from an index (replies and their commitments), without embedding anything."""

    replies: dict[str, Reply]
    commitments: list[Commitment]


def extract_folders(folders: list[Path]) -> ExtractedArchive:
    """Parse and extract folders of replies as `dafu index` would, for scoring extraction alone."""
    replies = [parse_reply(read_source(path, name).text, name) for folder in folders for path, name in find_files(folder)]
    return ExtractedArchive({r.reply_id: r for r in replies}, extract_archive_commitments(replies))


def evaluate_commitments(index: LoadedIndex | ExtractedArchive, labels_path: Path) -> dict:
    """Score the index's commitments against the labels; only replies named in the labels count."""
    labels = load_labels(labels_path)
    problems: list[str] = []
    golds_by_reply: dict[str, list[dict]] = {}
    for label in labels:
        reply = reply_for_file(label["file"], index.replies)
        if reply is None:
            problems.append(f"line {label['line']}: no indexed reply from file {label['file']!r}")
            continue
        if _interval(compact(label["span"]), _reply_text(reply)) is None:
            problems.append(f"line {label['line']}: span not found verbatim in {label['file']} (compared by text)")
        golds_by_reply.setdefault(reply.reply_id, []).append(label)

    preds_by_reply: dict[str, list[Commitment]] = {}
    for commitment in index.commitments:
        if commitment.reply_id in golds_by_reply:
            preds_by_reply.setdefault(commitment.reply_id, []).append(commitment)

    matched, false_positives, misses = [], [], []
    for reply_id in sorted(set(golds_by_reply) | set(preds_by_reply)):
        reply = index.replies[reply_id]
        golds, preds = golds_by_reply.get(reply_id, []), preds_by_reply.get(reply_id, [])
        pairs = _match(golds, preds, _reply_text(reply))
        for g, p, iou in pairs:
            matched.append((golds[g], preds[p], iou))
        hit_gold, hit_pred = {g for g, _, _ in pairs}, {p for _, p, _ in pairs}
        misses += [golds[g] for g in range(len(golds)) if g not in hit_gold]
        false_positives += [preds[p] for p in range(len(preds)) if p not in hit_pred]

    n_pred = sum(len(v) for v in preds_by_reply.values())
    n_gold = sum(len(v) for v in golds_by_reply.values())
    precision, recall = _ratio(len(matched), n_pred), _ratio(len(matched), n_gold)

    by_kind = {}
    for kind in KINDS:
        tp = sum(1 for gold, pred, _ in matched if gold["kind"] == kind and pred.kind == kind)
        kp = sum(1 for v in preds_by_reply.values() for c in v if c.kind == kind)
        kg = sum(1 for v in golds_by_reply.values() for g in v if g["kind"] == kind)
        p, r = _ratio(tp, kp), _ratio(tp, kg)
        by_kind[kind] = {"gold": kg, "predicted": kp, "matched": tp, "precision": p, "recall": r, "f1": _f1(p, r)}

    kind_ok = [gold["kind"] == pred.kind for gold, pred, _ in matched]
    targets_ok = [{normalise_target(t) for t in gold["targets"]} == {normalise_target(t) for t in pred.targets}
                  for gold, pred, _ in matched]
    deadline_ok = [(gold["deadline"] or None) == (pred.deadline or None) for gold, pred, _ in matched]

    def brief(gold: dict | None = None, pred: Commitment | None = None) -> dict:
        item = {}
        if gold is not None:
            item.update(file=gold["file"], gold_kind=gold["kind"], span=gold["span"],
                        gold_targets=gold["targets"], gold_deadline=gold["deadline"])
        if pred is not None:
            item.update(reply_id=pred.reply_id, section_id=pred.section_id, kind=pred.kind, text=pred.text,
                        targets=pred.targets, deadline=pred.deadline)
        return item

    return {
        "labels": str(labels_path),
        "match_rule": f"same reply; character IoU ≥ {MIN_IOU} after removing whitespace and **; one-to-one, best first",
        "gold": n_gold,
        "predicted": n_pred,
        "matched": len(matched),
        "precision": precision,
        "recall": recall,
        "f1": _f1(precision, recall),
        "by_kind": by_kind,
        "kind_accuracy": _ratio(sum(kind_ok), len(kind_ok)),
        "targets_accuracy": _ratio(sum(targets_ok), len(targets_ok)),
        "deadline_accuracy": _ratio(sum(deadline_ok), len(deadline_ok)),
        "false_positives": [brief(pred=p) for p in false_positives],
        "missed": [brief(gold=g) for g in misses],
        "field_errors": [
            brief(gold, pred) for (gold, pred, _), k, t, d in zip(matched, kind_ok, targets_ok, deadline_ok)
            if not (k and t and d)
        ],
        "problems": problems,
    }


def _fmt(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


def commitments_markdown(result: dict, held_out: bool = False) -> str:
    """The result as a markdown section body (eval/report.py adds the heading)."""
    caveat = (
        "These replies and labels were written after the rules, by someone who had not seen them, and the "
        "rules were not changed after this measurement: the figures estimate accuracy on unseen replies."
        if held_out else
        "The extraction rules (indexer/commitments.py) were written with this labelled set in view, so "
        "these figures overstate accuracy on unseen replies; see the held-out set for that."
    )
    lines = [
        f"Labels: `{Path(result['labels']).name}` — {result['gold']} gold spans; {result['predicted']} predicted "
        f"in the labelled replies. Match: {result['match_rule']}.",
        "",
        caveat,
        "",
        "| measure | value |",
        "|---|---|",
        f"| span precision | {_fmt(result['precision'])} ({result['matched']}/{result['predicted']}) |",
        f"| span recall | {_fmt(result['recall'])} ({result['matched']}/{result['gold']}) |",
        f"| span F1 | {_fmt(result['f1'])} |",
        f"| kind accuracy (matched pairs) | {_fmt(result['kind_accuracy'])} |",
        f"| targets accuracy (set equality, matched pairs) | {_fmt(result['targets_accuracy'])} |",
        f"| deadline accuracy (exact, matched pairs) | {_fmt(result['deadline_accuracy'])} |",
        "",
        "| kind | gold | predicted | matched | precision | recall | F1 |",
        "|---|---|---|---|---|---|---|",
    ]
    for kind, m in result["by_kind"].items():
        lines.append(f"| {kind} | {m['gold']} | {m['predicted']} | {m['matched']} | {_fmt(m['precision'])} | "
                     f"{_fmt(m['recall'])} | {_fmt(m['f1'])} |")
    if result["false_positives"]:
        lines += ["", "False positives (predicted, not labelled):", ""]
        lines += [f"- [{p['kind']}] {p['reply_id']} §{p['section_id']}: {p['text'][:60]}…" for p in result["false_positives"]]
    if result["missed"]:
        lines += ["", "Missed (labelled, not predicted):", ""]
        lines += [f"- [{g['gold_kind']}] {g['file']}: {g['span'][:60]}…" for g in result["missed"]]
    if result["field_errors"]:
        lines += ["", "Field errors on matched spans (gold → predicted):", ""]
        for e in result["field_errors"]:
            parts = []
            if e["gold_kind"] != e["kind"]:
                parts.append(f"kind {e['gold_kind']} → {e['kind']}")
            if {normalise_target(t) for t in e["gold_targets"]} != {normalise_target(t) for t in e["targets"]}:
                parts.append(f"targets {e['gold_targets']} → {e['targets']}")
            if (e["gold_deadline"] or None) != (e["deadline"] or None):
                parts.append(f"deadline {e['gold_deadline']} → {e['deadline']}")
            lines.append(f"- {e['file']}: {e['span'][:40]}… — {'; '.join(parts)}")
    if result["problems"]:
        lines += ["", "Label problems:", ""] + [f"- {p}" for p in result["problems"]]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.commitments", description=__doc__.split("\n")[0])
    parser.add_argument("--labels", type=Path, default=LABELS)
    parser.add_argument("--index", type=Path, help="an existing index of the labelled replies")
    parser.add_argument("--archive", type=Path, nargs="+", default=[ROOT / "corpus", ROOT / "eval" / "data" / "replies"],
                        help="folders to parse and extract when no --index is given (nothing is embedded)")
    parser.add_argument("--held-out", action="store_true", help="the labels were written without seeing the rules")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    args = parser.parse_args(argv)

    if args.index:
        from indexer.store import open_index

        archive: LoadedIndex | ExtractedArchive = open_index(args.index)
    else:
        archive = extract_folders(args.archive)
    result = evaluate_commitments(archive, args.labels)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        print("## Commitment extraction\n\n" + commitments_markdown(result, held_out=args.held_out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
