//! The Chinese site's pages as a browser copies them to text. Tables are tab-separated under a header such as
//! `参数名称<TAB>必选<TAB>类型<TAB>描述`, and a cell runs over several lines: a line that does not start a row continues the
//! last cell of the row before it (a description with line breaks, then its `示例值：` line). Section and example
//! headings (`2. 输入参数`, `示例1 …`, `输入示例`) are plain lines. This reader finds the tables and headings; every
//! other line (prose, the example requests and responses) goes through the English text reader, so both share the
//! example rules.

use tencentcloud_spec::{is_error_code, is_member_name, is_type_name};

use crate::blocks::{Block, Row, Table, collapse_whitespace};
use crate::{Loc, RegenError, text};

/// Table headers of the Chinese pages, as copied (cells joined by tabs).
const HEADERS: [&str; 5] = [
    "参数名称\t必选\t类型\t描述",
    "参数名称\t类型\t描述",
    "名称\t类型\t描述",
    "名称\t类型\t必选\t描述",
    "错误码\t描述",
];

/// The numbered sections of an action page: `1. 接口描述` to `6. 错误码`.
const SECTIONS: [&str; 6] = ["接口描述", "输入参数", "输出参数", "示例", "开发者资源", "错误码"];

/// The site's footer, the first line after the last table of a page.
const FOOTER: &str = "文档反馈";

/// Splits a page into blocks; a page with no Chinese table is read by the English text reader alone.
pub(crate) fn parse(file: &str, page: &str) -> Result<Vec<Block>, RegenError> {
    // Every Chinese header ends `\t描述`: pages without one (all English pages) skip the line scan.
    if !page.contains("\t描述") {
        return Ok(text::parse(page));
    }
    let lines: Vec<&str> = page.lines().collect();
    let mut tables = Vec::new();
    let mut in_table = vec![false; lines.len()];
    let mut i = 0;
    while i < lines.len() {
        if is_header(lines[i]) {
            let (table, end) = table(file, &lines, i)?;
            in_table[i..end].iter_mut().for_each(|t| *t = true);
            tables.push(table);
            i = end;
        } else {
            i += 1;
        }
    }
    if tables.is_empty() {
        return Ok(text::parse(page));
    }
    // Table lines become empty lines, so the English reader sees only the rest, with its line numbers unchanged.
    let mut rest = String::with_capacity(page.len());
    for (line, masked) in lines.iter().zip(&in_table) {
        if !masked {
            rest.push_str(line);
        }
        rest.push('\n');
    }
    let mut blocks = Vec::with_capacity(tables.len() + 32);
    let mut tables = tables.into_iter().peekable();
    let mut in_examples = false;
    for block in text::parse(&rest) {
        let at = line_of(&block);
        while let Some(t) = tables.next_if(|t| line_of_loc(&t.loc) < at) {
            blocks.push(Block::Table(t));
        }
        blocks.push(match block {
            Block::Paragraph { text, raw, loc } => match heading_level(&text, &mut in_examples) {
                Some(level) => Block::Heading { level, text, loc },
                None => Block::Paragraph { text, raw, loc },
            },
            // A pipe table on a Chinese page sits inside a description (the parameter tables are tab-separated):
            // it stays there as the Markdown table the page wrote.
            Block::Table(t) => {
                let first = line_of_loc(&t.loc).saturating_sub(1);
                let end = (first + t.rows.len() + 2).min(lines.len());
                let text = lines[first..end].join("\n");
                Block::Paragraph { raw: text.clone(), text, loc: t.loc }
            }
            other => other,
        });
    }
    blocks.extend(tables.map(Block::Table));
    Ok(blocks)
}

fn is_header(line: &str) -> bool {
    let line = line.trim_end();
    HEADERS.contains(&line)
}

/// `2. 输入参数`: one of the numbered sections.
fn is_section(line: &str) -> bool {
    let line = line.trim();
    let Some((number, title)) = line.split_once(". ") else { return false };
    !number.is_empty() && number.bytes().all(|b| b.is_ascii_digit()) && SECTIONS.contains(&title)
}

