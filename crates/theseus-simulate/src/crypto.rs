//! The crypto exchange: accounts, deposits and withdrawals of crypto-assets with their fiat value, wallet
//! addresses and on-chain transaction ids.
//!
//! Prices are a smooth deterministic path over the period (no random draw), so that the same amount on the
//! same day always has the same fiat value. Bitcoin addresses are bech32 P2WPKH (`bc1q…`, with a valid
//! checksum); Ether and USDT (ERC-20) addresses are `0x` + 40 lower-case hex digits; transaction ids are 64
//! hex digits.

use chrono::{Datelike, NaiveDate, NaiveDateTime};

use crate::rng::Rng;
use crate::world::{Coin, CryptoTx, World};

/// EUR price of one coin on a day, in cents.
pub(crate) fn price_cents(coin: Coin, day: NaiveDate) -> i64 {
    let t = f64::from(day.num_days_from_ce() - 739_617); // days since 1 January 2026
    let (base, a, b) = match coin {
        Coin::Btc => (82_000.0, 0.18, 0.06),
        Coin::Eth => (2_900.0, 0.22, 0.08),
        Coin::Usdt => (0.92, 0.0, 0.004),
    };
    let p = base * (1.0 + a * (t / 47.0).sin() + b * (t / 9.0).cos());
    (p * 100.0).round() as i64
}

const BECH32: &[u8; 32] = b"qpzry9x8gf2tvdw0s3jn54khce6mua7l";

fn polymod(values: &[u8]) -> u32 {
    const GEN: [u32; 5] = [0x3b6a_57b2, 0x2650_8e6d, 0x1ea1_19fa, 0x3d42_33dd, 0x2a14_62b3];
    let mut chk: u32 = 1;
    for &v in values {
        let top = chk >> 25;
        chk = ((chk & 0x1ff_ffff) << 5) ^ u32::from(v);
        for (i, g) in GEN.iter().enumerate() {
            if (top >> i) & 1 == 1 {
                chk ^= g;
            }
        }
    }
    chk
}

/// A bech32 P2WPKH address for a 20-byte program.
fn bech32_address(program: &[u8; 20]) -> String {
    // 8-bit to 5-bit groups.
    let mut data = vec![0u8]; // witness version 0
    let (mut acc, mut bits) = (0u32, 0u32);
    for &b in program {
        acc = (acc << 8) | u32::from(b);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            data.push(((acc >> bits) & 31) as u8);
        }
    }
    if bits > 0 {
        data.push(((acc << (5 - bits)) & 31) as u8);
    }
    let hrp = b"bc";
    let mut values: Vec<u8> = hrp.iter().map(|c| c >> 5).collect();
    values.push(0);
    values.extend(hrp.iter().map(|c| c & 31));
    values.extend(&data);
    values.extend([0u8; 6]);
    let pm = polymod(&values) ^ 1;
    let mut out = String::from("bc1");
    for d in &data {
        out.push(char::from(BECH32[*d as usize]));
    }
    for i in 0..6 {
        out.push(char::from(BECH32[((pm >> (5 * (5 - i))) & 31) as usize]));
    }
    out
}

/// A fresh wallet address for a coin.
pub(crate) fn wallet(rng: &mut Rng, coin: Coin) -> String {
    match coin {
        Coin::Btc => {
            let mut program = [0u8; 20];
            for chunk in program.chunks_mut(8) {
                let bytes = rng.u64().to_le_bytes();
                chunk.copy_from_slice(&bytes[..chunk.len()]);
            }
            bech32_address(&program)
        }
        Coin::Eth | Coin::Usdt => format!("0x{}", rng.hex(40)),
    }
}

/// An on-chain transaction id.
pub(crate) fn txid(rng: &mut Rng, coin: Coin) -> String {
    match coin {
        Coin::Btc => rng.hex(64),
        Coin::Eth | Coin::Usdt => format!("0x{}", rng.hex(64)),
    }
}

