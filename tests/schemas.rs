//! The JSON Schemas in schemas/ are generated from the Rust types; they must be up to date,
//! the example's YAML files must point editors at them, and every build publishes them.

mod common;

use common::*;

#[test]
fn committed_schemas_are_up_to_date() {
    for (name, json) in pipebook::schema::all() {
        let committed = read(&repo().join("schemas").join(name));
        assert_eq!(
            committed, json,
            "schemas/{name} is out of date: run `cargo run -- schema`"
        );
    }
}

#[test]
fn yaml_files_name_their_schema() {
    for file in ["site", "team", "pipelines", "oncall"] {
        let text = read(&repo().join("content").join(format!("{file}.yaml")));
        let first = text.lines().next().unwrap();
        assert_eq!(
            first,
            format!("# yaml-language-server: $schema=../schemas/{file}.schema.json")
        );
        assert!(repo()
            .join("schemas")
            .join(format!("{file}.schema.json"))
            .is_file());
    }
}

#[test]
fn schema_command_and_published_schemas() {
    let site = example_site();
    let root = site.path();
    let o = pipebook(&["schema", "--root", root.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let team: serde_json::Value =
        serde_json::from_str(&read(&root.join("schemas/team.schema.json"))).unwrap();
    assert_eq!(team["title"], "Team");
    build_ok(root);
    let published: serde_json::Value =
        serde_json::from_str(&read(&root.join("public/schema/oncall.schema.json"))).unwrap();
    assert_eq!(published["additionalProperties"], false);
    assert!(published["$defs"]["Override"]["properties"]["reason"].is_object());
}
