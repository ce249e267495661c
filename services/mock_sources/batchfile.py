"""Agencies that answer in batches: the mock bank's batch-file exchange mode and ``/_batchfile``.

With the mode on (``PUT /_batchfile/bank {"delay_seconds": 600}``, or the environment variable
``MOCK_SOURCES_BANK_BATCH_FILE_SECONDS``), a deposit query is not answered on its own: it is
written as the next line of the current submission file and answered HTTP 202 with a ticket
``<file id>:<line>`` (also as ``batchFile`` and ``line``) and ``expectedBy``.  A submission
file stays open for queries until its result is due; the next query after that opens a new
file.  ``GET /bank/gateway/batch-files/{file_id}/result`` answers 202 while the result file is
not ready (``delay_seconds`` on the state's clock after the file was opened), then the result
file (``RESULT_MEDIA_TYPE``, JSON Lines):

- line 1, the header: ``{"fileId", "lines": N, "sha256": <hex of every byte after the
  header's newline>}``;
- then one record per submitted query, in order: ``{"line": i, "respCode": "000000",
  "accounts": [...], "investments": [...]}`` (as the immediate answer's body) or
  ``{"line": i, "respCode": "404001", "respMsg": "customer not found"}``.

A reader refuses a file whose record count or checksum disagrees with its header (a
truncated download).  ``POST /_batchfile/bank/release`` makes every open file's result ready at
once (a test needs no wall clock).  Files live in the process's memory, like the delayed
mode's tickets; ``/_batchfile`` is a test-harness endpoint and needs no authorization headers.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import secrets
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from mock_sources.deferred import mode_from_environment

BATCH_FILE_ENV_VAR: Final = "MOCK_SOURCES_BANK_BATCH_FILE_SECONDS"
RESULT_MEDIA_TYPE: Final = "application/x-ndjson"
Clock = Callable[[], float]


class BatchFileMode(BaseModel):
    """How long after a submission file is opened its result file becomes available."""

    model_config = ConfigDict(extra="forbid")

    delay_seconds: float = Field(ge=0)


@dataclass
class _Query:
    cert_type: str
    cert_no: str


@dataclass
class BatchFile:
    """One submission file: its queries (line ``i`` is ``queries[i - 1]``) and when its
    result is ready (on the state's clock)."""

    file_id: str
    ready_at: float
    queries: list[_Query] = field(default_factory=list)
    downloads: int = 0  # result files served (a test counts them)


@dataclass
class BatchFileState:
    """The batch-file mode of one app (``None``: off) and its files."""

    clock: Clock = time.monotonic
    mode: BatchFileMode | None = None
    files: dict[str, BatchFile] = field(default_factory=dict)
    _open: BatchFile | None = None

    @classmethod
    def from_environment(cls) -> BatchFileState:
        return cls(mode=mode_from_environment(BATCH_FILE_ENV_VAR, BatchFileMode))

    def submit(self, cert_type: str, cert_no: str) -> tuple[BatchFile, int, dt.datetime]:
        """Add a query to the open submission file (a new one if none is open); its file, its
        line number (from 1) and when the file's result is expected (UTC)."""
        assert self.mode is not None
        now = self.clock()
        current = self._open
        if current is None or current.ready_at <= now:
            current = BatchFile("BF" + secrets.token_hex(6).upper(), now + self.mode.delay_seconds)
            self.files[current.file_id] = current
            self._open = current
        current.queries.append(_Query(cert_type, cert_no))
        expected = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=current.ready_at - now)
        return current, len(current.queries), expected.replace(microsecond=0)

    def ready(self, batch: BatchFile) -> bool:
        return self.clock() >= batch.ready_at

    def release(self) -> int:
        """Every open file's result available now (no further query joins them); how many."""
        now = self.clock()
        waiting = [batch for batch in self.files.values() if batch.ready_at > now]
        for batch in waiting:
            batch.ready_at = now
        return len(waiting)


def result_file(file_id: str, records: Sequence[Mapping[str, Any]]) -> bytes:
    """A result file: the header (count, SHA-256 of the records' bytes) and one JSON line per
    record."""
    body = b"".join(
        json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode() + b"\n"
        for record in records
    )
    header = {"fileId": file_id, "lines": len(records), "sha256": hashlib.sha256(body).hexdigest()}
    return json.dumps(header, separators=(",", ":")).encode() + b"\n" + body


def batch_file_state(request: Request) -> BatchFileState:
    state = request.app.state.batch_files
    if not isinstance(state, BatchFileState):
        raise TypeError("app.state.batch_files is not a BatchFileState")
    return state


router = APIRouter(prefix="/_batchfile", tags=["batchfile"])


@router.get("/bank")
async def read_mode(request: Request) -> dict[str, Any]:
    state = batch_file_state(request)
    return {
        "mode": None if state.mode is None else state.mode.model_dump(),
        "files": [
            {
                "fileId": batch.file_id,
                "lines": len(batch.queries),
                "ready": state.ready(batch),
                "downloads": batch.downloads,
            }
            for batch in state.files.values()
        ],
    }


@router.put("/bank", response_model=None)
async def set_mode(request: Request) -> dict[str, Any] | JSONResponse:
    """Answer bank queries in batch files (202 + a ticket naming the file and the line)."""
    try:
        mode = BatchFileMode.model_validate_json(await request.body())
    except ValidationError as exc:
        detail = json.loads(exc.json(include_url=False))
        return JSONResponse({"error": "invalid mode", "detail": detail}, status_code=422)
    batch_file_state(request).mode = mode
    return mode.model_dump()


@router.delete("/bank", status_code=204)
async def clear_mode(request: Request) -> Response:
    """Answer at once again (files already submitted can still be fetched)."""
    batch_file_state(request).mode = None
    return Response(status_code=204)


@router.post("/bank/release")
async def release(request: Request) -> dict[str, Any]:
    """Every open file's result available now."""
    return {"released": batch_file_state(request).release()}
