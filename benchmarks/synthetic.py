"""SYNTHETIC reply archives for benchmarks only: never for evaluation, never in corpus/.

Each file imitates the genre's layout (办理结果 / 公开属性 header, agency, document number, two-line
title, addressee, 一、/（一）/1. sections, promises and progress reports, closing with contact), with
agencies, places, years, topics, figures and wording drawn from seeded generators so that BM25
statistics are not degenerate. The text is machine-made nonsense in places; it is for speed and
memory measurements, and every file says it is synthetic in its last line.

    .venv/bin/python benchmarks/synthetic.py OUT_DIR --replies 10000 [--seed 7]

`FakeEmbedder` is a deterministic stand-in for the model (hashed character bigrams → 512 dims):
benchmarks use it where the model's cost is not the point, and say so beside each figure.
"""

from __future__ import annotations

import argparse
import random
import sys
import zlib
from pathlib import Path

import numpy as np

PROVINCES = ["浙江省", "江苏省", "广东省", "四川省", "湖南省", "山东省", "河南省", "云南省", "甘肃省", "黑龙江省",
             "福建省", "江西省", "安徽省", "湖北省", "贵州省", "吉林省", "陕西省", "山西省", "河北省", "辽宁省"]
CITIES = ["杭州市", "宁波市", "苏州市", "南京市", "广州市", "深圳市", "成都市", "绵阳市", "长沙市", "岳阳市", "济南市",
          "青岛市", "郑州市", "洛阳市", "昆明市", "大理市", "兰州市", "哈尔滨市", "福州市", "厦门市", "南昌市", "合肥市",
          "武汉市", "贵阳市", "长春市", "西安市", "太原市", "石家庄市", "沈阳市", "大连市"]
COUNTIES = ["西湖区", "鄞州区", "吴中区", "江宁区", "天河区", "南山区", "武侯区", "涪城区", "岳麓区", "历下区", "崂山区",
            "金水区", "五华区", "城关区", "南岗区", "鼓楼区", "思明区", "东湖区", "蜀山区", "江汉区", "云岩区", "朝阳区",
            "雁塔区", "小店区", "长安区", "和平区", "中山区", "桐庐县", "象山县", "昆山市", "溧水区", "从化区", "龙岗区",
            "双流区", "宁乡市", "章丘区", "即墨区", "新郑市", "宜良县", "榆中县"]
BODIES = [("发展和改革委员会", "发改"), ("教育局", "教"), ("科学技术局", "科"), ("工业和信息化局", "工信"),
          ("民政局", "民"), ("财政局", "财"), ("人力资源和社会保障局", "人社"), ("自然资源和规划局", "自然资源"),
          ("生态环境局", "环"), ("住房和城乡建设局", "建"), ("交通运输局", "交"), ("水利局", "水"),
          ("农业农村局", "农"), ("商务局", "商"), ("文化广电旅游局", "文旅"), ("卫生健康委员会", "卫健"),
          ("应急管理局", "应急"), ("市场监督管理局", "市场监管"), ("数据资源管理局", "数据"), ("医疗保障局", "医保")]
