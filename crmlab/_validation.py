"""Input checks shared by every public ``crmlab`` function.

Each check copies what it is given, never mutates it, and raises a
``TypeError`` (wrong kind of object) or ``ValueError`` (right kind, bad value)
whose message is a full sentence naming the argument, what is allowed and
what was given, for example ``retention must be in [0, 1]; got 1.2``.
"""

from __future__ import annotations

import datetime
import numbers
import warnings
from collections.abc import Iterable, Mapping
from types import MappingProxyType

import numpy as np
import pandas as pd

__all__ = [
    "as_number",
    "as_numbers",
    "as_series",
    "check_date",
    "check_dates",
    "check_frame",
    "check_integer",
    "check_now",
    "check_option",
    "check_rate",
    "check_same_keys",
    "check_same_length",
    "check_transactions",
]

_NUMBER_WORDS = MappingProxyType({1: "one", 2: "two", 3: "three"})


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
        raise ValueError(f"{name} must not be empty; got no values")
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
    columns = list(columns)
    missing = [column for column in columns if column not in frame.columns]
    if missing:
        raise ValueError(
            f"{name} must have the columns {columns}; missing {missing}, "
            f"got {list(frame.columns)}"
        )
    if frame.empty:
        raise ValueError(f"{name} must not be empty; got shape {frame.shape}")
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
        names = " and ".join(lengths)
        detail = ", ".join(f"{name} has {n}" for name, n in lengths.items())
        raise ValueError(
            f"lengths must match: {names} must be equally long; got {detail}"
        )
    return next(iter(lengths.values()))


def check_integer(
    name: str,
    value: object,
    *,
    low: int | None = None,
    high: int | None = None,
    kind: str | None = None,
) -> int:
    """Return ``value`` as an ``int`` after checking it is a whole number in range.

    Python and NumPy integers are accepted; bools, floats (even ``3.0``) and
    strings raise ``TypeError``, a number outside ``[low, high]`` (``None``
    leaves that end open) ``ValueError``. ``kind`` describes the allowed
    values in both messages (``"a Kano answer code 1-5"``); by default they
    read ``n must be an integer; got 2.5`` and ``n must be at least 1; got 0``.
    """
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise TypeError(
            f"{name} must be {kind or 'an integer'}; got {_describe(value)}"
        )
    number = int(value)
    too_low = low is not None and number < low
    too_high = high is not None and number > high
    if too_low or too_high:
        if kind is not None:
            allowed = kind
        elif low is not None and high is not None:
            allowed = f"in [{low}, {high}]"
        else:
            allowed = f"at least {low}" if too_low else f"at most {high}"
        raise ValueError(f"{name} must be {allowed}; got {number}")
    return number


def _keys(keyed: object) -> set:
    """The keys of a Series or DataFrame (its index), a mapping or an Index."""
    if isinstance(keyed, (pd.Series, pd.DataFrame)):
        return set(keyed.index)
    return set(keyed)


def check_same_keys(noun: str = "keys", /, **keyed: object) -> None:
    """Check that keyed inputs (Series, DataFrames, mappings) hold the same keys.

    ``noun`` says what the keys are (``"customers"``, ``"classes"``); the
    message names both arguments and one key found in only one of them:
    ``current and potential must hold the same customers; got 'x' in
    potential only``. Order does not matter: callers align with ``reindex``.
    """
    (first_name, first), *rest = keyed.items()
    first_keys = _keys(first)
    for name, other in rest:
        other_keys = _keys(other)
        if first_keys != other_keys:
            only_first = sorted(first_keys - other_keys, key=str)
            key, where = (
                (only_first[0], first_name)
                if only_first
                else (sorted(other_keys - first_keys, key=str)[0], name)
            )
            raise ValueError(
                f"{first_name} and {name} must hold the same {noun}; "
                f"got {key!r} in {where} only"
            )


def _is_datelike(value: object) -> bool:
    return isinstance(value, (str, datetime.date, np.datetime64, pd.Timestamp))


