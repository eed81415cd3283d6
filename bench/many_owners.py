#!/usr/bin/env python3
"""A site with many engineers and pipelines and few runbooks, for the cost of the
ownership pages and feeds (issue 19: 5,000 engineers and 10,000 pipelines once took
9.9 s of CPU in feeds and 8.9 s in render for 15,011 pages, engineers x pipelines).

    python3 bench/many_owners.py --engineers 2000 --pipelines 4000 DIR
    target/release/pipebook build --root DIR --output OUT -v

Every fifth engineer has a week off, so the pipelines they own get backups; the rotation
holds the first 12 engineers. Standard library only; deterministic.
"""
import argparse
import datetime as dt
import os


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--engineers", type=int, default=1000)
    ap.add_argument("--pipelines", type=int, default=2000)
    ap.add_argument("out_dir")
    a = ap.parse_args()
    n_eng, n_pipe = max(a.engineers, 13), max(a.pipelines, 1)
    content = os.path.join(a.out_dir, "content")
    os.makedirs(os.path.join(content, "runbooks", "ops"), exist_ok=True)
    ids = [f"eng-{i:05d}" for i in range(n_eng)]

    def write(name: str, lines: list[str]) -> None:
        with open(os.path.join(content, name), "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")

    write("site.yaml", ["title: Many owners", "base_url: https://ops.example.com/",
                        "timezone: America/New_York"])
    team = ["engineers:"]
    start = dt.date(2026, 1, 5)
    for i, e in enumerate(ids):
        team += [f"  - id: {e}", f'    name: "Engineer {i:05d}"',
                 f"    contact: {{ email: {e}@example.com }}"]
        if i % 5 == 4:
            a_day = start + dt.timedelta(days=(i * 7) % 600)
            team += ["    time_off:",
                     f'      - {{ from: {a_day.isoformat()}, to: '
                     f'{(a_day + dt.timedelta(days=4)).isoformat()}, reason: "Leave" }}']
    write("team.yaml", team)
    pipes = ["domains:", "  - id: ops", '    name: "Operations"', "pipelines:"]
    for j in range(n_pipe):
        primary = ids[j % n_eng]
        secondary = ids[(j * 7 + 3) % n_eng]
        if secondary == primary:
            secondary = ids[(j + 1) % n_eng]
        pipes += [f"  - id: pipe-{j:05d}", f'    name: "Pipeline {j:05d}"', "    domain: ops",
                  "    audience: product", f"    primary: {primary}", f"    secondary: {secondary}"]
    write("pipelines.yaml", pipes)
    write("oncall.yaml", ["rotation:", f"  order: [{', '.join(ids[:12])}]",
                          f"  start: {start.isoformat()}",
                          '  handoff: { weekday: monday, time: "09:00" }',
                          "  timezone: America/New_York", "  shift: weekly"])
    with open(os.path.join(content, "runbooks", "ops", "start.md"), "w", encoding="utf-8") as f:
        f.write("---\ntitle: Where to start\npipelines: [pipe-00000]\n---\n\n## Steps\n\nRead the pipeline page.\n")


if __name__ == "__main__":
    main()
