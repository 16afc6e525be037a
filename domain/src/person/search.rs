//! Name search keys: how an agent at a desk finds "Oleksandr" whether the passport says `Aleksandr`, the visa
//! `Olexandr` and the civil status `Олександр`.
//!
//! A name is split into tokens and each token folded to a *key* by fixed, ordered rules. Search folds the typed
//! tokens the same way and matches each one on a key *prefix* (so typing continues to match). The rules trade
//! precision for recall on purpose: an agent confirms a candidate with the birth date and the documents; missing
//! the person — and creating a second record for them — is the costly error (DESIGN.md §6, duplicates).
//!
//! The rules, in order:
//! 1. Unicode compatibility decomposition (NFKD), combining marks dropped, lowercase: `Nguyễn` → `nguyen`,
//!    `ÇAĞLAR` → `caglar`. Letters without a decomposition are spelled out: `ß`→`ss`, `æ`→`ae`, `œ`→`oe`,
//!    `ø`→`o`, `đ`→`d`, `ł`→`l`, `ı`→`i`, `þ`→`th`.
//! 2. Cyrillic is transliterated letter by letter (a simple, lossy table close to the French passport
//!    practice: `ж`→`zh`, `х`→`kh`, `ц`→`ts`, `ч`→`ch`, `ш`→`sh`, `щ`→`shch`, `ю`→`iu`, `я`→`ia`; the soft and
//!    hard signs vanish). Other scripts are dropped: their records carry Latin transliterations.
//! 3. Apostrophes vanish inside a token (`N'Diaye` → `ndiaye`); any other non-alphanumeric character separates
//!    tokens (`Al-Hassan` → `al`, `hassan`).
//! 4. Spelling variants are folded: `dzh`→`j`, `dj`→`j`, `dz`→`z`, `kh`→`h`, `gh`→`g`, `ph`→`f`, `th`→`t`,
//!    `ck`→`k`, `q`→`k`, `w`→`v`, `x`→`ks` (`Dzhamal`, `Djamal`, `Jamal`; `Tendzin`, `Tenzin`; `Olexandr`,
//!    `Oleksandr`).
//! 5. Doubled letters are single (`Mohammed` → `mohamed`).
//! 6. Every run of vowels (`a e i o u y`) becomes one `a` (`Mohamed`, `Muhammad` → `mahamad`; `Oleksandr`,
//!    `Aleksandr` → `alaksandr`; `Nguyen` → `ngan`).
//!
//! Keys are ASCII `[0-9a-z]`, so their order is the same under any database collation — which lets storage
//! serve a prefix search with a plain range on a b-tree index (`key >= p AND key < next(p)`).

use std::collections::BTreeSet;

use unicode_normalization::UnicodeNormalization as _;

use super::{ForeignerNumber, PartialDate};
use crate::Error;

/// The longest key kept: longer tokens are cut (a prefix search still finds them).
pub const MAX_KEY_LEN: usize = 40;

/// The shortest key a search token may fold to: one letter would match a large part of the register.
pub const MIN_SEARCH_KEY_LEN: usize = 2;

/// Most tokens in a searched name.
pub const MAX_SEARCH_TOKENS: usize = 6;

/// The search keys of one name (any number of tokens), without duplicates, in order.
pub fn name_keys(name: &str) -> BTreeSet<String> {
    tokens(name).into_iter().map(|token| fold_token(&token)).filter(|key| !key.is_empty()).collect()
}

/// The keys to look for when an agent types `query`: one per token, in the order typed (duplicates removed).
///
/// # Errors
/// [`Error::InvalidInput`] (field `name`) when the query has no letter, more than [`MAX_SEARCH_TOKENS`] tokens,
/// or a token shorter than [`MIN_SEARCH_KEY_LEN`] once folded.
pub fn search_keys(query: &str) -> Result<Vec<String>, Error> {
    let mut keys: Vec<String> = Vec::new();
    for token in tokens(query) {
        let key = fold_token(&token);
        if key.len() < MIN_SEARCH_KEY_LEN {
            return Err(Error::invalid(
                "name",
                format!("each part of a searched name needs at least {MIN_SEARCH_KEY_LEN} letters"),
            ));
        }
        if !keys.contains(&key) {
            keys.push(key);
        }
    }
    if keys.is_empty() {
        return Err(Error::invalid("name", "give at least one name of two letters or more"));
    }
    if keys.len() > MAX_SEARCH_TOKENS {
        return Err(Error::invalid("name", format!("give at most {MAX_SEARCH_TOKENS} name parts")));
    }
    Ok(keys)
}

