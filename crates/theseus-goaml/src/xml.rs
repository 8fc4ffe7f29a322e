//! A report as a small element tree, checked against the schema before it is written out as XML text.

use std::fmt::Write as _;

/// One element: a name, text for simple values, children for complex ones.
#[derive(Debug, Clone, Default)]
pub(crate) struct Node {
    /// Element name.
    pub name: String,
    /// Text content of a simple-typed element.
    pub text: Option<String>,
    /// Free text (names, descriptions, narrative) that the check may transliterate or shorten to fit the
    /// schema; any other value (codes, ids, amounts, dates) must fit as it is or the report is refused.
    pub free: bool,
    /// Child elements, in schema order.
    pub children: Vec<Node>,
}

impl Node {
    /// An element with children to come.
    pub fn new(name: &str) -> Node {
        Node { name: name.to_string(), ..Default::default() }
    }

    /// Appends an element holding an exact value (a code, id, amount or date).
    pub fn value(&mut self, name: &str, text: impl Into<String>) -> &mut Self {
        self.children.push(Node { name: name.to_string(), text: Some(clean(&text.into())), ..Default::default() });
        self
    }

    /// Appends an element holding free text.
    pub fn text(&mut self, name: &str, text: impl Into<String>) -> &mut Self {
        self.children.push(Node {
            name: name.to_string(),
            text: Some(clean(&text.into())),
            free: true,
            ..Default::default()
        });
        self
    }

    /// Appends free text when there is some.
    pub fn text_opt(&mut self, name: &str, text: Option<&str>) -> &mut Self {
        if let Some(t) = text.map(str::trim).filter(|t| !t.is_empty()) {
            self.text(name, t);
        }
        self
    }

    /// Appends a child element.
    pub fn child(&mut self, node: Node) -> &mut Self {
        self.children.push(node);
        self
    }

    /// The document: an XML declaration and the tree, indented by two spaces.
    pub fn to_xml(&self) -> String {
        let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        self.write(&mut out, 0);
        out
    }

    fn write(&self, out: &mut String, depth: usize) {
        let pad = "  ".repeat(depth);
        match (&self.text, self.children.is_empty()) {
            (Some(t), true) => {
                let _ = writeln!(out, "{pad}<{0}>{1}</{0}>", self.name, escape(t));
            }
            (None, true) => {
                let _ = writeln!(out, "{pad}<{0}/>", self.name);
            }
            _ => {
                let _ = writeln!(out, "{pad}<{}>", self.name);
                for c in &self.children {
                    c.write(out, depth + 1);
                }
                let _ = writeln!(out, "{pad}</{}>", self.name);
            }
        }
    }
}

/// Replaces characters XML 1.0 cannot carry (controls other than tab, newline, carriage return).
fn clean(s: &str) -> String {
    s.chars().map(|c| if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') { ' ' } else { c }).collect()
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            // A carriage return would be normalised away by a parser; keep it as a reference.
            '\r' => out.push_str("&#13;"),
            c => out.push(c),
        }
    }
    out
}
