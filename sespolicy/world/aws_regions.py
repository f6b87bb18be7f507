"""The AWS Region codes a user may name: package data (`sespolicy/data/aws-regions.json`).

`--region eu-wset-1` must be an error naming `eu-west-1`, not a plan judged as if a Region of
that name existed (it would blame the configuration for the typo, and `sespolicy plan` would
write it into the plan). The table covers every partition the SDK endpoint data lists
(commercial, China, GovCloud, the ISO partitions, the European Sovereign Cloud); its source and
date are in the file.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from functools import cache
from importlib import resources

from sespolicy.display import escape_text
from sespolicy.errors import InputError
from sespolicy.suggest import closest

DATA_FILE = "aws-regions.json"
# Where a provider without a region gets one, in the order the AWS provider reads them.
REGION_VARIABLES = ("AWS_REGION", "AWS_DEFAULT_REGION")


@cache
def aws_region_names() -> frozenset[str]:
    """Every Region code of every partition in the shipped table."""
    text = resources.files("sespolicy.data").joinpath(DATA_FILE).read_text(encoding="utf-8")
    table = json.loads(text)
    return frozenset(
        code for partition in table["partitions"].values() for code in partition["regions"]
    )


def check_region_name(value: str, where: str) -> str:
    """`value` when it is an AWS Region code; InputError naming the closest Regions otherwise.

    `where` says where the value came from (`--region`, `AWS_REGION`), for the message.
    """
    known = aws_region_names()
    if value in known:
        return value
    close = closest(value, sorted(known))
    hint = f"; did you mean {' or '.join(close)}?" if close else ""
    raise InputError(
        f"{where} {escape_text(repr(value))} is not an AWS Region{hint} (a Region code such as "
        "eu-west-1; a Region newer than this sespolicy needs a newer sespolicy)"
    )


def check_default_region(
    cli_region: str | None, environment: Mapping[str, str] | None = None
) -> None:
    """Refuse the default Region a run would use (--region, else AWS_REGION, else
    AWS_DEFAULT_REGION) when it is not an AWS Region. Only the value in effect is checked,
    in the same order RegionDefaults reads them."""
    if cli_region:
        check_region_name(cli_region, "--region")
        return
    environment = os.environ if environment is None else environment
    for variable in REGION_VARIABLES:
        value = environment.get(variable)
        if value:
            check_region_name(value, variable)
            return
