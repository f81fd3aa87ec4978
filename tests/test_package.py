"""Package-wide contracts: __all__ everywhere, one version, read-only constants."""

from __future__ import annotations

import importlib
import importlib.metadata
import importlib.util
import pkgutil
from collections.abc import Mapping
from types import MappingProxyType

import crmlab

MODULES = sorted(
    name for _, name, _ in pkgutil.walk_packages(crmlab.__path__, prefix="crmlab.")
)


def test_every_module_declares_all_and_every_name_in_it_exists():
    for name in ["crmlab", *MODULES]:
        module = importlib.import_module(name)
        assert hasattr(module, "__all__"), name
        for public in module.__all__:
            assert hasattr(module, public) or importlib.util.find_spec(
                f"{name}.{public}"
            ), (name, public)


def test_the_version_has_one_source():
    # pyproject.toml reads crmlab.__version__ (tool.setuptools.dynamic)
    assert importlib.metadata.version("crmlab") == crmlab.__version__


def test_public_module_constants_are_immutable():
    for name in ["crmlab", *MODULES]:
        module = importlib.import_module(name)
        for public in module.__all__:
            value = getattr(module, public, None)
            if public.isupper():
                assert isinstance(value, (tuple, MappingProxyType, str)), (
                    name,
                    public,
                )
                if isinstance(value, Mapping):
                    assert isinstance(value, MappingProxyType), (name, public)
