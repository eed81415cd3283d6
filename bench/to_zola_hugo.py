#!/usr/bin/env python3
"""Converts a site written by gen_site.py into a minimal Zola site and a minimal Hugo site.

    python3 bench/to_zola_hugo.py SITE ZOLA_DIR HUGO_DIR

Both get the same Markdown runbook bodies as pipebook, one page per runbook under
content/runbooks/<domain>/<pipeline>/<slug>.md, the domains' `_index.md` files as section
pages, and one generated section page per pipeline folder (title and description from
pipelines.yaml, standing in for pipebook's pipeline pages) plus content/_index.md and
content/runbooks/_index.md. The templates are minimal: a basic layout around the page's
content, and section pages that list their subsections and pages. Code highlighting is off
for Zola and Hugo, while pipebook highlights SQL and shell at build time: if anything, the
comparison is unfair to pipebook.

- Zola: TOML front matter, `pipelines` under [extra]; `build_search_index = true`. Relative
  links to runbooks become `@/runbooks/....md#anchor` internal links, which Zola resolves and
  checks while building (as pipebook checks its links), and `/pipelines/<id>/` links become
  links to the pipeline's section.
- Hugo: the original YAML front matter; links become absolute URLs (Hugo checks nothing).
  Taxonomies and RSS are disabled; Pagefind indexes the output afterwards.

It also writes ZOLA_DIR/expected_pages.txt (and the same file in HUGO_DIR): the sorted
output paths (`runbooks/<domain>/<pipeline>/<slug>/index.html`, `runbooks/<domain>/index.html`)
that every tool must produce, one for each Markdown file of the pipebook site.
Standard library only; the output only depends on the input.
"""

from __future__ import annotations

import json
import os
import posixpath
import re
import shutil
import sys

LINK = re.compile(r"\]\(([^)\s]+)\)")

ZOLA_CONFIG = """base_url = "https://ops.example.com"
title = {title}
compile_sass = false
build_search_index = true
generate_feeds = false

[search]
include_title = true
include_content = true
include_description = true
"""

ZOLA_TEMPLATES = {
    "base.html": """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{% block title %}{{ config.title }}{% endblock title %}</title>
</head>
<body>
<header><a href="{{ config.base_url }}/">{{ config.title }}</a></header>
<main>
{% block content %}{% endblock content %}
</main>
</body>
</html>
""",
    "index.html": """{% extends "base.html" %}
{% block content %}
<h1>{{ section.title }}</h1>
{{ section.content | safe }}
<ul>{% for s in section.subsections %}{% set sub = get_section(path=s, metadata_only=true) %}<li><a href="{{ sub.permalink }}">{{ sub.title }}</a></li>{% endfor %}</ul>
{% endblock content %}
""",
    "section.html": """{% extends "base.html" %}
{% block title %}{{ section.title }} | {{ config.title }}{% endblock title %}
{% block content %}
<h1>{{ section.title }}</h1>
{% if section.description %}<p>{{ section.description }}</p>{% endif %}
{{ section.content | safe }}
<ul>{% for s in section.subsections %}{% set sub = get_section(path=s, metadata_only=true) %}<li><a href="{{ sub.permalink }}">{{ sub.title }}</a></li>{% endfor %}</ul>
<ul>{% for p in section.pages %}<li><a href="{{ p.permalink }}">{{ p.title }}</a></li>{% endfor %}</ul>
{% endblock content %}
""",
    "page.html": """{% extends "base.html" %}
{% block title %}{{ page.title }} | {{ config.title }}{% endblock title %}
{% block content %}
<article>
<h1>{{ page.title }}</h1>
{% if page.description %}<p>{{ page.description }}</p>{% endif %}
{% if page.extra.pipelines %}<p>Pipelines: {{ page.extra.pipelines | join(sep=", ") }}</p>{% endif %}
{{ page.content | safe }}
</article>
{% endblock content %}
""",
}

HUGO_CONFIG = """baseURL = "https://ops.example.com/"
title = {title}
disableKinds = ["taxonomy", "term", "RSS"]

[markup.highlight]
codeFences = false
"""

