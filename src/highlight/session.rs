//! Shell sessions: a `bash`, `sh`, `shell`, `zsh` or `console` block in which commands are
//! shown after a prompt, with their output below them.
//!
//! A block is a session when a line begins with a prompt: `$ ` (or `$` alone), or one with
//! the user and host before it (`user@host:~$ `, `[root@node ~]# `, `sh-5.1# `). A bare
//! `# ` is a comment in a script, and root's prompt in a session, so it counts as a prompt
//! only where it cannot be a comment:
//!
//! - in a `console` block without any `$` prompt (as GitHub and GitLab read `console`);
//! - after a command that opens a shell (`oc debug node/x`, `kubectl exec -it`, `ssh host`,
//!   `sudo -i`, `su`, `chroot /host`, …), until the next `$ ` prompt;
//!
//! and never when its text reads as a sentence (a capital letter, then a small one:
//! `# Check the pods`). Other lines that begin with `#` are comments.
//!
//! A command goes on over the lines it continues onto: after a trailing `\`, through the
//! body of a here-document (`<<EOF` to `EOF`), and over lines that begin with `> ` (the
//! shell's continuation prompt). Every other line after a command is its output.
//!
//! Written out, prompts are `<span class="gp">` (the theme makes them unselectable), each
//! command `<span class="cmd">` highlighted as bash (a continuation prompt inside it is
//! again a `gp`), comments `<span class="c">` and output `<span class="go">`, plain. The
//! Copy button copies the text of the `cmd` spans without their prompts, one per line. The
//! text of the block is unchanged.

use super::escape;
use super::shell;

/// Appends `code`, a block of a shell language, to `out`: as a session when it is one,
/// else as a script. `console` is whether the block is marked as a terminal session
/// (`console`, `shell-session`).
pub(super) fn highlight(code: &str, console: bool, out: &mut String) {
    match parse(code, console) {
        Some(pieces) => write(&pieces, out),
        None => shell::highlight(code, out),
    }
}

/// A part of a session.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece<'a> {
    /// Lines without a character other than blanks.
    Blank(&'a str),
    Comment(&'a str),
    Output(&'a str),
    /// A command after its prompt: its first line, then each line it continues onto with
    /// that line's continuation prompt (`> `, or nothing). Lines keep their `\n`.
    Command {
        prompt: &'a str,
        lines: Vec<(&'a str, &'a str)>,
    },
}

/// Whose prompt a line begins with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Prompt {
    /// `$`: the user's.
    User,
    /// `#` after a user and host (`[root@node ~]# `, `sh-5.1# `): root's, for sure.
    Root,
}

/// The pieces of `code`, or `None` when it is not a session.
fn parse(code: &str, console: bool) -> Option<Vec<Piece<'_>>> {
    // Scripts, most blocks, are told apart without allocating.
    let any_user = code
        .split_inclusive('\n')
        .any(|l| matches!(prompt(l), Some((_, Prompt::User))));
    // In a console block without `$` prompts, `# ` is root's prompt (unless it is prose).
    let bare_root = console && !any_user;
    let session = any_user
        || code.split_inclusive('\n').any(|l| {
            prompt(l).is_some() || (bare_root && l.strip_prefix("# ").is_some_and(|c| !prose(c)))
        });
    if !session {
        return None;
    }
    let lines: Vec<&str> = code.split_inclusive('\n').collect();
    let mut pieces = Vec::new();
    // Whether a shell was opened as root (or a root prompt seen) since the last `$ `.
    let mut root = false;
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        i += 1;
        let prompt_len = match prompt(line) {
            Some((len, kind)) => {
                root = kind == Prompt::Root;
                len
            }
            None if line.trim().is_empty() => {
                pieces.push(Piece::Blank(line));
                continue;
            }
            None => match line.strip_prefix("# ") {
                Some(c) if (root || bare_root) && !prose(c) => 2,
                _ if line.starts_with('#') => {
                    pieces.push(Piece::Comment(line));
                    continue;
                }
                _ => {
                    pieces.push(Piece::Output(line));
                    continue;
                }
            },
        };
        let first = &line[prompt_len..];
        let mut command = vec![("", first)];
        let mut heredocs = here_documents(first);
        while i < lines.len() {
            let last = command.last().map_or("", |(_, text)| *text);
            let next = lines[i];
            let ps2 = continuation_prompt(next);
            if !(continues(last) || !heredocs.is_empty() || ps2 > 0) {
                break;
            }
            let text = &next[ps2..];
            if let Some(end) = heredocs.first() {
                if end.matches(text) {
                    heredocs.remove(0);
                }
            } else {
                heredocs.extend(here_documents(text));
            }
            command.push((&next[..ps2], text));
            i += 1;
        }
        if opens_shell(first) {
            root = true;
        }
        pieces.push(Piece::Command {
            prompt: &line[..prompt_len],
            lines: command,
        });
    }
    Some(pieces)
}

