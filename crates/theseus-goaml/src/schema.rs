//! An FIU's goAML XSD as data: its code lists, the facets of every element reachable from `report`, and its
//! patterns read the way the FIU's .NET validator reads them.
//!
//! goAML schemas are distributed by each FIU to its reporting entities and differ per FIU (code lists, lengths,
//! patterns, which elements exist). They are read at run time, never copied: the exporter writes what the
//! schema at hand allows and checks every value against it before a report leaves the library.

use std::collections::{BTreeMap, HashMap};
use std::str::FromStr;

use regex::Regex;
use rust_decimal::Decimal;

use crate::Error;
use crate::xml::Node;

const XS: &str = "http://www.w3.org/2001/XMLSchema";
const GOAML: &str = "http://www.unodc.org/goaml";

/// One code list of the schema: a named simple type with an enumeration, each code with its description
/// (the `xs:documentation`, or the XML comment some FIUs write instead).
#[derive(Debug, Clone, Default)]
pub struct CodeList {
    /// Code → description (empty when the schema gives none).
    pub codes: BTreeMap<String, String>,
}

impl CodeList {
    /// Whether the list holds the code.
    pub fn contains(&self, code: &str) -> bool {
        self.codes.contains_key(code)
    }

    /// Number of codes.
    pub fn len(&self) -> usize {
        self.codes.len()
    }

    /// Whether the list is empty.
    pub fn is_empty(&self) -> bool {
        self.codes.is_empty()
    }
}

/// The built-in type a simple type restricts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Base {
    #[default]
    String,
    Int,
    Decimal,
    DateTime,
    Boolean,
}

/// A pattern facet: as written, as the .NET validator reads it, and compiled when the regex engine can.
#[derive(Debug, Clone)]
struct Pattern {
    written: String,
    re: Option<Regex>,
}

/// The facets of a simple type, accumulated along its derivation.
#[derive(Debug, Clone, Default)]
struct Facets {
    /// The named simple type, for messages.
    name: Option<String>,
    base: Base,
    enumeration: Option<Vec<String>>,
    /// Groups of patterns: a value must match one pattern of every group (patterns of one derivation step
    /// are alternatives, steps are all required).
    patterns: Vec<Vec<Pattern>>,
    min_length: Option<usize>,
    max_length: Option<usize>,
    min_inclusive: Option<String>,
    max_inclusive: Option<String>,
    fraction_digits: Option<usize>,
}

#[derive(Debug, Clone)]
enum Kind {
    Simple(Box<Facets>),
    Complex(usize),
}

#[derive(Debug, Clone)]
struct Decl {
    kind: Kind,
    /// `goaml:supportedIn`: the schema version from which the FIU accepts the element.
    supported_in: Option<String>,
    /// Required in every valid instance (on a path of sequences with minOccurs ≥ 1).
    required: bool,
}

#[derive(Debug, Clone, Default)]
struct Complex {
    /// Child element declarations in schema order; a name can be declared more than once (in different
    /// branches of a choice).
    children: Vec<(String, Decl)>,
    /// For simple content (`xs:simpleContent`), the facets of the text.
    text: Option<Box<Facets>>,
}

/// A loaded goAML schema.
#[derive(Debug)]
pub struct Schema {
    version: Option<String>,
    root: Vec<(String, Decl)>,
    complex: Vec<Complex>,
    codes: BTreeMap<String, CodeList>,
    unchecked: Vec<String>,
}

/// What the check of a report found, and what was adjusted to fit.
#[derive(Debug, Default)]
pub(crate) struct Checked {
    /// Values that do not satisfy the schema.
    pub violations: Vec<String>,
    /// Free-text values changed to fit (transliterated to the allowed characters, shortened).
    pub adjustments: Vec<String>,
}