/// Section headings are level 2, example titles (`示例1 查询任务`, only in the examples section) level 3, and
/// `输入示例`/`输出示例` level 4, as the HTML pages have them.
fn heading_level(text: &str, in_examples: &mut bool) -> Option<u8> {
    if is_section(text) {
        *in_examples = text.ends_with(". 示例");
        return Some(2);
    }
    if !*in_examples {
        return None;
    }
    if text == "输入示例" || text == "输出示例" {
        return Some(4);
    }
    let number = text.strip_prefix("示例")?;
    let digits = number.bytes().take_while(u8::is_ascii_digit).count();
    (digits > 0 && (number.len() == digits || number[digits..].starts_with(' '))).then_some(3)
}

fn line_of(block: &Block) -> usize {
    match block {
        Block::Heading { loc, .. } | Block::Paragraph { loc, .. } | Block::Code { loc, .. } => line_of_loc(loc),
        Block::Table(t) => line_of_loc(&t.loc),
    }
}

fn line_of_loc(loc: &Loc) -> usize {
    match loc {
        Loc::Line(n) => *n,
        _ => 0,
    }
}

/// A line that starts a row: a member name (with any `.N`) or an error code, then a tab.
fn starts_row(line: &str) -> bool {
    let Some((first, _)) = line.split_once('\t') else { return false };
    let first = first.trim();
    // `MissingParameter.`: an error code with a full stop is still a row, for the interpreter to judge.
    is_member_name(first.strip_suffix(".N").unwrap_or(first)) || is_error_code(first.trim_end_matches('.'))
}

