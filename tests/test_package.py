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


def test_the_api_reference_documents_every_public_name():
    from pathlib import Path

    page = (Path(__file__).resolve().parents[1] / "book" / "api.md").read_text(
        encoding="utf-8"
    )
    documented = set()
    module = None
    for line in page.splitlines():
        if line.startswith(".. py:module:: "):
            module = line.split()[-1]
        elif line.startswith(
            (".. autofunction:: ", ".. autodata:: ", ".. autoclass:: ")
        ):
            documented.add(f"{module}.{line.split()[-1]}")
    public_modules = [
        name
        for name in MODULES
        if not name.rsplit(".", 1)[-1].startswith("_") and name != "crmlab.viz"
    ]
    expected = set()
    for name in public_modules:
        module_ = importlib.import_module(name)
        expected |= {f"{name}.{public}" for public in module_.__all__}
    assert expected - documented == set()