impl Schema {
    /// Reads a goAML XSD. Fails when the text is not an XSD with a `report` element.
    pub fn parse(xsd: &str) -> Result<Schema, Error> {
        let doc = roxmltree::Document::parse_with_options(
            xsd,
            roxmltree::ParsingOptions { allow_dtd: true, ..Default::default() },
        )
        .map_err(|e| Error::User(format!("the goAML schema is not readable XML: {e}")))?;
        let top = doc.root_element();
        if !is_xs(top, "schema") {
            return Err(Error::User("the goAML schema file is not an XML Schema (no xs:schema root)".into()));
        }
        let mut b = Builder { simple_nodes: HashMap::new(), complex_nodes: HashMap::new(), ..Default::default() };
        for c in top.children().filter(|n| n.is_element()) {
            if let Some(name) = c.attribute("name") {
                if is_xs(c, "simpleType") {
                    b.simple_nodes.insert(name.to_string(), c);
                } else if is_xs(c, "complexType") {
                    b.complex_nodes.insert(name.to_string(), c);
                }
            }
        }
        let mut codes = BTreeMap::new();
        for (name, node) in &b.simple_nodes {
            let list = code_list(*node);
            if !list.is_empty() {
                codes.insert(name.clone(), list);
            }
        }
        let mut root = Vec::new();
        for c in top.children().filter(|n| is_xs(*n, "element")) {
            let decl = b.element(c, true)?;
            root.push((c.attribute("name").unwrap_or_default().to_string(), decl));
        }
        if !root.iter().any(|(n, _)| n == "report") {
            return Err(Error::User("the goAML schema declares no `report` element".into()));
        }
        b.drain()?;
        let mut unchecked = std::mem::take(&mut b.unchecked);
        unchecked.sort();
        unchecked.dedup();
        Ok(Schema {
            version: top.attribute((GOAML, "schemaVersion")).map(str::to_string),
            root,
            complex: b.complex,
            codes,
            unchecked,
        })
    }

    /// The FIU's schema version (`goaml:schemaVersion`), when the schema states one.
    pub fn version(&self) -> Option<&str> {
        self.version.as_deref()
    }

    /// A code list by the name of its simple type, e.g. `report_indicator_type`.
    pub fn codes(&self, type_name: &str) -> Option<&CodeList> {
        self.codes.get(type_name)
    }

    /// Patterns this library cannot compile and so does not check itself (the FIU's validator still does).
    pub fn patterns_not_checked(&self) -> Vec<String> {
        self.unchecked.clone()
    }

    /// Whether an element at `path` (names from `report` down, e.g. `["report", "reason"]`) is declared. The
    /// first declaration of each name is followed.
    pub fn declares(&self, path: &[&str]) -> bool {
        self.decl_at(path).is_some()
    }

    /// The maximum length of a simple-typed element at `path`, when the schema limits it.
    pub fn max_length(&self, path: &[&str]) -> Option<usize> {
        match &self.decl_at(path)?.kind {
            Kind::Simple(f) => f.max_length,
            Kind::Complex(i) => self.complex[*i].text.as_ref()?.max_length,
        }
    }

    fn decl_at(&self, path: &[&str]) -> Option<&Decl> {
        let (first, rest) = path.split_first()?;
        let mut decl = self.root.iter().find(|(n, _)| n == first).map(|(_, d)| d)?;
        for name in rest {
            let Kind::Complex(i) = decl.kind else { return None };
            decl = self.complex[i].children.iter().find(|(n, _)| n == name).map(|(_, d)| d)?;
        }
        Some(decl)
    }

    /// Checks a report tree against the schema: every element declared where it stands and accepted by this
    /// schema version, every required child present, every value within its type's facets. Free-text values
    /// that do not fit are first adjusted (transliterated to the characters a pattern allows, shortened to the
    /// maximum length) and the adjustment recorded.
    pub(crate) fn check(&self, root: &mut Node) -> Checked {
        let mut out = Checked::default();
        match self.root.iter().find(|(n, _)| *n == root.name).map(|(_, d)| d.clone()) {
            Some(d) => self.walk(root, &d, &root.name.clone(), &mut out),
            None => out.violations.push(format!("<{}> is not a root element of the schema", root.name)),
        }
        out
    }

