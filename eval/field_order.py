"""Header and closing fields in every order: each non-blind .txt reply with a golden file, its header
lines shuffled and its closing lines shuffled, then parsed and scored field by field against its
golden file (eval/parse_eval.py). Places write the same fields in their own order: the document number
first or last, the agency above or below it, 办理结果 and 公开属性 above the title or after the date,
the contact above or below the signature. A field read only in the order the fixtures use is a rule
written for a fixture.

The header variants shuffle the lines above the title (agency, document number, fields) and put the
title among them or below them; the closing variants shuffle the lines after the date (contact, cc,
fields), put some above the signature, and move header fields to the end, as layouts that print them
last do; the joined variants set the header's fields on one line, apart by wide gaps (办理结果：A　　签发人：…).
The signature stays right above its date. Seeded: the same run gives the same orders.

    python -m eval.field_order [--orders N] [--results eval/results/field-order.md]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from dataclasses import dataclass, field
from pathlib import Path

from eval.parse_eval import compare, golden_of, parse_open_sets
from indexer import grammar
from indexer.formats.text import decode
from indexer.parse import KEY_VALUE, addressee_of, closing_fields, looks_like_title, parse_reply

SETS = parse_open_sets()
DEFAULT_RESULTS = Path(__file__).resolve().parent / "results" / "field-order.md"
SEED = 20261130


@dataclass
class Reply:
    name: str
    lines: list[str]
    golden: dict


@dataclass
class Score:
    variants: int = 0
    misses: list[str] = field(default_factory=list)


def replies(sets: tuple[Path, ...] = SETS) -> list[Reply]:
    """The .txt replies with a golden file (the text as written, one line a paragraph)."""
    found = []
    for folder in sets:
        for golden in sorted(folder.glob("*.golden.json")):
            name = golden.name.removesuffix(".golden.json")
            text = folder / f"{name}.txt"
            if not text.exists():
                continue
            decoded, _ = decode(text.read_bytes())  # the text reader's own decoding (BOM, UTF-8, GB18030)
            lines = [line.strip() for line in decoded.splitlines() if line.strip()]
            found.append(Reply(name, lines, json.loads(golden.read_text(encoding="utf-8"))))
    return found


def header_orders(reply: Reply, rng: random.Random, orders: int) -> list[list[str]]:
    lines = reply.lines
    addressee = next((i for i, line in enumerate(lines) if addressee_of(line) is not None), None)
    if addressee is None:
        return []
    title_start = addressee  # a title runs up from its addressee to the first field, number or agency line
    while title_start > 0 and not (KEY_VALUE.match(lines[title_start - 1]) or grammar.is_agency_name(lines[title_start - 1])
                                   or grammar.parse_doc_number(lines[title_start - 1])):
        title_start -= 1
    if not any(looks_like_title(line) for line in lines[title_start:addressee]):
        return []
    title, above = lines[title_start:addressee], lines[:title_start]
    if len(above) < 2 or not title:
        return []
    variants = []
    for number in range(orders):
        shuffled = rng.sample(above, len(above))
        cut = rng.randint(0, len(shuffled)) if number % 2 else len(shuffled)
        variants.append(shuffled[:cut] + title + shuffled[cut:] + lines[addressee:])
    return variants


def closing_orders(reply: Reply, rng: random.Random, orders: int) -> list[list[str]]:
    lines = reply.lines
    dated = [i for i, line in enumerate(lines) if grammar.parse_date_line(line)]
    addressee = next((i for i, line in enumerate(lines) if addressee_of(line) is not None), 0)
    if not dated or dated[-1] < 5:
        return []
    date = dated[-1]
    after = lines[date + 1:]
    attachment = next((i for i, line in enumerate(after) if line.startswith("附件")), len(after))
    extra, attachments = after[:attachment], after[attachment:]
    header_fields = [i for i, line in enumerate(lines[:addressee]) if KEY_VALUE.match(line) and closing_fields(line)]
    variants = []
    for number in range(orders):
        body = lines[:date - 1]
        moved: list[str] = []
        if number >= orders // 2 and header_fields:
            picked = set(rng.sample(header_fields, rng.randint(1, len(header_fields))))
            moved = [lines[i] for i in sorted(picked)]
            body = [line for i, line in enumerate(body) if i not in picked]
        shuffled = rng.sample(extra, len(extra))
        signed = not lines[date - 1].endswith(("。", "！", "；"))  # a signature above the date, not the thanks
        cut = rng.randint(1, len(shuffled)) if number % 2 and shuffled and signed else 0
        variants.append(body + shuffled[:cut] + [lines[date - 1], lines[date]] + shuffled[cut:] + moved + attachments)
    return variants


def joined_orders(reply: Reply, rng: random.Random, orders: int) -> list[list[str]]:
    """The header's field lines set on one line, apart by ideographic spaces, in shuffled orders."""
    lines = reply.lines
    addressee = next((i for i, line in enumerate(lines) if addressee_of(line) is not None), None)
    fields = [i for i, line in enumerate(lines[:addressee or 0]) if KEY_VALUE.match(line) and closing_fields(line)]
    if len(fields) < 2:
        return []
    rest = [line for i, line in enumerate(lines) if i not in fields]
    at = fields[0] if fields[0] < len(rest) else 0
    return [rest[:at] + ["\u3000\u3000".join(rng.sample([lines[i] for i in fields], len(fields)))] + rest[at:]
            for _ in range(orders)]


def score(kind, found: list[Reply], orders: int) -> Score:
    rng = random.Random(SEED)
    result = Score()
    for reply in found:
        for lines in kind(reply, rng, orders):
            result.variants += 1
            parsed = golden_of(parse_reply("\n".join(lines), f"{reply.name}.txt"))
            wrong = [name for name, ok in compare(parsed, reply.golden).items() if not ok and name != "sections"]
            if wrong:
                result.misses.append(f"{reply.name}: {', '.join(wrong)} — " + " / ".join(line[:16] for line in lines[:12]))
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--orders", type=int, default=4, help="shuffled orders per reply and block [default: 4]")
    parser.add_argument("--results", type=Path, default=DEFAULT_RESULTS, help="write the report here")
    args = parser.parse_args(argv)
    found = replies()
    scores = {"header lines shuffled": score(header_orders, found, args.orders),
              "closing lines shuffled, header fields moved last": score(closing_orders, found, args.orders),
              "header fields on one line, apart by wide gaps": score(joined_orders, found, args.orders)}
    rows = ["| variant | orders | all fields right |", "|---|---|---|"]
    rows += [f"| {name} | {s.variants} | {s.variants - len(s.misses)} |" for name, s in scores.items()]
    misses = [f"- {name}: {miss}" for name, s in scores.items() for miss in s.misses]
    report = ("# Header and closing fields in every order\n\n" + " ".join(__doc__.split("\n\n")[:2])
              + f"\n\nProduced by `python -m eval.field_order --orders {args.orders}` over {len(found)} replies.\n\n"
              + "\n".join(rows) + "\n\n## Misses\n\n" + ("\n".join(misses) or "none") + "\n")
    args.results.parent.mkdir(parents=True, exist_ok=True)
    args.results.write_text(report, encoding="utf-8")
    print("\n".join(rows))
    print("\n".join(misses), file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
