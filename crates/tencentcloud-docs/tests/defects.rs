//! One small page per documentation defect class the published pages have: each test asserts the located warning
//! (page, line or element, class, remedy) and the spec regen makes of the page. Tables are the contract, so none
//! of these fails the run; a defect in a table still does (see errors.rs).

use std::path::PathBuf;

use serde_json::json;
use tencentcloud_docs::{Defect, PageInput, RegenWarning, Regenerated, Remedy, regen_pages};
use tencentcloud_spec::ActionSpec;

const DATA_TYPES: &str = "\
Filter
A filter.
Used by actions: DescribeThings.
Name | Type | Required | Description |
---|---|---|---|
Name | String | Yes | Filter name. |
Values | Array of String | Yes | Filter values. |
";

/// An action page whose description and examples are `description` and `examples`.
fn action_page(description: &str, examples: &str) -> String {
    format!(
        "Domain name for API request: demo.tencentcloudapi.com.\n\
         {description}\n\
         A maximum of 20 requests can be initiated per second for this API.\n\
         Parameter Name | Required | Type | Description |\n\
         ---|---|---|---|\n\
         Action | Yes | String | Common Params. The value used for this API: DescribeThings. |\n\
         Version | Yes | String | Common Params. The value used for this API: 2020-01-01. |\n\
         Region | No | String | Common Params. This parameter is not required for this API. |\n\
         Limit | No | Integer | How many. |\n\
         Filters.N | No | Array of Filter | Filters. |\n\
         Parameter Name | Type | Description |\n\
         ---|---|---|\n\
         Total | Integer | How many there are. |\n\
         RequestId | String | The request ID. |\n\
         {examples}\n\
         TencentCloud API 3.0 integrates SDKs that support various programming languages.\n\
         Error Code | Description |\n\
         ---|---|\n\
         InvalidParameter | Parameter error. |\n"
    )
}

const POST: &str =
    "POST / HTTP/1.1\nHost: demo.tencentcloudapi.com\nX-TC-Action: DescribeThings\n<Common request parameters>";

fn regen(page: &str) -> Regenerated {
    let pages = [
        PageInput { path: PathBuf::from("DescribeThings.txt"), text: page.to_owned() },
        PageInput { path: PathBuf::from("DataTypes.txt"), text: DATA_TYPES.to_owned() },
    ];
    regen_pages(&pages).unwrap_or_else(|e| panic!("{e}"))
}

fn action(r: &Regenerated) -> &ActionSpec {
    &r.actions[0]
}

/// The one warning of `class`, asserting there is exactly one.
fn the(r: &Regenerated, class: Defect) -> &RegenWarning {
    let found: Vec<&RegenWarning> = r.warnings.iter().filter(|w| w.defect == class).collect();
    let [w] = found[..] else { panic!("expected one {class} warning in {:?}", r.warnings) };
    assert_eq!(w.file, PathBuf::from("DescribeThings.txt"));
    w
}

fn examples(request: &str, response: &str) -> String {
    format!("{POST}\n{request}\n{response}")
}

const GOOD_RESPONSE: &str = "{\n\"Response\": {\n\"Total\": 1,\n\"RequestId\": \"r\"\n}\n}";

#[test]
fn a_clean_page_gives_no_warning() {
    let r = regen(&action_page("Lists things.", &examples("{\n\"Limit\": 1\n}", GOOD_RESPONSE)));
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
    assert_eq!(action(&r).examples[0].request, json!({"Limit": 1}));
}

