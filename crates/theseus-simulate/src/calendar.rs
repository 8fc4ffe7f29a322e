//! The simulated period, time zones, bank holidays and times of day.
//!
//! Events are generated in the local time of the place they happen and stored in UTC; each bank writes them
//! in its own zone, as real exports do (a UK bank states UK time even for a card payment in Hamburg).
//!
//! The period always starts on 1 January 2026 and runs for a configurable number of whole months. Summer
//! time and public holidays are computed for any year (EU summer time rules; Easter by the Gregorian
//! computus), so periods longer than a year work.

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, Weekday};

use crate::rng::Rng;

/// First day of every simulated period.
pub(crate) const START: NaiveDate = date(2026, 1, 1);

pub(crate) const fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    match NaiveDate::from_ymd_opt(y, m, d) {
        Some(d) => d,
        None => panic!("invalid constant date"),
    }
}

/// The statement period: whole months from 1 January 2026.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Period {
    /// First day.
    pub start: NaiveDate,
    /// Last day.
    pub end: NaiveDate,
    /// Number of months.
    pub months: u32,
}

impl Period {
    /// `months` whole months from 1 January 2026 (at least one).
    pub(crate) fn new(months: u32) -> Period {
        let months = months.max(1);
        let (y, m) = month_at(START.year(), START.month(), months - 1);
        Period { start: START, end: month_end(y, m), months }
    }

    /// The months of the period as (year, month).
    pub(crate) fn months(&self) -> impl Iterator<Item = (i32, u32)> + use<> {
        let (y, m) = (self.start.year(), self.start.month());
        (0..self.months).map(move |i| month_at(y, m, i))
    }

    /// Days of the period, in order.
    pub(crate) fn days(&self) -> impl Iterator<Item = NaiveDate> + use<> {
        let end = self.end;
        self.start.iter_days().take_while(move |d| *d <= end)
    }

    /// Mondays from the first week of the period to its last week.
    pub(crate) fn mondays(&self) -> impl Iterator<Item = NaiveDate> + use<> {
        let wd = i64::from(self.start.weekday().num_days_from_monday());
        let first = self.start + Duration::days((7 - wd) % 7);
        let end = self.end;
        (0..).map(move |w| first + Duration::weeks(w)).take_while(move |d| *d <= end)
    }

    /// Whether a day lies in the period.
    pub(crate) fn contains(&self, d: NaiveDate) -> bool {
        self.start <= d && d <= self.end
    }

    /// A day `frac` of the way through the period (0 = first day, 1 = last day).
    pub(crate) fn at_fraction(&self, frac: f64) -> NaiveDate {
        let span = (self.end - self.start).num_days();
        self.start + Duration::days(((span as f64) * frac.clamp(0.0, 1.0)).round() as i64)
    }
}

/// The month `i` months after (y, m).
fn month_at(y: i32, m: u32, i: u32) -> (i32, u32) {
    let idx = (m - 1 + i) as i32;
    (y + idx / 12, (idx % 12) as u32 + 1)
}

/// The time zones the simulated world lives in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Zone {
    /// Europe/Berlin (CET/CEST), German holidays.
    Berlin,
    /// Europe/London (GMT/BST), English holidays.
    London,
    /// Europe/Vienna (CET/CEST), Austrian holidays.
    Vienna,
}

/// The last Sunday of a month.
fn last_sunday(y: i32, m: u32) -> NaiveDate {
    let end = month_end(y, m);
    end - Duration::days(i64::from(end.weekday().num_days_from_sunday()))
}

/// Years for which summer-time switches and holidays are precomputed (others are computed on demand).
const TABLE_YEARS: std::ops::RangeInclusive<i32> = 2020..=2040;

