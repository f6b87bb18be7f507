"""Where each resource of a configuration is written: file and lines, across local modules.

Addresses are matched without instance keys, since one block makes every instance:
`module.mail["eu"].aws_sns_topic.t[0]` is found as `module.mail.aws_sns_topic.t`. Lines of the
attributes and nested blocks inside a resource come from the parse tree's positions (python-hcl2
8.x builds it with `propagate_positions`; its `with_meta` dict option adds no lines in 8.1.4),
so no text scanning is needed. File paths are relative to the source directory.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from sespolicy.findings import SourceLocation
from sespolicy.hcl.blocks import ModuleConfig, read_configuration_lenient
from sespolicy.hcl.syntax import Block
from sespolicy.world.addresses import strip_instance_keys

_INSTANCE_KEY = re.compile(r'\[(?:"(?:[^"\\]|\\.)*"|[^\]]*)\]')
_PATH_STEP = re.compile(r'([^.\[]+)((?:\[(?:"(?:[^"\\]|\\.)*"|[^\]]*)\])*)')


def _location(block_or_attribute: Block | object) -> SourceLocation:
    return SourceLocation(
        file=block_or_attribute.file,  # type: ignore[attr-defined]
        line=block_or_attribute.line,  # type: ignore[attr-defined]
        end_line=block_or_attribute.end_line,  # type: ignore[attr-defined]
    )


@dataclass
class SourceIndex:
    """Configuration address (no instance keys) → the block that declares it."""

    blocks: dict[str, Block] = field(default_factory=dict)

    def __contains__(self, address: str) -> bool:
        return strip_instance_keys(address) in self.blocks

    def __len__(self) -> int:
        return len(self.blocks)

    def addresses(self) -> list[str]:
        return sorted(self.blocks)

    def location(self, address: str) -> SourceLocation | None:
        """The resource (or module call) block for an address, instance keys ignored."""
        block = self.blocks.get(strip_instance_keys(address))
        return _location(block) if block is not None else None

    def attribute_location(self, address: str, attribute: str) -> SourceLocation | None:
        """Where an attribute or nested block of the resource is written.

        `attribute` is a top-level name (`region`, `s3_action`) or a path into nested blocks
        as findings write it (`s3_action[0].kms_key_arn`, `s3_action.bucket_name`). Without an
        index the first block of that type is used. When the exact attribute is not written
        (e.g. a value the provider computes), the closest enclosing block is returned; None only
        when the resource itself is unknown.
        """
        block = self.blocks.get(strip_instance_keys(address))
        if block is None:
            return None
        current = block
        for name, index in _path_steps(attribute):
            if name == "*":
                continue  # `s3_action.*.topic_arn`: any element; the first block is shown
            found = current.attribute(name)
            if found is not None:
                return _location(found)
            nested = current.blocks_of(name)
            if not nested:
                nested = [
                    dynamic
                    for dynamic in current.blocks_of("dynamic")
                    if dynamic.labels and dynamic.labels[0] == name
                ]
            if not nested:
                return _location(current)
            current = nested[index] if 0 <= index < len(nested) else nested[0]
        return _location(current)


def _path_steps(path: str) -> list[tuple[str, int]]:
    steps = []
    for match in _PATH_STEP.finditer(path):
        name, keys = match.group(1), match.group(2)
        index = 0
        first = _INSTANCE_KEY.search(keys or "")
        if first is not None and first.group(0)[1:-1].isdigit():
            index = int(first.group(0)[1:-1])
        steps.append((name, index))
    return steps


def locate_sources(source_dir: str) -> SourceIndex:
    """Index the resources (and module calls) of the configuration in `source_dir`.

    Local modules are followed; a module whose source is remote or missing is skipped (the
    locations are a help for reading findings, not a judgement, so a partial index is fine).
    """
    root = read_configuration_lenient(Path(source_dir))
    index = SourceIndex()
    _index_module(root, index)
    return index


def _index_module(module: ModuleConfig, index: SourceIndex) -> None:
    prefix = f"{module.address}." if module.address else ""
    for resource in module.resources:
        index.blocks[prefix + resource.address] = resource.block
    for call in module.module_calls.values():
        index.blocks[f"{prefix}module.{call.name}"] = call.block
        if call.module is not None:
            _index_module(call.module, index)
