#!/usr/bin/env python3
"""Builds sites made of one hostile file, in each shape at three sizes up to the 4 MiB
limit, and prints wall time, peak memory and output size per size. See bench/README.md.

Fails (exit 1) when, at any size, a build takes more than 5 s or 500 MB, when doubling
the input more than about doubles the CPU time or memory (ratio above 2.6, ignoring runs
under 0.5 s and 64 MB, which are noise on a shared machine), when the largest page is more than PAGE_MULTIPLE times
its source plus the theme, or when a build fails other than by refusing the input with a
`file:line` error.

    bench/adversarial.py [--bin target/release/pipebook] [--only SHAPE,...] [--sizes 1,2,4]
"""
import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time

MIB = 1024 * 1024
# A page is at most this many times the size of its Markdown, plus the theme's own page.
PAGE_MULTIPLE = 40
LIMIT_SECONDS = 5.0
LIMIT_BYTES = 500 * 1000 * 1000


def fill(unit, size, head="", tail=""):
    """`head`, `unit` repeated to reach `size` bytes, `tail`."""
    if callable(unit):
        parts, n, i = [head], len(head) + len(tail), 0
        while n < size:
            u = unit(i)
            if n + len(u) > size and i > 0:
                break
            parts.append(u)
            n += len(u)
            i += 1
        parts.append(tail)
        return "".join(parts)
    k = max(1, (size - len(head) - len(tail)) // len(unit))
    return head + unit * k + tail


def fill_bytes(unit, size, head=""):
    """`fill` for a `unit` outside ASCII: `size` counts UTF-8 bytes, not characters."""
    return fill(unit, size * len(unit) // len(unit.encode()), head=head)


def nested(open_, close, size, inner="x"):
    k = (size - len(inner)) // (len(open_) + len(close))
    return open_ * k + inner + close * k


RB = "runbooks/x.md"
# Each shape: file under content/ -> text of the given size.
SHAPES = {
    "yaml_block_deep": lambda n: {RB: fill(lambda i: "```yaml\n" + "- " * 255 + "x\n```\n\n", n)},
    "yaml_block_one": lambda n: {RB: "```yaml\n" + fill("- ", n - 20) + "x\n```\n"},
    "nested_numbered_lists": lambda n: {RB: fill("1. ", n)},
    "nested_bullets": lambda n: {RB: fill("- ", n, tail="x\n")},
    "repeated_headings": lambda n: {RB: fill("## Step\n", n)},
    # Distinct words (a pasted log of request ids): each is a term of the index, and the
    # head files grew with them, 89,614 files for 4 MiB (session 54; now at most 32,768).
    "unique_words": lambda n: {RB: fill(lambda i: f"r{i * 2654435761 % 2**32:08x} ", n)},
    # MyST labels (`(label)=`), each over a heading: the heading's id was looked up
    # heading by heading, 50,000 labels over 10,000 headings took 35 s (session 44).
    "myst_labels_over_headings": lambda n: {RB: fill(lambda i: f"({i})=\n## h {i}\n", n)},
    "myst_labels_over_one_heading": lambda n: {
        RB: fill(lambda i: f"({i})=\n## {'a' * 200} b\n", n)
    },
    "numbered_steps": lambda n: {RB: fill("1. x\n", n, head="## " + "a" * 90 + "\n\n")},
    "deep_yaml_front_matter": lambda n: {RB: "---\nx: " + nested("[", "]", n - 20) + "\n---\nbody\n"},
    "deep_yaml_team": lambda n: {"team.yaml": "x: " + nested("[", "]", n - 10) + "\n"},
    "deep_block_yaml_front_matter": lambda n: {RB: "---\nx: " + fill("- ", n - 20) + "x\n---\nbody\n"},
    "broken_anchors": lambda n: {RB: fill(lambda i: f"[a](#nope-{i})\n", n, head="# T\n\n")},
    "anchors_ok": lambda n: {RB: fill(lambda i: f"## h{i}\n[a](#h{i})\n", n)},
    "many_links": lambda n: {RB: fill("[a](y.md) [b](https://e.x/) ", n), "runbooks/y.md": "# Y\n"},
    "broken_file_links": lambda n: {RB: fill(lambda i: f"[a](nope{i}.md)\n", n)},
    "site_anchor_links": lambda n: {RB: fill(lambda i: f"[a](/runbooks/y/#nope-{i})\n", n, head="# T\n\n"), "runbooks/y.md": "# Y\n"},
    "site_links_past_limit": lambda n: {RB: fill(lambda i: f"[a](/nope-{i}/)\n", n, head="# T\n\n")},
    "hugo_root_refs": lambda n: {RB: fill(lambda i: f'[a]({{{{< ref "/runbooks/y{i}.md" >}}}})\n', n, head="# T\n\n")},
    "hugo_bare_refs": lambda n: {RB: fill(lambda i: f'[a]({{{{< ref "y{i}#s" >}}}}) {{{{<ref y>}}}}\n', n, head="# T\n\n")},
    "hugo_unclosed_refs": lambda n: {RB: fill("{{< ref x{{% relref ", n, head="# T\n\n")},
    "wiki_links": lambda n: {RB: fill(lambda i: f"[[y{i}|t]] [[x#h{i}]] ![[z{i}]] ", n, head="# T\n\n"), "runbooks/y1.md": "# Y\n"},
    "wiki_open_brackets": lambda n: {RB: fill("[[a|b ", n, head="# T\n\n")},
    "foreign_directives": lambda n: {RB: fill("* TOC\n{:toc}\n\n{% include x.html %}\n--8<-- \"a.md\"\n\n", n)},
    "wiki_in_headings": lambda n: {RB: fill(lambda i: "## " + f"[[y{i}]] [[a|b [[z]] " * 60 + "\n", n), "runbooks/y1.md": "# Y\n"},
    "liquid_links": lambda n: {RB: fill(lambda i: f"[a]({{{{site.baseurl}}}}/content/runbooks/x{i}.png) ![b]({{{{site.url}}}}{{{{x}}}})\n", n, head="# T\n\n")},
    "jekyll_html_links": lambda n: {RB: fill(lambda i: f"[a](y{i % 100}.html) [b](/content/runbooks/y.html#s{i}) [c](z{i}.html)\n", n, head="# T\n\n"), "runbooks/y.md": "# Y\n"},
    "redirect_from_list": lambda n: {RB: fill(lambda i: f"  - old/p{i}/{('x' * 100 + '/') * (n // 909000)}\n", n, head="---\nredirect_from:\n", tail="permalink: /x/\nslug: y\n---\nbody\n")},
    "admonitions": lambda n: {RB: fill(":::note\nx\n:::\n\n$$\na\n$$\n\n![i](y.png#gh-dark-mode-only)\n\n", n)},
    "zola_deep_link": lambda n: {RB: "# T\n\n[x](@/" + fill("a/", n - 30) + "b.md)\n"},
    "given_ids_taken": lambda n: {RB: fill(lambda i: f"## a\n## b {{#a-{i + 1}}}\n", n)},
    "given_ids": lambda n: {RB: fill(lambda i: f"## b {{#g{i}}}\n1. x\n", n)},
    "many_footnotes": lambda n: {RB: fill(lambda i: f"x[^{i}]\n\n[^{i}]: y\n\n", n)},
    "footnote_refs": lambda n: {RB: fill("x[^a] ", n, tail="\n\n[^a]: y\n")},
    "long_line": lambda n: {RB: fill("word ", n)},
    "long_heading": lambda n: {RB: "## " + fill("a", n - 20) + "\n\n1. x\n"},
    "wide_table": lambda n: {RB: "|" + "a|" * (n // 8) + "\n|" + "-|" * (n // 8) + "\n" + "|1\n" * (n // 4 // 3)},
    "many_tables": lambda n: {RB: fill("| a | b |\n|---|---|\n| 1 | 2 |\n\n", n)},
    "emphasis_run": lambda n: {RB: fill("*a ", n)},
    "emphasis_nest": lambda n: {RB: nested("*_", "_*", n)},
    "unclosed_brackets": lambda n: {RB: fill("[", n)},
    "html_blocks": lambda n: {RB: fill("<div>\nx\n</div>\n\n", n)},
    "inline_html": lambda n: {RB: fill("<span>a</span> ", n)},
    "html_items_unclosed": lambda n: {RB: fill("<li><span>x", n, head="<ul>")},
    "html_ends_over_phrasing": lambda n: {RB: "<p>" + fill("<a>", n // 2) + fill("<address>", n // 2)},
    "html_block_lines": lambda n: {RB: fill("<div><span title='a'>x</span><a href='https://e.x/'>y</a></div>\n", n)},
    "misleading_links": lambda n: {RB: fill("[https://ops.example/](https://e.x/) <a href=https://e.x/>www.ops.example</a>\n", n)},
    "html_links_one_line": lambda n: {RB: "<div>\n" + fill("<a href=x>", n - 20) + "\n</div>\n"},
    "html_attributes": lambda n: {RB: "<div " + fill(lambda i: f'a{i}="x" ', n - 20) + ">x</div>\n"},
    "html_attributes_256": lambda n: {RB: fill(lambda i: "<div " + "".join(f"a{j}=x " for j in range(256)) + ">x</div>\n\n", n)},
    "code_blocks_sql": lambda n: {RB: fill("```sql\nSELECT a FROM t WHERE b = 'c';\n```\n\n", n)},
    "code_block_bash_one": lambda n: {RB: "```bash\n" + fill("echo $((1+ ", n - 20) + "\n```\n"},
    "code_blocks_bash_big": lambda n: {RB: fill(lambda i: "```bash\n" + "echo $((1+ " * 2950 + "\n```\n\n", n)},
    "code_blocks_bash_depth": lambda n: {RB: fill(lambda i: "```bash\n" + "echo $((1+ " * 31 + "\n```\n\n", n)},
    "code_blocks_json_big": lambda n: {RB: fill(lambda i: "```json\n" + "[" * 16000 + "]" * 16000 + "\n```\n\n", n)},
    "code_block_json_deep": lambda n: {RB: "```json\n" + nested("[", "]", n - 20) + "\n```\n"},
    "code_block_python_deep": lambda n: {RB: "```python\n" + fill(lambda i: " " * min(i, 2000) + "if x:\n", n - 20) + "\n```\n"},
    # Session 50: the lexers of diff, PromQL, TOML, HCL, Ruby, Go and JavaScript (src/highlight/).
    "code_blocks_toml_headers": lambda n: {RB: fill(lambda i: "```toml\n" + '["""\n' * 6500 + "```\n\n", n)},
    "code_blocks_toml_open": lambda n: {RB: fill(lambda i: "```toml\n" + "a = [{ b = [" * 2700 + "\n```\n\n", n)},
    "code_blocks_promql_open": lambda n: {RB: fill(lambda i: "```promql\n" + "sum by ((((x{a=`" * 2000 + "\n```\n\n", n)},
    "code_blocks_hcl_open": lambda n: {RB: fill(lambda i: "```hcl\n" + 'a = "${"${"${{{ <<EOT\nx = <<B\n' * 1000 + "\n```\n\n", n)},
    "code_blocks_hcl_blocks": lambda n: {RB: fill(lambda i: "```hcl\n" + 'resource a b c d e f g h "i" {\n' * 900 + "\n```\n\n", n)},
    "code_blocks_ruby_slashes": lambda n: {RB: fill(lambda i: "```ruby\n" + "( " + "/\\" * 16000 + "\n```\n\n", n)},
    "code_blocks_ruby_open": lambda n: {RB: fill(lambda i: "```ruby\n" + 'x = "#{%w[<<~A <<B \'#{/' * 1500 + "\n```\n\n", n)},
    "code_blocks_js_slashes": lambda n: {RB: fill(lambda i: "```js\n" + "( " + "/[\\" * 10000 + "\n```\n\n", n)},
    "code_blocks_js_templates": lambda n: {RB: fill(lambda i: "```js\n" + "`${`${'${\"${/*" * 2000 + "\n```\n\n", n)},
    "code_blocks_md_ticks": lambda n: {RB: fill(lambda i: "```md\n" + "".join("`" * k + " x " for k in range(1, 250)) + "\n```\n\n", n)},
    "code_blocks_md_open": lambda n: {RB: fill(lambda i: "```md\n" + "> 1. **a __b <a ](c `d <!-x [e]: " * 900 + "\n```\n\n", n)},
    "code_blocks_clike_open": lambda n: {RB: fill(lambda i: "```kotlin\n" + '"${"${\'@x """' * 1500 + "\n```\n\n```cs\n" + '@"""' * 4000 + "\n```\n\n```jsonnet\n" + "a+:: ||| # " * 1500 + "\n```\n\n", n)},
    "code_blocks_jsx_deep": lambda n: {RB: fill(lambda i: "```tsx\n" + "<a b={<p>x < y {" * 2000 + "\n```\n\n", n)},
    "code_blocks_ini_lines": lambda n: {RB: fill("```ini\n" + "[a\n;x\n k = 'v\n=:=:\n" * 1500 + "```\n\n", n)},
    # The lexers of this round, each on what it leaves open or nests: markup whose tags
    # and quotes do not close, HTML scripts never ended, Dockerfile here-documents and
    # continuations, make's `$(` unclosed, PowerShell here-strings and types, Rust's raw
    # strings full of near-closing quotes and attributes, nginx quotes.
    "code_blocks_markup_open": lambda n: {RB: fill("```html\n" + "<a b='c <script>x<!-- <![CDATA[ &#x" * 600 + "\n```\n\n", n)},
    "code_blocks_docker_heredocs": lambda n: {RB: fill("```dockerfile\n" + "RUN <<a <<b \\\n# c\n\n" * 1200 + "```\n\n", n)},
    "code_blocks_make_open": lambda n: {RB: fill("```makefile\n" + "a: $((((${ \\\n\t@x $$ \\\n" * 1200 + "```\n\n", n)},
    "code_blocks_powershell_open": lambda n: {RB: fill("```powershell\n" + "@\" [a[b $c:d -e `\" <# ' " * 1000 + "\n```\n\n", n)},
    "code_blocks_rust_raw": lambda n: {RB: fill("```rust\n" + "r###\"a\"##\"#'a '\\ #[x /* b!" * 800 + "\n```\n\n", n)},
    "code_blocks_nginx_open": lambda n: {RB: fill("```nginx\n" + "a ${b \"c; { $d 'e # f\n" * 1100 + "```\n\n", n)},
    "code_blocks_diff_lines": lambda n: {RB: fill("```diff\n" + "@@ x\n+a\n-b\n c\n" * 50 + "```\n\n", n)},
    # Chains of 31 folders of 88-byte names, a 10-byte runbook at each end: refused
    # (src/load/runbooks/folder_budget.rs); each folder's page links every folder above.
    "folders_deep_long": lambda n: {"runbooks/d/c%d%s/%s/leaf.md" % (c, "n" * 84, "/".join(["n" * 88] * 30)): "# Leaf\n\nx\n" for c in range(max(1, n // 2763))},
    "deep_blockquotes": lambda n: {RB: fill(">", n, tail=" x\n")},
    "front_matter_keys": lambda n: {RB: fill(lambda i: f"k{i}: v\n", n, head="---\n", tail="---\nbody\n")},
    "front_matter_list": lambda n: {RB: fill("  - x\n", n, head="---\nitems:\n", tail="---\nbody\n")},
    "long_key_children": lambda n: {RB: "---\n" + "k" * (n // 2) + ":\n" + fill("  a: 1\n", n // 2) + "---\nbody\n"},
    "long_ids": lambda n: {RB: fill(lambda i: f"## {'b' * 500}\n\n", n)},
    "explicit_long_id": lambda n: {RB: "## x {#" + "a" * (n - 40) + "}\n\n1. y\n"},
    "unknown_pipelines": lambda n: {RB: "---\npipelines: [" + fill(lambda i: f"p{i}{'x' * 300}, ", n - 40) + "]\n---\nbody\n"},
    "unknown_owners": lambda n: {"pipelines.yaml": "domains: [{id: d, name: D}]\npipelines:\n" + "".join(f"  - {{id: p{i}, name: P, domain: d, audience: a, primary: x{i}, secondary: y{i}}}\n" for i in range(min(9999, n // 80)))},
    "team_10000": lambda n: {"team.yaml": "engineers:\n" + "".join(f"  - {{id: e{i}, name: E}}\n" for i in range(10000))},
    "team_list": lambda n: {"team.yaml": fill(lambda i: f"  - {{id: e{i}, name: E}}\n", n, head="engineers:\n")},
    "span_attribute_lists": lambda n: {RB: fill("![a](b.png){:width=\"20\"} *c*{: .d} ", n, head="# T\n\n")},
    "links_in_addresses": lambda n: {RB: fill("[a]([x](https://x.example/)) ", n, head="# T\n\n")},
    "heading_isolates": lambda n: {RB: fill("## a \u2067b \u2069c \u2067d\n", n * 14 // 20)},
    "one_heading_of_isolates": lambda n: {RB: "## " + fill("\u2067a", n // 2 - 20) + "\n"},
    # Session 23: the page-wide stack of the author's raw elements (markdown/raw_stack.rs).
    "raw_opens_unclosed": lambda n: {RB: fill("<div>\n\n", n)},
    "raw_stray_closers": lambda n: {RB: fill("</div></blockquote>\n\n", n)},
    "raw_open_in_quotes": lambda n: {RB: fill("> <div><b><details>\n\n", n)},
    "raw_open_inline": lambda n: {RB: fill("a <b><i><span> b\n\n", n)},
    "raw_tag_left_open": lambda n: {RB: fill("<div title=\"\n\n", n)},
    # Session 59: Markdown blocks ending the author's `<p>` for search (raw_stack's
    # `block_starts`), under an `<rp>` they cannot end; and a heading's own stack.
    "blocks_after_open_rp": lambda n: {RB: "<rp><p>\n" + "<a>" * 1000 + "\n\n" + fill("a\n\n---\n\n", n - 4000)},
    "heading_implied_ends": lambda n: {RB: "## " + fill("<p><rp>x<div>y</div><ul><li><rp>z<li>w</ul>", n - 20) + "\n"},
    # Session 60: `.gitattributes` lines that hide a runbook's diff, matched against every
    # page (src/load/gitattributes.rs): at most 100, the rest counted.
    "gitattributes_lines": lambda n: {"runbooks/.gitattributes": fill(lambda i: f"**/x{i}*/**/*.md -diff\n", n), RB: "# T\n\nbody\n"},
    "go_templates_in_text": lambda n: {RB: fill("{{ $labels.x }} {{ a b }} ", n, head="# T\n\n")},
    "remote_images": lambda n: {RB: fill("![a](https://t.example/p.gif) <img src=//t.example/q.gif> ", n, head="# T\n\n")},
    # GitLab's math (session 63): inline `$`x`$` held two events ahead, `$$` paragraphs
    # read from their source, one block of 1 MiB and many small ones.
    "forge_math_inline": lambda n: {RB: fill("a $`x^2`$ $`y`$$`z`$ ", n, head="# T\n\n")},
    "forge_math_blocks": lambda n: {RB: fill("$$\n\\frac{a}{b} *c*\n$$\n\n> $$\n> x\n> $$\n\n", n)},
    "forge_math_one_block": lambda n: {RB: "$$\n" + fill("a_1 * b \\\\\n", n - 10) + "$$\n"},
    # Session 64: lookalike dashes starting options in code (markdown/code_dashes.rs),
    # in one block and in many spans, and tags after accented letters in code.
    "code_dash_options_block": lambda n: {RB: "```sh\n" + fill_bytes("x \u2010\u2010a \u2212b \u2013 c\n", n - 20) + "```\n"},
    "code_dash_options_spans": lambda n: {RB: fill_bytes("`\u2010\u2010dry-run` and `\u2013f` ", n, head="# T\n\n")},
    "text_tags": lambda n: {RB: fill_bytes("a\U000e0061\U000e0062 \U0001f3f4\U000e0067\U000e007f ", n, head="# T\n\n")},
    "code_tags_after_accents": lambda n: {RB: "```sh\n" + fill_bytes("\u00e9\U000e0061\U000e0062 ", n - 20) + "\n```\n"},
    "own_forge_links": lambda n: {
        "site.yaml": "title: T\nbase_url: https://x.example/\nrepository: https://gitlab.com/a/b\nbranch: main\n",
        RB: fill(lambda i: f"[a](https://gitlab.com/a/b/-/blob/main/content/runbooks/y.md#h{i}) ", n, head="# T\n\n"),
        "runbooks/y.md": "# Y\n",
    },
}


def run(binary, files, size):
    root = tempfile.mkdtemp(prefix="adv-", dir="/dev/shm" if os.path.isdir("/dev/shm") else None)
    try:
        for rel, text in files.items():
            p = os.path.join(root, "content", rel)
            os.makedirs(os.path.dirname(p), exist_ok=True)
            with open(p, "w") as f:
                f.write(text)
        src = sum(len(t.encode()) for t in files.values())
        out = os.path.join(root, "public")
        start = time.monotonic()
        proc = subprocess.Popen(
            [binary, "build", "--root", root, "--output", out],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            env=dict(os.environ, SOURCE_DATE_EPOCH="1795694400"),
        )
        try:
            stdout, stderr = proc.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.communicate()
            return dict(src=src, secs=60.0, cpu=60.0, rss=0, out=0, page=0, status="timeout", err="")
        secs = time.monotonic() - start
        ru = resource.getrusage(resource.RUSAGE_CHILDREN)
        rss = ru.ru_maxrss * 1024
        cpu = ru.ru_utime + ru.ru_stime
        total, page = 0, 0
        for d, _, names in os.walk(out):
            for name in names:
                s = os.path.getsize(os.path.join(d, name))
                total += s
        page_file = os.path.join(out, "runbooks", "x", "index.html")
        if os.path.exists(page_file):
            page = os.path.getsize(page_file)
        err = stderr.decode(errors="replace")
        status = "ok" if proc.returncode == 0 else f"exit {proc.returncode}"
        return dict(src=src, secs=secs, cpu=cpu, rss=rss, out=total, page=page, status=status, err=err)
    finally:
        shutil.rmtree(root, ignore_errors=True)


def measure(binary, files, size):
    """Runs in a fresh child so that peak memory is this build's alone."""
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(r)
        res = run(binary, files, size)
        os.write(w, repr(res).encode())
        os._exit(0)
    os.close(w)
    data = b""
    while True:
        chunk = os.read(r, 65536)
        if not chunk:
            break
        data += chunk
    os.waitpid(pid, 0)
    return eval(data.decode())  # our own repr, from our own child


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=os.path.join(os.path.dirname(__file__), "..", "target", "release", "pipebook"))
    ap.add_argument("--only", default="")
    ap.add_argument("--sizes", default="1,2,4", help="MiB, largest last")
    args = ap.parse_args()
    sizes = [int(float(s) * MIB) - 4096 for s in args.sizes.split(",")]
    only = [s for s in args.only.split(",") if s]
    theme = measure(args.bin, {RB: "x\n"}, 0)["page"]
    print(f"theme page: {theme} bytes; limits: {LIMIT_SECONDS} s, {LIMIT_BYTES // 10**6} MB, page <= {PAGE_MULTIPLE} x source + theme")
    print(f"{'shape':28} {'input':>9} {'wall s':>7} {'CPU s':>6} {'peak MB':>8} {'output':>11} {'page':>11}  result")
    failures = []
    for name, make in SHAPES.items():
        if only and name not in only:
            continue
        prev = None
        for size in sizes:
            files = make(size)
            # The faster of two runs: the machine is shared, and a slow run is noise.
            m = min((measure(args.bin, files, size) for _ in range(2)), key=lambda r: r["cpu"])
            refused = m["status"] == "exit 1" and ("content/" in m["err"]) and ":" in m["err"]
            first_err = next((l for l in m["err"].splitlines() if l.startswith("error")), "")
            shown = "built" if m["status"] == "ok" else ("refused: " + first_err[:90] if refused else m["status"] + " " + m["err"][:200])
            print(f"{name:28} {m['src']:>9} {m['secs']:>7.2f} {m['cpu']:>6.2f} {m['rss'] / 1e6:>8.1f} {m['out']:>11} {m['page']:>11}  {shown}", flush=True)
            if m["status"] != "ok" and not refused:
                failures.append(f"{name} at {size}: {m['status']}")
            if m["secs"] > LIMIT_SECONDS or m["rss"] > LIMIT_BYTES:
                failures.append(f"{name} at {size}: {m['secs']:.2f} s, {m['rss'] / 1e6:.0f} MB")
            if m["page"] > PAGE_MULTIPLE * m["src"] + theme:
                failures.append(f"{name} at {size}: page {m['page']} > {PAGE_MULTIPLE} x {m['src']} + {theme}")
            if prev:
                # CPU time: on a shared machine, wall time mostly measures the neighbours.
                if m["cpu"] > 0.5 and m["cpu"] > 2.6 * prev["cpu"] * size / prev["size"] / 2:
                    failures.append(f"{name}: CPU time {prev['cpu']:.2f} -> {m['cpu']:.2f} s")
                if m["rss"] > 64e6 and m["rss"] > 2.6 * prev["rss"] * size / prev["size"] / 2:
                    failures.append(f"{name}: memory {prev['rss'] / 1e6:.0f} -> {m['rss'] / 1e6:.0f} MB")
            m["size"] = size
            prev = m
    if failures:
        print("\nFAILED:\n  " + "\n  ".join(failures))
        sys.exit(1)
    print("\nall shapes linear and within limits")


if __name__ == "__main__":
    main()
