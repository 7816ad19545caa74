"""The same reply, laid out another way an agency might (the date in Chinese numerals, the contact in
brackets, the cc split by 、, page numbers between paragraphs, the signature and date on one line,
the 版记 after the attachments…), parses to the same golden fields. Every variant is applied to every
reply of the rule-writing layouts (tests/fixtures/layouts), so a rule that only fits the form a
fixture happens to use fails here."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from eval.parse_eval import compare, golden_of, reply_text
from indexer import grammar
from indexer.parse import parse_reply
from tests.conftest import FIXTURES

LAYOUTS = FIXTURES / "layouts"
CHINESE_DIGITS = "〇一二三四五六七八九"
Variant = Callable[[list[str], dict], Iterator[list[str]]]


def chinese(number: int) -> str:
    if number < 10:
        return CHINESE_DIGITS[number]
    tens, ones = divmod(number, 10)
    return ("十" if tens == 1 else CHINESE_DIGITS[tens] + "十") + (CHINESE_DIGITS[ones] if ones else "")


def replace_line(lines: list[str], index: int, *new: str) -> list[str]:
    return lines[:index] + list(new) + lines[index + 1:]


def dates(lines: list[str], golden: dict) -> Iterator[list[str]]:
    date = golden["meta"].get("date")
    at = [i for i, line in enumerate(lines) if grammar.parse_date_line(line) == date]
    if not date or not at:
        return
    year, month, day = date.split("-")
    for form in (f"{''.join(CHINESE_DIGITS[int(d)] for d in year)}年{chinese(int(month))}月{chinese(int(day))}日",
                 f"{year}-{month}-{day}", f"{year}.{int(month)}.{int(day)}", f"{year}年{month}月{day}日",
                 f"{year} 年 {int(month)} 月 {int(day)} 日"):
        yield replace_line(lines, at[0], form)


def contacts(lines: list[str], golden: dict) -> Iterator[list[str]]:
    contact = golden["meta"].get("contact") or {}
    name, phone = contact.get("name"), contact.get("phone")
    at = [i for i, line in enumerate(lines) if phone and phone in line]
    if not name or not phone or len(at) != 1 or name not in lines[at[0]]:
        return
    for form in (f"联系人：{name}，联系电话：{phone}", f"联系人：{name}　电话：{phone}", f"（联系人：{name}；联系电话：{phone}）",
                 f"经办人：{name}  联系电话：{phone}", f"联系人：{name}\n联系电话：{phone}", f"联系人及电话：{name}，{phone}",
                 f"联 系 人：{name}\n联系电话：{phone}", f"联系人：{name}，电话：{phone.translate(FULL_WIDTH)}"):
        yield replace_line(lines, at[0], *form.split("\n"))


FULL_WIDTH = str.maketrans("0123456789-", "０１２３４５６７８９－")


def copies(lines: list[str], golden: dict) -> Iterator[list[str]]:
    cc = golden["meta"].get("cc") or []
    at = [i for i, line in enumerate(lines) if line.startswith(("抄送", "抄报"))]
    if not cc or len(at) != 1:
        return
    for separator in ("，", "、", "；", " "):
        yield replace_line(lines, at[0], "抄送：" + separator.join(cc) + "。")


def page_furniture(lines: list[str], golden: dict) -> Iterator[list[str]]:
    yield [part for line in lines for part in (line, "")]  # a blank line after every paragraph
    yield [part for n, line in enumerate(lines) for part in ((line, f"— {n // 9 + 2} —") if n % 9 == 8 else (line,))]


def addressees(lines: list[str], golden: dict) -> Iterator[list[str]]:
    addressee = golden["meta"].get("addressee")
    at = [i for i, line in enumerate(lines[:25]) if line.strip().rstrip("：:") == addressee]
    if addressee and len(at) == 1:
        for form in (f"尊敬的{addressee}：", f"{addressee}：您好！", f"{addressee}:"):
            yield replace_line(lines, at[0], form)


def split_titles(lines: list[str], golden: dict) -> Iterator[list[str]]:
    """A title broken after its meeting, as a narrow page sets it."""
    for i, line in enumerate(lines[:15]):
        meeting = re.search(r"会议|人代会", line)
        if line.endswith(("答复", "答复函", "复函", "答复的函", "会办意见")) and meeting and meeting.end() < len(line) - 2:
            yield replace_line(lines, i, line[: meeting.end()], line[meeting.end():])
            return


def signed_dates(lines: list[str], golden: dict) -> Iterator[list[str]]:
    """The signature and the date set on one line."""
    at = [i for i, line in enumerate(lines) if grammar.parse_date_line(line) == golden["meta"].get("date")]
    if len(at) != 1:
        return
    above = max((i for i in range(at[0]) if lines[i].strip()), default=None)
    signature = lines[above].strip() if above is not None else ""
    if signature and len(signature) <= 25 and not signature.endswith("。") and "：" not in signature:
        date = at[0]
        for gap in ("　　", "\t"):
            yield lines[:above] + lines[above + 1 : date] + [signature + gap + lines[date].strip()] + lines[date + 1:]


def record_last(lines: list[str], golden: dict) -> Iterator[list[str]]:
    """GB/T 9704's order: the 版记 (抄送, 印发) after the attachments."""
    if any(re.match(r"^附\s*件\s*[0-9一二三四五六七八九十]", line) for line in lines):
        record = [line for line in lines if line.startswith(("抄送", "抄报")) or line.rstrip().endswith("印发")]
        if record:
            yield [line for line in lines if line not in record] + record


def old_records(lines: list[str], golden: dict) -> Iterator[list[str]]:
    """The 版记 of a document before GB/T 9704-2012: 主题词 above 抄送, the issuing office and its date on
    one line below it."""
    at = [i for i, line in enumerate(lines) if line.startswith(("抄送", "抄报"))]
    date = golden["meta"].get("date")
    if len(at) == 1 and date:
        year, month, day = date.split("-")
        yield lines[: at[0]] + ["主题词：提案　答复"] + [lines[at[0]], f"某某办公室　　{year}年{int(month)}月{int(day)}日印发"] \
            + lines[at[0] + 1:]


def publicity_notes(lines: list[str], golden: dict) -> Iterator[list[str]]:
    """（此件主动公开） below the date, as GB/T 9704 places the 附注."""
    at = [i for i, line in enumerate(lines) if grammar.parse_date_line(line) == golden["meta"].get("date")]
    if len(at) == 1:
        yield lines[: at[0] + 1] + ["（此件主动公开）"] + lines[at[0] + 1:]


VARIANTS: list[Variant] = [dates, contacts, copies, page_furniture, addressees, split_titles, signed_dates, record_last,
                           old_records, publicity_notes]


def cases() -> Iterator:
    for golden_path in sorted(LAYOUTS.glob("*.golden.json")):
        name = golden_path.name.removesuffix(".golden.json")
        [reply] = [p for p in LAYOUTS.glob(name + ".*") if not p.name.endswith(".golden.json")]
        for variant in VARIANTS:
            yield pytest.param(reply, golden_path, variant, id=f"{name}-{variant.__name__}")


@pytest.mark.parametrize("reply, golden_path, variant", list(cases()))
def test_a_reply_laid_out_another_way_parses_the_same(reply: Path, golden_path: Path, variant: Variant):
    golden = json.loads(golden_path.read_text(encoding="utf-8"))
    text, hints = reply_text(reply)
    lines = text.split("\n")
    for changed in variant(lines, golden):
        result = compare(golden_of(parse_reply("\n".join(changed), reply.name, hints)), golden)
        assert [field for field, ok in result.items() if not ok] == [], "\n".join(changed)
