"""The `dafu` command: a thin typer layer over the indexer and the engine.

Exit codes: 0 success (an abstention is a success); 1 bad input (empty or over-long question,
unknown reply); 2 usage error; 3 no usable index (missing, or built with another model/format);
4 index built but some files were skipped; 5 nothing could be indexed.
"""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Dafu 答复：政府答复文件检索问答 (search and cite government replies)")

EXIT_BAD_INPUT, EXIT_NO_INDEX, EXIT_SKIPPED, EXIT_NOTHING = 1, 3, 4, 5

IndexOption = Annotated[Optional[Path], typer.Option("--index", help="index folder [env DAFU_INDEX]", show_default=False)]
JsonOption = Annotated[bool, typer.Option("--json", help="print JSON for scripts")]


def settings_for(index: Path | None, **overrides):
    from service.settings import Settings

    values = {k: v for k, v in overrides.items() if v is not None}
    if index is not None:
        values["index"] = index
    return Settings(**values)


def fail(message: str, code: int) -> typer.Exit:
    typer.secho(message, err=True, fg=typer.colors.RED)
    return typer.Exit(code)


def load_engine(settings):
    from indexer.embed import ModelNotFoundError
    from indexer.milvus import MilvusUnavailableError
    from indexer.store import DafuIndexError
    from service.engine import Engine

    try:
        return Engine.load(settings)
    except (DafuIndexError, ModelNotFoundError, MilvusUnavailableError) as error:
        raise fail(str(error), EXIT_NO_INDEX) from error


def emit(data, as_json: bool, human) -> None:
    if as_json:
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        human()


@app.callback()
def main(verbose: Annotated[bool, typer.Option("--verbose", "-v", help="log details")] = False) -> None:
    level = logging.INFO if verbose else logging.WARNING
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    # The level sits on the handler too: bm25s sets its own logger to DEBUG when it is imported,
    # after this runs, and would otherwise print through it.
    handler.setLevel(level)
    logging.basicConfig(level=level, handlers=[handler])


@app.command()
def index(
    paths: Annotated[Optional[list[Path]], typer.Argument(help="files or folders of replies [default: corpus/]", show_default=False)] = None,
    index: IndexOption = None,
    model: Annotated[Optional[str], typer.Option(help="embedding model [env DAFU_MODEL; default m3e-small]", show_default=False)] = None,
    store: Annotated[Optional[str], typer.Option(help="search store: embedded or milvus [env DAFU_STORE; default embedded]", show_default=False)] = None,
    as_json: JsonOption = False,
) -> None:
    """Index reply files into a search index (built aside, swapped in when complete)."""
    from indexer.build import NothingToIndexError
    from indexer.embed import ModelNotFoundError
    from indexer.milvus import MilvusUnavailableError
    from indexer.searchstore import STORES
    from service.engine import index_from_settings

    if store is not None and store not in STORES:
        raise typer.BadParameter(f"choose one of {', '.join(STORES)}", param_hint="--store")
    settings = settings_for(index, model=model, store=store)
    try:
        summary = index_from_settings(settings, paths, progress=not as_json)
    except ModelNotFoundError as error:
        raise fail(str(error), EXIT_NO_INDEX) from error
    except MilvusUnavailableError as error:
        raise fail(f"{error}；索引未改变 (the previous index is unchanged)", EXIT_NOTHING) from error
    except NothingToIndexError as error:
        failed = error.args[0]
        for skipped in failed.skipped:
            typer.secho(f"  跳过 skipped {skipped.name}: {skipped.reason}", err=True, fg=typer.colors.YELLOW)
        raise fail("没有可索引的答复文件，索引未改变 (nothing could be indexed; the previous index is unchanged)", EXIT_NOTHING) from error

    data = {
        "index": str(summary.index), "replies": summary.replies, "sections": summary.sections,
        "chunks": summary.chunks, "commitments": summary.commitments, "embedded": summary.embedded,
        "reused": summary.reused, "sentences_embedded": summary.sentences_embedded,
        "sentences_reused": summary.sentences_reused, "seconds": round(summary.seconds, 2),
        "skipped": [{"file": s.name, "reason": s.reason} for s in summary.skipped], "warnings": summary.warnings,
        "ocr": [{"file": o.name, "pages": o.pages, "seconds": o.seconds} for o in summary.ocr],
        "cleaned": summary.cleaned, "updated": summary.updated,
    }

    def human() -> None:
        typer.echo(f"索引完成 indexed: {summary.replies} replies, {summary.sections} sections, {summary.chunks} chunks, "
                   f"{summary.commitments} commitments in {summary.seconds:.1f}s "
                   f"({summary.embedded} embedded, {summary.reused} reused; sentences {summary.sentences_embedded} "
                   f"embedded, {summary.sentences_reused} reused"
                   f"{'; 只更新了改动的文件 updated the changed files only' if summary.updated else ''}) → {summary.index}")
        for warning in summary.warnings:
            typer.secho(f"  注意 warning: {warning}", fg=typer.colors.YELLOW)
        for cleaned in summary.cleaned:
            typer.echo(f"  清理 cleaned: {cleaned}")
        for skipped in summary.skipped:
            typer.secho(f"  跳过 skipped {skipped.name}: {skipped.reason}", fg=typer.colors.YELLOW)

    emit(data, as_json, human)
    if summary.skipped:
        raise typer.Exit(EXIT_SKIPPED)


