//! A twentieth adversarial review (session 25): links whose text shows one host, number
//! or mail address and whose target is another, written so that the check missed them,
//! and a web page reading `pipebook serve`'s preview through the reader's browser (DNS
//! rebinding). Each test builds or serves a small site in a temporary folder; each failed
//! on 239d118.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::Duration;

use common::{problems_of, site_of, EPOCH, OPS_SITE as SITE};

/// Asserts that line `line` of a.md, and no other, has the warning `says`.
fn warned_at(found: &[String], line: usize, says: &str) {
    let at = format!("content/runbooks/a.md:{line} ");
    let here: Vec<_> = found.iter().filter(|p| p.starts_with(&at)).collect();
    assert!(
        here.len() == 1 && here[0].contains(says),
        "line {line}, {says:?}: {found:#?}"
    );
}

/// The text a reader sees of a link was read up to its first 512 bytes as written, so
/// 512 bytes of zero-width spaces, each a piece of its own (split by `<wbr>`, which
/// shows nothing either), hid the address after them from the check: the link showed
/// `https://ops.example/login` and led to evil.example without a word. White space,
/// which a browser collapses, is counted as one space now.
#[test]
fn invisible_text_before_an_address_does_not_hide_it() {
    let hidden = "\u{200b}<wbr>".repeat(200);
    let spaces = "&nbsp; ".repeat(200);
    let md = format!(
        "# A\n\n[{hidden}https://ops.example/login](https://evil.example/)\n\n\
<a href=\"https://evil.example/\">{hidden}https://ops.example/login</a>\n\n\
[{spaces}https://ops.example/login](https://evil.example/)\n\n\
[{hidden}https://ops.example/login](https://ops.example/login)\n"
    );
    let found = problems_of(&md);
    let says = "the link's text shows the host `ops.example`, but the link leads to `evil.example`";
    for line in [3, 5, 7] {
        warned_at(&found, line, says);
    }
    assert_eq!(found.len(), 3, "{found:#?}");
}

/// An address after other words (`Sign in at https://ops.example/login`) reads as where
/// the link goes as surely as one alone; only text that *was* an address was read.
/// Targets of other schemes with a host (`webcal://`, `ftp://`) and `http:host` without
/// slashes (which browsers open as `http://host/`) were not read at all. A host named
/// by the text after words, in a sentence's punctuation, is still its own host's.
#[test]
fn an_address_after_words_or_on_another_scheme_is_read() {
    let md = "# A\n\n[Sign in at https://ops.example/login](https://evil.example/)\n\n\
[webcal://ops.example/oncall.ics](webcal://evil.example/oncall.ics)\n\n\
[https://ops.example/oncall.ics](webcal://evil.example/oncall.ics)\n\n\
[ftp://ops.example/dump](ftp://evil.example/dump)\n\n\
[https://ops.example/](http:evil.example)\n\n\
[oncall@ops.example](https://evil.example/form)\n\n\
Fine: [the dashboard (https://ops.example/d), live](https://ops.example/d/x) \
[see https://ops.example/x for more](https://docs.ops.example/) \
[webcal://ops.example/a.ics](webcal://ops.example/a.ics) \
[https://ops.example](https://OPS.example./) \
[bücher.example/x](https://bücher.example/x) \
[notes.md](https://evil.example/) [gitlab.com](https://dns.example/)\n";
    let found = problems_of(md);
    let says = "the link's text shows the host `ops.example`, but the link leads to `evil.example`";
    for line in [3, 5, 7, 9, 11, 13] {
        warned_at(&found, line, says);
    }
    assert_eq!(found.len(), 6, "{found:#?}");
}

/// `[+1 555 0100](tel:+15559999)` shows one number and dials another, and
/// `[oncall@ops.example](mailto:mallory@evil.example)` shows one address and writes to
/// another: the on-call number of a runbook read at 3 a.m. is what a reader taps. Both
/// passed in silence. The same number written another way (with or without the country
/// code, separators, `sms:`), or the address in another letter case, is no warning.
#[test]
fn a_link_showing_one_number_or_address_and_calling_another_is_told() {
    let md = "# A\n\n[+1 555 0100](tel:+15559999)\n\n[(555) 010-0100](sms:+1-555-999-0100)\n\n\
[oncall@ops.example](mailto:mallory@evil.example)\n\n\
[mailto:oncall@ops.example](mailto:oncall@ops.example.evil.example)\n\n\
Fine: [+1 555 0100](tel:5550100) [(555) 010-0100](tel:+1%20555%20010%200100) \
[555 010 0100](sms:+15550100100?body=x) [Oncall@Ops.example](mailto:oncall@ops.example?subject=x) \
[call the desk](tel:+15559999) [+1 555 0100](https://ops.example/phones)\n";
    let found = problems_of(md);
    warned_at(
        &found,
        3,
        "the link's text shows the number `+1 555 0100`, but the link calls `+15559999`",
    );
    warned_at(
        &found,
        5,
        "the link's text shows the number `(555) 010-0100`, but the link calls `+1-555-999-0100`",
    );
    warned_at(
        &found,
        7,
        "the link's text shows the address `oncall@ops.example`, but the link writes to `mallory@evil.example`",
    );
    warned_at(
        &found,
        9,
        "but the link writes to `oncall@ops.example.evil.example`",
    );
    assert_eq!(found.len(), 4, "{found:#?}");
}

/// Sends a request for `/` with the `Host` header `host` and returns the status.
fn status_for_host(addr: &str, host: &str) -> u16 {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    write!(
        s,
        "GET / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut reply = String::new();
    let _ = s.read_to_string(&mut reply);
    reply
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or_else(|| panic!("no status from {host}: {reply:?}"))
}

/// `pipebook serve` answered any `Host`: a web page at `attacker.example` whose name it
/// points at 127.0.0.1 once loaded (DNS rebinding) could read every page of the preview,
/// a private site's runbooks and contacts, as its own origin's. Names of another host are
/// answered 421 now; this machine's names and IP addresses are served as before.
#[test]
fn serve_answers_only_to_this_machines_names() {
    let site = site_of(&[SITE, ("content/runbooks/a.md", "# A\n\nSecret.\n")]);
    let tmp = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_pipebook"))
        .args([
            "serve",
            "--root",
            site.path().to_str().unwrap(),
            "--port",
            "0",
        ])
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .env("TMPDIR", tmp.path())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start pipebook serve");
    let addr = BufReader::new(child.stdout.take().unwrap())
        .lines()
        .map_while(Result::ok)
        .find_map(|l| {
            let rest = l.strip_prefix("Serving http://")?;
            Some(rest.split('/').next()?.to_string())
        });
    let result = std::panic::catch_unwind(|| {
        let addr = addr.expect("serve printed its address");
        let port = addr.rsplit(':').next().unwrap();
        for host in [
            format!("attacker.example:{port}"),
            "attacker.example".to_string(),
            format!("localhost.attacker.example:{port}"),
        ] {
            assert_eq!(status_for_host(&addr, &host), 421, "{host}");
        }
        for host in [
            addr.clone(),
            format!("localhost:{port}"),
            format!("[::1]:{port}"),
        ] {
            assert_eq!(status_for_host(&addr, &host), 200, "{host}");
        }
    });
    let _ = child.kill();
    let _ = child.wait();
    if let Err(e) = result {
        std::panic::resume_unwind(e);
    }
}
