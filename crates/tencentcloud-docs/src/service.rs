//! One service's pages in, its specs out: parse every page, check the pages against each other, resolve every
//! data-type reference, decide each type's usage and check the examples.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde_json::{Map, Value};
use tencentcloud_spec::{
    ACTIONS_DIR, ActionSpec, ExampleSpec, GENERATED_MARKER, MemberSpec, SERVICE_FILE, Service, ServiceSpec, TYPES_DIR,
    TypeSpec, UnparsedExample, Usage,
};

use crate::defect::{Defect, Finding, Remedy};
use crate::example::{
    ExampleInput, RawExample, TypeMembers, coerce, query_to_json, request_defects, undocumented_members,
};
use crate::page::{ActionPage, Page, ParsedMember, TypePage, interpret};
use crate::repair::{JsonFailure, parse_json};
use crate::zh::Language;
use crate::{Loc, RegenError, RegenErrors, RegenWarning, html, markdown, report, zh, zh_text};

/// The three renderings a page can come in, told apart by the file's extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rendering {
    /// Plain text as a browser copies it (`.txt`).
    Text,
    /// Markdown (`.md`, `.markdown`).
    Markdown,
    /// HTML as a browser saves it (`.html`, `.htm`).
    Html,
}

impl Rendering {
    /// `None` for files that are not pages (a README, `.gitkeep`): regen leaves them alone.
    pub fn of(path: &Path) -> Option<Rendering> {
        match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "txt" => Some(Rendering::Text),
            "md" | "markdown" => Some(Rendering::Markdown),
            "html" | "htm" => Some(Rendering::Html),
            _ => None,
        }
    }
}

/// One saved page: its path (used in errors; its file name becomes the spec's `source`) and its content.
#[derive(Debug, Clone)]
pub struct PageInput {
    /// Where the page was read from; errors name it, and its file name becomes the spec's `source`.
    pub path: PathBuf,
    /// The page's content, as read from the file.
    pub text: String,
}

/// Everything regen made of one service's pages, ready to render.
#[derive(Debug, Clone, PartialEq)]
pub struct Regenerated {
    /// The `service.json` to write: name, version, domain, language.
    pub service: ServiceSpec,
    /// Sorted by name.
    pub actions: Vec<ActionSpec>,
    /// Sorted by name: every type of every Data Types page, used by a documented action or not.
    pub types: Vec<TypeSpec>,
    /// Every defect of the examples and prose, repaired or not, in page order (pages sorted by file name).
    pub warnings: Vec<RegenWarning>,
    /// Warnings `docs/errata.json` acknowledges as reviewed page defects (see [`crate::ERRATA_FILE`]).
    pub acknowledged: Vec<RegenWarning>,
    /// How many pages were read.
    pub pages: usize,
}

impl Regenerated {
    /// How many warnings of each defect class (acknowledged ones not included).
    pub fn counts(&self) -> BTreeMap<Defect, usize> {
        let mut counts = BTreeMap::new();
        for w in &self.warnings {
            *counts.entry(w.defect).or_insert(0) += 1;
        }
        counts
    }

    /// How many examples are kept unparsed, over every action.
    pub fn unparsed_examples(&self) -> usize {
        self.actions.iter().map(|a| a.unparsed_examples.len()).sum()
    }

    /// The spec files, by path relative to the service folder (`service.json`, `actions/X.json`, `types/Y.json`,
    /// and the [`crate::REPORT_FILE`]), as pretty-printed JSON with a trailing newline.
    pub fn files(&self) -> BTreeMap<PathBuf, Vec<u8>> {
        let mut files = BTreeMap::new();
        files.insert(PathBuf::from(SERVICE_FILE), to_bytes(&self.service));
        files.insert(PathBuf::from(crate::REPORT_FILE), report::render(self));
        for a in &self.actions {
            files.insert(Path::new(ACTIONS_DIR).join(format!("{}.json", a.name)), to_bytes(a));
        }
        for t in &self.types {
            files.insert(Path::new(TYPES_DIR).join(format!("{}.json", t.name)), to_bytes(t));
        }
        files
    }
}