#[test]
fn a_prose_line_inside_json_keeps_the_example_unparsed() {
    let r = regen(&action_page(
        "Lists things.",
        &examples(
            "{\n\"Limit\": 1\n}",
            "{\n\"Response\": {\n\"Total\": 1,\nHello, happy to serve you.\n\"RequestId\": \"r\"\n}\n}",
        ),
    ));
    let w = the(&r, Defect::ProseInJson);
    // Lines: 1 domain, 2 description, 3 limit, 4-10 request table, 11-14 response table, 15-21 request, 22 `{`.
    assert_eq!((w.location.as_str(), w.remedy), ("line 25", Remedy::Unparsed));
    let a = action(&r);
    assert!(a.examples.is_empty());
    let u = &a.unparsed_examples[0];
    assert_eq!(u.title, "Example1");
    assert!(u.problem.starts_with("prose-in-json: line 25: "), "{}", u.problem);
    assert!(u.response.as_deref().unwrap().contains("Hello, happy to serve you."));
    assert!(u.request.as_deref().unwrap().starts_with("POST / HTTP/1.1"));
}

#[test]
fn trailing_and_missing_commas_are_repaired_and_counted() {
    let r = regen(&action_page(
        "Lists things.",
        &examples("{\n\"Limit\": 1,\n}", "{\n\"Response\": {\n\"Total\": 1\n\"RequestId\": \"r\"\n}\n}"),
    ));
    assert_eq!(the(&r, Defect::TrailingComma).remedy, Remedy::Repaired);
    assert_eq!(the(&r, Defect::MissingComma).location, "line 25");
    let ex = &action(&r).examples[0];
    assert_eq!(ex.request, json!({"Limit": 1}));
    assert_eq!(ex.response, json!({"Response": {"Total": 1, "RequestId": "r"}}));
}

#[test]
fn missing_closing_braces_are_put_back() {
    let r = regen(&action_page(
        "Lists things.",
        &examples("{\n\"Limit\": 1\n}", "{\n\"Response\": {\n\"Total\": 1,\n\"RequestId\": \"r\"\n}"),
    ));
    // The block is cut where the closing text starts, then the brace left open is closed.
    assert_eq!(the(&r, Defect::UnclosedBlock).remedy, Remedy::Repaired);
    assert_eq!(the(&r, Defect::MissingBracket).remedy, Remedy::Repaired);
    assert_eq!(action(&r).examples[0].response, json!({"Response": {"Total": 1, "RequestId": "r"}}));
    // The error-code table after the example is still read.
    assert_eq!(action(&r).errors[0].code, "InvalidParameter");
}

#[test]
fn a_control_character_in_a_string_is_escaped() {
    let r = regen(&action_page(
        "Lists things.",
        &examples("{\n\"Limit\": 1\n}", "{\n\"Response\": {\n\"Total\": 1,\n\"RequestId\": \"r\tx\"\n}\n}"),
    ));
    assert_eq!(the(&r, Defect::ControlCharacter).remedy, Remedy::Repaired);
    assert_eq!(action(&r).examples[0].response["Response"]["RequestId"], "r\tx");
}

#[test]
fn a_block_that_never_closes_ends_before_the_error_codes_and_stays_unparsed_when_mismatched() {
    let r = regen(&action_page(
        "Lists things.",
        &examples("{\n\"Limit\": 1\n}", "{\n\"Response\": {\n\"Total\": [1,\n\"RequestId\": \"r\"\n}\n}"),
    ));
    let w = the(&r, Defect::UnclosedBlock);
    assert_eq!((w.location.as_str(), w.remedy), ("line 25", Remedy::Unparsed));
    assert_eq!(action(&r).unparsed_examples.len(), 1);
    assert_eq!(action(&r).errors.len(), 1);
}

#[test]
fn a_response_without_the_envelope_is_wrapped() {
    let r = regen(&action_page(
        "Lists things.",
        &examples("{\n\"Limit\": 1\n}", "{\n\"Total\": 1,\n\"RequestId\": \"r\"\n}"),
    ));
    let w = the(&r, Defect::MissingEnvelope);
    assert_eq!((w.location.as_str(), w.remedy), ("line 22", Remedy::Repaired));
    assert_eq!(action(&r).examples[0].response, json!({"Response": {"Total": 1, "RequestId": "r"}}));
}

