//! An address whose user part reads as a host. `https://grafana.example.com@evil.example/`
//! shows `grafana.example.com` first, and a browser takes all before the `@` for a user
//! name and opens `evil.example`; the text-against-target check read the same host on
//! both sides and passed it, in a link's text and as an autolink.

use crate::diagnostics::Diagnostics;
use crate::markdown::Page;

impl Page<'_, '_> {
    pub(super) fn check_user(&mut self, start: usize, dest: &str, diags: &mut Diagnostics) {
        if let Some((user, host)) = user_like_host(dest) {
            self.tell(
                start,
                format!("the link's address shows `{user}` before an `@`, which a browser takes for a user name: the link leads to `{host}`"),
                "write the address without the part before `@`, or remove the link",
                diags,
            );
        }
    }
}

/// The user part (with its password, decoded) and the host of `dest` when the user part
/// holds a dot, as a host does, in a web address; a bare user name (`oauth2:…@`) is not
/// one.
fn user_like_host(dest: &str) -> Option<(String, String)> {
    // A user part ends at an `@` as written (`%40` is part of a name): most links have
    // none, and need no parse.
    if !dest.contains('@') {
        return None;
    }
    let absolute = crate::markdown::links::scheme_relative(dest);
    let url = url::Url::parse(absolute.as_deref().unwrap_or(dest).trim()).ok()?;
    // Elsewhere (`ssh://first.last@bastion`) the user name is the point of the address.
    if !matches!(url.scheme(), "http" | "https") {
        return None;
    }
    let user = match url.password() {
        Some(password) => format!("{}:{password}", url.username()),
        None => url.username().to_string(),
    };
    let user = percent_encoding::percent_decode_str(&user)
        .decode_utf8_lossy()
        .into_owned();
    // The dots IDNA reads as dots, as `as_read` does for link text.
    if !user.contains(['.', '\u{3002}', '\u{FF0E}', '\u{FF61}']) {
        return None;
    }
    Some((user, url.host_str()?.to_string()))
}

#[cfg(test)]
mod tests {
    use super::user_like_host;

    #[test]
    fn a_dotted_user_part_is_told_and_a_bare_user_name_is_not() {
        let told = |d: &str| user_like_host(d).map(|(u, h)| format!("{u} {h}"));
        assert_eq!(
            told("https://grafana.example.com@evil.example/x").as_deref(),
            Some("grafana.example.com evil.example")
        );
        assert_eq!(
            told("//ops.example:443@evil.example/").as_deref(),
            Some("ops.example:443 evil.example")
        );
        assert_eq!(
            told("https://ops%2Eexample@evil.example/").as_deref(),
            Some("ops.example evil.example")
        );
        for plain in [
            "ssh://git@gitlab.com/group/repo.git",
            "https://oauth2:token@gitlab.example.com/",
            "https://ops.example/a@b",
            "mailto:first.last@ops.example",
            "ssh://first.last@bastion.example/",
            "../runbook.md",
        ] {
            assert_eq!(told(plain), None, "{plain}");
        }
    }
}
