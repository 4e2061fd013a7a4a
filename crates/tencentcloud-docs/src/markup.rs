//! Descriptions as CommonMark. The pages' prose is Markdown (code spans, `[text](url)` links, `**bold**`) with HTML
//! fragments the site leaves in (`<p>`, `<li>`, `<br>`, `<code>`, `<a href>`, entities). Every rendering hands the
//! interpreter that source, and this module writes the HTML as Markdown, escapes a `<` that opens no known tag
//! (`<Task description>`) and turns bare addresses into autolinks, so the spec's descriptions render as written.

/// Opens a tag that is an element of an HTML page (written by the HTML parser in place of `<`): converted like a
/// tag the text shows, but the page's structure rather than a defect, so it gives no `html-markup` warning.
pub(crate) const ELEMENT: char = '\u{E000}';

/// The result of converting one cell or paragraph.
pub(crate) struct Converted {
    pub text: String,
    /// HTML tags or entities were rewritten (a located `html-markup` warning).
    pub had_markup: bool,
}

#[derive(Clone, Copy, PartialEq, PartialOrd)]
enum Break {
    None,
    Line,
    Paragraph,
}

struct Writer {
    out: String,
    pending: Break,
    /// A list item marker to write before the next text.
    item: Option<String>,
    /// Open lists: `None` for `<ul>`, the next number for `<ol>`.
    lists: Vec<Option<usize>>,
    /// Open `<a>` elements: the address to close each with (`None` for an anchor without one).
    links: Vec<Option<String>>,
}

impl Writer {
    fn request(&mut self, b: Break) {
        if b > self.pending {
            self.pending = b;
        }
    }

    /// Writes any pending break or list marker, then `s`.
    fn text(&mut self, s: &str) {
        if s.is_empty() {
            return;
        }
        let starts_block = self.pending != Break::None || self.item.is_some();
        if starts_block {
            let s_trimmed = s.trim_start();
            if s_trimmed.is_empty() {
                return;
            }
            let trimmed_len = self.out.trim_end_matches([' ', '\t']).len();
            self.out.truncate(trimmed_len);
            if !self.out.is_empty() {
                match (self.pending, self.item.is_some()) {
                    (Break::Paragraph, _) => self.out.push_str("\n\n"),
                    (_, true) => self.out.push('\n'),
                    (Break::Line, false) => self.out.push_str("\\\n"),
                    (Break::None, false) => {}
                }
            }
            if let Some(marker) = self.item.take() {
                self.out.push_str(&marker);
            }
            self.pending = Break::None;
            self.out.push_str(s_trimmed);
        } else {
            self.out.push_str(s);
        }
    }
}

/// Known HTML tag names, lowercase, that the pages use for layout.
fn known_tag(name: &str) -> bool {
    matches!(
        name,
        "p" | "br"
            | "div"
            | "span"
            | "font"
            | "ul"
            | "ol"
            | "li"
            | "code"
            | "pre"
            | "a"
            | "b"
            | "strong"
            | "i"
            | "em"
            | "u"
            | "sup"
            | "sub"
            | "blockquote"
            | "table"
            | "thead"
            | "tbody"
            | "tr"
            | "td"
            | "th"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "hr"
    )
}

/// `<name attr="v">`, `</name>` or `<name/>` at the start of `s` (opened by `<` or [`ELEMENT`]): (closing,
/// lowercase name, href, length).
fn tag_at(s: &str) -> Option<(bool, String, Option<String>, usize)> {
    let opener = s.chars().next().filter(|c| *c == '<' || *c == ELEMENT)?;
    let body = &s[opener.len_utf8()..];
    let (closing, body) = match body.strip_prefix('/') {
        Some(rest) => (true, rest),
        None => (false, body),
    };
    let name_len = body.find(|c: char| !c.is_ascii_alphanumeric()).unwrap_or(body.len());
    if name_len == 0 || !body.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return None;
    }
    let name = body[..name_len].to_ascii_lowercase();
    if !known_tag(&name) {
        return None;
    }
    let rest = &body[name_len..];
    if !(rest.starts_with(['>', ' ', '/', '\t', '\n'])) {
        return None;
    }
    let end = rest.find('>')?;
    let attrs = &rest[..end];
    if attrs.contains('<') || attrs.len() > 2_000 {
        return None;
    }
    // Only an absolute address means anything outside the site (`#`, `/document/...` do not).
    let href = (name == "a").then(|| attribute(attrs, "href")).flatten().filter(|h| h.starts_with("http"));
    let len = opener.len_utf8() + usize::from(closing) + name_len + end + 1;
    Some((closing, name, href, len))
}

/// The value of `name="value"` (or single-quoted) among a tag's attributes.
fn attribute(attrs: &str, name: &str) -> Option<String> {
    let lower = attrs.to_ascii_lowercase();
    let at = lower.find(&format!("{name}="))?;
    let value = &attrs[at + name.len() + 1..];
    let quote = value.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let value = &value[1..];
    let end = value.find(quote)?;
    let v = value[..end].trim();
    (!v.is_empty() && !v.contains(char::is_whitespace)).then(|| v.to_owned())
}