fn to_bytes<T: Serialize>(value: &T) -> Vec<u8> {
    // Serializing these plain structs into memory cannot fail; an empty file would be caught by the spec loader.
    let mut bytes = serde_json::to_vec_pretty(value).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

/// Reads every page in `docs_dir` (sorted by file name; files that are not `.txt`, `.md` or `.html` are skipped)
/// and regenerates the service they document. Warnings that `docs/errata.json` acknowledges move to
/// [`Regenerated::acknowledged`].
pub fn regen_service(docs_dir: impl AsRef<Path>) -> Result<Regenerated, RegenErrors> {
    let docs_dir = docs_dir.as_ref();
    let entries = std::fs::read_dir(docs_dir).map_err(|e| {
        RegenErrors(vec![RegenError::new(docs_dir, Loc::Page, format!("cannot list the pages folder: {e}"))])
    })?;
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && Rendering::of(p).is_some())
        .collect();
    paths.sort();
    let mut pages = Vec::with_capacity(paths.len());
    let mut errors = Vec::new();
    for path in paths {
        match std::fs::read(&path) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) => pages.push(PageInput { path, text }),
                Err(e) => errors.push(RegenError::new(
                    &path,
                    format!("byte {}", e.utf8_error().valid_up_to()),
                    "not UTF-8: expected a page saved as UTF-8 text",
                )),
            },
            Err(e) => errors.push(RegenError::new(&path, Loc::Page, format!("cannot read: {e}"))),
        }
    }
    if !errors.is_empty() {
        return Err(RegenErrors(errors));
    }
    let mut regen = regen_pages(&pages)?;
    crate::errata::apply(docs_dir, &mut regen)?;
    Ok(regen)
}

/// Parses one page into its meaning and the language its tables are in; the error names the page and the line
/// or element. Defects of its examples and prose go to `findings`.
fn parse_page(page: &PageInput, findings: &mut Vec<Finding>) -> Result<(Page, Option<Language>), RegenError> {
    let file = page.path.to_string_lossy();
    let blocks = match Rendering::of(&page.path) {
        Some(Rendering::Markdown) => markdown::parse(&page.text),
        Some(Rendering::Html) => html::parse(&page.text),
        // The Chinese copy's tab-separated tables; a page without them goes to the English text reader.
        Some(Rendering::Text) | None => zh_text::parse(&file, &page.text)?,
    };
    if zh::is_empty_data_types_page(&blocks) {
        return Ok((Page::DataTypes(Vec::new()), Some(Language::Chinese)));
    }
    let (blocks, language) = zh::to_english_vocabulary(blocks);
    Ok((interpret(&file, blocks, findings)?, language))
}

fn warnings_of(page: &PageInput, findings: Vec<Finding>) -> impl Iterator<Item = RegenWarning> + '_ {
    findings.into_iter().map(|f| RegenWarning {
        file: page.path.clone(),
        location: f.location,
        defect: f.defect,
        remedy: f.remedy,
        message: f.message,
    })
}