    fn walk(&self, node: &mut Node, decl: &Decl, path: &str, out: &mut Checked) {
        if let (Some(since), Some(version)) = (&decl.supported_in, &self.version)
            && version_lt(version, since)
        {
            out.violations.push(format!("{path}: supported only from schema {since}, this schema is {version}"));
        }
        match &decl.kind {
            Kind::Simple(f) => {
                if !node.children.is_empty() {
                    out.violations.push(format!("{path}: a simple value cannot have child elements"));
                }
                self.leaf(node, f, path, out);
            }
            Kind::Complex(i) => {
                let ct = &self.complex[*i];
                if let Some(f) = &ct.text {
                    self.leaf(node, f, path, out);
                } else if node.text.as_deref().is_some_and(|t| !t.trim().is_empty()) {
                    out.violations.push(format!("{path}: element content expected, found text"));
                }
                for (name, d) in &ct.children {
                    if d.required && !node.children.iter().any(|c| c.name == *name) {
                        out.violations.push(format!("{path}: required <{name}> missing"));
                    }
                }
                for child in &mut node.children {
                    let cpath = format!("{path}/{}", child.name);
                    let alternatives: Vec<&Decl> =
                        ct.children.iter().filter(|(n, _)| *n == child.name).map(|(_, d)| d).collect();
                    match alternatives.as_slice() {
                        [] => out.violations.push(format!("{cpath}: not declared in the schema here")),
                        [d] => self.walk(child, d, &cpath, out),
                        many => {
                            // The same name declared twice: accept the first alternative that fits.
                            let mut best: Option<Checked> = None;
                            for d in many {
                                let mut trial = child.clone();
                                let mut c = Checked::default();
                                self.walk(&mut trial, d, &cpath, &mut c);
                                if c.violations.is_empty() {
                                    *child = trial;
                                    best = Some(c);
                                    break;
                                }
                                if best.as_ref().is_none_or(|b| c.violations.len() < b.violations.len()) {
                                    best = Some(c);
                                }
                            }
                            if let Some(c) = best {
                                out.violations.extend(c.violations);
                                out.adjustments.extend(c.adjustments);
                            }
                        }
                    }
                }
            }
        }
    }

    fn leaf(&self, node: &mut Node, f: &Facets, path: &str, out: &mut Checked) {
        let value = node.text.clone().unwrap_or_default();
        if node.free
            && let Err(first) = check_value(f, &value)
            && let Some(fitted) = fit(f, &value)
            && check_value(f, &fitted).is_ok()
        {
            out.adjustments.push(format!("{path}: {first}; written as '{}'", preview(&fitted)));
            node.text = Some(fitted);
            return;
        }
        if let Err(e) = check_value(f, &value) {
            out.violations.push(format!("{path}: {e}"));
        }
    }
}

fn preview(s: &str) -> String {
    if s.chars().count() > 60 { format!("{}...", s.chars().take(60).collect::<String>()) } else { s.to_string() }
}

/// Compares dotted version numbers.
fn version_lt(a: &str, b: &str) -> bool {
    let parse = |s: &str| s.split('.').map(|p| p.parse::<u32>().unwrap_or(0)).collect::<Vec<_>>();
    parse(a) < parse(b)
}

