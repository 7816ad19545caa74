"""A payment or a charge, in the words both sides use: the verbs of paying (交, 缴, 付, 支付, 买 a ticket) and of
levying (收, 收取, 收费) or bearing (承担) a charge, the nouns of fees (费, 票, 租, 押金) and of the sum (钱, 价), and a
concession on a charge (减半, 免费).

A question names a charge with them (service/asked.py: "参观要买门票吗", "停车收费吗"), and a reply's concession rules
on a proposition about paying (service/quotes.py: 要交全额费用吗 → 减半收取), never on one about receiving or doing.
"""

from __future__ import annotations

import re

# The nouns of a fee: what is paid for a service (费: 停车费, 服务费), to get in or ride (票: 门票, 车票), to use a place
# (租, 租金: 房租) or as a pledge (押金).
FEE_NOUNS = r"票|费|租|租金|押金"
# A charge named by its noun after a spoken verb of paying or levying one (买门票, 交房租, 缴押金, 付停车费, 收租), or the
# levying itself (收费). (The noun must follow: 买 alone is buying, 收 alone receiving.)
CHARGE_PAID = rf"(?:[买交缴付收](?:[\u4e00-\u9fff]{{0,2}}?(?:{FEE_NOUNS}))|收费)"
# ...asked as whether it is paid ("要交房租吗", "还要买票吗", "停车收费吗").
CHARGE_ASKED = rf"(?:要|需要|得|还要)(?:{CHARGE_PAID})吗|收费吗"

# The verbs of paying and of levying or bearing a charge, written or spoken, with their own guards: 交 of 公交, 提交,
# 移交, 递交, 交通, 交流, 交往 pays nothing, and 付 pays only with its object (付费, 付钱, 付款; 对付, 应付 do not).
PAYING_VERBS = r"(?<![公提移递])交(?![通流往])|缴|支付|付[费钱款]|收取|承担"
# The sum itself: 钱, 价 (票价, 全价), not 评价 or 价值.
SUM_NOUNS = r"钱|(?<!评)价(?!值)"
# A proposition about a charge: paying or levying it, a fee (费, or a noun of a fee after a verb of paying: 买门票,
# 交房租; 票 or 租 alone is no charge: 出租车, 投票), or its sum.
CHARGE = re.compile(rf"{CHARGE_PAID}|{PAYING_VERBS}|费|{SUM_NOUNS}")

# A concession on a charge, as replies grant it: cut (减半收取, 半价, 八折, 减免) or waived (免费, 免收). (一折页 is a leaflet.)
CHARGE_CONCESSION = re.compile(r"减半|半价|减免|免费|免收|[一二三四五六七八九]折(?!页)")
