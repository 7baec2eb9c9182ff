"""Weeks, holidays and lunar dates: the calendar arithmetic behind the grammar's words.

Lunar dates come from `lunardate` (the lunar calendar 1900-2099) and Qingming, a solar term,
from the `holidays` package's China calendar; nothing lunar is tabulated here. How each holiday
falls in a year is data (rules/time.yaml `holidays`).
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache
from typing import Literal

import holidays as holiday_calendars
from lunardate import LunarDate
from pydantic import BaseModel, ConfigDict, Field


class HolidayRule(BaseModel):
    """One holiday: a Gregorian day, a lunar day, the eve of the lunar new year, Qingming, or
    the n-th weekday of a month (母亲节: the second Sunday of May)."""

    model_config = ConfigDict(extra="forbid")

    kind: Literal["gregorian", "lunar", "lunar_new_year_eve", "qingming", "nth_weekday"]
    month: int | None = Field(default=None, ge=1, le=12)
    day: int | None = Field(default=None, ge=1, le=31)
    weekday: int | None = Field(default=None, ge=1, le=7)
    n: int | None = Field(default=None, ge=1, le=5)


def lunar_to_solar(year: int, month: int, day: int) -> date:
    """The Gregorian day of a lunar date; 三十 of a 29-day month is its last day (大年三十).
    ValueError outside the library's range or for a day that does not exist."""
    try:
        return LunarDate(year, month, day).to_solar_date()
    except ValueError:
        if day != 30:
            raise
        return LunarDate(year, month, 29).to_solar_date()


@cache
def _qingming(year: int) -> date:
    names = holiday_calendars.China(years=year, language="en_US")
    for day, name in sorted(names.items()):
        if "Tomb" in name:
            return day
    raise ValueError(f"no Qingming in {year}")


def holiday_in(rule: HolidayRule, year: int) -> date:
    """The day a holiday falls on in a (Gregorian) year."""
    if rule.kind == "gregorian":
        assert rule.month and rule.day
        return date(year, rule.month, rule.day)
    if rule.kind == "lunar":
        assert rule.month and rule.day
        return lunar_to_solar(year, rule.month, rule.day)
    if rule.kind == "lunar_new_year_eve":
        return lunar_to_solar(year, 1, 1) - timedelta(days=1)  # 2020年除夕: 2020-01-24
    if rule.kind == "qingming":
        return _qingming(year)
    assert rule.month and rule.weekday and rule.n
    first = date(year, rule.month, 1)
    ahead = (rule.weekday - first.isoweekday()) % 7
    return first + timedelta(days=ahead + 7 * (rule.n - 1))


def week_start(anchor: date, weeks: int) -> date:
    """The Monday of the week `weeks` after the anchor's week (Monday to Sunday)."""
    return anchor - timedelta(days=anchor.isoweekday() - 1) + timedelta(weeks=weeks)
