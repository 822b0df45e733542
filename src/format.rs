//! Vietnamese formatting of dates, numbers and reading time.

use trangtin_model::{Date, Timestamp, Weekday};

pub fn weekday_name(w: Weekday) -> &'static str {
    match w {
        Weekday::Monday => "Thứ Hai",
        Weekday::Tuesday => "Thứ Ba",
        Weekday::Wednesday => "Thứ Tư",
        Weekday::Thursday => "Thứ Năm",
        Weekday::Friday => "Thứ Sáu",
        Weekday::Saturday => "Thứ Bảy",
        Weekday::Sunday => "Chủ Nhật",
    }
}

/// `25/06/2024`
pub fn short_date(d: Date) -> String {
    format!("{:02}/{:02}/{:04}", d.day, d.month, d.year)
}

/// `Thứ Ba, 25/06/2024`
pub fn long_date(d: Date) -> String {
    format!("{}, {}", weekday_name(d.weekday()), short_date(d))
}

/// The `datetime` attribute of a `<time>` element.
pub fn iso(ts: &Timestamp) -> String {
    ts.to_string()
}

/// Groups thousands with dots, as Vietnamese writes them: `12378` → `12.378`.
pub fn number(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

/// Minutes to read `words` at 200 words a minute, at least one.
pub fn reading_minutes(words: u32) -> u32 {
    words.div_ceil(200).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_seed_date_reads_as_tuesday_25_06_2024() {
        assert_eq!(
            long_date(Date::new(2024, 6, 25).unwrap()),
            "Thứ Ba, 25/06/2024"
        );
    }

    #[test]
    fn every_weekday_has_its_vietnamese_name() {
        // 2024-06-24 was a Monday.
        let names: Vec<String> = (24..=30)
            .map(|d| long_date(Date::new(2024, 6, d).unwrap()))
            .collect();
        assert_eq!(
            names,
            [
                "Thứ Hai, 24/06/2024",
                "Thứ Ba, 25/06/2024",
                "Thứ Tư, 26/06/2024",
                "Thứ Năm, 27/06/2024",
                "Thứ Sáu, 28/06/2024",
                "Thứ Bảy, 29/06/2024",
                "Chủ Nhật, 30/06/2024"
            ]
        );
    }

    #[test]
    fn numbers_group_thousands_with_dots() {
        assert_eq!(number(0), "0");
        assert_eq!(number(999), "999");
        assert_eq!(number(12_378), "12.378");
        assert_eq!(number(13_557), "13.557");
        assert_eq!(number(1_234_567), "1.234.567");
    }

    #[test]
    fn reading_time_rounds_up_and_is_at_least_a_minute() {
        assert_eq!(reading_minutes(0), 1);
        assert_eq!(reading_minutes(200), 1);
        assert_eq!(reading_minutes(201), 2);
    }
}