def check_date(name: str, value: object, *, keep_time: bool = False) -> pd.Timestamp:
    """Return ``value`` as a ``pandas.Timestamp``: the day (midnight), or the
    moment with ``keep_time``.

    ``value`` may be a date string, ``datetime.date``/``datetime``,
    ``numpy.datetime64`` or ``pandas.Timestamp``. Any other kind (numbers,
    which pandas would read as nanoseconds since 1970, bools, lists) raises
    ``TypeError``; a string that is not a date or a missing date raises
    ``ValueError``.
    """
    if not _is_datelike(value):
        raise TypeError(
            f"{name} must be a date (a date string, datetime or pandas Timestamp); "
            f"got {_describe(value)}"
        )
    try:
        moment = pd.Timestamp(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a date; got {_describe(value)}") from None
    if pd.isna(moment):
        raise ValueError(f"{name} must be a date; got {_describe(value)}")
    return moment if keep_time else moment.normalize()


def check_now(now: object, last_day: pd.Timestamp) -> pd.Timestamp:
    """Return the day ``now`` (midnight), a date (:func:`check_date`) not before
    ``last_day``."""
    day = check_date("now", now)
    if day < last_day:
        raise ValueError(
            f"now must not be before the last transaction ({last_day.date()}); "
            f"got {day.date()}"
        )
    return day


def check_dates(
    name: str,
    column: pd.Series,
    *,
    keep_time: bool = False,
    allow_missing: bool = False,
) -> pd.Series:
    """Parse a column of dates and floor it to whole days (or keep the time of
    day with ``keep_time``); reject numbers, non-dates and, unless
    ``allow_missing``, missing values (NaT)."""
    if not pd.api.types.is_datetime64_any_dtype(column):
        if pd.api.types.is_numeric_dtype(column) or pd.api.types.is_bool_dtype(column):
            raise TypeError(
                f"{name} must hold dates (datetime64 or date strings); "
                f"got dtype {column.dtype}"
            )
        present = column.dropna()
        bad = present[~present.map(_is_datelike).astype(bool)]
        if len(bad):
            item = bad.iloc[0]
            raise TypeError(
                f"{name} must hold dates (datetime64 or date strings); got "
                f"{_describe(item)} ({type(item).__name__}) in row {bad.index[0]!r}"
            )
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", UserWarning)  # per-element parsing
                column = pd.to_datetime(column)
        except (TypeError, ValueError) as error:
            raise ValueError(f"{name} must hold dates; got {error}") from None
    missing = column.isna().to_numpy()
    if missing.any() and not allow_missing:
        raise ValueError(
            f"{name} must not contain missing dates; got one in row "
            f"{column.index[missing][0]!r}"
        )
    return column if keep_time else column.dt.normalize()


def _amounts(name: str, column: pd.Series) -> None:
    if pd.api.types.is_bool_dtype(column) or not pd.api.types.is_numeric_dtype(column):
        raise TypeError(f"{name} must hold numbers; got dtype {column.dtype}")
    values = column.to_numpy(dtype=float, na_value=np.nan)
    bad = ~np.isfinite(values)
    if bad.any():
        raise ValueError(
            f"{name} must not have NaN or infinite amounts; "
            f"got {values[bad][0]} at position {int(np.flatnonzero(bad)[0])}"
        )
    if (values < 0).any():
        position = int(np.flatnonzero(values < 0)[0])
        raise ValueError(
            f"{name} must be non-negative; got {values[position]:g} at position {position}"
        )


def check_transactions(
    transactions: object,
    *,
    customer: str = "customer_id",
    date: str | None = "date",
    amount: str | None = None,
) -> pd.DataFrame:
    """Return a checked copy of the columns ``customer`` (, ``date``, ``amount``).

    The one transaction-log check of ``crmlab`` (used by
    :mod:`crmlab.classify` and :mod:`crmlab.loyalty`). ``transactions`` must
    be a non-empty DataFrame; ``customer`` must hold no missing ids; ``date``
    (unless ``None``) must hold datetime64 values or date strings, and is
    returned floored to whole days (numbers are rejected: pandas would read
    them as nanoseconds since 1970); ``amount`` (when given) must hold
    finite non-negative numbers. The named columns must be different.
    """
    roles = {"customer": customer, "date": date, "amount": amount}
    roles = {role: column for role, column in roles.items() if column is not None}
    for role, column in roles.items():
        if not isinstance(column, str):
            raise TypeError(f"{role} must be a column name (str); got {column!r}")
    columns = list(roles.values())
    if len(set(columns)) != len(columns):
        raise ValueError(
            f"{', '.join(roles)} must be {_NUMBER_WORDS[len(columns)]} columns "
            f"(different names); got {columns}"
        )
    frame = check_frame("transactions", transactions, columns)[columns]
    missing = frame[customer].isna().to_numpy()
    if missing.any():
        raise ValueError(
            f"transactions column {customer!r} must not contain missing customer "
            f"ids; got one in row {frame.index[missing][0]!r}"
        )
    if date is not None:
        frame[date] = check_dates(f"transactions column {date!r}", frame[date])
    if amount is not None:
        _amounts(f"transactions column {amount!r}", frame[amount])
    return frame