HUGO_LAYOUTS = {
    "_default/baseof.html": """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if .IsHome }}{{ site.Title }}{{ else }}{{ .Title }} | {{ site.Title }}{{ end }}</title>
</head>
<body>
<header><a href="{{ site.Home.RelPermalink }}">{{ site.Title }}</a></header>
<main>
{{ block "main" . }}{{ end }}
</main>
</body>
</html>
""",
    "_default/list.html": """{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ with .Description }}<p>{{ . }}</p>{{ end }}
{{ .Content }}
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>
{{ end }}
""",
    "_default/single.html": """{{ define "main" }}
<article>
<h1>{{ .Title }}</h1>
{{ with .Description }}<p>{{ . }}</p>{{ end }}
{{ with .Params.pipelines }}<p>Pipelines: {{ delimit . ", " }}</p>{{ end }}
{{ .Content }}
</article>
{{ end }}
""",
}


def parse_front(text: str, path: str):
    """Splits `---\\nYAML\\n---\\nbody` as written by gen_site.py (flat keys only)."""
    if not text.startswith("---\n"):
        sys.exit(f"{path}: no front matter")
    end = text.index("\n---\n", 3)
    front = {}
    for line in text[4:end].splitlines():
        key, _, value = line.partition(":")
        value = value.strip()
        if value.startswith('"'):
            front[key] = json.loads(value)
        elif value.startswith("["):
            front[key] = [v.strip() for v in value[1:-1].split(",") if v.strip()]
        else:
            front[key] = int(value) if value.isdigit() else value
    return text[4:end], front, text[end + 5:]


def parse_pipelines(path: str):
    """id -> {name, description} from gen_site.py's pipelines.yaml."""
    pipelines, cur, in_pipes = {}, None, False
    with open(path) as f:
        for line in f:
            if line.startswith("pipelines:"):
                in_pipes = True
            elif not in_pipes:
                continue
            elif line.startswith("  - id: "):
                cur = {"id": line[8:].strip()}
                pipelines[cur["id"]] = cur
            elif cur and line.startswith("    ") and ":" in line:
                key, _, value = line.strip().partition(":")
                value = value.strip()
                cur[key] = json.loads(value) if value.startswith('"') else value
    return pipelines


def toml_str(s: str) -> str:
    return json.dumps(s, ensure_ascii=True)  # a JSON string is a valid TOML basic string


def zola_front(front) -> str:
    lines = ["+++"]
    for key in ("title", "description"):
        if key in front:
            lines.append(f"{key} = {toml_str(front[key])}")
    if "weight" in front:
        lines.append(f"weight = {int(front['weight'])}")
    if "pipelines" in front:
        lines += ["[extra]", "pipelines = [" + ", ".join(toml_str(p) for p in front["pipelines"]) + "]"]
    lines.append("+++")
    return "\n".join(lines) + "\n"


def hugo_front(front) -> str:
    lines = ["---"]
    for key, value in front.items():
        if isinstance(value, list):
            lines.append(f"{key}: [" + ", ".join(value) + "]")
        elif isinstance(value, int):
            lines.append(f"{key}: {value}")
        else:
            lines.append(f"{key}: {json.dumps(value, ensure_ascii=True)}")
    lines.append("---")
    return "\n".join(lines) + "\n"


def write(path: str, text: str) -> None:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


