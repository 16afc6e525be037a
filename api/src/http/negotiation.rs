//! Content negotiation headers (`Accept`, `Accept-Language`): lists of values weighted by `q` (RFC 9110 §12.4.2).

/// The items of a weighted header, lower-cased, with their quality (1 when absent). Items with `q=0` are kept:
/// they mean "not acceptable", and callers skip them.
pub fn weighted(header: &str) -> impl Iterator<Item = (String, f32)> + '_ {
    header.split(',').map(|item| {
        let mut parts = item.split(';');
        let value = parts.next().unwrap_or_default().trim().to_ascii_lowercase();
        let quality =
            parts.find_map(|p| p.trim().strip_prefix("q=").and_then(|q| q.trim().parse::<f32>().ok())).unwrap_or(1.0);
        (value, quality)
    })
}

#[cfg(test)]
mod tests {
    use super::weighted;

    #[test]
    fn items_carry_their_quality() {
        let items: Vec<(String, f32)> = weighted("Text/HTML, application/json;q=0.5 , */*; q=0").collect();
        assert_eq!(
            items,
            [("text/html".to_owned(), 1.0), ("application/json".to_owned(), 0.5), ("*/*".to_owned(), 0.0)]
        );
    }
}