/// The table whose header is line `start`, and the line after it. A blank line ends the table unless a row
/// follows the text after it (a cell with paragraphs); a section heading, another header, the footer or, in a
/// Data Types page, the next type's name ends it too.
fn table(file: &str, lines: &[&str], start: usize) -> Result<(Table, usize), RegenError> {
    let header: Vec<String> = lines[start].trim_end().split('\t').map(str::to_owned).collect();
    let data_type = header[0] == "名称";
    let mut rows: Vec<Row> = Vec::new();
    let mut i = start + 1;
    // Raw cells of the row being read: its lines, joined by line breaks at the end.
    let mut cells: Vec<String> = Vec::new();
    let mut row_loc = Loc::Page;
    let finish = |cells: &mut Vec<String>, loc: &Loc, rows: &mut Vec<Row>| {
        if !cells.is_empty() {
            let raw = std::mem::take(cells);
            rows.push(Row { cells: raw.iter().map(|c| collapse_whitespace(c)).collect(), raw, loc: loc.clone() });
        }
    };
    while i < lines.len() {
        let line = lines[i];
        let trimmed = line.trim();
        if trimmed.is_empty() {
            let Some(next) = (i + 1..lines.len()).find(|&k| !lines[k].trim().is_empty()) else { break };
            let after = lines[next].trim();
            let ends = is_section(after)
                || is_header(lines[next])
                || after == FOOTER
                || cells.is_empty()
                || (data_type && is_type_name(after) && !starts_row(lines[next]));
            if ends {
                break;
            }
            // A paragraph break inside the last cell.
            if let Some(last) = cells.last_mut().filter(|l| !l.ends_with('\n')) {
                last.push('\n');
            }
            i += 1;
            continue;
        }
        if is_section(trimmed) || is_header(line) {
            break;
        }
        if starts_row(line) {
            finish(&mut cells, &row_loc, &mut rows);
            // The description is the last cell and may hold tabs of its own (`pixel_art<TAB>像素风`): only the tabs
            // before it separate cells. A row with too few cells stays short, for the interpreter's located error.
            cells = line.splitn(header.len(), '\t').map(|f| f.trim().replace('\t', " ")).collect();
            row_loc = Loc::Line(i + 1);
        } else if let Some(last) = cells.last_mut() {
            if !last.is_empty() {
                last.push('\n');
            }
            last.push_str(trimmed);
        } else {
            return Err(RegenError::new(
                file,
                Loc::Line(i + 1),
                format!(
                    "expected a row of the `{}` table above: a member name or error code, then tab-separated \
                     cells; a line that starts no row continues the row before it, and there is none",
                    header.join(" | ")
                ),
            ));
        }
        i += 1;
    }
    finish(&mut cells, &row_loc, &mut rows);
    Ok((Table { header, rows, loc: Loc::Line(start + 1) }, i))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tables(blocks: &[Block]) -> Vec<&Table> {
        blocks.iter().filter_map(|b| if let Block::Table(t) = b { Some(t) } else { None }).collect()
    }

    #[test]
    fn lines_that_start_no_row_continue_the_last_cell() {
        let page = "2. 输入参数\n参数名称\t必选\t类型\t描述\nAction\t是\tString\t公共参数\nTaskId\t是\tInteger\t任务Id\n\
                    第二行\n示例值：3\n\n补充说明\nLimit\t否\tInteger\t数量\ta\tb\t\n3. 输出参数\n参数名称\t类型\t描述\n\
                    RequestId\tString\t唯一请求 ID\n4. 示例\n示例1 查询\n说明\n输入示例\nPOST / HTTP/1.1\n<公共请求参数>\n\n{}\n\
                    输出示例\n{\n\"Response\": {}\n}\n5. 开发者资源\n";
        let blocks = parse("p.txt", page).unwrap();
        let t = tables(&blocks);
        assert_eq!(t.len(), 2);
        assert_eq!(t[0].rows.len(), 3);
        assert_eq!(t[0].rows[1].raw[3], "任务Id\n第二行\n示例值：3\n\n补充说明");
        assert_eq!(t[0].rows[1].cells[3], "任务Id 第二行 示例值：3 补充说明");
        assert_eq!(t[0].rows[1].loc, Loc::Line(4));
        assert_eq!(t[0].rows[2].cells, ["Limit", "否", "Integer", "数量 a b"]);
        let headings: Vec<(u8, &str)> = blocks
            .iter()
            .filter_map(
                |b| if let Block::Heading { level, text, .. } = b { Some((*level, text.as_str())) } else { None },
            )
            .collect();
        assert_eq!(
            headings,
            [
                (2, "2. 输入参数"),
                (2, "3. 输出参数"),
                (2, "4. 示例"),
                (3, "示例1 查询"),
                (4, "输入示例"),
                (4, "输出示例"),
                (2, "5. 开发者资源")
            ]
        );
        assert_eq!(blocks.iter().filter(|b| matches!(b, Block::Code { .. })).count(), 2);
    }

    #[test]
    fn a_type_name_after_a_blank_line_ends_a_data_type_table() {
        let page = "数据结构\n\nA\n说明\n\n名称\t类型\t描述\nX\tString\tx\n\nB\n被如下接口引用：Foo。\n\n名称\t类型\t描述\nY\tInteger\ty\n\n文档反馈\n";
        let blocks = parse("DataTypes.txt", page).unwrap();
        let t = tables(&blocks);
        assert_eq!((t.len(), t[0].rows.len(), t[1].rows.len()), (2, 1, 1));
        assert!(blocks.iter().any(|b| matches!(b, Block::Paragraph { text, .. } if text == "B")));
    }

    #[test]
    fn pipe_tables_stay_in_the_description_as_markdown() {
        let page = "A\n| 名称 | 类型 |\n|---|---|\n| x | y |\n\n名称\t类型\t描述\nX\tString\tx\n";
        let blocks = parse("DataTypes.txt", page).unwrap();
        assert!(matches!(&blocks[1], Block::Paragraph { text, .. } if text == "| 名称 | 类型 |\n|---|---|\n| x | y |"));
        assert_eq!(tables(&blocks).len(), 1);
    }

    #[test]
    fn a_first_line_that_is_no_row_is_a_located_error() {
        let e = parse("p.txt", "参数名称\t类型\t描述\n不是一行\n").unwrap_err();
        assert!(e.to_string().contains("p.txt") && e.to_string().contains("line 2"), "{e}");
    }
}
