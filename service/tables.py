"""Tables in a reply's text: a header row naming the columns, data rows with their figures. Readers keep a
table's rows as lines of cells (indexer/formats: ideographic spaces, tabs, or one space where a table was
flattened); the sentence splitter runs rows together, having no sentence mark between them.
"""

from __future__ import annotations

import re

# A table's header row ("序号 项目名称 所在县（市、区） 总投资（亿元） 计划完工时间"): three cells or more,
# separated by spaces (ideographic, tabs, or one space where a reader flattened the table), no figure in any
# cell and no clause: it names the columns and says nothing. Its data rows hold figures and stay quotable.
TABLE_HEADER = re.compile(r"^(?:[^\s\d，。；！？：:]{1,16}[\s\u3000]+){2,}[^\s\d，。；！？：:]{1,16}$")
# A data row of such a table ("2023年　75　45　11200", "合计　210　120　31500"): three cells or more, a figure
# among them, no clause. Rows have no sentence mark between them, so a sentence may run over several.
TABLE_ROW = re.compile(r"^(?=.*\d)(?:[^\s，。；！？：:]{1,24}[\s\u3000]+){2,}[^\s，。；！？：:]{1,24}$")
# The unit a header cell gives its column, in brackets: 除险加固水库（座）, 计划投资（万元）.
HEADER_UNIT = re.compile(r"[（(]([^（()）]{1,6})[）)]")


def table_header(sentence: str) -> bool:
    """Whether `sentence` holds a line that is a table's header row (the sentence splitter may have run it
    on from the line before: "重点渔港项目如下：\n序号 项目名称 …")."""
    return any(TABLE_HEADER.match(line.strip()) for line in sentence.splitlines())


def table_header_above(text: str, start: int) -> str | None:
    """The header row of the table a row at `start` belongs to: the nearest header line above it, over rows only."""
    for line in reversed(text[:start].splitlines()):
        line = line.strip()
        if not line:
            continue
        if TABLE_HEADER.match(line):
            return line
        if not TABLE_ROW.match(line):
            return None
    return None


def table_heads_above(text: str, start: int) -> str | None:
    """What a row at `start` is read with: its table's header row and the line that introduces the table, when it
    ends in a colon ("全区课后服务参与情况如下："); None for a row of no table."""
    header = table_header_above(text, start)
    if header is None:
        return None
    lines = [line.strip() for line in text[:start].splitlines() if line.strip()]
    at = max(i for i, line in enumerate(lines) if line == header)
    before = lines[at - 1] if at else ""
    return f"{before}\n{header}" if before.endswith(("：", ":")) else header
