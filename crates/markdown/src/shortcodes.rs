//! The template tags that Markdown from other generators holds: Hugo shortcodes
//! (`{{< figure … >}}`, `{{% note %}}`), Liquid tags of Jekyll and Hexo (`{% highlight %}`,
//! `{% post_url %}`, `{{ site.baseurl }}`). Those with a meaning here become our own
//! Markdown (a figure, a video link, a callout, a code block, a link to an article); the
//! others are left out with a warning, their inner text kept. None is ever printed.
//!
//! Lines are kept: the text returned has the lines of the text given, so problems found
//! later still point at the author's line. Fenced code and inline code are left as
//! written (an article about Hugo shows its shortcodes).

use trangtin_content::slug::slugify;

/// What converting a body gives: the Markdown, and each tag left out (its 1-based line in
/// the body, and why).
pub struct Converted {
    pub text: String,
    pub dropped: Vec<(usize, String)>,
    /// What was converted, by name, for an importer's report.
    pub converted: Vec<String>,
}

/// Whether `body` may hold a template tag at all (most bodies do not: they are returned
/// as they are, without a copy).
pub fn has_tags(body: &str) -> bool {
    body.contains("{{") || body.contains("{%")
}

pub fn convert(body: &str) -> Converted {
    let mut state = State::default();
    let mut out = String::with_capacity(body.len());
    for (n, line) in body.split_inclusive('\n').enumerate() {
        let (content, newline) = match line.strip_suffix('\n') {
            Some(c) => (c.strip_suffix('\r').unwrap_or(c), &line[c.len()..]),
            None => (line, ""),
        };
        state.line = n + 1;
        let converted = state.line_of(content);
        out.push_str(&converted);
        out.push_str(newline);
    }
    Converted {
        text: out,
        dropped: state.dropped,
        converted: state.converted,
    }
}

/// The fence state of a code block opened by a tag, which its end tag closes.
const END_CODE: &str = "end tag";

#[derive(Default)]
struct State {
    line: usize,
    /// Inside a fenced code block: its fence.
    fence: Option<String>,
    /// Inside `{% raw %}`: everything is text until `{% endraw %}`.
    raw: bool,
    /// Inside `{% comment %}`: everything is dropped.
    comment: bool,
    /// Open blocks that prefix their lines with `> ` (callouts, quotes), innermost last;
    /// paired tags with no meaning here, kept open so their end is dropped quietly.
    open: Vec<Open>,
    dropped: Vec<(usize, String)>,
    converted: Vec<String>,
}

#[derive(PartialEq)]
enum Open {
    Quote(String),
    Other(String),
}

/// A tag as written: its name (lowercase), whether it closes, its arguments.
struct Tag {
    name: String,
    closing: bool,
    positional: Vec<String>,
    named: Vec<(String, String)>,
}

impl Tag {
    fn get(&self, key: &str) -> Option<&str> {
        self.named
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    fn arg(&self, key: &str, position: usize) -> Option<&str> {
        self.get(key)
            .or_else(|| self.positional.get(position).map(String::as_str))
    }
}

/// Which of our callouts a shortcode or Hexo note names, if it is one.
fn callout_kind(name: &str, tag: &Tag) -> Option<&'static str> {
    let kind = match name {
        "note" | "notice" | "admonition" | "callout" | "alert" | "hint" | "info" | "tip"
        | "warning" | "caution" | "danger" | "important" | "error" => {
            // `{{< notice warning >}}`, `{{< admonition type="tip" >}}`, `{% note info %}`.
            let given = tag
                .get("type")
                .or(tag.positional.first().map(String::as_str));
            match (name, given) {
                ("note" | "notice" | "admonition" | "callout" | "alert" | "hint", Some(g)) => g,
                _ => name,
            }
        }
        _ => return None,
    };
    Some(match kind.to_ascii_lowercase().as_str() {
        "tip" | "success" | "hint" => "TIP",
        "important" | "primary" => "IMPORTANT",
        "warning" | "alert" | "attention" => "WARNING",
        "caution" | "danger" | "error" | "failure" => "CAUTION",
        _ => "NOTE",
    })
}

