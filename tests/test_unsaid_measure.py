"""A figure that shares the question's words and measures another thing (service/unsaid.py, measure_unsaid): a limit in
working days for a clock time (几点开饭 vs 7个工作日内完成审核), a programme's fund or a grant for the cost of one thing
(建一个要花多少钱 vs 专项资金600万元, 每个补助15万元), an allowance for a wage (每月工资多少 vs 每月300元岗位津贴), a running
total for one year's new ones (2020年当年新建了多少 vs 2017年以来累计建成126个), dates for a quantity (规模是多少 vs 将于
2022年底前扩大试点). Real model, real FAISS/BM25 index over a fictional reply (tests/fixtures/unsaid-measure/README.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

from service.engine import Engine
from service.unsaid import (
    duration_for_clock,
    measures_said,
    money_measure_asked,
    only_dates_for_count,
    other_measure_of_money,
    running_total_for_year,
)
from tests.conftest import index_with
from tests.test_plain_words import said

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "unsaid-measure"


@pytest.fixture(scope="module")
def measure_engine(tmp_path_factory: pytest.TempPathFactory, archive: Path, embedder) -> Engine:
    return Engine.load(index_with(tmp_path_factory, embedder, archive, FIXTURES, "unsaid-measure"), embedder=embedder)


@pytest.mark.parametrize("question", [
    "柯城区的老年食堂中午几点开饭？",                # 7个工作日内完成审核 is how long, not when
    "柯城区建一个村级养老服务站平均要花多少钱？",    # a fund for every station, and a grant per station
    "柯城区养老护理员每月工资多少？",                # 300元岗位津贴 is an allowance on top of a wage
    "柯城区2020年当年新建了多少个老年助餐点？",      # 126个 is every one built since 2017
])
def test_a_figure_of_another_measure_is_no_answer(measure_engine, question):
    answer = measure_engine.ask(question)
    assert answer.abstained, answer.answer


@pytest.mark.parametrize(("question", "fact"), [
    ("柯城区老年人申请助餐补贴，审核要几个工作日？", "7个工作日"),
    ("柯城区新建的村级养老服务站，每个能补助多少钱？", "15万元"),
    ("柯城区2021年安排了多少村级养老服务站建设专项资金？", "600万元"),
    ("柯城区养老护理员每月的岗位津贴是多少？", "300元"),
    ("柯城区一共建成了多少个老年助餐点？", "126个"),  # a running total answers how many there are
])
def test_the_sentence_of_the_asked_measure_answers(measure_engine, question, fact):
    answer = measure_engine.ask(question)
    assert not answer.abstained and fact in said(answer), answer.answer


def test_a_span_of_days_is_no_clock_time():
    assert duration_for_clock("长者食堂中午几点开饭？", "由社区受理，区民政局在10个工作日内完成审核。")
    assert duration_for_clock("热线几点有人接听？", "市民来电反映的问题24小时内答复。")
    assert not duration_for_clock("长者食堂中午几点开饭？", "食堂每天11:00开始供应午餐，10个工作日内办好就餐卡。")
    assert not duration_for_clock("窗口几点开门？", "窗口工作日对外办公。")  # a day of work is no span counted
    assert not duration_for_clock("审核要几个工作日？", "区民政局在10个工作日内完成审核。")  # a span asked


def test_a_sum_measures_what_the_word_before_it_or_the_noun_after_it_names():
    assert measures_said("县里整合农业综合开发和扶贫资金1200万元，对新建的贮藏窖每立方米补助120元。") == ["fund", "grant"]
    assert measures_said("县财政给予每人每月800元生活补助。") == ["grant"]  # (after a month, the noun after it)
    assert measures_said("每座贮藏窖造价约40万元。") == ["cost"]
    assert measures_said("免收3年摊位费。") == ["charge"]
    assert measures_said("按核定修缮费用的60%给予补助。") == ["share"]
    # 费用 is what a thing costs, not a fee ending in 费 (修缮费): read one character early it made the cost unsaid.
    assert measures_said("每座修缮费用约20万元。") == ["cost"]
    assert measures_said("项目总费用30万元。") == ["cost"]
    assert measures_said("县里共拿出860万元。") == [""]


def test_the_measure_asked_is_read_from_the_question():
    assert money_measure_asked("梅州修缮一座围龙屋，平均下来要花多少钱？") == ("cost", True)
    assert money_measure_asked("夜市街区建设总投资是多少？") == ("cost", False)
    assert money_measure_asked("医学生毕业后每月工资多少？") == ("wage", False)
    assert money_measure_asked("6个县一共拿出了多少钱补偿损失？") == ("spent", False)
    assert money_measure_asked("坐一次校车要交多少钱？")[0] == ""   # a charge: wrong_way reads it
    assert money_measure_asked("参观博物馆要花多少钱？")[0] == ""   # a price, no thing built


def test_a_grant_fund_fee_or_share_is_not_a_cost_or_a_wage():
    one = "围场建一座100吨的种薯贮藏窖，总共要花多少钱？"
    assert other_measure_of_money(one, "整合资金1200万元建设贮藏窖，单个贮藏窖最高补助30万元。")
    assert not other_measure_of_money(one, "一座100吨的贮藏窖造价约40万元，县里补助30万元。")
    assert not other_measure_of_money(one, "建一座贮藏窖约需30万元。")  # a sum its words do not name
    # a fund is the cost of a project asked as a whole, not of one thing of many
    assert not other_measure_of_money("里运河夜市街区建设总投资是多少？", "区里安排夜市街区建设资金2000万元。")
    assert other_measure_of_money("里运河夜市街区建设总投资是多少？", "对夜市摊位免收3年摊位费。")
    assert other_measure_of_money("医学生毕业后每月工资多少？", "县财政给予每人每月800元生活补助。")
    assert not other_measure_of_money("医学生毕业后每月工资多少？", "定向医学生毕业后月工资约4500元。")
    assert other_measure_of_money("6个县一共拿出了多少钱补偿损失？", "为农户免费发放防护网。")
    assert not other_measure_of_money("6个县一共拿出了多少钱补偿损失？", "6个县共安排补偿资金860万元。")


def test_a_running_total_is_not_one_years_figure():
    asked = "龙岗区2022年当年新建了多少个充电端口？"
    assert running_total_for_year(asked, "截至2023年4月，全区已建成充电端口9.6万个。")
    assert running_total_for_year(asked, "全区电动自行车保有量约110万辆。")  # a stock
    assert not running_total_for_year(asked, "2022年，全区新建充电端口2.1万个。")
    assert not running_total_for_year("龙岗区2022年以来新建了多少个充电端口？", "截至2023年4月，已建成充电端口9.6万个。")
    assert not running_total_for_year("龙岗区一共建成了多少个充电端口？", "截至2023年4月，已建成充电端口9.6万个。")


def test_dates_alone_state_no_quantity():
    asked = "2022年全国跨境电商外汇收支规模是多少？"
    assert only_dates_for_count(asked, "我局将于2022年底前扩大试点，并推动银行在2022年内提供线上服务。")
    assert not only_dates_for_count(asked, "2022年，跨境电商外汇收支规模达到2300亿美元。")
    assert not only_dates_for_count("参与的企业有多少？", "2021年，全市十二家企业参与试点。")  # in Chinese numerals
