//! The committed corpus against its specs: for every plain-text page under `specs/*/*/docs/`, every row of every
//! parameter table appears in the committed spec as a member with the page's type and Required flag. The rows are
//! read here with a few lines of splitting, independent of the regen parsers, so a parser that drops or bends a
//! row fails this test. (The Markdown and HTML pages of ccc and cvm are held to the text rendering by pages.rs.)

use std::collections::HashMap;
use std::path::Path;

use tencentcloud_spec::{MemberSpec, Service, load_service_tree};

/// A table's header cells, its rows (cells and 1-based line) and the 0-based line of its header.
type PageTable<'a> = (Vec<&'a str>, Vec<(Vec<&'a str>, usize)>, usize);

/// `Name | Type | Description |` rows under each header line.
fn tables(text: &str) -> Vec<PageTable<'_>> {
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i + 1 < lines.len() {
        let sep = lines[i + 1];
        if lines[i].contains('|') && sep.contains("---") && sep.chars().all(|c| matches!(c, '-' | '|' | ':' | ' ')) {
            let header: Vec<&str> = lines[i].trim_end_matches('|').split('|').map(str::trim).collect();
            let mut rows = Vec::new();
            let mut j = i + 2;
            while j < lines.len() && lines[j].ends_with('|') && !lines.get(j + 1).is_some_and(|n| n.starts_with("---"))
            {
                rows.push((lines[j].trim_end_matches('|').split('|').map(str::trim).collect(), j + 1));
                j += 1;
            }
            out.push((header, rows, i));
            i = j;
        } else {
            i += 1;
        }
    }
    out
}

/// A table read from a Chinese page, owned: header, rows (cells and 1-based line) and the 0-based header line.
type TabTable = (Vec<String>, Vec<(Vec<String>, usize)>, usize);

/// The Chinese site's tab-separated tables, with their headers and `是`/`否` in English words: a header line, then
/// every line whose first tab-separated field is a member name or error code, up to the next header or numbered
/// section (other lines continue a cell). Only the tabs before the description separate cells.
fn tab_tables(text: &str) -> Vec<TabTable> {
    const HEADERS: [&str; 5] = [
        "参数名称\t必选\t类型\t描述",
        "参数名称\t类型\t描述",
        "名称\t类型\t描述",
        "名称\t类型\t必选\t描述",
        "错误码\t描述",
    ];
    let english = |w: &str| match w {
        "参数名称" => "Parameter Name",
        "必选" => "Required",
        "类型" => "Type",
        "名称" => "Name",
        "错误码" => "Error Code",
        _ => "Description",
    };
    let is_section = |l: &str| {
        l.split_once(". ")
            .is_some_and(|(n, t)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) && !t.contains(' '))
    };
    let mut out: Vec<TabTable> = Vec::new();
    let mut open = false;
    for (i, line) in text.lines().enumerate() {
        let line = line.trim_end();
        if HEADERS.contains(&line) {
            out.push((line.split('\t').map(|w| english(w).to_owned()).collect(), Vec::new(), i));
            open = true;
        } else if is_section(line.trim()) {
            open = false;
        } else if let (true, Some((header, rows, _))) = (open, out.last_mut()) {
            let first = line.split('\t').next().unwrap_or_default().trim();
            let starts_row = line.contains('\t')
                && (tencentcloud_spec::is_member_name(first.trim_end_matches(".N"))
                    || tencentcloud_spec::is_error_code(first.trim_end_matches('.')));
            if starts_row {
                let yes_no = |c: &str| match c.trim() {
                    "是" => "Yes".to_owned(),
                    "否" => "No".to_owned(),
                    c => c.to_owned(),
                };
                rows.push((line.splitn(header.len(), '\t').map(yes_no).collect(), i + 1));
            }
        }
    }
    out
}

fn borrowed((h, rows, at): &TabTable) -> PageTable<'_> {
    fn cells(v: &[String]) -> Vec<&str> {
        v.iter().map(String::as_str).collect()
    }
    (cells(h), rows.iter().map(|(c, l)| (cells(c), *l)).collect(), *at)
}

/// The page's tables: the tab tables of a Chinese page (its pipe tables sit inside descriptions), else the pipe
/// tables.
fn page_tables(text: &str) -> Vec<TabTable> {
    let chinese = tab_tables(text);
    if !chinese.is_empty() {
        return chinese;
    }
    let owned = |v: Vec<&str>| v.into_iter().map(str::to_owned).collect::<Vec<String>>();
    tables(text)
        .into_iter()
        .map(|(h, rows, at)| (owned(h), rows.into_iter().map(|(c, l)| (owned(c), l)).collect(), at))
        .collect()
}