impl State {
    fn line_of(&mut self, line: &str) -> String {
        let trimmed = line.trim_start();
        if self.comment {
            if let Some(at) = line.find("{%") {
                if let Some(tag) = liquid_at(&line[at..]).map(|(t, _)| t) {
                    if tag.name == "endcomment" {
                        self.comment = false;
                    }
                }
            }
            return String::new();
        }
        if self.fence.as_deref() == Some(END_CODE) {
            let end = hugo_at(trimmed.trim_end())
                .or_else(|| liquid_at(trimmed.trim_end()))
                .filter(|(t, _)| {
                    (t.closing || t.name.starts_with("end"))
                        && ["highlight", "codeblock"]
                            .iter()
                            .any(|n| t.name.ends_with(n))
                });
            if end.is_some() {
                self.fence = None;
                return self.quoted("```");
            }
            return self.quoted(line);
        }
        if let Some(fence) = &self.fence {
            if trimmed.starts_with(fence.as_str())
                && trimmed
                    .trim_start_matches(fence.chars().next().unwrap_or('`'))
                    .trim()
                    .is_empty()
            {
                self.fence = None;
            }
            return self.quoted(line);
        }
        if !self.raw {
            for f in ["```", "~~~"] {
                if trimmed.starts_with(f) {
                    let c = f.chars().next().unwrap_or('`');
                    let len = trimmed.chars().take_while(|&x| x == c).count();
                    self.fence = Some(c.to_string().repeat(len));
                    return self.quoted(line);
                }
            }
        }
        // A tag alone on its line may open or close a block.
        if let Some(block) = self.block_tag(trimmed.trim_end()) {
            return block;
        }
        let inline = self.inline(line);
        self.quoted(&inline)
    }

    /// `line` inside the open quotes and callouts.
    fn quoted(&self, line: &str) -> String {
        let depth = self
            .open
            .iter()
            .filter(|o| matches!(o, Open::Quote(_)))
            .count();
        if depth == 0 {
            return line.to_string();
        }
        let mut s = "> ".repeat(depth);
        s.push_str(line);
        s
    }

    fn drop_tag(&mut self, what: String) {
        self.dropped.push((self.line, what));
    }

    /// A whole-line tag that opens or closes a block, as its converted line.
    fn block_tag(&mut self, line: &str) -> Option<String> {
        let (tag, len, hugo) = if let Some((t, n)) = hugo_at(line) {
            (t, n, true)
        } else if let Some((t, n)) = liquid_at(line) {
            (t, n, false)
        } else {
            return None;
        };
        if len != line.len() || self.raw && tag.name != "endraw" {
            return None;
        }
        let name = tag.name.clone();
        let end_name = name.strip_prefix("end").unwrap_or(&name).to_string();
        let closing = tag.closing || !hugo && name.starts_with("end") && name != "end";
        if closing {
            let name = if hugo { name } else { end_name };
            return match name.as_str() {
                "raw" => {
                    self.raw = false;
                    Some(String::new())
                }
                "highlight" | "codeblock" => Some(self.quoted("```")),
                _ => {
                    let at = self.open.iter().rposition(|o| match o {
                        Open::Quote(n) | Open::Other(n) => *n == name,
                    });
                    match at {
                        Some(at) => {
                            self.open.truncate(at);
                            Some(self.quoted(""))
                        }
                        None => None,
                    }
                }
            };
        }
        match name.as_str() {
            "raw" if !hugo => {
                self.raw = true;
                Some(String::new())
            }
            "comment" if !hugo => {
                self.comment = true;
                Some(String::new())
            }
            "highlight" | "codeblock" => {
                // `{{< highlight go "linenos=table" >}}`, `{% highlight ruby %}`,
                // `{% codeblock title lang:ruby %}`.
                let lang = tag
                    .positional
                    .iter()
                    .find_map(|p| p.strip_prefix("lang:"))
                    .or_else(|| tag.get("lang"))
                    .or_else(|| {
                        (name == "highlight")
                            .then(|| tag.positional.first().map(String::as_str))
                            .flatten()
                    })
                    .unwrap_or("");
                self.converted.push(name.clone());
                let line = self.quoted(&format!("```{lang}"));
                // Until its end tag, which is found as a fence's end would be.
                self.fence = Some(END_CODE.into());
                Some(line)
            }
            "blockquote" | "quote" => {
                self.converted.push(name.clone());
                let line = self.quoted("");
                self.open.push(Open::Quote(name));
                Some(line)
            }
            _ => {
                if let Some(kind) = callout_kind(&name, &tag) {
                    self.converted.push(name.clone());
                    let line = self.quoted(&format!("> [!{kind}]"));
                    self.open.push(Open::Quote(name));
                    return Some(line);
                }
                // A paired tag with no meaning here (`details`, `tabs`, `if`): its
                // content stays, the tags go. A lone one is handled inline.
                if is_paired(&name) {
                    self.drop_tag(describe(&tag, hugo));
                    self.open.push(Open::Other(name));
                    return Some(self.quoted(""));
                }
                None
            }
        }
    }

