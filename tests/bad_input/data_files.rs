//! Bad input in the data files: team.yaml, pipelines.yaml and oncall.yaml.

use super::*;

// --- team.yaml

#[test]
fn team_yaml_wrong_type() {
    let err = break_and_build(|root| {
        edit(
            root,
            "content/team.yaml",
            "name: Data Engineer 2",
            "name: [Data Engineer 2]",
        )
    });
    assert_all(
        &err,
        &[
            "engineers[1].name: invalid type: sequence, expected a string",
            "content/team.yaml:11:11",
            "hint: see the README's `team.yaml` section",
        ],
    );
}

#[test]
fn team_yaml_not_a_mapping() {
    let err = break_and_build(|root| {
        std::fs::write(
            root.join("content/team.yaml"),
            "# yaml-language-server: $schema=../schemas/team.schema.json\n- de1\n- de2\n",
        )
        .unwrap()
    });
    assert_all(
        &err,
        &[
            "invalid type: sequence, expected struct Team",
            "content/team.yaml:2:1",
        ],
    );
}

#[test]
fn team_yaml_unknown_key() {
    let err = break_and_build(|root| {
        edit(
            root,
            "content/team.yaml",
            "    github: example-de2",
            "    githib: example-de2",
        )
    });
    assert_all(
        &err,
        &[
            "engineers[1]: unknown field `githib`, expected one of",
            "content/team.yaml:13:5",
        ],
    );
}

#[test]
fn team_yaml_duplicate_engineer_id() {
    let err = break_and_build(|root| edit(root, "content/team.yaml", "id: de3", "id: de2"));
    assert_all(
        &err,
        &[
            "duplicate engineer id `de2` (first defined at line 10)",
            "content/team.yaml:14:9",
            "hint: every engineer needs its own id: rename one of the two",
        ],
    );
}

#[test]
fn team_yaml_id_not_usable_in_a_url() {
    let err = break_and_build(|root| {
        edit(root, "content/team.yaml", "id: de4", "id: DE 4");
        edit(root, "content/pipelines.yaml", "de4", "DE 4");
        edit(root, "content/oncall.yaml", "de4]", "DE 4]");
    });
    assert_all(
        &err,
        &[
            "engineer id `DE 4` is not usable in a URL",
            "content/team.yaml:18:9",
            "hint: use lowercase letters, digits, `-` and `_` only",
        ],
    );
}

#[test]
fn team_yaml_time_off_ends_before_it_starts() {
    let err = break_and_build(|root| {
        append(
            root,
            "content/team.yaml",
            "    time_off:\n      - { from: 2026-03-10, to: 2026-03-01 }\n",
        )
    });
    assert_all(
        &err,
        &[
            "time off of `de4` ends (2026-03-01) before it starts (2026-03-10)",
            "content/team.yaml:23:33",
            "hint: `from` is the first day away and `to` the last; swap them",
        ],
    );
}

#[test]
fn team_yaml_time_off_bad_date() {
    let err = break_and_build(|root| {
        append(
            root,
            "content/team.yaml",
            "    time_off:\n      - { from: 2026-13-01, to: 2026-13-05 }\n",
        )
    });
    assert_all(
        &err,
        &[
            "engineers[3].time_off[0].from: `2026-13-01` is not a date (input is out of range)",
            "content/team.yaml:23:17",
            "hint: write dates as YYYY-MM-DD, such as `2026-12-24`, on a day that month has",
        ],
    );
}

#[test]
fn team_yaml_non_utf8() {
    let err = break_and_build(|root| {
        let path = root.join("content/team.yaml");
        let mut bytes = std::fs::read(&path).unwrap();
        bytes.extend_from_slice(b"# Jos\xe9 joins in May\n");
        std::fs::write(path, bytes).unwrap();
    });
    assert_all(
        &err,
        &[
            "`content/team.yaml` is not valid UTF-8",
            "content/team.yaml:22:6",
            "hint: save the file as UTF-8",
        ],
    );
}

// --- pipelines.yaml

