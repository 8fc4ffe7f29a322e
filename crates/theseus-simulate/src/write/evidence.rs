//! The non-bank evidence files: the ad site's export and production return, phone subscriber records and
//! call detail records, the crypto exchange's export.

use std::io::Write;
use std::path::Path;

use chrono::NaiveDateTime;

use super::fmt;
use crate::calendar::Zone;
use crate::phones;
use crate::rng::Rng;
use crate::world::{CardRef, Holder, World};

fn writer(path: &Path) -> std::io::Result<std::io::BufWriter<std::fs::File>> {
    Ok(std::io::BufWriter::with_capacity(1 << 20, std::fs::File::create(path)?))
}

/// ISO 8601 local time with the zone's offset: `2026-03-01T21:10:00+01:00`.
fn zoned(out: &mut Vec<u8>, zone: Zone, local: NaiveDateTime) {
    fmt::iso_datetime(out, local, b'T');
    fmt::offset(out, zone.offset_hours(zone.to_utc(local)));
}

/// `ads.jsonl`: one ad per line, in posting order.
pub(crate) fn ads(world: &World, path: &Path) -> std::io::Result<u64> {
    let mut w = writer(path)?;
    let mut order: Vec<usize> = (0..world.ads.len()).collect();
    order.sort_by(|&a, &b| world.ads[a].id.cmp(&world.ads[b].id).then(world.ads[a].site.cmp(&world.ads[b].site)));
    let mut line = Vec::with_capacity(2048);
    for i in order {
        let ad = &world.ads[i];
        line.clear();
        line.extend_from_slice(b"{\"site\":");
        fmt::json_str(&mut line, ad.site.name());
        line.extend_from_slice(b",\"ad_id\":");
        fmt::json_str(&mut line, &ad.id);
        line.extend_from_slice(b",\"posted_at\":\"");
        zoned(&mut line, ad.zone, ad.posted);
        line.extend_from_slice(b"\",\"city\":");
        fmt::json_str(&mut line, ad.city);
        line.extend_from_slice(b",\"title\":");
        fmt::json_str(&mut line, &ad.title);
        line.extend_from_slice(b",\"body\":");
        fmt::json_str(&mut line, &ad.body);
        line.extend_from_slice(b",\"phone\":");
        match &ad.phone_written {
            Some(p) => fmt::json_str(&mut line, p),
            None => line.extend_from_slice(b"null"),
        }
        line.extend_from_slice(b",\"email\":");
        match &ad.email {
            Some(e) => fmt::json_str(&mut line, e),
            None => line.extend_from_slice(b"null"),
        }
        line.extend_from_slice(b",\"image_hashes\":[");
        for (k, h) in ad.images.iter().enumerate() {
            if k > 0 {
                line.push(b',');
            }
            fmt::json_str(&mut line, h);
        }
        line.extend_from_slice(b"],\"poster_account\":");
        fmt::json_str(&mut line, &world.posters[ad.poster].id);
        line.extend_from_slice(b"}\n");
        w.write_all(&line)?;
    }
    w.flush()?;
    Ok(world.ads.len() as u64)
}

/// The card of a poster as the site stores it: (BIN, last four digits, holder as on the card).
pub(crate) fn card_view(world: &World, c: &CardRef) -> (String, String, String) {
    match c {
        CardRef::Account(a) => {
            let acct = &world.accounts[*a];
            let bin = acct.bank().map(|b| b.bin()).unwrap_or("400000").to_string();
            let holder = match acct.holder {
                Holder::Person(p) => crate::text::swift_upper(&world.persons[p].name()),
                Holder::Company(c) => crate::text::swift_upper(&world.companies[c].name),
            };
            (bin, acct.card_last4(), holder)
        }
        CardRef::Outside { bin, last4, holder } => (bin.clone(), last4.clone(), holder.clone()),
    }
}

