"""Seeded structural mutations of Terraform plan and state JSON, for the fuzzing harness.

Each input is a real plan or state (the shared corpus, the repository's fixtures) with one to
three mutations applied, chosen by a `random.Random` so that a seed reproduces a run exactly.
The mutations are the ways untrusted input goes wrong: keys deleted, values of the wrong JSON
type, huge and deeply nested values, control characters, bidi controls and lone surrogates,
values marked unknown or sensitive in odd shapes, configuration `expressions` and `references`
of the wrong shape, instance keys Terraform never writes (`["\\q"]`, 5,000-digit indexes),
cyclic and long chains of module references (a module input reading its own output), very long
module paths, and plain byte damage (truncation, stray bytes).
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# Keys whose values the model and graph read structurally: mutated more often than the rest.
TARGET_KEYS = frozenset(
    {
        "references", "expressions", "constant_value", "module_address", "address", "index",
        "after_unknown", "after_sensitive", "before_sensitive", "sensitive_values", "values",
        "after", "before", "region", "provider_config_key", "provider_name", "module_calls",
        "child_modules", "resources", "resource_changes", "format_version", "variables",
        "outputs", "provider_config", "mode", "type", "name", "actions", "count_expression",
        "for_each_expression", "module", "source", "arn", "topic_arn", "policy", "domain",
    }
)
WRONG_TYPES: tuple[Any, ...] = (
    None, True, False, 0, -1, 1.5, 1e308, float("inf"), float("-inf"), float("nan"), "", "x",
    [], {}, [None], [1], ["x"], [[]], {"a": None}, {"references": None}, {"constant_value": {}},
)
WEIRD_STRINGS: tuple[str, ...] = (
    "eu-west-1\n::error file=x.tf,line=1::forged",
    "\x1b[31mred\x1b[0m",
    "a\rb\x00c\x7f",
    "\u202eevil\u202c",
    "\u2028\u2029",
    "\ud800",
    "x\udc80y",
    "\ufeff",
    "e\u0301\u0301\u0301",
    "\U0001f4e7mail",
    "arn:aws:sns:eu-west-1:123456789012:\n::warning::x",
    "arn:aws:sns:\ud800:123:t",
    "arn:aws:ses:us-east-1:123456789012:identity/\u0000",
    "arn:",
    "arn:aws",
    "arn:aws:sns:::",
    "arn:aws:kms:eu-west-1:111122223333:key/" + "f" * 300,
    "${var.x}",
    "<script>alert(1)</script>",
    "]]></failure><failure>",
    "module.",
    "var.",
    "[",
    '["',
    "\\",
)
WEIRD_REFERENCES: tuple[Any, ...] = (
    None, 1, 1.5, float("inf"), "var.x", {"a": 1}, [None], [1], [[]], [{}], [float("nan")],
    ["var."], ["var"], ["module."], ["module"], ["module.m"], ["module.m."], ["data."],
    ["data.aws_x"], ["."], [""], ["..."], ["self"], ["each.key"], ["count.index"],
    ['aws_sns_topic.t["\\q"]'], ['aws_sns_topic.t["\\q"].arn'], ['module.m["\\q"].out'],
    ["aws_sns_topic.t[" + "9" * 5000 + "]"], ["module.m[" + "9" * 5000 + "].out"],
    ['aws_sns_topic.t["' + "k" * 10000 + '"]'], ["aws_sns_topic.t[-1]"], ["aws_sns_topic.t[*]"],
    ["aws_sns_topic." + "t." * 2000 + "arn"], ["module." + "m." * 3000 + "out"],
    ["var.\ud800"], ["aws_sns_topic.t\n::error::x"], ["var.x"] * 2000,
)
MAX_INPUT_BYTES = 4 << 20
# Mutations that the loader refuses almost always (a 10,000-digit number, NaN) are drawn less
# often than those that reach the graph, the Region resolver and the reporters.
OPERATION_WEIGHTS = {
    "big_integer": 0.3,
    "deep_value": 0.6,
    "wrong_type": 0.7,
    "module_chain": 1.5,
    "module_cycle": 1.5,
    "weird_string": 1.5,
    "odd_marks": 1.2,
    "bad_instance_keys": 1.2,
}
WEIRD_KEYS: tuple[Any, ...] = (
    '["\\q"]', "[" + "9" * 5000 + "]", '["a"', "[*]", "[-1]", '["\ud800"]', "[1.5]", "[]",
)


@dataclass(frozen=True)
class FuzzInput:
    """One input: where it came from, what was done to it, and its bytes."""

    seed: str
    operations: tuple[str, ...]
    data: bytes


class _Deep:
    """Placeholder for a value nested `depth` levels deep, spliced in as text after json.dumps
    (json.dumps itself cannot write what it cannot recurse into)."""

    def __init__(self, depth: int, opener: str) -> None:
        self.depth = depth
        self.opener = opener

    def text(self) -> str:
        if self.opener == "[":
            return "[" * self.depth + '"x"' + "]" * self.depth
        return '{"a":' * self.depth + '"x"' + "}" * self.depth


class _BigInteger:
    """Placeholder for an integer literal longer than Python's int/str conversion limit."""

    def __init__(self, digits: int) -> None:
        self.digits = digits

    def text(self) -> str:
        return "9" * self.digits


