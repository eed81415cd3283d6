//! One alert rule file into its alerting rules, with positions.
//!
//! The file is walked as a stream of `yaml-rust2` parser events (JSON is YAML too), with
//! an explicit stack instead of recursion: depth is bounded ([`MAX_DEPTH`]), aliases are
//! never expanded, and the work is linear in the file's size (itself bounded by the
//! loader). The rules are found where each format keeps them:
//!
//! - Prometheus rule files and Grafana's provisioning and export files: `groups[*].rules[*]`;
//! - PrometheusRule manifests (several per file, `---` between them): `spec.groups[*].rules[*]`,
//!   and the same inside a Kubernetes `List`'s `items`;
//! - Grafana's provisioning API list of rules: a top-level list of rules;
//! - one rule group (Grafana's provisioning API and ruler API answer one so): `rules[*]`
//!   at the top;
//! - a ruler API's rules by folder or namespace (Grafana's `/api/ruler/grafana/api/v1/rules`,
//!   Mimir's, Cortex's and Loki's `/api/v1/rules`): `<folder>[*].rules[*]`, where a
//!   Grafana-managed rule keeps its `title` in `grafana_alert` and its `annotations` and
//!   `labels` beside it.

use std::ops::Range;

use yaml_rust2::parser::{Event, Parser};
use yaml_rust2::scanner::TScalarStyle;

use crate::model::alert_rules::{Annotations, Kind, Place, Rule};

/// The deepest nesting of mappings and lists read: rule files need 8.
pub const MAX_DEPTH: usize = 64;

/// The most alerting rules one file may hold.
pub const MAX_RULES: usize = crate::load::yaml::MAX_ITEMS;

/// Why a file could not be read, and where (a byte offset).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub at: usize,
    pub message: String,
}

/// Where a node sits in the formats' structure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Other,
    /// A document's top mapping (or an item of a `List`).
    Root,
    /// A document's top list: Grafana's API list of rules.
    RootList,
    Spec,
    Items,
    Groups,
    Group,
    Rules,
    Rule,
    /// A ruler API's Grafana-managed rule's own fields (its `title`).
    GrafanaAlert,
    Annotations,
    Labels,
}

struct Frame {
    role: Role,
    map: bool,
    /// In a mapping: the key whose value comes next (`None` while a key is awaited, or
    /// for a key that is not a plain string).
    key: Option<String>,
    expect_key: bool,
}

/// A rule while its mapping is read.
#[derive(Default)]
struct Draft {
    place: Place,
    alert: Option<(String, Range<usize>)>,
    title: Option<(String, Range<usize>)>,
    record: bool,
    runbook_url: Option<(String, Range<usize>)>,
    runbook_elsewhere: Option<(String, String)>,
    pipeline: Option<(String, Range<usize>)>,
    expr: Option<String>,
    /// Column of the rule's keys (block style).
    key_col: Option<usize>,
}

/// The alerting rules of `text`, or the first problem that stops reading it.
pub fn rules(text: &str) -> Result<Vec<Rule>, Problem> {
    if let Some(at) = crate::load::yaml::too_deep(text) {
        return Err(Problem {
            at,
            message: format!(
                "nests more than {} brackets deep",
                crate::load::yaml::MAX_FLOW_DEPTH
            ),
        });
    }
    let mut walker = Walker {
        text,
        stack: Vec::new(),
        draft: None,
        rules: Vec::new(),
        found_groups: false,
        scanned: 0,
        line_start: 0,
    };
    let mut parser = Parser::new_from_str(text);
    let mut offsets = crate::load::yaml::CharOffsets::new(text);
    loop {
        let (event, mark) = match parser.next_token() {
            Ok(next) => next,
            Err(e) => {
                return Err(Problem {
                    at: offsets.byte(e.marker().index()),
                    message: format!("is not valid YAML or JSON: {}", e.info()),
                })
            }
        };
        let at = offsets.byte(mark.index());
        // An event is a step of the walk (an alias expanded would be many).
        crate::work::visit(1);
        match event {
            Event::StreamEnd => break,
            Event::StreamStart | Event::DocumentStart | Event::DocumentEnd | Event::Nothing => {}
            Event::Scalar(value, style, ..) => walker.scalar(value, style, at),
            Event::Alias(_) => walker.value_done(),
            Event::MappingStart(..) => walker.open(true, at)?,
            Event::SequenceStart(..) => walker.open(false, at)?,
            Event::MappingEnd | Event::SequenceEnd => walker.close(at),
        }
        if walker.rules.len() > MAX_RULES {
            return Err(Problem {
                at,
                message: format!("holds more than {MAX_RULES} alerting rules: split it"),
            });
        }
    }
    if !walker.found_groups {
        return Err(Problem {
            at: 0,
            message: "is not an alert rule file: it has no `groups` of rules (Prometheus, Grafana), no PrometheusRule `spec.groups` and no list of Grafana rules".into(),
        });
    }
    Ok(walker.rules)
}