/// Regenerates one service from pages already in memory (what [`regen_service`] does after reading the folder).
pub fn regen_pages(pages: &[PageInput]) -> Result<Regenerated, RegenErrors> {
    let mut errors = Vec::new();
    let mut actions: Vec<(&PageInput, Box<ActionPage>)> = Vec::new();
    let mut types: Vec<(&PageInput, TypePage)> = Vec::new();
    let mut languages: HashMap<&Path, Language> = HashMap::new();
    // Per page: its own findings first, then its examples' (added when the action's spec is made).
    let mut page_warnings: Vec<Vec<RegenWarning>> = Vec::with_capacity(pages.len());
    for page in pages {
        let mut findings = Vec::new();
        match parse_page(page, &mut findings) {
            Ok((meaning, language)) => {
                if let Some(language) = language {
                    languages.insert(&page.path, language);
                }
                match meaning {
                    Page::Action(a) => actions.push((page, a)),
                    Page::DataTypes(ts) => types.extend(ts.into_iter().map(|t| (page, t))),
                }
            }
            Err(e) => errors.push(e),
        }
        page_warnings.push(warnings_of(page, findings).collect());
    }
    if !errors.is_empty() {
        return Err(RegenErrors(errors));
    }
    let Some((first_page, first)) = actions.first() else {
        return Err(RegenErrors(vec![RegenError::new(
            pages.first().map(|p| p.path.as_path()).unwrap_or(Path::new("docs")),
            Loc::Page,
            format!(
                "no action page among {} page(s): the service name and version come from an action page's \
                 Action/Version rows and domain",
                pages.len()
            ),
        )]));
    };
    let service = ServiceSpec {
        comment: Some(GENERATED_MARKER.to_owned()),
        service: first.domain.split('.').next().unwrap_or_default().to_owned(),
        version: first.version.clone(),
        domain: first.domain.clone(),
        language: one_language(&languages).map(|l| l.tag().to_owned()),
    };
    let svc = &service.service;
    if !tencentcloud_spec::is_service_name(svc) {
        errors.push(RegenError::new(
            &first_page.path,
            Loc::Page,
            format!("domain {:?}: expected <service>.tencentcloudapi.com with a lowercase service name", first.domain),
        ));
    }
    for (page, a) in &actions[1..] {
        if a.version != service.version || a.domain != service.domain {
            errors.push(RegenError::new(
                &page.path,
                &a.version_loc,
                format!(
                    "version {} on {} differs from version {} on {} ({}): expected one service per folder",
                    a.version,
                    a.domain,
                    service.version,
                    service.domain,
                    first_page.path.display()
                ),
            ));
        }
    }
    let mut seen: HashMap<&str, &Path> = HashMap::new();
    for (page, a) in &actions {
        if let Some(other) = seen.insert(&a.name, &page.path) {
            let message = match (languages.get(other), languages.get(page.path.as_path())) {
                // An English and a Chinese page of one action would merge two sites' versions of it silently.
                (Some(&first), Some(&second)) if first != second => format!(
                    "action {} has {} page ({}) and {} page ({}): expected one page per action, in one language; \
                     remove one of them",
                    a.name,
                    first.with_article(),
                    other.display(),
                    second.with_article(),
                    page.path.display()
                ),
                _ => {
                    format!("action {} is also documented by {}: expected one page per action", a.name, other.display())
                }
            };
            errors.push(RegenError::new(&page.path, Loc::Page, message));
        }
    }
    let mut seen: HashMap<&str, &Path> = HashMap::new();
    for (page, t) in &types {
        if let Some(other) = seen.insert(&t.name, &page.path)
            && other != page.path
        {
            errors.push(RegenError::new(
                &page.path,
                &t.loc,
                format!("data type {} is also documented by {}", t.name, other.display()),
            ));
        }
    }
    // Every data type a member names must be on some page.
    let type_names: HashSet<&str> = types.iter().map(|(_, t)| t.name.as_str()).collect();
    let check_refs = |page: &PageInput, members: &[ParsedMember], errors: &mut Vec<RegenError>| {
        for m in members {
            if let Some(name) = m.spec.type_ref.named()
                && !type_names.contains(name)
            {
                errors.push(RegenError::new(
                    &page.path,
                    &m.loc,
                    format!(
                        "member {}: data type {name} is defined on no page: expected a `{name}` table on a \
                             Data Types page in the same folder",
                        m.spec.name
                    ),
                ));
            }
        }
    };
    for (page, a) in &actions {
        check_refs(page, &a.request, &mut errors);
        check_refs(page, &a.response, &mut errors);
    }
    for (page, t) in &types {
        check_refs(page, &t.members, &mut errors);
    }
    if !errors.is_empty() {
        return Err(RegenErrors(errors));
    }

    // The type specs come first, with their usage filled in below: the usages and the examples are read from
    // their member lists, so the members are copied out of the pages once.
    let mut type_specs: Vec<TypeSpec> = types
        .iter()
        .map(|(page, t)| TypeSpec {
            comment: Some(GENERATED_MARKER.to_owned()),
            name: t.name.clone(),
            service: service.service.clone(),
            version: service.version.clone(),
            description: t.description.clone(),
            used_by: t.used_by.clone(),
            usage: Usage::Output,
            source: Some(source_of(page)),
            members: t.members.iter().map(|m| m.spec.clone()).collect(),
        })
        .collect();
    let type_members: TypeMembers<'_> = type_specs.iter().map(|t| (t.name.as_str(), t.members.as_slice())).collect();

    let usage = usages(&actions, &types, &type_members);
    let mut action_specs = Vec::with_capacity(actions.len());
    for (page, a) in &actions {
        let mut findings = Vec::new();
        action_specs.push(action_spec(page, a, &service, &type_members, &mut findings));
        let at = pages.iter().position(|p| std::ptr::eq(p, *page)).unwrap_or(0);
        page_warnings[at].extend(warnings_of(page, findings));
    }
    let warnings: Vec<RegenWarning> = page_warnings.into_iter().flatten().collect();
    action_specs.sort_by(|a, b| a.name.cmp(&b.name));
    for t in &mut type_specs {
        t.usage = usage.get(t.name.as_str()).copied().unwrap_or(Usage::Output);
    }
    type_specs.sort_by(|a, b| a.name.cmp(&b.name));

    // The loader's cross-file checks, on the specs about to be written: what regen writes must load.
    let check = Service {
        dir: PathBuf::new(),
        spec: service.clone(),
        actions: action_specs,
        types: type_specs,
        files: Vec::new(),
    };
    let problems = tencentcloud_spec::validate_service(&check);
    if !problems.is_empty() {
        return Err(RegenErrors(problems));
    }
    Ok(Regenerated {
        service,
        actions: check.actions,
        types: check.types,
        warnings,
        acknowledged: Vec::new(),
        pages: pages.len(),
    })
}

