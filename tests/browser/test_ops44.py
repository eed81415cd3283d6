"""Session 44's layout faults found on the corpora (Microsoft's engineering playbook).

A task list (`- [ ] Merges are done through PRs.`, 22 checklists of the playbook) showed
a bullet and a box on every item; GitHub and MkDocs show the box where the bullet was.
"""

from __future__ import annotations

import pytest

from conftest import load, screenshot, set_width, site_with

PAGE = "/runbooks/profit/checklist/"
RUNBOOK = """# Checklist

- [ ] The default branch is locked.
- [x] Merges are done through PRs.

Loose:

- [ ] First, with a paragraph.

- [x] Second.

Plain:

- A bullet stays a bullet.
"""

ITEMS = """
return Array.from(document.querySelectorAll('article li')).map(li => {
  const box = li.querySelector('input[type=checkbox]');
  const text = li.getBoundingClientRect();
  return {style: getComputedStyle(li).listStyleType, box: !!box,
          boxLeft: box ? box.getBoundingClientRect().left : null, liLeft: text.left};
});
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("ops44")
    with site_with(root, {"content/runbooks/profit/checklist.md": RUNBOOK}) as srv:
        yield srv


@pytest.mark.parametrize("width", [390, 1280])
def test_a_task_list_shows_its_box_where_the_bullet_was(driver, site, width):
    set_width(driver, width)
    load(driver, site.url(PAGE))
    screenshot(driver, f"ops44-task-list-{width}")
    items = driver.execute_script(ITEMS)
    tasks = [i for i in items if i["box"]]
    assert len(tasks) == 4, items
    for i in tasks:
        assert i["style"] == "none", items
        # The box stands in the list's gutter, where the bullet was, not inside the text.
        assert i["boxLeft"] < i["liLeft"], items
    plain = [i for i in items if not i["box"]]
    assert plain and all(i["style"] == "disc" for i in plain), items