/// The character an entity at the start of `s` stands for, and the entity's length.
fn entity_at(s: &str) -> Option<(&'static str, usize)> {
    const ENTITIES: [(&str, &str); 9] = [
        ("&quot;", "\""),
        ("&#39;", "'"),
        ("&#34;", "\""),
        ("&apos;", "'"),
        ("&amp;", "&"),
        ("&lt;", "\\<"),
        ("&gt;", ">"),
        ("&nbsp;", " "),
        ("&emsp;", " "),
    ];
    ENTITIES.iter().find(|(e, _)| s.starts_with(e)).map(|(e, c)| (*c, e.len()))
}

/// How much of `s`, which starts with an address, is the address.
fn url_len(s: &str) -> usize {
    let end = s
        .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '\'' | ')' | ']' | ',' | '，' | '。' | '`'))
        .unwrap_or(s.len());
    // A sentence's full stop or a colon after the address is not part of it.
    s[..end].trim_end_matches(['.', ':', ';']).len()
}

/// Converts one cell or paragraph of page source to CommonMark.
pub(crate) fn to_commonmark(src: &str) -> Converted {
    if !src.contains(['<', '&', '`', ELEMENT]) && !src.contains("http") {
        return Converted { text: src.to_owned(), had_markup: false };
    }
    let mut w = Writer {
        out: String::with_capacity(src.len()),
        pending: Break::None,
        item: None,
        lists: Vec::new(),
        links: Vec::new(),
    };
    let mut had_markup = false;
    let mut i = 0;
    // Start of the current run of plain text, written in one piece.
    let mut run = 0;
    let bytes = src.as_bytes();
    while i < src.len() {
        let rest = &src[i..];
        let c = bytes[i];
        if c == b'`' {
            // A code span is copied as it is: nothing inside it is markup.
            let ticks = rest.bytes().take_while(|&b| b == b'`').count();
            let close = rest[ticks..].find(&rest[..ticks]).map(|at| ticks + at + ticks);
            i += close.unwrap_or(ticks);
            continue;
        }
        if c == b'h' && (rest.starts_with("https://") || rest.starts_with("http://")) {
            let prev = src[..i].chars().next_back();
            let in_link = w.links.iter().any(Option::is_some);
            if !in_link && !matches!(prev, Some('(' | '<' | '[' | '"' | '\'' | '=' | '/')) {
                let len = url_len(rest);
                if len > "https://".len() {
                    w.text(&src[run..i]);
                    w.text("<");
                    w.text(&rest[..len]);
                    w.text(">");
                    i += len;
                    run = i;
                    continue;
                }
            }
            i += 1;
            continue;
        }
        if c == b'&' {
            if let Some((text, len)) = entity_at(rest) {
                w.text(&src[run..i]);
                w.text(text);
                had_markup = true;
                i += len;
                run = i;
                continue;
            }
            i += 1;
            continue;
        }
        let element = rest.starts_with(ELEMENT);
        if c != b'<' && !element {
            i += rest.chars().next().map_or(1, char::len_utf8);
            continue;
        }
        w.text(&src[run..i]);
        if element && tag_at(rest).is_none() {
            // An element this module has no Markdown for (`<span>`, `<img>`): its text stays, the tag goes.
            i += rest.find('>').map_or(rest.len(), |end| end + 1);
            run = i;
            continue;
        }
        match tag_at(rest) {
            Some((closing, name, href, len)) => {
                // `<a href="u">u</a>` says no more than the bare address a text copy shows: not markup.
                let self_link = name == "a"
                    && href
                        .as_deref()
                        .is_some_and(|u| rest[len..].starts_with(u) && rest[len + u.len()..].starts_with("</a>"));
                let closes_self_link = closing
                    && name == "a"
                    && w.links
                        .last()
                        .is_some_and(|l| l.as_deref().is_some_and(|u| w.out.trim_end().ends_with(&format!("[{u}"))));
                had_markup |= !element && !self_link && !closes_self_link;
                convert_tag(&mut w, closing, &name, href);
                i += len;
            }
            None => {
                // An autolink the source already wrote stays; any other `<` is text.
                let autolink = (rest.starts_with("<https://") || rest.starts_with("<http://"))
                    && rest.find('>').is_some_and(|end| !rest[..end].contains(char::is_whitespace));
                if autolink {
                    let end = rest.find('>').unwrap_or(0) + 1;
                    w.text(&rest[..end]);
                    i += end;
                } else {
                    w.text("\\<");
                    i += 1;
                }
            }
        }
        run = i;
    }
    w.text(&src[run..]);
    let text = w.out.trim().to_owned();
    Converted { text, had_markup }
}

