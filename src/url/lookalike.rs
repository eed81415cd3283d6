//! Hosts and names that mix the letters of scripts that look alike (`pаypal.com` with a
//! Cyrillic `а`): a link's host in a runbook (`markdown::deceptive`), and the addresses
//! of `site.yaml` and `team.yaml`, which every page links (`validate`).

/// The letters' scripts that lookalike hosts mix.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Script {
    Latin,
    Greek,
    Cyrillic,
    Armenian,
}

fn script(c: char) -> Option<Script> {
    match c {
        'a'..='z' | 'A'..='Z' | '\u{00C0}'..='\u{024F}' => Some(Script::Latin),
        '\u{0370}'..='\u{03FF}' => Some(Script::Greek),
        '\u{0400}'..='\u{052F}' => Some(Script::Cyrillic),
        '\u{0530}'..='\u{058F}' => Some(Script::Armenian),
        _ => None,
    }
}

/// Whether `word` holds letters of more than one of Latin, Greek, Cyrillic and Armenian.
pub fn mixes_scripts(word: &str) -> bool {
    let mut seen: Option<Script> = None;
    word.chars().filter_map(script).any(|s| {
        let first = *seen.get_or_insert(s);
        first != s
    })
}

/// `domain` as a reader sees it (punycode `xn--…` labels decoded), if one of its labels
/// mixes scripts (see [`mixes_scripts`]).
pub fn mixed_script_domain(domain: &str) -> Option<String> {
    let (unicode, _) = idna::domain_to_unicode(domain);
    unicode.split('.').any(mixes_scripts).then_some(unicode)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_mixing_scripts_are_told() {
        assert!(mixed_script_domain("g\u{0456}thub.com").is_some());
        assert_eq!(
            mixed_script_domain("xn--gthub-n2e.com").as_deref(),
            Some("g\u{0456}thub.com")
        );
        assert!(mixed_script_domain("github.com").is_none());
        assert!(
            mixed_script_domain("\u{043F}\u{0440}\u{0438}\u{043C}\u{0435}\u{0440}.com").is_none()
        );
        assert!(mixed_script_domain("b\u{FC}cher.example").is_none());
        assert!(mixes_scripts("d\u{0435}1"));
        assert!(!mixes_scripts("de1"));
    }
}