#[test]
fn pipelines_yaml_syntax_error() {
    let err = break_and_build(|root| {
        edit(
            root,
            "content/pipelines.yaml",
            "    domain: profit\n",
            "    domain profit\n",
        )
    });
    // The key without a colon runs into the next line; libyaml notices there.
    assert_all(
        &err,
        &[
            "could not find expected ':'",
            "content/pipelines.yaml:26:5",
            "hint: every key needs `: ` after it, with a space (`name: x`, not `name:x`): look at this line and the one before it; see the README's `pipelines.yaml` section",
        ],
    );
}

#[test]
fn pipelines_yaml_wrong_type() {
    let err = break_and_build(|root| {
        edit(
            root,
            "content/pipelines.yaml",
            "    failure_modes:\n      - Delayed data ingestion due to upstream system failures.\n      - Incorrect aggregation logic leading to inaccurate reporting.\n",
            "    failure_modes: Delayed data ingestion.\n",
        )
    });
    assert_all(
        &err,
        &[
            "domains[0].failure_modes: invalid type: string \"Delayed data ingestion.\", expected a sequence",
            "content/pipelines.yaml:7:20",
        ],
    );
}

#[test]
fn pipelines_yaml_missing_field() {
    let err =
        break_and_build(|root| edit(root, "content/pipelines.yaml", "    secondary: de3\n", ""));
    assert_all(
        &err,
        &[
            "pipelines[0]: missing field `secondary`",
            "content/pipelines.yaml:22:5",
        ],
    );
}

#[test]
fn pipelines_yaml_unknown_domain() {
    let err = break_and_build(|root| {
        edit(
            root,
            "content/pipelines.yaml",
            "    domain: growth\n",
            "    domain: grwoth\n",
        )
    });
    assert_all(
        &err,
        &[
            "pipeline `aggregate-growth` is in unknown domain `grwoth`",
            "content/pipelines.yaml:42:13",
            "hint: use one of the domains defined in the `domains` list of content/pipelines.yaml: engagement, growth, profit",
        ],
    );
}

#[test]
fn pipelines_yaml_duplicate_domain_id() {
    let err = break_and_build(|root| {
        edit(
            root,
            "content/pipelines.yaml",
            "  - id: engagement\n    name: Engagement\n",
            "  - id: growth\n    name: Engagement\n",
        )
    });
    assert_all(
        &err,
        &[
            "duplicate domain id `growth` (first defined at line 10)",
            "content/pipelines.yaml:15:9",
        ],
    );
}

#[test]
fn pipelines_yaml_runbook_path_escaping_the_root() {
    let err = break_and_build(|root| {
        edit(
            root,
            "content/pipelines.yaml",
            "runbook: growth/aggregate-growth",
            "runbook: ../../../etc/passwd",
        )
    });
    assert_all(
        &err,
        &[
            "pipeline `aggregate-growth` names runbook `../../../etc/passwd`, which does not exist",
            "content/pipelines.yaml:46:14",
            "hint: give the path under the runbook folder without `.md`",
        ],
    );
}

#[test]
fn pipelines_yaml_non_utf8() {
    let err = break_and_build(|root| {
        let path = root.join("content/pipelines.yaml");
        let text = read(&path).replace("name: Profit", "name: Profit \u{20ac}");
        // The euro sign in Windows-1252, as an old editor would save it.
        let bytes = text.replace('\u{20ac}', "\u{0}").into_bytes();
        let bytes: Vec<u8> = bytes
            .into_iter()
            .map(|b| if b == 0 { 0x80 } else { b })
            .collect();
        std::fs::write(path, bytes).unwrap();
    });
    assert_all(
        &err,
        &[
            "`content/pipelines.yaml` is not valid UTF-8",
            "content/pipelines.yaml:6:18",
        ],
    );
}

// --- oncall.yaml

