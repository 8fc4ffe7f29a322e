//! Ordinary financial life: what months on an everyday account look like.
//!
//! Distributions (documented once here, used for every customer; `docs/simulator.md` repeats them):
//! - Counts per month are Poisson with the category's mean × the customer's activity (log-normal, median 1,
//!   σ 0.35) × the scenario's activity scale: some people pay for everything by card, some hardly at all.
//! - About 8 % of card payments are made away from home, all on one day trip a month to another city of the
//!   country (so no one pays in two cities minutes apart).
//! - Card amounts are log-normal per category (medians and shapes in `catalog`), scaled by the square root
//!   of the customer's income relative to the median, so richer customers spend more but not proportionally.
//! - Card times are triangular over the category's opening window; cash withdrawals are daytime (08–20)
//!   except for a customer-specific night share (2 % for most, more for shift workers), drawn 22:00–02:00.
//! - Cash withdrawals are in notes: 20, 50, 100… weighted towards 50 and 100; about two a month.
//! - Salaries arrive in the early-morning batch (05–08) of the payday, rolled back to a business day; rent
//!   leaves by standing order on the first business day; direct debits on their contract day, rolled forward.
//! - Net salaries are log-normal (Germany median 2,650 EUR, Austria 2,450 EUR, UK median 2,300 GBP, σ 0.3)
//!   and fixed, or vary by ±3 % for hourly workers; rent is 25–38 % of net pay, rounded to 10.

use chrono::{Datelike, NaiveDate};

use crate::calendar::{self, Zone, business_day, day_of_month, month_end, roll_back, roll_forward};
use crate::catalog::{self, City, SpendCategory};
use crate::rng::Rng;
use crate::world::{Kind, OpTag, Party, Txt, World, batch_time};

/// When salary is paid.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Payday {
    /// Last business day of the month (German and Austrian custom).
    LastBusinessDay,
    /// A fixed day, rolled back to a business day (the UK's 25th, the 15th…).
    Day(u32),
}

/// A salary.
#[derive(Debug, Clone)]
pub(crate) struct Salary {
    /// The employer's account.
    pub from: usize,
    /// Net monthly pay, cents.
    pub net: i64,
    pub payday: Payday,
    /// Whether pay varies month to month (hourly or shift pay).
    pub varies: bool,
    /// Personnel number on the payslip reference.
    pub staff_no: u32,
    /// A pension rather than a wage (booked as a plain credit, not as payroll).
    pub pension: bool,
    /// Months with a second payment (Austria's holiday and Christmas pay).
    pub bonus: Months,
}

/// Calendar months as a bit set (bit 0 = January).
pub(crate) type Months = u16;

/// Every month.
pub(crate) const MONTHLY: Months = 0xfff;
/// Quarterly: January, April, July, October.
pub(crate) const QUARTERLY: Months = 1 | 1 << 3 | 1 << 6 | 1 << 9;
/// Quarter ends: March, June, September, December.
pub(crate) const QUARTER_ENDS: Months = 1 << 2 | 1 << 5 | 1 << 8 | 1 << 11;

/// Whether calendar month `m` (1–12) is in the set.
pub(crate) fn in_months(set: Months, m: u32) -> bool {
    set & (1 << (m - 1)) != 0
}

/// A recurring payment.
#[derive(Debug, Clone)]
pub(crate) struct Recurring {
    pub to: Party,
    pub cents: i64,
    pub day: u32,
    pub memo: Txt,
    pub kind: Kind,
    /// Months in which it is paid.
    pub months: Months,
}

/// A regular cash remittance home through a money transfer operator.
#[derive(Debug, Clone)]
pub(crate) struct Remittance {
    pub to: String,
    pub country: &'static str,
    pub town: &'static str,
    pub median: f64,
}

/// Which country's habits, merchants and words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Region {
    De,
    Uk,
    At,
}

impl Region {
    /// The region of a city.
    pub(crate) fn of(city: &City) -> Region {
        match city.country {
            "GB" => Region::Uk,
            "AT" => Region::At,
            _ => Region::De,
        }
    }
}

/// One customer's habits.
#[derive(Debug, Clone)]
pub(crate) struct Life {
    pub acct: usize,
    pub home: &'static City,
    pub region: Region,
    /// Multiplier on card and cash counts.
    pub activity: f64,
    /// Multiplier on card amounts.
    pub scale: f64,
    pub car: bool,
    pub salary: Option<Salary>,
    pub recurring: Vec<Recurring>,
    pub atm_per_month: f64,
    pub atm_night_share: f64,
    /// Nights out paid by ride-hailing app, per month.
    pub night_rides: f64,
    /// Monthly account fee, cents (German and Austrian banks charge one).
    pub account_fee: Option<i64>,
    pub remittance: Option<Remittance>,
    /// Money sent to a relative now and then: (who, typical amount).
    pub family: Option<(Party, f64)>,
    /// Nothing happens before this day (account opened during the period).
    pub from: NaiveDate,
    /// Tag for the postings (used when an operation member's everyday spending is part of the truth).
    pub tag: Option<OpTag>,
}

