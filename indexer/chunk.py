"""Step 3 of the flow: cut each section into chunks, never across sections.

The text that is shown is the original slice of the section (offsets kept for highlighting); the
text that is embedded and searched carries its context: agency, reply title and section path.
"""

from __future__ import annotations

from dataclasses import dataclass

from langchain_text_splitters import RecursiveCharacterTextSplitter

from indexer.models import Chunk, Reply

# Chinese sentence and clause ends first, then commas; "" lets a run-on paragraph still be cut.
SEPARATORS = ["\n\n", "\n", "。", "！", "？", "；", "，", "、", " ", ""]


@dataclass(frozen=True)
class ChunkingConfig:
    chunk_size: int = 300
    chunk_overlap: int = 60
    context_header: bool = True


def make_splitter(config: ChunkingConfig) -> RecursiveCharacterTextSplitter:
    return RecursiveCharacterTextSplitter(
        separators=SEPARATORS,
        keep_separator="end",
        chunk_size=config.chunk_size,
        chunk_overlap=config.chunk_overlap,
        add_start_index=True,
        strip_whitespace=False,
    )


# Header and closing hold a reply's facts (who, which number, when, whom to call) as bare values;
# naming the fields lets "文号是多少" or "联系电话" find them, and the proposal's own title lets a
# question name the reply the way citizens do ("工商联那份AIGC提案").
FIELD_LABELS = {
    "header": "文头：答复单位 文号 办理结果 公开属性 会议届次 提案编号 提出单位",
    "closing": "落款：答复单位 答复日期 联系人 联系电话 联系地址 抄送",
}


def context_line(reply: Reply, path: list[str], kind: str = "body") -> str:
    agency = reply.meta.agency or ""
    line = f"{agency}《{reply.title}》 {' > '.join(path)}".strip()
    if kind in FIELD_LABELS:
        line = f"{line} {FIELD_LABELS[kind]}"
        if reply.meta.proposal_title:
            line = f"{line}《{reply.meta.proposal_title}》"
    return line


def chunk_reply(reply: Reply, config: ChunkingConfig, first_id: int = 0) -> list[Chunk]:
    splitter = make_splitter(config)
    chunks: list[Chunk] = []
    for section in reply.sections:
        if not section.text.strip():
            continue
        for document in splitter.create_documents([section.text]):
            raw = document.page_content
            start = document.metadata["start_index"]
            # Offsets point at the visible text, without the whitespace at either end.
            leading = len(raw) - len(raw.lstrip())
            text = raw.strip()
            if not text:
                continue
            start += leading
            embed_text = f"{context_line(reply, section.path, section.kind)}\n{text}" if config.context_header else text
            chunks.append(
                Chunk(
                    chunk_id=first_id + len(chunks),
                    reply_id=reply.reply_id,
                    section_id=section.section_id,
                    path=section.path,
                    start=start,
                    end=start + len(text),
                    text=text,
                    embed_text=embed_text,
                )
            )
    return chunks