/// The exchange customer number of a person of the world (stable: the bank memo of a savings plan and the
/// exchange export name the same account).
pub(crate) fn account_of(person: usize) -> String {
    let z = (person as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 20;
    format!("CV-{:07}", 1_000_000 + z % 9_000_000)
}

/// An exchange customer number.
pub(crate) fn account_id(rng: &mut Rng) -> String {
    format!("CV-{:07}", rng.int(1_000_000, 9_999_999))
}

/// Records a deposit or withdrawal of `fiat_cents` worth of `coin` at `utc`.
#[allow(clippy::too_many_arguments)]
pub(crate) fn movement(
    world: &mut World,
    rng: &mut Rng,
    account_id: &str,
    holder: &str,
    coin: Coin,
    deposit: bool,
    fiat_cents: i64,
    utc: NaiveDateTime,
    address: &str,
    op: Option<usize>,
) -> String {
    let price = price_cents(coin, utc.date()).max(1);
    let scale = 10i128.pow(coin.decimals());
    let units = (i128::from(fiat_cents) * scale / i128::from(price)) as i64;
    let txid = txid(rng, coin);
    world.crypto.push(CryptoTx {
        utc,
        account_id: account_id.to_string(),
        holder: holder.to_string(),
        coin,
        deposit,
        units: units.max(1),
        fiat_cents,
        fiat: "EUR",
        address: address.to_string(),
        txid: txid.clone(),
        op,
        id: String::new(),
    });
    txid
}

/// Ordinary crypto investors: monthly purchases sent to their own wallet now and then, and a sale paid in
/// from it. `investors` are (holder name, exchange account, monthly savings in cents).
pub(crate) fn background(world: &mut World, seed: u64, investors: &[(String, String, i64)]) {
    let mut rng = Rng::derive(seed, "crypto-background");
    let rng = &mut rng;
    let months: Vec<(i32, u32)> = world.period.months().collect();
    for (name, id, monthly) in investors {
        let coin = *rng.pick(&[Coin::Btc, Coin::Btc, Coin::Eth, Coin::Usdt]);
        let own = wallet(rng, coin);
        for &(y, m) in &months {
            if rng.chance(0.35) {
                let Some(day) = crate::life::day_in(rng, y, m, world.start()) else { continue };
                let utc = crate::calendar::Zone::Berlin.to_utc(crate::calendar::at(rng, day, 8.0, 23.0));
                let cents = (*monthly as f64 * rng.f64() * 3.0).round().max(2000.0) as i64;
                movement(world, rng, id, name, coin, false, cents, utc, &own, None);
            }
            if rng.chance(0.12) {
                let Some(day) = crate::life::day_in(rng, y, m, world.start()) else { continue };
                let utc = crate::calendar::Zone::Berlin.to_utc(crate::calendar::at(rng, day, 8.0, 23.0));
                let cents = rng.amount(600.0, 0.8, 50.0, 20_000.0);
                let from = if rng.chance(0.7) { own.clone() } else { wallet(rng, coin) };
                movement(world, rng, id, name, coin, true, cents, utc, &from, None);
            }
        }
    }
    // Traders who are not bank customers of the evidence banks.
    let outsiders = (investors.len() / 2).max(3);
    for _ in 0..outsiders {
        let id = account_id(rng);
        let name = format!(
            "{} {}",
            rng.pick(crate::catalog::PAYER_FIRST),
            rng.pick(&["Kowalski", "Berger", "Novak", "Rossi", "Dubois", "Jansen", "Horvath"])
        );
        let coin = *rng.pick(&[Coin::Btc, Coin::Eth, Coin::Usdt]);
        for &(y, m) in &months {
            for _ in 0..rng.poisson(1.5) {
                let Some(day) = crate::life::day_in(rng, y, m, world.start()) else { continue };
                let utc = crate::calendar::Zone::Berlin.to_utc(crate::calendar::at(rng, day, 0.0, 24.0));
                let cents = rng.amount(900.0, 1.0, 20.0, 50_000.0);
                let address = wallet(rng, coin);
                let deposit = rng.chance(0.5);
                movement(world, rng, &id, &name, coin, deposit, cents, utc, &address, None);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bech32_checksum_matches_the_reference_vector() {
        // BIP-173 test vector: bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4 for program 751e76e8…433bd6.
        let program: [u8; 20] = [
            0x75, 0x1e, 0x76, 0xe8, 0x19, 0x91, 0x96, 0xd4, 0x54, 0x94, 0x1c, 0x45, 0xd1, 0xb3, 0xa3, 0x23, 0xf1, 0x43,
            0x3b, 0xd6,
        ];
        assert_eq!(bech32_address(&program), "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4");
    }

    #[test]
    fn prices_are_positive_and_stable() {
        let d = crate::calendar::date(2026, 3, 1);
        assert_eq!(price_cents(Coin::Btc, d), price_cents(Coin::Btc, d));
        assert!(price_cents(Coin::Usdt, d) > 80 && price_cents(Coin::Usdt, d) < 100);
        assert!(price_cents(Coin::Btc, d) > 5_000_000);
    }
}
