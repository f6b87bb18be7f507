"""The one value that stands for "known only after apply" (cty's unknown), shared by the .tf
reader and the plan-only provider."""

from __future__ import annotations

from typing import Any


class _Unknown:
    """A singleton: compare with `is UNKNOWN`. Falsy, so `value or default` never treats an
    unknown as a usable value."""

    _instance: _Unknown | None = None

    def __new__(cls) -> _Unknown:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "UNKNOWN"

    def __bool__(self) -> bool:
        return False


UNKNOWN: Any = _Unknown()
