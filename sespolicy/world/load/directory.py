"""A directory of .tf files, read by the optional `sespolicy.hcl` package when this build has it."""

from __future__ import annotations

import hashlib
import importlib
from pathlib import Path

from sespolicy.errors import InputError
from sespolicy.world.load.document import HCL, LoadedDocument

HCL_MODULE = "sespolicy.hcl"
NOT_AVAILABLE = (
    "reading .tf directories is not available in this build; run terraform plan and pass "
    "`terraform show -json` output"
)


def load_directory(path: str) -> LoadedDocument:
    reader = _hcl_reader()
    data = reader(path)
    return LoadedDocument(
        source=path,
        kind=HCL,
        data=data,
        sha256=hash_tf_files(Path(path)),
        format_version=_optional_str(data.get("format_version")),
        terraform_version=_optional_str(data.get("terraform_version")),
        warnings=(),
    )


def _hcl_reader():  # -> Callable[[str], dict]
    try:
        module = importlib.import_module(HCL_MODULE)
    except ModuleNotFoundError as missing:
        # Only the absence of sespolicy.hcl itself means "not in this build"; a missing
        # dependency inside it is a real fault and must surface.
        if missing.name != HCL_MODULE:
            raise
        raise InputError(NOT_AVAILABLE) from None
    reader = getattr(module, "load_directory", None)
    if not callable(reader):
        raise InputError(NOT_AVAILABLE)
    return reader


def hash_tf_files(directory: Path) -> str:
    """Digest of every .tf file below `directory` (hidden folders such as .terraform skipped),
    by relative path and content, so a renamed or edited file changes it."""
    digest = hashlib.sha256()
    files = sorted(
        file for file in directory.rglob("*.tf")
        if file.is_file() and not any(
            part.startswith(".") for part in file.relative_to(directory).parts[:-1]
        )
    )
    for file in files:
        content = file.read_bytes()
        name = file.relative_to(directory).as_posix().encode("utf-8")
        digest.update(len(name).to_bytes(8, "big") + name)
        digest.update(len(content).to_bytes(8, "big") + content)
    return digest.hexdigest()


def _optional_str(value: object) -> str | None:
    return value if isinstance(value, str) else None
