"""The message catalogue: every text a person reads, in Chinese and English, under a code.

Two tables, both plain data:

``MESSAGES``
    Statements with named parameters, keyed by a stable code that the JSON
    report carries beside the text (``rule.income.below``, ``finding.income``,
    ``source.gave_up``, …), and the wording of the printable report
    (``page.*``).  A template is a ``str.format`` string; a field's format spec
    names how its value is written in each language: a ``LABELS`` table
    (``{scope:scope}`` → 税务 / tax) or one of ``member`` (a member index, shown
    counting from 1: 成员2 / member 2), ``members`` (a list of them),
    ``sources`` (``[{member_index, scope, status}]``), ``vehicles``
    (``[{kind, use, estimated_value}]``), ``messages`` (nested ``{code,
    params}``) and ``attempt_outcome`` (``http_503`` → 状态码 503).  A field
    without a spec is written as it is (amounts, counts, dates, ids).

``LABELS``
    The names of the codes the reports use (scopes, statuses, categories, rule
    ids, …); an unknown code is shown as it is.  The scopes' names are not
    written here: each connector declares its own (``display_name``).

Both languages of an entry sit side by side, so adding a code means writing
both; ``tests/verification/messages`` fails when a code lacks either, when the
two differ in their parameters, or when a code used in the source is missing.
Why not gettext/Babel: the JSON carries the codes themselves (not English
source strings as message ids), and two languages of a few hundred short
entries need no compiled catalogues or extraction tool; a typed table is
checked by mypy and the tests as it stands.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Final

from connectors.sdk.discovery import installed_sources
from connectors.sdk.source import SourceCatalogue
from verification.messages.locale import Locale


@dataclass(frozen=True, slots=True)
class Text:
    zh_cn: str
    en: str

    def of(self, locale: Locale) -> str:
        return self.zh_cn if locale is Locale.ZH_CN else self.en


class _SourceNames(Mapping[str, Text]):
    """The names of the installed sources (``display_name`` of each connector, found by
    ``connectors.sdk.discovery``), read at first use, not at import: a plugin's source is
    named in reports with no entry here."""

    def _names(self) -> Mapping[str, Text]:
        return _source_names(installed_sources())

    def __getitem__(self, scope: str) -> Text:
        return self._names()[scope]

    def __iter__(self) -> Iterator[str]:
        return iter(self._names())

    def __len__(self) -> int:
        return len(self._names())


@functools.cache
def _source_names(sources: SourceCatalogue) -> Mapping[str, Text]:
    return {s.scope: Text(s.name.zh_cn, s.name.en) for s in sources}


MESSAGES: Final[Mapping[str, Text]] = {
    # a text stored before messages had codes (reports and batch results of older
    # versions), shown as it was written
    "verbatim": Text("{text}", "{text}"),
    # -- rules: why a rule passed, failed or could not be assessed ----------------------
    "rule.evidence_missing": Text(
        "缺少数据：{sources:sources}", "evidence missing: {sources:sources}"
    ),
    "rule.sources_complete.passed": Text(
        "所有必需的数据来源均已返回", "every required source answered"
    ),
    "rule.identity.unknown": Text(
        "{member_index:member}在公安户籍中查无此人",
        "{member_index:member} unknown to public security",
    ),
    "rule.identity.name_mismatch": Text(
        "{member_index:member}姓名与户籍登记不一致",
        "{member_index:member}: name differs from the register",
    ),
    "rule.identity.passed": Text("全部成员身份已核实", "every member confirmed"),
    "rule.composition.changed": Text(
        "家庭成员发生变化，请更新申请", "household changed, update the application"
    ),
    "rule.composition.deceased": Text(
        "{member_index:member}已死亡（{date}）", "{member_index:member} deceased ({date})"
    ),
    "rule.composition.deceased_undated": Text(
        "{member_index:member}已死亡（日期不详）", "{member_index:member} deceased (date unknown)"
    ),
    "rule.composition.moved_out": Text(
        "{member_index:member}已迁出户籍", "{member_index:member} moved out of the registration"
    ),
    "rule.composition.passed": Text("无成员死亡或迁出", "no member deceased or moved out"),
    "rule.income.no_living_member": Text("无在世成员", "no living member"),
    "rule.income.below": Text(
        "人均月收入 {per_capita} 元，低于月保障标准 {standard} 元",
        "per-capita income {per_capita} below the standard {standard}",
    ),
    "rule.income.not_below": Text(
        "人均月收入 {per_capita} 元，不低于月保障标准 {standard} 元",
        "per-capita income {per_capita} not below the standard {standard}",
    ),
    "rule.financial.within": Text(
        "金融资产 {total} 元，未超过上限 {limit} 元",
        "financial assets {total} within the limit {limit}",
    ),
    "rule.financial.exceeds": Text(
        "金融资产 {total} 元，超过上限 {limit} 元",
        "financial assets {total} exceed the limit {limit}",
    ),
    "rule.vehicle.held": Text(
        "持有非豁免车辆：{vehicles:vehicles}", "non-exempt vehicles held: {vehicles:vehicles}"
    ),
    "rule.vehicle.passed": Text("无非豁免车辆", "no non-exempt vehicle"),
    "rule.housing.too_many_residences": Text(
        "住房 {residences} 套，超过上限 {max_residences} 套",
        "{residences} residences, more than {max_residences}",
    ),
    "rule.housing.commercial": Text(
        "有商业用房 {commercial} 处", "{commercial} commercial properties"
    ),
    "rule.housing.passed": Text("住房未超过限制", "housing within the limits"),
    "rule.wages.unexplained": Text(
        "{member_indexes:members}缴存住房公积金，但税务无工资记录，请核实就业情况",
        "{member_indexes:members} pay into provident fund but tax shows no wages: check employment",
    ),
    "rule.company.held": Text(
        "{member_indexes:members}为存续（在业）企业的法定代表人或股东（{count} 家企业）",
        "{member_indexes:members} legal representative or shareholder of {count} company(ies) "
        "in business",
    ),
    "rule.company.passed": Text(
        "家庭成员不是存续企业的法定代表人或股东", "no member runs or holds shares in a company"
    ),
    "rule.company.not_applied": Text(
        "本地政策未把经营企业列为财产条件", "the local policy sets no rule on companies held"
    ),
    "rule.wages.passed": Text("住房公积金与税务记录一致", "provident-fund and tax records agree"),
    "rule.single_person.not_provided": Text(
        "政策 {policy} 未规定单人户", "policy {policy} provides no single-person household"
    ),
    "rule.single_person.age_unknown": Text("年龄不详", "age unknown"),
    "rule.single_person.under_age": Text(
        "{member_index:member}{age} 岁，未满 {min_age} 岁",
        "{member_index:member} is {age}, under {min_age}",
    ),
    "rule.single_person.not_disabled": Text(
        "{member_index:member}未申报重度残疾",
        "{member_index:member} is not declared severely disabled",
    ),
    "rule.single_person.tax_missing": Text(
        "缺少税务记录，无法确认就业情况", "tax records missing: employment unknown"
    ),
    "rule.single_person.employed": Text(
        "{member_index:member}有工资或经营所得", "{member_index:member} has wage or business income"
    ),
    "rule.single_person.passed": Text(
        "{member_index:member}单独核对：已成年（{age} 岁），无工资或经营所得，"
        "按申报为重度残疾（未查询残疾人登记数据）",
        "{member_index:member} assessed alone: adult ({age}), no wage or business income, "
        "severe disability as declared (no disability-registry source is queried)",
    ),
    "rule.single_person.edge_candidate": Text(
        "{member_index:member}属低保边缘家庭中的{categories:single_person_categories}，"
        "可单独提出低保申请（按“单人户”核对）。依据：{citation}",
        "{member_index:member} of a low-income edge household is "
        "{categories:single_person_categories} and may apply alone (as a single-person "
        "household). Source: {citation}",
    ),
    "rule.single_person.support_exemptable": Text(
        "{member_index:member}申报兄弟姐妹或60周岁及以上老年人给付的供养费用每月 {amount} 元，"
        "可视情适当豁免（本报告未扣减，由经办人员决定）。依据：{citation}",
        "{member_index:member} declared support of {amount} a month paid by siblings or people "
        "aged 60 or over: it may be disregarded at the caseworker's discretion (not deducted "
        "here). Source: {citation}",
    ),
    # -- the allowance: 差额 or 分档, and the work-refusal cut ----------------------------
    "rule.allowance.difference": Text(
        "按差额计算：（月保障标准 − 人均月收入）× {persons} 人。依据：{citation}",
        "computed as the difference: (monthly standard − per-capita income) × {persons} "
        "person(s). Source: {citation}",
    ),
    "rule.allowance.tiered": Text(
        "按分档计算：第 {tier} 档（差距不超过保障标准的 {gap_limit}），每人每月按标准的 "
        "{fraction} 发给 {per_person} 元，共 {persons} 人。依据：{citation}",
        "computed by tier: tier {tier} (gap at most {gap_limit} of the standard), "
        "{fraction} of the standard a person, {per_person} a month, for {persons} person(s). "
        "Source: {citation}",
    ),
    "rule.work_refusal.cut": Text(
        "{member_index:member}无正当理由连续 {refusals} 次拒绝介绍的工作（达到 {threshold} 次），"
        "减发或停发其本人的低保金：本人份额每月 {share} 元，减发 {cut} 元；"
        "其他成员的份额不受影响。依据：{citation}",
        "{member_index:member} refused suitable work without good reason {refusals} times in a "
        "row (threshold {threshold}): their own share of {share} a month is cut by {cut}; the "
        "other members keep theirs. Source: {citation}",
    ),
    "rule.work_refusal.cut_undetermined": Text(
        "{member_index:member}无正当理由连续 {refusals} 次拒绝介绍的工作（达到 {threshold} 次），"
        "应减发或停发其本人的低保金（本人份额每月 {share} 元）；其他成员的份额不受影响。"
        "依据：{citation}",
        "{member_index:member} refused suitable work without good reason {refusals} times in a "
        "row (threshold {threshold}): their own share of {share} a month is to be reduced or "
        "stopped; the other members keep theirs. Source: {citation}",
    ),
    "policy.work_refusal.fraction_left_to_local": Text(
        "{member_indexes:members}的低保金减发幅度由各地规定，本地区尚未设定，"
        "本报告不计算建议保障金额，请经办人员按本地规定确定。出处：{citation}",
        "how much of {member_indexes:members}'s own share is withheld is for local government "
        "to set and this region has not: no allowance is suggested; the caseworker decides by "
        "the local rule. Source: {citation}",
    ),
    "policy.allowance.tiers_missing": Text(
        "本地区规定按分档计算低保金，但未设定档次，本报告不计算建议保障金额。出处：{citation}",
        "this region computes the allowance by tier but has set no tiers: no allowance is "
        "suggested. Source: {citation}",
    ),
    "policy.allowance.tiered_not_permitted": Text(
        "本地区规定按分档计算低保金，但核对日适用的规定不允许分档，本报告不计算建议保障金额。"
        "出处：{citation}",
        "this region computes the allowance by tier, which the rules in force on the assessment "
        "date do not permit: no allowance is suggested. Source: {citation}",
    ),
    # -- 刚性支出困难家庭 (认定办法 第四条) ------------------------------------------------
    "rule.hardship.in_dibao": Text(
        "符合低保条件，不另行认定刚性支出困难家庭。依据：{citation}",
        "eligible for the minimum living allowance: not assessed as a rigid-spending hardship "
        "household. Source: {citation}",
    ),
    "rule.hardship.edge": Text(
        "属低保边缘家庭，不认定为刚性支出困难家庭。依据：{citation}",
        "a low-income edge household: not a rigid-spending hardship household. Source: {citation}",
    ),
    "rule.hardship.dibao_undecided": Text(
        "低保核对需人工复核，尚不能确定未纳入低保",
        "the allowance assessment needs review: not yet known to be outside the allowance",
    ),
    "policy.hardship.left_to_local": Text(
        "“{parameter:policy_parameter}”由各地规定，本地区尚未设定，"
        "无法判断是否为刚性支出困难家庭。出处：{citation}",
        "{parameter:policy_parameter} is for local government to set and this region has not: "
        "whether this is a rigid-spending hardship household cannot be assessed. "
        "Source: {citation}",
    ),
    "rule.hardship.income_below": Text(
        "人均年收入 {per_capita_annual} 元，低于上年度当地居民人均可支配收入 {line} 元。"
        "依据：{citation}",
        "per-capita income of {per_capita_annual} a year, below last year's local per-capita "
        "disposable income of {line}. Source: {citation}",
    ),
    "rule.hardship.income_not_below": Text(
        "人均年收入 {per_capita_annual} 元，不低于上年度当地居民人均可支配收入 {line} 元。"
        "依据：{citation}",
        "per-capita income of {per_capita_annual} a year, not below last year's local "
        "per-capita disposable income of {line}. Source: {citation}",
    ),
    "rule.hardship.income_unknown": Text(
        "家庭收入无法核实，无法与上年度当地居民人均可支配收入比较",
        "the household's income could not be verified: it cannot be compared with last year's "
        "local per-capita disposable income",
    ),
    "rule.hardship.spending_income_unknown": Text(
        "家庭收入无法核实，无法判断刚性支出是否超过其规定比例",
        "the household's income could not be verified: whether rigid spending is more than "
        "the set share of it cannot be assessed",
    ),
    "rule.hardship.property_within": Text(
        "家庭财产状况符合规定", "household property within the limits"
    ),
    "rule.hardship.property_exceeds": Text(
        "家庭财产状况不符合规定", "household property beyond the limits"
    ),
    "rule.hardship.property_unknown": Text(
        "家庭财产状况无法判定", "household property could not be assessed"
    ),
    "rule.hardship.spending_not_declared": Text(
        "未申报申请前 {months} 个月的刚性支出，无法判断",
        "no rigid spending declared for the {months} months before the application: "
        "cannot be assessed",
    ),
    "rule.hardship.spending_above": Text(
        "申请前 {months} 个月刚性支出 {spending} 元，超过同期家庭总收入 {income} 元的 {share} 倍。"
        "依据：{citation}",
        "rigid spending of {spending} over the {months} months before the application, more "
        "than {share} of the household's total income of {income} over them. Source: {citation}",
    ),
    "rule.hardship.spending_not_above": Text(
        "申请前 {months} 个月刚性支出 {spending} 元，"
        "未超过同期家庭总收入 {income} 元的 {share} 倍。依据：{citation}",
        "rigid spending of {spending} over the {months} months before the application, not "
        "more than {share} of the household's total income of {income} over them. "
        "Source: {citation}",
    ),
    # -- findings: declared versus verified ----------------------------------------------
    "finding.income": Text(
        "{member_index:member}{category:income_category}："
        "申报每月 {declared} 元，核实为 {verified} 元",
        "{member_index:member} {category:income_category}: declared {declared} a month, "
        "sources show {verified}",
    ),
    "finding.financial_assets": Text(
        "申报金融资产 {declared} 元，核实为 {verified} 元",
        "declared financial assets {declared}, sources show {verified}",
    ),
    "finding.insurance_cash_value": Text(
        "申报商业保险现金价值 {declared} 元，核实为 {verified} 元",
        "declared insurance cash value {declared}, sources show {verified}",
    ),
    "finding.vehicles": Text(
        "申报车辆 {declared} 辆，核实为 {verified} 辆",
        "declared {declared} vehicles, sources show {verified}",
    ),
    "finding.residences": Text(
        "申报住房 {declared} 套，核实为 {verified} 套",
        "declared {declared} residences, sources show {verified}",
    ),
    "finding.businesses": Text(
        "申报在业的个体工商户和企业 {declared} 家，核实为 {verified} 家",
        "declared {declared} businesses in operation, sources show {verified}",
    ),
    "finding.member_already_enrolled": Text(
        "{member_index:member}已在另一户在保家庭中",
        "{member_index:member} is already in another active enrolled household",
    ),
    "finding.member_verification_in_flight": Text(
        "{member_index:member}另有一次核对正在进行",
        "{member_index:member} is in another verification still in progress",
    ),
    "finding.member_integrity_listed": Text(
        "{member_index:member}在诚信记录期内（至 {listed_until} 止）：曾经确认其家庭申报的收入或"
        "财产不实。本项供核对人员参考，不单独改变核对结论",
        "{member_index:member} is on the integrity record until {listed_until}: a declaration "
        "of their household was confirmed to understate income or assets. For the caseworker's "
        "attention: it does not change the outcome by itself",
    ),
    # -- the integrity record: the notice to the household --------------------------------
    "integrity.notice": Text(
        "经核对，你家庭申报的收入或财产状况与核实情况不符：{findings:messages}。"
        "拟依规定记入诚信记录。你家庭可以自收到本告知之日起说明情况并提供相关证据材料；"
        "经核实确认后，记入诚信记录 {period_months} 个月。",
        "The verification found that your household's declaration of income or assets differs "
        "from what the sources show: {findings:messages}. It is proposed to be entered on the "
        "integrity record. Your household may explain and give evidence from the day it "
        "receives this notice; once confirmed, the entry stays on the record for "
        "{period_months} months.",
    ),
    "finding.relation_outside_members": Text(
        "{member_index:member}申报的关系为“{relation:declared_relation}”，"
        "不在共同生活的家庭成员范围内，请核实是否应计入家庭。依据：{citation}",
        "{member_index:member} is declared as {relation:declared_relation}, outside the household "
        "members the rules list: check whether they belong to the household. Source: {citation}",
    ),
    "finding.member_excluded_person": Text(
        "{member_index:member}申报为{excluded_as:excluded_person}，"
        "依规定不计入共同生活的家庭成员，请核实并更新申请。依据：{citation}",
        "{member_index:member} is declared as {excluded_as:excluded_person}, not counted as a "
        "household member under the rules: check and update the application. Source: {citation}",
    ),
    # -- deductions: the basis of each ----------------------------------------------------
    "deduction.employment_cost_wages": Text(
        "工资性收入扣除必要的就业成本：每月最多 {cap} 元，不超过当月收入",
        "necessary employment cost deducted from wages and labour income: up to {cap} a month, "
        "never more than the month's earnings",
    ),
    "deduction.employment_cost": Text(
        "通过扶贫项目就业：每月最多扣减 {cap} 元（政策规定）",
        "employed through a poverty-alleviation project: up to {cap} a month (policy)",
    ),
    "deduction.rigid_expense": Text(
        "{member_indexes:members}因重病或重度残疾申报刚性支出每月 {declared} 元",
        "declared illness/disability expenses of {declared} a month for {member_indexes:members}",
    ),
    "deduction.rigid_expense_capped": Text(
        "{member_indexes:members}因重病或重度残疾申报刚性支出每月 {declared} 元，"
        "按政策上限 {cap} 元扣减",
        "declared illness/disability expenses of {declared} a month for {member_indexes:members}, "
        "capped at {cap} (policy)",
    ),
    # -- reasons: the outcome explained ---------------------------------------------------
    "rule.obligors.assessed": Text(
        "按义务人的赡养（抚养、扶养）能力，每月计入家庭收入 {amount} 元（转移性收入）。"
        "依据：{citation}",
        "From the obligors' ability to support, {amount} a month is counted as the household's "
        "income (transfer income). Basis: {citation}",
    ),
    "rule.obligors.evidence_missing": Text(
        "有 {count} 项义务人收入查询未获答复，义务人的赡养能力无法判定",
        "{count} income queries about obligors were not answered: their ability to support "
        "cannot be assessed",
    ),
    "rule.obligors.evidence_awaited": Text(
        "其中 {count} 项的查询部门已受理、将稍后答复：核对等待其答复，"
        "答复收取后自动完成并出具新版报告",
        "of them, {count} were accepted by the agency, which answers later: the "
        "verification awaits the answer and completes with a new revision of the report "
        "once it is collected",
    ),
    "rule.obligors.no_policy": Text(
        "本地区政策未规定义务人赡养能力的认定标准，无法计算赡养费收入",
        "The region's policy states no line for an obligor's ability to support: support "
        "income cannot be computed",
    ),
    "rule.obligors.none_named": Text(
        "申请未列出赡养、抚养、扶养义务人；本核对无法确认其没有法定义务人",
        "The application names no support obligor; this verification cannot confirm that "
        "there is none",
    ),
    "rule.obligors.capable": Text(
        "列出的 {count} 名义务人中有人具有赡养（抚养、扶养）能力：不属于“三无”情形",
        "Of the {count} obligor(s) named, at least one is able to support: not a 三无 case",
    ),
    "rule.obligors.none_capable": Text(
        "列出的 {count} 名义务人均无履行赡养（抚养、扶养）义务的能力：符合“三无”中“法定义务人无履行"
        "义务能力”的条件（是否无生活来源、无劳动能力，由经办人员认定）",
        "None of the {count} obligor(s) named is able to support: the obligors' condition of "
        "三无 status is met (whether there is no source of living and no capacity to work is "
        "for the caseworker)",
    ),
    "rule.obligors.not_assessable": Text(
        "列出的 {count} 名义务人中未发现有赡养能力者，但有义务人的收入未能核实：赡养能力无法判定",
        "None of the {count} obligor(s) named was found able to support, but some could not "
        "be verified: their ability to support cannot be assessed",
    ),
    "reason.rule": Text("{rule:rule}：{details:messages}", "{rule:rule}: {details:messages}"),
    "reason.declaration_differs": Text(
        "申报与核对结果有 {count} 处不一致",
        "declaration differs from the sources in {count} place(s)",
    ),
    "reason.all_rules_passed": Text("各项规则均符合", "all rules passed"),
    # -- policy: the layered national policy on the assessment date ---------------------
    "policy.lapsed": Text(
        "政策参数“{label}”（{parameter}，{layer}）已于{lapsed_on}到期，未见后续规定；"
        "本次核对未适用该规定，请核实是否已有新的规定。出处：{citation}",
        "policy parameter {parameter} ({label}, {layer}) lapsed on {lapsed_on} with no "
        "successor on record; this verification did not apply it: check whether a new rule "
        "has been issued. Source: {citation}",
    ),
    "policy.capped": Text(
        "{layer}规定的“{label}”（{parameter}）为 {asked}，超过{ceiling_layer}规定的上限 {ceiling}；"
        "本次核对按上限 {ceiling} 适用。出处：{citation}",
        "{layer} sets {parameter} ({label}) to {asked}, above the ceiling of {ceiling} set by "
        "{ceiling_layer}; this verification applied the ceiling. Source: {citation}",
    ),
    "policy.exclusion_lapsed_counted": Text(
        "因上述规定到期，{category:income_category}已计入家庭收入",
        "as that rule lapsed, {category:income_category} was counted as household income",
    ),
    # -- sources: why a source gave no usable answer -------------------------------------
    "source.no_record": Text("该部门无此人记录", "the agency holds no record of this person"),
    "source.refused": Text("该部门拒绝了查询", "the agency refused the query"),
    "source.refused_with_code": Text(
        "该部门拒绝了查询（返回代码 {agency_code}）",
        "the agency refused the query (code {agency_code})",
    ),
    "source.rejected_answer": Text(
        "请求被拒绝或应答无法使用（{cause:attempt_outcome}）",
        "the request was refused or its answer unusable ({cause:attempt_outcome})",
    ),
    "source.malformed": Text(
        "返回数据格式有误（字段 {field}）", "malformed response (field {field})"
    ),
    "source.unparsable": Text("返回数据无法解析", "the response could not be parsed"),
    "source.unavailable": Text("该部门暂不可用", "the agency is unavailable"),
    "source.gave_up": Text(
        "尝试 {attempts} 次均未成功（最后一次：{cause:attempt_outcome}）",
        "gave up after {attempts} attempt(s) (last: {cause:attempt_outcome})",
    ),
    "source.deadline": Text(
        "核对时限已到，未能完成查询", "the verification's deadline passed before an answer"
    ),
    "source.deadline_after_fault": Text(
        "核对时限已到，未能完成查询（最后一次：{cause:attempt_outcome}）",
        "the verification's deadline passed before an answer (last: {cause:attempt_outcome})",
    ),
    "source.circuit_open": Text(
        "该部门连续故障，暂停查询（熔断）", "circuit breaker open: request not sent"
    ),
    "source.cancelled": Text(
        "核对时限已到，查询被取消", "cancelled after the verification deadline"
    ),
    "source.connector_failed": Text("接入程序出错（{error}）", "connector failed ({error})"),
    "source.not_installed": Text(
        "本服务未安装该数据来源的接入程序", "no connector of this source is installed"
    ),
    "source.pending": Text(
        "该部门已受理查询，将稍后答复（受理编号 {reference}）",
        "the agency accepted the query and will answer later (ticket {reference})",
    ),
    "source.authorization_withdrawn": Text(
        "授权已撤回，该部门的答复不再收取，未获得该项数据",
        "the authorization was withdrawn: the agency's answer was not collected",
    ),
    # -- re-verification: why continue, increase, decrease or stop -----------------------
    "review.review_required": Text("需人工复核", "review required"),
    "review.awaiting_sources": Text(
        "报告为临时报告：有部门将稍后答复，以收到答复后的修订报告为准，暂按现行保障金额继续",
        "the report is provisional: an agency answers later; act on the revision with its "
        "answer (the current allowance continues until then)",
    ),
    "review.ineligible": Text("不符合低保条件", "ineligible"),
    "review.graduation_running": Text(
        "渐退期内：已 {months} 个月，共 {graduation_months} 个月",
        "graduation (渐退) period running: {months} of {graduation_months} months",
    ),
    "review.income_above": Text("收入高于保障标准", "income above the standard"),
    "review.obligor_support_changed": Text(
        "计入的义务人赡养费由每月 {previous} 元变为 {current} 元",
        "support counted from obligors went from {previous} to {current} a month",
    ),
    "review.obligors_none_capable": Text(
        "列出的义务人均已无赡养能力：请核实是否属于“三无”人员（每年核查一次）",
        "no obligor named is able to support any more: check for 三无 status (reviewed yearly)",
    ),
    "review.financial_above": Text("金融资产超过上限", "financial assets above the limit"),
    "review.housing_above": Text("住房超过限制", "housing above the limit"),
    "review.company_held": Text(
        "家庭成员为存续企业的法定代表人或股东", "a member runs or holds shares in a company"
    ),
    "review.single_person_lost": Text("不再符合单人户条件", "single-person basis no longer met"),
    "review.new_vehicle": Text("新增非豁免车辆", "new non-exempt vehicle"),
    "review.insurance_cash_value_up": Text(
        "商业保险现金价值增加", "the insurance policies' cash value rose"
    ),
    "review.annuity_income_up": Text("商业保险年金收入增加", "insurance annuity income rose"),
    "review.vehicle_held": Text("持有非豁免车辆", "non-exempt vehicle held"),
    "review.rule_failed": Text("{rule:rule}：不符合", "{rule:rule} failed"),
    "review.allowance_above": Text(
        "建议保障金额高于现发金额", "suggested allowance above the current allowance"
    ),
    "review.allowance_below": Text(
        "建议保障金额低于现发金额", "suggested allowance below the current allowance"
    ),
    "review.unchanged": Text("仍符合条件，保障金额不变", "still eligible, allowance unchanged"),
    "review.allowance_not_computed": Text(
        "仍符合条件，但本次核对未能计算保障金额（见报告的保障金计算说明），暂按原金额发放，由经办人员确定",
        "still eligible, but this check could not compute the allowance (see the report's "
        "allowance notes): the current amount continues until a caseworker decides",
    ),
    "review.per_capita_up": Text("人均收入上升", "per-capita income up"),
    "review.per_capita_down": Text("人均收入下降", "per-capita income down"),
    "review.household_size_up": Text("家庭人口增加", "household size up"),
    "review.household_size_down": Text("家庭人口减少", "household size down"),
    "review.member_deceased": Text("{member_index:member}已死亡", "{member_index:member} deceased"),
    "review.member_moved_out": Text(
        "{member_index:member}已迁出", "{member_index:member} moved out"
    ),
    # -- procedure: deadlines, sources, adverse results, re-checks (verification.procedure) --
    "procedure.deadline.due": Text(
        "{parameter:deadline}：自{counted_from:deadline_anchor}（{starts_on}）起"
        "{working_days}个工作日内，截止{due_on}。依据：{citation}",
        "{parameter:deadline}: within {working_days} working days of "
        "{counted_from:deadline_anchor} ({starts_on}), by {due_on}. Basis: {citation}",
    ),
    "procedure.deadline.relative": Text(
        "{parameter:deadline}：自{counted_from:deadline_anchor}起{working_days}个工作日内"
        "（本服务不掌握该日期，不计算截止日）。依据：{citation}",
        "{parameter:deadline}: within {working_days} working days of "
        "{counted_from:deadline_anchor} (a date this service does not see: no due date). "
        "Basis: {citation}",
    ),
    "procedure.deadline.not_covered": Text(
        "{parameter:deadline}：自{counted_from:deadline_anchor}（{starts_on}）起"
        "{working_days}个工作日内；工作日历只收录{first_year}年至{last_year}年的节假日安排，"
        "截止日落在{year}年，不作推算，请按国务院办公厅公布的节假日安排计算。依据：{citation}",
        "{parameter:deadline}: within {working_days} working days of "
        "{counted_from:deadline_anchor} ({starts_on}); the working-day calendar holds the "
        "holidays of {first_year} to {last_year} only and the due date falls in {year}, so it "
        "is not computed: count it from the State Council's holiday notice. Basis: {citation}",
    ),
    "procedure.deadline.lengthened": Text(
        "{parameter:deadline}：{layer}规定{regional_days}个工作日，长于上限{working_days}个"
        "工作日（{ceiling_citation}）；地方只能缩短、不能延长，按{working_days}个工作日计算。"
        "出处：{citation}",
        "{parameter:deadline}: {layer} sets {regional_days} working days, longer than the "
        "ceiling of {working_days} ({ceiling_citation}); a region may shorten a limit, not "
        "lengthen it, so {working_days} apply. Source: {citation}",
    ),
    "procedure.source.queried": Text(
        "{source:data_source}：已查询（{scope:scope}）",
        "{source:data_source}: queried ({scope:scope})",
    ),
    "procedure.source.not_queried": Text(
        "{source:data_source}：本次未查询（{scope:scope}不在请求的范围内）",
        "{source:data_source}: not queried this time ({scope:scope} was not requested)",
    ),
    "procedure.source.not_supported": Text(
        "{source:data_source}：本服务无法查询，须另行核实",
        "{source:data_source}: this service cannot query it; check it another way",
    ),
    "procedure.adverse_notice.ineligible": Text(
        "核对结果为不符合条件：应当及时告知申请人；申请人有异议并提供相关佐证材料的，"
        "应当组织复查。依据：{citation}",
        "The result is not eligible: the applicant is to be told promptly; an applicant who "
        "objects and provides supporting evidence is entitled to a re-examination (复查). "
        "Basis: {citation}",
    ),
    "procedure.adverse_notice.review_required": Text(
        "核对结果需人工复核：经核实不符合条件的，应当及时告知申请人；申请人有异议并提供"
        "相关佐证材料的，应当组织复查。依据：{citation}",
        "The result needs a caseworker's review: if the household is found not eligible, the "
        "applicant is to be told promptly, and an applicant who objects and provides supporting "
        "evidence is entitled to a re-examination (复查). Basis: {citation}",
    ),
    "procedure.death_recheck": Text(
        "{member_index:member}于{date_of_death}死亡：应于{due_on}前（死亡之日起{months}个月内）"
        "对家庭状况进行核查。依据：{citation}",
        "{member_index:member} died on {date_of_death}: the household's situation is to be "
        "checked by {due_on} (within {months} months of the death). Basis: {citation}",
    ),
    "procedure.death_recheck_undated": Text(
        "{member_index:member}已死亡，死亡日期不详：死亡之日起{months}个月内的核查期限可能已过，"
        "应自{due_on}起立即对家庭状况进行核查。依据：{citation}",
        "{member_index:member} is deceased, date unknown: the {months}-month period from the "
        "death may have run out, so the household's situation is to be checked at once (from "
        "{due_on}). Basis: {citation}",
    ),
    # -- the consent-use record (consent/templates/consent.html) -------------------------
    "consent.title": Text("授权使用记录", "Record of the uses of your authorization"),
    "consent.intro": Text(
        "本页列出您家庭的授权核对委托书每一次被使用的情况：何时、为何目的、由哪个系统、向哪些部门查询、"
        "各部门的答复情况。本页不显示任何收入、存款等数据。",
        "This page lists every use of your household's signed authorization: when, for which "
        "purpose, by which system, which agencies were asked and how each answered. It shows no "
        "data such as incomes or balances.",
    ),
    "consent.authorization": Text("委托书编号", "Authorization"),
    "consent.purpose": Text("授权目的", "Purpose of the authorization"),
    "consent.valid": Text("有效期", "Valid"),
    "consent.valid_range": Text("{start} 至 {end}", "{start} to {end}"),
    "consent.status": Text("当前状态", "Status"),
    "consent.revoked_line": Text(
        "您家庭已于 {withdrawn_on} 撤回授权（{reason}），系统于 {recorded_at} 登记；此后不再使用。",
        "Your household withdrew the authorization on {withdrawn_on} ({reason}); recorded on "
        "{recorded_at}; it is not used again.",
    ),
    "consent.uses": Text("使用记录", "Uses"),
    "consent.no_uses": Text("尚无使用记录。", "No use yet."),
    "consent.at": Text("时间（北京时间）", "Time (Beijing)"),
    "consent.use_purpose": Text("用途", "Purpose"),
    "consent.client": Text("使用系统", "System"),
    "consent.agencies": Text("查询部门及答复", "Agencies asked and their answers"),
    "consent.agency_outcome": Text("{name}：{outcome}", "{name}: {outcome}"),
    "consent.footer": Text(
        "如对上述记录有疑问，请联系受理您申请的乡镇（街道）或民政部门。",
        "If anything here is unclear, ask the township (street) office or civil affairs "
        "office that handled your application.",
    ),
    "consent.link_invalid_title": Text("链接无效", "Link not valid"),
    "consent.link_invalid": Text(
        "此链接无效或已过期。如需查看授权使用记录，请联系受理您申请的乡镇（街道）或民政部门重新获取链接。",
        "This link is not valid or has expired. To see the record of your authorization's "
        "uses, ask the office that handled your application for a new link.",
    ),
    # -- the printable report's own wording (reports/templates/report.html) --------------
    # -- the supervisor's view (GET /v1/statistics, statistics/) ------------------------
    "stats.page.title": Text("监督统计", "Supervision statistics"),
    "stats.page.subtitle": Text(
        "区划代码前缀 {region}；统计期间 {starts_on} 至 {last_day}"
        "（北京时间，含首尾两日）；查阅日 {today}",
        "Region prefix {region}; period {starts_on} to {last_day} (Beijing dates, both "
        "included); read on {today}",
    ),
    "stats.page.as_of": Text("（状态截至 {day}）", "(state as of {day})"),
    "stats.page.pair": Text("{label}：{value}", "{label}: {value}"),
    "stats.page.footer": Text(
        "本页不含任何个人信息，只有计数；每次查阅都记入审计日志。",
        "No personal data on this page, counts only; every read is recorded in the audit log.",
    ),
    "stats.suppression": Text(
        "为免推断出个别家庭的情况，1 至 {largest} 的计数显示为“<{threshold}”，"
        "其所在组的合计不予显示（“—”）；少于 {threshold} 次答复的耗时也不予显示。",
        "So that nothing about a single family can be inferred, counts from 1 to {largest} "
        "are shown as '<{threshold}' and the total of their group is withheld ('—'); "
        "times resting on fewer than {threshold} answers are withheld too.",
    ),
    "stats.verifications.title": Text("核对与结果", "Verifications and outcomes"),
    "stats.verifications.note": Text(
        "评估日期在统计期间内的核对，首次申请核对与复核分列，按当前结论计数；“未完成”指尚无最终报告。",
        "Verifications assessed in the period, applications and reviews apart, by their "
        "current outcome; 'open': no final report yet.",
    ),
    "stats.households.title": Text("在册家庭", "Enrolled households"),
    "stats.households.note": Text(
        "统计期间内纳入保障的家庭（按类别）、退出保障的家庭，以及期间结束时仍在册的家庭。",
        "Households enrolled in the period (by category), those ended in it, and those "
        "enrolled at its end.",
    ),
    "stats.reviews.title": Text("复核到期与逾期", "Reviews due and overdue"),
    "stats.reviews.note": Text(
        "在册家庭的定期复核，按家庭当前状态计：下次复核日在统计期间内的、已逾期的，以及成员死亡后待核查的。",
        "Enrolled households' periodic reviews, as the households stand today: next review "
        "in the period, overdue, and checks after a member's death due.",
    ),
    "stats.sharing.title": Text("部门信息共享", "Sharing by agency"),
    "stats.sharing.note": Text(
        "统计期间内各部门（数据源）对查询的答复：已返回、无记录、暂不可用、被拒绝、待答复"
        "（承诺稍后答复，收到后按其结果另计），以及答复耗时的中位数和第95百分位数（毫秒，含重试，不含待答复）。",
        "Each agency's (source's) answers in the period: answered, no record, unavailable, "
        "rejected, answer pending (promised for later, counted again by its result when "
        "collected), and the median and 95th percentile of the time they took (ms, retries "
        "included, pending ones left out).",
    ),
    "stats.appeals.title": Text("复议", "Appeals"),
    "stats.appeals.note": Text(
        "统计期间内提出的复议：尚未决定的，以及按决定（成立、部分成立、不成立）计数；"
        "其中截至状态日已超过决定期限仍未决定的，以及逾期作出决定的。",
        "Appeals filed in the period: still open, and decided by decision (upheld, partly "
        "upheld, rejected); of them, those undecided past their decision deadline on the "
        "state day, and those decided late.",
    ),
    "stats.spot_checks.title": Text("入户抽查", "Home-visit spot checks"),
    "stats.spot_checks.note": Text(
        "抽查期间在统计期间之内的入户抽查：抽查次数，以及其中本地区的家庭进入抽样框、被抽中和已入户核查的数量；"
        "已入户核查占抽样框的百分比（整数）。",
        "Home-visit spot checks whose period lies within this one: how many, and of their "
        "households in the region, how many were in a sampling frame, drawn and visited; the "
        "share of framed households visited (whole percent).",
    ),
    "page.title": Text("家庭经济状况核对报告", "Household Economic Status Verification Report"),
    "page.footer_pages": Text("第 {page} 页 / 共 {pages} 页", "Page {page} of {pages}"),
    "page.example_suffix": Text("（示例）", " (example)"),
    "page.example": Text("示例", "example"),
    "page.policy_values": Text("适用的政策数值：", "Policy values applied:"),
    "page.policy_parameter": Text("参数", "Parameter"),
    "page.policy_value": Text("取值", "Value"),
    "page.policy_entry": Text("层级与有效期", "Layer and period"),
    "page.policy_citation": Text("出处", "Source"),
    "page.policy_lapsed": Text("已到期，未适用", "lapsed, not applied"),
    "page.policy_see_json": Text("见报告数据", "see the report data"),
    "page.yes": Text("是", "yes"),
    "page.no": Text("否", "no"),
    "page.verification_id": Text("核对编号", "Verification id"),
    "page.authorization_id": Text("授权书编号", "Authorization id"),
    "page.revision_heading": Text("报告版本", "Report revision"),
    "page.revision": Text("第 {revision} 版", "revision {revision}"),
    "page.first_verification": Text("（首次核对）", " (first verification)"),
    "page.superseded": Text(
        "本版本已于 {at} 被第 {next} 版取代，不是现行报告；"
        "现行报告为第 {current} 版，请据现行报告作出决定。",
        "This revision was replaced by revision {next} on {at}: it is not the current report. "
        "Revision {current} is; decide on that one.",
    ),
    "page.awaiting_sources": Text(
        "本报告为临时报告：尚有部门已受理查询、待其答复，答复到达后将生成新的报告版本，请勿据此作出决定。",
        "Provisional report: an agency accepted a query and has yet to answer; a new revision "
        "follows when it does. Do not decide on this report.",
    ),
    "page.appeal": Text(
        "本版本依据复议（编号 {id}）的决定作出：{decision}，决定日期 {decided_on}；"
        "被复议的版本为第 {appealed_revision} 版。{requeried}{evidence}",
        "This revision was made by the decision on appeal {id}: {decision}, on {decided_on}; the "
        "revision appealed was {appealed_revision}. {requeried}{evidence}",
    ),
    "page.appeal_requeried": Text(
        "重新查询的数据源：{scopes}。", "Sources queried again: {scopes}. "
    ),
    "page.appeal_evidence": Text(
        "复议附新证据 {count} 项，已随复议记录；"
        "核对结果依据各部门的答复，新证据未改变本报告的数值。",
        "The appeal carried {count} item(s) of new evidence, kept with the appeal; the "
        "assessment counts what the agencies answer, so the evidence changed no figure of this "
        "report.",
    ),
    "procedure.appeal_decision.upheld": Text("复议成立", "upheld"),
    "procedure.appeal_decision.partly_upheld": Text("复议部分成立", "partly upheld"),
    "procedure.appeal_reason.source_record_corrected": Text(
        "数据源的记录已更正", "the source has corrected its record"
    ),
    "procedure.appeal_reason.requery_changed_answer": Text(
        "重新查询后数据源的答复有变化", "the source answered differently when queried again"
    ),
    "procedure.appeal_reason.evidence_noted": Text(
        "新证据已记录，供审核确认时参考",
        "the new evidence is recorded for the decision on the case",
    ),
    "procedure.appeal_reason.evidence_insufficient": Text(
        "佐证材料不足以支持所提异议", "the evidence does not support the objection"
    ),
    "procedure.appeal_reason.findings_confirmed": Text(
        "经复查，核对结果无误", "on re-examination, the verification's results are correct"
    ),
    "procedure.appeal_reason.not_in_report_scope": Text(
        "所提事项不属于核对报告的内容", "what is objected to is not part of the report"
    ),
    "page.decision_deadline": Text(
        "审核确认期限：{due_on}（{working_days} 个工作日）{provisional}{overdue}",
        "Decision due by {due_on} ({working_days} working days){provisional}{overdue}",
    ),
    "page.deadline_provisional": Text(
        "，暂按周一至周五推算（日历尚未收录该年节假日）",
        ", provisional: counted Monday to Friday (the calendar holds no holidays for that "
        "year yet)",
    ),
    "page.overdue": Text("，已逾期", ", overdue"),
    "page.as_of": Text("核对日期", "Assessment date"),
    "page.created_at": Text("发起时间", "Started"),
    "page.completed_at": Text("完成时间", "Completed"),
    "page.purpose": Text("核对目的", "Purpose"),
    "page.region": Text("行政区划", "Region"),
    "page.region_area": Text("{region}（{area:area}）", "{region} ({area:area})"),
    "page.basis": Text("核对方式", "Basis"),
    "page.basis_member": Text("（{member}）", " ({member})"),
    "page.household_size": Text("计算人口", "Persons counted"),
    "page.persons": Text("{count} 人", "{count} person(s)"),
    "page.policy": Text("适用政策", "Policy"),
    "page.policy_line": Text("{name}（{id}，版本 {version}）", "{name} ({id}, version {version})"),
    "page.units_note": Text(
        "时间为北京时间；金额单位为元。", "Times are Beijing time (UTC+8); amounts are in yuan."
    ),
    "page.members": Text("一、家庭成员", "1. Household members"),
    "page.member_number": Text("序号", "No."),
    "page.relation": Text("与户主关系", "Relation"),
    "page.name": Text("姓名", "Name"),
    "page.id_number": Text("身份证号", "ID number"),
    "page.member_status": Text("户籍状态", "Registration"),
    "page.sources": Text("二、数据来源", "2. Sources"),
    "page.member": Text("成员", "Member"),
    "page.source": Text("数据来源", "Source"),
    "page.source_status": Text("查询结果", "Result"),
    "page.attempts": Text("尝试次数", "Attempts"),
    "page.duration_ms": Text("耗时（毫秒）", "Time (ms)"),
    "page.reason": Text("原因：{text}", "Reason: {text}"),
    "page.expected_back": Text("预计恢复查询：{at}", "Expected back: {at}"),
    "page.income": Text("三、家庭收入", "3. Household income"),
    "page.income_window": Text(
        "收入核算期：{start} 至 {end}（{months} 个月），金额为月均值。"
        "各项金额及小计、合计均由核算期内的原始记录精确计算后四舍五入到分（只舍入一次），"
        "因此小计、合计与所列各项之和可能相差 1 分。",
        "Income period: {start} to {end} ({months} months); amounts are monthly averages. "
        "Every amount, subtotal and total is computed exactly from the period's records and "
        "rounded to the fen once, so a subtotal or total may differ by 0.01 from the sum of "
        "the lines shown.",
    ),
    "page.income_category": Text("收入类别", "Category"),
    "page.monthly_average": Text("月均金额（元）", "Monthly average (yuan)"),
    "page.counting": Text("计入情况", "Counted"),
    "page.counted": Text("计入", "counted"),
    "page.not_counted": Text("不计入", "not counted"),
    "page.deceased": Text("已故", "deceased"),
    "page.counted_subtotal": Text("月计入收入小计", "Counted monthly income"),
    "page.no_income": Text("无收入记录", "no income on record"),
    "page.deductions": Text("收入扣减", "Deductions"),
    "page.deduction_target": Text("对象", "Applies to"),
    "page.deduction_kind": Text("扣减项目", "Deduction"),
    "page.deduction_amount": Text("月扣减金额（元）", "Monthly amount (yuan)"),
    "page.deduction_basis": Text("依据", "Basis"),
    "page.no_deductions": Text("无扣减。", "No deductions."),
    "page.whole_household": Text("全户", "Household"),
    "page.before_deductions": Text(
        "扣减前家庭月收入", "Household monthly income before deductions"
    ),
    "page.household_monthly": Text(
        "家庭月收入（扣减后）", "Household monthly income (after deductions)"
    ),
    "page.per_capita_monthly": Text("家庭人均月收入", "Per-capita monthly income"),
    "page.standard_monthly": Text("月保障标准", "Monthly standard"),
    "page.low_income_line": Text("低收入标准线（月）", "Low-income line (monthly)"),
    "page.yuan": Text("{amount} 元", "{amount} yuan"),
    "page.assets": Text("四、家庭财产", "4. Household assets"),
    "page.financial_heading": Text(
        "金融资产：合计 {total} 元（上限 {limit} 元）",
        "Financial assets: {total} yuan in total (limit {limit} yuan)",
    ),
    "page.kind": Text("类型", "Kind"),
    "page.amount": Text("金额（元）", "Amount (yuan)"),
    "page.evidence": Text("证据", "Evidence"),
    "page.evidence_ref": Text("{source:scope}：", "{source:scope}: "),
    "page.no_financial": Text("无金融资产记录。", "No financial assets on record."),
    "page.vehicles": Text("车辆", "Vehicles"),
    "page.vehicle_use": Text("使用性质", "Use"),
    "page.vehicle_kind": Text("车辆类型", "Vehicle type"),
    "page.registered_on": Text("登记日期", "Registered on"),
    "page.estimated_value": Text("估值（元）", "Estimated value (yuan)"),
    "page.no_vehicles": Text("无车辆记录。", "No vehicles on record."),
    "page.employment": Text("就业和社会保险", "Employment and social insurance"),
    "page.employment_status": Text("就业状态", "Status"),
    "page.employer_code": Text("用人单位统一社会信用代码", "Employer (credit code)"),
    "page.since": Text("起始年月", "Since"),
    "page.contribution_months": Text("缴费月数", "Months contributed"),
    "page.contribution_base": Text(
        "最近缴费基数（元/月）", "Latest contribution base (yuan/month)"
    ),
    "page.properties": Text("房产", "Properties"),
    "page.property_use": Text("用途", "Use"),
    "page.area_m2": Text("面积（平方米）", "Area (m²)"),
    "page.acquired_on": Text("取得日期", "Acquired on"),
    "page.businesses": Text("个体工商户与企业", "Businesses and companies"),
    "page.business_entity_type": Text("主体类型", "Entity type"),
    "page.business_role": Text("身份", "Role"),
    "page.business_status": Text("登记状态", "Status"),
    "page.registered_capital": Text("注册资本（元）", "Registered capital (yuan)"),
    "page.subscribed_share": Text("认缴出资（元）", "Subscribed share (yuan)"),
    "page.declared_turnover": Text("年报营业额（元/年）", "Declared turnover (yuan a year)"),
    "page.turnover_of_year": Text("{amount}（{year} 年度）", "{amount} ({year})"),
    "page.no_businesses": Text("无市场主体登记记录。", "No business registrations on record."),
    "page.no_properties": Text("无房产记录。", "No properties on record."),
    "page.rules": Text("五、政策规则核对", "5. Policy rules"),
    "page.rule": Text("规则", "Rule"),
    "page.rule_result": Text("结果", "Result"),
    "page.explanation": Text("说明", "Explanation"),
    "page.figures": Text("数据", "Figures"),
    "page.figure": Text("{name:figure}：{value}", "{name:figure}: {value}"),
    "page.findings": Text("六、申报与核对差异", "6. Declared versus verified"),
    "page.subject": Text("项目", "Subject"),
    "page.category": Text("类别", "Category"),
    "page.declared": Text("申报", "Declared"),
    "page.verified": Text("核实", "Verified"),
    "page.difference": Text("差额", "Difference"),
    "page.tolerance": Text("容差", "Tolerance"),
    "page.no_findings": Text("无差异。", "No differences."),
    "page.obligors": Text("附：赡养、抚养、扶养义务人", "Annex: support obligors"),
    "page.obligors_note": Text(
        "义务人不是家庭成员，不计入家庭人口；其赡养（抚养、扶养）能力按政策折算的赡养费计入家庭收入。",
        "Obligors are not household members and are not counted as persons; the support "
        "their ability counts for under the policy is the household's income.",
    ),
    "page.obligor_number": Text("义务人{number}", "obligor {number}"),
    "page.obligor_household_size": Text("义务人家庭人口", "Their household"),
    "page.obligor_income": Text("月收入（元）", "Monthly income (yuan)"),
    "page.obligor_line": Text("赡养能力收入线（元）", "Line of ability (yuan)"),
    "page.obligor_capable": Text("有赡养能力", "Able to support"),
    "page.obligor_support": Text("计入赡养费（元/月）", "Support counted (yuan/month)"),
    "page.obligor_not_assessed": Text("无法判定", "not assessable"),
    "page.obligors_support_total": Text(
        "计入家庭收入的赡养（抚养、扶养）费合计：每月 {amount} 元",
        "Support counted as the household's income: {amount} yuan a month",
    ),
    "page.conclusion": Text("七、核对结论", "7. Conclusion"),
    "page.low_income_edge": Text("低收入边缘", "low-income edge"),
    "page.suggested_allowance": Text("建议月保障金额：", "Suggested monthly allowance: "),
    "page.not_applicable": Text("不适用", "not applicable"),
    "page.reasons": Text("原因：", "Reasons:"),
    "page.policy_notes": Text("政策提示：", "Policy notes:"),
    "page.procedure": Text("八、办理程序", "8. Procedure"),
    "page.deadlines": Text(
        "办理时限（工作日，按国务院办公厅公布的节假日安排计算）：",
        "Time limits (working days, by the State Council's holiday notices):",
    ),
    "page.source_gaps": Text(
        "本次核对未覆盖的数据来源（须另行核实）：",
        "Sources this verification did not cover (check them another way):",
    ),
    "page.audit": Text("审计序号：{seq}　审计哈希：", "Audit sequence number: {seq}  Audit hash: "),
    "page.check_note": Text(
        "核验本报告：向经办机构索取本版本的签名文件（{file}），在 {url} 页面离线打开"
        "（或用命令 {command}），核对页面显示的核对编号、版本、结论和各项金额"
        "与本页一致；该页面同时核验本服务的签名和审计日志回执。",
        "To check this report: ask the case office for this revision's signed file ({file}) "
        "and open it, offline, on the page {url} (or with the command {command}); the "
        "verification id, revision, outcome and amounts it shows must be those on this page. "
        "The page also checks the service's signature and the audit log's receipt.",
    ),
    "page.audit_pending": Text(
        "审计记录号：{entry}（已记录，待编入审计日志）",
        "Audit entry: {entry} (recorded, not yet in the audit log)",
    ),
    "page.masking_note": Text(
        "说明：本报告中身份证号已脱敏，姓名已部分隐去；原始数据以各部门返回记录为准。",
        "Note: ID numbers in this report are masked and names partly hidden; "
        "the agencies' records are authoritative.",
    ),
    "page.verified_by": Text("核对人：", "Verified by:"),
    "page.reviewed_by": Text("审核人：", "Reviewed by:"),
    "page.date": Text("日期：", "Date:"),
    # -- the sandbox (docs/integrators/sandbox.md) -----------------------------------------
    "problem.sandbox_not_configured.title": Text("未配置沙箱数据源", "Sandbox not configured"),
    "problem.sandbox_not_configured.detail": Text(
        "本客户端是沙箱客户端，但本部署未配置沙箱（模拟）数据源地址，无法核对；未保存任何数据",
        "this client is a sandbox client, and this deployment has no sandbox (mock) agencies "
        "configured (VERIFICATION_SANDBOX_SOURCES_URL), so nothing can be verified; nothing "
        "was stored",
    ),
    # -- audit receipts (C2SP tlog-proof, verification.audit.receipts) --------------------
    # -- a retry whose every source's circuit breaker is open (verifications/retry.py) -----
    "problem.sources_unavailable.title": Text("数据源暂不可用", "Sources unavailable"),
    "problem.sources_unavailable.detail": Text(
        "需重新查询的数据源（{scopes}）均处于熔断状态，本次重试不会发出查询，未生成新版本；"
        "请 {retry_after} 秒后重试",
        "every source the retry would ask ({scopes}) has its circuit breaker open, so nothing "
        "would be sent; no revision was made: try again in {retry_after} s",
    ),
    "problem.receipt_pending.title": Text("回执尚未就绪", "Receipt not ready yet"),
    "problem.receipt_pending.not_in_log": Text(
        "该记录尚未记入审计日志，暂无回执；请 {retry_after} 秒后重试",
        "the entry is not in the audit log yet, so there is no receipt; "
        "try again in {retry_after} s",
    ),
    "problem.receipt_pending.no_checkpoint": Text(
        "该记录已记入审计日志（条目 {index}），但尚无覆盖它的已签名检查点；"
        "请 {retry_after} 秒后重试",
        "the entry is in the audit log (index {index}) but no signed checkpoint covers it "
        "yet; try again in {retry_after} s",
    ),
    "receipt.verified": Text(
        "回执有效：条目 {index} 在日志 {origin} 签名的检查点中（树大小 {size}）",
        "receipt valid: entry {index} is in the tree of size {size} that log {origin} signed",
    ),
    "receipt.invalid": Text("回执无效：{reason}", "receipt invalid: {reason}"),
    "spot_check.verified": Text(
        "抽查样本核验通过：抽样框 {frame} 户，抽中 {drawn} 户；"
        "抽样框事件（条目 {index}）在日志 {origin} 签名的检查点中（树大小 {size}），"
        "样本由该检查点重新推算一致",
        "spot check verified: {drawn} of {frame} households drawn; the frame event (entry "
        "{index}) is in the tree of size {size} that log {origin} signed, and the sample "
        "recomputed from that checkpoint matches",
    ),
    "spot_check.invalid": Text("抽查样本核验失败：{reason}", "spot check not verified: {reason}"),
    "spot_check.bad_export": Text(
        "导出文件格式不对或缺少字段", "the export is malformed or lacks a field"
    ),
    "spot_check.event_mismatch": Text(
        "抽样框事件与导出内容不符（抽查编号、户数、比例或条目位置）",
        "the frame event does not match the export (spot check, size, rate or index)",
    ),
    "spot_check.frame_digest_mismatch": Text(
        "抽样框的摘要 {computed} 不是日志记录的 {recorded}：有家庭被加入、删除或改动",
        "the frame's digest {computed} is not the one the log recorded, {recorded}: a "
        "household was added, removed or changed",
    ),
    "spot_check.receipt_invalid": Text(
        "抽样框事件的回执无效（{reason}）", "the frame event's receipt is invalid ({reason})"
    ),
    "spot_check.checkpoint_before_frame": Text(
        "检查点（树大小 {size}）不在抽样框事件（条目 {index}）之后",
        "the checkpoint (tree size {size}) does not follow the frame event (entry {index})",
    ),
    "spot_check.seed_mismatch": Text(
        "种子不是由检查点和抽样框推出的 {computed}",
        "the seed is not {computed}, the one the checkpoint and the frame give",
    ),
    "spot_check.sample_mismatch": Text(
        "抽中名单与种子推出的样本不符：缺少 {missing}，多出 {extra}",
        "the drawn list is not the sample the seed gives: missing {missing}, extra {extra}",
    ),
    "receipt.report_verified": Text(
        "核对报告有效：核对 {verification_id} 第 {revision} 版，结论：{outcome}；签名有效，"
        "报告的审计条目 {index} 在日志 {origin} 签名的检查点中（树大小 {size}）",
        "report valid: verification {verification_id} revision {revision}, outcome "
        "{outcome}; the signature verifies and the report's audit entry {index} is in the "
        "tree of size {size} that log {origin} signed",
    ),
    "receipt.report_obligors": Text(
        "赡养（抚养、扶养）义务人 {count} 名：清单列出其数据来源答复 {answers} 项；"
        "计入的赡养收入每月 {support} 元；义务人条件（三无）：{status}",
        "{count} support obligor(s): the manifest lists {answers} source answer(s) about them; "
        "support counted {support} a month; the obligors' part of 三无: {status}",
    ),
    "receipt.report_old_format": Text(
        "这份报告清单是旧格式（{format}）：签名不涵盖赡养义务人的数据来源答复和数据",
        "this manifest is in the old format ({format}): its signature does not cover the "
        "support obligors' source answers or figures",
    ),
    "receipt.report_invalid": Text("核对报告无效：{reason}", "report invalid: {reason}"),
    "receipt.report_malformed": Text(
        "文件不是可核验的核对报告",
        "the file is not a signed report (signed-report/v1)",
    ),
    "receipt.report_bad_signature": Text(
        "报告清单上 {key} 的签名无效（内容被改动，或不是该密钥签发）",
        "the signature by {key} over the report's manifest does not verify (changed, or "
        "not signed by that key)",
    ),
    "receipt.report_other_entry": Text(
        "回执证明的是条目 {index}，报告清单的审计条目是 {expected}",
        "the receipt proves entry {index}, the manifest's audit entry is {expected}",
    ),
    "receipt.report_entry_mismatch": Text(
        "回执中的审计条目不是这份报告的生成记录",
        "the receipt's audit entry is not this report's report_created",
    ),
    "receipt.too_large": Text("回执超过 {limit} 字节", "the receipt is larger than {limit} bytes"),
    "receipt.not_text": Text("回执不是 {encoding} 文本", "the receipt is not {encoding} text"),
    "receipt.bad_header": Text("第 1 行不是 {header}", "line 1 is not {header}"),
    "receipt.no_checkpoint": Text(
        "包含证明之后缺少空行和已签名的检查点",
        "no empty line and signed checkpoint after the inclusion proof",
    ),
    "receipt.bad_extra": Text(
        "第 {line} 行的附加数据编码无效", "line {line}: the extra data is not standard base64"
    ),
    "receipt.bad_index": Text("第 {line} 行不是条目序号行", "line {line} is not the index line"),
    "receipt.bad_hash": Text(
        "第 {line} 行不是 32 字节的哈希值", "line {line} is not a base64 32-byte hash"
    ),
    "receipt.too_many_hashes": Text(
        "包含证明超过 63 个哈希值", "the inclusion proof has more than 63 hashes"
    ),
    "receipt.bad_checkpoint": Text("检查点格式不正确", "the checkpoint is malformed"),
    "receipt.bad_key": Text("日志验证公钥格式不正确", "the log's verifier key is malformed"),
    "receipt.missing_signature": Text(
        "检查点没有 {key} 的签名", "the checkpoint has no signature by {key}"
    ),
    "receipt.bad_signature": Text(
        "检查点上 {key} 的签名无效", "the signature by {key} on the checkpoint does not verify"
    ),
    "receipt.wrong_origin": Text(
        "检查点属于日志 {origin}，不是 {expected}",
        "the checkpoint is for log {origin}, not {expected}",
    ),
    "receipt.index_outside": Text(
        "条目 {index} 超出检查点的树（{size} 个条目）",
        "entry {index} is outside the checkpoint's tree of {size} entries",
    ),
    "receipt.extra_mismatch": Text(
        "回执所附的条目不是要证明的条目", "the entry the receipt carries is not the entry to prove"
    ),
    "receipt.inclusion_failed": Text(
        "包含证明不成立：该条目不在检查点所签的树（{size} 个条目）的第 {index} 位",
        "the inclusion proof fails: the entry is not at index {index} of the signed tree "
        "of {size} entries",
    ),
    "receipt.bad_leaf_hash": Text(
        "{option} 应为 64 位十六进制数字", "{option} must be 64 hexadecimal digits"
    ),
    "receipt.entry_or_leaf_hash": Text(
        "请给出 {entry} 或 {leaf_hash} 之一", "give one of {entry} or {leaf_hash}"
    ),
}

LABELS: Final[Mapping[str, Mapping[str, Text]]] = {
    "purpose": {
        "dibao_application": Text("低保申请", "minimum living allowance application"),
        "dibao_review": Text("低保复核", "minimum living allowance review"),
        "tekun": Text("特困供养", "support for the extremely poor"),
        "temporary_assistance": Text("临时救助", "temporary assistance"),
    },
    "area": {"urban": Text("城市", "urban"), "rural": Text("农村", "rural")},
    "basis": {
        "household": Text("按家庭户核对", "whole household"),
        "single_person": Text("单人户", "single-person household"),
    },
    "relation": {
        "self": Text("本人/户主", "self / head"),
        "spouse": Text("配偶", "spouse"),
        "child": Text("子女", "child"),
        "parent": Text("父母", "parent"),
    },
    "declared_relation": {
        "applicant": Text("申请人本人", "the applicant"),
        "spouse": Text("配偶", "spouse"),
        "minor_child": Text("未成年子女", "minor child"),
        "dependent_adult_child": Text(
            "不能独立生活的成年子女", "adult child who cannot live alone"
        ),
        "student_child": Text("在校就读的子女", "child in full-time education"),
        "cohabiting_dependant": Text(
            "有法定赡养、扶养、抚养义务并长期共同居住的人员",
            "a person with a legal duty of support living with the family",
        ),
        "other": Text("其他", "other"),
    },
    "excluded_person": {
        "clergy_away_3_years": Text(
            "连续三年以上脱离家庭独立生活的宗教教职人员",
            "a member of the clergy living away from the family for three years or more",
        ),
        "imprisoned": Text("在监狱内服刑人员", "a person serving a prison sentence"),
        "compulsory_rehabilitation": Text(
            "在强制隔离戒毒场所执行戒毒人员", "a person in compulsory drug rehabilitation"
        ),
        "declared_missing": Text("宣告失踪人员", "a person declared missing"),
    },
    "single_person_category": {
        "disability_grade_1_2": Text("一级、二级残疾人", "a holder of a grade 1 or 2 disability"),
        "disability_grade_3_intellectual_mental": Text(
            "三级智力、精神残疾人", "a person with a grade 3 intellectual or mental disability"
        ),
        "serious_illness": Text("重病患者", "a person with a serious illness"),
        "severe_disability": Text("重度残疾人", "a severely disabled person"),
        "adult_unemployed_severe_disability": Text(
            "成年无业重度残疾人", "an adult unemployed severely disabled person"
        ),
        "adult_severe_disability_own_household": Text(
            "单独立户的成年重度残疾人", "a severely disabled adult in their own household"
        ),
        "clergy_in_religious_venue": Text(
            "在宗教场所居住的宗教教职人员", "a member of the clergy living in a religious venue"
        ),
    },
    "policy_parameter": {
        "hardship.disposable_income_per_capita_annual": Text(
            "上年度当地居民人均可支配收入", "last year's local per-capita disposable income"
        ),
        "hardship.spending_share_of_income": Text(
            "刚性支出总额占家庭总收入的比例", "the share of income rigid spending must exceed"
        ),
    },
    "allowance_method": {
        "difference": Text("差额", "difference"),
        "tiered": Text("分档", "by tier"),
    },
    "hardship_status": {
        "met": Text("符合刚性支出困难家庭条件", "a rigid-spending hardship household"),
        "not_met": Text("不符合刚性支出困难家庭条件", "not a rigid-spending hardship household"),
        "not_assessable": Text("无法判定", "could not be assessed"),
        "not_applicable": Text("不适用", "not applicable"),
    },
    "member_status": {
        "active": Text("正常", "active"),
        "deceased": Text("死亡", "deceased"),
        "moved_out": Text("迁出", "moved out"),
        "unknown": Text("查无此人", "unknown"),
        "not_checked": Text("未核对", "not checked"),
    },
    # each installed source's own name, as its connector declares it
    "scope": _SourceNames(),
    "source_status": {
        "ok": Text("已返回", "answered"),
        "not_found": Text("无记录", "no record"),
        "unavailable": Text("暂不可用", "unavailable"),
        "rejected": Text("被拒绝", "rejected"),
        "pending": Text("待答复", "answer pending"),
        "not_queried": Text("未查询", "not queried"),
    },
    "attempt_outcome": {
        "ok": Text("成功", "answered"),
        "not_found": Text("无记录", "no record"),
        "rejected": Text("被拒绝", "refused"),
        "malformed": Text("数据格式有误", "malformed answer"),
        "timeout": Text("超时", "timed out"),
        "connect_error": Text("无法连接", "could not connect"),
        "tls_error": Text("安全连接建立失败", "TLS handshake failed"),
        "protocol_error": Text("连接中断", "connection broken"),
        "network_error": Text("网络错误", "network error"),
        "request_error": Text("请求无法发送", "request could not be sent"),
        "cancelled": Text("已取消", "cancelled"),
        "error": Text("未知错误", "unknown error"),
    },
    "employment_status": {
        "employed": Text("在职参保", "employed"),
        "suspended": Text("暂停缴费", "contributions suspended"),
        "unemployed": Text("失业登记", "registered unemployed"),
        "retired": Text("退休", "retired"),
        "ended": Text("终止参保", "insurance ended"),
    },
    "income_category": {
        "wages": Text("工资薪金", "wages"),
        "labour": Text("劳务报酬", "labour remuneration"),
        "business": Text("经营所得", "business income"),
        "property": Text("财产性收入", "property income"),
        "basic_pension": Text("基础养老金", "basic pension"),
        "pension": Text("养老金", "pension"),
        "transfer": Text("转移性收入", "transfers"),
        "other": Text("其他", "other"),
        "employee_pension": Text("企业职工基本养老金", "enterprise employees' pension"),
        "public_pension": Text("机关事业单位养老金", "public-service pension"),
        "unemployment_benefit": Text("失业保险金", "unemployment benefit"),
        "annuity": Text("商业保险年金", "insurance annuity"),
    },
    "deduction": {
        "employment_cost": Text("就业成本扣减", "employment cost"),
        "rigid_expense": Text("刚性支出扣减", "rigid expenses"),
    },
    "financial_kind": {
        "demand_deposit": Text("活期存款", "demand deposit"),
        "time_deposit": Text("定期存款", "time deposit"),
        "securities": Text("有价证券", "securities"),
        "wealth_product": Text("理财产品", "wealth-management product"),
        "provident_fund": Text("住房公积金", "housing provident fund"),
        "insurance_cash_value": Text("商业保险现金价值", "insurance cash value"),
    },
    "vehicle_use": {
        "private": Text("非营运", "private"),
        "commercial": Text("营运", "commercial"),
        "agricultural": Text("农用", "agricultural"),
        "disability": Text("残疾人专用", "for a disabled driver"),
    },
    "business_entity_type": {
        "individual": Text("个体工商户", "individual business"),
        "limited_company": Text("有限责任公司", "limited liability company"),
        "joint_stock_company": Text("股份有限公司", "joint-stock company"),
        "sole_proprietorship": Text("个人独资企业", "sole proprietorship"),
        "partnership": Text("合伙企业", "partnership"),
        "other": Text("其他", "other"),
    },
    "business_role": {
        "operator": Text("经营者", "operator"),
        "legal_representative": Text("法定代表人", "legal representative"),
        "shareholder": Text("股东", "shareholder"),
    },
    "business_status": {
        "active": Text("存续（在业）", "in business"),
        "revoked": Text("吊销", "licence revoked"),
        "deregistered": Text("注销", "deregistered"),
        "other": Text("其他", "other"),
    },
    "property_use": {
        "residential": Text("住宅", "residential"),
        "commercial": Text("商业", "commercial"),
        "other": Text("其他", "other"),
    },
    "rule": {
        "single_person_basis": Text("单人户条件", "single-person basis"),
        "sources_complete": Text("数据来源完整", "sources complete"),
        "identity_confirmed": Text("身份核实", "identity confirmed"),
        "household_composition": Text("家庭成员变化", "household composition"),
        "income_below_standard": Text("人均收入低于保障标准", "income below the standard"),
        "financial_assets_within_limit": Text("金融资产未超限", "financial assets within limit"),
        "no_non_exempt_vehicle": Text("无非豁免车辆", "no non-exempt vehicle"),
        "housing_within_limit": Text("住房未超限", "housing within limit"),
        "wages_consistent": Text("工资与公积金一致", "wages consistent"),
        "no_operating_company": Text("无存续企业", "no operating company"),
        "obligor_support_assessed": Text("义务人赡养能力核实", "obligors' support assessed"),
    },
    "obligor_relation": {
        "parent": Text("父母", "parent"),
        "adult_child": Text("成年子女", "adult child"),
        "spouse_apart": Text("分居的配偶", "spouse living apart"),
        "grandparent": Text("祖父母、外祖父母", "grandparent"),
        "grandchild": Text("孙子女、外孙子女", "grandchild"),
        "sibling": Text("兄弟姐妹", "sibling"),
    },
    "obligor_support_status": {
        "capable": Text("有义务人具有赡养能力", "an obligor is able to support"),
        "none_capable": Text("义务人均无赡养能力", "no obligor is able to support"),
        "not_assessable": Text("无法判定", "not assessable"),
        "none_named": Text("未列出义务人", "none named"),
    },
    "rule_result": {
        "passed": Text("符合", "passed"),
        "failed": Text("不符合", "failed"),
        "not_assessable": Text("无法判定", "not assessable"),
    },
    "figure": {
        "per_capita_monthly": Text("人均月收入", "per-capita monthly income"),
        "standard_monthly": Text("月保障标准", "monthly standard"),
        "total": Text("合计", "total"),
        "limit": Text("上限", "limit"),
        "count": Text("数量", "count"),
        "residences": Text("住房套数", "residences"),
        "max_residences": Text("住房套数上限", "most residences allowed"),
        "commercial": Text("商业用房", "commercial properties"),
        "support_monthly": Text("计入的月赡养（抚养、扶养）费", "support counted a month"),
    },
    "subject": {
        "income": Text("收入", "income"),
        "financial_assets": Text("金融资产", "financial assets"),
        "vehicles": Text("车辆", "vehicles"),
        "residences": Text("住房", "residences"),
        "member": Text("家庭成员", "member"),
        "insurance_cash_value": Text("商业保险现金价值", "insurance cash value"),
        "businesses": Text("个体工商户与企业", "businesses"),
    },
    "subject_unit": {
        "income": Text("元", "yuan"),
        "financial_assets": Text("元", "yuan"),
        "vehicles": Text("辆", "vehicle(s)"),
        "residences": Text("套", "residence(s)"),
        "insurance_cash_value": Text("元", "yuan"),
        "businesses": Text("家", "business(es)"),
    },
    "outcome": {
        "eligible": Text("符合低保条件", "eligible"),
        "ineligible": Text("不符合低保条件", "ineligible"),
        "review_required": Text("需人工复核", "review required"),
    },
    "deadline": {
        "deadline.investigation_start_working_days": Text(
            "启动家庭经济状况调查", "start of the household investigation"
        ),
        "deadline.verification_start_working_days": Text(
            "启动信息核对", "start of the information check (核对)"
        ),
        "deadline.county_decision_working_days": Text(
            "县级民政部门提出审核确认意见", "the county's confirmation opinion"
        ),
        "deadline.refusal_notice_working_days": Text(
            "不予确认的书面告知", "written notice of a refusal"
        ),
        "deadline.total_working_days": Text("审核确认总时限", "the whole procedure"),
        "deadline.total_special_working_days": Text(
            "特殊情况下的总时限", "the whole procedure, special cases"
        ),
        "deadline.total_delegated_working_days": Text(
            "权限下放乡镇（街道）时的总时限", "the whole procedure, decided by the township"
        ),
    },
    "deadline_anchor": {
        "accepted": Text("受理之日", "acceptance"),
        "request_received": Text("收到核对请求之日", "receipt of the verification request"),
        "township_file_received": Text(
            "收到乡镇（街道）上报材料之日", "the county's receipt of the township's file"
        ),
        "refusal_decided": Text("作出不予确认决定之日", "the decision not to confirm"),
    },
    "data_source": {
        "hukou": Text("户籍", "household registration"),
        "tax": Text("纳税记录", "tax records"),
        "social_insurance": Text("社会保险缴纳", "social insurance contributions"),
        "real_estate": Text("不动产登记", "real-estate register"),
        "business_registration": Text("市场主体登记", "business register"),
        "provident_fund": Text("住房公积金", "housing provident fund"),
        "vehicles_vessels": Text(
            "车船登记（仅车辆）", "vehicle and vessel register (vehicles only)"
        ),
        "bank_deposits": Text("银行存款", "bank deposits"),
        "commercial_insurance": Text("商业保险", "commercial insurance"),
        "securities": Text(
            "证券（中国结算登记的证券和基金份额）",
            "securities (securities and fund units in the 中国结算 register)",
        ),
        "internet_finance": Text("互联网金融资产", "online financial assets"),
        "marriage": Text("婚姻登记", "marriage register"),
        "funeral": Text("殡葬", "funeral records"),
        "death": Text("死亡（公安户籍的死亡注销）", "deaths (as public security registers them)"),
        "pension": Text("养老金", "pensions"),
    },
    # the supervisor's view (statistics/): its groups, cells and figures
    "stats_group": {
        "application": Text("首次申请核对", "applications"),
        "review": Text("复核", "reviews"),
        "enrolled": Text("纳入保障（按类别）", "enrolled (by category)"),
        "movements": Text("退出与在册", "ended and enrolled"),
        "reviews": Text("复核", "reviews"),
        "appeals": Text("复议（按决定）", "appeals (by decision)"),
        "appeal_deadlines": Text("决定期限", "decision deadlines"),
        "spot_checks": Text("入户抽查", "spot checks"),
    },
    "stats_cell": {
        "eligible": Text("符合条件", "eligible"),
        "ineligible": Text("不符合条件", "ineligible"),
        "review_required": Text("需人工复核", "review required"),
        "open": Text("未完成", "open"),
        "total": Text("合计", "total"),
        "three_no": Text("“三无”人员", "the three-no"),
        "illness_disability_stable": Text("重病重残等基本稳定", "illness or disability, stable"),
        "stable": Text("收入基本稳定", "stable income"),
        "variable": Text("收入变动", "variable income"),
        "ended": Text("退出保障", "ended"),
        "active_at_end": Text("期末在册", "enrolled at the end"),
        "due": Text("期间内到期", "due in the period"),
        "overdue": Text("已逾期", "overdue"),
        "recheck_due": Text("死亡后待核查", "check after a death due"),
        "ok": Text("已返回", "answered"),
        "not_found": Text("无记录", "no record"),
        "unavailable": Text("暂不可用", "unavailable"),
        "rejected": Text("被拒绝", "rejected"),
        "pending": Text("待答复", "answer pending"),
        "appeal_open": Text("尚未决定", "not yet decided"),
        "appeal_upheld": Text("成立", "upheld"),
        "appeal_partly_upheld": Text("部分成立", "partly upheld"),
        "appeal_rejected": Text("不成立", "rejected"),
        "decided_late": Text("逾期决定", "decided late"),
        "spot_check_count": Text("抽查次数", "spot checks"),
        "framed": Text("进入抽样框", "in a sampling frame"),
        "drawn": Text("被抽中", "drawn"),
        "visited": Text("已入户核查", "visited"),
    },
    "stats_measure": {
        "latency_median_ms": Text("耗时中位数（毫秒）", "median time (ms)"),
        "latency_p95_ms": Text("耗时第95百分位数（毫秒）", "95th percentile time (ms)"),
        "visited_percent": Text("入户核查比例（%）", "share visited (%)"),
    },
    "recheck_reason": {
        "member_deceased": Text("成员死亡后的家庭状况核查", "check after a member's death"),
    },
    "consent_purpose": {
        "first_verification": Text("首次核对", "first verification"),
        "retry": Text("补充查询（重试）", "retry of sources that had failed"),
        "batch_review": Text("定期复核", "periodic review"),
        "answer_collection": Text("收取部门延后答复", "collecting an agency's later answer"),
        "obligor_consent_use": Text("赡养（抚养、扶养）义务人核对", "support obligor check"),
        "appeal_requery": Text("复议重新查询", "sources queried again on an appeal"),
    },
    "consent_outcome": {
        "answered": Text("已答复", "answered"),
        "not_found": Text("无记录", "no record"),
        "unavailable": Text("暂不可用", "unavailable"),
        "rejected": Text("拒绝查询", "refused"),
        "pending": Text("待答复", "answer pending"),
    },
    "consent_status": {
        "active": Text("有效", "valid"),
        "revoked": Text("已撤回", "withdrawn"),
        "expired": Text("已过期", "expired"),
    },
    "revocation_reason": {
        "household_withdrew": Text("家庭主动撤回", "the household withdrew it"),
        "application_withdrawn": Text("撤回申请", "the application was withdrawn"),
        "moved_away": Text("迁出本地", "the household moved away"),
        "other": Text("其他原因", "another reason"),
    },
}
