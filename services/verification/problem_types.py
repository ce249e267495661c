"""Every problem ``code`` the service answers with: what it means and what to do, in Chinese
and English, and which operations can answer it.

The single source of truth for the problem types: ``GET /problems/<code>`` renders an entry
(each problem's ``type`` is that URL), and the OpenAPI document lists under each operation's
error responses the codes whose ``operations`` name it (``openapi_problems.py``).  An entry's
``operations`` are operationIds, or one of the groups below for the refusals a route makes by
construction (the same rules ``openapi_problems.py`` documents statuses by):

``EVERY``        every operation (rate limits, an unexpected error)
``AUTHENTICATED`` an operation that requires a role (the token; the database, the audit log)
``PARAMETERS``   an operation that takes parameters or a body
``BODY``         an operation that takes a body
``IDEMPOTENT``   an operation that takes an ``Idempotency-Key``
``ROUTING``      no operation: the answer to a path or method the API does not have

``tests/verification/test_problem_types.py`` fails when a code raised in the source is
missing here, and when a code here is documented on no operation (other than ``ROUTING``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

from verification.messages.catalogue import Text
from verification.problems import PROBLEMS_PATH

EVERY: Final = "@every"
AUTHENTICATED: Final = "@authenticated"
PARAMETERS: Final = "@parameters"
BODY: Final = "@body"
IDEMPOTENT: Final = "@idempotent"
ROUTING: Final = "@routing"
GROUPS: Final = frozenset({EVERY, AUTHENTICATED, PARAMETERS, BODY, IDEMPOTENT, ROUTING})


@dataclass(frozen=True, slots=True)
class ProblemType:
    code: str
    status: int
    title: Text
    meaning: Text
    action: Text
    operations: tuple[str, ...]
    also: tuple[int, ...] = ()  # other statuses it is answered with (the first is usual)

    @property
    def statuses(self) -> tuple[int, ...]:
        return (self.status, *self.also)


def _p(
    code: str,
    status: int,
    title: tuple[str, str],
    meaning: tuple[str, str],
    action: tuple[str, str],
    *operations: str,
    also: tuple[int, ...] = (),
) -> ProblemType:
    return ProblemType(code, status, Text(*title), Text(*meaning), Text(*action), operations, also)


_VERIFY: Final = ("createVerification",)
# the list endpoints with keyset paging and time-range filters
_LISTS: Final = (
    "listVerifications",
    "listHouseholds",
    "listHouseholdVerifications",
    "listBatches",
)
_RETRY_TOO: Final = ("createVerification", "retryVerification", "decideAppeal")
# the supervisor's view, as JSON and as a page
_STATISTICS: Final = ("getStatistics", "getStatisticsPage")
# the case system's routes of an authorization's consent-use record (consent/endpoints.py)
_CONSENT: Final = ("getConsentUses", "createFamilyLink", "revokeAuthorization")
_FIX_AUTH: Final = (
    "请出具单位按《委托书签名指南》(docs/integrators/signing-authorizations.md)重新出具并签名委托书后再提交。",
    "Have the issuing office issue and sign the authorization again as the signing guide "
    "(docs/integrators/signing-authorizations.md) says, then submit it again.",
)

_ENTRIES: Final = (
    # -- every operation ------------------------------------------------------------------
    _p(
        "rate-limited",
        429,
        ("请求过于频繁", "Too many requests"),
        (
            "调用方(或匿名请求的来源地址)超过了入站速率限制。",
            "The caller (or, for anonymous requests, the address) exceeded the inbound rate limit.",
        ),
        (
            "等待 `Retry-After` 秒后再发送;持续出现时降低并发或联系运维调整限额。",
            "Wait `Retry-After` seconds before sending again; if it persists, lower the concurrency or ask the operators about the limits.",
        ),
        EVERY,
    ),
    _p(
        "internal-error",
        500,
        ("内部错误", "Internal error"),
        (
            "服务遇到了意外错误;请求可能未被处理。",
            "The service met an unexpected error; the request may not have been carried out.",
        ),
        (
            "稍后重试(带同一 `Idempotency-Key` 的重试是安全的);持续出现时把 `request_id` 告知运维。",
            "Try again later (a retry with the same `Idempotency-Key` is safe); if it persists, quote the `request_id` to the operators.",
        ),
        EVERY,
    ),
    # -- the token, the database, the audit log ------------------------------------------------
    _p(
        "authentication-required",
        401,
        ("需要认证", "Authentication required"),
        ("请求没有携带 API 令牌。", "The request carries no API token."),
        (
            "以 `Authorization: Bearer <令牌>` 发送管理员为本系统签发的令牌。",
            "Send the token the administrators issued as `Authorization: Bearer <token>`.",
        ),
        AUTHENTICATED,
    ),
    _p(
        "invalid-token",
        401,
        ("令牌无效", "Invalid token"),
        (
            "API 令牌未知、已被轮换或客户端已被吊销。",
            "The API token is unknown, was rotated, or its client was revoked.",
        ),
        (
            "向管理员索取当前有效的令牌;令牌仅在创建或轮换时显示一次。",
            "Ask the administrators for the current token; a token is shown only when it is created or rotated.",
        ),
        AUTHENTICATED,
    ),
    _p(
        "wrong-role",
        403,
        ("角色无权访问", "Role not permitted"),
        (
            "该客户端的角色(案件系统、审计、管理)不能使用此接口。",
            "The client's role (case system, auditor, admin) may not use this operation.",
        ),
        (
            "使用具有该接口所需角色的客户端令牌(见接口说明中的 Role)。",
            "Use the token of a client with the role the operation names (Role in its description).",
        ),
        AUTHENTICATED,
    ),
    _p(
        "database-unavailable",
        503,
        ("数据库暂不可用", "Database unavailable"),
        (
            "数据库暂时无法连接;本次请求没有执行任何操作。",
            "The database cannot be reached right now; nothing was done.",
        ),
        (
            "等待 `Retry-After` 秒后原样重试。",
            "Wait `Retry-After` seconds and send the same request again.",
        ),
        AUTHENTICATED,
    ),
    _p(
        "audit-log-integrity",
        503,
        ("审计日志完整性校验失败", "Audit log failed its integrity check"),
        (
            "审计日志与其签名检查点不一致,服务暂停一切需审计的操作。",
            "The audit log does not match its signed checkpoint; the service does nothing that must be audited until operators resolve it.",
        ),
        (
            "等待 `Retry-After` 秒后重试;持续出现时联系运维(docs/operations.md)。",
            "Retry after `Retry-After` seconds; if it persists, contact the operators (docs/operations.md).",
        ),
        AUTHENTICATED,
    ),
    # -- what a request is made of ------------------------------------------------------------
    _p(
        "invalid-request",
        422,
        ("请求无效", "Invalid request"),
        (
            "请求的参数或正文不符合接口约定;`errors` 列出有问题的字段(不回显输入)。",
            "The request's parameters or body do not match the operation's schema; `errors` lists the offending fields (never the input).",
        ),
        (
            "按 `errors` 和 OpenAPI 中的模式修正请求后再发送。",
            "Correct the fields `errors` names, as the OpenAPI schema says, and send again.",
        ),
        PARAMETERS,
    ),
    _p(
        "nul-character",
        422,
        ("包含 NUL 字符", "NUL character"),
        (
            "请求的路径、参数、正文或委托书中含有 NUL 字符(U+0000),一律拒绝。",
            "The request's path, parameters, body or authorization contains a NUL character (U+0000), which is never accepted.",
        ),
        (
            "去掉 NUL 字符后再发送;`location` 指出它的位置。",
            "Remove the NUL character (`location` says where) and send again.",
        ),
        PARAMETERS,
    ),
    _p(
        "malformed-json",
        400,
        ("JSON 格式错误", "Malformed JSON"),
        ("请求正文不是合法的 JSON。", "The request body is not valid JSON."),
        (
            "以 UTF-8 编码的合法 JSON 发送正文,`Content-Type: application/json`。",
            "Send the body as valid UTF-8 JSON with `Content-Type: application/json`.",
        ),
        BODY,
    ),
    _p(
        "payload-too-large",
        413,
        ("请求正文过大", "Payload too large"),
        (
            "请求正文超过服务允许的大小(默认 256 KiB;批量请求另有上限)。",
            "The request body exceeds the size the service accepts (256 KiB by default; batches have their own limit).",
        ),
        ("缩小正文;批量复核请拆成多个批次。", "Send a smaller body; split a batch into several."),
        EVERY,  # the limit is checked before routing, on any request that carries a body
    ),
    _p(
        "invalid-idempotency-key",
        400,
        ("幂等键无效", "Invalid Idempotency-Key"),
        (
            "`Idempotency-Key` 缺失或不是 1 至 255 个可打印 ASCII 字符。",
            "The `Idempotency-Key` is missing or not 1 to 255 printable ASCII characters.",
        ),
        (
            "为每个新请求生成一个新的键(如 UUID),重试时沿用同一个键。",
            "Make a new key (a UUID) for each new request and send the same key when retrying it.",
        ),
        IDEMPOTENT,
    ),
    _p(
        "idempotency-in-progress",
        409,
        ("同一幂等键的请求仍在处理", "Request with this key still running"),
        (
            "使用同一 `Idempotency-Key` 的第一次请求尚未完成。",
            "The first request with this `Idempotency-Key` has not finished yet.",
        ),
        (
            "稍候以同一个键重试,将得到第一次请求的结果。",
            "Retry with the same key a little later: the first request's answer is replayed.",
        ),
        IDEMPOTENT,
    ),
    _p(
        "idempotency-key-reused",
        422,
        ("幂等键被用于不同请求", "Idempotency-Key reused"),
        (
            "该 `Idempotency-Key` 已用于内容不同的另一个请求。",
            "This `Idempotency-Key` was already used for a different request.",
        ),
        ("为新请求使用新的键。", "Use a new key for a new request."),
        IDEMPOTENT,
    ),
    # -- routing ------------------------------------------------------------------------------
    _p(
        "not-found",
        404,
        ("未找到", "Not found"),
        (
            "该路径不存在,或所指资源(核对、在册户、批次)不存在或不属于调用方。",
            "No such path, or the resource it names (a verification, household, batch) does not exist or belongs to another client.",
        ),
        (
            "检查路径和标识;只能访问本客户端创建的资源。",
            "Check the path and the id; a client sees only what it created.",
        ),
        ROUTING,
        "getProblemType",
        "getVerification",
        "getPrintableReport",
        "getVerificationReceipt",
        "getSignedReport",
        "listReportRevisions",
        "retryVerification",
        "getPublicNotice",
        "enrollHousehold",
        "getHousehold",
        "updateHousehold",
        "endHousehold",
        "listHouseholdVerifications",
        "proposeIntegrityEntry",
        "getIntegrityEntry",
        "recordIntegrityNotice",
        "recordIntegrityExplanation",
        "confirmIntegrityEntry",
        "dismissIntegrityEntry",
        "withdrawIntegrityEntry",
        "getBatch",
        "listBatchItems",
        "cancelBatch",
        "getWebhookEndpoint",
        "updateWebhookEndpoint",
        "deleteWebhookEndpoint",
        "rotateWebhookSecret",
        *_CONSENT,
        "listWebhookDeliveries",
        "redeliverWebhook",
        "fileAppeal",
        "listVerificationAppeals",
        "getAppeal",
        "decideAppeal",
        "compareCrossList",
        "listCrossListComparisons",
        "getCrossListComparison",
        "getSpotCheck",
        "getSpotCheckCsv",
        "recordSpotCheckVisit",
        "exportSpotCheck",
    ),
    _p(
        "method-not-allowed",
        405,
        ("方法不允许", "Method not allowed"),
        (
            "该路径存在,但不接受此 HTTP 方法;`Allow` 头列出允许的方法。",
            "The path exists but not with this HTTP method; the `Allow` header lists those it takes.",
        ),
        ("改用 `Allow` 中的方法(见 OpenAPI)。", "Use a method `Allow` lists (see the OpenAPI)."),
        ROUTING,
    ),
    _p(
        "http-error",
        400,
        ("HTTP 错误", "HTTP error"),
        (
            "请求在到达接口之前被 HTTP 层拒绝。",
            "The request was refused by the HTTP layer before it reached an operation.",
        ),
        (
            "按 `detail` 修正请求;持续出现时把 `request_id` 告知运维。",
            "Correct the request as `detail` says; if it persists, quote the `request_id` to the operators.",
        ),
        ROUTING,
    ),
    # -- health ------------------------------------------------------------------------------
    _p(
        "not-ready",
        503,
        ("服务未就绪", "Not ready"),
        (
            "数据库、审计日志或数据源连接器中至少一项检查未通过;正文列出各项检查。",
            "At least one check (database, audit log, connectors) failed; the body lists them.",
        ),
        (
            "负载均衡器应暂不转发请求;运维按失败项处理(docs/operations.md)。",
            "A load balancer should not route to this instance; operators fix the failing check (docs/operations.md).",
        ),
        "getReadiness",
    ),
    # -- the authorization (授权核对委托书) -----------------------------------------------------
    _p(
        "malformed-authorization",
        400,
        ("委托书格式错误", "Malformed authorization"),
        (
            "委托书不是合法的 JWS 紧凑序列化(400),或其头部、载荷不符合 openapi/authorization.schema.json(422)。",
            "The authorization is not a valid compact JWS (400), or its header or payload does not match openapi/authorization.schema.json (422).",
        ),
        _FIX_AUTH,
        *_VERIFY,
        also=(422,),
    ),
    _p(
        "unsupported-critical-header",
        400,
        ("不支持的关键头部扩展", "Unsupported critical header"),
        (
            "委托书的 JWS 头部含有 `crit`;本服务不理解任何扩展(RFC 7515 §4.1.11)。",
            "The authorization's JWS header has `crit`; this service understands no extension (RFC 7515 §4.1.11).",
        ),
        ("签名时不要设置 `crit`。", "Sign without `crit`."),
        *_VERIFY,
    ),
    _p(
        "unknown-key",
        422,
        ("签名密钥未登记", "Unknown key"),
        (
            "委托书头部的 `kid` 不是已登记的出具单位密钥。",
            "The authorization's `kid` is not a registered issuer key.",
        ),
        (
            "请管理员登记出具单位的公钥(registerIssuerKey),或使用已登记的密钥签名。",
            "Have the administrators register the issuer's public key (registerIssuerKey), or sign with a registered one.",
        ),
        *_VERIFY,
    ),
    _p(
        "revoked-key",
        422,
        ("签名密钥已吊销", "Revoked key"),
        ("委托书由已吊销的密钥签名。", "The authorization was signed with a revoked key."),
        (
            "用出具单位当前的密钥重新签名委托书。",
            "Sign the authorization again with the issuer's current key.",
        ),
        *_RETRY_TOO,  # a retry re-checks the stored authorization's key
    ),
    _p(
        "sandbox-not-configured",
        503,
        ("未配置沙箱数据源", "Sandbox not configured"),
        (
            "调用方是沙箱客户端,但本部署没有配置沙箱(模拟)数据源,无法核对。",
            "The caller is a sandbox client, and this deployment has no sandbox (mock) "
            "agencies configured, so nothing can be verified.",
        ),
        (
            "请运维人员设置 VERIFICATION_SANDBOX_SOURCES_URL(见 docs/integrators/sandbox.md),"
            "或使用生产客户端。",
            "Ask the operators to set VERIFICATION_SANDBOX_SOURCES_URL "
            "(docs/integrators/sandbox.md), or use a production client.",
        ),
        "createVerification",
        "retryVerification",
        "createBatch",
        "decideAppeal",
    ),
    _p(
        "demo-key",
        422,
        ("演示密钥", "Demo key"),
        (
            "委托书由演示模式生成的密钥签名,生产模式不接受。",
            "The authorization was signed with a key made by demo mode, which production refuses.",
        ),
        ("使用出具单位登记的正式密钥签名。", "Sign with the issuer's registered production key."),
        *_RETRY_TOO,  # a retry re-checks the stored authorization
    ),
    _p(
        "invalid-signature",
        422,
        ("签名无效", "Invalid signature"),
        (
            "委托书的签名与其内容和登记的公钥不符。",
            "The authorization's signature does not match its content and the registered key.",
        ),
        (
            "不要在签名后修改委托书;确认使用与 `kid` 对应的私钥签名。",
            "Do not change the authorization after signing; sign with the private key of its `kid`.",
        ),
        *_VERIFY,
    ),
    _p(
        "expired",
        422,
        ("委托书已过期", "Authorization expired"),
        ("委托书的有效期(`exp`)已过。", "The authorization's validity (`exp`) has passed."),
        _FIX_AUTH,
        *_RETRY_TOO,  # a retry re-checks the stored authorization
        "updateHousehold",  # re-authorizing with a verification whose authorization expired
    ),
    _p(
        "not-yet-valid",
        422,
        ("委托书尚未生效", "Authorization not yet valid"),
        (
            "委托书的生效时间(`nbf`)尚未到达。",
            "The authorization's start (`nbf`) has not come yet.",
        ),
        (
            "在 `nbf` 之后再提交,或核对出具单位的时钟。",
            "Submit after `nbf`, or check the issuer's clock.",
        ),
        *_VERIFY,
    ),
    _p(
        "issued-in-future",
        422,
        ("签发时间在未来", "Issued in the future"),
        (
            "委托书的签发时间(`iat`)晚于服务的当前时间。",
            "The authorization's issue time (`iat`) is after the service's clock.",
        ),
        (
            "核对出具单位签名设备的时钟后重新签发。",
            "Check the signing machine's clock and issue again.",
        ),
        *_VERIFY,
    ),
    _p(
        "lifetime-too-long",
        422,
        ("有效期过长", "Lifetime too long"),
        (
            "委托书的有效期超过服务允许的最长天数(默认 366 天)。",
            "The authorization is valid for longer than the service allows (366 days by default).",
        ),
        ("缩短有效期后重新签发。", "Issue it again with a shorter validity."),
        *_VERIFY,
    ),
    _p(
        "missing-consent",
        422,
        ("缺少成员同意", "Missing consent"),
        (
            "委托书中有家庭成员未表示同意(`consented` 不为 true)。",
            "A member of the household did not consent in the authorization (`consented` is not true).",
        ),
        (
            "取得每位成员的书面同意后重新出具委托书。",
            "Obtain every member's consent and issue the authorization again.",
        ),
        *_VERIFY,
    ),
    _p(
        "obligor-consent-invalid",
        422,
        ("义务人同意书无效", "Obligor consent invalid"),
        (
            "请求中某位赡养（抚养、扶养）义务人的同意书（JWS）未通过校验：格式、签名密钥、有效期、"
            "身份证号码、同意（`consented`）或查询范围不符合要求；`obligor_index` 指明是哪一位，"
            "`reason` 为具体原因的代码。",
            "The consent (a JWS) of one of the request's support obligors failed a check: its "
            "shape, signing key, validity, ID number, consent (`consented`) or scopes; "
            "`obligor_index` says which, `reason` the check's code.",
        ),
        (
            "取得该义务人本人签署的有效同意书后重新提交。",
            "Obtain a valid consent signed for that obligor and submit again.",
        ),
        *_VERIFY,
    ),
    _p(
        "obligor-consent-unbound",
        422,
        ("义务人同意书未指向本委托书", "Obligor consent for another authorization"),
        (
            "义务人同意书的 `supports_authorization_id` 不是本次请求的家庭委托书编号：一份同意书"
            "只能用于它所支持的那个家庭。",
            "The obligor's consent names another authorization (`supports_authorization_id`): a "
            "consent serves only the household it was given for.",
        ),
        (
            "让义务人为本家庭的委托书签署同意书。",
            "Have the obligor consent for this household's authorization.",
        ),
        *_VERIFY,
    ),
    _p(
        "obligor-is-member",
        422,
        ("义务人是家庭成员", "Obligor is a household member"),
        (
            "请求列出的义务人也是委托书中的家庭成员：家庭成员按成员核对，不作为义务人。",
            "An obligor the request names is also a member in the authorization: a member is "
            "verified as a member, never as an obligor.",
        ),
        (
            "从 `obligors` 中去掉该人员。",
            "Remove that person from `obligors`.",
        ),
        *_VERIFY,
    ),
    _p(
        "obligor-listed-twice",
        422,
        ("义务人重复", "Obligor listed twice"),
        (
            "同一义务人（同一身份证号码）在 `obligors` 中出现了两次。",
            "The same obligor (the same ID number) appears twice in `obligors`.",
        ),
        ("每位义务人只列一次。", "List each obligor once."),
        *_VERIFY,
    ),
    _p(
        "scope-not-granted",
        422,
        ("未授权的核对事项", "Scope not granted"),
        (
            "请求核对的数据源不在委托书授权的范围内。",
            "A source the request asks for is not among the scopes the authorization grants.",
        ),
        (
            "只请求委托书授权的事项,或重新出具包含该事项的委托书。",
            "Ask only for granted scopes, or issue an authorization that grants this one.",
        ),
        *_VERIFY,
    ),
    _p(
        "invalid-id-number",
        422,
        ("身份证号无效", "Invalid ID number"),
        (
            "委托书中的公民身份号码校验位或格式不正确(GB 11643)。",
            "An ID number in the authorization fails its format or check digit (GB 11643).",
        ),
        _FIX_AUTH,
        *_VERIFY,
    ),
    _p(
        "issuer-not-permitted",
        403,
        ("出具单位未获准", "Issuer not permitted"),
        (
            "调用方客户端未获准提交该出具单位签发的委托书。",
            "The calling client is not permitted to submit authorizations of this issuer.",
        ),
        (
            "提交本客户端获准的出具单位签发的委托书;需要时请管理员调整客户端的出具单位(`issuers`)。",
            "Submit authorizations of an issuer the client is permitted; ask the administrators to add the issuer to the client (`issuers`) if needed.",
        ),
        *_VERIFY,
        *_CONSENT,
    ),
    _p(
        "region-not-permitted",
        403,
        ("地区未获准", "Region not permitted"),
        (
            "调用方客户端未获准核对该地区(委托书的区划代码)的家庭。",
            "The calling client is not permitted to verify households of this region (the authorization's region code).",
        ),
        (
            "只提交本客户端获准地区的委托书;需要时请管理员调整客户端的区划代码前缀(`region_prefixes`)。",
            "Submit authorizations of the client's regions only; ask the administrators to change the client's region prefixes (`region_prefixes`) if needed.",
        ),
        *_VERIFY,
        "createSpotCheck",
        "uploadCrossList",
        "compareCrossList",
        *_CONSENT,
        "fileAppeal",
        "listVerificationAppeals",
        "getAppeal",
        "decideAppeal",
    ),
    _p(
        "region-not-supervised",
        403,
        ("地区不在监督范围", "Region not supervised"),
        (
            "所请求的区划代码前缀不在调用方客户端获准的区划代码前缀之内。",
            "The requested region prefix is not within the calling client's region prefixes.",
        ),
        (
            "只查阅本客户端获准地区（或其下级地区）的统计;需要时请管理员调整客户端的区划代码前缀(`region_prefixes`)。",
            "Ask for the client's regions (or regions within them) only; ask the administrators to change the client's region prefixes (`region_prefixes`) if needed.",
        ),
        *_STATISTICS,
    ),
    _p(
        "invalid-period",
        422,
        ("统计期间无效", "Invalid period"),
        (
            "统计期间的起始日(`from`,含)不早于结束日(`to`,不含),期间为空。",
            "The period's first day (`from`, included) is not before its end (`to`, excluded): the period is empty.",
        ),
        (
            "给出早于 `to` 的 `from`(北京时间的日期,YYYY-MM-DD)。",
            "Give a `from` before `to` (Beijing dates, YYYY-MM-DD).",
        ),
        *_STATISTICS,
    ),
    _p(
        "invalid-cross-list",
        422,
        ("名单有误", "Invalid list"),
        (
            "上传的名单中有条目不是有效的公民身份号码(GB 11643);`invalid_entries` 按位置(从 1 起)和原因(`shape` 格式、`birth_date` 出生日期、`check_digit` 校验码)列出,不回显号码。名单未保存。",
            "Entries of the uploaded list are not valid ID numbers (GB 11643); `invalid_entries` names them by position (from 1) and reason (`shape`, `birth_date`, `check_digit`), never by value. Nothing was stored.",
        ),
        (
            "按位置更正或删除这些条目后重新上传整份名单。",
            "Correct or remove the entries at those positions and upload the whole list again.",
        ),
        "uploadCrossList",
    ),
    _p(
        "cross-list-superseded",
        409,
        ("名单已被替换", "List superseded"),
        (
            "该版本的名单已被同类、同地区的新上传替换,不能再比对。",
            "A later upload of the same kind and region replaced this version of the list; it can no longer be compared.",
        ),
        (
            "比对最新上传的版本(其 `id` 见上传的响应)。",
            "Compare the latest version (its `id` is in the upload's response).",
        ),
        "compareCrossList",
    ),
    _p(
        "cross-list-conflict",
        409,
        ("名单同时上传", "Concurrent list upload"),
        (
            "同类、同地区的名单恰有另一次上传同时保存,本次未保存。",
            "Another upload of the same kind and region was stored at the same moment; this one was not.",
        ),
        (
            "确认需要哪一份后重新上传。",
            "Check which list is wanted, then upload it again.",
        ),
        "uploadCrossList",
    ),
    _p(
        "issuer-mismatch",
        422,
        ("出具单位不符", "Issuer mismatch"),
        (
            "委托书的出具单位不在调用方客户端获准的出具单位之列,或与请求不一致。",
            "The authorization's issuer is not one the calling client is permitted, or differs from the request.",
        ),
        (
            "提交本客户端获准的出具单位签发的委托书;需要时请管理员调整客户端的出具单位。",
            "Submit authorizations of the issuers the client is permitted; ask the administrators to change them if needed.",
        ),
        *_VERIFY,
    ),
    _p(
        "authorization-revoked",
        422,
        ("授权已撤回", "Authorization withdrawn"),
        (
            "该家庭已撤回这份授权核对委托书:此后不再使用它核对(补充查询、定期复核、新的核对均被拒绝);撤回已登记时再次撤回答复 409。",
            "The household has withdrawn this authorization: it is not used again (a retry, a "
            "review and a new verification with it are refused); withdrawing it again answers 409.",
        ),
        (
            "如家庭同意再次核对,请出具单位出具并签名一份新的委托书(新的编号)。",
            "If the household agrees to be verified again, have the issuing office issue and "
            "sign a new authorization (with a new id).",
        ),
        *_RETRY_TOO,
        "revokeAuthorization",
        "updateHousehold",
        also=(409,),
    ),
    _p(
        "withdrawn-in-future",
        422,
        ("撤回日期晚于今天", "Withdrawal date in the future"),
        (
            "`withdrawn_on`(家庭撤回授权的日期,北京时间)晚于今天。",
            "`withdrawn_on` (the Beijing date the household withdrew) is after today.",
        ),
        ("填写家庭实际撤回授权的日期。", "Give the date the household actually withdrew."),
        "revokeAuthorization",
    ),
    _p(
        "consent-link-invalid",
        404,
        ("链接无效", "Link not valid"),
        (
            "家庭查看授权使用记录的链接不存在、已过期或已用过(不说明是哪一种)。",
            "The family's link to its consent-use record is unknown, expired or spent (the "
            "answer does not say which).",
        ),
        (
            "请案件系统重新生成链接(POST /v1/authorizations/{id}/family-links)交给家庭。",
            "Have the case system make a new link (POST /v1/authorizations/{id}/family-links) "
            "for the family.",
        ),
        "openFamilyConsentRecord",
    ),
    _p(
        "authorization-replayed",
        409,
        ("委托书编号重复使用", "Authorization replayed"),
        (
            "该 `authorization_id` 已用于内容不同的委托书。",
            "This `authorization_id` was already used with different content.",
        ),
        ("每份委托书使用新的编号。", "Give each authorization a new id."),
        *_VERIFY,
    ),
    _p(
        "authorization-in-use",
        409,
        ("委托书正被并发请求使用", "Authorization in use"),
        (
            "另一个请求正在使用同一份委托书。",
            "A concurrent request is using the same authorization.",
        ),
        ("稍后重试。", "Retry shortly."),
        *_VERIFY,
    ),
    _p(
        "accepted-on-in-future",
        422,
        ("受理日期在未来", "Accepted-on date in the future"),
        (
            "申请的受理日期(`accepted_on`)晚于今天。",
            "The application's acceptance date (`accepted_on`) is after today.",
        ),
        ("填写实际受理日期。", "Give the date the application was actually accepted."),
        *_VERIFY,
    ),
    _p(
        "declaration-invalid",
        422,
        ("申报信息无效", "Invalid declaration"),
        (
            "家庭申报的收入、财产或成员信息与委托书不一致或不完整。",
            "The household's declaration (income, assets, members) is incomplete or does not match the authorization.",
        ),
        (
            "按 `detail` 修正申报后再提交。",
            "Correct the declaration as `detail` says and submit again.",
        ),
        *_VERIFY,
    ),
    _p(
        "no-policy",
        422,
        ("无适用政策", "No policy"),
        (
            "该地区在该日期没有可适用的低保政策。",
            "No 低保 policy applies to the region on that date.",
        ),
        (
            "核对地区代码;或请运维加载该地区的政策(docs/policy-model.md)。",
            "Check the region code, or have the operators load the region's policy (docs/policy-model.md).",
        ),
        *_RETRY_TOO,
        "previewPolicyChange",
    ),
    _p(
        "policy-incomplete",
        422,
        ("政策参数不全", "Policy incomplete"),
        (
            "该地区在该日期的政策缺少核对所需的参数(如低保标准)。",
            "The region's policy on that date lacks a value the assessment needs (such as the allowance standard).",
        ),
        (
            "请运维补全该地区的政策参数(GET /v1/policies/effective 可查看各项状态)。",
            "Have the operators complete the region's policy (GET /v1/policies/effective shows each value's state).",
        ),
        *_RETRY_TOO,
        "previewPolicyChange",
    ),
    _p(
        "draft-policy-invalid",
        422,
        ("政策草案无效", "Invalid draft policy"),
        (
            "政策草案(层级政策文件)无法加载:`errors` 列出文件、字段和原因。",
            "The draft policy (a layer file) cannot be loaded: `errors` names the file, the field and what is wrong.",
        ),
        (
            "按 docs/policy-model.md 的格式修正草案后再提交。",
            "Correct the draft as docs/policy-model.md describes the format, then submit it again.",
        ),
        "previewPolicyChange",
    ),
    _p(
        "what-if-too-large",
        422,
        ("在册户过多", "Too many households"),
        (
            "该区划前缀下的在册户超过一次测算的上限(`limit`)。",
            "The region prefix holds more active households than one what-if replays (`limit`).",
        ),
        (
            "按更细的区划前缀(如县级 6 位)分次测算。",
            "Ask for narrower region prefixes (a county's 6 digits), one at a time.",
        ),
        "previewPolicyChange",
    ),
    # -- verifications ----------------------------------------------------------------------
    _p(
        "verification-incomplete",
        409,
        ("核对未完成", "Verification incomplete"),
        (
            "该核对尚未完成,所请求的操作还不能进行。",
            "The verification has not completed, so this cannot be done yet.",
        ),
        (
            "稍后再试,或先重试不可用的数据源(retryVerification)。",
            "Try later, or first retry the unavailable sources (retryVerification).",
        ),
        "getVerificationReceipt",
        "getSignedReport",
        "listReportRevisions",
        "retryVerification",
        "updateHousehold",
        "fileAppeal",
        "decideAppeal",
    ),
    _p(
        "report-revised",
        409,
        ("核对报告已被修订", "Report revised meanwhile"),
        (
            "本次重试进行期间,另一次重试或复议决定已生成报告的新版本;本次的查询已记入审计日志,其结果未采用。",
            "Another retry or an appeal's decision made a new revision of the report while this retry ran; this retry's queries were recorded in the audit log, its result was not used.",
        ),
        (
            "重新读取核对报告;如仍有数据源不可用,再重试一次。",
            "Read the report again; retry once more if sources are still unavailable.",
        ),
        "retryVerification",
    ),
    _p(
        "report-revision-not-found",
        404,
        ("该版本的核对报告不存在或未保存", "Report revision not found"),
        (
            "核对报告没有所请求的版本,或该版本在本服务开始保存被替换的版本之前已被替换,只有其审计记录留存。",
            "The report has no such revision, or the revision was replaced before this service kept replaced revisions; only its audit entry remains.",
        ),
        (
            "用 listReportRevisions 查看各版本及其是否保存(kept);不带 revision 参数读取当前版本。",
            "List the revisions, and whether each is kept, with listReportRevisions; leave out `revision` for the current one.",
        ),
        "getVerification",
        "getPrintableReport",
        "getVerificationReceipt",
        "getSignedReport",
    ),
    _p(
        "purged",
        410,
        ("核对资料已按保存期限清除", "Purged under the retention schedule"),
        (
            "该核对的报告、申请声明、家庭成员和各部门反馈的个人信息已按保存期限清除,不可恢复;"
            "核对的编号、状态、日期和结论仍在,审计日志不变。",
            "The verification's report, declaration, members and agency answers were purged "
            "under the retention schedule and cannot be restored; its id, status, dates and "
            "outcome remain, and the audit log is unchanged.",
        ),
        (
            "如仍需核对,请在新的授权下重新发起核对(createVerification)。",
            "If a check is still needed, start a new verification under a new authorization "
            "(createVerification).",
        ),
        "getVerification",
        "getPrintableReport",
        "getVerificationReceipt",
        "retryVerification",
        "getPublicNotice",
        "fileAppeal",
        "enrollHousehold",
        "updateHousehold",
        "getSignedReport",
        "listReportRevisions",
    ),
    # -- appeals (复议) ----------------------------------------------------------------------
    _p(
        "appeal-item-unknown",
        422,
        ("复议事项不在报告中", "Appealed item not in the report"),
        (
            "复议所列的争议事项(数据源 `scopes`、发现 `findings`、数值 `figures`)或要求重新查询的"
            "数据源(`requery_scopes`)不在被复议的核对报告中;`unknown` 列出每一项。",
            "An item the appeal disputes (a source in `scopes`, a finding in `findings`, a figure "
            "in `figures`) or a source it asks to query again (`requery_scopes`) is not in the "
            "report appealed; `unknown` lists each.",
        ),
        (
            "只列出当前核对报告中的数据源、发现代码和数值名称后重新提交。",
            "Name only the sources, finding codes and figure names of the current report, then "
            "file again.",
        ),
        "fileAppeal",
    ),
    _p(
        "appeal-filing-late",
        422,
        ("复议已超过期限", "Appeal filed too late"),
        (
            "自核对报告作出之日起的复议期限(政策参数 `appeal.filing_days`)已过;`filing_due_on` "
            "为最后一日。",
            "The time to appeal the report (the policy's `appeal.filing_days` from the day of the "
            "report) has passed; `filing_due_on` was the last day.",
        ),
        (
            "逾期的异议不能再作为复议受理;如有新情况,请重新申请核对。",
            "A late objection cannot be filed as an appeal; if circumstances changed, request a "
            "new verification.",
        ),
        "fileAppeal",
    ),
    _p(
        "appeal-open",
        409,
        ("已有未决复议", "An appeal is open"),
        (
            "该核对已有一项尚未作出决定的复议:同一时间只能有一项。",
            "The verification has an appeal not yet decided: one at a time.",
        ),
        (
            "等待该复议的决定(getAppeal)。",
            "Wait for that appeal's decision (getAppeal).",
        ),
        "fileAppeal",
    ),
    _p(
        "appeal-decided",
        409,
        ("复议已有决定", "Appeal already decided"),
        (
            "该复议已经作出决定(或在本次决定期间报告已有新版本),不能再次决定。",
            "The appeal has been decided already (or the report was revised while this decision "
            "was made), so it cannot be decided again.",
        ),
        (
            "查看复议的决定(getAppeal);对新的报告版本可另行提出复议。",
            "Read the appeal's decision (getAppeal); the new report revision may be appealed.",
        ),
        "decideAppeal",
    ),
    # -- agencies that answer later: their callback ---------------------------------------
    _p(
        "unknown-callback-source",
        404,
        ("该数据来源不接受回调", "Source takes no callbacks"),
        (
            "路径中的数据来源未安装，或未为其配置回调密钥，本服务不接受其回调。",
            "The source in the path is not installed, or has no callback secret configured, "
            "so the service takes no callbacks from it.",
        ),
        (
            "核对路径中的数据来源代码；请运维为该来源设置 `VERIFICATION_SOURCES__<SCOPE>__CALLBACK_SECRET`。",
            "Check the source code in the path; ask the operators to set "
            "`VERIFICATION_SOURCES__<SCOPE>__CALLBACK_SECRET` for the source.",
        ),
        "receiveAgencyCallback",
    ),
    _p(
        "invalid-callback-signature",
        401,
        ("回调签名无效", "Invalid callback signature"),
        (
            "回调缺少 `X-Agency-Timestamp` 或 `X-Agency-Signature`，时间戳与当前时间相差过大，"
            "或签名与该来源的共享密钥计算结果不符。",
            "The callback lacks `X-Agency-Timestamp` or `X-Agency-Signature`, its timestamp is "
            "too far from now, or its signature does not match the source's shared secret.",
        ),
        (
            "以共享密钥对“时间戳.原始请求体”计算 HMAC-SHA256，按 `sha256=<十六进制>` 发送，"
            "时间戳为当前 Unix 秒数（见 docs/integrators/awaiting-sources.md）。",
            "Send `sha256=<hex>` of the HMAC-SHA256, under the shared secret, of "
            "'<timestamp>.<raw body>', with the current Unix time as the timestamp (see "
            "docs/integrators/awaiting-sources.md).",
        ),
        "receiveAgencyCallback",
    ),
    _p(
        "invalid-callback",
        422,
        ("回调内容无效", "Invalid callback"),
        (
            '回调的请求体不是 `{"ticket": "<受理编号>"}`，或受理编号格式不符。',
            'The callback\'s body is not `{"ticket": "<reference>"}`, or the reference is malformed.',
        ),
        (
            "仅发送查询受理时答复的受理编号（1–64 位字母、数字或 `_.:-`）。",
            "Send only the reference the query was accepted under (1–64 letters, digits or `_.:-`).",
        ),
        "receiveAgencyCallback",
    ),
    _p(
        "unknown-ticket",
        404,
        ("受理编号未知", "Unknown ticket"),
        (
            "该数据来源没有以此受理编号等待答复的查询（可能已收到答复）。",
            "No query of this source awaits an answer under this reference (it may have been "
            "answered already).",
        ),
        (
            "无需处理；核对已完成时不必再回调。",
            "Nothing to do; a completed verification needs no further callback.",
        ),
        "receiveAgencyCallback",
    ),
    _p(
        "nothing-to-retry",
        409,
        ("无需重试", "Nothing to retry"),
        (
            "所有数据源都已作答,没有需要重新查询的数据源。",
            "Every source answered; there is no source to query again.",
        ),
        ("直接使用现有核对报告。", "Use the report as it is."),
        "retryVerification",
    ),
    _p(
        "sources-unavailable",
        503,
        ("数据源暂不可用", "Sources unavailable"),
        (
            "重试需重新查询的数据源全部处于熔断(断路器打开)状态,本次重试不会发出任何查询;"
            "未保存任何内容,报告版本号不变。`sources` 列出各数据源预计恢复(半开)的时间。",
            "Every source the retry would query has its circuit breaker open, so the retry would "
            "send nothing; nothing was stored and no revision was spent. `sources` says when "
            "each is expected back (its breaker's half-open time).",
        ),
        (
            "等待 `Retry-After` 秒后用同一请求重试(可带同一 `Idempotency-Key`)。",
            "Wait `Retry-After` seconds, then send the same request again (the same "
            "`Idempotency-Key` may be reused).",
        ),
        "retryVerification",
    ),
    _p(
        "receipt-pending",
        409,
        ("回执尚未生成", "Receipt pending"),
        (
            "审计事件尚未被签名检查点覆盖,暂时无法出具回执。",
            "No signed checkpoint covers the audit event yet, so there is no receipt.",
        ),
        (
            "等待 `Retry-After` 秒(通常几秒)后再取。",
            "Fetch it again after `Retry-After` seconds (usually a few).",
        ),
        "getVerificationReceipt",
        "getSignedReport",
        "getAuditReceipt",
    ),
    _p(
        "not-publishable",
        409,
        ("不可公示", "Not publishable"),
        (
            "该核对的结果不是可纳入低保的家庭,没有可公示的内容。",
            "The verification did not find the household eligible, so nothing may be published.",
        ),
        ("只对建议纳入的家庭进行公示。", "Publish only households found eligible."),
        "getPublicNotice",
    ),
    _p(
        "notice-before-verification",
        422,
        ("公示日期早于核对", "Notice before verification"),
        (
            "请求的公示开始日期早于核对日期。",
            "The requested notice start date is before the verification.",
        ),
        ("使用核对日期之后的公示开始日期。", "Give a start date on or after the verification."),
        "getPublicNotice",
    ),
    # -- households and batches -----------------------------------------------------------------
    _p(
        "not-enrollable",
        409,
        ("不可纳入", "Not enrollable"),
        (
            "该核对未完成或结论不是建议纳入,不能据此登记在册户。",
            "The verification has not completed with an eligible outcome, so no household can be enrolled from it.",
        ),
        ("以结论为建议纳入的核对登记。", "Enroll from a verification whose outcome is eligible."),
        "enrollHousehold",
    ),
    _p(
        "already-enrolled",
        409,
        ("已登记", "Already enrolled"),
        (
            "已有在册户由该核对登记;`household_id` 指明该户。",
            "A household was already enrolled from this verification; `household_id` names it.",
        ),
        ("使用 `household_id` 所指的在册户。", "Use the household `household_id` names."),
        "enrollHousehold",
    ),
    _p(
        "person-already-enrolled",
        409,
        ("成员已在其他在册户中", "Person already enrolled"),
        (
            "家庭中有成员已属于另一个在册户(每人只能属于一个在册户)。",
            "A member already belongs to another active household (one household per person).",
        ),
        (
            "先终止另一户的救助(endHousehold),或核实家庭成员。",
            "End the other household's aid first (endHousehold), or check the members.",
        ),
        "enrollHousehold",
    ),
    _p(
        "household-ended",
        409,
        ("救助已终止", "Household ended"),
        (
            "该在册户的救助已终止,不能再修改。",
            "The household's aid has ended; it cannot be changed.",
        ),
        ("如需恢复救助,重新核对并登记。", "Verify and enroll again to resume aid."),
        "updateHousehold",
    ),
    _p(
        "household-mismatch",
        409,
        ("不是同一户", "Not the same household"),
        (
            "用于重新授权的核对(`reauthorized_by`)与该在册户的成员或地区不同。",
            "The verification given to re-authorize (`reauthorized_by`) is of other people or "
            "another region than the household.",
        ),
        (
            "用该户现有成员和新的委托书重新核对,再以该核对重新授权;成员有变化时先终止并重新登记。",
            "Verify the household's current members under the new authorization and "
            "re-authorize with that verification; if the members changed, end the household "
            "and enroll it again.",
        ),
        "updateHousehold",
    ),
    _p(
        "invalid-cursor",
        422,
        ("分页游标无效", "Invalid cursor"),
        ("`cursor` 不是上一页返回的游标。", "The `cursor` is not one a previous page returned."),
        (
            "原样传回上一页的 `next_cursor`,或从第一页开始。",
            "Pass the previous page's `next_cursor` unchanged, or start from the first page.",
        ),
        "listDueHouseholds",
        "listBatchItems",
        "listWebhookDeliveries",
        *_LISTS,
    ),
    _p(
        "cursor-mismatch",
        422,
        ("游标与查询不符", "Cursor does not match the query"),
        (
            "`cursor` 是另一个列表或另一组筛选条件的下一页游标;同一游标只能用于发出它的那个查询。",
            "The `cursor` was issued for another list or other filters; a cursor continues only the query that issued it.",
        ),
        (
            "用与上一页完全相同的筛选条件传回它的 `next_cursor`(或直接请求响应中的 `next` 链接),"
            "或去掉 `cursor` 从第一页开始。",
            "Send the previous page's `next_cursor` with exactly the same filters (or follow its "
            "`next` link), or start from the first page without a `cursor`.",
        ),
        *_LISTS,
    ),
    _p(
        "invalid-time-range",
        422,
        ("时间范围无效", "Invalid time range"),
        (
            "时间范围的起点(`*_from`,含)不早于终点(`*_before`,不含),范围为空。",
            "The range's start (`*_from`, included) is not before its end (`*_before`, excluded): the range is empty.",
        ),
        (
            "给出早于终点的起点(RFC 3339 日期时间,带时区),或只给其中一个。",
            "Give a start before the end (RFC 3339 date-times with an offset), or only one of them.",
        ),
        *_LISTS,
    ),
    _p(
        "webhook-url-not-allowed",
        422,
        ("回调地址不允许", "Webhook URL not allowed"),
        (
            "回调地址必须是 https;明文 http 只允许在演示模式下指向本机回环地址;生产环境不允许私有、回环或保留地址,也不允许在地址中携带用户名密码或 #片段。",
            "The endpoint URL must be https; plain http is allowed only to the loopback interface in demo mode; in production no private, loopback or reserved address, and never credentials or a #fragment in the URL.",
        ),
        (
            "使用可从互联网访问的 https 地址(见 docs/integrators/webhooks.md)。",
            "Use an https URL reachable from the internet (see docs/integrators/webhooks.md).",
        ),
        "createWebhookEndpoint",
        "updateWebhookEndpoint",
    ),
    _p(
        "unknown-households",
        404,
        ("在册户不存在", "Unknown households"),
        (
            "批次中列出的部分在册户不存在、已终止或不属于调用方;`household_ids` 列出它们。",
            "Some households the batch lists do not exist, have ended or belong to another client; `household_ids` lists them.",
        ),
        ("去掉这些在册户后再提交批次。", "Remove them and submit the batch again."),
        "createBatch",
    ),
    _p(
        "households-ended",
        409,
        ("在册户已终止", "Households ended"),
        (
            "批次中列出的部分在册户的救助已终止;`household_ids` 列出它们。",
            "Some households the batch lists have ended; `household_ids` lists them.",
        ),
        ("去掉这些在册户后再提交批次。", "Remove them and submit the batch again."),
        "createBatch",
    ),
    _p(
        "households-queued",
        409,
        ("在册户已在其他批次中", "Households queued"),
        (
            "部分在册户已在尚未完成的批次中;`household_ids` 与 `batch_ids` 指明。",
            "Some households are already in an unfinished batch; `household_ids` and `batch_ids` name them.",
        ),
        (
            "等待那些批次完成,或去掉这些在册户。",
            "Wait for those batches, or remove these households.",
        ),
        "createBatch",
    ),
    _p(
        "batch-finished",
        409,
        ("批次已结束", "Batch finished"),
        (
            "批次已取消,或所有条目都已完成。",
            "The batch was cancelled already, or every item has finished.",
        ),
        ("无需操作。", "Nothing to do."),
        "cancelBatch",
    ),
    # -- the audit log ----------------------------------------------------------------------------
    _p(
        "bad-cursor",
        422,
        ("游标无效", "Invalid cursor"),
        ("`cursor` 不是上一页返回的游标。", "The `cursor` is not one a previous page returned."),
        ("原样传回上一页的 `next_cursor`。", "Pass the previous page's `next_cursor` unchanged."),
        "listAuditEvents",
    ),
    _p(
        "bad-tree-size",
        422,
        ("树大小无效", "Bad tree size"),
        (
            "所给的树大小为 0 或超过审计日志当前的大小。",
            "The tree size given is 0 or larger than the audit log.",
        ),
        (
            "使用一个已签名检查点的大小(getAuditCheckpoint)。",
            "Use the size of a signed checkpoint (getAuditCheckpoint).",
        ),
        "exportAuditEvents",
        "getConsistencyProof",
        "getInclusionProof",
    ),
    _p(
        "bad-leaf-index",
        422,
        ("叶子序号无效", "Bad leaf index"),
        ("叶子序号不小于所给的树大小。", "The leaf index is not below the tree size."),
        (
            "使用小于树大小的序号(序号 = seq − 1)。",
            "Use an index below the tree size (index = seq − 1).",
        ),
        "getInclusionProof",
    ),
    _p(
        "no-checkpoint",
        404,
        ("尚无检查点", "No checkpoint"),
        ("审计日志为空,尚无签名检查点。", "The audit log is empty: there is no signed checkpoint."),
        ("等待日志中有事件后再取。", "Try again once the log has events."),
        "getAuditCheckpoint",
        "createAuditCheckpoint",
        "getTlogCheckpoint",
        "getSandboxTlogCheckpoint",
    ),
    _p(
        "no-such-entry",
        404,
        ("条目不存在", "No such entry"),
        ("审计日志在该序号处没有条目。", "The audit log has no entry at that index."),
        ("使用小于日志大小的序号。", "Use an index below the log's size."),
        "getAuditReceipt",
    ),
    _p(
        "no-such-tile",
        404,
        ("瓦片不存在", "No such tile"),
        ("该瓦片路径不存在,或超出当前日志。", "No such tile, or it lies beyond the log."),
        (
            "按最新检查点的大小计算瓦片路径(C2SP tlog-tiles)。",
            "Compute tile paths from the latest checkpoint's size (C2SP tlog-tiles).",
        ),
        "getTlogEntryBundle",
        "getTlogHashTile",
        "getSandboxTlogEntryBundle",
        "getSandboxTlogHashTile",
    ),
    # -- clients and issuer keys (管理) ------------------------------------------------------------
    _p(
        "unknown-client",
        404,
        ("客户端不存在", "Unknown client"),
        ("没有该标识的客户端。", "No client has this id."),
        ("用 listClients 查看客户端。", "See the clients with listClients."),
        "getClient",
        "revokeClient",
        "rotateClientToken",
    ),
    _p(
        "sandbox-role",
        422,
        ("沙箱客户端角色无效", "Sandbox client of another role"),
        (
            "只有案件系统(case_system)客户端可以是沙箱客户端。",
            "Only a case_system client can be a sandbox client.",
        ),
        (
            "创建沙箱客户端时使用 case_system 角色;审计和管理客户端只属于生产环境。",
            "Create the sandbox client with the case_system role; auditors and admins are "
            "production's.",
        ),
        "createClient",
    ),
    _p(
        "invalid-client-name",
        422,
        ("客户端名称无效", "Invalid client name"),
        (
            "客户端名称为空、过长或含有个人信息。",
            "The client's name is empty, too long, or contains personal data.",
        ),
        (
            "使用描述系统的名称(如某县民政局案件系统)。",
            "Name the system (the county office's case system).",
        ),
        "createClient",
    ),
    _p(
        "invalid-issuer-code",
        422,
        ("出具单位代码无效", "Invalid issuer code"),
        ("出具单位代码不符合格式。", "The issuer code does not have the required form."),
        (
            "按 OpenAPI 中的格式填写出具单位代码。",
            "Give the issuer code in the form the OpenAPI states.",
        ),
        "createClient",
        "registerIssuerKey",
    ),
    _p(
        "invalid-region-prefix",
        422,
        ("地区前缀无效", "Invalid region prefix"),
        (
            "地区前缀不是行政区划代码的前缀。",
            "A region prefix is not a prefix of an administrative division code.",
        ),
        (
            "使用 2、4 或 6 位行政区划代码前缀。",
            "Use 2-, 4- or 6-digit administrative division code prefixes.",
        ),
        "createClient",
    ),
    _p(
        "too-many-entries",
        422,
        ("条目过多", "Too many entries"),
        ("出具单位或地区前缀的数量超过上限。", "Too many issuers or region prefixes."),
        ("减少条目,或拆分为多个客户端。", "List fewer, or use several clients."),
        "createClient",
    ),
    _p(
        "reason-required",
        422,
        ("需要说明理由", "Reason required"),
        (
            "吊销必须说明理由(记入审计日志)。",
            "A revocation needs a reason (it is written to the audit log).",
        ),
        ("在请求中填写 `reason`。", "Give a `reason`."),
        "revokeClient",
        "revokeIssuerKey",
    ),
    _p(
        "cannot-revoke-self",
        409,
        ("不能吊销自身", "Cannot revoke self"),
        ("管理员客户端不能吊销自己。", "An admin client cannot revoke itself."),
        ("用另一个管理员客户端操作。", "Use another admin client."),
        "revokeClient",
    ),
    _p(
        "client-revoked",
        409,
        ("客户端已吊销", "Client revoked"),
        ("已吊销的客户端不能轮换令牌。", "A revoked client's token cannot be rotated."),
        ("创建新的客户端。", "Create a new client."),
        "rotateClientToken",
    ),
    _p(
        "no-such-key",
        404,
        ("密钥不存在", "No such key"),
        ("该出具单位没有这个 `kid`。", "The issuer has no key with this `kid`."),
        (
            "用 listIssuers 查看出具单位及其密钥。",
            "See the issuers and their keys with listIssuers.",
        ),
        "revokeIssuerKey",
    ),
    _p(
        "invalid-kid",
        422,
        ("kid 无效", "Invalid kid"),
        (
            "`kid` 不符合格式或含有个人信息。",
            "The `kid` does not have the required form, or contains personal data.",
        ),
        ("使用短小的字母数字标识。", "Use a short alphanumeric id."),
        "registerIssuerKey",
    ),
    _p(
        "invalid-jwk",
        422,
        ("JWK 无效", "Invalid JWK"),
        ("所给的公钥不是合法的 JWK。", "The key given is not a valid JWK."),
        (
            "提交 Ed25519 公钥的 JWK(kty OKP,crv Ed25519,x)。",
            "Send the Ed25519 public key as a JWK (kty OKP, crv Ed25519, x).",
        ),
        "registerIssuerKey",
    ),
    _p(
        "unsupported-jwk",
        422,
        ("不支持的密钥类型", "Unsupported JWK"),
        (
            "出具单位密钥必须是 Ed25519(kty OKP,crv Ed25519)。",
            "Issuer keys must be Ed25519 (kty OKP, crv Ed25519).",
        ),
        (
            "生成 Ed25519 密钥对并登记其公钥。",
            "Make an Ed25519 key pair and register its public key.",
        ),
        "registerIssuerKey",
    ),
    _p(
        "jwk-has-private-part",
        422,
        ("JWK 含私钥", "JWK has a private part"),
        ("所给的 JWK 含有私钥部分(`d`)。", "The JWK contains a private part (`d`)."),
        (
            "只登记公钥;私钥留在出具单位,并考虑更换已暴露的密钥。",
            "Register the public key only; keep the private key with the issuer, and consider it exposed.",
        ),
        "registerIssuerKey",
    ),
    _p(
        "kid-mismatch",
        422,
        ("kid 不一致", "kid mismatch"),
        (
            "JWK 中的 `kid` 与登记路径中的 `kid` 不同。",
            "The JWK's `kid` differs from the one being registered.",
        ),
        ("使两者一致,或去掉 JWK 中的 `kid`。", "Make them equal, or leave `kid` out of the JWK."),
        "registerIssuerKey",
    ),
    _p(
        "issuer-name-required",
        422,
        ("需要出具单位名称", "Issuer name required"),
        (
            "首次登记出具单位的密钥时必须给出单位名称。",
            "The first key of a new issuer needs the issuer's name.",
        ),
        ("填写 `issuer_name`。", "Give `issuer_name`."),
        "registerIssuerKey",
    ),
    _p(
        "duplicate-kid",
        409,
        ("kid 重复", "Duplicate kid"),
        (
            "该出具单位已有使用此 `kid` 的另一把密钥;`kid` 指明。",
            "The issuer already has another key with this `kid`; `kid` names it.",
        ),
        ("为新密钥使用新的 `kid`(密钥轮换)。", "Give the new key a new `kid` (rotation)."),
        "registerIssuerKey",
    ),
    _p(
        "key-already-registered",
        409,
        ("密钥已登记", "Key already registered"),
        (
            "同一公钥已以其他 `kid` 登记。",
            "The same public key is already registered under another `kid`.",
        ),
        (
            "使用已登记的 `kid`,或生成新的密钥对。",
            "Use the registered `kid`, or make a new key pair.",
        ),
        "registerIssuerKey",
    ),
    _p(
        "integrity-finding-not-understated",
        409,
        ("该核对结果无申报不实的发现", "No understatement finding"),
        (
            "所引核对未完成,或其最新报告的 `findings` 在该位置没有“申报的收入或财产少于核实情况且超出容差”的发现。",
            "The verification has not completed, or its latest report has no finding at that position saying the household declared less income or fewer assets than the sources show beyond the tolerance.",
        ),
        (
            "引用报告中申报数额低于核实数额的发现(`finding_index` 从 0 起算)。",
            "Cite a finding of the report whose declared figure is below the verified one (`finding_index` counts from 0).",
        ),
        "proposeIntegrityEntry",
    ),
    _p(
        "integrity-entry-exists",
        409,
        ("该发现已有诚信记录条目", "Integrity entry exists"),
        (
            "已有条目引用该核对报告的同一发现;`entry_id` 指明该条目。",
            "An entry already cites this finding of the report; `entry_id` names it.",
        ),
        ("继续处理已有条目。", "Continue with the existing entry."),
        "proposeIntegrityEntry",
    ),
    _p(
        "integrity-transition-not-allowed",
        409,
        ("诚信记录条目当前状态不允许该操作", "Step not allowed in this state"),
        (
            "条目当前状态(`status`)不允许该操作(`step`):须先告知再确认,只能说明一次,确认或不予记入只能一次,仅在期内的已确认条目可以撤销。",
            "The entry's state (`status`) does not allow this step (`step`): a notice comes before a confirmation, an explanation is recorded once, an entry is confirmed or dismissed once, and only a confirmed entry still in its period can be withdrawn.",
        ),
        (
            "读取条目(`getIntegrityEntry`)查看其状态后再操作。",
            "Read the entry (`getIntegrityEntry`) and take a step its state allows.",
        ),
        "recordIntegrityNotice",
        "recordIntegrityExplanation",
        "confirmIntegrityEntry",
        "dismissIntegrityEntry",
        "withdrawIntegrityEntry",
    ),
    _p(
        "integrity-notice-date",
        422,
        ("告知日期无效", "Invalid notice date"),
        (
            "告知日期(`notified_on`)早于条目提出之日或晚于今天(北京时间)。",
            "The notice date (`notified_on`) is before the entry was proposed or after today (Beijing date).",
        ),
        ("填写实际告知家庭的日期。", "Give the day the household was actually told."),
        "recordIntegrityNotice",
    ),
    _p(
        "kid-of-another-issuer",
        409,
        ("kid 属于其他出具单位", "kid of another issuer"),
        (
            "该 `kid` 已被另一出具单位使用;`issuer` 指明。",
            "Another issuer uses this `kid`; `issuer` names it.",
        ),
        ("使用全局唯一的 `kid`。", "Use a `kid` unique across issuers."),
        "registerIssuerKey",
    ),
    _p(
        "checkpoint-pending",
        409,
        ("抽查样本尚未抽取", "Checkpoint pending"),
        (
            "入户抽查的样本由抽样框固定之后第一个签名的审计检查点抽取,该检查点尚未生成。",
            "The spot check's sample is drawn from the first signed audit checkpoint after its frame was fixed, and there is none yet.",
        ),
        (
            "等待 `Retry-After` 秒(通常几秒)后再取。",
            "Ask again after `Retry-After` seconds (usually a few).",
        ),
        "getSpotCheckCsv",
        "recordSpotCheckVisit",
        "exportSpotCheck",
    ),
    _p(
        "empty-frame",
        422,
        ("抽样框为空", "Empty frame"),
        (
            "该地区在该期间内没有本客户端已完成的核对,无从抽查。",
            "The client has no completed verification of this region with its assessment date in the period: there is nothing to sample.",
        ),
        ("检查区划代码前缀和期间。", "Check the region prefix and the period."),
        "createSpotCheck",
    ),
    _p(
        "rate-below-policy",
        422,
        ("抽查比例低于政策规定", "Rate below the policy"),
        (
            "请求的抽查比例低于该地区政策规定的入户抽查比例(未规定时为 30%);`minimum` 给出下限。",
            "The rate asked is below the region's policy rate for home-visit spot checks (30 % where none is stated); `minimum` gives it.",
        ),
        (
            "不传 `rate` 使用政策比例,或传不低于 `minimum` 的比例。",
            "Leave out `rate` to use the policy's, or ask at least `minimum`.",
        ),
        "createSpotCheck",
    ),
    _p(
        "invalid-spot-check-period",
        422,
        ("抽查期间无效", "Invalid spot-check period"),
        (
            "期间的结束日早于开始日、超过 366 天,或尚未结束。",
            "The period ends before it starts, lasts more than 366 days, or has not ended yet.",
        ),
        (
            "给出已结束、不超过 366 天的期间(含首尾两日)。",
            "Give a period of at most 366 days (both ends included) that has ended.",
        ),
        "createSpotCheck",
    ),
    _p(
        "not-in-sample",
        422,
        ("不在抽查样本中", "Not in the sample"),
        (
            "该核对不在本次入户抽查的样本中,不能记录入户结果。",
            "This verification is not in the spot check's sample: no visit can be recorded for it.",
        ),
        (
            "只对样本中的家庭(`drawn`)记录入户结果。",
            "Record visits only for the drawn households (`drawn`).",
        ),
        "recordSpotCheckVisit",
    ),
    _p(
        "visit-date-invalid",
        422,
        ("入户日期无效", "Visit date invalid"),
        (
            "入户日期早于抽样日期或晚于今天(北京时间)。",
            "The visit's date is before the draw or after today (Beijing date).",
        ),
        ("给出抽样之后、今天及以前的日期。", "Give a date from the draw's to today."),
        "recordSpotCheckVisit",
    ),
)

PROBLEM_TYPES: Final[Mapping[str, ProblemType]] = {entry.code: entry for entry in _ENTRIES}


def problem_type_uri(code: str, base_url: str | None = None) -> str:
    """A problem's ``type``: ``/problems/<code>``, absolute under the public base URL when
    one is configured (``VERIFICATION_PUBLIC_BASE_URL``)."""
    return (base_url or "") + PROBLEMS_PATH + code