#[test]
fn a_response_without_a_request_and_a_request_without_a_response_stay_unparsed() {
    let r = regen(&action_page("Lists things.", GOOD_RESPONSE));
    let w = the(&r, Defect::ResponseWithoutRequest);
    assert_eq!((w.location.as_str(), w.remedy), ("line 15", Remedy::Unparsed));
    let u = &action(&r).unparsed_examples[0];
    assert!(u.request.is_none() && u.response.is_some());

    let r = regen(&action_page("Lists things.", &format!("{POST}\n{{\n\"Limit\": 1\n}}")));
    let w = the(&r, Defect::RequestWithoutResponse);
    assert_eq!((w.location.as_str(), w.remedy), ("line 15", Remedy::Unparsed));
    let u = &action(&r).unparsed_examples[0];
    assert!(u.request.is_some() && u.response.is_none());
}

#[test]
fn a_request_body_without_its_request_line_pairs_with_the_response_after_it() {
    let r = regen(&action_page("Lists things.", &format!("{{\n\"Limit\": 1\n}}\n{GOOD_RESPONSE}")));
    assert_eq!(the(&r, Defect::BareRequestBody).location, "line 15");
    assert_eq!(action(&r).examples[0].request, json!({"Limit": 1}));
}

#[test]
fn get_examples_that_repeat_a_parameter_or_contradict_a_path_stay_unparsed() {
    let url = |q: &str| {
        format!(
            "https://demo.tencentcloudapi.com/?Action=DescribeThings\n{q}\n&<Common request parameters>\n{GOOD_RESPONSE}"
        )
    };
    let r = regen(&action_page("Lists things.", &url("&Filters.0.Values.0=a\n&Filters.0.Values.0=b")));
    assert_eq!(the(&r, Defect::RepeatedQueryParameter).remedy, Remedy::Unparsed);
    let r = regen(&action_page("Lists things.", &url("&Filters.0.Name=a\n&Filters.Name=b")));
    assert_eq!(the(&r, Defect::QueryShape).remedy, Remedy::Unparsed);
    // A URL whose query starts on the next line is still a request; values get their members' types.
    let r = regen(&action_page(
        "Lists things.",
        &format!("https://demo.tencentcloudapi.com/\n?Action=DescribeThings\n&Limit=10\n{GOOD_RESPONSE}"),
    ));
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
    assert_eq!(action(&r).examples[0].request, json!({"Limit": 10}));
}

#[test]
fn a_table_in_the_description_stays_there_as_markdown_even_with_an_error_code_header() {
    let description = "Lists things.\n\
        Error Code | Inner Code | Description | Handling Suggestion |\n\
        ---|---|---|---|\n\
        `MissingParameter.Id` | 1030001 | Lack of Id | Pass <b>Id</b> |";
    let r = regen(&action_page(description, &examples("{\n\"Limit\": 1\n}", GOOD_RESPONSE)));
    let w = the(&r, Defect::DescriptionTable);
    assert_eq!((w.location.as_str(), w.remedy), ("line 3", Remedy::Converted));
    assert_eq!(
        action(&r).description,
        "Lists things.\n\n\
         | Error Code | Inner Code | Description | Handling Suggestion |\n\
         | --- | --- | --- | --- |\n\
         | `MissingParameter.Id` | 1030001 | Lack of Id | Pass **Id** |"
    );
    assert_eq!(action(&r).request.len(), 2, "the description table is no parameter table");
}

#[test]
fn html_in_cells_and_prose_becomes_commonmark() {
    let page = action_page(
        "Lists things.<br>See <a href=\"https://example.com/doc\">the guide</a>.",
        &examples("{\n\"Limit\": 1\n}", GOOD_RESPONSE),
    )
    .replace(
        "| How many. |",
        "| How many:<ul><li>1: one</li><li>2: <code>two</code></li></ul>&quot;Any&quot; <other> value. |",
    );
    let r = regen(&page);
    let markup: Vec<&str> =
        r.warnings.iter().filter(|w| w.defect == Defect::HtmlMarkup).map(|w| w.location.as_str()).collect();
    assert_eq!(markup, ["line 2", "line 9"]);
    assert!(r.warnings.iter().all(|w| w.remedy == Remedy::Converted));
    let a = action(&r);
    assert_eq!(a.description, "Lists things.\\\nSee [the guide](https://example.com/doc).");
    assert_eq!(a.request[0].description, "How many:\n\n- 1: one\n- 2: `two`\n\n\"Any\" \\<other> value.");
}

