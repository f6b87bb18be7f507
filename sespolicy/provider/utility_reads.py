"""ReadDataSource for the twins of the utility providers and of any other provider.

What the twin can know exactly, it answers: `local_file` / `local_sensitive_file` read the file
(relative to the directory Terraform runs in), `null_data_source` echoes its inputs. What it
cannot know at plan time — a program's output (`external`, `local_command`), a URL's body
(`http`, `tls_certificate`), an archive's bytes and hashes (`archive_file`), a rendered and
gzipped cloud-init document, a key derived elsewhere — is listed in the provider's facts as a
deferred read: the read is refused with the reason, never answered with a value a rule could
trust. (`sespolicy plan` defers those reads to apply, so they plan as unknown; see
deferred_reads.py.) Data sources of providers the twin knows nothing about get stand-ins.
"""

from __future__ import annotations

import base64
import hashlib
import os
from pathlib import Path
from typing import Any

from sespolicy.provider.datasources import ReadRefused
from sespolicy.provider.standins import fill_block, token
from sespolicy.provider.wire_values import null_block

_WHY_DEFERRED = {
    "archive_file": "its hashes and size are those of an archive that is only built at apply",
    "external": "its result is whatever the program prints, and the twin runs no programs",
    "local_command": "its output is whatever the command prints, and the twin runs no commands",
    "http": "its response is whatever the URL returns, and the twin makes no network requests",
    "cloudinit_config": "its rendered document is gzipped and encoded by the real provider",
    "tls_certificate": "it reads certificates from a URL or PEM the twin does not parse",
    "tls_public_key": "its key material is derived by the real provider's cryptography",
}


def deferred_read_refusal(source: str, type_name: str) -> str:
    why = _WHY_DEFERRED.get(type_name, "its answer is not known before apply")
    return (
        f"data.{type_name} ({source}) cannot be read by the plan-only twin: {why}. "
        "`sespolicy plan` defers such reads to apply, so their values plan as unknown; when "
        "running Terraform against the twin yourself, add a `depends_on` to a resource that "
        "is created in the plan to get the same effect"
    )


def read_utility_data_source(
    source: str,
    type_name: str,
    data_source: dict[str, Any],
    config: dict[str, Any],
    working_dir: Path | None,
) -> dict[str, Any]:
    if data_source.get("deferred"):
        raise ReadRefused(deferred_read_refusal(source, type_name))
    block = data_source["block"]
    state = null_block(block)
    state.update({k: v for k, v in config.items() if v is not None and k in state})
    if type_name in ("local_file", "local_sensitive_file"):
        state.update(_local_file(type_name, state.get("filename"), working_dir))
    elif type_name == "null_data_source":
        inputs = state.get("inputs") or {}
        state.update(
            outputs=dict(inputs),
            random=str(int(token(source, repr(sorted(inputs.items())), length=12), 16)),
            has_computed_default=state.get("has_computed_default") or "default",
            id="static",
        )
    fill_block(block, state, f"{source}|{type_name}|{sorted(map(str, config.items()))}")
    return state


def _local_file(type_name: str, filename: Any, working_dir: Path | None) -> dict[str, Any]:
    if not isinstance(filename, str) or not filename:
        raise ReadRefused(f"data.{type_name}: `filename` is empty")
    path = Path(filename)
    if not path.is_absolute():
        path = (working_dir or Path(os.getcwd())) / path
    try:
        content = path.read_bytes()
    except OSError as problem:
        raise ReadRefused(
            f"data.{type_name}: cannot read {filename}: {problem.strerror or problem}"
        ) from None
    digests = {
        "content_md5": hashlib.md5(content).hexdigest(),
        "content_sha1": hashlib.sha1(content).hexdigest(),
        "content_sha256": hashlib.sha256(content).hexdigest(),
        "content_base64sha256": base64.b64encode(hashlib.sha256(content).digest()).decode(),
        "content_sha512": hashlib.sha512(content).hexdigest(),
        "content_base64sha512": base64.b64encode(hashlib.sha512(content).digest()).decode(),
    }
    return {
        "content": content.decode("utf-8", "replace"),
        "content_base64": base64.b64encode(content).decode(),
        "id": digests["content_sha1"],
        **digests,
    }