/// The summer-time switch instants of a year (UTC).
fn dst_bounds(y: i32) -> (NaiveDateTime, NaiveDateTime) {
    let compute = |y: i32| {
        let one = NaiveTime::from_hms_opt(1, 0, 0).expect("valid time");
        (last_sunday(y, 3).and_time(one), last_sunday(y, 10).and_time(one))
    };
    static TABLE: std::sync::OnceLock<Vec<(NaiveDateTime, NaiveDateTime)>> = std::sync::OnceLock::new();
    if TABLE_YEARS.contains(&y) {
        TABLE.get_or_init(|| TABLE_YEARS.map(compute).collect())[(y - TABLE_YEARS.start()) as usize]
    } else {
        compute(y)
    }
}

/// EU summer time: from 01:00 UTC on the last Sunday of March to 01:00 UTC on the last Sunday of October.
fn summer_time(utc: NaiveDateTime) -> bool {
    let (from, to) = dst_bounds(utc.year());
    from <= utc && utc < to
}

impl Zone {
    fn standard_offset(self) -> i64 {
        match self {
            Zone::Berlin | Zone::Vienna => 1,
            Zone::London => 0,
        }
    }

    /// Local wall-clock time → UTC. A time inside the spring-forward gap (02:xx in Berlin, 01:xx in London)
    /// does not exist on a clock; it is read with the winter offset, which lands it one hour later in summer
    /// time, as a clock that was not yet set forward would have it. A time in the autumn overlap is read as
    /// the second (winter-time) occurrence.
    pub(crate) fn to_utc(self, local: NaiveDateTime) -> NaiveDateTime {
        let winter = local - Duration::hours(self.standard_offset());
        if summer_time(winter) {
            let summer = local - Duration::hours(self.standard_offset() + 1);
            if summer_time(summer) { summer } else { winter }
        } else {
            winter
        }
    }

    /// The offset from UTC in hours at a UTC instant.
    pub(crate) fn offset_hours(self, utc: NaiveDateTime) -> i64 {
        self.standard_offset() + i64::from(summer_time(utc))
    }

    /// UTC → local wall-clock time.
    pub(crate) fn local(self, utc: NaiveDateTime) -> NaiveDateTime {
        utc + Duration::hours(self.offset_hours(utc))
    }
}

/// Easter Sunday (anonymous Gregorian algorithm).
fn easter(y: i32) -> NaiveDate {
    let a = y % 19;
    let b = y / 100;
    let c = y % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    NaiveDate::from_ymd_opt(y, month as u32, day as u32).expect("valid Easter date")
}

/// The first given weekday of a month.
fn first_weekday(y: i32, m: u32, wd: Weekday) -> NaiveDate {
    let first = day_of_month(y, m, 1);
    let shift = (7 + wd.num_days_from_monday() as i64 - first.weekday().num_days_from_monday() as i64) % 7;
    first + Duration::days(shift)
}

/// The last given weekday of a month.
fn last_weekday(y: i32, m: u32, wd: Weekday) -> NaiveDate {
    let end = month_end(y, m);
    let shift = (7 + end.weekday().num_days_from_monday() as i64 - wd.num_days_from_monday() as i64) % 7;
    end - Duration::days(shift)
}

/// Public holidays on which banks do not book transfers (nationwide ones only).
fn holiday(zone: Zone, d: NaiveDate) -> bool {
    static TABLE: std::sync::OnceLock<Vec<[Vec<NaiveDate>; 3]>> = std::sync::OnceLock::new();
    let y = d.year();
    if !TABLE_YEARS.contains(&y) {
        return holiday_computed(zone, d);
    }
    let table = TABLE.get_or_init(|| {
        TABLE_YEARS
            .map(|y| {
                let days: Vec<NaiveDate> = date(y, 1, 1).iter_days().take_while(|x| x.year() == y).collect();
                [Zone::Berlin, Zone::London, Zone::Vienna]
                    .map(|z| days.iter().copied().filter(|x| holiday_computed(z, *x)).collect())
            })
            .collect()
    });
    let z = match zone {
        Zone::Berlin => 0,
        Zone::London => 1,
        Zone::Vienna => 2,
    };
    table[(y - TABLE_YEARS.start()) as usize][z].contains(&d)
}