/// The prompt `line` begins with: its length with the space after it, and whose it is.
/// A bare `# ` is not one here (see the module's rules).
fn prompt(line: &str) -> Option<(usize, Prompt)> {
    let b = line.as_bytes();
    // The prompt is followed by a space, or ends the line.
    let after = |i: usize| match b.get(i) {
        Some(b' ') => Some(i + 1),
        None | Some(b'\n' | b'\r') => Some(i),
        _ => None,
    };
    if b.first() == Some(&b'$') {
        return after(1).map(|len| (len, Prompt::User));
    }
    // `[user@host dir]$ `
    if b.first() == Some(&b'[') {
        let close = b.iter().take(80).position(|&c| c == b']')?;
        let inside = &b[1..close];
        if !inside.iter().any(|&c| c == b'@' || c == b':') || inside.contains(&b'\n') {
            return None;
        }
        return kind(b.get(close + 1)?).and_then(|k| after(close + 2).map(|len| (len, k)));
    }
    // `user@host:~$ `, `root@node:/# `, `sh-5.1# `, `bash-4.4$ `: one word.
    let word = b
        .iter()
        .take(128)
        .position(|&c| c == b' ' || c == b'\n' || c == b'\r')
        .unwrap_or(b.len().min(128));
    let (&last, head) = b[..word].split_last()?;
    let k = kind(&last)?;
    let named = |s: &[u8]| {
        !s.is_empty()
            && s.iter()
                .all(|&c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'.' | b'-'))
    };
    let user_at_host = match head.iter().position(|&c| c == b'@') {
        Some(at) => {
            let host_end = head[at + 1..]
                .iter()
                .position(|&c| c == b':')
                .map_or(head.len(), |p| at + 1 + p);
            named(&head[..at]) && named(&head[at + 1..host_end])
        }
        None => false,
    };
    let shell_version = ["sh-", "bash-", "zsh-"].iter().any(|p| {
        head.strip_prefix(p.as_bytes()).is_some_and(|v| {
            !v.is_empty()
                && v[0].is_ascii_digit()
                && v.iter().all(|&c| c.is_ascii_digit() || c == b'.')
        })
    });
    (user_at_host || shell_version)
        .then(|| after(word).map(|len| (len, k)))
        .flatten()
}

fn kind(c: &u8) -> Option<Prompt> {
    match c {
        b'$' => Some(Prompt::User),
        b'#' => Some(Prompt::Root),
        _ => None,
    }
}

/// The length of the continuation prompt `next` begins with: `> `, or `>` alone.
fn continuation_prompt(next: &str) -> usize {
    if next.starts_with("> ") {
        2
    } else if next.trim_end() == ">" {
        1
    } else {
        0
    }
}

/// Whether a command's line goes on to the next: it ends with an odd number of `\`.
fn continues(line: &str) -> bool {
    let line = line.trim_end_matches(['\n', '\r']);
    let trailing = line.len() - line.trim_end_matches('\\').len();
    trailing % 2 == 1
}

/// Whether a comment's text reads as a sentence: a capital letter, then a small one.
fn prose(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() >= 2 && b[0].is_ascii_uppercase() && b[1].is_ascii_lowercase()
}

