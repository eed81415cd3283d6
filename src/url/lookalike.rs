//! Hosts and names that pass for others: a label mixing the letters of scripts that look
//! alike (`pаypal.com` with a Cyrillic `а`), or written wholly in letters of another
//! script that pass for Latin ones (`еxаmрlе.com`, every letter Cyrillic) under a top-level
//! domain not of that script. Checked at a link's host in a runbook
//! (`markdown::deceptive`), and at the addresses of `site.yaml` and `team.yaml`, which
//! every page links (`validate`).
//!
//! The whole-script rule is Chromium's (its IDN display policy shows such a label as
//! punycode): a label is a disguise when each of its letters is Cyrillic, Greek or
//! Armenian and reads as a Latin one (Unicode's confusable skeleton, UTS #39, is ASCII),
//! unless the top-level domain is of that script (`.рф`, `.ελ`) or of a country that
//! writes it (`.ru`, `.gr`, `.am`). Honest names (`пример.рф`, `пример.com`, whose `и`
//! reads as no Latin letter) are left alone.

use unicode_security::confusable_detection::skeleton;

/// The letters' scripts that lookalike hosts mix.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Script {
    Latin,
    Greek,
    Cyrillic,
    Armenian,
}

impl Script {
    /// The country-code top-level domains of countries writing the script, under which
    /// Chromium shows a label wholly in it as written.
    fn country_tlds(self) -> &'static [&'static str] {
        match self {
            Script::Latin => &[],
            Script::Cyrillic => &[
                "bg", "by", "kg", "kz", "mk", "mn", "rs", "ru", "su", "tj", "ua", "uz",
            ],
            Script::Greek => &["gr", "cy"],
            Script::Armenian => &["am"],
        }
    }

    fn name(self) -> &'static str {
        match self {
            Script::Latin => "Latin",
            Script::Greek => "Greek",
            Script::Cyrillic => "Cyrillic",
            Script::Armenian => "Armenian",
        }
    }
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

/// The one script other than Latin that all of `label`'s letters are written in, when
/// every one of them reads as a Latin letter or digit (`еxаmрlе` in Cyrillic).
fn passes_for_latin(label: &str) -> Option<Script> {
    let mut only: Option<Script> = None;
    for c in label.chars() {
        if c == '-' || c.is_ascii_digit() {
            continue;
        }
        let s = script(c).filter(|&s| s != Script::Latin)?;
        if *only.get_or_insert(s) != s {
            return None;
        }
        if !skeleton(c.encode_utf8(&mut [0; 4])).all(|k| k.is_ascii_alphanumeric()) {
            return None;
        }
    }
    only
}

/// A host that passes for another, as a reader sees it (punycode `xn--…` labels decoded).
#[derive(Debug, PartialEq, Eq)]
pub struct LookalikeHost {
    pub shown: String,
    /// The script a label is wholly written in, when it is a whole-script lookalike;
    /// `None` when a label mixes scripts.
    pub whole_script: Option<&'static str>,
}

impl LookalikeHost {
    /// Why the host is a lookalike, for a message: "mixes letters of several scripts" or
    /// "is written wholly in Cyrillic letters that pass for Latin ones".
    pub fn why(&self) -> String {
        match self.whole_script {
            None => "mixes letters of several scripts".to_string(),
            Some(s) => format!(
                "is written in {s} letters that pass for Latin ones (browsers show it as punycode)"
            ),
        }
    }
}

/// `domain` as a reader sees it, if one of its labels mixes scripts (see
/// [`mixes_scripts`]) or is a whole-script lookalike under a top-level domain not of its
/// script (see the module's documentation).
pub fn lookalike_domain(domain: &str) -> Option<LookalikeHost> {
    let (unicode, _) = idna::domain_to_unicode(domain);
    let host = |whole_script| {
        let shown = unicode.clone();
        Some(LookalikeHost {
            shown,
            whole_script,
        })
    };
    if unicode.split('.').any(mixes_scripts) {
        return host(None);
    }
    let trimmed = unicode.strip_suffix('.').unwrap_or(&unicode);
    let (labels, tld) = trimmed.rsplit_once('.')?;
    let tld = tld.to_lowercase();
    let of_script = |s: Script| {
        tld.chars().filter_map(script).any(|t| t == s) || s.country_tlds().contains(&&*tld)
    };
    let whole = labels
        .split('.')
        .filter_map(passes_for_latin)
        .find(|&s| !of_script(s))?;
    host(Some(whole.name()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn told(domain: &str) -> Option<String> {
        lookalike_domain(domain).map(|h| h.shown)
    }

    #[test]
    fn labels_mixing_scripts_are_told() {
        assert!(told("g\u{0456}thub.com").is_some());
        assert_eq!(
            told("xn--gthub-n2e.com").as_deref(),
            Some("g\u{0456}thub.com")
        );
        assert!(told("github.com").is_none());
        assert!(told("b\u{FC}cher.example").is_none());
        assert!(mixes_scripts("d\u{0435}1"));
        assert!(!mixes_scripts("de1"));
    }

    #[test]
    fn whole_script_lookalikes_are_told_under_another_scripts_tld() {
        // Chromium shows these as punycode under `.com`.
        assert!(
            told("\u{0441}\u{043E}\u{0441}\u{043E}").is_none(),
            "no top-level domain"
        );
        let cyrillic = "\u{0441}\u{043E}\u{0441}\u{043E}"; // сосо
        let h = lookalike_domain(&format!("{cyrillic}.com")).unwrap();
        assert_eq!(h.whole_script, Some("Cyrillic"));
        assert!(h.why().contains("Cyrillic"));
        let puny = idna::domain_to_ascii(&format!("{cyrillic}.com")).unwrap();
        assert!(puny.starts_with("xn--"), "{puny}");
        assert_eq!(told(&puny), Some(format!("{cyrillic}.com")));
        assert!(told(&format!("www.{cyrillic}.example.com")).is_some());
        assert!(told(&format!("{cyrillic}.COM.")).is_some());
        // Greek `ο` and `α`... `οα` reads `oa`.
        assert!(told("\u{03BF}\u{03BF}.com").is_some());
        // Under a top-level domain of the script, or of a country writing it: as written.
        assert!(told(&format!("{cyrillic}.\u{0440}\u{0444}")).is_none());
        assert!(told(&format!("{cyrillic}.ru")).is_none());
        assert!(told(&format!("{cyrillic}.RU")).is_none());
        assert!(told("\u{03BF}\u{03BF}.gr").is_none());
    }

    #[test]
    fn honest_names_in_one_script_are_not_told() {
        let primer = "\u{043F}\u{0440}\u{0438}\u{043C}\u{0435}\u{0440}"; // пример
        assert!(told(&format!("{primer}.com")).is_none());
        assert!(told(&format!("{primer}.\u{0440}\u{0444}")).is_none());
        assert!(told("\u{03B5}\u{03BB}\u{03BB}\u{03AC}\u{03B4}\u{03B1}.com").is_none()); // ελλάδα
        assert!(told(&idna::domain_to_ascii(&format!("{primer}.com")).unwrap()).is_none());
        assert!(told("example.com").is_none());
        assert!(told("127.0.0.1").is_none());
        assert!(told("").is_none());
    }
}
