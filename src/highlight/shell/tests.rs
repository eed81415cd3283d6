//! The shell lexer's classes, on the benchmark's commands and on what runbooks write.

use crate::highlight::tests::{hl, spans, text};

fn check(code: &str, expected: &[(&str, &str)]) {
    let html = hl("sh", code);
    assert_eq!(text(&html), code);
    let got = spans(&html);
    let want: Vec<(String, String)> = expected
        .iter()
        .map(|(c, t)| (c.to_string(), t.to_string()))
        .collect();
    assert_eq!(got, want, "{html}");
}

#[test]
fn the_benchmark_commands_get_their_classes() {
    check(
        "# INC-1: clear\nairflow tasks clear dag_a -t '^task$' \\\n  -s 2026-01-09 --only-failed --yes\n",
        &[
            ("c", "# INC-1: clear"),
            ("f", "airflow"),
            ("o", "-t"),
            ("s", "'^task$'"),
            ("o", "-s"),
            ("o", "--only-failed --yes"),
        ],
    );
    check(
        "kcat -b kafka-1:9092 -C -o -5 -e -f '%p %o\\n'\naws s3 ls s3://b/dt=2026/ --recursive | tail -20\n",
        &[
            ("f", "kcat"),
            ("o", "-b"),
            ("o", "-C -o"),
            ("n", "-5"),
            ("o", "-e -f"),
            ("s", "'%p %o\\n'"),
            ("f", "aws"),
            ("o", "--recursive"),
            ("f", "tail"),
            ("n", "-20"),
        ],
    );
    check(
        "dbt build --select m+ --vars '{\"d\": \"x\"}'\n",
        &[
            ("f", "dbt"),
            ("o", "--select"),
            ("o", "--vars"),
            ("s", "'{\"d\": \"x\"}'"),
        ],
    );
}

#[test]
fn variables_assignments_and_declarations() {
    check(
        "export X=\"$HOME/x\" Y=1 Z\nA=1 B=$A run $1 ${C:-d} \"$D\" $'e\\'f' $?\nunset A\n",
        &[
            ("k", "export"),
            ("v", "X"),
            ("s", "\"$HOME/x\""),
            ("v", "Y"),
            ("v", "Z"),
            ("v", "A"),
            ("v", "B"),
            ("v", "$A"),
            ("f", "run"),
            // Pieces of a class separated by blanks make one span.
            ("v", "$1 ${C:-d}"),
            ("s", "\"$D\" $'e\\'f'"),
            ("v", "$?"),
            ("k", "unset"),
            ("v", "A"),
        ],
    );
}

#[test]
fn keywords_and_command_positions() {
    check(
        "if [ -z \"$X\" ]; then echo a && ls | wc -l; fi\nfor f in a b; do rm \"$f\"; done\nwhile true; do sleep 1; done\n",
        &[
            ("k", "if"),
            ("o", "-z"),
            ("s", "\"$X\""),
            ("k", "then"),
            ("f", "echo"),
            ("f", "ls"),
            ("f", "wc"),
            ("o", "-l"),
            ("k", "fi"),
            ("k", "for"),
            ("v", "f"),
            ("k", "in"),
            ("k", "do"),
            ("f", "rm"),
            ("s", "\"$f\""),
            ("k", "done"),
            ("k", "while"),
            ("f", "true"),
            ("k", "do"),
            ("f", "sleep"),
            ("n", "1"),
            ("k", "done"),
        ],
    );
    check(
        "case \"$1\" in\n  start|go) run ;;\n  *) echo no ;;\nesac\n",
        &[
            ("k", "case"),
            ("s", "\"$1\""),
            ("k", "in"),
            ("f", "run"),
            ("f", "echo"),
            ("k", "esac"),
        ],
    );
}

#[test]
fn substitutions_arithmetic_and_redirections() {
    check(
        "n=$(kubectl get pods -o name | wc -l) && echo \"$(date -u \"+%F\")\" `hostname` $((n + 2)) 2>&1 >/dev/null\n",
        &[
            ("v", "n"),
            ("f", "kubectl"),
            ("o", "-o"),
            ("f", "wc"),
            ("o", "-l"),
            ("f", "echo"),
            ("s", "\"$(date -u \"+%F\")\""),
            ("f", "hostname"),
            ("v", "n"),
            ("n", "2"),
            ("n", "2"),
            ("n", "1"),
        ],
    );
}

#[test]
fn here_documents_are_strings_up_to_their_delimiter() {
    check(
        "cat <<EOF > /tmp/x\n<html> $X\nEOF\npsql <<-'SQL'\n\tSELECT 1;\n\tSQL\necho done\n",
        &[
            ("f", "cat"),
            ("s", "<html> $X"),
            ("f", "psql"),
            ("s", "\tSELECT 1;"),
            ("f", "echo"),
        ],
    );
    // Unclosed: the rest of the block.
    check("cat <<EOF\na\nb\n", &[("f", "cat"), ("s", "a\nb")]);
}

#[test]
fn a_redirection_s_file_is_not_a_command() {
    check(
        "X=<in label x >out 2>/dev/null\noc get <POD> -n ns > -x\n",
        &[
            ("v", "X"),
            ("f", "label"),
            ("n", "2"),
            ("f", "oc"),
            ("o", "-n"),
            ("o", "-x"),
        ],
    );
}

#[test]
fn comments_only_at_the_start_of_a_word() {
    check(
        "echo a#b $# # note\n",
        &[("f", "echo"), ("v", "$#"), ("c", "# note")],
    );
}

#[test]
fn unclosed_and_odd_pieces_keep_the_text() {
    for code in [
        "echo \"open",
        "echo 'open",
        "echo ${open",
        "echo $(open",
        "echo $((1+",
        "echo `open",
        ")))",
        "esac fi done",
        ";;",
        "<<",
        "<<'",
        "a=",
        "[[ ]]",
        "\\",
        "echo \\",
        "é\\é",
        "x=$'\\",
        "$",
        "${",
        "$'",
        "$\"",
        "&>",
        "<(",
        ")",
        "case x in a) ;; esac )",
    ] {
        assert_eq!(text(&hl("sh", code)), code, "{code}");
    }
}

#[test]
fn a_megabyte_of_hostile_shell_is_one_pass() {
    // Each byte is read a bounded number of times, and nesting is kept on the heap:
    // these would take hours, or overflow the stack, otherwise.
    for piece in [
        "$(",
        "$((",
        "\"$(",
        "${",
        "`",
        "(",
        "<<E\n",
        "\"",
        "'",
        "\\",
        "$'",
        "case x in ",
        "\"$('",
        "((",
        "a=",
    ] {
        let code = piece.repeat((1 << 20) / piece.len());
        let mut out = String::new();
        super::highlight(&code, &mut out);
        assert_eq!(text(&out), code, "{piece}");
    }
}