def convert(site: str, zola: str, hugo: str) -> None:
    content = os.path.join(site, "content")
    runbooks = os.path.join(content, "runbooks")
    with open(os.path.join(content, "site.yaml")) as f:
        title = next((json.loads(v) if v.strip().startswith('"') else v.strip()
                      for k, _, v in (line.partition(":") for line in f) if k == "title"),
                     "Runbooks")
    pipelines = parse_pipelines(os.path.join(content, "pipelines.yaml"))

    # Every Markdown file, as a path relative to content/runbooks.
    sources = []
    for dirpath, dirnames, filenames in os.walk(runbooks):
        dirnames.sort()
        rel_dir = os.path.relpath(dirpath, runbooks).replace(os.sep, "/")
        for name in sorted(filenames):
            if name.endswith(".md"):
                sources.append(name if rel_dir == "." else f"{rel_dir}/{name}")
    pipeline_dirs = sorted({posixpath.dirname(s) for s in sources if s.count("/") == 2})
    pipeline_dir_by_id = {posixpath.basename(d): d for d in pipeline_dirs}

    def out_dir_of(rel: str) -> str:  # output folder of a source, relative to the site root
        if posixpath.basename(rel) == "_index.md":
            return posixpath.join("runbooks", posixpath.dirname(rel))
        return posixpath.join("runbooks", rel[: -len(".md")])

    def rewrite(body: str, rel: str, tool: str) -> str:
        src_dir = posixpath.dirname(rel)

        def repl(m):
            href = m.group(1)
            target, hash_, anchor = href.partition("#")
            frag = hash_ + anchor
            if target.startswith("/pipelines/"):
                pid = target.strip("/").split("/")[1]
                d = pipeline_dir_by_id.get(pid)
                if d is None:
                    return m.group(0)
                if tool == "zola":
                    return f"](@/runbooks/{d}/_index.md{frag})"
                return f"](/runbooks/{d}/{frag})"
            if "://" in target or target.startswith("/") or not target.endswith(".md"):
                return m.group(0)
            resolved = posixpath.normpath(posixpath.join(src_dir, target))
            if tool == "zola":
                return f"](@/runbooks/{resolved}{frag})"
            return f"](/{out_dir_of(resolved)}/{frag})"

        return LINK.sub(repl, body)

    for root in (zola, hugo):
        shutil.rmtree(root, ignore_errors=True)

    write(os.path.join(zola, "config.toml"), ZOLA_CONFIG.format(title=toml_str(title)))
    for name, text in ZOLA_TEMPLATES.items():
        write(os.path.join(zola, "templates", name), text)
    write(os.path.join(hugo, "hugo.toml"), HUGO_CONFIG.format(title=toml_str(title)))
    for name, text in HUGO_LAYOUTS.items():
        write(os.path.join(hugo, "layouts", *name.split("/")), text)

    home = {"title": title}
    top = {"title": "Runbooks", "description": "Every runbook, by domain and pipeline."}
    for front, rel in ((home, None), (top, "_index.md")):
        zpath = os.path.join(zola, "content", *(["runbooks", rel] if rel else ["_index.md"]))
        hpath = os.path.join(hugo, "content", *(["runbooks", rel] if rel else ["_index.md"]))
        write(zpath, zola_front(front))
        write(hpath, hugo_front(front))
    for d in pipeline_dirs:
        p = pipelines.get(posixpath.basename(d), {})
        front = {"title": p.get("name", posixpath.basename(d))}
        if p.get("description"):
            front["description"] = p["description"]
        body = (f"\nPipeline `{posixpath.basename(d)}` of the `{posixpath.dirname(d)}` domain; "
                f"primary owner `{p.get('primary', '?')}`, secondary `{p.get('secondary', '?')}`.\n")
        write(os.path.join(zola, "content", "runbooks", *d.split("/"), "_index.md"), zola_front(front) + body)
        write(os.path.join(hugo, "content", "runbooks", *d.split("/"), "_index.md"), hugo_front(front) + body)

    for rel in sources:
        path = os.path.join(runbooks, *rel.split("/"))
        with open(path) as f:
            _, front, body = parse_front(f.read(), path)
        write(os.path.join(zola, "content", "runbooks", *rel.split("/")),
              zola_front(front) + rewrite(body, rel, "zola"))
        write(os.path.join(hugo, "content", "runbooks", *rel.split("/")),
              hugo_front(front) + rewrite(body, rel, "hugo"))

    expected = "".join(sorted(f"{out_dir_of(rel)}/index.html\n" for rel in sources))
    for root in (zola, hugo):
        write(os.path.join(root, "expected_pages.txt"), expected)
    print(f"{zola}, {hugo}: {len(sources)} Markdown files, {len(pipeline_dirs)} pipeline sections")


def main(argv=None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 3:
        sys.exit(__doc__.strip().split("\n\n")[1])
    convert(*argv)


if __name__ == "__main__":
    main()
