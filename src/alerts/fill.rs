//! `pipebook alerts --fill`: gives every alerting rule without a `runbook_url` the
//! address of its alert's route (`<base_url>alerts/<name>/`).
//!
//! No YAML library for Rust writes a file back with its comments, quoting and layout
//! as they were (serde_yaml and yaml-rust2 drop comments; the lossless ones are young),
//! so the change is made as text: a line, or a few words in a `{…}`, inserted at the
//! place the parser reported for the rule (see [`super::Place`]). Nothing else of the
//! file is touched. Each result is then parsed again and compared with the original, as
//! data, with the new `runbook_url`s taken out: they must be equal, or the file is left
//! as it was and the rule reported, so a layout the insertion did not foresee can never
//! corrupt a rule file.

use std::collections::HashSet;

use super::{Annotations, Rule, RuleFile};
use crate::routes::names::{name_problem, route_key};
use crate::routes::ALERTS;

/// What filling one rule file gives.
#[derive(Debug, Clone, Default)]
pub struct Filled {
    /// The file as shown in messages (its path from the root).
    pub display: String,
    /// The new text, when anything was added.
    pub text: Option<String>,
    /// The alerts given a `runbook_url`, with the address.
    pub added: Vec<(String, String)>,
    /// The rules that could not be filled: the alert's name, where it is written (a byte
    /// offset), and why.
    pub skipped: Vec<(String, usize, String)>,
}

/// Fills the rules of `file` with addresses under `base` (ending in `/`).
pub fn fill(file: &RuleFile, base: &str) -> Filled {
    let text = &file.source.text;
    let mut out = Filled {
        display: file.source.display.clone(),
        ..Filled::default()
    };
    let mut edits: Vec<(usize, String)> = Vec::new();
    // Where each added rule's name is written, for a report if it has to be undone.
    let mut at = Vec::new();
    let eol = line_end(text);
    for rule in file.rules.iter().filter(|r| r.runbook_url.is_none()) {
        if let Some(why) = name_problem(&rule.name) {
            out.skipped.push((
                rule.name.clone(),
                rule.name_span.start,
                format!("its name {why}, so it has no route: give it the address of its runbook page by hand"),
            ));
            continue;
        }
        let url = format!("{base}{ALERTS}{}/", route_key(&rule.name));
        match insertion(text, rule, &url, file.json, eol) {
            Ok(edit) => {
                edits.push(edit);
                out.added.push((rule.name.clone(), url));
                at.push(rule.name_span.start);
            }
            Err(why) => out
                .skipped
                .push((rule.name.clone(), rule.name_span.start, why)),
        }
    }
    if edits.is_empty() {
        return out;
    }
    // One pass over the text, the insertions in order (inserting each into the whole
    // text would copy it once per rule).
    edits.sort_by_key(|e| e.0);
    let mut new =
        String::with_capacity(text.len() + edits.iter().map(|e| e.1.len()).sum::<usize>());
    let mut copied = 0;
    for (at, insert) in &edits {
        new.push_str(&text[copied..*at]);
        new.push_str(insert);
        copied = *at;
    }
    new.push_str(&text[copied..]);
    crate::work::visit(new.len());
    let urls: HashSet<&str> = out.added.iter().map(|(_, u)| u.as_str()).collect();
    if let Err(why) = same_data(text, &new, file.json, &urls) {
        let names: Vec<(String, usize, String)> = out
            .added
            .drain(..)
            .zip(at)
            .map(|((name, _), at)| {
                (
                    name,
                    at,
                    format!("adding runbook_url to this file would change more than that ({why}): add it by hand"),
                )
            })
            .collect();
        out.skipped.extend(names);
        return out;
    }
    out.text = Some(new);
    out
}

/// Where to insert what, to give `rule` the annotation `runbook_url: url`.
/// How the lines of `text` end: new lines end as the file's do (a file written on
/// Windows keeps its CRLF).
fn line_end(text: &str) -> &'static str {
    match memchr::memchr(b'\n', text.as_bytes()) {
        Some(i) if i > 0 && text.as_bytes()[i - 1] == b'\r' => "\r\n",
        _ => "\n",
    }
}

fn insertion(
    text: &str,
    rule: &Rule,
    url: &str,
    json: bool,
    eol: &str,
) -> Result<(usize, String), String> {
    let place = &rule.place;
    // In flow style (`{…}`) and in JSON the value is quoted; in block style it is plain,
    // as runbook URLs are usually written (the URL holds no `: ` or ` #`).
    let pair = |key: &str| {
        if json {
            format!("\"{key}\": \"{url}\"")
        } else {
            format!("{key}: \"{url}\"")
        }
    };
    match &place.annotations {
        Some(Annotations::Map {
            flow: false,
            first_key: Some(key),
            ..
        }) => {
            let (line, indent) = indentation(text, *key)?;
            Ok((line, format!("{indent}runbook_url: {url}{eol}")))
        }
        Some(Annotations::Map {
            flow: true, start, ..
        }) => Ok(after_brace(text, *start, pair("runbook_url"))),
        Some(_) => Err("its `annotations` is not a mapping: add `runbook_url` by hand".into()),
        None if place.flow => {
            let inner = pair("runbook_url");
            let annotations = if json {
                format!("\"annotations\": {{{inner}}}")
            } else {
                format!("annotations: {{{inner}}}")
            };
            Ok(after_brace(text, place.start, annotations))
        }
        None => {
            // The rule's keys are indented to its first key's column (`- alert: X`
            // counts the `- `).
            let indent = " ".repeat(place.start - line_start(text, place.start));
            let step = " ".repeat(place.step.unwrap_or(2));
            let at = after_last_line(text, place.end);
            let newline = if at > 0 && !text[..at].ends_with('\n') {
                eol
            } else {
                ""
            };
            Ok((
                at,
                format!("{newline}{indent}annotations:{eol}{indent}{step}runbook_url: {url}{eol}"),
            ))
        }
    }
}

