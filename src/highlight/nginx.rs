//! nginx's configuration (`nginx`, `nginxconf`): the proxies in front of the services
//! runbooks restart. Each statement's directive (`proxy_pass`, `server`, `location`…),
//! comments, strings, variables (`$host`, `${uri}`), numbers and sizes (`10m`, `30s`),
//! `on` and `off`. One pass; a statement ends at `;`, `{` or `}`.

use super::lex::{line_end, skip_while, string, utf8_len, Quoted};
use super::spans::Writer;

/// Appends `code`, highlighted as nginx's configuration and escaped, to `out`.
pub(super) fn highlight(code: &str, out: &mut String) {
    let b = code.as_bytes();
    let mut w = Writer::new(code, out);
    let mut i = 0;
    let mut directive = true;
    while i < b.len() {
        let start = i;
        let c = b[i];
        let class = match c {
            b'#' => {
                i = line_end(b, i);
                Some("c")
            }
            b';' | b'{' | b'}' => {
                i += 1;
                directive = true;
                continue;
            }
            b'"' | b'\'' => {
                let q = Quoted {
                    close: c,
                    sigils: b"",
                    escapes: true,
                    one_line: false,
                };
                i = string(b, i + 1, &q);
                Some("s")
            }
            b'$' if b.get(i + 1) == Some(&b'{') => {
                i = memchr::memchr(b'}', &b[i..]).map_or(b.len(), |n| i + n + 1);
                Some("v")
            }
            b'$' => {
                i = skip_while(b, i + 1, |c| c.is_ascii_alphanumeric() || c == b'_');
                Some("v")
            }
            _ if c.is_ascii_whitespace() => {
                i += 1;
                continue;
            }
            _ => {
                i = skip_while(b, i, |c| {
                    !c.is_ascii_whitespace()
                        && !matches!(c, b';' | b'{' | b'}' | b'"' | b'\'' | b'$')
                })
                .max(i + utf8_len(c));
                let word = &b[start..i];
                if directive {
                    directive = false;
                    Some("k")
                } else if matches!(word, b"on" | b"off")
                    || (word[0].is_ascii_digit()
                        && word
                            .iter()
                            .all(|c| c.is_ascii_digit() || b"kKmMgGsshdwyms.".contains(c)))
                {
                    Some("n")
                } else {
                    None
                }
            }
        };
        if class != Some("c") {
            directive = false;
        }
        if let Some(class) = class {
            w.span(class, start, i);
        }
    }
    w.finish();
}

#[cfg(test)]
mod tests {
    use super::super::tests::{hl, pairs, spans, text};

    #[test]
    fn directives_variables_sizes_and_strings() {
        let code = "# api\nserver {\n  listen 443 ssl;\n  client_max_body_size 10m;\n  location /api/ {\n    proxy_pass http://api:8080;\n    proxy_set_header Host $host;\n    add_header X-Why \"${uri} ok\";\n    gzip off; }\n}\n";
        let html = hl("nginx", code);
        assert_eq!(text(&html), code);
        assert_eq!(
            spans(&html),
            pairs(&[
                ("c", "# api"),
                ("k", "server"),
                ("k", "listen"),
                ("n", "443"),
                ("k", "client_max_body_size"),
                ("n", "10m"),
                ("k", "location"),
                ("k", "proxy_pass"),
                ("k", "proxy_set_header"),
                ("v", "$host"),
                ("k", "add_header"),
                ("s", "\"${uri} ok\""),
                ("k", "gzip"),
                ("n", "off"),
            ]),
            "{html}"
        );
    }

    #[test]
    fn broken_configuration_keeps_the_text() {
        for code in [
            "\"open",
            "${open",
            "$",
            "#",
            "é ü;",
            "a 'b",
            "}}};;{",
            "1.2.3.4:80",
        ] {
            let html = hl("nginx", code);
            assert_eq!(text(&html), code, "{code:?}: {html}");
        }
    }
}