/// Checks one value against a type's facets.
fn check_value(f: &Facets, v: &str) -> Result<(), String> {
    let type_name = f.name.as_deref().map(|n| format!(" ({n})")).unwrap_or_default();
    if let Some(list) = &f.enumeration
        && !list.iter().any(|c| c == v)
    {
        return Err(format!("'{}' is not a code of the schema's list{type_name}", preview(v)));
    }
    let n = v.chars().count();
    if let Some(min) = f.min_length
        && n < min
    {
        return Err(format!("'{}' is shorter than {min} characters{type_name}", preview(v)));
    }
    if let Some(max) = f.max_length
        && n > max
    {
        return Err(format!("{n} characters, more than the {max} allowed{type_name}"));
    }
    for group in &f.patterns {
        let checked: Vec<&Regex> = group.iter().filter_map(|p| p.re.as_ref()).collect();
        // A group whose patterns this regex engine cannot compile is not checked here (xmllint tests cover it).
        if checked.len() == group.len() && !checked.iter().any(|re| re.is_match(v)) {
            let written: Vec<&str> = group.iter().map(|p| p.written.as_str()).collect();
            return Err(format!("'{}' does not match the pattern {}{type_name}", preview(v), written.join(" | ")));
        }
    }
    match f.base {
        Base::String => {}
        Base::Boolean => {
            if !matches!(v, "true" | "false" | "1" | "0") {
                return Err(format!("'{v}' is not a boolean"));
            }
        }
        Base::Int => {
            let x: i64 = v.parse().map_err(|_| format!("'{v}' is not an integer"))?;
            if i32::try_from(x).is_err() {
                return Err(format!("'{v}' is out of range for xs:int"));
            }
            let bound = |b: &Option<String>| b.as_deref().and_then(|b| b.parse::<i64>().ok());
            if bound(&f.min_inclusive).is_some_and(|m| x < m) || bound(&f.max_inclusive).is_some_and(|m| x > m) {
                return Err(format!("{v} is out of the allowed range{type_name}"));
            }
        }
        Base::Decimal => {
            if v.contains(['e', 'E']) || v.starts_with('+') {
                return Err(format!("'{v}' is not an xs:decimal"));
            }
            let x = Decimal::from_str(v).map_err(|_| format!("'{v}' is not a decimal number"))?;
            let bound = |b: &Option<String>| b.as_deref().and_then(|b| Decimal::from_str(b).ok());
            if bound(&f.min_inclusive).is_some_and(|m| x < m) || bound(&f.max_inclusive).is_some_and(|m| x > m) {
                return Err(format!("{v} is out of the allowed range{type_name}"));
            }
            if let Some(d) = f.fraction_digits
                && v.split_once('.').is_some_and(|(_, frac)| frac.len() > d)
            {
                return Err(format!("{v} has more than {d} decimals{type_name}"));
            }
        }
        Base::DateTime => {
            let t = parse_datetime(v).ok_or_else(|| format!("'{v}' is not a date-time (YYYY-MM-DDThh:mm:ss)"))?;
            if let Some(min) = f.min_inclusive.as_deref().and_then(parse_datetime)
                && t < min
            {
                return Err(format!("{v} is before {min}, the earliest the schema allows"));
            }
        }
    }
    Ok(())
}

fn parse_datetime(v: &str) -> Option<chrono::NaiveDateTime> {
    chrono::NaiveDateTime::parse_from_str(v, "%Y-%m-%dT%H:%M:%S%.f").ok()
}

/// Makes a free-text value fit: characters a single-character match of the pattern refuses are transliterated
/// to ASCII and, failing that, replaced by a space; the value is then shortened to the maximum length.
fn fit(f: &Facets, v: &str) -> Option<String> {
    let mut s = v.to_string();
    let res: Vec<&Regex> = f.patterns.iter().flatten().filter_map(|p| p.re.as_ref()).collect();
    if !res.is_empty() {
        let allowed = |c: char| res.iter().all(|re| re.is_match(&c.to_string()));
        let mut t = String::new();
        for c in s.chars() {
            if allowed(c) {
                t.push(c);
            } else {
                for a in any_ascii::any_ascii_char(c).chars() {
                    t.push(if allowed(a) { a } else { ' ' });
                }
            }
        }
        s = t.split_whitespace().collect::<Vec<_>>().join(" ");
    }
    if let Some(max) = f.max_length
        && s.chars().count() > max
    {
        let cut = max.saturating_sub(3);
        s = format!("{}...", s.chars().take(cut).collect::<String>().trim_end());
    }
    (s != v).then_some(s)
}

