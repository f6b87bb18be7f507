"""Files `sespolicy plan` writes must not overwrite the configuration it plans.

Every output path goes through `sespolicy.output_files` (a folder, FIFO, device, missing folder,
an input such as a `--var-file`, two outputs on one file: refused before anything runs; files
replaced whole or not at all). What only `plan` knows is which files are the configuration:
after reading it, an output inside the configuration directory, a module it calls or a path it
reads is refused when Terraform would read it as configuration or when it would replace a file
there — a plan JSON an earlier run left there excepted, since replacing it is what the user
asks for.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from sespolicy.errors import UsageError
from sespolicy.output_files import OutputFile, Sink
from sespolicy.provider.configscan import ConfigurationFacts
from sespolicy.provider.workspace import is_terraform_file


def refuse_outputs_in_configuration(
    outputs: Sequence[OutputFile], facts: ConfigurationFacts
) -> None:
    """One line for the first output file that would damage the configuration."""
    input_roots = [facts.root, *facts.module_dirs, *facts.referenced_paths]
    for output in outputs:
        if output.sink is not Sink.FILE:
            continue
        real = Path(os.path.realpath(output.path))
        inside = next((root for root in input_roots if real == root or root in real.parents), None)
        if inside is not None and (
            is_terraform_file(real.name) or (real.is_file() and not _is_earlier_plan(real))
        ):
            raise UsageError(
                f"{output.option}: {output.shown} would overwrite the configuration being "
                f"planned (it is in {inside}); write it outside the configuration"
            )


def _is_earlier_plan(path: Path) -> bool:
    """A plan JSON an earlier run wrote there: replacing it is what the user asks for.
    (Only called for a regular file: a FIFO would block the read.)"""
    try:
        with path.open("rb") as handle:
            head = handle.read(4096)
    except OSError:
        return False
    return (
        head.lstrip().startswith(b"{")
        and b'"format_version"' in head
        and (b'"terraform_version"' in head)
    )
