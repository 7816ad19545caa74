"""What lets Dafu grow past a district's archive, checked on real indexes of the fixture archive:
indexed shortcuts give the same results as the full scans they replace, paging keeps the JSON
contract, and the Milvus Lite store answers like the embedded one (the vector index chosen by size:
tests/test_vector_index.py)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from fastapi.testclient import TestClient

from indexer import grammar
from indexer.build import build_index
from indexer.commitments import extract_archive_commitments, follow_through, link_keys
from indexer.lexical import load_alias_groups
from indexer.store import open_index
from service.app import create_app
from service.engine import Engine, index_from_settings
from service.promises import MIN_COVERAGE, RELATIVE_CUTOFF, PromiseFinder, parse_query, promise_and_report
from service.retrieve import Filters, reply_matches
from service.settings import Settings

pytestmark = pytest.mark.slow

FILTERS = [
    Filters(agency="区科经委"), Filters(year=2024), Filters(year=2025, agency="民政局"),
    Filters(category="解决或采纳"), Filters(category="A"), Filters(session="七届四次"),
    Filters(session="政协第七届第四次会议"), Filters(agency="没有这个单位"),
    Filters(exclude_agencies=["区科经委", "民政局"]), Filters(reply_ids=["浦科经委办理-2025-61", "no-such-reply"], year=2025),
]


@pytest.mark.parametrize("filters", FILTERS, ids=str)
def test_filter_columns_select_the_same_replies_as_matching_each_reply(engine: Engine, filters: Filters) -> None:
    retriever = engine.answerer.retriever
    expected = {r.reply_id for r in engine.index.replies.values() if reply_matches(r, filters, engine.tokenizer)}
    keep, _ = retriever.allowed_replies(filters)
    columns = engine.index.documents.columns
    assert {columns.reply_ids[i] for i in np.flatnonzero(keep)} == expected
    selection = retriever.allowed_chunks(filters)
    assert {engine.index.chunks[int(i)].reply_id for i in np.flatnonzero(selection.mask)} <= expected


def test_bm25_top_k_with_a_mask_equals_ranking_every_score(engine: Engine) -> None:
    lexical = engine.index.lexical
    tokens = engine.tokenizer.tokenize("人工智能人才政策 算力 补贴")
    mask = engine.answerer.retriever.allowed_chunks(Filters(agency="区科经委")).mask
    scores = lexical.scores(tokens, mask.astype(np.float32))
    expected = [i for i in np.argsort(-scores, kind="stable")[:10] if scores[i] > 0]
    got = lexical.top(tokens, 10, mask)
    assert [round(s, 4) for _, s in got] == [round(float(scores[i]), 4) for i in expected]
    assert all(mask[i] for i, _ in got)


@pytest.mark.parametrize("question", ["人工智能人才政策 算力 补贴", "养老服务补贴标准是多少？", "第057号提案", "公交"])
@pytest.mark.parametrize("filters", [None, Filters(agency="区科经委"), Filters(year=2024)], ids=str)
def test_bm25_top_k_is_what_bm25s_retrieve_returns(engine: Engine, question: str, filters: Filters | None) -> None:
    """LexicalIndex.top runs retrieve's scoring and top-k itself: the same rows, scores and order."""
    lexical = engine.index.lexical
    tokens = engine.tokenizer.tokenize(question)
    selection = engine.answerer.retriever.allowed_chunks(filters)
    weights = None if selection is None else selection.mask.astype(np.float32)
    for limit in (1, 10, 50):
        rows, scores = lexical.bm25.retrieve([lexical.bm25.get_tokens_ids(tokens)], k=min(limit, lexical.documents),
                                             weight_mask=weights, show_progress=False)
        expected = [(int(r), float(s)) for r, s in zip(rows[0], scores[0]) if s > 0]
        assert lexical.top(tokens, limit, None if selection is None else selection.mask) == expected