fn line_start(text: &str, at: usize) -> usize {
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    crate::work::visit(at - start);
    start
}

/// The start of the line holding `at`, and its indentation, when only spaces come before
/// `at` on that line.
fn indentation(text: &str, at: usize) -> Result<(usize, String), String> {
    let line = line_start(text, at);
    let before = &text[line..at];
    if before.bytes().all(|b| b == b' ') {
        Ok((line, before.to_string()))
    } else {
        Err("its layout is not one `--fill` knows (keys not indented by spaces): add `runbook_url` by hand".into())
    }
}

/// Inserts `pair` first in the flow mapping whose `{` is at `brace`.
fn after_brace(text: &str, brace: usize, pair: String) -> (usize, String) {
    let rest = &text[brace + 1..];
    let after = rest.trim_start();
    crate::work::visit(rest.len() - after.len() + 1);
    let empty = after.starts_with('}');
    (brace + 1, if empty { pair } else { format!("{pair}, ") })
}

/// Where a block mapping that ends at `end` (where the next thing begins) can take one
/// more line: after its last line of content, before the blank lines and comments that
/// lead to the next thing.
fn after_last_line(text: &str, end: usize) -> usize {
    let mut at = line_start(text, end.min(text.len()));
    if end >= text.len() && !text.ends_with('\n') {
        return text.len();
    }
    while at > 0 {
        let previous = line_start(text, at - 1);
        let line = text[previous..at].trim();
        if line.is_empty() || line.starts_with('#') {
            at = previous;
        } else {
            break;
        }
    }
    at
}

/// Whether `old` and `new` hold the same data once the added `runbook_url`s (and
/// `annotations` left empty without them) are taken out.
fn same_data(old: &str, new: &str, json: bool, urls: &HashSet<&str>) -> Result<(), String> {
    if json {
        let parse = |t: &str| serde_json::from_str::<serde_json::Value>(t);
        let (Ok(a), Ok(b)) = (parse(old), parse(new)) else {
            return Err("the result is not valid JSON".into());
        };
        let a = serde_json::from_value::<serde_yaml::Value>(a).map_err(|e| e.to_string())?;
        let b = serde_json::from_value::<serde_yaml::Value>(b).map_err(|e| e.to_string())?;
        return compare(vec![a], vec![b], urls);
    }
    let documents = |t: &str| -> Result<Vec<serde_yaml::Value>, String> {
        serde_yaml::Deserializer::from_str(t)
            .map(|d| {
                serde::Deserialize::deserialize(d).map_err(|e: serde_yaml::Error| e.to_string())
            })
            .collect()
    };
    compare(documents(old)?, documents(new)?, urls)
}

fn compare(
    mut old: Vec<serde_yaml::Value>,
    mut new: Vec<serde_yaml::Value>,
    urls: &HashSet<&str>,
) -> Result<(), String> {
    old.iter_mut().for_each(|v| without_added(v, urls));
    new.iter_mut().for_each(|v| without_added(v, urls));
    if old == new {
        Ok(())
    } else {
        Err("the data read back differs".into())
    }
}

/// Takes the added `runbook_url`s out of `v`, then the `annotations` they leave empty.
/// Iterative: the data was already bounded in depth when the file was read.
fn without_added(v: &mut serde_yaml::Value, urls: &HashSet<&str>) {
    for pass in [Pass::Urls, Pass::EmptyAnnotations] {
        let mut stack = vec![&mut *v];
        while let Some(v) = stack.pop() {
            match v {
                serde_yaml::Value::Mapping(m) => {
                    match pass {
                        Pass::Urls => {
                            let added = m
                                .get("runbook_url")
                                .and_then(|u| u.as_str())
                                .is_some_and(|u| urls.contains(u));
                            if added {
                                m.remove("runbook_url");
                            }
                        }
                        Pass::EmptyAnnotations => {
                            let empty = m
                                .get("annotations")
                                .and_then(|a| a.as_mapping())
                                .is_some_and(|a| a.is_empty());
                            if empty {
                                m.remove("annotations");
                            }
                        }
                    }
                    stack.extend(m.iter_mut().map(|(_, v)| v));
                }
                serde_yaml::Value::Sequence(s) => stack.extend(s.iter_mut()),
                serde_yaml::Value::Tagged(t) => stack.push(&mut t.value),
                _ => {}
            }
        }
    }
}

#[derive(Clone, Copy)]
enum Pass {
    Urls,
    EmptyAnnotations,
}

/// A unified diff of a file's fill, as `diff -u` prints it.
pub fn diff(display: &str, old: &str, new: &str) -> String {
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{display}"), &format!("b/{display}"))
        .to_string()
}

#[cfg(test)]
mod tests;
