"""Input checks shared by every public ``crmlab`` function.

Each check copies what it is given, never mutates it, and raises a
``TypeError`` (wrong kind of object) or ``ValueError`` (right kind, bad value)
whose message is a full sentence naming the argument, what is allowed and
what was given, for example ``retention must be in [0, 1]; got 1.2``.
"""

from __future__ import annotations

import numbers
from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

__all__ = [
    "as_number",
    "as_numbers",
    "as_series",
    "check_frame",
    "check_option",
    "check_rate",
    "check_same_length",
]


def _describe(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def as_number(name: str, value: object, *, allow_negative: bool = False) -> float:
    """Return ``value`` as a finite float, rejecting bools, strings and NaN."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number; got {_describe(value)}")
    number = float(value)
    if not np.isfinite(number):
        raise ValueError(f"{name} must be a finite number; got {number}")
    if number < 0 and not allow_negative:
        raise ValueError(f"{name} must be non-negative; got {number}")
    return number


def check_rate(
    name: str,
    value: object,
    *,
    low: float = 0.0,
    high: float = 1.0,
    low_open: bool = False,
    high_open: bool = False,
) -> float:
    """Return ``value`` as a float inside the interval from ``low`` to ``high``."""
    number = as_number(name, value, allow_negative=True)
    too_low = number <= low if low_open else number < low
    too_high = number >= high if high_open else number > high
    if too_low or too_high:
        left, right = "(" if low_open else "[", ")" if high_open else "]"
        bounds = f"{left}{low:g}, {high:g}{right}"
        raise ValueError(f"{name} must be in {bounds}; got {number:g}")
    return number


def as_numbers(
    name: str,
    values: object,
    *,
    allow_negative: bool = False,
    allow_empty: bool = False,
) -> np.ndarray:
    """Return a one-dimensional float array copy of ``values``.

    Accepts a list, tuple, NumPy array or pandas Series of real numbers.
    Rejects strings, booleans, nested sequences, NaN, infinities, empty input
    (unless ``allow_empty``) and negative numbers (unless ``allow_negative``).
    """
    if isinstance(values, (str, bytes, Mapping)) or not isinstance(values, Iterable):
        raise TypeError(
            f"{name} must be a sequence of numbers; got {type(values).__name__}"
        )
    array = np.asarray(list(values) if not hasattr(values, "dtype") else values)
    if array.dtype == object:
        array = _object_to_float(name, array)
    if array.ndim != 1:
        raise ValueError(f"{name} must be one-dimensional; got shape {array.shape}")
    if array.dtype == bool or not (
        np.issubdtype(array.dtype, np.number) or array.size == 0
    ):
        raise TypeError(f"{name} must hold real numbers; got dtype {array.dtype}")
    array = array.astype(float, copy=True)
    if array.size == 0 and not allow_empty:
        raise ValueError(f"{name} must not be empty")
    bad = ~np.isfinite(array)
    if bad.any():
        raise ValueError(
            f"{name} must not contain NaN or infinite values; "
            f"got {array[bad][0]} at position {int(np.flatnonzero(bad)[0])}"
        )
    if not allow_negative and (array < 0).any():
        position = int(np.flatnonzero(array < 0)[0])
        raise ValueError(
            f"{name} must be non-negative; got {array[position]:g} at position {position}"
        )
    return array


def _object_to_float(name: str, array: np.ndarray) -> np.ndarray:
    for position, item in enumerate(array.ravel()):
        if isinstance(item, (bool, np.bool_)) or not isinstance(item, numbers.Real):
            raise TypeError(
                f"{name} must hold real numbers; got {_describe(item)} "
                f"at position {position}"
            )
    return array.astype(float)


def as_series(name: str, values: object, *, allow_negative: bool = False) -> pd.Series:
    """Return a float Series copy keyed by customer (or item).

    ``values`` may be a pandas Series or a mapping from key to number. The keys
    must be unique; the numbers are checked as in :func:`as_numbers`.
    """
    if isinstance(values, Mapping):
        values = pd.Series(dict(values), dtype=object)
    if not isinstance(values, pd.Series):
        raise TypeError(
            f"{name} must be a pandas Series or a mapping from key to number; "
            f"got {type(values).__name__}"
        )
    duplicated = values.index[values.index.duplicated()]
    if len(duplicated):
        raise ValueError(f"{name} has duplicated keys; got {duplicated[0]!r} twice")
    numbers_ = as_numbers(name, values.to_numpy(), allow_negative=allow_negative)
    return pd.Series(numbers_, index=values.index.copy(), name=values.name)


def check_frame(name: str, frame: object, columns: Iterable[str]) -> pd.DataFrame:
    """Return a copy of ``frame`` after checking it is a non-empty DataFrame
    holding ``columns``."""
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(
            f"{name} must be a pandas DataFrame; got {type(frame).__name__}"
        )
    missing = [column for column in columns if column not in frame.columns]
    if missing:
        raise ValueError(
            f"{name} must have the columns {list(columns)}; missing {missing}"
        )
    if frame.empty:
        raise ValueError(f"{name} must not be empty")
    return frame.copy()


def check_option(name: str, value: object, allowed: Iterable[object]) -> object:
    """Return ``value`` if it is one of ``allowed``."""
    allowed = tuple(allowed)
    if value not in allowed:
        choices = ", ".join(repr(choice) for choice in allowed)
        raise ValueError(f"{name} must be one of {choices}; got {_describe(value)}")
    return value


def check_same_length(**arrays: object) -> int:
    """Check that the named sequences have one common length and return it."""
    lengths = {name: len(array) for name, array in arrays.items()}
    if len(set(lengths.values())) > 1:
        detail = ", ".join(f"{name} has {n}" for name, n in lengths.items())
        raise ValueError(f"lengths must match; {detail}")
    return next(iter(lengths.values()))
