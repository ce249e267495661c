"""``/problems``, ``/problems/{code}``, ``/schemas/authorization/v1.json`` and
``/schemas/obligor-consent/v1.json``.

A problem page is HTML (Chinese, then English) unless the request's ``Accept`` prefers JSON
(``application/json`` or ``application/problem+json`` before ``text/html``): then the same
entry as JSON.
"""

from __future__ import annotations

import functools
import html
import re
from importlib import resources
from typing import Annotated, Any

from fastapi import APIRouter, Header, Path, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from verification.dependencies import problem_type_base
from verification.problem_types import GROUPS, PROBLEM_TYPES, ProblemType, problem_type_uri
from verification.problems import PROBLEM_JSON, NotFound

router = APIRouter(tags=["reference"])

CACHE_CONTROL = "public, max-age=86400"
AUTHORIZATION_SCHEMA_PATH = "/schemas/authorization/v1.json"
OBLIGOR_CONSENT_SCHEMA_PATH = "/schemas/obligor-consent/v1.json"
_CODE = re.compile(r"`([^`]+)`")
_GROUP_NAMES = {
    "@every": ("每个接口", "every operation"),
    "@authenticated": ("需要角色的接口", "operations that require a role"),
    "@parameters": ("带参数或正文的接口", "operations with parameters or a body"),
    "@body": ("带正文的接口", "operations with a body"),
    "@idempotent": ("带 Idempotency-Key 的接口", "operations with an Idempotency-Key"),
    "@routing": ("不存在的路径或方法", "paths or methods the API does not have"),
}
_JSON_TYPES = ("application/json", PROBLEM_JSON)
_HTML_OR_JSON: dict[str, Any] = {"application/json": {}, "text/html": {}}
Accept = Annotated[str | None, Header(include_in_schema=False)]


def _wants_json(accept: str | None) -> bool:
    if not accept:
        return False
    json_at = min((i for t in _JSON_TYPES if (i := accept.find(t)) != -1), default=-1)
    html_at = accept.find("text/html")
    return json_at != -1 and (html_at == -1 or json_at < html_at)


def _headers() -> dict[str, str]:
    return {"Cache-Control": CACHE_CONTROL, "Vary": "Accept"}


def _description(problem: ProblemType, base: str) -> dict[str, Any]:
    return {
        "type": problem_type_uri(problem.code, base),
        "code": problem.code,
        "status": problem.status,
        "statuses": list(problem.statuses),
        "title": {"zh-CN": problem.title.zh_cn, "en": problem.title.en},
        "meaning": {"zh-CN": problem.meaning.zh_cn, "en": problem.meaning.en},
        "action": {"zh-CN": problem.action.zh_cn, "en": problem.action.en},
        "operations": [op for op in problem.operations if op not in GROUPS],
        "groups": [op[1:] for op in problem.operations if op in GROUPS],
    }


def _inline(text: str) -> str:
    return _CODE.sub(r"<code>\1</code>", html.escape(text))


def _where(problem: ProblemType, en: bool) -> str:
    names = [
        _GROUP_NAMES[op][1 if en else 0] if op in GROUPS else f"<code>{html.escape(op)}</code>"
        for op in problem.operations
    ]
    return ", ".join(names) if en else "、".join(names)


def _page(title: str, body: str) -> str:
    return (
        '<!doctype html>\n<html lang="zh-CN">\n<head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title>"
        "<style>body{font-family:sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem;"
        "line-height:1.6}code{background:#f3f3f3;padding:0 .2em}"
        "section[lang=en]{color:#333;border-top:1px solid #ccc;margin-top:1.5rem}</style>"
        f"</head>\n<body>\n{body}\n</body>\n</html>\n"
    )


def _problem_page(problem: ProblemType) -> str:
    code = html.escape(problem.code)
    parts = [f"<h1>{html.escape(problem.title.zh_cn)} <code>{code}</code></h1>"]
    for lang, en in (("zh-CN", False), ("en", True)):
        title = problem.title.en if en else problem.title.zh_cn
        labels = (
            ("HTTP status", "What it means", "What to do", "Answered by")
            if en
            else ("HTTP 状态码", "含义", "处理办法", "可能返回此错误的接口")
        )
        meaning = problem.meaning.en if en else problem.meaning.zh_cn
        action = problem.action.en if en else problem.action.zh_cn
        parts.append(
            f'<section lang="{lang}">'
            + (f"<h2>{html.escape(title)}</h2>" if en else "")
            + f"<p><strong>{labels[0]}</strong>: {' / '.join(map(str, problem.statuses))}</p>"
            f"<h3>{labels[1]}</h3><p>{_inline(meaning)}</p>"
            f"<h3>{labels[2]}</h3><p>{_inline(action)}</p>"
            f"<h3>{labels[3]}</h3><p>{_where(problem, en)}</p></section>"
        )
    parts.append('<p><a href="../problems">所有错误类型 / all problem types</a></p>')
    return _page(f"{problem.title.zh_cn} ({problem.code})", "\n".join(parts))