/// The language every page is in, or `None` when the folder mixes languages (or no page has a table).
fn one_language(languages: &HashMap<&Path, Language>) -> Option<Language> {
    let mut all = languages.values().copied();
    let first = all.next()?;
    all.all(|l| l == first).then_some(first)
}

/// `docs/<file name>`: where the page sits in a service folder laid out as `specs/<service>/<version>/docs/`.
fn source_of(page: &PageInput) -> String {
    let name = page.path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    format!("{}/{name}", tencentcloud_spec::DOCS_DIR)
}

/// A type is an input when its table has a Required column or a request reaches it, and an output when its table
/// has none or a response reaches it; both at once is [`Usage::Both`]. Reachability follows members through
/// data types, from the actions of this folder.
fn usages<'a, 'm>(
    actions: &'m [(&PageInput, Box<ActionPage>)],
    types: &'a [(&PageInput, TypePage)],
    type_members: &TypeMembers<'m>,
) -> HashMap<&'a str, Usage> {
    let reached = |roots: Vec<&'m str>| {
        let mut seen: HashSet<&str> = HashSet::new();
        let mut stack = roots;
        while let Some(name) = stack.pop() {
            if seen.insert(name)
                && let Some(ms) = type_members.get(name)
            {
                stack.extend(ms.iter().filter_map(|m| m.type_ref.named()));
            }
        }
        seen
    };
    let from = |pick: fn(&ActionPage) -> &Vec<ParsedMember>| {
        reached(actions.iter().flat_map(|(_, a)| pick(a).iter().filter_map(|m| m.spec.type_ref.named())).collect())
    };
    let from_requests = from(|a| &a.request);
    let from_responses = from(|a| &a.response);
    types
        .iter()
        .map(|(_, t)| {
            let input = t.has_required || from_requests.contains(t.name.as_str());
            let output = !t.has_required || from_responses.contains(t.name.as_str());
            let usage = match (input, output) {
                (true, true) => Usage::Both,
                (true, false) => Usage::Input,
                _ => Usage::Output,
            };
            (t.name.as_str(), usage)
        })
        .collect()
}

