"""What a question names (service/about.py): agencies in the order the question names them, places
of the archive's agencies, and the short name an answer uses for an agency."""

from __future__ import annotations

from indexer.lexical import Tokenizer
from service.about import authority_words, find_about, place_names, short_agency
from service.engine import Engine


def test_agencies_come_in_the_order_the_question_names_them(engine: Engine) -> None:
    columns, tokenizer = engine.index.documents.columns, engine.tokenizer
    first = find_about("区数据局和区科经委分别做了什么？", columns, tokenizer)
    second = find_about("区科经委和区数据局分别做了什么？", columns, tokenizer)
    assert first.agencies == ["区数据局", "区科经委"] and first.agency == "区数据局"
    assert second.agencies == ["区科经委", "区数据局"] and second.agency == "区科经委"
    assert first.agency_sets == second.agency_sets[::-1]


def test_places_of_the_archives_agencies_at_every_level() -> None:
    places = place_names(["成都市武侯区教育局", "恩施土家族苗族自治州民政局", "教育部", None])
    # (an autonomous prefecture as people say it: without its kind and its nationalities, 恩施)
    assert places == ["恩施土家族苗族自治州", "成都市", "武侯区", "恩施", "成都", "武侯"]


def test_short_name_is_the_alias_of_the_agencys_own_level() -> None:
    tokenizer = Tokenizer()
    assert short_agency("上海市浦东新区科技和经济委员会", tokenizer) == "区科经委"
    assert short_agency("上海市科学技术委员会", tokenizer) == "市科委"
    # A county's body is never called by a district's short form, though both are local levels.
    assert short_agency("嵊泗县人力资源和社会保障局", tokenizer) == "人力资源和社会保障局"
    assert short_agency("成都市武侯区教育局", tokenizer) == "区教育局"


def test_the_government_named_in_general_scopes_a_question() -> None:
    assert authority_words("有关部门怎么解决看病挂号难？") == ["有关部门"]
    assert authority_words("养老服务方面政府做了什么？") == ["政府"]
    assert authority_words("区里打算怎么改善河道水质？") == ["区里"]
    assert authority_words("咱们县对老人有什么补贴？") == ["咱们县"]
    assert authority_words("农村客运和农村公路方面，部里和县里各做了哪些工作？") == ["部里", "县里"]  # a body's too
    assert authority_words("局里对这个建议怎么答复的？") == ["局里"]
    # Words that hold 政府 or 单位 inside another name are not the government in general.
    assert authority_words("区政府常务会议什么时候审议的？") == []
    assert authority_words("用人单位要交多少社保？") == []


def test_the_government_named_in_general_joins_the_scope_words(engine: Engine) -> None:
    about = find_about("有关部门对AI人才有什么支持？", engine.index.documents.columns, engine.tokenizer)
    assert about.authorities == ["有关部门"] and "有关部门" in about.scope_words and about.agency is None