@app.command()
def ask(
    question: Annotated[str, typer.Argument(help="question in Chinese")],
    index: IndexOption = None,
    k: Annotated[Optional[int], typer.Option("-k", help="number of sources (1–20) [default 5]", show_default=False)] = None,
    agency: Annotated[Optional[str], typer.Option(help="only replies from this agency (name or alias)")] = None,
    year: Annotated[Optional[int], typer.Option(help="only replies of this year")] = None,
    category: Annotated[Optional[str], typer.Option(help="only this 办理结果, e.g. 解决或采纳")] = None,
    as_json: JsonOption = False,
) -> None:
    """Answer a question with quotes cited to reply sections."""
    from service.answer import QuestionError, validate_question
    from service.retrieve import Filters

    settings = settings_for(index)
    try:
        # Checked before the model loads (seconds): a bad question is answered at once.
        validate_question(question, settings.default_k if k is None else k, settings.max_question_chars, settings.max_k)
        engine = load_engine(settings)
        answer = engine.ask(question, k=k, filters=Filters(agency=agency, year=year, category=category))
    except QuestionError as error:
        raise fail(str(error), EXIT_BAD_INPUT) from error

    def human() -> None:
        typer.echo(answer.answer if answer.abstained else "\n".join(f"{s.text} [{s.n}]" for s in answer.sentences))
        if answer.citations:
            typer.echo("\n来源 sources:")
        for c in answer.citations:
            typer.echo(f"[{c.n}] {c.agency or ''} {c.doc_number or ''} {c.date or ''} 《{c.title}》 {' > '.join(c.section_path)}")
            typer.echo(f"    “{c.quote}”")

    emit(answer.model_dump(), as_json, human)


@app.command()
def show(reply_id: Annotated[str, typer.Argument(help="reply id, as `dafu replies` lists")], index: IndexOption = None,
         as_json: JsonOption = False) -> None:
    """Show one reply, section by section."""
    from service.engine import ReplyNotFoundError
    from service.schemas import reply_json

    engine = load_engine(settings_for(index))
    try:
        reply = engine.reply(reply_id)
    except ReplyNotFoundError as error:
        raise fail(str(error), EXIT_BAD_INPUT) from error

    def human() -> None:
        typer.echo(f"{reply.title}\n{reply.meta.agency or ''} {reply.meta.doc_number or ''} {reply.meta.date or ''}")
        for s in reply.sections:
            typer.echo(f"\n[{s.section_id}] {' > '.join(s.path)}\n{s.text}")

    emit(reply_json(reply), as_json, human)


@app.command()
def replies(
    index: IndexOption = None,
    agency: Annotated[Optional[str], typer.Option(help="agency name or alias")] = None,
    year: Annotated[Optional[int], typer.Option()] = None,
    category: Annotated[Optional[str], typer.Option(help="办理结果")] = None,
    session: Annotated[Optional[str], typer.Option(help="part of the session name, e.g. 七届四次")] = None,
    as_json: JsonOption = False,
) -> None:
    """List indexed replies with their metadata."""
    from service.retrieve import Filters
    from service.schemas import reply_summary

    engine = load_engine(settings_for(index))
    found = engine.replies(Filters(agency=agency, year=year, category=category, session=session))

    def human() -> None:
        for r in found:
            typer.echo(f"{r.reply_id}\t{r.meta.date or ''}\t{r.meta.agency or ''}\t{r.meta.category or ''}\t{r.title}")
        typer.echo(f"{len(found)} replies")

    emit([reply_summary(r) for r in found], as_json, human)


@app.command()
def commitments(
    index: IndexOption = None,
    agency: Annotated[Optional[str], typer.Option(help="agency name or alias, e.g. 区科经委")] = None,
    year: Annotated[Optional[int], typer.Option(help="year of the reply")] = None,
    due_before: Annotated[Optional[int], typer.Option("--due-before", help="promises due in or before this year")] = None,
    kind: Annotated[Optional[str], typer.Option(help="commitment (promises) or progress (reports)")] = None,
    as_json: JsonOption = False,
) -> None:
    """List commitments (promises with targets and deadlines) and reported progress, with follow-through."""
    from service.retrieve import Filters

    if kind not in (None, "commitment", "progress"):
        raise typer.BadParameter("choose commitment or progress", param_hint="--kind")
    engine = load_engine(settings_for(index))
    found = engine.commitments(Filters(agency=agency, year=year), due_before=due_before)
    if kind:
        found = [c for c in found if c.kind == kind]
    every = engine.index.commitments  # by id, read on demand

    def human() -> None:
        for c in found:
            target = "、".join(c.targets)
            typer.echo(f"[{c.kind}] {c.agency or ''} | {c.deadline or '-'} | {target or '-'} | {c.reply_id} {' > '.join(c.path)}\n    {c.text}")
            for other in (every[i] for i in c.follows if 0 <= i < len(every)):
                arrow = "→ 后续 later" if (other.year or 0) > (c.year or 0) else "← 先前 earlier"
                typer.echo(f"    {arrow} {other.year or ''} {other.reply_id} [{other.kind}] {other.text[:40]}…")
        typer.echo(f"{len(found)} commitments")

    emit([c.model_dump() for c in found], as_json, human)


