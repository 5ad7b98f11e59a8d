//! Rates as people read them: a numerator over a denominator, summed before dividing, and shown
//! rounded without ever crossing a threshold the true value misses.

use serde::Serialize;

/// A numerator over a denominator: the only thing that is ever aggregated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Ratio {
    pub num: u64,
    pub den: u64,
}

impl Ratio {
    pub fn new(num: u64, den: u64) -> Ratio {
        Ratio { num, den }
    }

    /// The rate in hundredths of a percent for display, rounded half up as people and spreadsheets
    /// do (150 / 178 = 84,2696… → 84,27 %), except that what is shown never contradicts the
    /// verdict beside it: never up onto 100 % or onto the goal's threshold when the true rate is
    /// below it (97,996 % against ≥ 98 % shows 97,99 %), never down onto 100 % from above it
    /// (a rate above 100 % the plan allows), and never down onto a strict goal's threshold that
    /// the true rate passes (80,004 % against > 80 % shows 80,01 %, not 80,00 %). A boundary is
    /// shown only when the rate is exactly on it or rounds onto it from the side where it
    /// keeps its verdict. `None` when den = 0.
    pub fn display_bp(self, guard: Option<Guard>) -> Option<u64> {
        if self.den == 0 {
            return None;
        }
        let (n, d) = (u128::from(self.num) * 10_000, u128::from(self.den));
        let floor = (n / d) as u64;
        let rem = n % d;
        if rem == 0 {
            return Some(floor);
        }
        let shown = if 2 * rem >= d { floor + 1 } else { floor };
        // The true rate lies strictly between `floor` and `floor + 1`.
        let full = Guard {
            bp: 10_000,
            strict: true,
        };
        for g in std::iter::once(full).chain(guard) {
            if shown != g.bp {
                continue;
            }
            if floor < g.bp {
                return Some(floor);
            }
            if g.strict {
                return Some(g.bp + 1);
            }
        }
        Some(shown)
    }

    /// The rate for display with only 100 % guarded (no goal at hand).
    pub fn rate_bp(self) -> Option<u64> {
        self.display_bp(None)
    }

    /// The rate as a fraction for drawing; `None` when den = 0, and when num > den (a rate above
    /// 100 % is never drawn as a value: a data error, or a warning shown beside the verdict).
    pub fn fraction(self) -> Option<f64> {
        (self.den > 0 && self.num <= self.den).then(|| self.num as f64 / self.den as f64)
    }
}

/// What a displayed rate must not contradict: a goal's threshold in hundredths of a percent, and
/// whether reaching it exactly still misses the goal ("> 80 %"), so that a rate just above it
/// may not be shown on it either.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Guard {
    pub bp: u64,
    pub strict: bool,
}

/// `num / den` in units of `1 / scale`, rounded half up, except that it never rounds up onto a
/// boundary the true value does not reach (a mean of 3,995 shows 3,99 beside "từ 4 trở lên: hài
/// lòng", not 4,00). Boundaries are in the same units (4 → 400 for hundredths). `None` when den = 0.
pub fn round_guarded(num: u64, den: u64, scale: u64, boundaries: &[u64]) -> Option<u64> {
    if den == 0 {
        return None;
    }
    let (n, d) = (u128::from(num) * u128::from(scale), u128::from(den));
    let floor = (n / d) as u64;
    let rem = n % d;
    let up = rem > 0 && 2 * rem >= d;
    Some(if up && !boundaries.contains(&(floor + 1)) {
        floor + 1
    } else {
        floor
    })
}

impl std::ops::Add for Ratio {
    type Output = Ratio;
    fn add(self, o: Ratio) -> Ratio {
        Ratio {
            num: self.num.saturating_add(o.num),
            den: self.den.saturating_add(o.den),
        }
    }
}

impl std::iter::Sum for Ratio {
    fn sum<I: Iterator<Item = Ratio>>(iter: I) -> Ratio {
        iter.fold(Ratio::default(), |a, b| a + b)
    }
}