TOPICS = {
    "养老": ["社区长者食堂", "居家养老服务", "养老机构床位", "老年助餐点", "失能老人照护", "适老化改造", "养老护理员"],
    "教育": ["普惠性幼儿园", "中小学学位", "课后服务", "教师队伍", "职业教育实训基地", "校园食品安全", "特殊教育"],
    "交通": ["公交线路", "停车泊位", "慢行步道", "农村公路", "轨道交通接驳", "交通信号优化", "充电桩"],
    "医疗": ["社区卫生服务中心", "家庭医生签约", "互联网医院", "急救站点", "医保结算", "基层医疗人才", "慢病管理"],
    "产业": ["专精特新企业", "产业园区", "数字化转型", "智能工厂", "中小企业融资", "人工智能企业", "算力平台"],
    "环境": ["河湖治理", "垃圾分类", "污水管网", "大气污染防治", "土壤修复", "生态廊道", "噪声治理"],
    "就业": ["高校毕业生就业", "职业技能培训", "灵活就业人员", "创业担保贷款", "零工市场", "返乡创业", "技能人才"],
    "农业": ["高标准农田", "农产品冷链", "乡村旅游", "农村电商", "种业振兴", "家庭农场", "农村人居环境"],
    "文化": ["公共图书馆", "文化馆分馆", "非遗保护", "全民健身设施", "体育公园", "文物保护", "公共文化服务"],
    "数据": ["公共数据开放", "政务服务一网通办", "数据要素市场", "电子证照", "城市大脑", "数据安全", "智慧社区"],
}
VERBS = ["推进", "加强", "完善", "优化", "落实", "深化", "拓展", "提升", "健全", "规范"]
MEASURES = ["资金支持", "政策保障", "部门协同", "标准建设", "人才引育", "监督考核", "宣传引导", "试点示范", "数字赋能", "社会参与"]
UNITS = ["家", "个", "所", "项", "人次", "万元", "亿元", "公里", "张", "条", "座", "名"]
CATEGORIES = ["A", "B", "C", "解决或采纳", "列入计划拟解决", "留作参考", "A类", "B类"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰建国志红文斌宇浩凯"
NUMERALS = "一二三四五六七八九十"


def _place(rng: random.Random) -> tuple[str, str]:
    """(full place prefix, short prefix for document numbers)."""
    level = rng.random()
    province = rng.choice(PROVINCES)
    if level < 0.2:
        return province, province[0]
    city = rng.choice(CITIES)
    if level < 0.55:
        return province + city, city[:2]
    county = rng.choice(COUNTIES)
    return city + county, county[:2]


def _figure(rng: random.Random) -> str:
    return f"{rng.choice([rng.randint(2, 99), rng.randint(100, 9999), round(rng.uniform(1, 50), 1)])}{rng.choice(UNITS)}"


def _sentence(rng: random.Random, subject: str, year: int) -> str:
    kind = rng.random()
    verb, measure = rng.choice(VERBS), rng.choice(MEASURES)
    if kind < 0.1:
        return f"截至{year - 1}年底，全{rng.choice(['区', '市', '县', '省'])}已累计建成{subject}{_figure(rng)}，覆盖{rng.randint(40, 100)}%的街镇。"
    if kind < 0.2:
        deadline = rng.choice([f"到{year + rng.randint(0, 2)}年底", f"计划于{year}年第{rng.choice('一二三四')}季度", f"力争{year + 1}年", "年内"])
        return f"{deadline}，{verb}{subject}建设，新增{subject}{_figure(rng)}，{measure}同步到位。"
    if kind < 0.4:
        return f"{year - 1}年共投入{measure}资金{round(rng.uniform(0.1, 30), 2)}亿元，带动社会投资{_figure(rng)}，服务群众{rng.randint(1, 900)}万人次。"
    if kind < 0.5:
        return f"我{rng.choice(['局', '委', '办'])}将会同相关部门{verb}{subject}{measure}，研究制定《关于{verb}{subject}的实施意见》，明确责任分工和时间节点。"
    if kind < 0.75:
        return f"{rng.choice(['目前', '近年来', '总体看'])}，{subject}{rng.choice(['布局逐步完善', '服务能力持续增强', '运行总体平稳', '群众满意度有所提高'])}，但{rng.choice(['区域分布不均衡', '专业人才仍然短缺', '资金来源较为单一', '信息共享不够充分'])}。"
    return f"针对提案提出的{subject}{rng.choice(['覆盖不足', '供给不均', '标准不一', '资金短缺', '管理分散'])}问题，{verb}{measure}，建立{rng.choice(['联席会议', '定期通报', '第三方评估', '动态监测'])}机制。"


def synthetic_reply(n: int, rng: random.Random) -> tuple[str, str]:
    """(file name, text) of synthetic reply number n."""
    place, short = _place(rng)
    body, abbreviation = rng.choice(BODIES)
    agency = place + body
    year = rng.randint(2016, 2025)
    serial = rng.randint(1, 400)
    doc_number = f"{short}{abbreviation}{rng.choice(['提', '建', '办理', '函'])}{rng.choice(['〔', '（'])}{year}{rng.choice(['〕', '）'])}{serial}号"
    kind = rng.choice(["提案", "建议"])
    session = f"{rng.choice(['十三', '十四', '七', '八', '十五'])}届{rng.choice(['人大', '政协'])}{rng.choice(NUMERALS[:5])}次会议"
    topic = rng.choice(list(TOPICS))
    subjects = rng.sample(TOPICS[topic], 3)
    proposal_number = f"{rng.randint(1, 999):03d}"
    proposer = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.randint(1, 2)))
    lines = [
        f"办理结果：{rng.choice(CATEGORIES)}", "", "公开属性：主动公开", "", agency, "", doc_number, "",
        f"对{place}{session}", "", f"第 {proposal_number} 号{kind}的答复", "", f"{proposer}{'委员' if kind == '提案' else '代表'}：", "",
        f"您提出的《关于{rng.choice(VERBS)}{subjects[0]}的{kind}》（第 {proposal_number} 号）收悉，经研究，现答复如下：", "",
    ]
    for s, heading in enumerate(rng.sample(["基本情况", "主要做法", "存在的问题", "下一步工作", "对建议的答复", "工作成效"], rng.randint(2, 4))):
        lines += [f"{NUMERALS[s]}、{heading}", ""]
        for sub in range(rng.randint(1, 3)):
            subject = rng.choice(subjects)
            lines += [f"（{NUMERALS[sub]}）{rng.choice(VERBS)}{subject}{rng.choice(MEASURES)}", ""]
            for _ in range(rng.randint(1, 3)):
                lines += ["".join(_sentence(rng, rng.choice(subjects), year) for _ in range(rng.randint(2, 4))), ""]
    lines += ["感谢您对我们工作的关心和支持，欢迎继续提出宝贵意见。", "", agency, "", f"{year}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日", "",
              f"联系人：{rng.choice(SURNAMES)}{rng.choice(GIVEN)}", "", f"联系电话：0{rng.randint(10, 999)}-{rng.randint(2000000, 89999999)}", "",
              "（本件为合成数据，仅供性能测试 SYNTHETIC BENCHMARK DATA）", ""]
    return f"synthetic-{n:06d}.txt", "\n".join(lines)