struct Walker<'t> {
    text: &'t str,
    stack: Vec<Frame>,
    draft: Option<Draft>,
    rules: Vec<Rule>,
    found_groups: bool,
    /// How far the text was searched for line starts, and the last line start found:
    /// columns are found walking forward, so a file of one long line (minified JSON)
    /// costs one pass, not a pass per key.
    scanned: usize,
    line_start: usize,
}

impl Walker<'_> {
    /// The role of the node that starts now, as a value of the innermost frame.
    fn child_role(&self, map: bool) -> Role {
        let Some(parent) = self.stack.last() else {
            return if map { Role::Root } else { Role::RootList };
        };
        let key = parent.key.as_deref();
        match (parent.role, key, map) {
            (Role::Root, Some("groups"), false) | (Role::Spec, Some("groups"), false) => {
                Role::Groups
            }
            (Role::Root, Some("spec"), true) => Role::Spec,
            (Role::Root, Some("items"), false) => Role::Items,
            (Role::Items, _, true) => Role::Root,
            // One group at the top.
            (Role::Root, Some("rules"), false) => Role::Rules,
            // A ruler API's groups by folder or namespace: counted as rules only where a
            // group holds `rules`.
            (Role::Root, Some(_), false) => Role::Groups,
            (Role::Groups, _, true) => Role::Group,
            (Role::Group, Some("rules"), false) => Role::Rules,
            (Role::Rules | Role::RootList, _, true) => Role::Rule,
            (Role::Rule, Some("grafana_alert"), true) => Role::GrafanaAlert,
            (Role::Rule, Some("annotations"), true) => Role::Annotations,
            (Role::Rule, Some("labels"), true) => Role::Labels,
            _ => Role::Other,
        }
    }

    fn open(&mut self, map: bool, at: usize) -> Result<(), Problem> {
        if self.stack.len() >= MAX_DEPTH {
            return Err(Problem {
                at,
                message: format!("nests more than {MAX_DEPTH} levels deep"),
            });
        }
        // A mapping or list used as a key: its contents are read as nothing in particular.
        let is_key = self.stack.last().is_some_and(|f| f.map && f.expect_key);
        let role = if is_key {
            Role::Other
        } else {
            self.child_role(map)
        };
        let flow = self.text.as_bytes().get(at) == Some(&(if map { b'{' } else { b'[' }));
        let named_groups = self
            .stack
            .last()
            .is_some_and(|f| f.key.as_deref() == Some("groups"));
        match role {
            Role::Groups if named_groups => self.found_groups = true,
            Role::RootList | Role::Rules => self.found_groups = true,
            Role::Rule => {
                self.draft = Some(Draft {
                    place: Place {
                        start: at,
                        flow,
                        ..Place::default()
                    },
                    ..Draft::default()
                });
            }
            Role::Annotations => {
                if let Some(d) = &mut self.draft {
                    d.place.annotations = Some(Annotations::Map {
                        start: at,
                        flow,
                        first_key: None,
                    });
                }
            }
            _ => {}
        }
        if let Some(parent) = self.stack.last_mut() {
            if parent.map && parent.expect_key {
                parent.key = None;
            }
        }
        self.stack.push(Frame {
            role,
            map,
            key: None,
            expect_key: true,
        });
        Ok(())
    }

    fn close(&mut self, at: usize) {
        let Some(frame) = self.stack.pop() else {
            return;
        };
        if frame.role == Role::Rule {
            if let Some(mut draft) = self.draft.take() {
                draft.place.end = at;
                self.finish(draft);
            }
        }
        self.value_done();
    }

    /// The value of the innermost mapping's key (or an item of a list) is complete.
    fn value_done(&mut self) {
        if let Some(parent) = self.stack.last_mut() {
            if parent.map {
                if parent.expect_key {
                    // That was a key (a mapping or list used as one): its value follows.
                    parent.expect_key = false;
                } else {
                    parent.expect_key = true;
                    parent.key = None;
                }
            }
        }
    }

    fn scalar(&mut self, value: String, style: TScalarStyle, at: usize) {
        let Some(parent) = self.stack.last_mut() else {
            return;
        };
        if parent.map && parent.expect_key {
            let role = parent.role;
            parent.expect_key = false;
            self.key(role, at);
            if let Some(parent) = self.stack.last_mut() {
                parent.key = Some(value);
            }
            return;
        }
        let span = at..scalar_end(self.text, at, style, &value);
        let (role, key) = (parent.role, parent.key.clone());
        if let Some(d) = &mut self.draft {
            match (role, key.as_deref()) {
                (Role::Rule, Some("alert")) => d.alert = Some((value, span)),
                (Role::Rule | Role::GrafanaAlert, Some("title")) => d.title = Some((value, span)),
                (Role::Rule, Some("record")) => d.record = true,
                (Role::Rule, Some("expr")) => d.expr = Some(value),
                (Role::Rule, Some("annotations")) => {
                    d.place.annotations = Some(Annotations::Other { at });
                }
                (Role::Annotations, Some("runbook_url")) => d.runbook_url = Some((value, span)),
                (Role::Annotations, Some(key)) if names_a_runbook(key) => {
                    d.runbook_elsewhere.get_or_insert((key.to_string(), value));
                }
                (Role::Labels, Some("pipeline")) => d.pipeline = Some((value, span)),
                _ => {}
            }
        }
        self.value_done();
    }

    /// A key at `at` in a mapping of role `role`: notes the layout of the rule.
    /// The column (in bytes) of `at`, which comes after every position asked before.
    fn column(&mut self, at: usize) -> usize {
        if at < self.scanned {
            let col = at - self.text[..at].rfind('\n').map_or(0, |i| i + 1);
            crate::work::visit(col);
            return col;
        }
        crate::work::visit(at - self.scanned);
        if let Some(i) = memchr::memrchr(b'\n', &self.text.as_bytes()[self.scanned..at]) {
            self.line_start = self.scanned + i + 1;
        }
        self.scanned = at;
        at - self.line_start
    }

    fn key(&mut self, role: Role, at: usize) {
        if self.draft.is_none() || !matches!(role, Role::Rule | Role::Annotations | Role::Labels) {
            return;
        }
        let col = self.column(at);
        let Some(d) = &mut self.draft else {
            return;
        };
        match role {
            Role::Rule => {
                if d.key_col.is_none() && !d.place.flow {
                    // A block mapping starts at its first key (the parser's own mark for
                    // it is elsewhere).
                    d.place.start = at;
                }
                d.key_col.get_or_insert(col);
            }
            Role::Annotations | Role::Labels => {
                if let Some(Annotations::Map { first_key, .. }) = &mut d.place.annotations {
                    if role == Role::Annotations {
                        first_key.get_or_insert(at);
                    }
                }
                // The step of a block mapping's keys (only white space before them; no
                // block mapping of a rule file is indented hundreds of columns).
                let indented = col <= 256 && self.text[at - col..at].bytes().all(|b| b == b' ');
                if let (Some(rule), None, true) = (d.key_col, d.place.step, indented) {
                    d.place.step = col.checked_sub(rule).filter(|s| *s > 0);
                }
            }
            _ => {}
        }
    }

    fn finish(&mut self, d: Draft) {
        if d.record {
            return;
        }
        let (kind, name) = match (d.alert, d.title) {
            (Some(alert), _) => (Kind::Prometheus, alert),
            (None, Some(title)) => (Kind::Grafana, title),
            (None, None) => return,
        };
        self.rules.push(Rule {
            kind,
            name: name.0,
            name_span: name.1,
            runbook_url: d.runbook_url,
            runbook_elsewhere: d.runbook_elsewhere,
            pipeline: d.pipeline,
            expr: d.expr,
            place: d.place,
        });
    }
}

