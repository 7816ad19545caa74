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


def context_line(reply: Reply, path: list[str]) -> str:
    agency = reply.meta.agency or ""
    return f"{agency}《{reply.title}》 {' > '.join(path)}".strip()


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
            embed_text = f"{context_line(reply, section.path)}\n{text}" if config.context_header else text
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
