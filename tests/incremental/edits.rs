//! The edits of [`Op`] made to a site's files: its runbooks, its data and its theme.

use std::fs;
use std::path::{Path, PathBuf};

use super::{Op, CONFIG_EDITS, TEMPLATES};

/// The runbooks under `dir` (paths relative to it), sorted.
pub(super) fn runbooks(dir: &Path) -> Vec<String> {
    let mut all: Vec<String> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap();
            rel.to_string_lossy().replace('\\', "/")
        })
        .collect();
    all.sort();
    all
}

/// The link from the runbook `from` to `to` (both relative to the runbook folder).
pub(super) fn relative(from: &str, to: &str) -> String {
    let depth = from.matches('/').count();
    format!("{}{to}", "../".repeat(depth))
}

/// Applies `op` to the runbooks under `dir`; returns the files it changed (absolute).
pub(super) fn apply(dir: &Path, op: &Op) -> Vec<PathBuf> {
    let all = runbooks(dir);
    // Only the added runbooks move or go: the example's are named by its pipelines.
    let extra: Vec<&String> = all
        .iter()
        .filter(|p| p.starts_with("ops/") || p.starts_with("misc/"))
        .collect();
    let pick = |i: usize| dir.join(&all[i % all.len()]);
    // The body starts after the front matter, if any.
    let split = |text: &str| -> usize {
        if let Some(rest) = text.strip_prefix("---\n") {
            rest.find("\n---\n").map_or(0, |i| i + 4 + 5)
        } else {
            0
        }
    };
    match *op {
        Op::Title(i, n) => edit(&pick(i), &|text| {
            let at = split(&text);
            let (front, body) = text.split_at(at);
            let body: Vec<&str> = body.lines().filter(|l| !l.starts_with("# ")).collect();
            format!("{front}# Title {n}\n{}\n", body.join("\n"))
        }),
        Op::Append(i, n) => edit(&pick(i), &|text| format!("{text}\nParagraph {n}.\n")),
        Op::Lead(i, n) => edit(&pick(i), &|text| {
            let at = split(&text);
            let (front, body) = text.split_at(at);
            match body.find('\n') {
                Some(nl) if body.starts_with("# ") => {
                    format!("{front}{}\nLead {n}.\n{}", &body[..nl], &body[nl..])
                }
                _ => format!("{front}Lead {n}.\n\n{body}"),
            }
        }),
        Op::Link(i, j, exists) => {
            let from = &all[i % all.len()];
            let to = &all[j % all.len()];
            let anchor = if exists { "steps" } else { "nowhere" };
            let link = relative(from, to);
            edit(&dir.join(from), &|text| {
                format!("{text}\nSee [that]({link}#{anchor}).\n")
            })
        }
        Op::Diagram(i) => edit(&pick(i), &|text| {
            format!("{text}\n```mermaid\ngraph TD\n  a --> b\n```\n")
        }),
        Op::Front(i, n) => edit(&pick(i), &|text| {
            if let Some(rest) = text.strip_prefix("---\n") {
                format!("---\ndescription: Front {n}\n{rest}")
            } else {
                format!("---\ndescription: Front {n}\n---\n{text}")
            }
        }),
        Op::Draft(i) => edit(&pick(i), &|text| {
            toggle(&text, split(&text), "draft: true\n")
        }),
        Op::Unlisted(i, k) => edit(&pick(i), &|text| {
            let key = [
                "unlisted: true\n",
                "build:\n  list: never\n",
                "sitemap: false\n",
            ][k as usize % 3];
            toggle(&text, split(&text), key)
        }),
        Op::Add(in_ops, n) => {
            let path = dir
                .join(if in_ops { "ops" } else { "misc" })
                .join(format!("new-{n}.md"));
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(
                &path,
                format!("# New {n}\n\nAdded.\n\n## Steps\n\n1. One.\n"),
            )
            .unwrap();
            vec![path]
        }
        Op::Rename(i, n) if !extra.is_empty() => {
            let from = dir.join(extra[i % extra.len()]);
            let to = from.with_file_name(format!("renamed-{n}.md"));
            if to.exists() {
                return Vec::new();
            }
            fs::rename(&from, &to).unwrap();
            vec![from, to]
        }
        Op::Delete(i) if extra.len() > 1 => {
            let path = dir.join(extra[i % extra.len()]);
            fs::remove_file(&path).unwrap();
            vec![path]
        }
        Op::Rename(..) | Op::Delete(_) => Vec::new(),
        Op::Engineer(..)
        | Op::Pipeline(..)
        | Op::Holiday(_)
        | Op::Rotation
        | Op::Comment(..)
        | Op::Template(..)
        | Op::Style(_)
        | Op::Config(..) => apply_beside(dir, op),
    }
}

/// Writes `f` of the file at `path` over it; returns the path, as [`apply`] does.
pub(super) fn edit(path: &Path, f: &dyn Fn(String) -> String) -> Vec<PathBuf> {
    let text = fs::read_to_string(path).unwrap();
    fs::write(path, f(text)).unwrap();
    vec![path.to_path_buf()]
}

