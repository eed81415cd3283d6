//! Code is highlighted at build time: the fixture site's runbook, built by the binary,
//! has its code in spans with classes, escaped, with or without `sanitize_html`, and the
//! search index is the one the same site gets without highlighting.

mod common;

use std::fs;
use std::path::Path;

use common::*;

fn fixture() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("tests/fixtures/highlight"), dir.path());
    dir
}

fn page(root: &Path) -> String {
    build_ok(root);
    read(&root.join("public/runbooks/code/index.html"))
}

fn check_highlighted(html: &str) {
    for expected in [
        // SQL: keywords, functions, strings, numbers, comments; `<` and `&` escaped.
        r#"<pre><code class="language-sql"><span class="c">-- rows per day; a &lt; 2 &amp; b</span>"#,
        r#"<span class="k">SELECT</span> load_date, <span class="f">COUNT</span>(*)"#,
        r#"<span class="s">'2026-01-09'</span> <span class="k">AND</span> amount &lt; <span class="n">100</span>"#,
        r#"<span class="k">GROUP BY</span> load_date;"#,
        // Shell: command names, options, strings, variables.
        r#"<pre><code class="language-shell"><span class="c"># re-run one day</span>"#,
        r#"<span class="f">airflow</span> tasks clear daily_orders <span class="o">-t</span>"#,
        r#"<span class="f">echo</span> <span class="s">"&lt;done&gt;"</span> &gt; "#,
        // Console: the prompt, then a command; output plain.
        r#"<pre><code class="language-console"><span class="gp">$ </span><span class="cmd"><span class="f">etcdctl</span> defrag <span class="o">--cluster</span></span>"#,
        "\n<span class=\"go\">Finished defragmenting etcd member[https://10.0.0.1:2379]</span>\n</code></pre>",
        // A bash session: a comment, a continued command, output, and root's prompts
        // after `oc debug`.
        r#"<pre><code class="language-bash"><span class="c"># Find the node of the failing pod</span>"#,
        r#"<span class="gp">$ </span><span class="cmd"><span class="f">kubectl</span> get pod"#,
        "\n    <span class=\"o\">--no-headers</span></span>\n<span class=\"go\">etl-0 ",
        r#"<span class="gp"># </span><span class="cmd"><span class="f">chroot</span> /host</span>"#,
        "<span class=\"go\">CONTAINER   IMAGE   STATE</span>\n</code></pre>",
        r#"<span class="p">retries</span>: <span class="n">3</span>"#,
        r#"<span class="p">"paused"</span>: <span class="n">false</span>"#,
        r#"<span class="k">def</span> <span class="f">run</span>("#,
        r#"<span class="c"># &lt;stdout&gt;</span>"#,
        // PromQL: functions, keywords, label names and values, durations.
        r#"<pre><code class="language-promql"><span class="f">sum</span> <span class="k">by</span> (<span class="p">job</span>) (<span class="f">rate</span>(http_requests_total{<span class="p">job</span>=<span class="s">"api"</span>, <span class="p">code</span>=~<span class="s">"5.."</span>}[<span class="n">5m</span>])) &gt; <span class="n">0</span>"#,
        // A diff's file and hunk headers, removed and added lines.
        r#"<pre><code class="language-diff"><span class="gf">--- a/netlify.toml</span>"#,
        "<span class=\"gh\">@@ -1,2 +1,2 @@</span>\n [build]\n<span class=\"gd\">-  command = \"make &lt;site&gt;\"</span>\n<span class=\"gi\">+  command = \"make site\"</span>",
        // TOML: a table, keys, strings, numbers, comments.
        r#"<pre><code class="language-toml"><span class="t">[build]</span>"#,
        r#"<span class="p">command</span> = <span class="s">"make site"</span> <span class="c"># &lt;build&gt;</span>"#,
        r#"<span class="p">retries</span> = <span class="n">3</span>"#,
        // HCL: a block's type and labels, an attribute, a string, a comment.
        r#"<pre><code class="language-terraform"><span class="k">resource</span> <span class="s">"google_storage_bucket" "scratch"</span> {"#,
        r#"<span class="p">name</span> = <span class="s">"${var.prefix}-&lt;scratch&gt;"</span> <span class="c"># the prefix</span>"#,
        // Ruby: a constant, a called method, a hash key, a constant value, a string.
        r##"<pre><code class="language-ruby"><span class="t">Project</span>.<span class="f">where</span>(<span class="p">pending_delete:</span> <span class="n">true</span>).each { |p| puts <span class="s">"#{p.id} &lt;stuck&gt;"</span> }"##,
        // Go: a declared function, a type, a keyword, a called function, a string.
        r#"<pre><code class="language-go"><span class="k">func</span> <span class="f">lag</span>(n <span class="t">int64</span>) <span class="t">error</span> { <span class="k">return</span> fmt.<span class="f">Errorf</span>(<span class="s">"&lt;lag&gt; %d"</span>, n) }"#,
        // LogQL: PromQL's lexer, with the pipeline's stages and label filters.
        r#"<pre><code class="language-logql"><span class="f">sum</span>(<span class="f">rate</span>({<span class="p">job</span>=<span class="s">"api"</span>} |= <span class="s">"error"</span> | <span class="k">json</span> | <span class="p">level</span>=<span class="s">"&lt;err&gt;"</span> [<span class="n">5m</span>])) &gt; <span class="n">0</span>"#,
        // Markdown: a heading, a list's marker, a code span, a comment, a link's address.
        r#"<pre><code class="language-markdown"><span class="n gf">## Steps</span>"#,
        r#"<span class="v">1.</span> Page <span class="n">`#data-oncall`</span> <span class="c">&lt;!-- &lt;who&gt; --&gt;</span> and read [the board](<span class="s">https://grafana.example/d/lag</span>)."#,
        // C#: keywords, a type, a verbatim string (no escapes).
        r#"<pre><code class="language-csharp"><span class="k">public</span> <span class="t">string</span> Name { <span class="k">get</span>; } = <span class="s">@"C:\runs\&lt;etl&gt;"</span>;"#,
        // Jsonnet: a field, a constant, a text block.
        "<pre><code class=\"language-jsonnet\">{ <span class=\"p\">tier</span>: <span class=\"n\">null</span>, <span class=\"p\">help</span>: <span class=\"s\">|||\n  &lt;lag&gt; in seconds\n|||</span> }",
        // HTTP: the request line, a header's name, the JSON body.
        "<pre><code class=\"language-http\"><span class=\"k\">POST</span> <span class=\"s\">/api/token</span> <span class=\"t\">HTTP/1.1</span>\n<span class=\"p\">Content-Type</span>: application/json\n\n{<span class=\"p\">\"target\"</span>: <span class=\"s\">\"&lt;aud&gt;\"</span>}",
        // TSX: an element's tag and attribute, text plain (its `'` opens no string), code.
        r#"<pre><code class="language-tsx"><span class="k">const</span> alert = &lt;<span class="t">Banner</span> <span class="p">kind</span>=<span class="s">"warn"</span>&gt;Don't restart {name}&lt;/<span class="t">Banner</span>&gt;;"#,
        // INI: a section, a key with a space in it, its value plain.
        "<pre><code class=\"language-ini\"><span class=\"t\">[global]</span>\n<span class=\"p\">log file</span> = /tmp/&lt;ceph&gt;.log\n</code></pre>",
        // XML: a tag, attributes and their values, a comment.
        r#"<pre><code class="language-xml">&lt;<span class="t">property</span> <span class="p">name</span>=<span class="s">"log.dirs"</span> <span class="p">value</span>=<span class="s">"/data/&lt;kafka&gt;"</span>/&gt; <span class="c">&lt;!-- &lt;broker&gt; --&gt;</span>"#,
        // HTML: a reference, and a script's content highlighted as JavaScript.
        r#"<span class="n">&amp;lt;</span>late<span class="n">&amp;gt;</span>&lt;/<span class="t">p</span>&gt;&lt;<span class="t">script</span>&gt;<span class="k">const</span> day = <span class="s">"&lt;day&gt;"</span>;&lt;/<span class="t">script</span>&gt;"#,
        // PowerShell: a cmdlet, parameters, a variable, a comment.
        r#"<pre><code class="language-powershell"><span class="f">Restart-Service</span> <span class="o">-Name</span> <span class="v">$svc</span> <span class="o">-Force</span> <span class="c"># &lt;win&gt;</span>"#,
        // Dockerfile: instructions, a stage's name, a RUN's command as shell.
        "<pre><code class=\"language-dockerfile\"><span class=\"k\">FROM</span> python:3.12 <span class=\"k\">AS</span> build\n<span class=\"k\">RUN</span> <span class=\"f\">pip</span> install <span class=\"o\">--no-cache-dir</span> <span class=\"s\">\"&lt;wheel&gt;\"</span>",
        // Makefile: a rule's target, its recipe as shell.
        "<pre><code class=\"language-makefile\"><span class=\"f\">deploy</span>: build\n\t@<span class=\"f\">kubectl</span> apply <span class=\"o\">-f</span> k8s/ <span class=\"c\"># &lt;make&gt;</span>",
        // nginx: a directive, a comment.
        r#"<pre><code class="language-nginx"><span class="k">proxy_pass</span> http://api:8080; <span class="c"># &lt;proxy&gt;</span>"#,
        // Rust: a keyword, a type, a raw string, a method.
        r##"<pre><code class="language-rust"><span class="k">let</span> lag: <span class="t">u64</span> = <span class="s">r#"&lt;rust&gt;"#</span>.<span class="f">len</span>()"##,
        // Solidity: keywords, a declared function, an event emitted, a string.
        r#"<pre><code class="language-solidity"><span class="k">function</span> <span class="f">pause</span>() <span class="k">external</span> { <span class="k">emit</span> <span class="f">Paused</span>(<span class="s">"&lt;sol&gt;"</span>); }"#,
        // Plain: no grammar, `text`, no language.
        "<pre><code class=\"language-nix\">sum(rate({job=\"api\"} |= \"error\" [5m])) &gt; 0\n</code></pre>",
        "<pre><code class=\"language-text\">ERROR &lt;timeout&gt; after 60 s\n</code></pre>",
        "<pre><code>no language &amp; no class\n</code></pre>",
    ] {
        assert!(html.contains(expected), "missing {expected}\nin {html}");
    }
    for markup in [
        "<done>",
        "<stdout>",
        "<timeout>",
        "<site>",
        "<build>",
        "<scratch>",
        "<stuck>",
        "<lag>",
        "<err>",
        "<who>",
        "<etl>",
        "<aud>",
        "<ceph>",
        "<kafka>",
        "<broker>",
        "<late>",
        "<day>",
        "<win>",
        "<wheel>",
        "<make>",
        "<proxy>",
        "<rust>",
        "<sol>",
    ] {
        assert!(!html.contains(markup), "{markup}");
    }
}