#[derive(Default)]
struct Builder<'a, 'i> {
    simple_nodes: HashMap<String, roxmltree::Node<'a, 'i>>,
    complex_nodes: HashMap<String, roxmltree::Node<'a, 'i>>,
    simple_done: HashMap<String, Facets>,
    complex_index: HashMap<String, usize>,
    complex: Vec<Complex>,
    parsed: Vec<bool>,
    pending: Vec<String>,
    unchecked: Vec<String>,
}

impl<'a, 'i> Builder<'a, 'i> {
    /// A named simple type, resolved along its derivation.
    fn simple(&mut self, name: &str, depth: usize) -> Result<Facets, Error> {
        if let Some(f) = self.simple_done.get(name) {
            return Ok(f.clone());
        }
        let node = *self.simple_nodes.get(name).ok_or_else(|| Error::User(format!("unknown type '{name}'")))?;
        let mut f = self.simple_type(node, depth + 1)?;
        f.name = Some(name.to_string());
        self.simple_done.insert(name.to_string(), f.clone());
        Ok(f)
    }

    /// The facets of a type referenced by name: built-in `xs:` types or named simple types.
    fn type_ref(&mut self, qname: &str, depth: usize) -> Result<Option<Facets>, Error> {
        if depth > 32 {
            return Err(Error::User(format!("type '{qname}' derives from itself")));
        }
        let local = qname.rsplit(':').next().unwrap_or(qname);
        if qname.contains(':') || !self.simple_nodes.contains_key(local) {
            let base = match local {
                "int" | "integer" | "long" | "short" | "byte" | "nonNegativeInteger" | "positiveInteger" => {
                    Some(Base::Int)
                }
                "decimal" | "double" | "float" => Some(Base::Decimal),
                "dateTime" => Some(Base::DateTime),
                "boolean" => Some(Base::Boolean),
                "string" | "normalizedString" | "token" | "anyType" | "anySimpleType" => Some(Base::String),
                _ if self.complex_nodes.contains_key(local) => return Ok(None),
                _ => Some(Base::String),
            };
            return Ok(base.map(|base| Facets { base, ..Default::default() }));
        }
        self.simple(local, depth).map(Some)
    }

    fn simple_type(&mut self, node: roxmltree::Node<'a, 'i>, depth: usize) -> Result<Facets, Error> {
        let Some(r) = node.children().find(|c| is_xs(*c, "restriction")) else {
            // Lists and unions are not used by goAML report schemas; their values are read as strings.
            return Ok(Facets::default());
        };
        let mut f = match r.attribute("base") {
            Some(b) => self.type_ref(b, depth)?.unwrap_or_default(),
            None => match r.children().find(|c| is_xs(*c, "simpleType")) {
                Some(inner) => self.simple_type(inner, depth + 1)?,
                None => Facets::default(),
            },
        };
        f.name = None;
        self.unchecked.extend(restrict(&mut f, r));
        Ok(f)
    }

    fn complex_ref(&mut self, name: &str) -> usize {
        if let Some(&i) = self.complex_index.get(name) {
            return i;
        }
        let i = self.complex.len();
        self.complex.push(Complex::default());
        self.parsed.push(false);
        self.complex_index.insert(name.to_string(), i);
        self.pending.push(name.to_string());
        i
    }

    fn ensure_parsed(&mut self, name: &str) -> Result<usize, Error> {
        let i = self.complex_ref(name);
        if !self.parsed[i] {
            self.parsed[i] = true;
            let node =
                *self.complex_nodes.get(name).ok_or_else(|| Error::User(format!("unknown complex type '{name}'")))?;
            let ct = self.complex_type(node)?;
            self.complex[i] = ct;
        }
        Ok(i)
    }

    fn drain(&mut self) -> Result<(), Error> {
        while let Some(name) = self.pending.pop() {
            self.ensure_parsed(&name)?;
        }
        Ok(())
    }

