use leptos::prelude::*;
use leptos_router::components::A;

/// Links to the pages of a listing at `base` (`?trang=N`, or `&trang=N` when `base`
/// has a query of its own; page 1 has none).
#[component]
pub fn Pagination(base: String, page: u32, pages: u32) -> impl IntoView {
    if pages <= 1 {
        return ().into_any();
    }
    let base = crate::url(&base);
    let href = move |n: u32| {
        if n == 1 {
            base.clone()
        } else {
            let sep = if base.contains('?') { '&' } else { '?' };
            format!("{base}{sep}trang={n}")
        }
    };
    let numbers = page_numbers(page, pages);
    view! {
        <nav class="pagination" aria-label="Phân trang">
            <ul>
                {(page > 1).then(|| view! {
                    <li><A href=href(page - 1) attr:rel="prev">"‹ Trang trước"</A></li>
                })}
                {numbers
                    .into_iter()
                    .map(|n| match n {
                        None => view! { <li class="gap" aria-hidden="true">"…"</li> }.into_any(),
                        Some(n) if n == page => view! {
                            <li><span class="current" aria-current="page">{n}</span></li>
                        }
                        .into_any(),
                        Some(n) => view! {
                            <li><A href=href(n) attr:aria-label=format!("Trang {n}")>{n}</A></li>
                        }
                        .into_any(),
                    })
                    .collect_view()}
                {(page < pages).then(|| view! {
                    <li><A href=href(page + 1) attr:rel="next">"Trang sau ›"</A></li>
                })}
            </ul>
        </nav>
    }
    .into_any()
}

/// The first, last and neighbouring pages, with `None` for the gaps between them.
pub fn page_numbers(page: u32, pages: u32) -> Vec<Option<u32>> {
    let mut out = Vec::new();
    for n in 1..=pages {
        let shown = n == 1 || n == pages || n.abs_diff(page) <= 1;
        if shown {
            out.push(Some(n));
        } else if out.last().is_some_and(Option::is_some) {
            out.push(None);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::page_numbers;

    #[test]
    fn short_listings_show_every_page() {
        assert_eq!(page_numbers(1, 3), [Some(1), Some(2), Some(3)]);
    }

    #[test]
    fn long_listings_elide_the_middle() {
        assert_eq!(
            page_numbers(5, 10),
            [Some(1), None, Some(4), Some(5), Some(6), None, Some(10)]
        );
        assert_eq!(page_numbers(1, 10), [Some(1), Some(2), None, Some(10)]);
    }
}