def _index_page() -> str:
    rows = "".join(
        f'<tr><td><a href="problems/{html.escape(p.code)}">'
        f"<code>{html.escape(p.code)}</code></a></td>"
        f"<td>{' / '.join(map(str, p.statuses))}</td><td>{html.escape(p.title.zh_cn)}</td>"
        f'<td lang="en">{html.escape(p.title.en)}</td></tr>'
        for p in sorted(PROBLEM_TYPES.values(), key=lambda p: (p.status, p.code))
    )
    return _page(
        "错误类型 / Problem types",
        '<h1>错误类型 <span lang="en">Problem types</span></h1>'
        "<p>每个错误响应(RFC 9457)的 <code>type</code> 指向此处对应的页面。"
        '<span lang="en">The <code>type</code> of every error response (RFC 9457) points to '
        "its page here.</span></p>"
        "<table><tr><th>code</th><th>HTTP</th><th>中文</th><th>English</th></tr>"
        f"{rows}</table>",
    )


@router.get(
    "/problems",
    operation_id="listProblemTypes",
    summary="Every problem type (错误类型) the API answers with",
    description="The catalogue of problem codes: HTML (Chinese with English), or JSON when "
    "`Accept` prefers `application/json`. Public, cacheable, not audited.",
    response_class=HTMLResponse,
    responses={200: {"content": _HTML_OR_JSON}},
)
async def list_problem_types(request: Request, accept: Accept = None) -> Response:
    if _wants_json(accept):
        base = problem_type_base(request)
        entries = [_description(p, base) for p in PROBLEM_TYPES.values()]
        return JSONResponse({"problems": entries}, headers=_headers())
    return HTMLResponse(_index_page(), headers=_headers())


@router.get(
    "/problems/{code}",
    operation_id="getProblemType",
    summary="What one problem type (错误类型) means and what to do",
    description="The page every problem's `type` names: the code's HTTP status, what it "
    "means and what to do, in Chinese and English, and the operations that answer it. HTML, "
    "or JSON when `Accept` prefers `application/json` or `application/problem+json`. "
    "Public, cacheable, not audited; `404 not-found` for a code the API never answers with.",
    response_class=HTMLResponse,
    responses={200: {"content": _HTML_OR_JSON}, 404: {"description": "no such problem type"}},
)
async def get_problem_type(
    request: Request,
    code: Annotated[str, Path(pattern=r"^[a-z0-9-]{1,64}$", description="the problem's code")],
    accept: Accept = None,
) -> Response:
    problem = PROBLEM_TYPES.get(code)
    if problem is None:
        raise NotFound("the API never answers with this problem code")
    if _wants_json(accept):
        return JSONResponse(_description(problem, problem_type_base(request)), headers=_headers())
    return HTMLResponse(_problem_page(problem), headers=_headers())


@functools.cache
def authorization_schema() -> bytes:
    return resources.files(__package__).joinpath("authorization.schema.json").read_bytes()


@router.get(
    AUTHORIZATION_SCHEMA_PATH,
    operation_id="getAuthorizationSchema",
    summary="The JSON Schema of the 授权核对委托书 (authorization), version 1",
    description="The draft 2020-12 JSON Schema of the authorization's JWS header and payload, "
    "served at the path its `$id` names (openapi/authorization.schema.json). Public, "
    "cacheable, not audited.",
    response_class=Response,
    responses={200: {"content": {"application/schema+json": {}}}},
)
async def get_authorization_schema() -> Response:
    return Response(
        authorization_schema(),
        media_type="application/schema+json",
        headers={"Cache-Control": CACHE_CONTROL},
    )


@functools.cache
def obligor_consent_schema() -> bytes:
    return resources.files(__package__).joinpath("obligor-consent.schema.json").read_bytes()


@router.get(
    OBLIGOR_CONSENT_SCHEMA_PATH,
    operation_id="getObligorConsentSchema",
    summary="The JSON Schema of a support obligor's consent (义务人授权核对同意书), version 1",
    description="The draft 2020-12 JSON Schema of a support obligor's consent JWS header and "
    "payload (`obligors[].authorization`), served at the path its `$id` names "
    "(openapi/obligor-consent.schema.json). Public, cacheable, not audited.",
    response_class=Response,
    responses={200: {"content": {"application/schema+json": {}}}},
)
async def get_obligor_consent_schema() -> Response:
    return Response(
        obligor_consent_schema(),
        media_type="application/schema+json",
        headers={"Cache-Control": CACHE_CONTROL},
    )
