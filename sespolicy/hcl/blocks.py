"""Read a directory of `.tf` files (and the local modules it calls) into typed records.

Nothing is evaluated here; this is the shape of the configuration: variables, locals, provider
blocks and requirements, resources, data sources, module calls and outputs, each with the file
and line it came from. Local module sources (`./x`, `../x`) are followed; any other source
(registry, git, http) cannot be read offline and is kept as an unread call with the reason.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from lark import Tree

from sespolicy.errors import InputError
from sespolicy.hcl.evaluate import constant_value
from sespolicy.hcl.references import as_traversal, format_steps
from sespolicy.hcl.syntax import (
    Attribute,
    Block,
    iter_tokens,
    meaningful_children,
    name_of,
    parse_file,
)
from sespolicy.provider.sources import is_local_source, provider_address

# Arguments that steer Terraform itself; they are not part of a resource's own expressions.
RESOURCE_META_ARGUMENTS = frozenset({"count", "for_each", "provider", "depends_on"})
RESOURCE_META_BLOCKS = frozenset({"lifecycle", "provisioner", "connection", "dynamic"})
MODULE_META_ARGUMENTS = frozenset(
    {"source", "version", "count", "for_each", "providers", "depends_on"}
)
MAX_MODULE_DEPTH = 32


@dataclass(frozen=True)
class VariableConfig:
    name: str
    block: Block
    has_default: bool
    default: object
    type_text: str | None
    description: str | None
    sensitive: bool


@dataclass(frozen=True)
class OutputConfig:
    name: str
    block: Block
    expression: Attribute | None
    description: str | None
    sensitive: bool


@dataclass(frozen=True)
class ProviderBlockConfig:
    local_name: str
    alias: str | None
    block: Block

    @property
    def local_key(self) -> str:
        return f"{self.local_name}.{self.alias}" if self.alias else self.local_name


@dataclass(frozen=True)
class RequiredProvider:
    local_name: str
    full_name: str
    version: str | None
    configuration_aliases: tuple[str, ...] = ()


class Expandable:
    """A block that `count` or `for_each` may repeat (a resource, a module call)."""

    block: Block

    @property
    def count(self) -> Attribute | None:
        return self.block.attribute("count")

    @property
    def for_each(self) -> Attribute | None:
        return self.block.attribute("for_each")


@dataclass(frozen=True)
class ResourceConfig(Expandable):
    mode: str  # "managed" or "data"
    type: str
    name: str
    block: Block
    provider_local_key: str  # "aws", "aws.eu": from `provider = …` or the type's prefix

    @property
    def address(self) -> str:
        prefix = "data." if self.mode == "data" else ""
        return f"{prefix}{self.type}.{self.name}"

    @property
    def waits_for_changes(self) -> bool:
        """A data source whose `depends_on` names a managed resource or a module: every
        managed resource the .tf reader sees is a create, so Terraform defers the read to
        apply (`read_because_dependency_pending`)."""
        from sespolicy.hcl.references import references_in

        depends_on = self.block.attribute("depends_on")
        if self.mode != "data" or depends_on is None:
            return False
        return any(not ref.startswith("data.") for ref in references_in(depends_on.expression))


@dataclass
class ModuleCallConfig(Expandable):
    name: str
    block: Block
    source: str
    version: str | None
    providers: dict[str, str]  # key in the child → key in the caller ("aws" → "aws.eu")
    module: ModuleConfig | None = None
    unread_reason: str | None = None

    @property
    def inputs(self) -> dict[str, Attribute]:
        return {
            name: attribute
            for name, attribute in self.block.attributes.items()
            if name not in MODULE_META_ARGUMENTS
        }


@dataclass
class ModuleConfig:
    directory: Path
    path: tuple[str, ...]  # module call names from the root: ("mail", "topic")
    files: list[str] = field(default_factory=list)
    skipped_files: list[str] = field(default_factory=list)
    variables: dict[str, VariableConfig] = field(default_factory=dict)
    locals: dict[str, Attribute] = field(default_factory=dict)
    outputs: dict[str, OutputConfig] = field(default_factory=dict)
    provider_blocks: list[ProviderBlockConfig] = field(default_factory=list)
    required_providers: dict[str, RequiredProvider] = field(default_factory=dict)
    resources: list[ResourceConfig] = field(default_factory=list)
    module_calls: dict[str, ModuleCallConfig] = field(default_factory=dict)

    @property
    def address(self) -> str:
        return ".".join(f"module.{name}" for name in self.path)

    def full_name_of(self, local_name: str) -> str:
        required = self.required_providers.get(local_name)
        if required is not None:
            return required.full_name
        return provider_address(local_name)

    def walk(self) -> list[ModuleConfig]:
        found = [self]
        for call in self.module_calls.values():
            if call.module is not None:
                found.extend(call.module.walk())
        return found


def read_configuration(directory: Path, display_root: Path) -> ModuleConfig:
    """Read the root module in `directory` and every local module it calls."""
    tf_files = _tf_files(directory)
    if not tf_files:
        if _json_files(directory):
            raise InputError(
                f"{directory} holds only JSON configuration (.tf.json), which is not read; "
                f"run terraform plan and pass `terraform show -json` output instead"
            )
        raise InputError(
            f"no .tf files in {directory}; give a directory of Terraform configuration "
            f"or a plan JSON file"
        )
    return _read_module(directory, (), display_root, depth=0, strict=True)


def read_configuration_lenient(directory: Path) -> ModuleConfig:
    """As read_configuration, but a missing local module is left unread instead of an error."""
    if not _tf_files(directory):
        raise InputError(f"no .tf files in {directory}; give the Terraform source directory")
    return _read_module(directory, (), directory, depth=0, strict=False)


def _tf_files(directory: Path) -> list[Path]:
    return sorted(path for path in directory.glob("*.tf") if path.is_file())


def _json_files(directory: Path) -> list[Path]:
    return sorted(path for path in directory.glob("*.tf.json") if path.is_file())


def _display_name(path: Path, display_root: Path) -> str:
    try:
        return path.resolve().relative_to(display_root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _is_override_file(path: Path) -> bool:
    return path.name == "override.tf" or path.name.endswith("_override.tf")


def _read_module(
    directory: Path, path: tuple[str, ...], display_root: Path, depth: int, strict: bool
) -> ModuleConfig:
    module = ModuleConfig(directory=directory, path=path)
    for file_path in _tf_files(directory):
        display = _display_name(file_path, display_root)
        if _is_override_file(file_path):
            # Override files are merged into other blocks by Terraform; merging is not
            # implemented, so the file is left out and reported, never silently half-read.
            module.skipped_files.append(display)
            continue
        module.files.append(display)
        _add_file(module, parse_file(file_path, display))
    # JSON configuration syntax needs the provider schema to tell blocks from attributes; it is
    # left out and reported rather than half-read.
    module.skipped_files.extend(
        _display_name(json_path, display_root) for json_path in _json_files(directory)
    )
    for call in module.module_calls.values():
        _read_called_module(module, call, display_root, depth, strict)
    return module


def _read_called_module(
    parent: ModuleConfig, call: ModuleCallConfig, display_root: Path, depth: int, strict: bool
) -> None:
    if not is_local_source(call.source):
        call.unread_reason = (
            f"module source {call.source!r} is not a local path; registry, git and other "
            f"remote modules cannot be read without `terraform init`"
        )
        return
    child_dir = (parent.directory / call.source).resolve()
    if not child_dir.is_dir() or not _tf_files(child_dir):
        if not strict:
            call.unread_reason = f"module source {call.source!r} is not a directory with .tf files"
            return
        where = f"{call.block.file}:{call.block.line}"
        raise InputError(
            f"{where}: module {call.name!r} has source {call.source!r}, but "
            f"{_display_name(child_dir, display_root)} is not a directory with .tf files; "
            f"fix the source or add the module"
        )
    if depth + 1 > MAX_MODULE_DEPTH:
        raise InputError(
            f"{call.block.file}:{call.block.line}: modules nest deeper than "
            f"{MAX_MODULE_DEPTH} levels; is a module calling itself?"
        )
    call.module = _read_module(
        child_dir, (*parent.path, call.name), display_root, depth + 1, strict
    )


def _add_file(module: ModuleConfig, top: Block) -> None:
    for block in top.blocks:
        reader = _BLOCK_READERS.get(block.type)
        if reader is not None:
            reader(module, block)


def _string_attribute(block: Block, name: str) -> str | None:
    attribute = block.attribute(name)
    if attribute is None:
        return None
    known, value = constant_value(attribute.expression)
    return value if known and isinstance(value, str) else None


def _bool_attribute(block: Block, name: str) -> bool:
    attribute = block.attribute(name)
    if attribute is None:
        return False
    known, value = constant_value(attribute.expression)
    return bool(known and value is True)


def _expression_text(attribute: Attribute | None) -> str | None:
    """A traversal expression as text (`aws.eu`, `string`), or None."""
    if attribute is None:
        return None
    known, value = constant_value(attribute.expression)
    if known and isinstance(value, str):  # Terraform 0.11 style: provider = "aws.eu"
        return value
    traversal = as_traversal(attribute.expression)
    if traversal is not None:
        return traversal.root + format_steps(traversal.steps)
    return _type_text(attribute.expression)


def _type_text(node: object) -> str | None:
    # `type = list(string)` and friends: the source text is enough for the few conversions
    # we make; it is rebuilt from tokens because the parse tree has no raw text.
    if not isinstance(node, Tree):
        return None
    return "".join(str(token).strip() for token in iter_tokens(node)) or None


def _duplicate(block: Block, what: str, earlier: Block) -> InputError:
    return InputError(
        f"{block.file}:{block.line}: {what} is declared twice "
        f"(first at {earlier.file}:{earlier.line}); remove one"
    )


def _read_variable(module: ModuleConfig, block: Block) -> None:
    if not block.labels:
        return
    name = block.labels[0]
    if name in module.variables:
        raise _duplicate(block, f"variable {name!r}", module.variables[name].block)
    default_attribute = block.attribute("default")
    default: object = None
    has_default = default_attribute is not None
    if default_attribute is not None:
        known, value = constant_value(default_attribute.expression)
        default = value if known else None
    module.variables[name] = VariableConfig(
        name=name,
        block=block,
        has_default=has_default,
        default=default,
        type_text=_expression_text(block.attribute("type")),
        description=_string_attribute(block, "description"),
        sensitive=_bool_attribute(block, "sensitive"),
    )


def _read_locals(module: ModuleConfig, block: Block) -> None:
    for name, attribute in block.attributes.items():
        if name in module.locals:
            earlier = module.locals[name]
            raise InputError(
                f"{attribute.file}:{attribute.line}: local value {name!r} is declared twice "
                f"(first at {earlier.file}:{earlier.line}); remove one"
            )
        module.locals[name] = attribute


def _read_output(module: ModuleConfig, block: Block) -> None:
    if not block.labels:
        return
    name = block.labels[0]
    module.outputs[name] = OutputConfig(
        name=name,
        block=block,
        expression=block.attribute("value"),
        description=_string_attribute(block, "description"),
        sensitive=_bool_attribute(block, "sensitive"),
    )


def _read_provider(module: ModuleConfig, block: Block) -> None:
    if not block.labels:
        return
    provider = ProviderBlockConfig(
        local_name=block.labels[0], alias=_string_attribute(block, "alias"), block=block
    )
    for existing in module.provider_blocks:
        if existing.local_key == provider.local_key:
            raise _duplicate(
                block, f"provider configuration {provider.local_key!r}", existing.block
            )
    module.provider_blocks.append(provider)


def _read_terraform(module: ModuleConfig, block: Block) -> None:
    for required in block.blocks_of("required_providers"):
        for local_name, attribute in required.attributes.items():
            module.required_providers[local_name] = _required_provider(local_name, attribute)


def _required_provider(local_name: str, attribute: Attribute) -> RequiredProvider:
    known, value = constant_value(attribute.expression)
    if known and isinstance(value, str):  # legacy `aws = "~> 5.0"`
        return RequiredProvider(local_name, provider_address(local_name), value)
    source = local_name
    version = None
    aliases: tuple[str, ...] = ()
    spec = _object_items(attribute.expression)
    if "source" in spec:
        known, value = constant_value(spec["source"])
        if known and isinstance(value, str):
            source = value
    if "version" in spec:
        known, value = constant_value(spec["version"])
        if known and isinstance(value, str):
            version = value
    if "configuration_aliases" in spec:
        aliases = tuple(
            text.split(".", 1)[1]
            for text in _traversal_texts(spec["configuration_aliases"])
            if "." in text
        )
    return RequiredProvider(local_name, provider_address(source), version, aliases)


def _object_items(expression: object) -> dict[str, Tree]:
    """Key → value expression of an object constructor (keys taken literally)."""
    node = expression
    while isinstance(node, Tree) and node.data == "expr_term":
        children = meaningful_children(node)
        if len(children) != 1:
            return {}
        node = children[0]
    if not isinstance(node, Tree) or node.data != "object":
        return {}
    items: dict[str, Tree] = {}
    for element in meaningful_children(node):
        if isinstance(element, Tree) and element.data == "object_elem":
            key, _separator, value = meaningful_children(element)
            traversal = as_traversal(meaningful_children(key)[0])
            if traversal is not None:
                items[traversal.root + format_steps(traversal.steps)] = value
            else:
                known, literal = constant_value(meaningful_children(key)[0])
                items[str(literal) if known else name_of(key)] = value
    return items


def _traversal_texts(expression: object) -> list[str]:
    node = expression
    while isinstance(node, Tree) and node.data == "expr_term":
        children = meaningful_children(node)
        if len(children) != 1:
            return []
        node = children[0]
    if not isinstance(node, Tree) or node.data != "tuple":
        return []
    texts = []
    for element in meaningful_children(node):
        if isinstance(element, Tree):
            traversal = as_traversal(element)
            if traversal is not None:
                texts.append(traversal.root + format_steps(traversal.steps))
    return texts


def _read_resource(module: ModuleConfig, block: Block, mode: str) -> None:
    if len(block.labels) < 2:
        return
    resource_type, name = block.labels[0], block.labels[1]
    provider_key = _expression_text(block.attribute("provider")) or resource_type.split("_")[0]
    resource = ResourceConfig(
        mode=mode, type=resource_type, name=name, block=block, provider_local_key=provider_key
    )
    for existing in module.resources:
        if existing.address == resource.address:
            raise _duplicate(block, resource.address, existing.block)
    module.resources.append(resource)


def _read_module_call(module: ModuleConfig, block: Block) -> None:
    if not block.labels:
        return
    name = block.labels[0]
    if name in module.module_calls:
        raise _duplicate(block, f"module {name!r}", module.module_calls[name].block)
    source = _string_attribute(block, "source")
    if source is None:
        raise InputError(
            f"{block.file}:{block.line}: module {name!r} has no literal `source`; "
            f"Terraform requires one"
        )
    providers_attribute = block.attribute("providers")
    providers: dict[str, str] = {}
    if providers_attribute is not None:
        for child_key, value in _object_items(providers_attribute.expression).items():
            traversal = as_traversal(value)
            if traversal is not None:
                providers[child_key] = traversal.root + format_steps(traversal.steps)
    module.module_calls[name] = ModuleCallConfig(
        name=name,
        block=block,
        source=source,
        version=_string_attribute(block, "version"),
        providers=providers,
    )


_BLOCK_READERS = {
    "variable": _read_variable,
    "locals": _read_locals,
    "output": _read_output,
    "provider": _read_provider,
    "terraform": _read_terraform,
    "resource": lambda module, block: _read_resource(module, block, "managed"),
    "data": lambda module, block: _read_resource(module, block, "data"),
    "module": _read_module_call,
}
