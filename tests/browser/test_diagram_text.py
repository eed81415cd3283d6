"""A diagram's labels read as written: mermaid's SVG labels (the site draws no HTML labels)
dropped every `<` and `>` not part of a `<…>` pair, so a decision "Lag > 5m?" was drawn
"Lag 5m?" (mermaid issues 4390, 7016), where GitHub and GitLab show it; an HTML tag in
a label was drawn as written, markup and all, where they show its text. The arrows, the
`id>label]` shape, block arrows and `<br>` must still mean what they mean."""

from __future__ import annotations

from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import build_site, chrome, console_errors, load, screenshot, serve

PAGE = '''---
title: Angles
---

## Flowchart

```mermaid
flowchart TD
  A[Replication lag > 5m?] -->|p95 > 300ms| B{Lag > 5m?}
  B -- lag < 1m --> C(["a < b and c > d"])
  B ==>|"x >= 2"| D>Page the <br> secondary]
  C <--> E[[a -> b]]
  D -.-> F{{n > 0}}
  subgraph S [errors > 1%]
    G[plain]
  end
  F --> G
  G --> H[<a href='https://dash.example/d?a=1&b=2'>Monitor <b>dashboard</b></a>]
  H --> I{Does it add<br/><a href="#when-prep">infra concerns</a>?}
  I -- "`a label over
  two lines > one`" --> J[end]
```

## One line

```mermaid
graph TD; A[Alert] --> B{Lag > 5m?}; B -->|yes| C[Restart]; B -->|no| D[Wait < 1 min]
```

## Block

```mermaid
block-beta
  columns 3
  a["load > 80%"] arrow<["p99 > 2s"]>(right) b["scale out"]
```

## Sequence

```mermaid
sequenceDiagram
  Alertmanager->>On call: p95 > 300ms
```
'''

# Each figure's labels, as a reader sees them in the drawing.
WANT = [
    ["Replication lag > 5m?", "p95 > 300ms", "Lag > 5m?", "lag < 1m", "a < b and c > d",
     "x >= 2", "a -> b", "n > 0", "errors > 1%", "plain",
     "Monitor dashboard", "Does it addinfra concerns?", "end"],
    ["Lag > 5m?", "Wait < 1 min", "Restart"],
    ["load > 80%", "scale out"],
    ["p95 > 300ms"],
]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root: Path = tmp_path_factory.mktemp("angles")
    (root / "content" / "runbooks").mkdir(parents=True)
    (root / "content" / "runbooks" / "angles.md").write_text(PAGE)
    with serve(build_site(root, root / "public")) as srv:
        yield srv


def _drawn(driver, expected: int) -> None:
    def done(d):
        d.execute_script("window.scrollBy(0, 600)")
        return d.execute_script(
            "return document.querySelectorAll('figure.diagram[data-drawn], .diagram-error').length"
        ) >= expected
    WebDriverWait(driver, 60, poll_frequency=0.3).until(done, message="diagrams not drawn")


def test_labels_keep_their_angle_brackets(site):
    with chrome() as browser:
        load(browser, site.url("/runbooks/angles/"))
        _drawn(browser, len(WANT))
        figures = browser.find_elements(By.CSS_SELECTOR, "figure.diagram")
        assert len(figures) == len(WANT)
        # Every diagram drew (none fell back to its source with an error).
        assert browser.find_elements(By.CSS_SELECTOR, ".diagram-error") == []
        for figure, want in zip(figures, WANT):
            labels = browser.execute_script("""
                return [...arguments[0].querySelectorAll('svg text, svg .nodeLabel, svg .edgeLabel')]
                  .map((t) => t.textContent.replace(/\\s+/g, '')).filter(Boolean);""", figure)
            # Compared without white space: a long label is drawn on several rows.
            for text in want:
                assert text.replace(" ", "") in labels, (text, sorted(set(labels)))
            # No entity code drawn as written, no markup drawn as text.
            assert not [t for t in labels if "#gt;" in t or "#lt;" in t or "&gt;" in t], labels
            assert not [t for t in labels if "href" in t or "<b>" in t or "</" in t], labels
        flow = figures[0]
        # The arrows are still arrows: 9 links (one after a label over two lines).
        edges = flow.find_elements(By.CSS_SELECTOR, "svg .edgePaths path, svg path.flowchart-link")
        assert len(edges) == 9, len(edges)
        # `<br>` still breaks the shape's label in two lines.
        rows = browser.execute_script("""
            const node = [...arguments[0].querySelectorAll('svg .node')]
              .find((n) => n.textContent.includes('secondary'));
            return node ? node.querySelectorAll('tspan.text-outer-tspan').length : 0;""", flow)
        assert rows == 2, rows
        assert console_errors(browser, ignore=["/favicon.ico"]) == []
        screenshot(browser, "diagram-angles-1280")
