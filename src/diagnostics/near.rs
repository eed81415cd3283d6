//! "did you mean": the known name nearest a misspelt one, for keys of the YAML files and
//! the front matter (`pipline:`, `ownr:`, `githb:`).

/// The name of `known` nearest `word` (letter case aside), when it is near enough to be
/// a slip of the keyboard: one edit in a name of up to four letters, two in a longer one,
/// a swap of two letters counting one. Linear in `word` beyond that: a long word is no
/// candidate's slip, and its distance is not worked out.
pub fn did_you_mean<'a>(word: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let given = word;
    let word = word.to_lowercase();
    let len = word.chars().count();
    known
        .into_iter()
        .filter(|k| *k != given)
        .filter_map(|k| {
            let limit = if k.chars().count() <= 4 { 1 } else { 2 };
            if len.abs_diff(k.chars().count()) > limit {
                return None;
            }
            let d = strsim::damerau_levenshtein(&word, &k.to_lowercase());
            (d <= limit).then_some((d, k))
        })
        .min_by_key(|&(d, _)| d)
        .map(|(_, k)| k)
}

#[cfg(test)]
mod tests {
    use super::did_you_mean;

    #[test]
    fn slips_find_their_key_and_other_words_none() {
        let team = ["id", "name", "contact", "github", "time_off", "formerly"];
        assert_eq!(did_you_mean("githb", team), Some("github"));
        assert_eq!(did_you_mean("Name", team), Some("name"));
        assert_eq!(did_you_mean("tiem_off", team), Some("time_off"));
        assert_eq!(did_you_mean("ib", team), Some("id"));
        assert_eq!(did_you_mean("email", team), None);
        assert_eq!(did_you_mean(&"x".repeat(100_000), team), None);
        let front = ["title", "pipelines", "alerts", "aliases"];
        assert_eq!(did_you_mean("pipline", front), Some("pipelines"));
        assert_eq!(did_you_mean("alert", front), Some("alerts"));
        assert_eq!(did_you_mean("tags", front), None);
        assert_eq!(did_you_mean("date", front), None);
    }
}
