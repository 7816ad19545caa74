"""Self-check of this folder's data; it does not use Dafu's readers or parser.

python eval/data/fresh20/check.py  — exits 1 and lists problems when a golden value, heading, anchor or
expected string is not where the files say it is, when an unanswerable item has gold, when an id repeats, or
when a question or dialogue lacks its dev/test mark. Readers and checks are eval/data/selfcheck.py's: the text
layer of the LibreOffice PDF (`pdf_lines`), the python-docx `.docx` files (`docx_paragraphs`: Word's heading
styles are paragraphs like any other, table cells lines of their own), the Word 97 `.doc` (`word97_text`), the
two site pages, GBK with `<br>` lines and UTF-8 with tables (`page_file`: block tags and `<br>` end a line), the
`.odt` (`odt_text`), the RTF (`rtf_striprtf`), the GB18030 text with CRLF (`text_file`) and the saved page `.mht`
with its GB2312 HTML part (`mht_page`).

It adds what this set checks of its own: `kind_problems`, the body check (800 to 2000 characters without spaces,
from the addressee line through the closing thanks), and that every unanswerable question names its near-miss
kind and says what the near miss is (`near_miss`, `near_miss_note`, as eval/data/recall2/README.md defines them).
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # eval/data, for selfcheck
import selfcheck  # noqa: E402

HERE = Path(__file__).parent
BODY = (800, 2000)
CLOSING = ("感谢",)

READERS = selfcheck.readers(".txt", ".pdf", ".docx", ".doc", ".odt", ".rtf", html=selfcheck.page_file,
                            mht=selfcheck.mht_page)


def near_miss_problems(data: selfcheck.EvalSet) -> list[str]:
    """Every in-domain unanswerable question has a known near-miss kind and a note; no other question has one."""
    problems = []
    for q in data.questions or []:
        unanswerable = q["type"] == "unanswerable_domain"
        if unanswerable and (q.get("near_miss") not in selfcheck.NEAR_MISS_KINDS or not q.get("near_miss_note")):
            problems.append(f"{q['id']}: an in-domain unanswerable question needs near_miss and near_miss_note")
        if not unanswerable and ("near_miss" in q or "near_miss_note" in q):
            problems.append(f"{q['id']}: near_miss on a question that is not in-domain unanswerable")
    return problems


def main(folder: Path = HERE) -> int:
    data = selfcheck.EvalSet(folder, READERS)
    problems = selfcheck.common_problems(data) + selfcheck.kind_problems(data)
    problems += selfcheck.body_problems(data, BODY, CLOSING) + near_miss_problems(data)
    problems += selfcheck.split_problems(data.questions or [], dict.fromkeys(q["type"] for q in data.questions or []))
    return selfcheck.report(problems, data)


if __name__ == "__main__":
    sys.exit(main())
