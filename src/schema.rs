//! JSON Schemas of the content files, generated from the Rust types that read them (with
//! `schemars`), so editors can check YAML as it is typed and the schemas can never drift
//! from what pipebook accepts. `pipebook schema` writes them; every build publishes them
//! under `/schema/`.

use schemars::schema_for;

use crate::model::{FrontMatter, OnCall, Pipelines, SiteConfig, Team};

/// Each schema's file name and pretty-printed JSON.
pub fn all() -> Vec<(&'static str, String)> {
    let pretty = |v: schemars::Schema| serde_json::to_string_pretty(&v).unwrap_or_default() + "\n";
    vec![
        ("site.schema.json", pretty(schema_for!(SiteConfig))),
        ("team.schema.json", pretty(schema_for!(Team))),
        ("pipelines.schema.json", pretty(schema_for!(Pipelines))),
        ("oncall.schema.json", pretty(schema_for!(OnCall))),
        ("front-matter.schema.json", pretty(schema_for!(FrontMatter))),
    ]
}

/// Writes every schema into `dir` and returns the file names.
pub fn write(dir: &std::path::Path) -> std::io::Result<Vec<&'static str>> {
    std::fs::create_dir_all(dir)?;
    let mut names = Vec::new();
    for (name, json) in all() {
        std::fs::write(dir.join(name), json)?;
        names.push(name);
    }
    Ok(names)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemas_describe_the_files() {
        let schemas = all();
        let team: serde_json::Value = serde_json::from_str(&schemas[1].1).unwrap();
        assert_eq!(team["title"], "Team");
        let text = schemas[1].1.as_str();
        assert!(text.contains("\"time_off\""), "{text}");
        let oncall: serde_json::Value = serde_json::from_str(&schemas[3].1).unwrap();
        assert_eq!(
            oncall["additionalProperties"], false,
            "unknown keys are rejected"
        );
    }
}