impl Life {
    /// Everyday habits with no income or recurring payments yet.
    pub(crate) fn new(rng: &mut Rng, acct: usize, home: &'static City, activity_scale: f64, from: NaiveDate) -> Life {
        Life {
            acct,
            home,
            region: Region::of(home),
            activity: rng.lognormal(1.0, 0.35) * activity_scale,
            scale: 1.0,
            car: rng.chance(0.55),
            salary: None,
            recurring: vec![],
            atm_per_month: 2.0,
            atm_night_share: 0.02,
            night_rides: 0.0,
            account_fee: None,
            remittance: None,
            family: None,
            from,
            tag: None,
        }
    }

    fn zone(&self) -> Zone {
        self.home.zone
    }
}

/// Net monthly pay, log-normal around the country's median (see module docs).
pub(crate) fn net_pay(rng: &mut Rng, region: Region) -> i64 {
    let median = match region {
        Region::Uk => 2300.0,
        Region::At => 2450.0,
        Region::De => 2650.0,
    };
    rng.amount(median, 0.3, 1100.0, 9000.0)
}

/// Rent for a net pay, 25–38 % of it, rounded to 10.
pub(crate) fn rent_for(rng: &mut Rng, net: i64) -> i64 {
    let share = 0.25 + 0.13 * rng.f64();
    ((net as f64 * share / 1000.0).round() as i64) * 1000
}

const GERMAN_MONTHS: [&str; 12] = [
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
];
const ENGLISH_MONTHS: [&str; 12] = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];

/// The month's name for a payment reference.
pub(crate) fn month_name(uk: bool, m: u32) -> &'static str {
    if uk { ENGLISH_MONTHS[(m - 1) as usize] } else { GERMAN_MONTHS[(m - 1) as usize] }
}

/// Cities a customer visits now and then: the others of their country.
fn elsewhere(home: &'static City) -> &'static [&'static City] {
    static DE: [&City; 6] =
        [&catalog::HAMBURG, &catalog::BREMEN, &catalog::HANNOVER, &catalog::BERLIN, &catalog::KIEL, &catalog::LUEBECK];
    static UK: [&City; 5] =
        [&catalog::LONDON, &catalog::MANCHESTER, &catalog::BIRMINGHAM, &catalog::LEEDS, &catalog::BRISTOL];
    static AT: [&City; 5] = [&catalog::WIEN, &catalog::GRAZ, &catalog::LINZ, &catalog::SALZBURG, &catalog::INNSBRUCK];
    match home.country {
        "GB" => &UK,
        "AT" => &AT,
        _ => &DE,
    }
}

/// A random day of a month not before `from`, or `None` if the whole month is before it.
pub(crate) fn day_in(rng: &mut Rng, y: i32, m: u32, from: NaiveDate) -> Option<NaiveDate> {
    let end = month_end(y, m);
    if end < from {
        return None;
    }
    let first = day_of_month(y, m, 1).max(from);
    let span = (end - first).num_days();
    Some(first + chrono::Duration::days(rng.int(0, span)))
}

/// Cash withdrawal amounts in notes, weighted towards 50 and 100.
pub(crate) fn cash_amount(rng: &mut Rng, scale: f64) -> i64 {
    const NOTES: [i64; 8] = [20, 40, 50, 100, 150, 200, 300, 400];
    const W: [f64; 8] = [0.12, 0.08, 0.22, 0.26, 0.1, 0.12, 0.06, 0.04];
    let base = NOTES[rng.weighted(&W)] as f64 * scale.sqrt();
    ((base / 10.0).round().max(2.0) as i64) * 10 * 100
}

/// The spending table of a region.
fn spend_table(region: Region) -> &'static [SpendCategory] {
    match region {
        Region::De => &catalog::DE_SPEND,
        Region::Uk => &catalog::UK_SPEND,
        Region::At => &catalog::AT_SPEND,
    }
}

