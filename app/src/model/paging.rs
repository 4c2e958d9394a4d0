/// How many pages `total` items fill, `per_page` at a time; at least one (an empty list is
/// still "Página 1 de 1").
pub fn page_count(total: i64, per_page: u32) -> u32 {
    let per_page = i64::from(per_page.max(1));
    ((total.max(0) + per_page - 1) / per_page).max(1) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partial_pages_count_and_an_empty_list_has_one_page() {
        assert_eq!(page_count(0, 25), 1);
        assert_eq!(page_count(25, 25), 1);
        assert_eq!(page_count(26, 25), 2);
        assert_eq!(page_count(100_000, 25), 4_000);
        assert_eq!(page_count(5, 0), 5, "a zero page size is treated as one");
    }
}