#[test]
fn code_blocks_are_highlighted_in_the_written_page() {
    let site = fixture();
    check_highlighted(&page(site.path()));
}

#[test]
fn sanitized_html_keeps_the_highlighting() {
    let site = fixture();
    fs::write(
        site.path().join("content/site.yaml"),
        "title: Fixture\nsanitize_html: true\n",
    )
    .unwrap();
    check_highlighted(&page(site.path()));
}

#[test]
fn the_search_index_is_the_same_as_without_highlighting() {
    let highlighted = fixture();
    build_ok(highlighted.path());
    let plain = fixture();
    let path = plain.path().join("content/runbooks/code.md");
    let mut md = read(&path);
    for lang in [
        "sql",
        "shell",
        "console",
        "bash",
        "yaml",
        "json",
        "python",
        "promql",
        "diff",
        "toml",
        "terraform",
        "ruby",
        "go",
        "logql",
        "markdown",
        "csharp",
        "jsonnet",
        "http",
        "tsx",
        "ini",
        "xml",
        "html",
        "powershell",
        "dockerfile",
        "makefile",
        "nginx",
        "rust",
        "solidity",
    ] {
        md = md.replace(&format!("```{lang}\n"), "```text\n");
    }
    fs::write(&path, md).unwrap();
    let page = page(plain.path());
    // The theme has spans of its own; the runbook's text has none.
    let article = &page[page.find("<article").unwrap()..page.find("</article>").unwrap()];
    assert!(
        !article.contains("<span class="),
        "nothing highlighted: {article}"
    );
    let index = |root: &Path| snapshot(&root.join("public/search"));
    let files = index(highlighted.path());
    assert!(
        files
            .iter()
            .any(|(_, bytes)| bytes.windows(7).any(|w| w == b"etcdctl")),
        "the code's words are indexed"
    );
    assert_eq!(files, index(plain.path()));
}
