"""A draft policy: one layer file, in the format of ``policies/layered/data/*.toml``, that
replaces the layer of the same id (the region's file as it would be published) or, with an
id no layer has, is added (a new city or county).  The whole set is then checked as the
service checks its own at start, so a draft the service could not load is refused here.

Pure: no web, database or HTTP client.
"""

from __future__ import annotations

from verification.kit.masking import mask_text
from verification.policies.in_force import PoliciesInForce
from verification.policies.layered.loading import LayerFileError, LayerSet, parse_layer
from verification.policies.layered.model import Layer
from verification.problems import InvalidRequest

DRAFT_FILE = "draft.toml"
MAX_DRAFT_CHARS = 200_000


def drafted_layers(layers: LayerSet, text: str) -> tuple[Layer, LayerSet]:
    """The draft layer, and ``layers`` with it in place; ``422 draft-policy-invalid`` naming
    the file and the field when the draft, or the set with it, is not valid."""
    if len(text) > MAX_DRAFT_CHARS:
        raise _invalid(f"{DRAFT_FILE}: longer than {MAX_DRAFT_CHARS} characters", "too_long")
    try:
        draft = parse_layer(DRAFT_FILE, text)
        others = [layer for layer in layers.layers.values() if layer.id != draft.id]
        return draft, LayerSet([*others, draft])
    except LayerFileError as exc:
        raise _invalid(str(exc), "invalid") from None


def drafted_policies(layers: LayerSet, text: str) -> tuple[Layer, PoliciesInForce]:
    draft, drafted = drafted_layers(layers, text)
    return draft, PoliciesInForce(drafted)


def _invalid(detail: str, reason: str) -> InvalidRequest:
    # the loader names files, fields and policy values; an ID number pasted in is masked
    detail = mask_text(detail)
    return InvalidRequest(
        f"the draft policy cannot be loaded: {detail}",
        code="draft-policy-invalid",
        audit={"reason": reason},
        # as a request's validation errors are listed (``problem_handlers``)
        extra={"errors": [{"location": "body.draft", "message": detail, "type": reason}]},
    )