    fn element(&mut self, e: roxmltree::Node<'a, 'i>, ctx_required: bool) -> Result<Decl, Error> {
        let required = ctx_required && e.attribute("minOccurs") != Some("0");
        let supported_in = e.attribute((GOAML, "supportedIn")).map(str::to_string);
        let kind = if let Some(t) = e.attribute("type") {
            match self.type_ref(t, 0)? {
                Some(f) => Kind::Simple(Box::new(f)),
                None => Kind::Complex(self.complex_ref(t.rsplit(':').next().unwrap_or(t))),
            }
        } else if let Some(st) = e.children().find(|c| is_xs(*c, "simpleType")) {
            Kind::Simple(Box::new(self.simple_type(st, 0)?))
        } else if let Some(ct) = e.children().find(|c| is_xs(*c, "complexType")) {
            let c = self.complex_type(ct)?;
            self.complex.push(c);
            self.parsed.push(true);
            Kind::Complex(self.complex.len() - 1)
        } else {
            Kind::Simple(Box::default())
        };
        Ok(Decl { kind, supported_in, required })
    }

    fn complex_type(&mut self, node: roxmltree::Node<'a, 'i>) -> Result<Complex, Error> {
        let mut ct = Complex::default();
        for c in node.children().filter(|n| n.is_element()) {
            if is_xs(c, "simpleContent") {
                if let Some(ext) = c.children().find(|x| is_xs(*x, "extension") || is_xs(*x, "restriction")) {
                    let mut f = match ext.attribute("base") {
                        Some(b) => self.type_ref(b, 0)?.unwrap_or_default(),
                        None => Facets::default(),
                    };
                    self.unchecked.extend(restrict(&mut f, ext));
                    ct.text = Some(Box::new(f));
                }
            } else if is_xs(c, "complexContent") {
                if let Some(ext) = c.children().find(|x| is_xs(*x, "extension")) {
                    if let Some(base) = ext.attribute("base") {
                        let local = base.rsplit(':').next().unwrap_or(base);
                        let i = self.ensure_parsed(local)?;
                        ct.children.extend(self.complex[i].children.clone());
                    }
                    self.particles(ext, true, &mut ct)?;
                }
            } else {
                self.particle(c, true, &mut ct)?;
            }
        }
        Ok(ct)
    }

    fn particles(&mut self, parent: roxmltree::Node<'a, 'i>, required: bool, ct: &mut Complex) -> Result<(), Error> {
        for c in parent.children().filter(|n| n.is_element()) {
            self.particle(c, required, ct)?;
        }
        Ok(())
    }

    fn particle(&mut self, c: roxmltree::Node<'a, 'i>, required: bool, ct: &mut Complex) -> Result<(), Error> {
        if is_xs(c, "element") {
            let name = c.attribute("name").unwrap_or_default().to_string();
            let d = self.element(c, required)?;
            ct.children.push((name, d));
        } else if is_xs(c, "sequence") || is_xs(c, "all") {
            self.particles(c, required && c.attribute("minOccurs") != Some("0"), ct)?;
        } else if is_xs(c, "choice") {
            self.particles(c, false, ct)?;
        }
        Ok(())
    }
}

/// Applies the facets of one restriction step; returns the patterns that could not be compiled.
fn restrict(f: &mut Facets, r: roxmltree::Node<'_, '_>) -> Vec<String> {
    let mut unchecked = Vec::new();
    let mut enumeration = Vec::new();
    let mut patterns = Vec::new();
    for c in r.children().filter(|n| n.is_element() && n.tag_name().namespace() == Some(XS)) {
        let v = c.attribute("value").unwrap_or_default();
        match c.tag_name().name() {
            "enumeration" => enumeration.push(v.to_string()),
            "pattern" => {
                let read = dotnet_read(v);
                let re = Regex::new(&format!("^(?:{})$", rust_regex(&read))).ok();
                if re.is_none() {
                    unchecked.push(v.to_string());
                }
                patterns.push(Pattern { written: v.to_string(), re });
            }
            "minLength" => f.min_length = v.parse().ok(),
            "maxLength" => f.max_length = v.parse().ok(),
            "length" => {
                f.min_length = v.parse().ok();
                f.max_length = v.parse().ok();
            }
            "minInclusive" => f.min_inclusive = Some(v.to_string()),
            "maxInclusive" => f.max_inclusive = Some(v.to_string()),
            "fractionDigits" => f.fraction_digits = v.parse().ok(),
            _ => {}
        }
    }
    if !enumeration.is_empty() {
        f.enumeration = Some(enumeration);
    }
    if !patterns.is_empty() {
        f.patterns.push(patterns);
    }
    unchecked
}