def test_stored_chunk_and_sentence_tokens_are_the_tokenizer_s(engine: Engine) -> None:
    from indexer.build import context_line_of
    from indexer.sentences import split_sentences

    for chunk in engine.index.chunks[:40]:
        assert engine.answerer.retriever.chunk_tokens(chunk) == engine.tokenizer.tokenize(chunk.embed_text)
        stored = engine.answerer.retriever.passage_tokens(chunk)
        assert stored.context == (engine.tokenizer.tokenize(context_line_of(chunk)) if context_line_of(chunk) else [])
        assert [(a, b, s) for a, b, s, _ in stored.sentences] == list(split_sentences(chunk.text))
        assert all(tokens == engine.tokenizer.tokenize(s) for _, _, s, tokens in stored.sentences)


def brute_force_promises(finder: PromiseFinder, question: str, k: int = 5, filters: Filters | None = None,
                         cut: dict | None = None):
    """The scan the indexed lookup replaced: every commitment, its tokens cut now (once per `cut`)."""
    tokenizer, index = finder.tokenizer, finder.index
    query = parse_query(question, tokenizer, finder.place_words, finder.names.agencies_in)
    if query is None:  # not a question about promises
        return []
    allowed = finder.filter.mask(filters)
    cut = {} if cut is None else cut
    scored = []
    for c in index.commitments:
        if not finder.allowed(query, c, None if allowed is None else allowed[0]):
            continue
        if c.commitment_id not in cut:
            cut[c.commitment_id] = (set(tokenizer.tokenize(c.text + " " + " ".join(c.path), expand=False)),
                                    set(tokenizer.tokenize(index.replies[c.reply_id].title, expand=False)))
        own, title = cut[c.commitment_id]
        total = found = 0.0
        for token in query.topic:
            weight = max(index.lexical.idf(token), 0.1)
            total += weight
            equivalents = finder._equivalents(token)
            found += weight if equivalents & own else weight / 2 if equivalents & title else 0
        score = found / total if total else 1.0
        if score >= MIN_COVERAGE:
            scored.append((score, c))
    scored.sort(key=lambda pair: (-pair[0], pair[1].deadline or "9999", pair[1].commitment_id))
    if not scored:
        return []
    if query.contrast:
        return [(round(s, 6), c.commitment_id) for s, c in promise_and_report(scored)]
    limit = min(k, 5 if query.wants_list or query.wants_progress or not query.topic else 2)
    return [(round(s, 6), c.commitment_id) for s, c in scored if s >= scored[0][0] * RELATIVE_CUTOFF][:limit]


PROMISE_QUESTIONS = [
    "区科经委承诺过哪些AI相关的事？", "有哪些到2025年要完成的目标？", "GID链主企业的培育目标是多少？",
    "养老服务下一步打算怎么做？", "承诺过哪些事？", "民政局承诺的养老服务目标进展怎么样？",
    "2024年答复时承诺要新建哪些设施？", "到2026年底要完成哪些河湖治理目标？", "人工智能算力平台计划什么时候建成？",
]


@pytest.mark.parametrize("filters", [None, Filters(year=2024), Filters(agency="区科经委"), Filters(agency="没有这个单位")],
                         ids=str)
@pytest.mark.parametrize("question", PROMISE_QUESTIONS)
def test_indexed_promise_lookup_finds_what_a_full_scan_finds(engine: Engine, question: str, filters: Filters | None) -> None:
    """Read through postings and score bounds, with filters pushed down, the lookup still returns
    exactly what scoring every commitment returns."""
    finder = PromiseFinder(engine.index, engine.tokenizer)
    expected = brute_force_promises(finder, question, filters=filters)
    assert [(round(s, 6), c.commitment_id) for s, c in finder.find(question, filters)] == expected
    if filters is None and question in PROMISE_QUESTIONS[:3]:
        assert expected  # the fixture archive holds promises for these, so the check is not vacuous