def generate(folder: Path, replies: int, seed: int = 7) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    for n in range(replies):
        name, text = synthetic_reply(n, rng)
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "README.md").write_text("SYNTHETIC reply archive generated by benchmarks/synthetic.py for speed and "
                                       "memory benchmarks only; not real replies, not for evaluation.\n", encoding="utf-8")
    return folder


class FakeEmbedder:
    """Deterministic stand-in for the model: character bigrams hashed (crc32) into `dimension`
    buckets, L2-normalised. Similar texts get similar vectors, so ANN recall is not measured on
    pure noise; its cost is microseconds, so build and query timings show everything but the model."""

    def __init__(self, name: str = "fake-bigram-hash", dimension: int = 512) -> None:
        self.name, self.dimension = name, dimension

    def encode(self, texts: list[str], *, progress: bool = False) -> np.ndarray:
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for row, text in enumerate(texts):
            buckets = [zlib.crc32(text[i : i + 2].encode("utf-8")) % self.dimension for i in range(len(text) - 1)]
            if buckets:
                out[row] = np.bincount(buckets, minlength=self.dimension)
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.where(norms == 0, 1, norms)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path)
    parser.add_argument("--replies", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    generate(args.out, args.replies, args.seed)
    print(f"{args.replies} synthetic replies in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