    /// `line` with each template tag in it converted or dropped.
    fn inline(&mut self, line: &str) -> String {
        if self.raw {
            if let Some(at) = line
                .find("{% endraw %}")
                .or_else(|| line.find("{%- endraw -%}"))
            {
                self.raw = false;
                let end = line[at..].find("%}").map_or(line.len(), |e| at + e + 2);
                let rest = self.inline(&line[end..]);
                return format!("{}{rest}", &line[..at]);
            }
            return line.to_string();
        }
        let mut out = String::with_capacity(line.len());
        let mut i = 0;
        let bytes = line.as_bytes();
        while i < line.len() {
            // Inline code is left as written.
            if bytes[i] == b'`' {
                let run = line[i..].bytes().take_while(|&b| b == b'`').count();
                let ticks = &line[i..i + run];
                if let Some(close) = line[i + run..].find(ticks) {
                    let end = i + run + close + run;
                    out.push_str(&line[i..end]);
                    i = end;
                    continue;
                }
            }
            if bytes[i] == b'{' {
                let rest = &line[i..];
                if rest.starts_with("{{/*") {
                    // A Hugo comment.
                    if let Some(end) = rest.find("*/}}") {
                        i += end + 4;
                        continue;
                    }
                }
                if let Some((tag, len)) = hugo_at(rest) {
                    let text = self.inline_tag(&tag, true);
                    out.push_str(&text);
                    i += len;
                    continue;
                }
                if let Some((tag, len)) = liquid_at(rest) {
                    if tag.name == "raw" && !tag.closing {
                        self.raw = true;
                        let after = self.inline(&rest[len..]);
                        out.push_str(&after);
                        return out;
                    }
                    let text = self.inline_tag(&tag, false);
                    out.push_str(&text);
                    i += len;
                    continue;
                }
                if let Some((expr, len)) = liquid_output_at(rest) {
                    out.push_str(&self.output(expr));
                    i += len;
                    continue;
                }
            }
            let c = line[i..].chars().next().unwrap_or(' ');
            out.push(c);
            i += c.len_utf8();
        }
        out
    }

    /// The text for a tag inside a line.
    fn inline_tag(&mut self, tag: &Tag, hugo: bool) -> String {
        let name = tag.name.as_str();
        if tag.closing || !hugo && name.starts_with("end") {
            let name = if hugo { name } else { &name[3..] };
            if let Some(at) = self.open.iter().rposition(|o| match o {
                Open::Quote(n) | Open::Other(n) => n == name,
            }) {
                self.open.truncate(at);
            }
            return String::new();
        }
        let converted = match name {
            "figure" | "img" | "image" | "asset_img" => {
                let (src, title): (Option<&str>, Option<String>) = if hugo {
                    let title = tag.get("caption").or(tag.get("title"));
                    (tag.get("src"), title.map(str::to_string))
                } else {
                    // `{% asset_img a.jpg Cảnh quan %}`, `{% img [class] /a.jpg [w h] [title] %}`.
                    let at = tag
                        .positional
                        .iter()
                        .position(|p| p.contains('.') || p.contains('/'));
                    let title = at.map(|a| {
                        tag.positional[a + 1..]
                            .iter()
                            .filter(|p| p.parse::<u32>().is_err())
                            .cloned()
                            .collect::<Vec<_>>()
                            .join(" ")
                    });
                    (at.map(|a| tag.positional[a].as_str()), title)
                };
                let title = title.filter(|t| !t.trim().is_empty());
                src.map(|src| {
                    let alt = tag.get("alt").or(title.as_deref()).unwrap_or("");
                    match &title {
                        Some(t) => {
                            format!("![{}]({src} \"{}\")", md_text(alt), t.replace('"', "'"))
                        }
                        None => format!("![{}]({src})", md_text(alt)),
                    }
                })
            }
            "youtube" => tag.arg("id", 0).filter(|id| is_video_id(id)).map(|id| {
                format!("[Xem video trên YouTube](https://www.youtube.com/watch?v={id})")
            }),
            "vimeo" => tag
                .arg("id", 0)
                .filter(|id| id.bytes().all(|b| b.is_ascii_digit()))
                .map(|id| format!("[Xem video trên Vimeo](https://vimeo.com/{id})")),
            "ref" | "relref" | "post_url" | "link" => {
                let target = tag.arg("path", 0).unwrap_or("");
                article_link(target)
            }
            _ => None,
        };
        match converted {
            Some(text) => {
                self.converted.push(name.to_string());
                text
            }
            None => {
                if let Some(kind) = callout_kind(name, tag) {
                    // A callout opened inside a line: its text follows as a quote would.
                    self.converted.push(name.to_string());
                    self.open.push(Open::Other(name.to_string()));
                    return format!("**{}:** ", callout_word(kind));
                }
                if is_paired(name) {
                    self.open.push(Open::Other(name.to_string()));
                }
                self.drop_tag(describe(tag, hugo));
                String::new()
            }
        }
    }