#[test]
fn oncall_yaml_syntax_error() {
    let err = break_and_build(|root| {
        edit(
            root,
            "content/oncall.yaml",
            "  shift: weekly",
            "\tshift: weekly",
        )
    });
    assert_all(
        &err,
        &[
            "found a tab character that violates indentation",
            "content/oncall.yaml:12:1",
            "hint: indent with spaces: YAML does not take tabs for indentation; see the README's `oncall.yaml` section",
        ],
    );
}

#[test]
fn oncall_yaml_wrong_type() {
    let err = break_and_build(|root| {
        edit(
            root,
            "content/oncall.yaml",
            "order: [de1, de2, de3, de4]",
            "order: de1",
        )
    });
    assert_all(
        &err,
        &[
            "rotation.order: invalid type: string \"de1\", expected a sequence",
            "content/oncall.yaml:5:10",
        ],
    );
}

#[test]
fn oncall_yaml_unknown_key() {
    let err = break_and_build(|root| {
        edit(
            root,
            "content/oncall.yaml",
            "  shift: weekly",
            "  shift: weekly\n  length: 7",
        )
    });
    assert_all(
        &err,
        &[
            "rotation: unknown field `length`, expected one of",
            "content/oncall.yaml:13:3",
        ],
    );
}

#[test]
fn oncall_yaml_bad_holiday_date() {
    let err = break_and_build(|root| {
        append(
            root,
            "content/oncall.yaml",
            "  - { date: 2027-02-29, name: Leap Day }\n",
        )
    });
    assert_all(
        &err,
        &[
            "holidays[22].date: `2027-02-29` is not a date (input is out of range)",
            "content/oncall.yaml:43:13",
            "hint: write dates as YYYY-MM-DD",
        ],
    );
}

#[test]
fn oncall_yaml_holiday_out_of_range() {
    let err = break_and_build(|root| {
        append(
            root,
            "content/oncall.yaml",
            "  - { date: 0226-12-25, name: Christmas Day }\n",
        )
    });
    assert_all(
        &err,
        &[
            "date 0226-12-25 is out of range: pipebook takes dates from 1900-01-01 to 2999-12-31",
            "content/oncall.yaml:43:13",
            "hint: check the year",
        ],
    );
}

#[test]
fn oncall_yaml_start_off_the_handoff_weekday() {
    let err = break_and_build(|root| {
        edit(
            root,
            "content/oncall.yaml",
            "start: 2026-01-05",
            "start: 2026-01-07",
        )
    });
    assert_all(
        &err,
        &[
            "rotation starts on 2026-01-07 (Wed), but handoffs are on Mon",
            "content/oncall.yaml:8:10",
            "hint: start the rotation on a Mon, such as 2026-01-05",
        ],
    );
}

#[test]
fn oncall_yaml_invalid_handoff_time() {
    let err = break_and_build(|root| edit(root, "content/oncall.yaml", "\"09:00\"", "\"9am\""));
    assert_all(
        &err,
        &[
            "rotation.handoff.time: time `9am` must be 24-hour HH:MM, such as `09:00`",
            "content/oncall.yaml:10:37",
        ],
    );
}

#[test]
fn oncall_yaml_invalid_handoff_weekday() {
    let err = break_and_build(|root| {
        edit(
            root,
            "content/oncall.yaml",
            "weekday: monday",
            "weekday: mondays",
        )
    });
    assert_all(
        &err,
        &["rotation.handoff.weekday", "content/oncall.yaml:10:23"],
    );
}

#[test]
fn oncall_yaml_invalid_shift_length() {
    let err = break_and_build(|root| {
        edit(
            root,
            "content/oncall.yaml",
            "shift: weekly",
            "shift: fortnightly",
        )
    });
    assert_all(
        &err,
        &[
            "shift `fortnightly` is not a length: write `weekly` (the default), `daily`, or a whole number of days from 1 to 366 such as `14 days`",
            "content/oncall.yaml:12:10",
        ],
    );
}

#[test]
fn oncall_yaml_empty_rotation() {
    let err = break_and_build(|root| {
        edit(
            root,
            "content/oncall.yaml",
            "order: [de1, de2, de3, de4]",
            "order: []",
        )
    });
    assert_all(
        &err,
        &[
            "the rotation has no engineers",
            "content/oncall.yaml:5:10",
            "hint: list engineer ids under `rotation.order`",
        ],
    );
}

