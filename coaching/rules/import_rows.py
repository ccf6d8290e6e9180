"""Validation of imported metric-value rows, as pure functions over plain data (no database).

A row names an agent by employee id, a metric by code, a day, a value and the sample
the value was measured on. Errors are reported by row and column, with a message a
person can act on.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

COLUMNS = ("employee_id", "metric_code", "day", "value", "sample_size")
KEY_COLUMNS = ("employee_id", "metric_code", "day")
# MetricValue.value is numeric(14, 4); MetricValue.sample_size a 32-bit integer.
VALUE_PLACES = Decimal("0.0001")
VALUE_LIMIT = Decimal(10) ** 10
SAMPLE_SIZE_LIMIT = 2**31 - 1


# A value quoted in a message is cut to this many characters, a column name to COLUMN_SHOWN;
# messages are ours (MESSAGE_SHOWN only guards the store).
VALUE_SHOWN = 40
COLUMN_SHOWN = 60
MESSAGE_SHOWN = 1000
# Control characters (NUL, tab, line breaks...) are shown as their Unicode pictures (␀, ␉, ␍, ...).
_VISIBLE = {code: 0x2400 + code for code in range(32)} | {0x7F: 0x2421}


def shown(text: str, limit: int = VALUE_SHOWN) -> str:
    """``text`` as an error message may quote it: cut to ``limit`` characters, control characters made visible.

    Also what the database can store: PostgreSQL refuses NUL in text and JSON, and text that
    is not valid Unicode (a lone surrogate, which JSON can encode) cannot be stored anywhere.
    """
    if len(text) > limit:
        text = text[:limit] + "…"
    return text.translate(_VISIBLE).encode("utf-8", "replace").decode("utf-8")


@dataclass(frozen=True)
class RowError:
    """One problem in an import, where it is and what is wrong."""

    row: int | None
    column: str
    message: str

    def as_dict(self) -> dict:
        """The error as stored and answered; whatever the file held, the texts can be stored."""
        return {
            "row": self.row,
            "column": shown(self.column, COLUMN_SHOWN),
            "message": shown(self.message, MESSAGE_SHOWN),
        }


@dataclass(frozen=True)
class MetricRange:
    """What validation needs to know about a metric."""

    id: int
    code: str
    min_value: Decimal | None
    max_value: Decimal | None


def header_errors(header: list[str]) -> list[RowError]:
    """Missing, unknown and repeated column names of a file's header (row 1)."""
    errors = []
    seen = set()
    for name in header:
        if name in seen:
            errors.append(RowError(1, name, _("This column appears more than once.")))
        elif name not in COLUMNS:
            message = _("Unknown column; expected only %(columns)s.") % _columns()
            errors.append(RowError(1, name, _nul_message() if "\x00" in name else message))
        seen.add(name)
    for name in COLUMNS:
        if name not in seen:
            errors.append(RowError(1, name, _("This column is missing.")))
    return errors


def record_keys_errors(row: int, keys) -> list[RowError]:
    """Missing and unknown keys of one record given as an object (the JSON API)."""
    keys = set(keys)
    errors = [RowError(row, name, _("This column is missing.")) for name in COLUMNS if name not in keys]
    unknown = _("Unknown column; expected only %(columns)s.") % _columns()
    errors += [
        RowError(row, str(name), _nul_message() if "\x00" in str(name) else unknown)
        for name in sorted(keys - set(COLUMNS), key=str)
    ]
    return errors


def _columns() -> dict:
    return {"columns": ", ".join(COLUMNS)}


