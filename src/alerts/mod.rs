//! Alert rule files (issue 18): Prometheus rule files, PrometheusRule manifests and
//! Grafana alert-rule exports, read with the place of every rule, checked against the
//! runbooks, and given their missing `runbook_url`s by `pipebook alerts --fill`.
//!
//! - loading (`load::alert_rules`) reads each file (YAML or JSON) into its alerting rules,
//!   bounded in depth, rules and work by the file's size;
//! - [`check`] reports rules without a `runbook_url`, `runbook_url`s that lead nowhere on
//!   this site, and runbook alerts that no rule raises;
//! - [`fill`] adds the missing `runbook_url`s by inserting text at the parsed positions,
//!   so comments and layout stay as they were.

pub mod check;
pub mod command;
pub mod fill;

/// The parsed rules are data of the site (the model holds them), defined there.
pub use crate::model::alert_rules::{Annotations, Kind, Place, Rule, RuleFile};
