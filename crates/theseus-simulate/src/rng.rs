//! The one source of randomness, and the distributions the world draws from.
//!
//! Every part of the world draws from its own stream, derived from the seed and a label, so that adding
//! customers to the population does not shift the operation's draws (and vice versa). That keeps scenarios
//! comparable across generator changes and lets larger sizes reuse the same operation.

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// A seeded random stream with the handful of distributions the simulator uses.
pub(crate) struct Rng(ChaCha8Rng);

impl Rng {
    /// The stream for one part of the world: the seed mixed with an FNV-1a hash of `label`.
    pub(crate) fn derive(seed: u64, label: &str) -> Rng {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for b in label.bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        Rng(ChaCha8Rng::seed_from_u64(seed ^ h.rotate_left(17)))
    }

    /// The stream for item `i` of a part of the world (one customer's life, one background phone): each
    /// item has its own stream, so items can be generated in any order and the result stays the same.
    pub(crate) fn derive_indexed(seed: u64, label: &str, i: u64) -> Rng {
        // SplitMix64 finaliser spreads consecutive indices over the whole seed space.
        let mut z = i.wrapping_add(0x9e37_79b9_7f4a_7c15);
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^= z >> 31;
        Rng::derive(seed ^ z, label)
    }

    /// A uniformly random 64-bit value.
    pub(crate) fn u64(&mut self) -> u64 {
        self.0.random::<u64>()
    }

    /// `n` random lower-case hex digits.
    pub(crate) fn hex(&mut self, n: usize) -> String {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let mut s = String::with_capacity(n);
        let mut bits = 0u64;
        for i in 0..n {
            if i % 16 == 0 {
                bits = self.u64();
            }
            s.push(char::from(HEX[(bits & 15) as usize]));
            bits >>= 4;
        }
        s
    }

    /// Uniform in [0, 1).
    pub(crate) fn f64(&mut self) -> f64 {
        self.0.random::<f64>()
    }

    /// Uniform integer in `lo..=hi`.
    pub(crate) fn int(&mut self, lo: i64, hi: i64) -> i64 {
        self.0.random_range(lo..=hi)
    }

    /// Uniform index below `n` (`n` > 0).
    pub(crate) fn below(&mut self, n: usize) -> usize {
        self.0.random_range(0..n)
    }

    /// True with probability `p` (clamped to [0, 1]).
    pub(crate) fn chance(&mut self, p: f64) -> bool {
        self.0.random_bool(p.clamp(0.0, 1.0))
    }

    /// One element of a non-empty slice.
    pub(crate) fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }

    /// An index drawn with the given non-negative weights.
    pub(crate) fn weighted(&mut self, weights: &[f64]) -> usize {
        let total: f64 = weights.iter().sum();
        let mut x = self.f64() * total;
        for (i, w) in weights.iter().enumerate() {
            if x < *w {
                return i;
            }
            x -= w;
        }
        weights.len() - 1
    }

    /// Standard normal (Box–Muller).
    pub(crate) fn normal(&mut self) -> f64 {
        let u1 = 1.0 - self.f64(); // (0, 1], so ln is finite
        let u2 = self.f64();
        (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
    }

    /// Log-normal with the given median and shape σ: `median · exp(σ·Z)`.
    ///
    /// Retail payment amounts are right-skewed with a long tail (a few large shops among many small ones),
    /// which is what a log-normal gives; the median is the intuitive "typical" amount to configure.
    pub(crate) fn lognormal(&mut self, median: f64, sigma: f64) -> f64 {
        median * (sigma * self.normal()).exp()
    }

    /// A log-normal amount in cents, clamped to `[lo, hi]` in currency units.
    pub(crate) fn amount(&mut self, median: f64, sigma: f64, lo: f64, hi: f64) -> i64 {
        let x = self.lognormal(median, sigma).clamp(lo, hi);
        (x * 100.0).round() as i64
    }

    /// A log-normal amount rounded to a multiple of `step` currency units (cash is counted in notes).
    pub(crate) fn round_amount(&mut self, median: f64, sigma: f64, step: i64, lo: i64, hi: i64) -> i64 {
        let x = self.lognormal(median, sigma);
        let units = ((x / step as f64).round() as i64 * step).clamp(lo, hi);
        units * 100
    }

    /// Poisson count with mean `lambda` (Knuth's method; the means used here are small).
    pub(crate) fn poisson(&mut self, lambda: f64) -> u32 {
        if lambda <= 0.0 {
            return 0;
        }
        let l = (-lambda).exp();
        let mut k = 0;
        let mut p = 1.0;
        loop {
            p *= self.f64();
            if p <= l {
                return k;
            }
            k += 1;
        }
    }

    /// Fisher–Yates shuffle.
    pub(crate) fn shuffle<T>(&mut self, xs: &mut [T]) {
        for i in (1..xs.len()).rev() {
            let j = self.below(i + 1);
            xs.swap(i, j);
        }
    }
}