fn code_list(node: roxmltree::Node<'_, '_>) -> CodeList {
    let mut list = CodeList::default();
    let Some(r) = node.children().find(|c| is_xs(*c, "restriction")) else { return list };
    for e in r.children().filter(|c| is_xs(*c, "enumeration")) {
        let Some(code) = e.attribute("value") else { continue };
        let doc = e
            .descendants()
            .find(|d| is_xs(*d, "documentation"))
            .and_then(|d| d.text())
            .or_else(|| e.children().find(|c| c.is_comment()).and_then(|c| c.text()))
            .unwrap_or_default();
        list.codes.insert(code.to_string(), doc.split_whitespace().collect::<Vec<_>>().join(" "));
    }
    list
}

fn is_xs(n: roxmltree::Node<'_, '_>, name: &str) -> bool {
    n.is_element() && n.tag_name().name() == name && n.tag_name().namespace() == Some(XS)
}

/// Rewrites every `pattern` facet of an XSD the way the FIU's .NET validator reads it, so that a W3C XSD
/// validator (xmllint, xmlschema) accepts and rejects what the FIU accepts and rejects. The rest of the text
/// is left byte for byte.
///
/// The FIUs write .NET regular expressions: `^` and `$` are anchors there (literal characters under W3C
/// rules, where every pattern is anchored anyway), so they are dropped; a `-` inside a character class that
/// cannot be a range (`[_a-zA-Z0-9-+]`) is a literal hyphen for .NET and is escaped; escapes of characters
/// that need none (`\/`) become the plain character.
pub fn dotnet_patterns(xsd: &str) -> String {
    let attr = Regex::new(r#"(<(?:[A-Za-z_][\w.-]*:)?pattern\b[^>]*?\bvalue\s*=\s*)(?:"([^"]*)"|'([^']*)')"#)
        .expect("valid regex");
    attr.replace_all(xsd, |c: &regex::Captures<'_>| {
        let (raw, quote) = match (c.get(2), c.get(3)) {
            (Some(v), _) => (v.as_str(), '"'),
            (None, Some(v)) => (v.as_str(), '\''),
            (None, None) => ("", '"'),
        };
        let read = dotnet_read(&xml_unescape(raw));
        format!("{}{quote}{}{quote}", &c[1], xml_escape_attr(&read, quote))
    })
    .into_owned()
}