/// The smallest string greater than every string starting with `prefix`, in the order of `[0-9a-z]` keys — the
/// exclusive upper bound of a prefix range. `None` when there is none (`zz…`): the range is then open.
pub fn prefix_upper_bound(prefix: &str) -> Option<String> {
    let mut chars: Vec<char> = prefix.chars().collect();
    while let Some(last) = chars.pop() {
        let next = match last {
            '0'..='8' | 'a'..='y' => char::from_u32(u32::from(last) + 1),
            '9' => Some('a'),
            _ => None,
        };
        if let Some(next) = next {
            chars.push(next);
            return Some(chars.into_iter().collect());
        }
    }
    None
}

/// What an agent looks for; every criterion given must hold, and at least one is given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonSearch {
    name_keys: Vec<String>,
    birth_date: Option<PartialDate>,
    foreigner_number: Option<ForeignerNumber>,
}

impl PersonSearch {
    /// Builds the criteria: `name` is folded to keys ([`search_keys`]), each of which must prefix one of the
    /// person's keys; `birth_date` matches the known parts of the person's birth date (a search for `1992` finds
    /// every birth date in 1992; a search for `1992-11-03` also finds a person whose recorded birth date is only
    /// `1992-11` or `1992`, who may have been born that day); `foreigner_number` matches exactly.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] when no criterion is given, or the name is not searchable.
    pub fn new(
        name: Option<&str>,
        birth_date: Option<PartialDate>,
        foreigner_number: Option<ForeignerNumber>,
    ) -> Result<Self, Error> {
        let name = name.map(str::trim).filter(|n| !n.is_empty());
        if name.is_none() && birth_date.is_none() && foreigner_number.is_none() {
            return Err(Error::invalid("search", "give a name, a birth date or a foreigner number"));
        }
        let name_keys = name.map(search_keys).transpose()?.unwrap_or_default();
        Ok(Self { name_keys, birth_date, foreigner_number })
    }

    /// The keys that must each prefix one of the person's keys.
    pub fn name_keys(&self) -> &[String] {
        &self.name_keys
    }

    /// The birth date to match.
    pub const fn birth_date(&self) -> Option<PartialDate> {
        self.birth_date
    }

    /// The foreigner number to match.
    pub const fn foreigner_number(&self) -> Option<&ForeignerNumber> {
        self.foreigner_number.as_ref()
    }

    /// Whether a stored birth date matches the searched one: each part known on both sides is equal.
    pub fn birth_date_matches(&self, stored: PartialDate) -> bool {
        self.birth_date.is_none_or(|wanted| {
            let same = |a: Option<u8>, b: Option<u8>| a.is_none() || b.is_none() || a == b;
            wanted.year() == stored.year()
                && same(wanted.month(), stored.month())
                && (wanted.month().is_none() || stored.month().is_none() || same(wanted.day(), stored.day()))
        })
    }
}