/// The end of a here-document.
#[derive(Debug, Clone, PartialEq, Eq)]
struct HereEnd<'a> {
    word: &'a str,
    /// `<<-`: the end line may be indented with tabs.
    tabs: bool,
}

impl HereEnd<'_> {
    fn matches(&self, line: &str) -> bool {
        let line = line.trim_end_matches(['\n', '\r']);
        let line = if self.tabs {
            line.trim_start_matches('\t')
        } else {
            line
        };
        // Documentation often indents a here-document's end with spaces too.
        line.trim() == self.word
    }
}

/// The here-documents a command's line opens (`<<EOF`, `<<-'END'`), in order, outside
/// quotes and comments. A word after `<<` must begin with a letter or `_`, so that
/// `$((1 << 2))` opens none.
fn here_documents(line: &str) -> Vec<HereEnd<'_>> {
    let b = line.as_bytes();
    let mut ends = Vec::new();
    let mut i = 0;
    let mut quote: Option<u8> = None;
    while i < b.len() {
        let c = b[i];
        match quote {
            Some(q) => {
                if c == b'\\' && q == b'"' {
                    i += 1;
                } else if c == q {
                    quote = None;
                }
            }
            None => match c {
                b'\\' => i += 1,
                b'\'' | b'"' => quote = Some(c),
                b'#' if i == 0 || b[i - 1].is_ascii_whitespace() => break,
                // A here-string, `<<<word`.
                b'<' if b[i..].starts_with(b"<<<") => i += 2,
                b'<' if b.get(i + 1) == Some(&b'<') && b.get(i + 2) != Some(&b'<') => {
                    let mut j = i + 2;
                    let tabs = b.get(j) == Some(&b'-');
                    if tabs {
                        j += 1;
                    }
                    while b.get(j).is_some_and(|&c| c == b' ' || c == b'\t') {
                        j += 1;
                    }
                    let open = match b.get(j) {
                        Some(&q @ (b'\'' | b'"')) => {
                            j += 1;
                            Some(q)
                        }
                        Some(b'\\') => {
                            j += 1;
                            None
                        }
                        _ => None,
                    };
                    let start = j;
                    while b.get(j).is_some_and(|&c| {
                        c.is_ascii_alphanumeric() || c == b'_' || c == b'-' || c == b'.'
                    }) {
                        j += 1;
                    }
                    let word = &line[start..j];
                    if word
                        .bytes()
                        .next()
                        .is_some_and(|c| c.is_ascii_alphabetic() || c == b'_')
                    {
                        ends.push(HereEnd { word, tabs });
                    }
                    if open.is_some() && b.get(j) == open.as_ref() {
                        j += 1;
                    }
                    i = j;
                    continue;
                }
                _ => {}
            },
        }
        i += 1;
    }
    ends
}