def app_from_environment():
    """The app for each `dafu serve --workers N` process, configured by the DAFU_* environment."""
    from service.app import create_app
    from service.settings import Settings

    return create_app(Settings())


@app.command()
def serve(
    index: IndexOption = None,
    host: Annotated[Optional[str], typer.Option(help="[default 127.0.0.1]", show_default=False)] = None,
    port: Annotated[Optional[int], typer.Option(help="[default 8000]", show_default=False)] = None,
    workers: Annotated[int, typer.Option(min=1, max=64, help="server processes; they share the memory-mapped index")] = 1,
) -> None:
    """Serve the web page and HTTP API; builds the index from corpus/ first if there is none."""
    import os

    from indexer.store import IndexNotFoundError, read_manifest
    from service.model_process import ModelProcess

    settings = settings_for(index, host=host, port=port)
    model = None
    try:
        manifest = read_manifest(settings.index)
        if workers == 1:
            # First thing: the model loads in its own process while this one imports the web stack
            # and opens the index (the cold start is the longer of the two, not their sum).
            model = ModelProcess(manifest["model"], settings.query_threads)
    except IndexNotFoundError:
        from service.engine import index_from_settings

        typer.echo(f"没有索引，先索引 {settings.corpus} (no index yet: indexing {settings.corpus})")
        index_from_settings(settings, progress=True)
    import uvicorn

    from service.app import create_app

    typer.echo(f"Dafu: http://{settings.host}:{settings.port}/")
    if workers == 1:
        uvicorn.run(create_app(settings, model=model), host=settings.host, port=settings.port, log_level="warning")
        return
    # Each worker is a fresh process that builds its app from the environment: hand it the index.
    os.environ["DAFU_INDEX"] = str(settings.index.resolve())
    uvicorn.run("service.cli:app_from_environment", factory=True, workers=workers, host=settings.host,
                port=settings.port, log_level="warning")


@app.command()
def feedback(
    index: IndexOption = None,
    app_db: Annotated[Optional[Path], typer.Option("--app-db", help="application database [env DAFU_APP_DB; default beside the index]", show_default=False)] = None,
    to_eval: Annotated[Optional[Path], typer.Option("--to-eval", help="write the 👎 turns here as evaluation questions (JSONL, gold to fill)", show_default=False)] = None,
    as_json: JsonOption = False,
) -> None:
    """List the 👍/👎 feedback given on answers in conversations."""
    from service.conversations import ConversationStore, StoreUnavailableError, eval_question

    settings = settings_for(index, app_db=app_db)
    path = settings.app_db_path()
    if not path.exists():
        raise fail(f"没有应用数据库 {path}：还没有人反馈过 (no application database yet; set --app-db or DAFU_APP_DB)", EXIT_BAD_INPUT)
    try:
        items = ConversationStore(path, timeout=settings.app_db_timeout).feedback()
    except StoreUnavailableError as error:
        raise fail(str(error), EXIT_BAD_INPUT) from error
    if to_eval is not None:
        lines = [json.dumps(eval_question(f), ensure_ascii=False) for f in items if f.rating == "down"]
        to_eval.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
        typer.echo(f"{len(lines)} 条 👎 写入 {to_eval}：请为每条填写 gold 和 expect (fill in gold and expect)", err=as_json)

    def human() -> None:
        for f in items:
            mark = "👍" if f.rating == "up" else "👎"
            typer.echo(f"{mark} {f.created} {f.conversation_id}#{f.turn} {f.message}")
            if f.understood_as != f.message:
                typer.echo(f"    我理解为：{f.understood_as}")
            if f.comment:
                typer.echo(f"    意见：{f.comment}")
        if not items:
            typer.echo("还没有反馈 (no feedback yet)")

    emit([f.model_dump() for f in items], as_json, human)


@app.command(name="eval", context_settings={"allow_extra_args": True, "ignore_unknown_options": True})
def evaluate(ctx: typer.Context) -> None:
    """Run the retrieval evaluation (same options as `python -m eval --help`)."""
    from eval.run import main as eval_main

    sys.exit(eval_main(ctx.args))


if __name__ == "__main__":
    app()