/// Why an example stays unparsed: its class, where on the page and what is wrong.
struct Unreadable {
    defect: Defect,
    loc: Loc,
    message: String,
}

impl Unreadable {
    fn json(loc: &Loc, what: &str, f: JsonFailure) -> Unreadable {
        let message = format!("example {what} is not valid JSON (column {}): {}", f.column, f.message);
        Unreadable { defect: f.defect, loc: loc.plus_lines(f.line), message }
    }
}

/// An example read into JSON, with the certain repairs it needed (not yet reported: an example whose other half
/// cannot be read is reported once, as unparsed).
struct ReadExample {
    request: Value,
    response: Value,
    repairs: Vec<Finding>,
}

fn repair_findings(loc: &Loc, what: &str, repairs: Vec<(Defect, usize)>, out: &mut Vec<Finding>) {
    for (defect, line) in repairs {
        let did = match defect {
            Defect::MissingComma => "put back the comma missing at the end of the line before",
            Defect::TrailingComma => "removed a comma before a closing bracket",
            Defect::ControlCharacter => "escaped a raw control character inside a string",
            Defect::MissingBracket => "closed the brackets still open at the end",
            _ => "repaired",
        };
        out.push(Finding::new(loc.plus_lines(line), defect, Remedy::Repaired, format!("example {what}: {did}")));
    }
}

fn read_example(
    ex: &RawExample,
    request_members: &[MemberSpec],
    types: &TypeMembers<'_>,
) -> Result<ReadExample, Unreadable> {
    let (request, response) = match (&ex.request, &ex.response) {
        (Some(q), Some(r)) => (q, r),
        (Some(q), None) => {
            return Err(Unreadable {
                defect: Defect::RequestWithoutResponse,
                loc: q.loc.clone(),
                message: "example request without a response after it".into(),
            });
        }
        (None, Some(r)) => {
            return Err(Unreadable {
                defect: Defect::ResponseWithoutRequest,
                loc: r.loc.clone(),
                message: "example response without a request (`POST / HTTP/1.1` or a GET URL) before it".into(),
            });
        }
        (None, None) => {
            return Err(Unreadable { defect: Defect::BrokenJson, loc: Loc::Page, message: "empty example".into() });
        }
    };
    let mut repairs = Vec::new();
    let request_value = match &request.input {
        ExampleInput::Json { text, loc } => {
            let parsed = parse_json(text).map_err(|f| Unreadable::json(loc, "request", f))?;
            if !parsed.value.is_object() {
                return Err(Unreadable {
                    defect: Defect::BrokenJson,
                    loc: loc.clone(),
                    message: "example request body: expected a JSON object".into(),
                });
            }
            repair_findings(loc, "request", parsed.repairs, &mut repairs);
            parsed.value
        }
        ExampleInput::Query { pairs, loc } => {
            let mut v =
                query_to_json(pairs).map_err(|(defect, message)| Unreadable { defect, loc: loc.clone(), message })?;
            coerce(&mut v, request_members, types);
            v
        }
    };
    let parsed = parse_json(&response.text).map_err(|f| Unreadable::json(&response.loc, "response", f))?;
    repair_findings(&response.loc, "response", parsed.repairs, &mut repairs);
    let response_value = match parsed.value {
        Value::Object(map) if map.contains_key("Response") => {
            if !map["Response"].is_object() {
                return Err(Unreadable {
                    defect: Defect::BrokenJson,
                    loc: response.loc.clone(),
                    message: "example response: expected a JSON object {\"Response\": {...}}".into(),
                });
            }
            Value::Object(map)
        }
        Value::Object(map) => {
            repairs.push(Finding::new(
                &response.loc,
                Defect::MissingEnvelope,
                Remedy::Repaired,
                "example response without the {\"Response\": ...} envelope: wrapped in one",
            ));
            let mut wrapped = Map::new();
            wrapped.insert("Response".to_owned(), Value::Object(map));
            Value::Object(wrapped)
        }
        _ => {
            return Err(Unreadable {
                defect: Defect::BrokenJson,
                loc: response.loc.clone(),
                message: "example response: expected a JSON object {\"Response\": {...}}".into(),
            });
        }
    };
    for (unclosed, loc) in [(request.unclosed, &request.loc), (response.unclosed, &response.loc)] {
        if !unclosed {
            continue;
        }
        repairs.push(Finding::new(
            loc,
            Defect::UnclosedBlock,
            Remedy::Repaired,
            "JSON block never closes before the end of the page: cut at its last closing bracket",
        ));
    }
    Ok(ReadExample { request: request_value, response: response_value, repairs })
}