Placeholder = _Deep | _BigInteger
Slot = tuple[Any, Any]  # (container, key or index)


def load_seeds(folders: list[Path]) -> list[tuple[str, bytes]]:
    """Every *.json below the folders (sorted, so a seed means the same input everywhere)."""
    seeds: list[tuple[str, bytes]] = []
    for folder in folders:
        if folder.is_dir():
            for path in sorted(folder.rglob("*.json")):
                seeds.append((str(path), path.read_bytes()))
    return seeds


class Mutator:
    """Makes fuzz inputs from seed documents with a seeded random generator."""

    def __init__(self, seeds: list[tuple[str, bytes]], rng: random.Random) -> None:
        if not seeds:
            raise ValueError("no seed documents to mutate")
        self.seeds = seeds
        self.rng = rng
        self.operations: dict[str, Callable[[Any], Any]] = {
            "delete_key": self._delete_key,
            "wrong_type": self._wrong_type,
            "weird_string": self._weird_string,
            "huge_value": self._huge_value,
            "deep_value": self._deep_value,
            "big_integer": self._big_integer,
            "bad_references": self._bad_references,
            "bad_expressions": self._bad_expressions,
            "bad_instance_keys": self._bad_instance_keys,
            "odd_marks": self._odd_marks,
            "module_cycle": self._module_cycle,
            "module_chain": self._module_chain,
            "long_module_path": self._long_module_path,
            "duplicate_items": self._duplicate_items,
        }

    def next_input(self) -> FuzzInput:
        """The next input; mutations that would make it larger than MAX_INPUT_BYTES are drawn
        again (the harness looks for crashes, not for how long a 100 MB plan takes)."""
        while True:
            item = self._one_input()
            if item is not None:
                return item

    def _one_input(self) -> FuzzInput | None:
        name, raw = self.rng.choice(self.seeds)
        if self.rng.random() < 0.05:
            return FuzzInput(name, ("byte_damage",), self._byte_damage(raw))
        try:
            document = json.loads(raw)
        except (ValueError, RecursionError):
            return FuzzInput(name, ("byte_damage",), self._byte_damage(raw))
        names = list(self.operations)
        weights = [OPERATION_WEIGHTS.get(name, 1.0) for name in names]
        chosen = tuple(self.rng.choices(names, weights, k=self.rng.randint(1, 3)))
        for operation in chosen:
            document = self.operations[operation](document)
        data = _serialise(document)
        return FuzzInput(name, chosen, data) if data is not None else None

    # -- picking places ---------------------------------------------------------------------

    def _slots(self, document: Any, wanted: Callable[[Any, Any], bool] | None = None) -> list[Slot]:
        """Up to 20,000 (container, key) pairs of the document that satisfy `wanted`."""
        found: list[Slot] = []
        stack = [document]
        while stack and len(found) < 20_000:
            node = stack.pop()
            pairs = node.items() if isinstance(node, dict) else enumerate(node)
            for key, child in pairs:
                if wanted is None or wanted(key, child):
                    found.append((node, key))
                if isinstance(child, (dict, list)):
                    stack.append(child)
        return found

    def _targeted(self, document: Any) -> list[Slot]:
        slots = self._slots(document, lambda key, _child: key in TARGET_KEYS)
        return slots or self._slots(document)

    def _pick(self, slots: list[Slot]) -> Slot | None:
        return self.rng.choice(slots) if slots else None

    def _any_slot(self, document: Any) -> Slot | None:
        if not isinstance(document, (dict, list)):
            return None
        pool = self._targeted(document) if self.rng.random() < 0.6 else self._slots(document)
        return self._pick(pool)

    # -- operations ---------------------------------------------------------------------------

    def _delete_key(self, document: Any) -> Any:
        slot = self._pick(self._slots(document, lambda _k, _c: True)) if isinstance(
            document, (dict, list)
        ) else None
        if slot is not None:
            container, key = slot
            del container[key]
        return document

    def _wrong_type(self, document: Any) -> Any:
        return self._replace(document, lambda _old: self.rng.choice(WRONG_TYPES))

    def _weird_string(self, document: Any) -> Any:
        strings = self._slots(document, lambda _k, child: isinstance(child, str)) if isinstance(
            document, (dict, list)
        ) else []
        slot = self._pick(strings)
        if slot is not None:
            container, key = slot
            weird = self.rng.choice(WEIRD_STRINGS)
            old = container[key]
            container[key] = self.rng.choice([weird, old + weird, weird + old])
        return document

    def _huge_value(self, document: Any) -> Any:
        def huge(_old: Any) -> Any:
            size = self.rng.choice([10_000, 100_000, 1_000_000])
            kind = self.rng.choice(["string", "list", "object", "arn"])
            if kind == "string":
                return "A" * size
            if kind == "arn":
                return "arn:aws:sns:us-east-1:123456789012:" + "t" * size
            if kind == "list":
                return ["x"] * (size // 10)
            return {f"k{i}": i for i in range(size // 100)}

        return self._replace(document, huge)

    def _deep_value(self, document: Any) -> Any:
        depth = self.rng.choice([64, 200, 500, 900, 990, 1_500, 5_000, 50_000])
        return self._replace(document, lambda _old: _Deep(depth, self.rng.choice("[{")))

    def _big_integer(self, document: Any) -> Any:
        digits = self.rng.choice([20, 400, 4_301, 10_000])
        return self._replace(document, lambda _old: _BigInteger(digits))

    def _bad_references(self, document: Any) -> Any:
        slots = self._slots(document, lambda key, _c: key == "references") if isinstance(
            document, (dict, list)
        ) else []
        slot = self._pick(slots)
        if slot is None:
            return self._wrong_type(document)
        container, key = slot
        container[key] = _copy(self.rng.choice(WEIRD_REFERENCES))
        return document

    def _bad_expressions(self, document: Any) -> Any:
        slots = self._slots(
            document, lambda key, _c: key in ("expressions", "count_expression",
                                               "for_each_expression", "expression")
        ) if isinstance(document, (dict, list)) else []
        slot = self._pick(slots)
        if slot is None:
            return self._wrong_type(document)
        container, key = slot
        shapes: list[Any] = [
            None, [], "x", 1, {"a": 1}, {"a": [1]}, {"a": [[{}]]}, {"a": {"references": None}},
            {"a": {"references": "var.x"}}, {"a": {"constant_value": None, "references": [2]}},
            {"region": {"references": ["var."]}}, {"region": {"references": [None]}},
            {"region": {"constant_value": ["eu-west-1"]}}, {"region": {"constant_value": {}}},
            {"topic_arn": {"references": ["aws_sns_topic.t", "aws_sns_topic.t"] * 500}},
            {"b": [{"c": [{"d": {"references": ["var.y"]}}]}] * 50},
            _Deep(self.rng.choice([300, 990, 3000]), "{"),
        ]
        container[key] = _copy(self.rng.choice(shapes))
        return document

    def _bad_instance_keys(self, document: Any) -> Any:
        slots = self._slots(
            document, lambda key, child: key in ("address", "module_address", "index")
            or (key == "references" and isinstance(child, list))
        ) if isinstance(document, (dict, list)) else []
        slot = self._pick(slots)
        if slot is None:
            return document
        container, key = slot
        weird = self.rng.choice(WEIRD_KEYS)
        current = container[key]
        if key == "index":
            container[key] = self.rng.choice(
                [weird, -1, 1.5, [0], {"k": 1}, _BigInteger(5_000), "\ud800"]
            )
        elif key == "references":
            container[key] = [f"{r}{weird}" if isinstance(r, str) else r for r in current]
        elif isinstance(current, str):
            container[key] = current + weird
        return document

    def _odd_marks(self, document: Any) -> Any:
        slots = self._slots(
            document, lambda key, _c: key in ("after_unknown", "after_sensitive",
                                               "before_sensitive", "sensitive_values")
        ) if isinstance(document, (dict, list)) else []
        slot = self._pick(slots)
        if slot is None:
            return document
        container, key = slot
        container[key] = _copy(self.rng.choice(
            [True, False, None, 1, "true", [True], {"arn": True}, {"a": [True, {"b": True}]},
             _Deep(self.rng.choice([200, 990, 3000]), "["), {"x": _Deep(990, "{")}]
        ))
        if key == "after_unknown" and "after" in container and self.rng.random() < 0.5:
            container["after"] = None  # a value entirely unknown until apply
        return document

    def _module_cycle(self, document: Any) -> Any:
        """A module whose input reads its own output (Terraform would call this a cycle)."""
        if not isinstance(document, dict):
            return document
        instances = self.rng.choice([1, 2, 3])
        _add_module_tree(document, depth=1, width=instances, self_referencing=True)
        return document

    def _module_chain(self, document: Any) -> Any:
        """Sibling modules, each input reading the previous one's output, as Terraform writes."""
        if not isinstance(document, dict):
            return document
        _add_module_tree(
            document, depth=self.rng.choice([5, 20, 40]), width=self.rng.choice([1, 2, 3]),
            self_referencing=False,
        )
        return document

    def _long_module_path(self, document: Any) -> Any:
        # Up to the loader's limit (64 calls) and far beyond it.
        steps = self.rng.choice([20, 60, 64, 500, 5_000])
        key = self.rng.choice(['["k"]', "[0]", ""])
        path = ".".join(f"module.m{key}" for _ in range(steps))
        for slots in (
            self._slots(document, lambda k, c: k == "module_address" and isinstance(c, str)),
            self._slots(document, lambda k, c: k == "address" and isinstance(c, str)),
        ) if isinstance(document, (dict, list)) else ():
            slot = self._pick(slots)
            if slot is not None:
                container, name = slot
                container[name] = path + ("." + container[name] if container[name] else "")
        if isinstance(document, dict):
            document.setdefault("resource_changes", [])
            if isinstance(document["resource_changes"], list):
                document["resource_changes"].append(_resource_change(path, "aws_sns_topic", "t"))
        return document

    def _duplicate_items(self, document: Any) -> Any:
        lists = self._slots(document, lambda _k, child: isinstance(child, list) and child) if (
            isinstance(document, (dict, list))
        ) else []
        slot = self._pick(lists)
        if slot is not None:
            container, key = slot
            # Long lists, not huge inputs: at most about 5,000 items and MAX_INPUT_BYTES.
            size = len(json.dumps(container[key], default=lambda placeholder: placeholder.text()))
            times = min(
                self.rng.choice([10, 100, 2_000]),
                5_000 // len(container[key]),
                MAX_INPUT_BYTES // max(size, 1),
            )
            if times >= 2:
                container[key] = container[key] * times
        return document

    def _byte_damage(self, raw: bytes) -> bytes:
        damage = self.rng.choice(["truncate", "insert", "flip", "bom"])
        position = self.rng.randrange(len(raw) + 1)
        if damage == "truncate":
            return raw[:position]
        if damage == "insert":
            stray = self.rng.choice([b"\x00", b"\xff\xfe", b"\xed\xa0\x80", b"\n", b"\\", b'"'])
            return raw[:position] + stray + raw[position:]
        if damage == "flip" and raw:
            position = min(position, len(raw) - 1)
            return raw[:position] + bytes([raw[position] ^ 0x20]) + raw[position + 1 :]
        return b"\xef\xbb\xbf" + raw

    def _replace(self, document: Any, make: Callable[[Any], Any]) -> Any:
        slot = self._any_slot(document)
        if slot is None:
            return make(document)
        container, key = slot
        container[key] = make(container[key])
        return document


def _copy(value: Any) -> Any:
    """A fresh copy of a palette value (palettes are shared between inputs)."""
    if isinstance(value, dict):
        return {key: _copy(child) for key, child in value.items()}
    if isinstance(value, list):
        return [_copy(child) for child in value]
    return value


def _resource_change(module_address: str, resource_type: str, name: str) -> dict[str, Any]:
    prefix = f"{module_address}." if module_address else ""
    return {
        "address": f"{prefix}{resource_type}.{name}",
        "module_address": module_address,
        "mode": "managed",
        "type": resource_type,
        "name": name,
        "provider_name": "registry.terraform.io/hashicorp/aws",
        "change": {"actions": ["create"], "before": None, "after": {"name": name},
                   "after_unknown": {"arn": True}},
    }


def _add_module_tree(document: dict, depth: int, width: int, self_referencing: bool) -> None:
    """Module calls `m0 … m{depth-1}` at the root, each with `width` for_each instances that
    hold a resource, and a root resource reading the last module's output.

    Chained: `m{i}` input `x` reads `module.m{i-1}.out` (with the bare `module.m{i-1}` Terraform
    also lists), and each output reads `var.x`. Self-referencing: `m0` input reads its own
    output.
    """
    configuration = document.setdefault("configuration", {})
    if not isinstance(configuration, dict):
        return
    root = configuration.setdefault("root_module", {})
    if not isinstance(root, dict):
        return
    calls = root.setdefault("module_calls", {})
    resources = root.setdefault("resources", [])
    changes = document.setdefault("resource_changes", [])
    if not isinstance(calls, dict) or not isinstance(resources, list) or not isinstance(
        changes, list
    ):
        return
    keys = [f"k{n}" for n in range(width)]
    for level in range(depth):
        name = f"m{level}"
        source = f"module.m{level - 1}" if level else ("module.m0" if self_referencing else "")
        inputs = (
            {"x": {"references": [f"{source}.out", source]}} if source
            else {"x": {"constant_value": "arn:aws:sns:eu-west-1:123456789012:t"}}
        )
        calls[name] = {
            "source": "./m",
            "expressions": inputs,
            "for_each_expression": {"constant_value": {key: key for key in keys}},
            "module": {
                "outputs": {"out": {"expression": {"references": ["var.x"]}}},
                "variables": {"x": {}},
                "resources": [{
                    "address": "aws_sns_topic.t", "mode": "managed", "type": "aws_sns_topic",
                    "name": "t", "provider_config_key": "aws",
                    "expressions": {"name": {"references": ["var.x"]}},
                }],
            },
        }
        for key in keys:
            changes.append(_resource_change(f'module.{name}["{key}"]', "aws_sns_topic", "t"))
    last = f"module.m{depth - 1}"
    resources.append({
        "address": "aws_ses_identity_notification_topic.n", "mode": "managed",
        "type": "aws_ses_identity_notification_topic", "name": "n", "provider_config_key": "aws",
        "expressions": {"topic_arn": {"references": [f"{last}.out", last]}},
    })
    changes.append(_resource_change("", "aws_ses_identity_notification_topic", "n"))


def _serialise(document: Any) -> bytes | None:
    """The document as JSON text with placeholders spliced in; None above MAX_INPUT_BYTES."""
    spliced: list[Placeholder] = []

    def placeholder(value: Any) -> str:
        if isinstance(value, (_Deep, _BigInteger)):
            spliced.append(value)
            return f"\x00PLACEHOLDER{len(spliced) - 1}\x00"
        raise TypeError(f"cannot serialise {type(value).__name__}")

    text = json.dumps(document, default=placeholder)
    if len(text) + sum(len(value.text()) for value in spliced) > MAX_INPUT_BYTES:
        return None
    for number, value in enumerate(spliced):
        text = text.replace(json.dumps(f"\x00PLACEHOLDER{number}\x00"), value.text(), 1)
    return text.encode("utf-8", "surrogatepass")
