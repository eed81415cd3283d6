//! Moved pages keep their addresses (issue 18): `aliases:` write a redirect page and a
//! Netlify 301 each, only ever to a page of the site; a page the previous build published
//! that disappears without one fails the build; pipelines have an address per job.

mod common;

use std::fs;
use std::path::Path;

use common::*;

const PROFIT: &str = "content/runbooks/profit/aggregate-profit.md";

fn build(root: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["build", "--root", root.to_str().unwrap()];
    args.extend_from_slice(extra);
    pipebook(&args)
}

#[test]
fn aliases_redirect_to_their_page() {
    let site = example_site();
    let root = site.path();
    edit(
        root,
        PROFIT,
        "title: Aggregate profit\n",
        "title: Aggregate profit\naliases: [/runbooks/investors/profit/, old-profit, /wiki/Profit.html]\n",
    );
    build_ok(root);
    let public = root.join("public");
    for file in [
        "runbooks/investors/profit/index.html",
        "runbooks/profit/old-profit/index.html",
        "wiki/Profit.html",
    ] {
        let html = read(&public.join(file));
        assert!(html.contains("<link rel=\"canonical\" href=\"https://pipebook-example.netlify.app/runbooks/profit/aggregate-profit/\">"), "{file}: {html}");
        assert!(html.contains("<meta name=\"robots\" content=\"noindex\">"));
        assert!(html.contains(
            "<meta http-equiv=\"refresh\" content=\"0; url=/runbooks/profit/aggregate-profit/\">"
        ));
        assert!(html.contains(
            "<a href=\"/runbooks/profit/aggregate-profit/\">Profit Pipeline (Aggregate Profit)</a>"
        ));
        // One script: the theme's own, which goes on keeping the address's #anchor.
        assert_eq!(html.matches("<script").count(), 1, "{html}");
        assert!(html.contains("<script src=\"/static/routes.js\"></script>"));
        assert!(html.contains("data-redirect=\"/runbooks/profit/aggregate-profit/\""));
    }
    let redirects = read(&public.join("_redirects"));
    for from in [
        "/runbooks/investors/profit/",
        "/runbooks/profit/old-profit/",
        "/wiki/Profit.html",
    ] {
        assert!(
            redirects.contains(&format!(
                "\n{from} /runbooks/profit/aggregate-profit/ 301!\n"
            )),
            "{redirects}"
        );
    }
    // Redirect pages are not pages of the sitemap.
    assert!(!read(&public.join("sitemap.xml")).contains("old-profit"));
}

