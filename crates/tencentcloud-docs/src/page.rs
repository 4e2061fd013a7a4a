//! What a page means, read from its blocks the same way for every rendering: an action page (found by its
//! `Parameter Name` tables) or a Data Types page (tables headed `Name | Type | …`, one per type).

use tencentcloud_spec::{ErrorCodeSpec, MemberSpec, TypeRef, is_error_code, is_member_name, is_type_name};

use crate::blocks::{Block, Row, Table};
use crate::defect::{Defect, Finding, Remedy};
use crate::example::{RawExample, examples, markup_finding};
use crate::markup::{markdown_table, to_commonmark};
use crate::{Loc, RegenError};

/// A member row with where it came from, so a later check (an unknown data type) can point at the row.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ParsedMember {
    pub spec: MemberSpec,
    pub loc: Loc,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ActionPage {
    pub name: String,
    pub version: String,
    pub domain: String,
    pub region_required: bool,
    pub rate_limit_per_second: Option<u32>,
    pub description: String,
    pub request: Vec<ParsedMember>,
    pub response: Vec<ParsedMember>,
    pub errors: Vec<ErrorCodeSpec>,
    pub examples: Vec<RawExample>,
    /// The Version row, for an error when pages of one folder disagree.
    pub version_loc: Loc,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct TypePage {
    pub name: String,
    pub description: String,
    pub used_by: Vec<String>,
    /// The table has a Required column: the type is sent in requests.
    pub has_required: bool,
    pub members: Vec<ParsedMember>,
    pub loc: Loc,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Page {
    Action(Box<ActionPage>),
    DataTypes(Vec<TypePage>),
}

const REQUEST_HEADER: [&str; 4] = ["Parameter Name", "Required", "Type", "Description"];
const RESPONSE_HEADER: [&str; 3] = ["Parameter Name", "Type", "Description"];
const ERROR_HEADER: [&str; 2] = ["Error Code", "Description"];
const TYPE_HEADER: [&str; 3] = ["Name", "Type", "Description"];
const INPUT_TYPE_HEADER: [&str; 4] = ["Name", "Type", "Required", "Description"];

fn header_is(table: &Table, expected: &[&str]) -> bool {
    table.header.len() == expected.len() && table.header.iter().zip(expected).all(|(h, e)| h.eq_ignore_ascii_case(e))
}

fn is_action_table(t: &Table) -> bool {
    t.header.first().is_some_and(|h| h.eq_ignore_ascii_case("Parameter Name"))
}

fn is_type_table(t: &Table) -> bool {
    t.header.first().is_some_and(|h| h.eq_ignore_ascii_case("Name"))
}

/// Reads a page's meaning from its blocks; defects of its examples and prose go to `findings`.
pub(crate) fn interpret(file: &str, blocks: Vec<Block>, findings: &mut Vec<Finding>) -> Result<Page, RegenError> {
    let tables = || blocks.iter().filter_map(|b| if let Block::Table(t) = b { Some(t) } else { None });
    if tables().any(is_action_table) {
        action_page(file, &blocks, findings).map(|p| Page::Action(Box::new(p)))
    } else if tables().any(is_type_table) {
        data_types_page(file, &blocks, findings).map(Page::DataTypes)
    } else if blocks.is_empty() {
        // A service that defines no data type publishes an empty Data Types page.
        Ok(Page::DataTypes(Vec::new()))
    } else {
        Err(RegenError::new(
            file,
            Loc::Page,
            "no parameter table: expected a table headed `Parameter Name | Required | Type | Description` \
             (an action page) or `Name | Type | Description` (a Data Types page)",
        ))
    }
}

/// `.N` marks an array input on the pages; the wire name is the part before it.
fn member_name(file: &str, cell: &str, loc: &Loc) -> Result<String, RegenError> {
    let name = cell.strip_suffix(".N").unwrap_or(cell);
    if is_member_name(name) {
        Ok(name.to_owned())
    } else {
        Err(RegenError::new(
            file,
            loc,
            format!(
                "{cell:?} is not a member name: expected letters, digits and underscores, optionally ending in `.N`"
            ),
        ))
    }
}

/// The pages mark members that can come back empty with a note in many wordings: "may return null",
/// "may return `null`", "This field may return null", "If the parameter returns null", "is `null` for …".
pub(crate) fn says_nullable(description: &str) -> bool {
    let plain = description.replace('`', "").to_ascii_lowercase();
    // "return null" also covers "may return null", and "be null" covers "may be null".
    ["return null", "returns null", "is null", "be null"].iter().any(|phrase| plain.contains(phrase))
        || crate::zh::says_nullable(&plain)
}

fn check_cells(file: &str, table: &Table, row: &Row) -> Result<(), RegenError> {
    if row.cells.len() == table.header.len() && row.raw.len() == table.header.len() {
        return Ok(());
    }
    Err(RegenError::new(
        file,
        &row.loc,
        format!("expected {} cells ({}), found {}", table.header.len(), table.header.join(" | "), row.cells.len()),
    ))
}

/// The rows of a member table: name, type, Required when the table has that column, and description.
fn members(file: &str, table: &Table, findings: &mut Vec<Finding>) -> Result<Vec<ParsedMember>, RegenError> {
    let col = |name: &str| table.header.iter().position(|h| h.eq_ignore_ascii_case(name));
    let (Some(name_col), Some(type_col), Some(desc_col)) =
        (col("Parameter Name").or_else(|| col("Name")), col("Type"), col("Description"))
    else {
        return Err(RegenError::new(file, &table.loc, "expected a table with Name, Type and Description columns"));
    };
    let required_col = col("Required");
    let mut out: Vec<ParsedMember> = Vec::with_capacity(table.rows.len());
    for row in &table.rows {
        check_cells(file, table, row)?;
        let name = member_name(file, &row.cells[name_col], &row.loc)?;
        let type_ref: TypeRef = row.cells[type_col].parse().map_err(|e: tencentcloud_spec::TypeRefParseError| {
            RegenError::new(file, &row.loc, format!("member {name}: {e}"))
        })?;
        let required = match required_col.map(|c| row.cells[c].as_str()) {
            None => false,
            Some(c) if c.eq_ignore_ascii_case("Yes") => true,
            Some(c) if c.eq_ignore_ascii_case("No") => false,
            Some(other) => {
                return Err(RegenError::new(
                    file,
                    &row.loc,
                    format!("member {name}: Required column says {other:?}: expected Yes or No"),
                ));
            }
        };
        // The Chinese pages end a description with its example value: `示例值：…` on a line of its own.
        let (description, example) = crate::zh::split_example_value(&row.raw[desc_col]);
        let converted = to_commonmark(&description);
        if converted.had_markup {
            findings.push(markup_finding(&row.loc, &format!("the description of {name}")));
        }
        let description = converted.text;
        if let Some(first) = out.iter().find(|m| m.spec.name == name) {
            return Err(RegenError::new(
                file,
                &row.loc,
                format!("duplicate member {name:?}: already documented at {}", first.loc),
            ));
        }
        let nullable = says_nullable(&description);
        out.push(ParsedMember {
            spec: MemberSpec { name, type_ref, required, nullable, description, example },
            loc: row.loc.clone(),
        });
    }
    Ok(out)
}

/// "Common Params. The value used for this API: 2020-02-10." gives `2020-02-10`.
fn value_used(description: &str) -> Option<String> {
    let (_, rest) = description.split_once("The value used for this API:")?;
    let value = rest.trim().trim_end_matches('.').trim();
    (!value.is_empty()).then(|| value.to_owned())
}

/// "Domain name for API request: ccc.tencentcloudapi.com." gives `ccc.tencentcloudapi.com`.
fn domain_of(text: &str) -> Option<String> {
    let (_, rest) = text.split_once("Domain name for API request:")?;
    let domain = rest.split_whitespace().next()?.trim_end_matches('.');
    (!domain.is_empty()).then(|| domain.to_owned())
}

/// "A maximum of 20 requests can be initiated per second for this API." gives 20.
fn rate_limit_of(text: &str) -> Option<&str> {
    let (_, rest) = text.split_once("A maximum of ")?;
    let (n, rest) = rest.split_once(' ')?;
    rest.starts_with("requests can be initiated per second").then_some(n)
}

/// Paragraphs that end the action description: what the site prints after it.
fn ends_description(text: &str) -> bool {
    rate_limit_of(text).is_some()
        || text.starts_with("We recommend you to use API Explorer")
        || text.starts_with("The following request parameter list")
}

/// The one table with `header` at or after block `from`.
fn single_table<'a>(
    file: &str,
    blocks: &'a [Block],
    header: &[&str],
    from: usize,
) -> Result<Option<(usize, &'a Table)>, RegenError> {
    let mut found: Option<(usize, &Table)> = None;
    for (i, b) in blocks.iter().enumerate().skip(from) {
        if let Block::Table(t) = b
            && header_is(t, header)
        {
            if let Some((_, first)) = found {
                return Err(RegenError::new(
                    file,
                    &t.loc,
                    format!("a second `{}` table: the first is at {}", header.join(" | "), first.loc),
                ));
            }
            found = Some((i, t));
        }
    }
    Ok(found)
}

fn action_page(file: &str, blocks: &[Block], findings: &mut Vec<Finding>) -> Result<ActionPage, RegenError> {
    let missing = |what: &str, header: &[&str]| {
        RegenError::new(file, Loc::Page, format!("no {what} table: expected one headed `{}`", header.join(" | ")))
    };
    let (request_at, request_table) =
        single_table(file, blocks, &REQUEST_HEADER, 0)?.ok_or_else(|| missing("request parameter", &REQUEST_HEADER))?;
    // Tables before the request table belong to the description, whatever their header; after it, only the
    // parameter and error-code tables carry meaning.
    let known = [&REQUEST_HEADER[..], &RESPONSE_HEADER, &ERROR_HEADER];
    for b in &blocks[request_at..] {
        if let Block::Table(t) = b
            && !known.iter().any(|h| header_is(t, h))
        {
            findings.push(Finding::new(
                &t.loc,
                Defect::StrayTable,
                Remedy::Dropped,
                format!(
                    "table `{}` after the request table is no parameter table (expected `{}`, `{}` or `{}`): \
                         left out",
                    t.header.join(" | "),
                    REQUEST_HEADER.join(" | "),
                    RESPONSE_HEADER.join(" | "),
                    ERROR_HEADER.join(" | ")
                ),
            ));
        }
    }
    let (response_at, response_table) = single_table(file, blocks, &RESPONSE_HEADER, request_at)?
        .ok_or_else(|| missing("response parameter", &RESPONSE_HEADER))?;

    let mut domain = None;
    let mut description = Vec::new();
    let mut rate_limit = None;
    let mut in_description = false;
    for (i, b) in blocks.iter().enumerate() {
        match b {
            Block::Paragraph { text, raw, loc } => {
                if let Some(n) = rate_limit_of(text) {
                    let n: u32 = n.parse().ok().filter(|&n| n > 0).ok_or_else(|| {
                        RegenError::new(file, loc, format!("rate limit {n:?}: expected a positive whole number"))
                    })?;
                    rate_limit.get_or_insert(n);
                }
                if domain.is_none() {
                    domain = domain_of(text);
                    in_description = domain.is_some();
                } else if in_description && ends_description(text) {
                    in_description = false;
                } else if in_description {
                    let converted = to_commonmark(raw);
                    if converted.had_markup {
                        findings.push(markup_finding(loc, "the description"));
                    }
                    description.push(converted.text);
                }
            }
            Block::Table(t) if i < request_at => {
                let rows: Vec<Vec<String>> = t.rows.iter().map(|r| r.raw.clone()).collect();
                description.push(markdown_table(&t.header, &rows));
                findings.push(Finding::new(
                    &t.loc,
                    Defect::DescriptionTable,
                    Remedy::Converted,
                    format!(
                        "table `{}` in the description is no parameter table: kept in the description as a \
                         Markdown table",
                        t.header.join(" | ")
                    ),
                ));
            }
            Block::Heading { level, .. } if *level <= 2 => in_description = false,
            Block::Table(_) | Block::Code { .. } => in_description = false,
            Block::Heading { .. } => {}
        }
    }
    let domain = domain.ok_or_else(|| {
        RegenError::new(
            file,
            Loc::Page,
            "no domain: expected a line `Domain name for API request: <service>.tencentcloudapi.com.`",
        )
    })?;

    let mut request = members(file, request_table, findings)?;
    let common = |name: &str, request: &mut Vec<ParsedMember>| {
        request.iter().position(|m| m.spec.name == name).map(|i| request.remove(i))
    };
    let action_row = common("Action", &mut request).ok_or_else(|| {
        RegenError::new(file, &request_table.loc, "no Action row: expected the common parameter Action in this table")
    })?;
    let version_row = common("Version", &mut request).ok_or_else(|| {
        RegenError::new(file, &request_table.loc, "no Version row: expected the common parameter Version in this table")
    })?;
    let region_row = common("Region", &mut request);
    let name = value_used(&action_row.spec.description).filter(|n| is_type_name(n)).ok_or_else(|| {
        RegenError::new(file, &action_row.loc, "expected \"The value used for this API: <ActionName>.\"")
    })?;
    let version = value_used(&version_row.spec.description).ok_or_else(|| {
        RegenError::new(file, &version_row.loc, "expected \"The value used for this API: <version>.\"")
    })?;
    let response = members(file, response_table, findings)?;
    let errors = match single_table(file, blocks, &ERROR_HEADER, request_at)? {
        None => Vec::new(),
        Some((_, t)) => {
            let mut errors: Vec<ErrorCodeSpec> = Vec::with_capacity(t.rows.len());
            for row in &t.rows {
                check_cells(file, t, row)?;
                let mut code = row.cells[0].clone();
                if code.ends_with('.') && is_error_code(code.trim_end_matches('.')) {
                    findings.push(Finding::new(
                        &row.loc,
                        Defect::ErrorCodeFullStop,
                        Remedy::Repaired,
                        format!("error code {code:?} ends with a full stop: read as {:?}", code.trim_end_matches('.')),
                    ));
                    code = code.trim_end_matches('.').to_owned();
                }
                if !is_error_code(&code) {
                    return Err(RegenError::new(
                        file,
                        &row.loc,
                        format!("{code:?} is not an error code: expected dotted names like InvalidParameter.Foo"),
                    ));
                }
                if errors.iter().any(|e| e.code == code) {
                    return Err(RegenError::new(file, &row.loc, format!("duplicate error code {code:?}")));
                }
                let converted = to_commonmark(&row.raw[1]);
                if converted.had_markup {
                    findings.push(markup_finding(&row.loc, &format!("the description of error code {code}")));
                }
                errors.push(ErrorCodeSpec { code, description: converted.text });
            }
            errors
        }
    };
    let examples = examples(&blocks[response_at + 1..], findings);
    Ok(ActionPage {
        name,
        version,
        domain,
        region_required: region_row.is_some_and(|r| r.spec.required),
        rate_limit_per_second: rate_limit,
        description: description.join("\n\n"),
        request,
        response,
        errors,
        examples,
        version_loc: version_row.loc,
    })
}

fn data_types_page(file: &str, blocks: &[Block], findings: &mut Vec<Finding>) -> Result<Vec<TypePage>, RegenError> {
    let mut out: Vec<TypePage> = Vec::new();
    // Headings and paragraphs since the last table: the next type's name, description and "Used by" line, as
    // (text, source, heading?, location).
    let mut pending: Vec<(&str, &str, bool, &Loc)> = Vec::new();
    for b in blocks {
        match b {
            Block::Heading { level, text, loc } if *level >= 2 => pending.push((text, text, true, loc)),
            Block::Paragraph { text, raw, loc } => pending.push((text, raw, false, loc)),
            Block::Table(t) => {
                if !header_is(t, &TYPE_HEADER) && !header_is(t, &INPUT_TYPE_HEADER) {
                    return Err(RegenError::new(
                        file,
                        &t.loc,
                        format!(
                            "unexpected table header `{}` on a Data Types page: expected `{}` or `{}`",
                            t.header.join(" | "),
                            TYPE_HEADER.join(" | "),
                            INPUT_TYPE_HEADER.join(" | ")
                        ),
                    ));
                }
                let start = match pending.iter().rposition(|(_, _, heading, _)| *heading) {
                    Some(i) => Some(i),
                    None => pending.iter().position(|(text, ..)| is_type_name(text)),
                };
                let Some(start) = start.filter(|&i| is_type_name(pending[i].0)) else {
                    return Err(RegenError::new(
                        file,
                        &t.loc,
                        "no data-type name before this table: expected the type's name (letters and digits) \
                         above its description",
                    ));
                };
                let name = pending[start].0.to_owned();
                if let Some(first) = out.iter().find(|ty| ty.name == name) {
                    return Err(RegenError::new(
                        file,
                        &t.loc,
                        format!("data type {name} is documented twice: first at {}", first.loc),
                    ));
                }
                let mut used_by = Vec::new();
                let mut description = Vec::new();
                for (text, raw, _, loc) in &pending[start + 1..] {
                    match text.strip_prefix("Used by actions:") {
                        Some(list) => used_by.extend(
                            list.split(',')
                                .map(|a| a.trim().trim_end_matches('.').to_owned())
                                .filter(|a| !a.is_empty()),
                        ),
                        None => {
                            let converted = to_commonmark(raw);
                            if converted.had_markup {
                                findings.push(markup_finding(loc, &format!("the description of data type {name}")));
                            }
                            description.push(converted.text);
                        }
                    }
                }
                out.push(TypePage {
                    name,
                    description: description.join("\n\n"),
                    used_by,
                    has_required: header_is(t, &INPUT_TYPE_HEADER),
                    members: members(file, t, findings)?,
                    loc: t.loc.clone(),
                });
                pending.clear();
            }
            Block::Heading { .. } | Block::Code { .. } => {}
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_null_note_wording_is_nullable() {
        for yes in [
            "Task end. Note: this field may return null, indicating that no valid values can be obtained.",
            "Disk. Note: This field may return `null`, indicating that no valid values can be obtained",
            "NOTE: THIS FIELD MAY RETURN NULL.",
            "If the parameter returns null, it means that local disks cannot be created",
            "Note: this parameter is `null` for postpaid instances",
        ] {
            assert!(super::says_nullable(yes), "{yes}");
        }
        for no in ["Task ID.", "Nullable flags are not documented here.", "Set to null-terminated string"] {
            assert!(!super::says_nullable(no), "{no}");
        }
    }

    #[test]
    fn common_parameter_values_and_limits() {
        assert_eq!(
            super::value_used("Common Params. The value used for this API: 2020-02-10.").as_deref(),
            Some("2020-02-10")
        );
        assert_eq!(
            super::domain_of("Domain name for API request: cvm.tencentcloudapi.com.").as_deref(),
            Some("cvm.tencentcloudapi.com")
        );
        assert_eq!(
            super::rate_limit_of("A maximum of 100 requests can be initiated per second for this API."),
            Some("100")
        );
        assert_eq!(super::rate_limit_of("A maximum of 100 items."), None);
    }
}