    /// A Liquid output tag (`{{ site.baseurl }}`, `{{ "/a" | relative_url }}`).
    fn output(&mut self, expr: &str) -> String {
        let expr = expr.trim().trim_matches('-').trim();
        let first = expr.split('|').next().unwrap_or("").trim();
        let filters: Vec<&str> = expr.split('|').skip(1).map(str::trim).collect();
        if matches!(
            first,
            "site.baseurl" | "site.url" | "base_path" | "site.base_url" | ".Site.BaseURL"
        ) {
            return String::new();
        }
        let quoted = first
            .strip_prefix('"')
            .and_then(|s| s.strip_suffix('"'))
            .or_else(|| first.strip_prefix('\'').and_then(|s| s.strip_suffix('\'')));
        if let Some(path) = quoted {
            if filters.iter().any(|f| {
                matches!(
                    *f,
                    "relative_url" | "absolute_url" | "prepend: site.baseurl"
                )
            }) || filters.is_empty()
            {
                self.converted.push("relative_url".into());
                return path.to_string();
            }
        }
        self.drop_tag(format!("Liquid output {{{{ {expr} }}}} left out"));
        String::new()
    }
}

fn callout_word(kind: &str) -> &'static str {
    match kind {
        "TIP" => "Mẹo",
        "IMPORTANT" => "Quan trọng",
        "WARNING" => "Cảnh báo",
        "CAUTION" => "Thận trọng",
        _ => "Ghi chú",
    }
}

/// Tags that come in pairs, so that their end is dropped with them.
fn is_paired(name: &str) -> bool {
    matches!(
        name,
        "details"
            | "tabs"
            | "tab"
            | "expand"
            | "columns"
            | "column"
            | "center"
            | "if"
            | "unless"
            | "for"
            | "case"
            | "capture"
            | "markdown"
            | "spoiler"
            | "hidden"
            | "raw"
    )
}

fn describe(tag: &Tag, hugo: bool) -> String {
    if hugo {
        format!("Hugo shortcode {{{{< {} >}}}} left out", tag.name)
    } else {
        format!("Liquid tag {{% {} %}} left out", tag.name)
    }
}

fn is_video_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 20
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// `posts/2019-08-05-khai-giang.md#lich` → `/bai-viet/khai-giang#lich`: an article's
/// address from the file another generator knew it by.
fn article_link(target: &str) -> Option<String> {
    let (path, anchor) = match target.split_once('#') {
        Some((p, a)) => (p, format!("#{a}")),
        None => (target, String::new()),
    };
    let file = path.trim_end_matches('/').rsplit('/').next()?;
    let stem = file
        .strip_suffix(".md")
        .or_else(|| file.strip_suffix(".markdown"))
        .or_else(|| file.strip_suffix(".html"))
        .unwrap_or(file);
    let stem = if stem == "index" || stem == "_index" {
        path.trim_end_matches('/').rsplit('/').nth(1)?
    } else {
        stem
    };
    // Jekyll's posts carry their date before the name.
    let bytes = stem.as_bytes();
    let stem = if bytes.len() > 11
        && bytes[..10].iter().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                *b == b'-'
            } else {
                b.is_ascii_digit()
            }
        })
        && bytes[10] == b'-'
    {
        &stem[11..]
    } else {
        stem
    };
    let slug = slugify(stem);
    (!slug.is_empty()).then(|| format!("/bai-viet/{slug}{anchor}"))
}

/// Text for inside `[…]`.
fn md_text(s: &str) -> String {
    s.replace('[', "(").replace(']', ")")
}

