"""Fixtures for the plan-only provider tests (`terraform_binary` is the root conftest's)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from sespolicy.provider.generate import GeneratedProvider, generate


@pytest.fixture(scope="session")
def generated_v6(tmp_path_factory: pytest.TempPathFactory) -> GeneratedProvider:
    return generate(tmp_path_factory.mktemp("plugins-v6"), mode="v6")


@pytest.fixture(scope="session")
def generated_v5(tmp_path_factory: pytest.TempPathFactory) -> GeneratedProvider:
    return generate(tmp_path_factory.mktemp("plugins-v5"), mode="v5")


@pytest.fixture
def terraform_env(tmp_path: Path) -> dict[str, str]:
    """An environment isolating Terraform from the user's CLI settings and AWS Region."""
    cli_config = tmp_path / "terraformrc"
    cli_config.write_text("", "utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("TF_")}
    for name in ("AWS_REGION", "AWS_DEFAULT_REGION"):
        env.pop(name, None)
    env.update(
        TF_CLI_CONFIG_FILE=str(cli_config),
        TF_IN_AUTOMATION="1",
        TF_INPUT="0",
        CHECKPOINT_DISABLE="1",
    )
    return env


@pytest.fixture(autouse=True)
def no_ambient_aws_region(monkeypatch: pytest.MonkeyPatch) -> None:
    """The provider honours AWS_REGION like the real one; tests must not depend on the host's."""
    monkeypatch.delenv("AWS_REGION", raising=False)
    monkeypatch.delenv("AWS_DEFAULT_REGION", raising=False)