/// Splits a name into lowercase ASCII tokens (rules 1 to 3).
fn tokens(name: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    for c in name.nfkd() {
        if unicode_normalization::char::is_combining_mark(c) {
            continue;
        }
        for lower in c.to_lowercase() {
            match lower {
                'a'..='z' | '0'..='9' => current.push(lower),
                '\'' | '’' | 'ʼ' | '`' | 'ʻ' => {}
                other => match spelled(other) {
                    Some(spelling) => current.push_str(spelling),
                    None => {
                        if !current.is_empty() {
                            out.push(std::mem::take(&mut current));
                        }
                    }
                },
            }
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// Latin letters without a decomposition, and Cyrillic, spelled in ASCII.
fn spelled(c: char) -> Option<&'static str> {
    Some(match c {
        'ß' => "ss",
        'æ' => "ae",
        'œ' => "oe",
        'ø' | 'о' => "o",
        'đ' | 'ð' | 'д' => "d",
        'ł' | 'л' => "l",
        'ı' | 'и' | 'і' | 'ї' | 'й' | 'ы' => "i",
        'þ' => "th",
        'а' => "a",
        'б' => "b",
        'в' => "v",
        'г' | 'ґ' => "g",
        'е' | 'ё' | 'э' | 'є' => "e",
        'ж' => "zh",
        'з' => "z",
        'к' => "k",
        'м' => "m",
        'н' => "n",
        'п' => "p",
        'р' => "r",
        'с' => "s",
        'т' => "t",
        'у' | 'ў' => "u",
        'ф' => "f",
        'х' => "kh",
        'ц' => "ts",
        'ч' => "ch",
        'ш' => "sh",
        'щ' => "shch",
        'ю' => "iu",
        'я' => "ia",
        'ь' | 'ъ' => "",
        _ => return None,
    })
}

/// Spelling variants folded, in this order (rule 4): the longest patterns first.
const VARIANTS: &[(&str, &str)] = &[
    ("dzh", "j"),
    ("dj", "j"),
    ("dz", "z"),
    ("kh", "h"),
    ("gh", "g"),
    ("ph", "f"),
    ("th", "t"),
    ("ck", "k"),
    ("q", "k"),
    ("w", "v"),
    ("x", "ks"),
];

const fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y')
}

/// Folds one lowercase ASCII token to its key (rules 4 to 6).
fn fold_token(token: &str) -> String {
    let mut text = token.to_owned();
    for (from, to) in VARIANTS {
        text = text.replace(from, to);
    }
    let mut key = String::with_capacity(text.len());
    let mut previous: Option<char> = None;
    for c in text.chars() {
        let folded = if is_vowel(c) { 'a' } else { c };
        if previous != Some(folded) {
            key.push(folded);
        }
        previous = Some(folded);
    }
    key.truncate(MAX_KEY_LEN);
    key
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::{name_keys, prefix_upper_bound, search_keys};

    fn key(name: &str) -> String {
        let keys = name_keys(name);
        assert_eq!(keys.len(), 1, "{name} should be one token: {keys:?}");
        keys.into_iter().next().unwrap_or_default()
    }

    #[test]
    fn transliteration_variants_share_a_key() {
        for group in [
            &["Oleksandr", "Aleksandr", "Olexandr", "Олександр", "OLEKSANDR"][..],
            &["Mohammed", "Muhammad", "Mohamed", "Mohamad"],
            &["Nguyễn", "Nguyen", "NGUYEN"],
            &["Tenzin", "Tendzin"],
            &["Dzhamal", "Djamal", "Jamal", "Джамал"],
            &["Khalid", "Halid"],
            &["Yusuf", "Youssouf", "Iusuf"],
            &["Stephane", "Stéphane", "Stefane"],
            &["Wladimir", "Vladimir", "Владимир"],
            &["Kovalenko", "Коваленко"],
        ] {
            let first = key(group[0]);
            for other in &group[1..] {
                assert_eq!(key(other), first, "{other} vs {}", group[0]);
            }
        }
    }

    #[test]
    fn different_names_keep_different_keys() {
        assert_ne!(key("Haddad"), key("Hamid"));
        assert_ne!(key("Tashi"), key("Tenzin"));
        assert_ne!(key("Tenzin"), key("Kovalenko"));
    }

    #[test]
    fn punctuation_splits_and_apostrophes_join() {
        assert_eq!(name_keys("Al-Hassan"), name_keys("al hassan"));
        assert_eq!(name_keys("N'Diaye"), name_keys("Ndiaye"));
        assert_eq!(name_keys("Jean-Pierre, Marie").len(), 3);
        assert!(name_keys(" -- ").is_empty());
        assert!(name_keys("བསྟན་འཛིན").is_empty(), "scripts without a table give no key; records carry Latin spellings");
    }

    #[test]
    fn search_refuses_empty_or_one_letter_parts() {
        assert!(search_keys("").is_err());
        assert!(search_keys("  ,").is_err());
        assert!(search_keys("O Kovalenko").is_err());
        assert!(search_keys("a b c d e f g").is_err());
        assert_eq!(search_keys("Oleksandr KOVALENKO oleksandr").expect("valid").len(), 2);
    }

    #[test]
    fn the_upper_bound_of_a_prefix_carries_over_z() {
        assert_eq!(prefix_upper_bound("ala").as_deref(), Some("alb"));
        assert_eq!(prefix_upper_bound("alz").as_deref(), Some("am"));
        assert_eq!(prefix_upper_bound("a9").as_deref(), Some("aa"));
        assert_eq!(prefix_upper_bound("zz"), None);
        let (prefix, bound) = ("mahamad", prefix_upper_bound("maha").unwrap_or_default());
        assert!(prefix >= "maha" && prefix < bound.as_str());
    }

    #[test]
    fn a_search_needs_a_criterion_and_matches_the_known_parts_of_a_birth_date() {
        use crate::person::PartialDate;
        let date = |t: &str| PartialDate::parse(t).expect("date");
        assert!(super::PersonSearch::new(None, None, None).is_err());
        assert!(super::PersonSearch::new(Some("  "), None, None).is_err());
        let year = super::PersonSearch::new(None, Some(date("1992")), None).expect("valid");
        assert!(year.birth_date_matches(date("1992-11-03")) && year.birth_date_matches(date("1992")));
        assert!(!year.birth_date_matches(date("1993-11-03")));
        let day = super::PersonSearch::new(None, Some(date("1992-11-03")), None).expect("valid");
        assert!(day.birth_date_matches(date("1992-11")) && day.birth_date_matches(date("1992")));
        assert!(!day.birth_date_matches(date("1992-12")) && !day.birth_date_matches(date("1992-11-04")));
        let month = super::PersonSearch::new(Some("Kovalenko"), Some(date("1992-11")), None).expect("valid");
        assert!(month.birth_date_matches(date("1992-11-30")) && !month.birth_date_matches(date("1992-10-30")));
        assert_eq!(month.name_keys(), ["kavalanka"]);
    }

    /// Strips the accents the strategy below adds, as a clerk typing on a plain keyboard would.
    fn strip(text: &str) -> String {
        text.chars()
            .map(|c| match c {
                'é' | 'è' | 'ê' | 'ë' => 'e',
                'É' => 'E',
                'à' | 'â' | 'ä' => 'a',
                'ï' | 'î' => 'i',
                'ô' | 'ö' => 'o',
                'ù' | 'ü' | 'û' => 'u',
                'ç' => 'c',
                'ñ' => 'n',
                'ş' => 's',
                'ğ' => 'g',
                other => other,
            })
            .collect()
    }

    proptest! {
        #[test]
        fn accents_and_case_never_change_the_keys(name in "[a-zA-Zéèêëàâäïîôöùüûçñşğ' -]{0,24}") {
            let keys = name_keys(&name);
            prop_assert_eq!(&name_keys(&strip(&name)), &keys);
            prop_assert_eq!(&name_keys(&name.to_uppercase()), &keys);
            prop_assert_eq!(&name_keys(&name.to_lowercase()), &keys);
        }

        #[test]
        fn a_key_is_found_by_each_of_its_prefixes(name in "[a-zA-Zéöç]{2,20}") {
            for key in name_keys(&name) {
                for end in super::MIN_SEARCH_KEY_LEN..=key.len() {
                    let prefix = &key[..end];
                    let above = prefix_upper_bound(prefix);
                    prop_assert!(key.as_str() >= prefix);
                    prop_assert!(above.is_none_or(|bound| key < bound));
                }
            }
        }
    }
}