#[test]
fn hostile_aliases_are_refused_at_their_line() {
    let site = example_site();
    let root = site.path();
    edit(
        root,
        PROFIT,
        "title: Aggregate profit\n",
        "title: Aggregate profit\naliases:\n  - https://evil.example/\n  - //evil.example/x\n  - /runbooks/../../etc/\n  - \"/x /https://evil.example 301!\"\n  - \"/x\\n/y\"\n  - /alerts/x/\n  - /runbooks/growth/aggregate-growth/\n  - /splat/*\n",
    );
    let o = build(root, &[]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    for (line, what) in [
        (4, "alias `https://evil.example/` holds `:`"),
        (5, "alias `//evil.example/x` starts with `//`"),
        (6, "alias `/runbooks/../../etc/` holds a `..` segment"),
        (7, "alias `/x /https://evil.example 301!` holds ` `"),
        (8, "alias `/x\\n/y` holds `\\n`"),
        (9, "alias `/alerts/x/` (/alerts/x/) lies in /alerts"),
        (10, "alias `/runbooks/growth/aggregate-growth/` (/runbooks/growth/aggregate-growth/) is the address of a page (content/runbooks/growth/aggregate-growth.md)"),
        (11, "alias `/splat/*` holds `*`"),
    ] {
        assert!(err.contains(what), "{what}: {err}");
        assert!(err.contains(&format!("{PROFIT}:{line}:5")), "line {line}: {err}");
    }
    assert!(!root.join("public").exists(), "nothing written");
}

#[test]
fn aliases_that_differ_only_in_case_are_refused() {
    // On a file system that ignores case (a reviewer's Mac running `pipebook serve`) the
    // redirect page would be written over the page, or over the other alias.
    let site = example_site();
    let root = site.path();
    edit(
        root,
        PROFIT,
        "title: Aggregate profit\n",
        "title: Aggregate profit\naliases:\n  - /runbooks/Growth/Aggregate-Growth/\n  - /runbooks/old/\n  - /runbooks/OLD/\n  - /ALERTS/x/\n  - /Static/site.js\n  - /runbooks/Größe/\n  - /runbooks/GRÖSSE/\n",
    );
    let o = build(root, &[]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    for (line, what) in [
        (4, "alias `/runbooks/Growth/Aggregate-Growth/` (/runbooks/Growth/Aggregate-Growth/) differs only in case from /runbooks/growth/aggregate-growth/"),
        (6, "aliases /runbooks/old/ and /runbooks/OLD/ differ only in case"),
        (7, "alias `/ALERTS/x/` (/ALERTS/x/) lies in /ALERTS"),
        (8, "alias `/Static/site.js` (/Static/site.js/) lies in /Static"),
    ] {
        assert!(err.contains(what), "{what}: {err}");
        assert!(err.contains(&format!("{PROFIT}:{line}:5")), "line {line}: {err}");
    }
    // `ß` is `ss` only under full case folding, which no common file system does.
    assert_eq!(err.matches("error: ").count(), 5, "{err}");
}

#[test]
fn a_page_s_own_address_in_another_case_is_a_rule_only() {
    // Hugo lower-cases the addresses it publishes: a tree it published keeps them as
    // aliases of each page. A redirect page there would be written over the page itself
    // on a file system that ignores case, so it is a `_redirects` rule only.
    let site = example_site();
    let root = site.path();
    edit(
        root,
        PROFIT,
        "title: Aggregate profit\n",
        "title: Aggregate profit\naliases: [/runbooks/Profit/Aggregate-Profit/, /runbooks/PROFIT/aggregate-profit/]\n",
    );
    build_ok(root);
    let public = root.join("public");
    let redirects = read(&public.join("_redirects"));
    for from in [
        "/runbooks/Profit/Aggregate-Profit/",
        "/runbooks/PROFIT/aggregate-profit/",
    ] {
        assert!(
            redirects.contains(&format!(
                "\n{from} /runbooks/profit/aggregate-profit/ 301!\n"
            )),
            "{redirects}"
        );
    }
    assert!(!public.join("runbooks/Profit").exists());
    assert!(!public.join("runbooks/PROFIT").exists());
    let page = read(&public.join("runbooks/profit/aggregate-profit/index.html"));
    assert!(!page.contains("data-redirect"), "the page itself stays");
}

#[test]
fn no_alias_lies_where_the_build_writes_its_own_files() {
    // Every name at the top of a built site (with search and offline reading), as an
    // alias and as a folder above one, in any case, is refused: an alias there would
    // replace a page, a feed or a file of the theme.
    let site = example_site();
    let root = site.path();
    build_ok(root);
    let mut names: Vec<String> = fs::read_dir(root.join("public"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n != "runbooks")
        .collect();
    names.sort();
    assert!(names.len() > 15, "{names:?}");
    let mut aliases = String::from("aliases:\n");
    for name in &names {
        aliases.push_str(&format!("  - /{name}\n  - /{}/x/\n", name.to_uppercase()));
    }
    edit(
        root,
        PROFIT,
        "title: Aggregate profit\n",
        &format!("title: Aggregate profit\n{aliases}"),
    );
    let o = build(root, &[]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    for name in &names {
        for alias in [format!("/{name}"), format!("/{}/x/", name.to_uppercase())] {
            assert!(
                err.contains(&format!("error: alias `{alias}` ")),
                "{alias} was not refused: {err}"
            );
        }
    }
}

#[test]
fn a_page_moved_without_a_redirect_fails_until_it_has_one() {
    let site = example_site();
    let root = site.path();
    build_ok(root);
    let before = snapshot(&root.join("public"));
    // The growth runbook is renamed, its links fixed; its old address is gone.
    fs::rename(
        root.join("content/runbooks/growth/aggregate-growth.md"),
        root.join("content/runbooks/growth/growth-aggregate.md"),
    )
    .unwrap();
    edit(
        root,
        "content/pipelines.yaml",
        "runbook: growth/aggregate-growth",
        "runbook: growth/growth-aggregate",
    );
    edit(
        root,
        "content/runbooks/_index.md",
        "growth/aggregate-growth.md",
        "growth/growth-aggregate.md",
    );
    edit(
        root,
        PROFIT,
        "../growth/aggregate-growth.md",
        "../growth/growth-aggregate.md",
    );
    let o = build(root, &["--format", "github"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("::error file=content/runbooks/growth/growth-aggregate.md,line=1,col=1,title=pipebook error::/runbooks/growth/aggregate-growth/ moved without a redirect: the previous build published it, and it is no longer a page, alias or route of this site; likely its new page: /runbooks/growth/growth-aggregate/ (content/runbooks/growth/growth-aggregate.md) (hint: add `aliases: [/runbooks/growth/aggregate-growth/]` to the front matter of the page that replaces it"), "{out}");
    assert_eq!(
        snapshot(&root.join("public")),
        before,
        "the previous site stays"
    );
    // `check` says the same, against the output or any site given.
    let r = root.to_str().unwrap();
    assert_eq!(pipebook(&["check", "--root", r]).status.code(), Some(1));
    let elsewhere = tempfile::tempdir().unwrap();
    copy_dir(&root.join("public"), elsewhere.path());
    fs::remove_dir_all(root.join("public")).unwrap();
    assert!(
        pipebook(&["check", "--root", r]).status.success(),
        "nothing to compare with"
    );
    let o = pipebook(&[
        "check",
        "--root",
        r,
        "--previous",
        elsewhere.path().to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("/runbooks/growth/aggregate-growth/ moved without a redirect"));
    assert_eq!(
        pipebook(&[
            "check",
            "--root",
            r,
            "--previous",
            root.join("nowhere").to_str().unwrap()
        ])
        .status
        .code(),
        Some(2)
    );
    copy_dir(elsewhere.path(), &root.join("public"));
    // A preview only warns: its previous output may be another branch's.
    let o = build(
        root,
        &["--preview", "--output", elsewhere.path().to_str().unwrap()],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("warning: /runbooks/growth/aggregate-growth/ moved without a redirect")
    );
    // With the alias, the old address leads to the new page.
    edit(
        root,
        "content/runbooks/growth/growth-aggregate.md",
        "title: Aggregate growth\n",
        "title: Aggregate growth\naliases: [aggregate-growth]\n",
    );
    build_ok(root);
    assert!(read(&root.join("public/_redirects")).contains(
        "\n/runbooks/growth/aggregate-growth/ /runbooks/growth/growth-aggregate/ 301!\n"
    ));
    // Later builds keep checking the alias: dropping it is a move too.
    edit(
        root,
        "content/runbooks/growth/growth-aggregate.md",
        "aliases: [aggregate-growth]\n",
        "",
    );
    assert_eq!(build(root, &[]).status.code(), Some(1));
}

#[test]
fn retired_addresses_are_gone_on_purpose() {
    let site = example_site();
    let root = site.path();
    build_ok(root);
    fs::remove_file(root.join("content/runbooks/engagement/aggregate-engagement.md")).unwrap();
    edit(
        root,
        "content/pipelines.yaml",
        "    runbook: engagement/aggregate-engagement\n",
        "",
    );
    edit(
        root,
        "content/runbooks/_index.md",
        "- [Aggregate engagement](engagement/aggregate-engagement.md)\n",
        "",
    );
    // Its two alerts have no runbook now, and their rules leads nowhere.
    fs::write(
        root.join("content/rules/pipelines.yaml"),
        read(&root.join("content/rules/pipelines.yaml"))
            .replace(
                "/alerts/aggregateengagementstale/",
                "/runbooks/profit/aggregate-profit/",
            )
            .replace(
                "/alerts/aggregateengagementslamissed/",
                "/runbooks/profit/aggregate-profit/",
            ),
    )
    .unwrap();
    let o = build(root, &[]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    for old in [
        "/runbooks/engagement/aggregate-engagement/",
        "/runbooks/engagement/",
    ] {
        assert!(
            err.contains(&format!("{old} moved without a redirect")),
            "{old}: {err}"
        );
    }
    // The rules still raise its alerts: their routes are pages of alerts without a
    // runbook (session 24), not addresses that moved.
    assert!(
        !err.contains("/alerts/AggregateEngagementStale/ moved"),
        "{err}"
    );
    assert!(
        !err.contains("/alerts/aggregateengagementstale/ moved"),
        "each route once: {err}"
    );
    edit(
        root,
        "content/site.yaml",
        "alert_rules:",
        "retired_urls:\n  - /runbooks/engagement/aggregate-engagement/\n  - /runbooks/engagement/\n  - /alerts/AggregateEngagementStale/\n  - /alerts/aggregateengagementslamissed/\nalert_rules:",
    );
    build_ok(root);
    let redirects = read(&root.join("public/_redirects"));
    assert!(
        redirects.contains("\n/runbooks/engagement/aggregate-engagement/ /404.html 410\n"),
        "{redirects}"
    );
    assert!(
        redirects.contains("\n/alerts/aggregateengagementstale/ /404.html 410\n"),
        "{redirects}"
    );
}

#[test]
fn pipelines_have_an_address_per_job() {
    let site = example_site();
    let root = site.path();
    let pipelines = "content/pipelines.yaml";
    // The example's jobs (an Airflow DAG and a dbt selector of aggregate profit), and a
    // list in another case for daily growth.
    edit(
        root,
        pipelines,
        "    job: daily_growth_metrics\n",
        "    job: [daily_growth, Daily_Growth_Backfill]\n",
    );
    build_ok(root);
    let out = root.join("public");
    let html = read(&out.join("pipelines/by-job/aggregate_profit_daily/index.html"));
    assert!(
        html.contains(
            "<meta http-equiv=\"refresh\" content=\"0; url=/pipelines/aggregate-profit/\">"
        ),
        "{html}"
    );
    assert!(html.contains("<title>Aggregate profit</title>"));
    let redirects = read(&out.join("_redirects"));
    for (from, to) in [
        ("daily_growth", "daily-growth"),
        ("daily_growth_backfill", "daily-growth"),
        ("Daily_Growth_Backfill", "daily-growth"),
        ("aggregate_profit_daily", "aggregate-profit"),
        ("tag-aggregate_profit", "aggregate-profit"),
    ] {
        assert!(
            redirects.contains(&format!(
                "\n/pipelines/by-job/{from}/ /pipelines/{to}/ 301!\n"
            )),
            "{from}: {redirects}"
        );
    }
    // A job named twice, or like no job can be, is an error at its line.
    edit(
        root,
        pipelines,
        "job: [daily_growth, Daily_Growth_Backfill]",
        "job: [Aggregate_Profit_Daily, \"dag/../x\"]",
    );
    let o = build(root, &[]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("error: job `Aggregate_Profit_Daily` of pipeline `daily-growth` is also job `aggregate_profit_daily` of pipeline `aggregate-profit`"), "{err}");
    assert!(
        err.contains("error: job name `dag/../x` of pipeline `daily-growth` holds `/`"),
        "{err}"
    );
    assert!(
        err.contains("content/pipelines.yaml:55:11"),
        "at its line: {err}"
    );
}