/// `ad_production.jsonl`: one line per poster account with its identifiers, cards and fees.
pub(crate) fn production(world: &World, path: &Path) -> std::io::Result<u64> {
    let mut w = writer(path)?;
    let mut fees: Vec<Vec<usize>> = vec![vec![]; world.posters.len()];
    for (i, ad) in world.ads.iter().enumerate() {
        if ad.fee.is_some() {
            fees[ad.poster].push(i);
        }
    }
    for f in &mut fees {
        f.sort_by(|&a, &b| world.ads[a].id.cmp(&world.ads[b].id));
    }
    let mut order: Vec<usize> = (0..world.posters.len()).collect();
    order.sort_by(|&a, &b| world.posters[a].id.cmp(&world.posters[b].id));
    let mut line = Vec::with_capacity(4096);
    let mut n = 0;
    for pi in order {
        let p = &world.posters[pi];
        line.clear();
        line.extend_from_slice(b"{\"site\":");
        fmt::json_str(&mut line, p.site.name());
        line.extend_from_slice(b",\"poster_account\":");
        fmt::json_str(&mut line, &p.id);
        for (key, list) in [("emails", &p.emails), ("phones", &p.phones), ("ips", &p.ips)] {
            line.extend_from_slice(b",\"");
            line.extend_from_slice(key.as_bytes());
            line.extend_from_slice(b"\":[");
            for (k, v) in list.iter().enumerate() {
                if k > 0 {
                    line.push(b',');
                }
                fmt::json_str(&mut line, v);
            }
            line.push(b']');
        }
        line.extend_from_slice(b",\"cards\":[");
        let views: Vec<(String, String, String)> = p.cards.iter().map(|c| card_view(world, c)).collect();
        for (k, (bin, last4, holder)) in views.iter().enumerate() {
            if k > 0 {
                line.push(b',');
            }
            line.extend_from_slice(b"{\"bin\":");
            fmt::json_str(&mut line, bin);
            line.extend_from_slice(b",\"last4\":");
            fmt::json_str(&mut line, last4);
            line.extend_from_slice(b",\"holder\":");
            fmt::json_str(&mut line, holder);
            line.push(b'}');
        }
        line.extend_from_slice(b"],\"fees\":[");
        for (k, &ai) in fees[pi].iter().enumerate() {
            let ad = &world.ads[ai];
            let (cents, card, _) = ad.fee.expect("ads with fees");
            if k > 0 {
                line.push(b',');
            }
            line.extend_from_slice(b"{\"ts\":\"");
            zoned(&mut line, ad.zone, ad.posted);
            line.extend_from_slice(b"\",\"amount\":\"");
            fmt::plain_amount(&mut line, cents);
            line.extend_from_slice(b"\",\"currency\":\"EUR\",\"ad_id\":");
            fmt::json_str(&mut line, &ad.id);
            line.extend_from_slice(b",\"card_last4\":");
            fmt::json_str(&mut line, &views[card].1);
            line.push(b'}');
        }
        line.extend_from_slice(b"]}\n");
        w.write_all(&line)?;
        n += 1;
    }
    w.flush()?;
    Ok(n)
}

/// `subscribers.csv`: one line per number, ordered by number.
pub(crate) fn subscribers(world: &World, path: &Path) -> std::io::Result<u64> {
    let mut w = writer(path)?;
    w.write_all(b"msisdn,subscriber_name,birth_date,address,id_document,activation_date,operator\n")?;
    let mut order: Vec<usize> = (0..world.lines.len()).collect();
    order.sort_by(|&a, &b| world.lines[a].msisdn.cmp(&world.lines[b].msisdn));
    let mut line = Vec::with_capacity(512);
    for i in order {
        let l = &world.lines[i];
        line.clear();
        fmt::field(&mut line, &l.msisdn, b',');
        line.push(b',');
        fmt::field(&mut line, &l.subscriber, b',');
        line.push(b',');
        if let Some(b) = l.birth {
            fmt::iso_date(&mut line, b);
        }
        line.push(b',');
        fmt::field(&mut line, &l.address, b',');
        line.push(b',');
        fmt::field(&mut line, &l.id_document, b',');
        line.push(b',');
        fmt::iso_date(&mut line, l.activation);
        line.push(b',');
        fmt::field(&mut line, l.operator, b',');
        line.push(b'\n');
        w.write_all(&line)?;
    }
    w.flush()?;
    Ok(world.lines.len() as u64)
}

