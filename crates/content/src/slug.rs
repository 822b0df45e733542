//! Vietnamese-aware slugs: `Trường Đào tạo` → `truong-dao-tao`.

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// Lowercases, strips diacritics (including the stroke of đ, which Unicode decomposition
/// leaves alone), and joins the remaining ASCII words with single hyphens.
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    let mut pending_hyphen = false;
    for c in text.nfd().filter(|c| !is_combining_mark(*c)) {
        let c = match c {
            'đ' | 'Đ' => 'd',
            other => other.to_ascii_lowercase(),
        };
        if c.is_ascii_alphanumeric() {
            if pending_hyphen && !slug.is_empty() {
                slug.push('-');
            }
            pending_hyphen = false;
            slug.push(c);
        } else {
            pending_hyphen = true;
        }
    }
    slug
}

pub use trangtin_model::is_valid_slug;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_vietnamese_diacritics_and_the_d_stroke() {
        assert_eq!(
            slugify("Trường Đào tạo cán bộ Nguyễn Văn Cừ"),
            "truong-dao-tao-can-bo-nguyen-van-cu"
        );
        assert_eq!(slugify("ĐỒNG CHỦ TRÌ HỘI NGHỊ"), "dong-chu-tri-hoi-nghi");
        assert_eq!(slugify("đường dương đương"), "duong-duong-duong");
    }

    #[test]
    fn collapses_punctuation_and_trims_hyphens() {
        assert_eq!(
            slugify("  Sơ kết 6 tháng — năm 2024!  "),
            "so-ket-6-thang-nam-2024"
        );
        assert_eq!(slugify("“Dân chủ - Kỷ cương”"), "dan-chu-ky-cuong");
    }

    #[test]
    fn works_on_precomposed_and_decomposed_input_alike() {
        let decomposed: String = "Nguyễn".nfd().collect();
        assert_eq!(slugify(&decomposed), slugify("Nguyễn"));
    }

    #[test]
    fn text_without_letters_gives_an_empty_slug() {
        assert_eq!(slugify("— … !"), "");
    }

    #[test]
    fn validates_hand_written_slugs() {
        assert!(is_valid_slug("tin-moi-2024"));
        assert!(!is_valid_slug("Tin-Moi"));
        assert!(!is_valid_slug("tin--moi"));
        assert!(!is_valid_slug("-tin"));
        assert!(!is_valid_slug("tin mới"));
        assert!(!is_valid_slug(""));
    }
}
