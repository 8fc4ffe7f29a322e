//! How big the world is and what is hidden in it: size presets and explicit knobs.

use std::fmt;
use std::str::FromStr;

/// A size preset. Each preset is a [`Params`] value; every knob of it can be changed afterwards.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Size {
    /// About seventy people at two banks over six months, one operation: the world of `theseus demo`.
    Demo,
    /// About 100,000 transactions: a few hundred customers at three banks over a year, four operations.
    Small,
    /// About 1 million transactions: a few thousand customers, ten operations.
    Medium,
    /// About 10 million transactions: tens of thousands of customers, twenty-four operations.
    Large,
}

impl Size {
    /// The preset's name, as the command line and the truth file write it.
    pub fn name(self) -> &'static str {
        match self {
            Size::Demo => "demo",
            Size::Small => "small",
            Size::Medium => "medium",
            Size::Large => "large",
        }
    }
}

impl fmt::Display for Size {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Size {
    type Err = String;
    fn from_str(s: &str) -> Result<Size, String> {
        match s.to_ascii_lowercase().as_str() {
            "demo" => Ok(Size::Demo),
            "small" => Ok(Size::Small),
            "medium" => Ok(Size::Medium),
            "large" => Ok(Size::Large),
            other => Err(format!("unknown size '{other}' (expected demo, small, medium or large)")),
        }
    }
}

/// The kinds of trafficking operation the simulator injects.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OperationKind {
    /// Sexual exploitation advertised online: ads, hotel stays, night rides, a funnel account.
    SexualExploitation,
    /// Labour exploitation (construction, agriculture, cleaning, care): wages paid and taken back, debts,
    /// deductions, a front company, many workers at one address.
    LabourExploitation,
    /// Forced begging or shoplifting: many small cash deposits collected by a controller.
    ForcedCriminality,
}

impl OperationKind {
    /// As the truth file names it.
    pub fn name(self) -> &'static str {
        match self {
            OperationKind::SexualExploitation => "sexual_exploitation",
            OperationKind::LabourExploitation => "labour_exploitation",
            OperationKind::ForcedCriminality => "forced_criminality",
        }
    }
}

/// One operation to hide in the world.
#[derive(Debug, Clone, PartialEq)]
pub struct OperationSpec {
    /// What kind of exploitation.
    pub kind: OperationKind,
    /// Number of victims (at least 1).
    pub victims: usize,
    /// How much of its activity the operation leaves in the evidence, from 0.1 (careful: cash handed over in
    /// person, prepaid cards for ads, burner phones, no shared devices) to 1.0 (every trace the typology
    /// describes). Values are clamped to that range.
    pub trace: f64,
    /// An organised group (recruiter, transporter, front business, beneficiary…) rather than a lone
    /// exploiter.
    pub organised: bool,
}

impl OperationSpec {
    /// An operation of `kind` with `victims` victims, organised from three victims on, leaving every trace.
    pub fn new(kind: OperationKind, victims: usize) -> OperationSpec {
        OperationSpec { kind, victims: victims.max(1), trace: 1.0, organised: victims >= 3 }
    }

    /// The same operation with a trace level.
    pub fn with_trace(mut self, trace: f64) -> OperationSpec {
        self.trace = trace.clamp(0.1, 1.0);
        self
    }
}

/// Everything that sizes and shapes a world. Start from a preset ([`Params::demo`], [`Params::small`],
/// [`Params::medium`], [`Params::large`] or [`Params::preset`]) and change knobs as needed.
#[derive(Debug, Clone, PartialEq)]
pub struct Params {
    /// The preset this started from; written into the truth file.
    pub size: Size,
    /// Ordinary bank customers (people with an everyday account at one of the evidence banks). Operation
    /// members, hard negatives, relatives and counterparties come on top.
    pub persons: usize,
    /// Length of the period in whole months from 1 January 2026 (1–36).
    pub months: u32,
    /// Scale on everyday activity (card payments and cash per customer); 1.0 is the documented average.
    pub activity: f64,
    /// Whether the third bank (Danube Savings, Austria) is in the evidence.
    pub danube: bool,
    /// The operations to inject, in order (operation ids `op-0001`… follow this order).
    pub operations: Vec<OperationSpec>,
    /// How many instances of each hard-negative type (hotel, spa, cash business, night-shift worker,
    /// traveller, independent advertiser, seasonal labour agency, family, remitters).
    pub hard_negatives: usize,
}