/// Whether an annotation's key (not `runbook_url`) names a runbook as other tools write
/// it: `runbook` (rhobs's rules), `runbookURL`, `runbook-link`, `playbook`, `sop_url`.
fn names_a_runbook(key: &str) -> bool {
    let key: String = (key.chars())
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    ["runbook", "playbook", "sop"].iter().any(|name| {
        key.strip_prefix(name)
            .is_some_and(|rest| ["", "url", "link", "uri", "href"].contains(&rest))
    })
}

/// Where a scalar that starts at `at` ends in the text: past its closing quote, or after
/// its value (a plain scalar on one line).
fn scalar_end(text: &str, at: usize, style: TScalarStyle, value: &str) -> usize {
    let bytes = text.as_bytes();
    let quote = match style {
        TScalarStyle::SingleQuoted => b'\'',
        TScalarStyle::DoubleQuoted => b'"',
        _ => {
            // A plain scalar is its value as written (a value folded over lines is only
            // pointed at, so a character boundary is enough).
            let mut end = (at + value.len().max(1)).min(text.len());
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            return end.max(at);
        }
    };
    let mut i = at + 1;
    while i < bytes.len() {
        if bytes[i] == quote {
            if quote == b'\'' && bytes.get(i + 1) == Some(&b'\'') {
                i += 2;
                continue;
            }
            crate::work::visit(i + 1 - at);
            return i + 1;
        }
        if quote == b'"' && bytes[i] == b'\\' {
            i += 1;
        }
        i += 1;
    }
    crate::work::visit(text.len() - at);
    text.len()
}

#[cfg(test)]
mod tests;