@pytest.fixture(scope="module")
def synthetic_engine(tmp_path_factory: pytest.TempPathFactory, embedder) -> Engine:
    """A small SYNTHETIC archive (benchmarks/synthetic.py): many agencies and places, and promises on
    overlapping topics, so promise scores spread below 1 and agency names abound."""
    from benchmarks.synthetic import generate

    archive = generate(tmp_path_factory.mktemp("synthetic"), 16, seed=11)
    settings = Settings(index=tmp_path_factory.mktemp("synthetic-index") / "index", corpus=archive)
    index_from_settings(settings, embedder=embedder)
    return Engine.load(settings, embedder=embedder)


def synthetic_promise_questions() -> list[str]:
    from benchmarks.synthetic import BODIES, TOPICS

    questions = []
    for i, (topic, subjects) in enumerate(TOPICS.items()):
        body = BODIES[i % len(BODIES)][0]
        questions += [f"{body}承诺过哪些{topic}相关的事？", f"到{2018 + i}年底{subjects[i % 7]}要完成什么目标？",
                      f"{subjects[(i + 3) % 7]}建设下一步有什么打算，进展怎么样？", f"{2016 + i}年答复时说要新增哪些{subjects[i % 7]}？"]
        questions += [f"承诺过哪些{subject}方面的事？" for subject in subjects]
        # No topic: every promise qualifies, and the deadline index decides the order.
        questions += [f"有哪些到{2016 + i}年要完成的目标？", f"{body}有哪些到{2018 + i}年底要完成的目标？"]
    return questions + ["承诺过哪些事？"]


def test_promise_lookup_on_a_synthetic_archive_equals_the_full_scan(synthetic_engine: Engine) -> None:
    finder = synthetic_engine.promises
    columns = synthetic_engine.index.documents.columns
    filters = [None, Filters(year=int(columns.year[0])), Filters(agency=columns.agencies[1].split("市")[-1])]
    results, cut = [], {}
    for question in synthetic_promise_questions():
        for f in filters:
            expected = brute_force_promises(finder, question, filters=f, cut=cut)
            assert [(round(s, 6), c.commitment_id) for s, c in finder.find(question, f)] == expected, (question, f)
            results.append(expected)
    scores = [s for found in results for s, _ in found]
    assert sum(bool(found) for found in results) >= 20 and any(s < 1 for s in scores)


def test_a_promise_question_without_a_topic_reads_the_deadline_index(synthetic_engine: Engine) -> None:
    """"有哪些到2025年要完成的目标？" reads a range of the deadline index, in the answer's order,
    instead of sorting every commitment of the archive."""
    finder = synthetic_engine.promises
    where, params = finder.conditions(finder.parse("有哪些到2019年要完成的目标？"))
    plan = " ".join(row[3] for row in synthetic_engine.index.documents.db.execute(
        f"EXPLAIN QUERY PLAN SELECT data FROM commitments WHERE {' AND '.join(where)} AND deadline IS NOT NULL "
        "ORDER BY deadline, commitment_id", params))
    assert "USING INDEX commitments_by_deadline" in plan and "TEMP B-TREE" not in plan
    found = finder.find("有哪些到2019年要完成的目标？")
    assert found and all(c.deadline.startswith("2019") for _, c in found)