fn action_spec(
    page: &PageInput,
    a: &ActionPage,
    service: &ServiceSpec,
    types: &TypeMembers<'_>,
    findings: &mut Vec<Finding>,
) -> ActionSpec {
    let request: Vec<MemberSpec> = a.request.iter().map(|m| m.spec.clone()).collect();
    let response: Vec<MemberSpec> = a.response.iter().map(|m| m.spec.clone()).collect();
    let mut examples = Vec::with_capacity(a.examples.len());
    let mut unparsed_examples = Vec::new();
    for ex in &a.examples {
        let read = match read_example(ex, &request, types) {
            Ok(read) => read,
            Err(u) => {
                let unclosed =
                    ex.request.as_ref().is_some_and(|r| r.unclosed) || ex.response.as_ref().is_some_and(|r| r.unclosed);
                let defect =
                    if unclosed && matches!(u.defect, Defect::BrokenJson) { Defect::UnclosedBlock } else { u.defect };
                let problem = format!("{defect}: {}: {}", u.loc, u.message);
                findings.push(Finding::new(&u.loc, defect, Remedy::Unparsed, u.message));
                unparsed_examples.push(UnparsedExample {
                    title: ex.title.clone(),
                    problem,
                    request: ex.request.as_ref().map(|r| r.text.clone()),
                    response: ex.response.as_ref().map(|r| r.text.clone()),
                });
                continue;
            }
        };
        findings.extend(read.repairs);
        let i = examples.len();
        let mut found = Vec::new();
        if let Some(body) = read.request.as_object() {
            let owner = format!("the request of {}", a.name);
            let path = format!("$.examples[{i}].request");
            undocumented_members(body, &request, &owner, types, &path, &mut found);
            let mut defects = Vec::new();
            request_defects(body, &request, types, &path, &mut defects);
            findings.extend(defects.into_iter().map(|(at, defect, message)| {
                Finding::new(at, defect, Remedy::Kept, format!("the request of {}: {message}", a.name))
            }));
        }
        if let Some(inner) = read.response.get("Response").and_then(Value::as_object) {
            // An error example carries `Error` instead of the documented members.
            let mut inner = inner.clone();
            inner.remove("Error");
            let owner = format!("the response of {}", a.name);
            let path = format!("$.examples[{i}].response.Response");
            undocumented_members(&inner, &response, &owner, types, &path, &mut found);
        }
        findings.extend(
            found.into_iter().map(|(at, message)| Finding::new(at, Defect::UndocumentedMember, Remedy::Kept, message)),
        );
        examples.push(ExampleSpec {
            title: ex.title.clone(),
            description: ex.description.clone(),
            headers: ex.request.as_ref().map(|r| r.headers.clone()).unwrap_or_default(),
            request: read.request,
            response: read.response,
        });
    }
    let mut spec = ActionSpec {
        comment: Some(GENERATED_MARKER.to_owned()),
        name: a.name.clone(),
        service: service.service.clone(),
        version: service.version.clone(),
        domain: service.domain.clone(),
        region_required: a.region_required,
        rate_limit_per_second: a.rate_limit_per_second,
        streaming: None,
        description: a.description.clone(),
        source: Some(source_of(page)),
        request,
        response,
        errors: a.errors.clone(),
        examples,
        unparsed_examples,
    };
    spec.streaming = tencentcloud_spec::streaming::detect(&spec);
    spec
}