/// [`holiday`] by the rules.
fn holiday_computed(zone: Zone, d: NaiveDate) -> bool {
    let y = d.year();
    let e = easter(y);
    let fixed = |m: u32, dd: u32| d == date_or_max(y, m, dd);
    match zone {
        Zone::Berlin => {
            fixed(1, 1)
                || d == e - Duration::days(2)
                || d == e + Duration::days(1)
                || fixed(5, 1)
                || d == e + Duration::days(39)
                || d == e + Duration::days(50)
                || fixed(10, 3)
                || fixed(12, 25)
                || fixed(12, 26)
        }
        Zone::Vienna => {
            fixed(1, 1)
                || fixed(1, 6)
                || d == e + Duration::days(1)
                || fixed(5, 1)
                || d == e + Duration::days(39)
                || d == e + Duration::days(50)
                || d == e + Duration::days(60)
                || fixed(8, 15)
                || fixed(10, 26)
                || fixed(11, 1)
                || fixed(12, 8)
                || fixed(12, 25)
                || fixed(12, 26)
        }
        Zone::London => {
            d == e - Duration::days(2)
                || d == e + Duration::days(1)
                || d == first_weekday(y, 5, Weekday::Mon)
                || d == last_weekday(y, 5, Weekday::Mon)
                || d == last_weekday(y, 8, Weekday::Mon)
                || substituted(&[date_or_max(y, 1, 1)]).contains(&d)
                || substituted(&[date_or_max(y, 12, 25), date_or_max(y, 12, 26)]).contains(&d)
        }
    }
}

/// English substitute days: holidays on a weekday stay; each one on a weekend moves to the next weekday
/// that is not already a holiday.
fn substituted(days: &[NaiveDate]) -> Vec<NaiveDate> {
    let weekend = |d: &NaiveDate| matches!(d.weekday(), Weekday::Sat | Weekday::Sun);
    let mut out: Vec<NaiveDate> = days.iter().copied().filter(|d| !weekend(d)).collect();
    let mut next = *days.last().expect("at least one day");
    for _ in days.iter().filter(|d| weekend(d)) {
        loop {
            next = next.succ_opt().expect("date in range");
            if !weekend(&next) && !out.contains(&next) {
                break;
            }
        }
        out.push(next);
    }
    out
}

fn date_or_max(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MAX)
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
        // Summer time ends on 25 October 2026.
        assert_eq!(Zone::Vienna.to_utc(hm(date(2026, 10, 26), 12, 0)), hm(date(2026, 10, 26), 11, 0));
        assert_eq!(Zone::Vienna.to_utc(hm(date(2026, 10, 24), 12, 0)), hm(date(2026, 10, 24), 10, 0));
    }

    #[test]
    fn business_days() {
        assert_eq!(easter(2026), date(2026, 4, 5));
        assert_eq!(easter(2027), date(2027, 3, 28));
        assert_eq!(roll_forward(Zone::Berlin, date(2026, 4, 3)), date(2026, 4, 7));
        assert_eq!(roll_back(Zone::London, date(2026, 5, 31)), date(2026, 5, 29));
        assert!(!business_day(Zone::London, date(2026, 5, 4)));
        assert!(!business_day(Zone::Vienna, date(2026, 1, 6)));
        assert!(business_day(Zone::Berlin, date(2026, 1, 6)));
        assert!(!business_day(Zone::London, date(2026, 12, 28)), "Boxing Day substitute");
        assert!(business_day(Zone::London, date(2026, 12, 29)));
        assert!(!business_day(Zone::London, date(2027, 12, 27)) && !business_day(Zone::London, date(2027, 12, 28)));
    }

    #[test]
    fn periods() {
        let p = Period::new(6);
        assert_eq!(p.end, date(2026, 6, 30));
        assert_eq!(p.months().count(), 6);
        assert_eq!(p.mondays().next(), Some(date(2026, 1, 5)));
        let p = Period::new(14);
        assert_eq!(p.end, date(2027, 2, 28));
        assert_eq!(p.months().last(), Some((2027, 2)));
    }
}