/// One pattern as the .NET validator reads it, written as a W3C XSD regular expression.
pub(crate) fn dotnet_read(p: &str) -> String {
    // Characters W3C XSD allows after a backslash outside and inside classes (single-character escapes and
    // class escapes); any other escaped punctuation is a literal in .NET.
    const XSD_SINGLE: &str = "nrt\\|.?*+(){}-[]^";
    const CLASS_ESC: &str = "sSiIcCdDwWpP";
    let chars: Vec<char> = p.chars().collect();
    let mut out = String::with_capacity(p.len() + 4);
    let mut i = 0;
    let mut depth = 0usize;
    // Inside a class: whether the previous item can start a range (a single character).
    let mut prev_single = false;
    let mut class_start = false;
    while i < chars.len() {
        let c = chars[i];
        if c == '\\' && i + 1 < chars.len() {
            let e = chars[i + 1];
            let mut consumed = 2;
            if XSD_SINGLE.contains(e) || e.is_alphanumeric() {
                out.push(c);
                out.push(e);
                if (e == 'p' || e == 'P') && chars.get(i + 2) == Some(&'{') {
                    while i + consumed < chars.len() {
                        out.push(chars[i + consumed]);
                        consumed += 1;
                        if chars[i + consumed - 1] == '}' {
                            break;
                        }
                    }
                }
                prev_single = !CLASS_ESC.contains(e);
            } else {
                out.push(e);
                prev_single = true;
            }
            class_start = false;
            i += consumed;
            continue;
        }
        if depth == 0 {
            match c {
                '^' | '$' => {}
                '[' => {
                    depth = 1;
                    out.push(c);
                    class_start = true;
                    prev_single = false;
                    if chars.get(i + 1) == Some(&'^') {
                        out.push('^');
                        i += 1;
                    }
                }
                _ => out.push(c),
            }
            i += 1;
            continue;
        }
        match c {
            ']' => {
                depth -= 1;
                out.push(c);
                prev_single = false;
            }
            '-' => {
                let next = chars.get(i + 1).copied();
                if next == Some('[') {
                    // Class subtraction, the same in .NET and W3C.
                    out.push('-');
                    out.push('[');
                    depth += 1;
                    i += 2;
                    prev_single = false;
                    class_start = true;
                    continue;
                }
                let range = !class_start
                    && prev_single
                    && next.is_some_and(|n| n != ']')
                    && !(next == Some('\\') && chars.get(i + 2).is_some_and(|e| CLASS_ESC.contains(*e)));
                if range {
                    out.push('-');
                    // The range's upper end is copied as it is written.
                    let n = chars[i + 1];
                    if n == '\\' && i + 2 < chars.len() {
                        out.push('\\');
                        out.push(chars[i + 2]);
                        i += 3;
                    } else {
                        out.push(n);
                        i += 2;
                    }
                    prev_single = false;
                    class_start = false;
                    continue;
                }
                out.push_str("\\-");
                prev_single = false;
            }
            '[' => {
                out.push_str("\\[");
                prev_single = true;
            }
            _ => {
                out.push(c);
                prev_single = true;
            }
        }
        class_start = false;
        i += 1;
    }
    out
}

/// A W3C XSD regular expression in the syntax of the `regex` crate: the characters that are literal in XSD
/// but operators in `regex` (`^`, `$` outside classes; `&`, `~` inside) are escaped.
fn rust_regex(w3c: &str) -> String {
    let mut out = String::with_capacity(w3c.len() + 8);
    let mut depth = 0usize;
    let mut chars = w3c.chars().peekable();
    let mut class_start = false;
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                out.push(c);
                if let Some(e) = chars.next() {
                    out.push(e);
                }
                class_start = false;
                continue;
            }
            '[' => {
                depth += 1;
                out.push(c);
                class_start = true;
                continue;
            }
            ']' if depth > 0 => {
                depth -= 1;
                out.push(c);
            }
            '^' if depth > 0 && class_start => out.push(c),
            '^' | '$' if depth == 0 => {
                out.push('\\');
                out.push(c);
            }
            '&' | '~' if depth > 0 => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
        class_start = false;
    }
    out
}

fn xml_unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(p) = rest.find('&') {
        out.push_str(&rest[..p]);
        let tail = &rest[p..];
        let Some(end) = tail.find(';') else {
            out.push_str(tail);
            return out;
        };
        let ent = &tail[1..end];
        let ch = match ent {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ if ent.starts_with("#x") => u32::from_str_radix(&ent[2..], 16).ok().and_then(char::from_u32),
            _ if ent.starts_with('#') => ent[1..].parse().ok().and_then(char::from_u32),
            _ => None,
        };
        match ch {
            Some(c) => {
                out.push(c);
                rest = &tail[end + 1..];
            }
            None => {
                out.push('&');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn xml_escape_attr(s: &str, quote: char) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '"' if quote == '"' => out.push_str("&quot;"),
            '\'' if quote == '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}
