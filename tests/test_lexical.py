"""The tokenizer's vocabulary fixes: aliases on word and level boundaries, question words."""

from __future__ import annotations

import pytest

from indexer.lexical import QUESTION_STOPWORDS, Tokenizer


@pytest.fixture(scope="module")
def tokenizer():
    return Tokenizer()


@pytest.mark.parametrize("text", ["Please email the office", "how do they maintain the park"])
def test_latin_words_containing_ai_do_not_expand_to_artificial_intelligence(tokenizer, text):
    assert "人工智能" not in tokenizer.tokenize(text)


def test_ai_as_a_word_still_expands(tokenizer):
    assert "人工智能" in tokenizer.tokenize("浦东的AI产业")
    assert "人工智能" in tokenizer.tokenize("浦东的 AI 产业")


def test_equivalents_are_whole_alias_names_of_every_group_naming_the_word(tokenizer):
    assert {"人工智能", "ai", "aigc", "大模型"} <= tokenizer.equivalents("AI")
    assert tokenizer.equivalents("人工智能") == tokenizer.equivalents("ai")
    assert tokenizer.equivalents("智能") == {"智能"}  # a piece of a name is no alias of it
    assert Tokenizer(aliases=False).equivalents("AI") == {"ai"}


def test_a_city_commission_does_not_expand_to_the_district_commission(tokenizer):
    city = tokenizer.tokenize("市科委有什么政策")
    assert "科经委" not in city and "经济" not in city
    district = tokenizer.tokenize("区科经委有什么政策")
    assert "科技" in district and "经济" in district


@pytest.mark.parametrize("fitted", ["多长时间", "各自", "么样", "钱", "一家"])
def test_question_stopwords_hold_no_word_fitted_to_evaluation_questions(fitted):
    assert fitted not in QUESTION_STOPWORDS


def test_multi_word_interrogatives_leave_no_pieces(tokenizer):
    tokens = tokenizer.tokenize("办理进度怎么样，需要多长时间")
    assert not {"么样", "怎么样", "长时间", "多长时间", "多长"} & set(tokens)
    assert "办理" in tokens and "进度" in tokens


def test_a_count_asked_with_the_classifier_bu_is_a_question_word_not_a_token():
    """几部电梯, 多少部: 部 counts machines and vehicles (电梯, 车, 手机); the question word is no word a reply writes."""
    tokens = Tokenizer().tokenize("新海街道已经装好了几部电梯？", expand=False)
    assert "几部" not in tokens and "电梯" in tokens and "街道" in tokens
