"""A page that shows the proposal beside its reply: the reply alone.

Sites that publish the handling of proposals and suggestions (提案/建议办理结果公开) often print, on one
page, the proposal's title and proposers, the proposal's own text under a label (提案内容, 建议内容,
案由) and then the reply under another (办理答复, 答复内容, 答复意见). Read whole, the proposal's
sections would become the reply's and its first lines the reply's header. When a proposal label is
followed later by a reply label, the lines between them (the proposal's text) are left out; the
lines before (the page's fields: 提案标题, 提案人) and the reply after stay.
"""

from __future__ import annotations

import re

# A label standing alone on its line, with or without a colon or brackets: 提案内容：, 【建议内容】, 案由.
_LABEL = r"^[【\[]?\s*(?:{})\s*[】\]]?\s*[：:]?\s*$"
PROPOSAL_LABEL = re.compile(_LABEL.format(r"(?:提案|建议|议案)(?:内容|正文|原文|全文)|案由"))
REPLY_LABEL = re.compile(_LABEL.format(r"(?:办理|答复|办复)(?:答复|内容|意见|正文|全文)|答复|办理答复意见"))
# The proposal's label comes among the page's first fields (标题, 提案人, 提案内容), not in a reply's body.
PROPOSAL_WITHIN = 15


def reply_part(text: str) -> tuple[str, str | None]:
    """(the text without the proposal's own text, a note saying what was left out) — or the text
    unchanged and None when it does not label a proposal and then a reply."""
    lines = text.split("\n")
    filled = [i for i, line in enumerate(lines) if line.strip()]
    proposal = next((i for i in filled[:PROPOSAL_WITHIN] if PROPOSAL_LABEL.match(lines[i].strip())), None)
    if proposal is None:
        return text, None
    reply = next((i for i in range(proposal + 1, len(lines)) if REPLY_LABEL.match(lines[i].strip())), None)
    if reply is None:
        return text, None
    left_out = sum(1 for line in lines[proposal:reply + 1] if line.strip())
    note = (f"网页同时载有提案（建议）原文：已略去“{lines[proposal].strip()}”下的 {left_out - 2} 段，只索引答复 "
            f"(the page also shows the proposal's own text: {left_out - 2} paragraph(s) left out, the reply kept)")
    return "\n".join(lines[:proposal] + lines[reply + 1:]), note