class RowValidator:
    """Checks rows one by one against the known agents and metrics and today's date.

    ``validate`` takes a row's raw texts in the order of ``COLUMNS`` and returns
    ``(key, value, sample_size, errors)``: ``key`` is
    ``(agent_id, metric_id, day)`` when the three key columns are valid (so duplicates
    can be found even in rows with a bad value), ``value``/``sample_size`` are ``None``
    when invalid.

    An export repeats the same few employee ids, codes, days, values and sample sizes a
    million times: the outcome of each valid text is remembered (up to ``MEMO_SIZE`` texts
    per column), so a row made only of texts seen before costs five dictionary look-ups
    and the metric's range check, and gives exactly what the full check gives.
    """

    MEMO_SIZE = 100_000

    def __init__(
        self,
        *,
        agents: dict[str, int],
        metrics: dict[str, MetricRange],
        today: datetime.date,
        team_level_codes: frozenset[str] = frozenset(),
    ):
        self._agents = agents
        self._metrics = metrics
        self._team_level_codes = team_level_codes
        self._today = today
        self._days: dict[str, datetime.date | str] = {}
        # Raw text → its valid outcome, one memo per column.
        self._known_agents: dict[str, int] = {}
        self._known_metrics: dict[str, MetricRange] = {}
        self._known_days: dict[str, datetime.date] = {}
        self._known_values: dict[str, Decimal] = {}
        self._known_sample_sizes: dict[str, int] = {}

    def validate(self, row: int, fields):
        """Check one row; ``fields`` holds its raw texts in the order of ``COLUMNS``."""
        raw_employee_id, raw_code, raw_day, raw_value, raw_sample_size = fields
        agent_id = self._known_agents.get(raw_employee_id)
        metric = self._known_metrics.get(raw_code)
        day = self._known_days.get(raw_day)
        value = self._known_values.get(raw_value)
        sample_size = self._known_sample_sizes.get(raw_sample_size)
        if (
            agent_id is not None
            and metric is not None
            and day is not None
            and value is not None
            and sample_size is not None
            and (metric.min_value is None or value >= metric.min_value)
            and (metric.max_value is None or value <= metric.max_value)
        ):
            return (agent_id, metric.id, day), value, sample_size, ()
        return self._validate(row, fields)

    def _validate(self, row: int, fields):
        raw_employee_id, raw_code, raw_day, raw_value, raw_sample_size = fields
        errors = []
        employee_id = raw_employee_id.strip()
        agent_id = self._agents.get(employee_id)
        if agent_id is None:
            errors.append(self._missing_or(row, "employee_id", employee_id, _("Unknown employee id “%(value)s”.")))
        else:
            _remember(self._known_agents, raw_employee_id, agent_id)
        code = raw_code.strip()
        metric = self._metrics.get(code)
        if metric is None and code in self._team_level_codes:
            message = _("“%(value)s” is measured for whole teams from pulse surveys; it is not imported per agent.")
            errors.append(RowError(row, "metric_code", message % {"value": shown(code)}))
        elif metric is None:
            errors.append(self._missing_or(row, "metric_code", code, _("Unknown metric “%(value)s”.")))
        else:
            _remember(self._known_metrics, raw_code, metric)
        day = self._day(raw_day)
        if isinstance(day, str):
            errors.append(RowError(row, "day", day))
            day = None
        else:
            _remember(self._known_days, raw_day, day)
        value = self._value(row, raw_value, metric, errors)
        sample_size = self._sample_size(row, raw_sample_size, errors)
        if sample_size is not None:
            _remember(self._known_sample_sizes, raw_sample_size, sample_size)
        key = (agent_id, metric.id, day) if agent_id is not None and metric is not None and day is not None else None
        if errors and any("\x00" in field for field in fields):
            errors = _nul_errors(errors, dict(zip(COLUMNS, fields, strict=True)))
        return key, value, sample_size, errors

    @staticmethod
    def _missing_or(row: int, column: str, raw: str, message: str) -> RowError:
        if not raw:
            return RowError(row, column, _("This value is required."))
        return RowError(row, column, message % {"value": shown(raw)})

    def _day(self, raw: str) -> datetime.date | str:
        """The day, or the message saying what is wrong with it."""
        cached = self._days.get(raw)
        if cached is not None:
            return cached
        text = raw.strip()
        if not text:
            result = _("This value is required.")
        else:
            try:
                result = datetime.date.fromisoformat(text) if len(text) == 10 else None
            except ValueError:
                result = None
            if result is None:
                result = _("Not a date: “%(value)s”; use YYYY-MM-DD.") % {"value": shown(text)}
            elif result > self._today:
                result = _("%(day)s is in the future.") % {"day": text}
        if len(self._days) < 10_000:
            self._days[raw] = result
        return result

    def _value(self, row: int, raw: str, metric: MetricRange | None, errors: list) -> Decimal | None:
        text = raw.strip()
        if not text:
            errors.append(RowError(row, "value", _("This value is required.")))
            return None
        try:
            value = Decimal(text)
        except InvalidOperation:
            value = None
        if value is None or not value.is_finite() or "_" in text:
            errors.append(RowError(row, "value", _("Not a number: “%(value)s”.") % {"value": shown(text)}))
            return None
        # Checked before rounding (a huge exponent cannot be rounded) and after (9999999999.99995
        # rounds up to 10 digits before the point).
        if abs(value) >= VALUE_LIMIT or abs(value := value.quantize(VALUE_PLACES)) >= VALUE_LIMIT:
            errors.append(RowError(row, "value", _("%(value)s is too large.") % {"value": shown(text)}))
            return None
        _remember(self._known_values, raw, value)
        if metric is not None and (
            (metric.min_value is not None and value < metric.min_value)
            or (metric.max_value is not None and value > metric.max_value)
        ):
            errors.append(RowError(row, "value", _range_message(text, metric)))
            return None
        return value

    @staticmethod
    def _sample_size(row: int, raw: str, errors: list) -> int | None:
        text = raw.strip()
        if not text:
            errors.append(RowError(row, "sample_size", _("This value is required.")))
            return None
        try:
            sample_size = int(text)
        except ValueError:
            sample_size = None
        if sample_size is None or "_" in text:
            errors.append(RowError(row, "sample_size", _("Not a whole number: “%(value)s”.") % {"value": shown(text)}))
            return None
        if sample_size < 0:
            errors.append(RowError(row, "sample_size", _("The sample size must not be negative.")))
            return None
        if sample_size > SAMPLE_SIZE_LIMIT:
            errors.append(RowError(row, "sample_size", _("%(value)s is too large.") % {"value": shown(text)}))
            return None
        return sample_size