/// [`apply`] of an `op` to the files beside the runbooks: the team, pipelines, on-call
/// and site data, and the theme.
pub(super) fn apply_beside(dir: &Path, op: &Op) -> Vec<PathBuf> {
    match *op {
        Op::Engineer(i, n) => {
            let k = i % 4 + 1;
            edit(&data(dir, "team.yaml"), &|text| {
                lines_with(&text, &format!("    name: Data Engineer {k}"), |l| {
                    format!("    name: Data Engineer {k} {n}")
                        + if l.ends_with('\n') { "\n" } else { "" }
                })
            })
        }
        Op::Pipeline(i, n) => edit(&data(dir, "pipelines.yaml"), &|text| {
            let names: Vec<usize> = line_starts(&text, "    name: ");
            let at = names[i % names.len()];
            let end = text[at..].find('\n').map_or(text.len(), |e| at + e);
            format!("{}{} {n}{}", &text[..at], &text[at..end], &text[end..])
        }),
        Op::Holiday(n) => edit(&data(dir, "oncall.yaml"), &|text| {
            let day = 10 + n % 9;
            let line = format!("holidays:\n  - {{ date: 2027-03-{day}, name: \"Holiday {n}\" }}\n");
            if text.contains(&format!("2027-03-{day}")) {
                text
            } else {
                text.replacen("holidays:\n", &line, 1)
            }
        }),
        Op::Rotation => edit(&data(dir, "oncall.yaml"), &|text| {
            let (a, b) = ("order: [de1, de2, de3, de4]", "order: [de2, de3, de4, de1]");
            if text.contains(a) {
                text.replacen(a, b, 1)
            } else {
                text.replacen(b, a, 1)
            }
        }),
        Op::Comment(i, n) => {
            let name = ["team.yaml", "pipelines.yaml", "oncall.yaml"][i % 3];
            let mut changed = edit(&data(dir, name), &|text| format!("{text}\n# comment {n}\n"));
            // An editor's probe file, made and removed while saving (vim's `4913`).
            changed.push(data(dir, "4913"));
            changed
        }
        Op::Template(i, n) => {
            let (name, at) = TEMPLATES[i % TEMPLATES.len()];
            let path = theme_file(dir, "templates", name);
            edit(&path, &|text| {
                text.replacen(at, &format!("{at}<!-- template {n} -->"), 1)
            })
        }
        Op::Style(n) => {
            let path = theme_file(dir, "static", "style.css");
            edit(&path, &|text| format!("{text}\n/* style {n} */\n"))
        }
        Op::Config(i, n) => edit(&data(dir, "site.yaml"), &|text| config_edit(&text, i, n)),
        _ => unreachable!("{op:?} changes a runbook"),
    }
}

/// `text` (front matter up to `at`) with the front matter lines `key` taken out if there,
/// else put in first; a front matter left empty goes with it.
pub(super) fn toggle(text: &str, at: usize, key: &str) -> String {
    let (front, body) = text.split_at(at);
    if let Some(start) = front.find(&format!("\n{key}")) {
        let front = format!("{}{}", &front[..=start], &front[start + 1 + key.len()..]);
        let front = if front == "---\n---\n" { "" } else { &front };
        format!("{front}{body}")
    } else if front.is_empty() {
        format!("---\n{key}---\n{body}")
    } else {
        format!("---\n{key}{}{body}", &front[4..])
    }
}

/// site.yaml's `text` with the edit `i` (modulo [`CONFIG_EDITS`]) made, numbered `n`.
pub(super) fn config_edit(text: &str, i: usize, n: u16) -> String {
    let set = |key: &str, value: String| -> String {
        let line = format!("{key}: {value}\n");
        match line_starts(text, &format!("{key}: ")).first() {
            Some(&at) => {
                let end = text[at..].find('\n').map_or(text.len(), |e| at + e + 1);
                format!("{}{line}{}", &text[..at], &text[end..])
            }
            None => format!("{text}{line}"),
        }
    };
    match i % CONFIG_EDITS {
        0 => set("title", format!("Operations {n}")),
        1 => format!("{text}# comment {n}\n"),
        2 => set("edit_url", format!("https://example.com/edit/{n}/{{path}}")),
        3 if text.contains("timezone: Europe/Berlin") => set("timezone", "Pacific/Auckland".into()),
        3 => set("timezone", "Europe/Berlin".into()),
        4 => set("review_interval_days", format!("{}", n % 400 + 1)),
        5 => set(
            "repository",
            format!("https://github.com/example-org/other-{n}"),
        ),
        _ => set("base_url", format!("https://ops-{n}.example.com/")),
    }
}

/// The site's own copy of a file of the default theme (the built-in one at first).
pub(super) fn theme_file(runbooks: &Path, sub: &str, name: &str) -> PathBuf {
    let root = runbooks.parent().unwrap().parent().unwrap();
    let path = root.join("themes/default").join(sub).join(name);
    if !path.exists() {
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        let builtin = crate::common::repo()
            .join("themes/default")
            .join(sub)
            .join(name);
        fs::copy(builtin, &path).unwrap();
    }
    path
}

/// A data file of the site whose runbook folder is `runbooks`.
pub(super) fn data(runbooks: &Path, name: &str) -> PathBuf {
    runbooks.parent().unwrap().join(name)
}

/// Where the lines starting with `prefix` start.
pub(super) fn line_starts(text: &str, prefix: &str) -> Vec<usize> {
    let mut at = Vec::new();
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        if line.starts_with(prefix) {
            at.push(start);
        }
        start += line.len();
    }
    at
}

/// `text` with each line equal to `line` (its newline aside) replaced by `f` of it.
pub(super) fn lines_with(text: &str, line: &str, f: impl Fn(&str) -> String) -> String {
    text.split_inclusive('\n')
        .map(|l| {
            if l.trim_end_matches('\n') == line {
                f(l)
            } else {
                l.to_string()
            }
        })
        .collect()
}