/// A Hugo shortcode at the start of `s`: `{{< name args >}}` or `{{% name args %}}`.
fn hugo_at(s: &str) -> Option<(Tag, usize)> {
    let (open, close) = if s.starts_with("{{<") {
        ("{{<", ">}}")
    } else if s.starts_with("{{%") {
        ("{{%", "%}}")
    } else {
        return None;
    };
    let end = open.len() + s[open.len()..].find(close)?;
    let inner = s[open.len()..end].trim();
    if inner.starts_with("/*") {
        return None;
    }
    Some((parse_tag(inner)?, end + close.len()))
}

/// A Liquid tag at the start of `s`: `{% name args %}` (or `{%- … -%}`).
fn liquid_at(s: &str) -> Option<(Tag, usize)> {
    if !s.starts_with("{%") {
        return None;
    }
    let end = 2 + s[2..].find("%}")?;
    let inner = s[2..end].trim_matches('-').trim();
    Some((parse_tag(inner)?, end + 2))
}

/// A Liquid output at the start of `s`: `{{ expr }}`.
fn liquid_output_at(s: &str) -> Option<(&str, usize)> {
    let rest = s.strip_prefix("{{")?;
    if rest.starts_with('<') || rest.starts_with('%') {
        return None;
    }
    let end = rest.find("}}")?;
    let expr = &rest[..end];
    // A template expression, not prose that happens to have braces.
    let word = expr.trim().trim_matches('-').trim();
    let looks_like = !word.is_empty()
        && !word.contains('\n')
        && word.chars().next().is_some_and(|c| {
            c.is_ascii_alphabetic() || c == '"' || c == '\'' || c == '.' || c == '$'
        });
    looks_like.then_some((expr, end + 4))
}

fn parse_tag(inner: &str) -> Option<Tag> {
    let inner = inner.trim().trim_end_matches('/').trim();
    let (closing, inner) = match inner.strip_prefix('/') {
        Some(rest) => (true, rest.trim_start()),
        None => (false, inner),
    };
    let name_len = inner
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '.'))
        .unwrap_or(inner.len());
    if name_len == 0 {
        return None;
    }
    let name = inner[..name_len].to_ascii_lowercase();
    let mut tag = Tag {
        name,
        closing,
        positional: Vec::new(),
        named: Vec::new(),
    };
    let mut rest = inner[name_len..].trim_start();
    while !rest.is_empty() {
        let (token, after) = take_value(rest);
        rest = after.trim_start();
        if let Some(eq) = rest
            .strip_prefix('=')
            .or_else(|| rest.strip_prefix(':').filter(|_| false))
        {
            let (value, after) = take_value(eq.trim_start());
            tag.named.push((token.to_ascii_lowercase(), value));
            rest = after.trim_start();
        } else if let Some((k, v)) = token
            .split_once('=')
            .filter(|(k, _)| !k.is_empty() && !k.contains('/'))
        {
            tag.named.push((k.to_ascii_lowercase(), unquote(v)));
        } else {
            tag.positional.push(token);
        }
    }
    Some(tag)
}

/// One argument: a quoted string (`"…"`, `'…'`, `` `…` ``) or a word up to a space or `=`.
fn take_value(s: &str) -> (String, &str) {
    let Some(q) = s.chars().next().filter(|c| matches!(c, '"' | '\'' | '`')) else {
        let end = s
            .find(|c: char| c.is_whitespace() || c == '=')
            .unwrap_or(s.len());
        let end = if end == 0 { s.len().min(1) } else { end };
        return (s[..end].to_string(), &s[end..]);
    };
    match s[1..].find(q) {
        Some(end) => (s[1..1 + end].to_string(), &s[end + 2..]),
        None => (s[1..].to_string(), ""),
    }
}