/// Whether a command opens an interactive shell, after which `# ` is root's prompt:
/// `oc debug node/x`, `oc rsh pod`, `kubectl exec -it pod -- bash`, `docker exec -it c sh`,
/// `ssh host` (without a command), `sudo -i`, `sudo su`, `su -`, `chroot /host`,
/// `toolbox`, or a shell by name.
fn opens_shell(command: &str) -> bool {
    let line = command.lines().next().unwrap_or("");
    let words: Vec<&str> = line.split_whitespace().collect();
    let mut rest = &words[..];
    // `sudo` and its options: `-i` and `-s` (alone or among others) are shells.
    if rest.first().is_some_and(|w| base(w) == "sudo") {
        rest = &rest[1..];
        while let Some(w) = rest.first().filter(|w| w.starts_with('-')) {
            if matches!(*w, "--login" | "--shell")
                || !w.starts_with("--") && w[1..].contains(['i', 's'])
            {
                return true;
            }
            let takes_value = matches!(
                *w,
                "-u" | "-g" | "-h" | "-p" | "-C" | "-D" | "-r" | "-t" | "-U" | "-T"
            );
            rest = rest.get(if takes_value { 2 } else { 1 }..).unwrap_or(&[]);
        }
    }
    let Some((&name, args)) = rest.split_first() else {
        return false;
    };
    let shell = |w: &str| matches!(base(w), "sh" | "bash" | "zsh" | "ksh" | "ash" | "dash");
    let interactive = |args: &[&str]| {
        args.iter().any(|a| {
            matches!(
                *a,
                "-it" | "-ti" | "-i" | "--stdin" | "--interactive" | "-itu"
            ) || a.starts_with("--stdin=true")
        })
    };
    // What runs after `--`, if anything.
    let after_dashes = |args: &[&str]| -> Option<String> {
        args.iter().position(|a| *a == "--").map(|p| {
            args.get(p + 1)
                .map_or(String::new(), |w| base(w).to_string())
        })
    };
    match base(name) {
        "su" | "toolbox" => true,
        n if shell(n) => args.iter().all(|a| a.starts_with('-') && *a != "-c"),
        "chroot" => {
            let operands: Vec<&&str> = args.iter().filter(|a| !a.starts_with('-')).collect();
            operands.len() == 1 || operands.len() == 2 && shell(operands[1])
        }
        "ssh" => ssh_opens_shell(args),
        "oc" | "kubectl" => match subcommand(args) {
            Some("debug") => after_dashes(args).is_none_or(|c| shell(&c) || c == "chroot"),
            Some("rsh") => true,
            Some("exec") => {
                interactive(args) && after_dashes(args).is_none_or(|c| c.is_empty() || shell(&c))
            }
            _ => false,
        },
        "docker" | "podman" | "nerdctl" | "crictl" => {
            matches!(args.first().copied(), Some("exec" | "run"))
                && interactive(args)
                && args.last().is_some_and(|w| shell(w))
        }
        _ => false,
    }
}

/// The subcommand of `oc` or `kubectl`: the first word that is neither an option nor the
/// value of one (`oc -n ns rsh pod` is `rsh`).
fn subcommand<'a>(args: &[&'a str]) -> Option<&'a str> {
    let mut i = 0;
    while let Some(&a) = args.get(i) {
        if !a.starts_with('-') {
            return Some(a);
        }
        let takes_value = matches!(
            a,
            "-n" | "--namespace"
                | "--context"
                | "--kubeconfig"
                | "--cluster"
                | "--user"
                | "-s"
                | "--server"
                | "--token"
                | "--as"
        );
        i += if takes_value { 2 } else { 1 };
    }
    None
}

/// `ssh` opens a shell when nothing follows the host.
fn ssh_opens_shell(args: &[&str]) -> bool {
    let mut operands = 0;
    let mut i = 0;
    while i < args.len() {
        let a = args[i];
        if a.starts_with('-') && a.len() == 2 && "bcDEeFIiJLlmOopQRSWw".contains(&a[1..]) {
            i += 2;
            continue;
        }
        if !a.starts_with('-') {
            operands += 1;
        }
        i += 1;
    }
    operands == 1
}

/// The name of a command without its folder: `/bin/bash` is `bash`.
fn base(word: &str) -> &str {
    word.rsplit('/').next().unwrap_or(word)
}

/// Writes the pieces.
fn write(pieces: &[Piece], out: &mut String) {
    let mut i = 0;
    while i < pieces.len() {
        match &pieces[i] {
            Piece::Blank(s) => escape(s, out),
            Piece::Comment(s) => classed("c", s, out),
            Piece::Output(first) => {
                // Output lines in a row make one span.
                let mut run = first.to_string();
                while let Some(Piece::Output(next)) = pieces.get(i + 1) {
                    run.push_str(next);
                    i += 1;
                }
                classed("go", &run, out);
            }
            Piece::Command { prompt, lines } => command(prompt, lines, out),
        }
        i += 1;
    }
}

/// `<span class="…">` around `s` without its last line break, which follows the span.
fn classed(class: &str, s: &str, out: &mut String) {
    let body = s.strip_suffix('\n').unwrap_or(s);
    out.push_str("<span class=\"");
    out.push_str(class);
    out.push_str("\">");
    escape(body, out);
    out.push_str("</span>");
    out.push_str(&s[body.len()..]);
}

