//! The simulated period, time zones, bank holidays and times of day.
//!
//! Events are generated in the local time of the place they happen and stored in UTC; each bank writes them
//! in its own zone, as real exports do (a UK bank states UK time even for a card payment in Hamburg).

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, Weekday};

use crate::rng::Rng;

/// The statement period: 1 January to 30 June 2026.
pub(crate) const START: NaiveDate = date(2026, 1, 1);
/// Last day of the period.
pub(crate) const END: NaiveDate = date(2026, 6, 30);

pub(crate) const fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    match NaiveDate::from_ymd_opt(y, m, d) {
        Some(d) => d,
        None => panic!("invalid constant date"),
    }
}

/// The time zones the simulated world lives in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Zone {
    /// Europe/Berlin (CET/CEST).
    Berlin,
    /// Europe/London (GMT/BST).
    London,
}

/// Summer time starts in both zones at 01:00 UTC on the last Sunday of March (29 March 2026). The period
/// ends before it stops again in October, so a single switch instant is all that is needed.
fn summer_time(utc: NaiveDateTime) -> bool {
    utc >= date(2026, 3, 29).and_hms_opt(1, 0, 0).expect("valid time")
}

impl Zone {
    fn standard_offset(self) -> i64 {
        match self {
            Zone::Berlin => 1,
            Zone::London => 0,
        }
    }

    /// Local wall-clock time → UTC. A time inside the spring-forward gap (02:xx in Berlin, 01:xx in London on
    /// 29 March) does not exist on a clock; it is read with the winter offset, which lands it one hour later
    /// in summer time, as a clock that was not yet set forward would have it.
    pub(crate) fn to_utc(self, local: NaiveDateTime) -> NaiveDateTime {
        let winter = local - Duration::hours(self.standard_offset());
        if summer_time(winter) {
            let summer = local - Duration::hours(self.standard_offset() + 1);
            if summer_time(summer) { summer } else { winter }
        } else {
            winter
        }
    }

    /// UTC → local wall-clock time.
    pub(crate) fn local(self, utc: NaiveDateTime) -> NaiveDateTime {
        let extra = i64::from(summer_time(utc));
        utc + Duration::hours(self.standard_offset() + extra)
    }
}

/// Days of the period, in order.
pub(crate) fn days() -> impl Iterator<Item = NaiveDate> {
    START.iter_days().take_while(|d| *d <= END)
}

/// The months of the period as (year, month).
pub(crate) fn months() -> impl Iterator<Item = (i32, u32)> {
    (1..=6).map(|m| (2026, m))
}

/// Public holidays on which banks do not book transfers.
fn holiday(zone: Zone, d: NaiveDate) -> bool {
    let de =
        [date(2026, 1, 1), date(2026, 4, 3), date(2026, 4, 6), date(2026, 5, 1), date(2026, 5, 14), date(2026, 5, 25)];
    let gb = [date(2026, 1, 1), date(2026, 4, 3), date(2026, 4, 6), date(2026, 5, 4), date(2026, 5, 25)];
    match zone {
        Zone::Berlin => de.contains(&d),
        Zone::London => gb.contains(&d),
    }
}

/// Whether banks book transfers on this day.
pub(crate) fn business_day(zone: Zone, d: NaiveDate) -> bool {
    !matches!(d.weekday(), Weekday::Sat | Weekday::Sun) && !holiday(zone, d)
}

/// The first business day on or after `d`.
pub(crate) fn roll_forward(zone: Zone, mut d: NaiveDate) -> NaiveDate {
    while !business_day(zone, d) {
        d = d.succ_opt().expect("date in range");
    }
    d
}

/// The last business day on or before `d`.
pub(crate) fn roll_back(zone: Zone, mut d: NaiveDate) -> NaiveDate {
    while !business_day(zone, d) {
        d = d.pred_opt().expect("date in range");
    }
    d
}

/// The last day of a month.
pub(crate) fn month_end(y: i32, m: u32) -> NaiveDate {
    let next = if m == 12 { date(y + 1, 1, 1) } else { date(y, m + 1, 1) };
    next.pred_opt().expect("date in range")
}

/// Day `d` of a month, clamped to the month's length.
pub(crate) fn day_of_month(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_else(|| month_end(y, m))
}

/// A minute of the day drawn from a triangular distribution over `[from_h, to_h)` hours, peaking in the
/// middle: people shop in the afternoon more than at opening time. Hours may exceed 24 for windows that run
/// past midnight (`22..30` is 22:00–06:00); the result is then on the following day.
pub(crate) fn at(rng: &mut Rng, day: NaiveDate, from_h: f64, to_h: f64) -> NaiveDateTime {
    let u = (rng.f64() + rng.f64()) / 2.0;
    at_fraction(day, from_h + (to_h - from_h) * u)
}

/// A minute of the day drawn uniformly over `[from_h, to_h)` hours (night work has no afternoon peak).
pub(crate) fn at_uniform(rng: &mut Rng, day: NaiveDate, from_h: f64, to_h: f64) -> NaiveDateTime {
    at_fraction(day, from_h + (to_h - from_h) * rng.f64())
}

fn at_fraction(day: NaiveDate, hours: f64) -> NaiveDateTime {
    let minutes = (hours * 60.0).floor() as i64;
    day.and_time(NaiveTime::MIN) + Duration::minutes(minutes)
}

/// A date-time at an exact hour and minute.
#[cfg(test)]
pub(crate) fn hm(day: NaiveDate, h: u32, m: u32) -> NaiveDateTime {
    day.and_hms_opt(h, m, 0).expect("valid time")
}

/// Whether a local time is in the night window of the indicators (22:00–06:00).
#[cfg(test)]
pub(crate) fn is_night(local: NaiveDateTime) -> bool {
    use chrono::Timelike;
    let h = local.hour();
    !(6..22).contains(&h)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zones_round_trip_and_skip_the_gap() {
        let winter = hm(date(2026, 2, 1), 23, 30);
        assert_eq!(Zone::Berlin.to_utc(winter), hm(date(2026, 2, 1), 22, 30));
        assert_eq!(Zone::Berlin.local(Zone::Berlin.to_utc(winter)), winter);
        let summer = hm(date(2026, 5, 1), 23, 30);
        assert_eq!(Zone::London.to_utc(summer), hm(date(2026, 5, 1), 22, 30));
        // 02:30 on 29 March does not exist in Berlin; it becomes 03:30 CEST.
        let gap = hm(date(2026, 3, 29), 2, 30);
        assert_eq!(Zone::Berlin.local(Zone::Berlin.to_utc(gap)), hm(date(2026, 3, 29), 3, 30));
    }

    #[test]
    fn business_days() {
        assert_eq!(roll_forward(Zone::Berlin, date(2026, 4, 3)), date(2026, 4, 7));
        assert_eq!(roll_back(Zone::London, date(2026, 5, 31)), date(2026, 5, 29));
    }
}
