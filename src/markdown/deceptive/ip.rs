//! IPv4 addresses in a link's text. Internal dashboards are often reached by address
//! (`http://10.0.0.1:3000/`), and a text of one did not count as a host, as hosts were
//! read with a top-level label of letters: `[https://10.0.0.1:3000/](http://10.0.0.2:3000/)`
//! and `[10.0.0.1:8080](http://10.0.0.2:8080/)` showed one machine and opened another
//! without a word.

use std::net::Ipv4Addr;

/// The IPv4 address `host` is (four decimal parts of at most 255), as written.
pub(super) fn ipv4(host: &str) -> Option<&str> {
    (host.split('.').count() == 4 && host.parse::<Ipv4Addr>().is_ok()).then_some(host)
}

/// Whether `text` (trimmed, without a scheme) starts with an IPv4 address followed by a
/// port or a path: `10.0.0.1:8080`, `10.0.0.1/d/x`. A bare `1.2.3.4` may be a version.
pub(super) fn starts_with_address(text: &str) -> bool {
    let end = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(text.len());
    let rest = &text[end..];
    ipv4(&text[..end]).is_some()
        && (rest.starts_with('/')
            || rest
                .strip_prefix(':')
                .is_some_and(|port| port.starts_with(|c: char| c.is_ascii_digit())))
}

#[cfg(test)]
mod tests {
    use super::{ipv4, starts_with_address};

    #[test]
    fn addresses_and_not() {
        assert_eq!(ipv4("10.0.0.1"), Some("10.0.0.1"));
        for not in ["10.0.0", "10.0.0.256", "1.2.3.4.5", "a.b.c.d", "010.0.0.1x"] {
            assert_eq!(ipv4(not), None, "{not}");
        }
        assert!(starts_with_address("10.0.0.1:8080"));
        assert!(starts_with_address("192.168.1.10/grafana"));
        assert!(!starts_with_address("1.2.3.4"));
        assert!(!starts_with_address("1.2.3:8080"));
        assert!(!starts_with_address("10.0.0.1: the primary"));
    }
}