def _remember(memo: dict, raw: str, outcome) -> None:
    if len(memo) < RowValidator.MEMO_SIZE:
        memo[raw] = outcome


def _range_message(text: str, metric: MetricRange) -> str:
    low = _plain(metric.min_value) if metric.min_value is not None else "−∞"
    high = _plain(metric.max_value) if metric.max_value is not None else "∞"
    return _("%(value)s is outside the valid range of %(metric)s (%(low)s to %(high)s).") % {
        "value": shown(text),
        "metric": metric.code,
        "low": low,
        "high": high,
    }


def _plain(number: Decimal) -> str:
    """A decimal without trailing zeros or exponent: 100.0000 → 100, 0.5000 → 0.5."""
    return format(number.normalize(), "f")


def _nul_message() -> str:
    return _("This contains a NUL character (a zero byte), which a text value cannot hold.")


def _nul_errors(errors: list[RowError], fields: dict[str, str]) -> list[RowError]:
    """``errors`` with the message of each column holding a NUL character saying so.

    Only rows that already failed are looked at, so valid rows cost nothing; a NUL always
    fails a column (no employee id, code, day or number holds one).
    """
    return [
        RowError(error.row, error.column, _nul_message()) if "\x00" in fields.get(error.column, "") else error
        for error in errors
    ]


def duplicate_error(row: int, first_row: int) -> RowError:
    """A row repeating the (employee, metric, day) of an earlier row."""
    return RowError(
        row, "day", _("Duplicate of row %(first)d: same employee id, metric and day.") % {"first": first_row}
    )
