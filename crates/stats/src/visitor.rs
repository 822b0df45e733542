//! Anonymous visitor ids: a keyed hash (SipHash-1-3) of site, IP address and user agent
//! under a random daily salt. The salts live only in memory; only today's and yesterday's
//! are kept, so an id cannot be linked to one made two days later, or to a person.

use siphasher::sip::SipHasher13;
use std::hash::Hasher;
use std::net::IpAddr;

pub struct Salts {
    site: String,
    /// (local day, key), today's first.
    keys: Vec<(i64, [u8; 16])>,
}

impl Salts {
    pub fn new(site: &str) -> Salts {
        Salts {
            site: site.to_string(),
            keys: Vec::new(),
        }
    }

    /// The visitor's ids under today's salt and, where kept, yesterday's.
    pub fn ids(&mut self, day: i64, ip: IpAddr, user_agent: &str) -> (u64, Option<u64>) {
        if self.keys.first().is_none_or(|(d, _)| *d < day) {
            let mut key = [0u8; 16];
            // Without an operating-system random source there is no private salt.
            getrandom::fill(&mut key).expect("the OS random source works");
            self.keys.insert(0, (day, key));
            self.keys.retain(|(d, _)| *d >= day - 1);
        }
        let id = |key: &[u8; 16]| {
            let mut h = SipHasher13::new_with_key(key);
            h.write(self.site.as_bytes());
            h.write_u8(0);
            match ip {
                IpAddr::V4(a) => h.write(&a.octets()),
                IpAddr::V6(a) => h.write(&a.octets()),
            }
            h.write_u8(0);
            h.write(user_agent.as_bytes());
            h.finish()
        };
        let today = id(&self.keys[0].1);
        let yesterday = self.keys.get(1).map(|(_, k)| id(k));
        (today, yesterday)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_stable_within_a_day_and_change_with_the_salt() {
        let ip: IpAddr = "203.0.113.9".parse().unwrap();
        let mut salts = Salts::new("https://example.org");
        let (a, none) = salts.ids(100, ip, "Mozilla");
        assert_eq!(none, None);
        assert_eq!(salts.ids(100, ip, "Mozilla").0, a);
        assert_ne!(salts.ids(100, ip, "Other").0, a);
        let (b, yesterday) = salts.ids(101, ip, "Mozilla");
        assert_ne!(b, a, "a new day, a new salt");
        assert_eq!(yesterday, Some(a));
        let (_, y) = salts.ids(103, ip, "Mozilla");
        assert_eq!(y, None, "salts older than yesterday are gone");
    }
}
