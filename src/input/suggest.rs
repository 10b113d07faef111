//! "Did you mean …?" hints: the closest known name within a small edit distance.

/// Edit distance with adjacent transpositions (optimal string alignment), case-insensitive,
/// `-` counted as `_`.
fn distance(a: &str, b: &str) -> usize {
    let norm = |s: &str| -> Vec<char> {
        s.chars()
            .map(|c| {
                if c == '-' {
                    '_'
                } else {
                    c.to_ascii_lowercase()
                }
            })
            .collect()
    };
    let (a, b) = (norm(a), norm(b));
    let (n, m) = (a.len(), b.len());
    let mut d = vec![vec![0usize; m + 1]; n + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=n {
        for j in 1..=m {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = v;
        }
    }
    d[n][m]
}

/// The candidate closest to `word`, if it is within `max(1, len / 3)` edits (at most 3).
pub fn closest<'a, I>(word: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let mut best: Option<(usize, &'a str)> = None;
    // A long word is no typo of a key (and the distance costs its length squared).
    if word.len() > 64 {
        return None;
    }
    for c in candidates {
        let d = distance(word, c);
        let limit = (c.chars().count() / 3).clamp(1, 3);
        if d <= limit
            && d < c.chars().count()
            && d < word.chars().count()
            && best.is_none_or(|(bd, _)| d < bd)
        {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

/// `"; did you mean `x`?"` or an empty string.
pub fn hint<'a, I>(word: &str, candidates: I) -> String
where
    I: IntoIterator<Item = &'a str>,
{
    match closest(word, candidates) {
        Some(c) => format!("; did you mean `{c}`?"),
        None => String::new(),
    }
}

/// A hint if one is close, else the list of what is allowed.
pub fn hint_or_list<'a, I>(word: &str, candidates: I) -> String
where
    I: IntoIterator<Item = &'a str> + Clone,
{
    match closest(word, candidates.clone()) {
        Some(c) => format!("; did you mean `{c}`?"),
        None => {
            let all: Vec<String> = candidates.into_iter().map(|c| format!("`{c}`")).collect();
            if all.is_empty() {
                String::new()
            } else {
                format!("; expected one of {}", all.join(", "))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances() {
        assert_eq!(distance("piracy", "piracy"), 0);
        assert_eq!(distance("piracyy", "piracy"), 1);
        assert_eq!(distance("pircay", "piracy"), 1);
        assert_eq!(distance("Bass-P", "bass_p"), 0);
        assert_eq!(distance("", "abc"), 3);
    }

    #[test]
    fn closest_within_limit() {
        let c = ["piracy", "partner_reach", "favorability"];
        assert_eq!(closest("favourability", c), Some("favorability"));
        assert_eq!(closest("pirate", c), Some("piracy"));
        assert_eq!(closest("zzz", c), None);
        assert_eq!(hint("piracyy", c), "; did you mean `piracy`?");
        assert_eq!(hint_or_list("q", ["a", "b"]), "; expected one of `a`, `b`");
    }
}