/// Runs a customer's habits over the period.
pub(crate) fn live(world: &mut World, rng: &mut Rng, life: &Life) {
    let me = Party::Acct(life.acct);
    let spend = spend_table(life.region);
    let uk = life.region == Region::Uk;
    let zone = life.zone();
    for (y, m) in world.period.months() {
        if let Some(s) = &life.salary {
            let due = match s.payday {
                Payday::LastBusinessDay => month_end(y, m),
                Payday::Day(d) => day_of_month(y, m, d),
            };
            let day = roll_back(zone, due);
            if day >= life.from {
                let net = if s.varies { (s.net as f64 * (1.0 + 0.03 * rng.normal())).round() as i64 } else { s.net };
                let memo = if s.pension {
                    match life.region {
                        Region::At => format!("PENSION {m:02}/{y} PVA-NR. 33{:06}", s.staff_no),
                        _ => format!("RENTE {m:02}/{y} RV-NR. 12{:06}", s.staff_no),
                    }
                } else if uk {
                    format!("SALARY {} {y} REF {}", month_name(true, m), s.staff_no)
                } else {
                    format!("LOHN/GEHALT {m:02}/{y} PERS.NR. {}", s.staff_no)
                };
                let kind = if s.pension { Kind::Transfer } else { Kind::Salary };
                let utc = batch_time(rng, zone, day);
                world.transfer(&Party::Acct(s.from), &me, utc, net, kind, memo, life.tag);
                if in_months(s.bonus, m) {
                    let word = if m <= 6 { "URLAUBSZUSCHUSS" } else { "WEIHNACHTSREMUNERATION" };
                    let memo = format!("SONDERZAHLUNG {word} {y} PERS.NR. {}", s.staff_no);
                    let extra = net * 85 / 100;
                    world.transfer(&Party::Acct(s.from), &me, utc, extra, kind, memo, life.tag);
                }
            }
        }
        for r in &life.recurring {
            if !in_months(r.months, m) {
                continue;
            }
            let day = roll_forward(zone, day_of_month(y, m, r.day));
            if day < life.from || day > world.end() {
                continue;
            }
            let utc = batch_time(rng, zone, day);
            world.transfer(&me, &r.to, utc, r.cents, r.kind, &r.memo, life.tag);
        }
        if let Some(fee) = life.account_fee {
            let day = roll_back(zone, month_end(y, m));
            if day >= life.from {
                let utc = batch_time(rng, zone, day);
                world.fee(life.acct, utc, fee, format!("Kontoführungsentgelt {m:02}/{y}"));
            }
        }
        if let Some(rem) = &life.remittance
            && let Some(day) = day_in(rng, y, m, life.from)
        {
            // Migrants send home once a month; the day is drawn over the month.
            let cents = rng.round_amount(rem.median, 0.2, 10, 100, 1500);
            let local = calendar::at(rng, day, 10.0, 19.0);
            let memo = if uk {
                format!("{} TRANSFER TO {} {}", catalog::MSB_UK, rem.to.to_uppercase(), rem.country)
            } else {
                format!("{} Bargeldtransfer an {}, {}, {}", catalog::MSB, rem.to, rem.town, rem.country)
            };
            let to = Party::ext(rem.to.clone(), None, rem.country);
            world.transfer_at(&me, &to, local, cents, Kind::Remittance, memo, life.tag);
        }
        if let Some((relative, typical)) = &life.family
            && rng.chance(0.45)
            && let Some(day) = day_in(rng, y, m, life.from)
        {
            let cents = rng.round_amount(*typical, 0.4, 10, 20, 2000);
            let local = calendar::at(rng, day, 8.0, 22.0);
            const WORDS: [&str; 4] = ["Für dich", "Geburtstag", "Taschengeld", "Zuschuss"];
            let memo = if uk { "family" } else { WORDS[rng.below(4)] };
            world.transfer_at(&me, relative, local, cents, Kind::Instant, memo, life.tag);
        }
        let amount_scale = life.scale.sqrt();
        // One day trip a month to another city of the country; card payments away from home fall on it.
        let trip = day_in(rng, y, m, life.from).map(|d| (d, *rng.pick(elsewhere(life.home))));
        for (ci, cat) in spend.iter().enumerate() {
            let mean = if ci == catalog::FUEL { if life.car { 2.5 } else { 0.0 } } else { cat.per_month };
            for _ in 0..rng.poisson(mean * life.activity) {
                let Some(day) = day_in(rng, y, m, life.from) else { continue };
                let (day, city) = match trip {
                    Some((d, c)) if rng.chance(0.08) => (d, c),
                    _ => (day, life.home),
                };
                let local = calendar::at(rng, day, cat.hours.0, cat.hours.1);
                let (merchant, mcc) = *rng.pick(cat.merchants);
                let cents = rng.amount(cat.median * amount_scale, cat.sigma, 0.5, 900.0);
                world.card(life.acct, city, local, cents, merchant, mcc, life.tag);
            }
        }
        for _ in 0..rng.poisson(life.atm_per_month * life.activity.sqrt()) {
            let Some(day) = day_in(rng, y, m, life.from) else { continue };
            let local = if rng.chance(life.atm_night_share) {
                calendar::at_uniform(rng, day, 22.0, 26.0)
            } else {
                calendar::at(rng, day, 8.0, 20.0)
            };
            let cents = cash_amount(rng, life.scale);
            world.atm(life.acct, life.home, local, cents);
        }
        for _ in 0..rng.poisson(life.night_rides) {
            let Some(day) = day_in(rng, y, m, life.from) else { continue };
            // Nights out are Friday and Saturday: move the draw to the weekend.
            let wd = day.weekday().num_days_from_monday() as i64;
            let day = (day + chrono::Duration::days((4 - wd).rem_euclid(7))).min(world.end());
            let local = calendar::at_uniform(rng, day, 23.0, 27.5);
            let cents = rng.amount(14.0, 0.35, 6.0, 60.0);
            world.card(life.acct, life.home, local, cents, catalog::RIDE_APP, 4121, life.tag);
        }
    }
}

/// The business days of the period from `from` on, in `zone`.
pub(crate) fn business_days(world: &World, zone: Zone, from: NaiveDate) -> Vec<NaiveDate> {
    world.period.days().filter(|d| *d >= from && business_day(zone, *d)).collect()
}