fn check_rows(
    page: &str,
    header: &[&str],
    rows: &[(Vec<&str>, usize)],
    members: &[MemberSpec],
    problems: &mut Vec<String>,
) {
    let col = |name: &str| header.iter().position(|h| h.eq_ignore_ascii_case(name));
    let (Some(name_col), Some(type_col)) = (col("Parameter Name").or_else(|| col("Name")), col("Type")) else {
        return;
    };
    let required_col = col("Required");
    for (cells, line) in rows {
        let name = cells[name_col].trim_end_matches(".N");
        if header[0] == "Parameter Name" && matches!(name, "Action" | "Version" | "Region") && required_col.is_some() {
            continue;
        }
        let Some(m) = members.iter().find(|m| m.name == name) else {
            problems.push(format!("{page}: line {line}: row {name} is no member of the spec"));
            continue;
        };
        if m.type_ref.to_string() != cells[type_col] {
            problems.push(format!(
                "{page}: line {line}: {name} is {} in the spec, {} on the page",
                m.type_ref, cells[type_col]
            ));
        }
        if let Some(c) = required_col
            && m.required != cells[c].eq_ignore_ascii_case("Yes")
        {
            problems.push(format!(
                "{page}: line {line}: {name} required is {} in the spec, {} on the page",
                m.required, cells[c]
            ));
        }
    }
}

fn check_service(service: &Service, problems: &mut Vec<String>) -> usize {
    let mut pages: HashMap<&str, Vec<&tencentcloud_spec::ActionSpec>> = HashMap::new();
    for a in &service.actions {
        pages.entry(a.source.as_deref().unwrap_or_default()).or_default().push(a);
    }
    let mut types_by_page: HashMap<&str, Vec<&tencentcloud_spec::TypeSpec>> = HashMap::new();
    for t in &service.types {
        types_by_page.entry(t.source.as_deref().unwrap_or_default()).or_default().push(t);
    }
    let mut checked = 0;
    let docs = service.dir.join("docs");
    let mut entries: Vec<_> = std::fs::read_dir(&docs).unwrap().map(|e| e.unwrap().path()).collect();
    entries.sort();
    for path in entries.iter().filter(|p| p.extension().is_some_and(|x| x == "txt")) {
        let name = format!("docs/{}", path.file_name().unwrap().to_string_lossy());
        let text = std::fs::read_to_string(path).unwrap();
        let shown = path.display().to_string();
        checked += 1;
        let page_tables = page_tables(&text);
        if let Some([action]) = pages.get(name.as_str()).map(Vec::as_slice) {
            for (header, rows, _) in page_tables.iter().map(borrowed) {
                match header.as_slice() {
                    ["Parameter Name", "Required", "Type", "Description"] => {
                        check_rows(&shown, &header, &rows, &action.request, problems)
                    }
                    ["Parameter Name", "Type", "Description"] => {
                        check_rows(&shown, &header, &rows, &action.response, problems)
                    }
                    _ => {}
                }
            }
        } else if let Some(types) = types_by_page.get(name.as_str()) {
            // A Data Types page: each table belongs to the type named on the first line of its section.
            let lines: Vec<&str> = text.lines().collect();
            let mut table_at = 0;
            for (header, rows, header_line) in page_tables.iter().map(borrowed) {
                let name = (table_at..header_line)
                    .map(|i| lines[i].trim())
                    .find(|l| tencentcloud_spec::is_type_name(l))
                    .unwrap_or_default();
                table_at = rows.last().map_or(header_line + 2, |(_, l)| *l);
                match types.iter().find(|t| t.name == name) {
                    Some(t) => check_rows(&shown, &header, &rows, &t.members, problems),
                    None => {
                        problems.push(format!("{shown}: line {header_line}: table of {name:?} is no type of the spec"))
                    }
                }
            }
        } else if !text.trim().is_empty() && text.lines().next() != Some("数据结构") {
            // (A Chinese Data Types page of a service with no type holds its title and date only.)
            problems.push(format!("{shown}: no spec names this page as its source"));
        }
    }
    checked
}

#[test]
fn every_parameter_table_row_of_every_committed_page_is_a_spec_member() {
    let specs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../specs");
    let services = load_service_tree(&specs).unwrap_or_else(|e| panic!("{e}"));
    assert!(services.len() >= 160, "expected the whole international API, found {} service versions", services.len());
    let mut problems = Vec::new();
    let pages: usize = services.iter().map(|s| check_service(s, &mut problems)).sum();
    assert!(pages > 9_700, "{pages} text pages");
    assert!(problems.is_empty(), "{} problems:\n{}", problems.len(), problems.join("\n"));
}