#[test]
fn an_empty_data_types_page_is_a_service_with_no_types() {
    let pages = [
        PageInput {
            path: PathBuf::from("SendThing.txt"),
            text: action_page("Sends.", "").replace("Filters.N | No | Array of Filter | Filters. |\n", ""),
        },
        PageInput { path: PathBuf::from("DataTypes.txt"), text: "\n".to_owned() },
    ];
    let r = regen_pages(&pages).unwrap_or_else(|e| panic!("{e}"));
    assert!(r.types.is_empty());
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
}

#[test]
fn an_error_code_with_a_full_stop_is_read_without_it() {
    let page = action_page("Lists things.", "")
        .replace("InvalidParameter | Parameter error. |", "UnsupportedOperation. | Not supported. |");
    let r = regen(&page);
    assert_eq!(the(&r, Defect::ErrorCodeFullStop).remedy, Remedy::Repaired);
    assert_eq!(action(&r).errors[0].code, "UnsupportedOperation");
}

#[test]
fn an_undocumented_example_member_stays_a_warning_with_its_json_path() {
    let r = regen(&action_page("Lists things.", &examples("{\n\"Limit\": 1,\n\"Colour\": \"red\"\n}", GOOD_RESPONSE)));
    let w = the(&r, Defect::UndocumentedMember);
    assert_eq!((w.location.as_str(), w.remedy), ("$.examples[0].request.Colour", Remedy::Kept));
    assert_eq!(action(&r).examples[0].request["Colour"], "red");
}

#[test]
fn the_report_counts_by_class_and_is_deterministic() {
    let page =
        action_page("Lists things.", &examples("{\n\"Limit\": 1,\n}", "{\n\"Total\": 1\n\"RequestId\": \"r\"\n}"));
    let r = regen(&page);
    let report = &r.files()[std::path::Path::new(tencentcloud_docs::REPORT_FILE)];
    let v: serde_json::Value = serde_json::from_slice(report).unwrap();
    assert_eq!(v["counts"], json!({"missing-comma": 1, "trailing-comma": 1, "missing-envelope": 1}));
    assert_eq!(v["warnings"][0]["page"], "DescribeThings.txt");
    assert_eq!(v["warnings"][0]["defect"], "trailing-comma");
    assert_eq!(v["warnings"][0]["remedy"], "repaired");
    assert_eq!(&regen(&page).files()[std::path::Path::new(tencentcloud_docs::REPORT_FILE)], report);
}

#[test]
fn a_request_that_leaves_out_a_required_member_or_sends_the_wrong_kind_is_a_warning() {
    let request = "{\n\"Limit\": {\"Max\": 1},\n\"Filters\": [{\"Values\": [\"a\", 2]}]\n}";
    let r = regen(&action_page("Lists things.", &examples(request, GOOD_RESPONSE)));
    assert_eq!(the(&r, Defect::MissingRequiredMember).location, "$.examples[0].request.Filters[0].Name");
    let mismatches: Vec<&str> =
        r.warnings.iter().filter(|w| w.defect == Defect::ExampleTypeMismatch).map(|w| w.location.as_str()).collect();
    assert_eq!(mismatches, ["$.examples[0].request.Limit", "$.examples[0].request.Filters[0].Values[1]"]);
    assert!(r.warnings.iter().all(|w| w.remedy == Remedy::Kept));
    // The example stays typed, as the page wrote it: the sandbox refuses it, as it would refuse the call.
    assert_eq!(action(&r).examples[0].request["Limit"], json!({"Max": 1}));
    // A number or boolean written as a string is what the service accepts too: no warning.
    let r = regen(&action_page("Lists things.", &examples("{\n\"Limit\": \"10\"\n}", GOOD_RESPONSE)));
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
}
