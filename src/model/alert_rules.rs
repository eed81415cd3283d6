//! The alert rule files' rules as parsed (`alerts::parse`): data of the site, read by
//! validation, the pages and `pipebook alerts --fill`.

use std::ops::Range;

use super::SourceFile;

/// The rule files `alert_rules` of site.yaml matched, with their rules.
#[derive(Debug, Clone, Default)]
pub struct RuleFile {
    pub source: SourceFile,
    /// JSON (a Grafana export): what `--fill` inserts is written as JSON.
    pub json: bool,
    pub rules: Vec<Rule>,
}

/// Which kind of rule: it decides the name's key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Prometheus (`alert:`), in a rule file or a PrometheusRule.
    Prometheus,
    /// Grafana (`title:`).
    Grafana,
}

/// One alerting rule (recording rules are left out).
#[derive(Debug, Clone)]
pub struct Rule {
    pub kind: Kind,
    /// The alert's name: `alert` of a Prometheus rule, `title` of a Grafana one.
    pub name: String,
    /// Where the name is written: the rule's place in messages.
    pub name_span: Range<usize>,
    /// `annotations.runbook_url`, and where its value is.
    pub runbook_url: Option<(String, Range<usize>)>,
    /// Another annotation that names a runbook (`runbook`, `runbookURL`, `playbook`, …),
    /// its key and value: read by other tools, not by pipebook, and named in the error
    /// of a rule without `runbook_url`.
    pub runbook_elsewhere: Option<(String, String)>,
    /// `labels.pipeline`, and where its value is: the pipeline the alert concerns.
    pub pipeline: Option<(String, Range<usize>)>,
    /// `expr` of a Prometheus rule: what raises the alert, shown on its own page.
    pub expr: Option<String>,
    /// Where text goes to add a `runbook_url`.
    pub place: Place,
}

/// The layout of a rule, as far as adding an annotation needs it. Offsets are bytes of
/// the file.
#[derive(Debug, Clone, Default)]
pub struct Place {
    /// The rule mapping's `{` (flow style), or its first key (block style).
    pub start: usize,
    pub flow: bool,
    /// Where the rule's mapping ends: its `}`, or where the next thing begins.
    pub end: usize,
    pub annotations: Option<Annotations>,
    /// The indentation step of a mapping nested in the rule (`labels:` children), when
    /// one is written in block style.
    pub step: Option<usize>,
}

/// How a rule's `annotations` is written.
#[derive(Debug, Clone)]
pub enum Annotations {
    /// A mapping: its `{` (flow) or first key (block), and its first key if any.
    Map {
        start: usize,
        flow: bool,
        first_key: Option<usize>,
    },
    /// Anything else (`annotations:` with nothing after it): where its value is.
    Other { at: usize },
}