def test_due_before_reads_the_deadline_index_and_equals_the_full_scan(synthetic_engine: Engine) -> None:
    """/commitments?due_before=YEAR: a range of the deadline index, the same rows as reading every
    commitment's deadline year."""
    every = synthetic_engine.commitments_page().items
    years = sorted({int(c.deadline[:4]) for c in every if c.deadline})
    for year in (years[0] - 1, years[0], years[len(years) // 2], years[-1]):
        wanted = [c.commitment_id for c in every if c.kind == "commitment" and c.deadline and int(c.deadline[:4]) <= year]
        page = synthetic_engine.commitments_page(due_before=year, limit=20, offset=3)
        assert page.total == len(wanted) and [c.commitment_id for c in page.items] == wanted[3:23]
    plan = " ".join(row[3] for row in synthetic_engine.index.documents.db.execute(
        "EXPLAIN QUERY PLAN SELECT COUNT(*) FROM commitments WHERE deadline < ?", ("2020",)))
    assert "USING COVERING INDEX commitments_by_deadline" in plan


def test_filter_fields_suggest_the_values_with_most_replies_and_search_the_rest(synthetic_engine: Engine,
                                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """A large archive has thousands of agencies and sessions: the pages suggest the few with the
    most replies (counted from the columns, so each count is that value's replies), the API pages
    through every value and searches them."""
    import re

    import service.routes.pages

    monkeypatch.setattr(service.routes.pages, "FACET_LIMIT", 3)
    replies = synthetic_engine.replies()
    with TestClient(create_app(synthetic_engine.settings, engine=synthetic_engine)) as client:
        every = client.get("/api/facets/agency").json()
        assert len(every) > 3 and sum(v["replies"] for v in every) == sum(1 for r in replies if r.meta.agency)
        assert all(v["replies"] == sum(1 for r in replies if r.meta.agency == v["value"]) for v in every)
        assert every == sorted(every, key=lambda v: (-v["replies"], v["value"]))

        page = client.get("/replies").text
        agency_choices = re.search(r'<datalist id="f-agency-choices">(.*?)</datalist>', page, re.S).group(1)
        assert re.findall(r'<option value="([^"]+)" label="(\d+) 份答复">', agency_choices) == \
            [(v["value"], str(v["replies"])) for v in every[:3]]
        assert f"共 {len(every)} 个单位，列出答复最多的 3 个" in page and 'id="f-session-choices"' in page

        word = every[0]["value"][-3:]  # e.g. 民政局: several places have one
        matching = [v for v in every if word in v["value"]]
        first = client.get("/api/facets/agency", params={"q": word, "limit": 1})
        assert first.json() == matching[:1] and first.headers["X-Total-Count"] == str(len(matching))
        if len(matching) > 1:
            assert 'offset=1' in first.headers["Link"]
            assert client.get("/api/facets/agency", params={"q": word, "limit": 1, "offset": 1}).json() == matching[1:2]

        years = client.get("/api/facets/year").json()
        assert [v["value"] for v in years] == sorted({r.meta.year for r in replies if r.meta.year}, reverse=True)
        assert client.get("/api/facets/nothing").status_code == 422


def test_archive_names_find_what_scanning_every_name_finds(synthetic_engine: Engine) -> None:
    from service.about import agency_names, place_names

    names = synthetic_engine.answerer.names
    columns = synthetic_engine.index.documents.columns
    every_agency = agency_names(columns.agencies, synthetic_engine.tokenizer)
    every_place = place_names(columns.agencies)
    questions = [f"{a}和{b}对这件事怎么说？" for a, b in zip(columns.agencies[1::3], columns.agencies[2::3])]
    questions += ["区科经委和区数据局分别做了什么？", "武侯区的学位够吗？", "浙江省杭州市有哪些养老政策？", "没有名字的问题"]
    for question in questions:
        assert names.agencies_in(question) == [n for n in every_agency if n in question]
        assert names.places_in(question) == [p for p in every_place if p in question]


def eval_replies() -> list:
    from indexer.parse import parse_reply
    from indexer.read import find_files, read_source

    folder = Path(__file__).resolve().parent.parent / "eval" / "data" / "replies"
    return [parse_reply(read_source(path, name).text, name) for path, name in find_files(folder)]


def test_follow_through_by_subject_index_links_the_same_pairs_as_comparing_all(engine: Engine) -> None:
    replies = list(engine.index.replies.values()) + eval_replies()
    indexed = extract_archive_commitments(replies)
    pairwise = extract_archive_commitments(replies)
    for c in pairwise:
        c.follows, c.reports_on = [], []
    keys = link_keys([(r.reply_id, r.meta.agency, r.meta.session) for r in replies], load_alias_groups())
    for promise in (c for c in pairwise if c.kind == "commitment"):
        for other in pairwise:
            if other.commitment_id != promise.commitment_id and keys[other.reply_id] == keys[promise.reply_id]:
                follow_through(promise, other)
    by_id = {c.commitment_id: c for c in pairwise}
    for c in pairwise:
        c.follows.sort(key=lambda i: ((by_id[i].year or 0), i))
    assert [(c.follows, c.reports_on) for c in indexed] == [(c.follows, c.reports_on) for c in pairwise]
    assert any(c.follows for c in indexed)  # the fixture archive has follow-through to find


def test_list_apis_page_with_limit_and_offset_and_keep_the_list_shape(client: TestClient, engine: Engine) -> None:
    everything = client.get("/api/replies")
    assert everything.status_code == 200 and isinstance(everything.json(), list)
    total = len(everything.json())
    assert everything.headers["X-Total-Count"] == str(total) and "Link" not in everything.headers
    first = client.get("/api/replies", params={"limit": 2})
    assert [r["reply_id"] for r in first.json()] == [r["reply_id"] for r in everything.json()[:2]]
    assert first.headers["X-Total-Count"] == str(total) and 'rel="next"' in first.headers["Link"]
    second = client.get(first.headers["Link"].split(">")[0].lstrip("<"))
    assert [r["reply_id"] for r in second.json()] == [r["reply_id"] for r in everything.json()[2:4]]

    commitments = client.get("/api/commitments", params={"agency": "区科经委"}).json()
    page = client.get("/api/commitments", params={"agency": "区科经委", "limit": 3, "offset": 1})
    assert page.json() == commitments[1:4] and page.headers["X-Total-Count"] == str(len(commitments))
    assert client.get("/api/replies", params={"limit": 0}).status_code == 422


def test_pages_show_one_page_and_link_the_next(client: TestClient, engine: Engine, monkeypatch) -> None:
    from service.routes import pages

    monkeypatch.setattr(pages, "PAGE_SIZE", 2)
    page = client.get("/replies").text
    assert page.count('class="reply-card"') == 2 and 'rel="next"' in page
    last = (len(engine.index.replies) + 1) // 2
    page = client.get("/replies", params={"page": last}).text
    assert 'rel="prev"' in page and 'rel="next"' not in page
    rows = client.get("/commitments", params={"page": 2}).text
    assert rows.count('<tr id="row-') == 2 and f"共 {len(engine.index.commitments)} 条" in rows


def test_milvus_lite_store_answers_like_the_embedded_store(archive, tmp_path, embedder, engine) -> None:
    pytest.importorskip("pymilvus", reason="the milvus extra: pip install -e '.[milvus]' (setup.sh --test installs it)")
    settings = Settings(index=tmp_path / "milvus", corpus=archive, store="milvus")
    index_from_settings(settings, embedder=embedder)
    milvus = Engine.load(settings, embedder=embedder)
    try:
        assert milvus.index.store == "milvus" and milvus.index.manifest["store"]["kind"] == "milvus"
        assert (milvus.index.folder / "milvus.db").exists()
        for question in ("GID链主企业的培育目标是多少？", "浦东有哪些支持人工智能人才的政策？", "养老服务有什么补贴？"):
            a, b = milvus.ask(question), engine.ask(question)
            assert not a.abstained
            assert (a.citations[0].reply_id, a.citations[0].section_id) == (b.citations[0].reply_id, b.citations[0].section_id)
        for filters in (Filters(year=2024), Filters(agency="区科经委")):
            hits = milvus.answerer.retriever.search("有哪些政策和补贴？", k=5, filters=filters).hits
            expected = engine.answerer.retriever.search("有哪些政策和补贴？", k=5, filters=filters).hits
            assert hits and {h.chunk.reply_id for h in hits} == {h.chunk.reply_id for h in expected}
        fused = milvus.index.search.hybrid(embedder.encode(["养老服务补贴"])[0], milvus.tokenizer.tokenize("养老服务补贴"), 5)
        assert len(fused) == 5
    finally:
        milvus.index.close()


def test_serve_with_two_workers_answers_over_http(real_index, tmp_path) -> None:
    """`dafu serve --workers 2`: worker processes build their app from the environment and share the index files."""
    import httpx

    from tests.serving import served

    with served(real_index, tmp_path / "serve.log", workers=2, timeout=240) as server:
        answers = [httpx.post(f"{server.url}/api/ask", json={"question": "GID链主企业的培育目标是多少？"},
                              timeout=60).json() for _ in range(4)]
    assert all(a["citations"][0]["reply_id"] == "浦科经委办理-2025-61" for a in answers)


def test_rebuild_reuses_stored_tokens_of_unchanged_text(tmp_path, embedder) -> None:
    from tests.conftest import REAL_REPLY

    root = tmp_path / "index"
    first = build_index([REAL_REPLY], root, embedder)
    before = open_index(root)
    stored = before.documents.commitment_tokens(list(range(len(before.commitments))))
    before.close()
    again = build_index([REAL_REPLY], root, embedder)
    assert first.tokenized == first.chunks and again.tokenized == 0 and again.reused == again.chunks
    after = open_index(root)
    assert after.documents.commitment_tokens(list(range(len(after.commitments)))) == stored


def test_a_warmed_engine_answers_as_a_cold_one(index_settings: Settings, embedder, engine: Engine) -> None:
    """`dafu serve` warms its engine before reporting ready (jieba, the model's first pass, archive
    names, promise lookup, agency names); warming changes what is fast, never what is answered."""
    import torch

    warm = Engine.load(index_settings, embedder=embedder, warm=True)
    assert "promises" in warm.__dict__ and "names" in warm.answerer.__dict__  # built before the first question
    assert torch.get_num_threads() == index_settings.query_threads == 1
    cold = Engine.load(index_settings, embedder=embedder)
    for question in ("GID链主企业的培育目标是多少？", "区科经委承诺过哪些AI相关的事？", "第057号提案的办理结果是什么？",
                     "昨晚的足球比赛谁赢了？", "养老服务有什么补贴？"):
        assert warm.ask(question).model_dump() == cold.ask(question).model_dump()
    filters = Filters(agency="区科经委", year=2025)
    assert warm.ask("有哪些政策？", filters=filters).model_dump() == cold.ask("有哪些政策？", filters=filters).model_dump()


def test_healthz_counts_live_chunks_after_a_one_file_update(tmp_path: Path, embedder, monkeypatch: pytest.MonkeyPatch) -> None:
    """An update keeps the replaced chunks' ids (their vectors stay on disk, never returned): /healthz
    counts the chunks a search can return, as a full build of the changed archive would."""
    import shutil

    import indexer.update
    from tests.conftest import FIXTURE_REPLIES, REAL_REPLY

    monkeypatch.setattr(indexer.update, "REMOVED_AT_MOST", 0.5)  # a small archive: one reply is a large share
    archive = tmp_path / "archive"
    archive.mkdir()
    changed = archive / "pudong-mzj-2025-09.txt"
    shutil.copy(REAL_REPLY, archive / REAL_REPLY.name)
    shutil.copy(FIXTURE_REPLIES / changed.name, changed)
    root = tmp_path / "index"
    build_index([archive], root, embedder)
    changed.write_text(changed.read_text(encoding="utf-8").replace("10家", "12家"), encoding="utf-8")
    summary = build_index([archive], root, embedder)
    assert summary.updated

    settings = Settings(index=root)
    engine = Engine.load(settings, embedder=embedder)
    with TestClient(create_app(settings, engine=engine)) as client:
        health = client.get("/healthz").json()
    assert health["chunks"] == summary.chunks == engine.index.manifest["counts"]["chunks"]
    assert health["chunks"] < len(engine.index.chunks)  # the replaced chunks' ids are still there, not counted


def test_promise_postings_are_read_from_indexes_alone(synthetic_engine: Engine) -> None:
    """A topic's postings and each commitment's filter columns come from two narrow indexes, never
    from the wide commitment rows (at 100k replies that join read a large row per posting)."""
    documents = synthetic_engine.index.documents
    where, params = synthetic_engine.promises.conditions(synthetic_engine.promises.parse("2019年答复时承诺过哪些养老相关的事？"))
    plan = " ".join(row[3] for row in documents.db.execute(
        f"EXPLAIN QUERY PLAN {documents.postings_sql(2, where)}", ("养老", "教育", *params)))
    assert documents.promise_indexes
    assert "COVERING INDEX commitment_terms_postings" in plan and "COVERING INDEX commitments_columns" in plan
    # A candidate's tokens, scored while its bound can still reach the answer, come from a covering index too.
    candidates = [cid for _, _, cid in synthetic_engine.promises.bounds(
        synthetic_engine.promises.parse("承诺过哪些养老相关的事？"), synthetic_engine.promises.topic_words(
            synthetic_engine.promises.parse("承诺过哪些养老相关的事？")), None)][:5]
    assert documents.token_index and candidates
    plan = " ".join(row[3] for row in documents.db.execute(
        "EXPLAIN QUERY PLAN SELECT commitment_id, tokens FROM commitments INDEXED BY commitments_tokens "
        "WHERE commitment_id IN (?, ?)", candidates[:2]))
    assert "COVERING INDEX commitments_tokens" in plan
    assert {cid: (t.own, t.title) for cid, t in documents.commitment_tokens(candidates).items()} == {
        cid: tuple(json.loads(row)) for cid, row in documents.db.execute(
            f"SELECT commitment_id, tokens FROM commitments WHERE commitment_id IN ({','.join('?' * len(candidates))})",
            candidates)}


def test_a_body_the_archive_names_without_an_alias_is_who_promised_not_what(synthetic_engine: Engine) -> None:
    """"农业农村局承诺过哪些就业相关的事？": a body named as the archive names it (no alias group lists it) is the
    one that promised, as an alias is: its promises only, and no word of its name (农业, 农村) is a word of
    the topic. A topic word its name shares is still asked about (农业 of 农业农村局…农业相关)."""
    finder = synthetic_engine.promises
    agencies = [a for a in synthetic_engine.index.documents.columns.agencies if a]
    body = next(grammar.without_places(a) for a in agencies if grammar.without_places(a) not in
                {n for group in synthetic_engine.tokenizer.alias_groups for n in group})
    query = finder.parse(f"{body}承诺过哪些就业相关的事？")
    assert query.agency == body and query.topic == ["就业"]
    found = finder.find_query(query)
    assert all(grammar.same_agency(body, c.agency) for _, c in found)
    word = next(t for t in synthetic_engine.tokenizer.tokenize(body, expand=False) if len(t) >= 2 and t != body)
    same_word = finder.parse(f"{body}承诺过哪些{word}相关的事？")
    assert same_word.agency == body and same_word.topic == [word]


def test_an_index_built_before_the_promise_indexes_answers_the_same_and_an_update_adds_them(
        synthetic_engine: Engine, embedder, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    import shutil
    import sqlite3

    root = tmp_path / "index"
    shutil.copytree(synthetic_engine.settings.index, root, symlinks=True)
    with sqlite3.connect(root / "current" / "index.sqlite") as db:  # as a build of the previous format left it
        db.executescript("DROP INDEX commitment_terms_postings; DROP INDEX commitments_columns; "
                         "DROP INDEX commitments_tokens; CREATE INDEX commitment_terms_by_term ON commitment_terms (term);")
    questions = synthetic_promise_questions()[:12]
    with caplog.at_level("WARNING", logger="indexer.docstore"):
        old = Engine.load(Settings(index=root), embedder=embedder)
    assert not old.index.documents.promise_indexes and not old.index.documents.token_index
    assert "dafu index" in caplog.text
    for question in questions:
        assert old.ask(question).model_dump() == synthetic_engine.ask(question).model_dump()

    summary = build_index([synthetic_engine.settings.corpus], root, embedder)  # nothing changed: an update
    assert summary.updated
    updated = Engine.load(Settings(index=root), embedder=embedder)
    assert updated.index.documents.promise_indexes and updated.index.documents.token_index
    names = {name for (name,) in updated.index.documents.db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert "commitment_terms_by_term" not in names
    for question in questions:
        assert updated.ask(question).model_dump() == synthetic_engine.ask(question).model_dump()