fn unquote(v: &str) -> String {
    v.trim_matches(|c| c == '"' || c == '\'' || c == '`')
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(body: &str) -> String {
        convert(body).text
    }

    #[test]
    fn hugo_figures_videos_and_links_become_ours() {
        assert_eq!(
            text("{{< figure src=\"/img/a.jpg\" caption=\"Lễ khai giảng\" alt=\"Sân [trường]\" >}}\n"),
            "![Sân (trường)](/img/a.jpg \"Lễ khai giảng\")\n"
        );
        assert_eq!(
            text("{% asset_img a.jpg Cảnh quan %}"),
            "![Cảnh quan](a.jpg \"Cảnh quan\")"
        );
        assert_eq!(
            text("{{< youtube dQw4w9WgXcQ >}}"),
            "[Xem video trên YouTube](https://www.youtube.com/watch?v=dQw4w9WgXcQ)"
        );
        assert_eq!(text("{{< youtube id=\"x\\\" onload=\" >}}"), "");
        assert_eq!(
            text("Xem [bài]({{< ref \"posts/2019-08-05-khai-giang.md#lich\" >}})."),
            "Xem [bài](/bai-viet/khai-giang#lich)."
        );
        assert_eq!(
            text("[a]({% post_url 2019-08-05-Khai-Giang %})"),
            "[a](/bai-viet/khai-giang)"
        );
    }

    #[test]
    fn callouts_keep_their_lines_and_render_their_markdown() {
        let c =
            convert("Trước.\n\n{{< note >}}\nNội **dung**.\n\nĐoạn hai.\n{{< /note >}}\n\nSau.\n");
        assert_eq!(
            c.text,
            "Trước.\n\n> [!NOTE]\n> Nội **dung**.\n> \n> Đoạn hai.\n\n\nSau.\n"
        );
        assert!(c.dropped.is_empty());
        assert_eq!(
            text("{{% notice warning %}}\nCẩn thận.\n{{% /notice %}}\n"),
            "> [!WARNING]\n> Cẩn thận.\n\n"
        );
        assert_eq!(
            text("{% note danger %}\nX\n{% endnote %}\n"),
            "> [!CAUTION]\n> X\n\n"
        );
    }

    #[test]
    fn code_stays_as_written_and_highlight_tags_become_fences() {
        let body = "```go\n{{< figure src=\"a\" >}}\n```\nDùng `{{< ref \"x\" >}}` nhé.\n";
        assert_eq!(text(body), body);
        assert_eq!(
            text("{% highlight ruby %}\nputs \"{{ x }}\"\n{% endhighlight %}\n"),
            "```ruby\nputs \"{{ x }}\"\n```\n"
        );
        assert_eq!(
            text("{{< highlight go \"linenos=table\" >}}\nfunc main() {}\n{{< /highlight >}}"),
            "```go\nfunc main() {}\n```"
        );
    }

    #[test]
    fn unknown_tags_go_with_a_warning_and_their_content_stays() {
        let c = convert("A {{< tweet user=\"x\" id=\"1\" >}} B\n{{< details summary=\"Xem\" >}}\nBên trong.\n{{< /details >}}\n{% include toc.html %}\n{% if site.x %}C{% endif %}\n{{ page.title }}\n");
        assert_eq!(c.text, "A  B\n\nBên trong.\n\n\nC\n\n");
        let lines: Vec<usize> = c.dropped.iter().map(|(l, _)| *l).collect();
        assert_eq!(lines, vec![1, 2, 5, 6, 7], "{:?}", c.dropped);
        assert!(c.dropped[0].1.contains("{{< tweet >}}"));
        assert!(c.dropped[4].1.contains("page.title"));
    }

    #[test]
    fn liquid_raw_comments_and_urls() {
        assert_eq!(
            text("{% raw %}\n{{ giữ }} {% nguyên %}\n{% endraw %}\n"),
            "\n{{ giữ }} {% nguyên %}\n\n"
        );
        assert_eq!(
            text("{% comment %}\nbỏ\n{% endcomment %}\nở lại\n"),
            "\n\n\nở lại\n"
        );
        assert_eq!(
            text("![a]({{ site.baseurl }}/assets/a.png) [b]({{ \"/x/\" | relative_url }})"),
            "![a](/assets/a.png) [b](/x/)"
        );
        // Braces in prose are prose.
        assert_eq!(text("Tập {{1, 2}} và {%}."), "Tập {{1, 2}} và {%}.");
        assert!(!has_tags("Không có gì."));
    }

    #[test]
    fn lines_are_kept_and_crlf_is_read() {
        let body = "{{< note >}}\r\nA\r\n{{< /note >}}\r\nB {{< x >}}\r\n";
        let c = convert(body);
        assert_eq!(c.text.lines().count(), body.lines().count());
        assert_eq!(c.dropped[0].0, 4);
    }

    proptest::proptest! {
        #[test]
        fn any_text_converts_without_panicking_and_keeps_its_lines(
            body in r#"([{}%<>/`"' a=\-\r\nư#.]|raw|end|note|highlight|\{\{<|>\}\}|\{%|%\})*"#
        ) {
            let c = convert(&body);
            proptest::prop_assert_eq!(c.text.matches('\n').count(), body.matches('\n').count());
        }
    }
}