impl Params {
    /// The preset for a size.
    pub fn preset(size: Size) -> Params {
        match size {
            Size::Demo => Params::demo(),
            Size::Small => Params::small(),
            Size::Medium => Params::medium(),
            Size::Large => Params::large(),
        }
    }

    /// The demo world: 23 ordinary customers at Nordbank and Harbour Bank, six months, one organised
    /// sexual-exploitation operation with four victims, one of each hard negative.
    pub fn demo() -> Params {
        use OperationKind::*;
        Params {
            size: Size::Demo,
            persons: 23,
            months: 6,
            activity: 0.4,
            danube: false,
            operations: vec![OperationSpec::new(SexualExploitation, 4)],
            hard_negatives: 1,
        }
    }

    /// About 100,000 transactions: 240 customers, twelve months, four operations (a lone sexual exploiter
    /// with two victims, an organised sexual-exploitation group, a labour-exploitation ring in construction,
    /// a forced-begging group), two of each hard negative.
    pub fn small() -> Params {
        use OperationKind::*;
        Params {
            size: Size::Small,
            persons: 240,
            months: 12,
            activity: 1.0,
            danube: true,
            operations: vec![
                OperationSpec::new(SexualExploitation, 2),
                OperationSpec::new(SexualExploitation, 5).with_trace(0.6),
                OperationSpec::new(LabourExploitation, 8),
                OperationSpec::new(ForcedCriminality, 5),
            ],
            hard_negatives: 2,
        }
    }

    /// About 1 million transactions: 2,600 customers, twelve months, ten operations of all kinds and sizes
    /// (three of them careful), four of each hard negative.
    pub fn medium() -> Params {
        use OperationKind::*;
        Params {
            size: Size::Medium,
            persons: 2_600,
            months: 12,
            activity: 1.0,
            danube: true,
            operations: vec![
                OperationSpec::new(SexualExploitation, 1),
                OperationSpec::new(SexualExploitation, 3),
                OperationSpec::new(SexualExploitation, 6),
                OperationSpec::new(SexualExploitation, 8).with_trace(0.4),
                OperationSpec::new(LabourExploitation, 12),
                OperationSpec::new(LabourExploitation, 20).with_trace(0.5),
                OperationSpec::new(LabourExploitation, 5),
                OperationSpec::new(ForcedCriminality, 6),
                OperationSpec::new(ForcedCriminality, 3),
                OperationSpec::new(ForcedCriminality, 9).with_trace(0.5),
            ],
            hard_negatives: 4,
        }
    }

    /// About 10 million transactions: 26,000 customers, twelve months, twenty-four operations, ten of each
    /// hard negative.
    pub fn large() -> Params {
        let mut p = Params::medium();
        p.size = Size::Large;
        p.persons = 26_000;
        p.hard_negatives = 10;
        p.operations = Params::mix(10, 8, 6);
        p
    }

    /// A mix of operations of each kind with varied sizes and trace levels (deterministic): every third
    /// operation of a kind is careful, sizes cycle from a lone exploiter to large groups.
    pub fn mix(sexual: usize, labour: usize, criminality: usize) -> Vec<OperationSpec> {
        use OperationKind::*;
        let mut out = vec![];
        let sex_sizes = [1, 4, 2, 7, 3, 10, 5, 12];
        let labour_sizes = [6, 15, 4, 25, 10, 40, 8];
        let crim_sizes = [4, 8, 3, 12, 6];
        let trace = |i: usize| if i % 3 == 2 { 0.4 + 0.1 * (i % 4) as f64 } else { 1.0 };
        for i in 0..sexual {
            out.push(OperationSpec::new(SexualExploitation, sex_sizes[i % sex_sizes.len()]).with_trace(trace(i)));
        }
        for i in 0..labour {
            out.push(OperationSpec::new(LabourExploitation, labour_sizes[i % labour_sizes.len()]).with_trace(trace(i)));
        }
        for i in 0..criminality {
            out.push(OperationSpec::new(ForcedCriminality, crim_sizes[i % crim_sizes.len()]).with_trace(trace(i)));
        }
        out
    }
}
