//! Civil dates and timestamps with a fixed UTC offset, small enough for the wasm bundle.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// A calendar date (proleptic Gregorian).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Weekday {
    Monday,
    Tuesday,
    Wednesday,
    Thursday,
    Friday,
    Saturday,
    Sunday,
}

impl Date {
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        let valid = (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month);
        valid.then_some(Date { year, month, day })
    }

    /// Days since 1970-01-01 (negative before it).
    pub fn days_since_epoch(self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` after 1970-01-01; the inverse of [`Date::days_since_epoch`].
    pub fn from_days_since_epoch(days: i64) -> Date {
        // Howard Hinnant's civil_from_days.
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }

    pub fn weekday(self) -> Weekday {
        // 1970-01-01 was a Thursday.
        match (self.days_since_epoch() + 3).rem_euclid(7) {
            0 => Weekday::Monday,
            1 => Weekday::Tuesday,
            2 => Weekday::Wednesday,
            3 => Weekday::Thursday,
            4 => Weekday::Friday,
            5 => Weekday::Saturday,
            _ => Weekday::Sunday,
        }
    }
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

/// A local date and time with its UTC offset, written as RFC 3339 on the wire
/// (`2024-06-25T14:00:00+07:00`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Timestamp {
    pub date: Date,
    pub hour: u8,
    pub minute: u8,
    pub second: u8,
    pub offset_minutes: i16,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimestampError(String);

impl fmt::Display for TimestampError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "invalid date {:?}: expected YYYY-MM-DD, optionally followed by THH:MM[:SS] and an offset such as +07:00",
            self.0
        )
    }
}

impl std::error::Error for TimestampError {}

impl Timestamp {
    /// Parses `YYYY-MM-DD`, `YYYY-MM-DD[T ]HH:MM[:SS]` and either with `Z` or `±HH:MM`.
    /// Without an offset the time is local to `default_offset_minutes`; without a time it is
    /// midnight.
    pub fn parse(s: &str, default_offset_minutes: i16) -> Result<Timestamp, TimestampError> {
        let err = || TimestampError(s.to_string());
        let s = s.trim();
        let b = s.as_bytes();
        // Every form read is ASCII; checking it first keeps the byte slicing below on
        // character boundaries (a letter in the middle of a date once made it panic).
        if !s.is_ascii() || b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
            return Err(err());
        }
        let date = Date::new(num(&s[0..4])?, num(&s[5..7])?, num(&s[8..10])?).ok_or_else(err)?;
        let mut ts = Timestamp {
            date,
            hour: 0,
            minute: 0,
            second: 0,
            offset_minutes: default_offset_minutes,
        };
        let mut rest = &s[10..];
        if rest.is_empty() {
            return Ok(ts);
        }
        if !(rest.starts_with('T') || rest.starts_with(' ')) || rest.len() < 6 {
            return Err(err());
        }
        let time = &rest[1..];
        let tb = time.as_bytes();
        if tb.len() < 5 || tb[2] != b':' {
            return Err(err());
        }
        ts.hour = num(&time[0..2])?;
        ts.minute = num(&time[3..5])?;
        rest = &time[5..];
        if let Some(after) = rest.strip_prefix(':') {
            if after.len() < 2 {
                return Err(err());
            }
            ts.second = num(&after[0..2])?;
            rest = &after[2..];
            // Fractional seconds carry nothing a news portal shows.
            if let Some(frac) = rest.strip_prefix('.') {
                let digits = frac.bytes().take_while(u8::is_ascii_digit).count();
                rest = &frac[digits..];
            }
        }
        if ts.hour > 23 || ts.minute > 59 || ts.second > 60 {
            return Err(err());
        }
        // Jekyll writes `2024-03-06 09:00:00 +0700`: a space, and no colon.
        let rest = rest.strip_prefix(' ').unwrap_or(rest);
        match rest {
            "" => {}
            "Z" | "z" => ts.offset_minutes = 0,
            _ => {
                let ob = rest.as_bytes();
                let colon = ob.len() == 6 && ob[3] == b':';
                if !(colon || ob.len() == 5) || !(ob[0] == b'+' || ob[0] == b'-') {
                    return Err(err());
                }
                let minutes = if colon { 4 } else { 3 };
                let h: i16 = num(&rest[1..3])?;
                let m: i16 = num(&rest[minutes..minutes + 2])?;
                if h > 14 || m > 59 {
                    return Err(err());
                }
                let sign = if ob[0] == b'-' { -1 } else { 1 };
                ts.offset_minutes = sign * (h * 60 + m);
            }
        }
        Ok(ts)
    }

    /// Seconds since the Unix epoch, for ordering instants across offsets.
    /// The local time at `unix_seconds` in the zone `offset_minutes` east of UTC.
    pub fn from_unix(unix_seconds: i64, offset_minutes: i16) -> Timestamp {
        let local = unix_seconds + i64::from(offset_minutes) * 60;
        let secs = local.rem_euclid(86_400);
        Timestamp {
            date: Date::from_days_since_epoch(local.div_euclid(86_400)),
            hour: (secs / 3600) as u8,
            minute: (secs / 60 % 60) as u8,
            second: (secs % 60) as u8,
            offset_minutes,
        }
    }

    pub fn unix_seconds(&self) -> i64 {
        self.date.days_since_epoch() * 86_400
            + i64::from(self.hour) * 3600
            + i64::from(self.minute) * 60
            + i64::from(self.second)
            - i64::from(self.offset_minutes) * 60
    }
}

fn num<T: std::str::FromStr>(s: &str) -> Result<T, TimestampError> {
    if s.is_empty() || !s.bytes().all(|c| c.is_ascii_digit()) {
        return Err(TimestampError(s.to_string()));
    }
    s.parse().map_err(|_| TimestampError(s.to_string()))
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.date;
        write!(
            f,
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
            d.year, d.month, d.day, self.hour, self.minute, self.second
        )?;
        if self.offset_minutes == 0 {
            return f.write_str("Z");
        }
        let sign = if self.offset_minutes < 0 { '-' } else { '+' };
        let abs = self.offset_minutes.unsigned_abs();
        write!(f, "{sign}{:02}:{:02}", abs / 60, abs % 60)
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Timestamp::parse(&s, 0).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_of_several_bytes_anywhere_in_a_date_are_an_error_not_a_panic() {
        // Found by `make fuzz` (target article): `08:3ÐÅ` cut inside a letter.
        assert!(Timestamp::parse("2024-03-05T08:3\u{d0}\u{c5}\u{cf}\u{d6}+07:00", 420).is_err());
        let good = "2024-03-05T08:30:15.25+07:00";
        for at in 0..=good.len() {
            for letter in ["đ", "Ơ", "€", "😀", "\u{301}"] {
                let mut s = good.to_string();
                s.insert_str(at, letter);
                assert!(Timestamp::parse(&s, 420).is_err(), "{s}");
            }
        }
        assert!(Timestamp::parse(good, 420).is_ok());
    }

    #[test]
    fn days_and_unix_times_convert_both_ways() {
        for days in [-800_000, -1, 0, 1, 19_000, 19_723, 2_932_896] {
            assert_eq!(Date::from_days_since_epoch(days).days_since_epoch(), days);
        }
        assert_eq!(
            Date::from_days_since_epoch(19_899),
            Date::new(2024, 6, 25).unwrap()
        );
        // 2024-06-30T17:00:00Z is midnight of 1 July in Hà Nội.
        let t = Timestamp::from_unix(1_719_766_800, 420);
        assert_eq!(t.to_string(), "2024-07-01T00:00:00+07:00");
        assert_eq!(t.unix_seconds(), 1_719_766_800);
    }

    const ICT: i16 = 7 * 60;

    #[test]
    fn the_seed_date_was_a_tuesday() {
        assert_eq!(Date::new(2024, 6, 25).unwrap().weekday(), Weekday::Tuesday);
    }

    #[test]
    fn weekdays_are_right_across_leap_years_and_the_epoch() {
        assert_eq!(Date::new(1970, 1, 1).unwrap().weekday(), Weekday::Thursday);
        assert_eq!(Date::new(2000, 2, 29).unwrap().weekday(), Weekday::Tuesday);
        assert_eq!(
            Date::new(1969, 12, 31).unwrap().weekday(),
            Weekday::Wednesday
        );
        assert_eq!(Date::new(2026, 11, 27).unwrap().weekday(), Weekday::Friday);
    }

    #[test]
    fn impossible_dates_are_rejected() {
        assert!(Date::new(2023, 2, 29).is_none());
        assert!(Date::new(2024, 13, 1).is_none());
        assert!(Date::new(2024, 4, 31).is_none());
        assert!(Timestamp::parse("2024-02-30", ICT).is_err());
        assert!(Timestamp::parse("25/6/2024", ICT).is_err());
        assert!(Timestamp::parse("2024-06-25T25:00", ICT).is_err());
        assert!(Timestamp::parse("2024-06-25T10:00+7", ICT).is_err());
        assert!(Timestamp::parse("", ICT).is_err());
    }

    #[test]
    fn jekylls_dates_read_as_written() {
        assert_eq!(
            Timestamp::parse("2024-03-06 09:00:00 +0700", 0)
                .unwrap()
                .to_string(),
            "2024-03-06T09:00:00+07:00"
        );
        assert_eq!(
            Timestamp::parse("2024-03-06 09:00 -0130", ICT)
                .unwrap()
                .to_string(),
            "2024-03-06T09:00:00-01:30"
        );
        assert!(Timestamp::parse("2024-03-06 09:00 +07", ICT).is_err());
    }

    #[test]
    fn a_bare_date_is_midnight_in_the_default_zone() {
        let ts = Timestamp::parse("2024-06-25", ICT).unwrap();
        assert_eq!(ts.to_string(), "2024-06-25T00:00:00+07:00");
    }

    #[test]
    fn explicit_offsets_and_utc_are_kept() {
        assert_eq!(
            Timestamp::parse("2024-06-25T14:30:05-03:30", ICT)
                .unwrap()
                .to_string(),
            "2024-06-25T14:30:05-03:30"
        );
        assert_eq!(
            Timestamp::parse("2024-06-25 14:30Z", ICT)
                .unwrap()
                .to_string(),
            "2024-06-25T14:30:00Z"
        );
    }

    #[test]
    fn instants_order_across_offsets() {
        let hanoi = Timestamp::parse("2024-06-25T07:00:00+07:00", 0).unwrap();
        let utc = Timestamp::parse("2024-06-25T00:30:00Z", 0).unwrap();
        assert!(hanoi.unix_seconds() < utc.unix_seconds());
        assert_eq!(hanoi.unix_seconds(), 1_719_273_600);
    }

    #[test]
    fn timestamps_round_trip_through_json() {
        let ts = Timestamp::parse("2024-06-25T14:00", ICT).unwrap();
        let json = serde_json::to_string(&ts).unwrap();
        assert_eq!(json, "\"2024-06-25T14:00:00+07:00\"");
        assert_eq!(serde_json::from_str::<Timestamp>(&json).unwrap(), ts);
    }
}
