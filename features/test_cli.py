"""Binds every scenario of the acceptance features in this folder."""

from pytest_bdd import scenarios

scenarios(".")