/// A stable cell for a phone in a city on a day (a phone stays in one of three cells of a city).
fn cell_for(out: &mut Vec<u8>, phone: &str, city: &crate::catalog::City, salt: u32) {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in phone.bytes().chain(city.name.bytes()) {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h ^= u64::from(salt % 3);
    h = h.wrapping_mul(0x9e37_79b9_7f4a_7c15);
    phones::cell_id(out, city, 10_000 + (h >> 40) % 55_000);
}

#[allow(clippy::too_many_arguments)]
fn cdr_row(
    line: &mut Vec<u8>,
    id: u64,
    utc: NaiveDateTime,
    duration: u32,
    sms: bool,
    caller: &str,
    callee: &str,
    city: &'static crate::catalog::City,
) -> String {
    let zone = city.zone;
    let local = zone.local(utc);
    let mut rid = Vec::with_capacity(16);
    rid.extend_from_slice(b"CDR");
    fmt::pad(&mut rid, (id.wrapping_mul(4_294_967_311) + 97) % 10_000_000_000, 10);
    line.extend_from_slice(&rid);
    line.push(b',');
    fmt::iso_datetime(line, local, b'T');
    fmt::offset(line, zone.offset_hours(utc));
    line.push(b',');
    fmt::uint(line, u64::from(duration));
    line.push(b',');
    line.extend_from_slice(if sms { b"sms" } else { b"voice" });
    line.push(b',');
    line.extend_from_slice(caller.as_bytes());
    line.push(b',');
    line.extend_from_slice(callee.as_bytes());
    line.push(b',');
    cell_for(line, caller, city, chrono::Datelike::ordinal(&local.date()));
    line.push(b',');
    fmt::field(line, city.name, b',');
    line.push(b'\n');
    String::from_utf8_lossy(&rid).into_owned()
}

/// `cdr.csv`: the operations' calls in time order, then the background subscribers' calls, each
/// subscriber's in time order (generated here, one subscriber at a time). Returns the row count.
pub(crate) fn cdr(world: &mut World, seed: u64, path: &Path) -> std::io::Result<u64> {
    let mut w = writer(path)?;
    w.write_all(b"record_id,start_time,duration_s,type,caller,callee,cell_id,cell_city\n")?;
    let mut order: Vec<usize> = (0..world.calls.len()).collect();
    order.sort_by_key(|&i| world.calls[i].utc);
    let mut line = Vec::with_capacity(256);
    let mut out = Vec::with_capacity(1 << 16);
    let mut n = 0u64;
    for i in order {
        let c = &world.calls[i];
        line.clear();
        let id = cdr_row(&mut line, n, c.utc, c.duration_s, c.sms, &c.caller, &c.callee, c.city);
        world.calls[i].id = id;
        out.extend_from_slice(&line);
        n += 1;
        if out.len() > 1 << 20 {
            w.write_all(&out)?;
            out.clear();
        }
    }
    let subjects = phones::background_subjects(world);
    let mut calls = vec![];
    for (k, (phone, home)) in subjects.iter().enumerate() {
        let mut rng = Rng::derive_indexed(seed, "cdr-background", k as u64);
        phones::background_calls_of(&mut rng, world, phone, home, &mut calls);
        for (utc, d, sms, a, b, city) in &calls {
            line.clear();
            cdr_row(&mut line, n, *utc, *d, *sms, a, b, city);
            out.extend_from_slice(&line);
            n += 1;
        }
        if out.len() > 1 << 20 {
            w.write_all(&out)?;
            out.clear();
        }
    }
    w.write_all(&out)?;
    w.flush()?;
    Ok(n)
}

/// `exchange.csv`: deposits and withdrawals in time order, timestamps in UTC.
pub(crate) fn exchange(world: &mut World, path: &Path) -> std::io::Result<u64> {
    let mut w = writer(path)?;
    w.write_all(b"tx_id,timestamp,account_id,account_holder,asset,direction,amount_asset,fiat_amount,fiat_currency,address,network_txid\n")?;
    let mut order: Vec<usize> = (0..world.crypto.len()).collect();
    order.sort_by_key(|&i| world.crypto[i].utc);
    let mut line = Vec::with_capacity(512);
    for (n, i) in order.into_iter().enumerate() {
        let id = format!("CVX-{:08}", (n as u64 * 7919 + 1) % 100_000_000);
        let t = &world.crypto[i];
        line.clear();
        line.extend_from_slice(id.as_bytes());
        line.push(b',');
        fmt::iso_datetime(&mut line, t.utc, b'T');
        line.extend_from_slice(b"+00:00,");
        fmt::field(&mut line, &t.account_id, b',');
        line.push(b',');
        fmt::field(&mut line, &t.holder, b',');
        line.push(b',');
        line.extend_from_slice(t.coin.ticker().as_bytes());
        line.push(b',');
        line.extend_from_slice(if t.deposit { b"deposit" } else { b"withdrawal" });
        line.push(b',');
        let scale = 10i64.pow(t.coin.decimals());
        fmt::uint(&mut line, (t.units / scale) as u64);
        line.push(b'.');
        fmt::pad(&mut line, (t.units % scale) as u64, t.coin.decimals() as usize);
        line.push(b',');
        fmt::plain_amount(&mut line, t.fiat_cents);
        line.push(b',');
        line.extend_from_slice(t.fiat.as_bytes());
        line.push(b',');
        line.extend_from_slice(t.address.as_bytes());
        line.push(b',');
        line.extend_from_slice(t.txid.as_bytes());
        line.push(b'\n');
        w.write_all(&line)?;
        world.crypto[i].id = id;
    }
    w.flush()?;
    Ok(world.crypto.len() as u64)
}