/// A command: its prompt, then its lines highlighted together as bash, each continuation
/// prompt put back at the start of its line.
fn command(prompt: &str, lines: &[(&str, &str)], out: &mut String) {
    if !prompt.is_empty() {
        classed("gp", prompt, out);
    }
    let text: String = lines.iter().map(|(_, t)| *t).collect();
    // The line break that ends the command follows its span; a last line that is empty
    // (the block ends after its continuation prompt) keeps the one before it inside.
    let ends_line = lines.last().is_some_and(|(_, t)| t.ends_with('\n'));
    let body = match text.strip_suffix('\n') {
        Some(body) if ends_line => body,
        _ => &text,
    };
    let mut html = String::with_capacity(body.len() * 2);
    shell::highlight(body, &mut html);
    out.push_str("<span class=\"cmd\">");
    // Line breaks are text in the highlighted HTML, never inside a tag: the k-th one ends
    // line k, and the prompt of line k + 1 goes after it.
    let mut line = 0;
    let mut from = 0;
    for (at, _) in html.match_indices('\n') {
        out.push_str(&html[from..=at]);
        from = at + 1;
        line += 1;
        if let Some((ps2, _)) = lines.get(line).filter(|(p, _)| !p.is_empty()) {
            classed("gp", ps2, out);
        }
    }
    out.push_str(&html[from..]);
    out.push_str("</span>");
    out.push_str(&text[body.len()..]);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::highlight::tests::text;

    fn session(code: &str, console: bool) -> String {
        let mut out = String::new();
        highlight(code, console, &mut out);
        out
    }

    /// What the Copy button copies: the text of each `cmd` span without its `gp` spans,
    /// one per line (as site.js does it).
    fn commands(html: &str) -> String {
        let mut found: Vec<String> = Vec::new();
        // The classes of the open spans.
        let mut open: Vec<String> = Vec::new();
        let mut rest = html;
        while let Some(lt) = rest.find('<') {
            let chunk = &rest[..lt];
            if open.iter().any(|c| c == "cmd") && !open.iter().any(|c| c == "gp") {
                found.last_mut().expect("inside a command").push_str(chunk);
            }
            let gt = rest[lt..].find('>').expect("tags close") + lt;
            let tag = &rest[lt + 1..gt];
            if tag.starts_with('/') {
                open.pop();
            } else {
                let class = tag.split('"').nth(1).unwrap_or("").to_string();
                if class == "cmd" {
                    found.push(String::new());
                }
                open.push(class);
            }
            rest = &rest[gt + 1..];
        }
        found
            .iter()
            .map(|c| {
                c.replace("&lt;", "<")
                    .replace("&gt;", ">")
                    .replace("&amp;", "&")
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    fn gp(html: &str) -> Vec<&str> {
        html.match_indices(r#"<span class="gp">"#)
            .map(|(i, m)| {
                let s = &html[i + m.len()..];
                &s[..s.find("</span>").unwrap()]
            })
            .collect()
    }

    #[test]
    fn prompts_commands_continuations_and_output() {
        let code = "$ kubectl get pods \\\n    -n kube-system\nNAME   READY\netcd-0 1/1\n\n$ etcdctl defrag\n";
        for console in [false, true] {
            let html = session(code, console);
            assert_eq!(text(&html), code);
            assert_eq!(gp(&html), ["$ ", "$ "], "{html}");
            assert!(
                html.contains(r#"<span class="gp">$ </span><span class="cmd"><span class="f">kubectl</span> get pods \"#),
                "{html}"
            );
            assert!(
                html.contains(r#"<span class="o">-n</span> kube-system</span>"#),
                "the continued line is the command's: {html}"
            );
            assert!(
                html.contains("\n<span class=\"go\">NAME   READY\netcd-0 1/1</span>\n\n"),
                "output is one plain span: {html}"
            );
            assert_eq!(
                commands(&html),
                "kubectl get pods \\\n    -n kube-system\netcdctl defrag"
            );
        }
    }

    #[test]
    fn a_script_with_comments_is_not_a_session() {
        for code in [
            "# restart the scheduler\nkubectl rollout restart deploy/x\n# then wait\n",
            "kubectl get pods\n# NAME READY\n",
        ] {
            let html = session(code, false);
            assert!(!html.contains("gp") && !html.contains("cmd"), "{html}");
            assert!(html.contains(r#"<span class="c">#"#), "{html}");
            assert_eq!(text(&html), code);
        }
        // Nor a console block whose comments read as sentences, without a prompt.
        let code = "# Install the plugin once\nasdf plugin add jsonnet-tool\n";
        assert!(!session(code, true).contains("gp"));
    }

    #[test]
    fn hash_lines_in_a_session_are_comments_unless_a_shell_was_opened() {
        // Comments above commands (GitLab's runbooks) and a mapping (OpenShift's).
        let code = "# Get the namespace\n$ NS=$(oc get ns -o name)\n# job label -> NAME mapping:\n# prometheus-k8s -> prometheus\n\n$ oc -n $NS logs x\n";
        let html = session(code, false);
        assert_eq!(gp(&html), ["$ ", "$ "], "{html}");
        assert_eq!(html.matches(r#"<span class="c">#"#).count(), 3, "{html}");
        assert_eq!(commands(&html), "NS=$(oc get ns -o name)\noc -n $NS logs x");
        // After `oc debug`, `# ` is root's prompt, through output, until the next `$ `.
        let code = "$ oc debug node/worker-0\nStarting pod/worker-0-debug ...\n# chroot /host\n# Check the limits\n# sysctl -a | grep fs.file\nfs.file-max = 1597016\n$ exit\n# not a prompt\n";
        let html = session(code, false);
        assert_eq!(gp(&html), ["$ ", "# ", "# ", "$ "], "{html}");
        assert_eq!(
            commands(&html),
            "oc debug node/worker-0\nchroot /host\nsysctl -a | grep fs.file\nexit"
        );
        assert!(html.contains("<span class=\"go\">fs.file-max = 1597016</span>"));
        assert!(html.contains("<span class=\"c\"># Check the limits</span>"));
        assert!(html.contains("<span class=\"c\"># not a prompt</span>"));
        assert_eq!(text(&html), code);
    }

    #[test]
    fn a_console_block_without_dollar_prompts_has_root_prompts() {
        let code =
            "# systemctl restart kubelet.service\n# journalctl -u kubelet\n-- Logs begin --\n";
        let html = session(code, true);
        assert_eq!(gp(&html), ["# ", "# "], "{html}");
        assert_eq!(
            commands(&html),
            "systemctl restart kubelet.service\njournalctl -u kubelet"
        );
        assert!(html.contains("<span class=\"go\">-- Logs begin --</span>"));
        // The same lines in a bash block are a script's comments.
        assert!(!session(code, false).contains("gp"));
    }

    #[test]
    fn prompts_with_user_and_host() {
        let code = "[root@node-1 ~]# crictl ps\nCONTAINER ID\nuser@bastion:~/x$ ls -la\ntotal 0\nsh-5.1# chroot /host\nbash-4.4$ id\n";
        for console in [false, true] {
            let html = session(code, console);
            assert_eq!(
                gp(&html),
                [
                    "[root@node-1 ~]# ",
                    "user@bastion:~/x$ ",
                    "sh-5.1# ",
                    "bash-4.4$ "
                ],
                "{html}"
            );
            assert_eq!(commands(&html), "crictl ps\nls -la\nchroot /host\nid");
        }
        // `foo@bar.com# ` has the shape of root's prompt, and is taken as one.
        assert_eq!(prompt("foo@bar.com# x\n"), Some((13, Prompt::Root)));
        for not in [
            "[ -f x ]$ y\n",
            "a@$ x\n",
            "sh-# x\n",
            "echo $ x\n",
            "$HOME/bin/x\n",
        ] {
            assert_eq!(prompt(not), None, "{not:?}");
            assert!(!session(not, false).contains("gp"), "{not:?}");
        }
        assert_eq!(prompt("$\n"), Some((1, Prompt::User)));
        assert_eq!(prompt("$"), Some((1, Prompt::User)));
    }

    #[test]
    fn here_documents_and_continuation_prompts_belong_to_the_command() {
        let code = "$ cat <<EOF | oc apply -f -\napiVersion: v1\nkind: ConfigMap\n$ not a prompt\nEOF\nconfigmap/x created\n$ echo 'a\n> b'\na\nb\n";
        let html = session(code, false);
        assert_eq!(gp(&html), ["$ ", "$ ", "&gt; "], "{html}");
        assert_eq!(
            commands(&html),
            "cat <<EOF | oc apply -f -\napiVersion: v1\nkind: ConfigMap\n$ not a prompt\nEOF\necho 'a\nb'"
        );
        assert!(html.contains("<span class=\"go\">configmap/x created</span>"));
        assert!(html.contains("<span class=\"go\">a\nb</span>"));
        assert_eq!(text(&html), code);
        assert_eq!(
            here_documents("cat <<-'END' > x <<\"B\" # <<C"),
            [
                HereEnd {
                    word: "END",
                    tabs: true
                },
                HereEnd {
                    word: "B",
                    tabs: false
                }
            ]
        );
        assert!(here_documents("echo $((1 << 2)) '<<X' \"<<Y\" <<<here").is_empty());
        // A here-document that never ends takes the rest of the block, as in bash.
        let html = session("$ cat <<EOF\nx\n", false);
        assert_eq!(commands(&html), "cat <<EOF\nx");
    }

    #[test]
    fn commands_that_open_a_shell() {
        for yes in [
            "oc debug node/worker-0",
            "oc debug \"node/$NODE_NAME\"",
            "kubectl -n x debug node/y",
            "oc -n openshift-etcd rsh etcd-0",
            "kubectl exec -it pod -- bash",
            "kubectl exec -ti pod -c c -- /bin/sh",
            "docker exec -it c sh",
            "ssh core@node-1",
            "ssh -i key -p 2222 host",
            "sudo -i",
            "sudo su -",
            "sudo -u postgres -i",
            "su -",
            "chroot /host",
            "chroot /host /bin/bash",
            "bash",
            "toolbox",
        ] {
            assert!(opens_shell(yes), "{yes}");
        }
        for no in [
            "oc get pods",
            "NAME=x",
            "oc debug node/x -- cat /etc/hosts",
            "kubectl exec pod -- etcdctl member list",
            "kubectl exec -it pod -- etcdctl member list",
            "ssh host uptime",
            "sudo systemctl restart kubelet",
            "sudo -u postgres psql",
            "chroot /host crictl ps",
            "bash -c 'echo'",
            "bash script.sh",
            "docker run --rm image",
        ] {
            assert!(!opens_shell(no), "{no}");
        }
    }

    proptest::proptest! {
        #[test]
        fn any_session_keeps_its_text(
            parts in proptest::collection::vec(0usize..14, 0..40),
            console in proptest::bool::ANY,
        ) {
            const WORDS: [&str; 14] = [
                "$ ", "# ", "> ", "\\\n", "\n", "<<EOF", "EOF\n", "oc debug x\n", "é{",
                "[root@h ~]# ", "sudo -i\n", "'", "\r\n", "Check ",
            ];
            let code: String = parts.iter().map(|&i| WORDS[i]).collect();
            let html = session(&code, console);
            proptest::prop_assert_eq!(text(&html), code);
        }
    }

    #[test]
    fn every_line_is_linear_and_kept() {
        // A long session: each line is looked at once (no quadratic rescans).
        let mut code = String::new();
        for i in 0..2000 {
            code.push_str(&format!("$ echo {i} \\\n  --flag\noutput {i}\n# note\n"));
        }
        let html = session(&code, false);
        assert_eq!(text(&html), code);
        assert_eq!(gp(&html).len(), 2000);
    }
}