#[test]
fn oncall_yaml_horizon_too_far() {
    // This one made the schedule overflow chrono's range and panic.
    let err = break_and_build(|root| {
        append(
            root,
            "content/oncall.yaml",
            "horizon: { past_weeks: 4000000000, future_weeks: 52 }\n",
        )
    });
    assert_all(
        &err,
        &[
            "horizon.past_weeks is 4000000000 weeks: the schedule reaches at most 520 weeks",
            "content/oncall.yaml:43:24",
            "hint: use a number of weeks from 0 to 520",
        ],
    );
}

const OVERRIDES: &str = "overrides:\n";

#[test]
fn oncall_yaml_override_unknown_engineer() {
    let err = break_and_build(|root| {
        append(
            root,
            "content/oncall.yaml",
            &format!("{OVERRIDES}  - {{ from: \"2026-12-24 18:00\", to: \"2026-12-26 09:00\", engineer: de7, reason: x }}\n"),
        )
    });
    assert_all(
        &err,
        &[
            "unknown engineer `de7` in an override",
            "content/oncall.yaml:44:67",
            "hint: use one of the engineers defined in content/team.yaml",
        ],
    );
}

#[test]
fn oncall_yaml_override_ends_before_it_starts() {
    let err = break_and_build(|root| {
        append(
            root,
            "content/oncall.yaml",
            &format!("{OVERRIDES}  - {{ from: \"2026-12-24 18:00\", to: \"2026-12-20 09:00\", engineer: de2, reason: x }}\n"),
        )
    });
    assert_all(
        &err,
        &[
            "override ends (2026-12-20 09:00) before it starts (2026-12-24 18:00)",
            "content/oncall.yaml:44:37",
            "hint: `from` is when the cover starts and `to` when it ends",
        ],
    );
}

#[test]
fn oncall_yaml_overrides_overlap() {
    let err = break_and_build(|root| {
        append(
            root,
            "content/oncall.yaml",
            &format!("{OVERRIDES}  - {{ from: \"2026-12-24 18:00\", to: \"2026-12-26 09:00\", engineer: de2, reason: a }}\n  - {{ from: \"2026-12-25 18:00\", to: \"2026-12-27 09:00\", engineer: de3, reason: b }}\n"),
        )
    });
    assert_all(
        &err,
        &[
            "override 2026-12-25 18:00 to 2026-12-27 09:00 overlaps the override at line 44 (2026-12-24 18:00 to 2026-12-26 09:00)",
            "content/oncall.yaml:45:13",
            "hint: at any moment one person is on call",
        ],
    );
}

#[test]
fn oncall_yaml_override_during_time_off() {
    let err = break_and_build(|root| {
        append(
            root,
            "content/team.yaml",
            "    time_off:\n      - { from: 2026-12-24, to: 2026-12-31, reason: Holidays }\n",
        );
        append(
            root,
            "content/oncall.yaml",
            &format!("{OVERRIDES}  - {{ from: \"2026-12-24 18:00\", to: \"2026-12-26 09:00\", engineer: de4, reason: x }}\n"),
        );
    });
    assert_all(
        &err,
        &[
            "override puts `de4` on call from 2026-12-24 18:00 to 2026-12-26 09:00, during their time off (2026-12-24 to 2026-12-31)",
            "content/oncall.yaml:44:67",
        ],
    );
}

#[test]
fn oncall_yaml_override_bad_date_time() {
    let err = break_and_build(|root| {
        append(
            root,
            "content/oncall.yaml",
            &format!("{OVERRIDES}  - {{ from: \"24/12/2026 18:00\", to: \"2026-12-26 09:00\", engineer: de2, reason: x }}\n"),
        )
    });
    assert_all(
        &err,
        &[
            "`24/12/2026 18:00` must be a local date and time such as `2026-12-24 18:00`",
            "content/oncall.yaml:44:13",
        ],
    );
}