fn convert_tag(w: &mut Writer, closing: bool, name: &str, href: Option<String>) {
    match (name, closing) {
        ("br", _) | ("tr", false) | ("hr", _) => w.request(Break::Line),
        ("p" | "div" | "blockquote" | "table" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6", _) => {
            w.request(Break::Paragraph)
        }
        ("ul", false) => {
            w.lists.push(None);
            w.request(Break::Paragraph);
        }
        ("ol", false) => {
            w.lists.push(Some(1));
            w.request(Break::Paragraph);
        }
        ("ul" | "ol", true) => {
            w.lists.pop();
            w.item = None;
            w.request(Break::Paragraph);
        }
        ("li", false) => {
            let marker = match w.lists.last_mut() {
                Some(Some(n)) => {
                    *n += 1;
                    format!("{}. ", *n - 1)
                }
                _ => "- ".to_owned(),
            };
            if w.pending == Break::Line {
                w.pending = Break::None;
            }
            w.item = Some(marker);
        }
        ("td" | "th", false) => w.text(" "),
        ("code" | "pre", _) => w.text("`"),
        ("b" | "strong", _) => w.text("**"),
        ("i" | "em", _) => w.text("*"),
        ("a", false) => {
            if href.is_some() {
                w.text("[");
            }
            w.links.push(href);
        }
        ("a", true) => {
            if let Some(Some(url)) = w.links.pop() {
                let end = w.out.trim_end().len();
                w.out.truncate(end);
                if w.out.ends_with('[') {
                    // An empty link text: the address itself is the text.
                    w.out.pop();
                    w.text(&format!("<{url}>"));
                } else if let Some(start) =
                    w.out.strip_suffix(url.as_str()).and_then(|o| o.strip_suffix('[')).map(str::len)
                {
                    // The address as its own text: an autolink, as a bare address becomes.
                    w.out.truncate(start);
                    w.out.push('<');
                    w.out.push_str(&url);
                    w.out.push('>');
                } else {
                    w.out.push_str("](");
                    w.out.push_str(&url);
                    w.out.push(')');
                }
            }
        }
        _ => {}
    }
}

/// A table the page puts in a description, as a Markdown table (cells' `|` escaped).
pub(crate) fn markdown_table(header: &[String], rows: &[Vec<String>]) -> String {
    let line = |cells: &[String]| {
        let cells: Vec<String> =
            cells.iter().map(|c| to_commonmark(c).text.replace('\n', " ").replace('|', "\\|")).collect();
        format!("| {} |", cells.join(" | "))
    };
    let mut out = vec![line(header), format!("|{}", " --- |".repeat(header.len()))];
    out.extend(rows.iter().map(|r| line(r)));
    out.join("\n")
}

#[cfg(test)]
mod tests {
    use super::to_commonmark;

    fn md(s: &str) -> String {
        to_commonmark(s).text
    }

    #[test]
    fn html_fragments_become_markdown() {
        assert_eq!(md("Valid values:<li>A: one</li><li>B: two</li>"), "Valid values:\n- A: one\n- B: two");
        assert_eq!(md("<p>First.</p><p>Second.</p>"), "First.\n\nSecond.");
        assert_eq!(md("One<br>two<br/>three"), "One\\\ntwo\\\nthree");
        assert_eq!(md("Use <code>Foo</code> or <b>bar</b>."), "Use `Foo` or **bar**.");
        assert_eq!(
            md("See <a href=\"https://example.com/x\">the guide</a>."),
            "See [the guide](https://example.com/x)."
        );
        assert_eq!(md("<ol><li>a</li><li>b</li></ol>Then."), "1. a\n2. b\n\nThen.");
        assert_eq!(md("&quot;x&quot; &lt;y&gt;"), "\"x\" \\<y>");
        assert!(to_commonmark("<li>x</li>").had_markup);
    }

    #[test]
    fn text_that_is_not_markup_stays_readable() {
        assert_eq!(md("<Task description>."), "\\<Task description>.");
        assert_eq!(md("a < b and `<li>` in code"), "a \\< b and `<li>` in code");
        assert_eq!(md("See https://example.com/a."), "See <https://example.com/a>.");
        assert_eq!(md("[x](https://example.com) <https://a.b/c>"), "[x](https://example.com) <https://a.b/c>");
        assert_eq!(md("Plain text."), "Plain text.");
        assert!(!to_commonmark("<Task description>").had_markup);
        let element = to_commonmark("\u{E000}b>x\u{E000}/b> \u{E000}span class>y\u{E000}/span>");
        assert_eq!((element.text.as_str(), element.had_markup), ("**x** y", false));
        let self_link = to_commonmark("at <a href=\"https://a.b/c\">https://a.b/c</a>.");
        assert_eq!((self_link.text.as_str(), self_link.had_markup), ("at <https://a.b/c>.", false));
        assert_eq!(md("It’s <b>é</b> — https://a.b/ü"), "It’s **é** — <https://a.b/ü>");
    }
}
