//! The expansion of `tencentcloud_codegen::service!`: a folder of specs in, the service's Rust items out.
//!
//! This is a plain library (it uses `proc_macro2`, never `proc_macro`), so the proc-macro crate is a thin shell
//! around [`expand_service`], and `cargo xtask expand` and the tests call the same function and see exactly what
//! the macro generates. See the `tencentcloud-codegen` crate docs for what is generated and why.

mod client;
mod codec;
mod data_types;
mod docs;
mod error_codes;
mod examples;
mod naming;
mod operations;
mod paginators;
mod rust_types;
mod secrets;
mod streams;
mod structs;

use std::collections::HashMap;
use std::path::Path;

use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};
use tencentcloud_spec::{MemberSpec, Scalar, Service, SpecError, SpecErrors, TypeRef, Usage};

/// Reads the specs in `manifest_dir/relative` and generates the service's items, or every problem found, each
/// naming its spec file (relative to `manifest_dir`) and the JSON path inside it.
pub fn expand_service(manifest_dir: &Path, relative: &str, span: Span) -> syn::Result<TokenStream> {
    expand_selected(manifest_dir, relative, None, span)
}

/// The macro's input: `"specs/2017-03-12"`, optionally followed by `, actions = ["DescribeInstances", ...]`.
pub struct MacroInput {
    /// The spec folder, relative to the calling crate's manifest.
    pub folder: syn::LitStr,
    /// The actions to generate, when only some are wanted.
    pub actions: Option<Vec<syn::LitStr>>,
}

impl syn::parse::Parse for MacroInput {
    fn parse(input: syn::parse::ParseStream<'_>) -> syn::Result<Self> {
        let folder: syn::LitStr = input.parse()?;
        let mut actions = None;
        if input.parse::<Option<syn::Token![,]>>()?.is_some() && !input.is_empty() {
            let key: Ident = input.parse()?;
            if key != "actions" {
                return Err(syn::Error::new(key.span(), "expected `actions = [\"Action\", ...]`"));
            }
            input.parse::<syn::Token![=]>()?;
            let list;
            syn::bracketed!(list in input);
            let names = syn::punctuated::Punctuated::<syn::LitStr, syn::Token![,]>::parse_terminated(&list)?;
            actions = Some(names.into_iter().collect());
            input.parse::<Option<syn::Token![,]>>()?;
        }
        if !input.is_empty() {
            return Err(input.error("unexpected input after the macro's arguments"));
        }
        Ok(MacroInput { folder, actions })
    }
}

/// [`expand_service`] for the macro's whole input: with `actions = [...]`, only those actions are generated, with
/// the data types they reach, so a program that uses three actions of a big service compiles three.
pub fn expand_input(manifest_dir: &Path, input: &MacroInput) -> syn::Result<TokenStream> {
    let names = input.actions.as_ref().map(|list| list.iter().map(|l| (l.value(), l.span())).collect::<Vec<_>>());
    expand_selected(manifest_dir, &input.folder.value(), names.as_deref(), input.folder.span())
}

fn expand_selected(
    manifest_dir: &Path,
    relative: &str,
    selected: Option<&[(String, Span)]>,
    span: Span,
) -> syn::Result<TokenStream> {
    let dir = manifest_dir.join(relative);
    let shown = |path: &Path| -> String {
        path.strip_prefix(manifest_dir).unwrap_or(path).display().to_string().replace('\\', "/")
    };
    let mut service = tencentcloud_spec::load_service(&dir).map_err(|SpecErrors(errors)| {
        combine(span, errors.into_iter().map(|e| SpecError { path: shown(&e.path).into(), ..e }.to_string()))
    })?;
    if let Some(selected) = selected {
        select_actions(&mut service, selected)?;
    }
    let mut cx = Context { service: &service, shown: &shown, errors: Vec::new() };
    let tokens = cx.expand();
    if cx.errors.is_empty() { Ok(tokens) } else { Err(combine(span, cx.errors.into_iter())) }
}

/// Keeps the `selected` actions and the data types they reach; an unknown name is an error at its own span, with
/// the nearest names the service has.
fn select_actions(service: &mut Service, selected: &[(String, Span)]) -> syn::Result<()> {
    let unknown = selected.iter().filter(|(name, _)| service.actions.iter().all(|a| a.name != *name));
    let mut error: Option<syn::Error> = None;
    for (name, span) in unknown {
        let lower = name.to_ascii_lowercase();
        let close: Vec<&str> = service
            .actions
            .iter()
            .map(|a| a.name.as_str())
            .filter(|a| {
                let a = a.to_ascii_lowercase();
                a.contains(&lower) || lower.contains(&a)
            })
            .take(3)
            .collect();
        let hint = if close.is_empty() { String::new() } else { format!(" (did you mean {}?)", close.join(", ")) };
        let e = syn::Error::new(*span, format!("{} has no action {name:?}{hint}", service.spec.service));
        match &mut error {
            Some(all) => all.combine(e),
            None => error = Some(e),
        }
    }
    if let Some(error) = error {
        return Err(error);
    }
    service.actions.retain(|a| selected.iter().any(|(name, _)| *name == a.name));
    let mut reached: std::collections::HashSet<String> = std::collections::HashSet::new();
    let mut pending: Vec<&TypeRef> =
        service.actions.iter().flat_map(|a| a.request.iter().chain(&a.response)).map(|m| &m.type_ref).collect();
    while let Some(type_ref) = pending.pop() {
        if let Some(name) = type_ref.element().named()
            && reached.insert(name.to_owned())
            && let Some(ty) = service.types.iter().find(|t| t.name == name)
        {
            pending.extend(ty.members.iter().map(|m| &m.type_ref));
        }
    }
    service.types.retain(|t| reached.contains(&t.name));
    Ok(())
}

/// One `syn::Error` holding every message, so the compiler prints them all.
fn combine(span: Span, messages: impl Iterator<Item = String>) -> syn::Error {
    let mut all: Option<syn::Error> = None;
    for m in messages {
        let e = syn::Error::new(span, m);
        match &mut all {
            Some(all) => all.combine(e),
            None => all = Some(e),
        }
    }
    all.unwrap_or_else(|| syn::Error::new(span, "spec folder failed to load"))
}

pub(crate) struct Context<'a> {
    service: &'a Service,
    shown: &'a dyn Fn(&Path) -> String,
    errors: Vec<String>,
}

/// Which rules a struct's members follow; see `Member::optional`.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    Request,
    Response,
    Data(Usage),
}

/// One member, resolved to Rust.
pub(crate) struct Member<'a> {
    pub spec: &'a MemberSpec,
    pub ident: Ident,
    /// `Option<T>`: omitted when `None` on the way out, `None` when missing or null on the way in.
    pub optional: bool,
    /// The type without the `Option`.
    pub ty: TokenStream,
    /// `ty` without the `Box` of a member through which a type contains itself.
    pub unboxed: TokenStream,
    pub boxed: bool,
    /// For an array member, the element type (setters push one element).
    pub element: Option<TokenStream>,
    pub sensitive: bool,
}

impl Member<'_> {
    /// The field's declared type.
    pub fn field_type(&self) -> TokenStream {
        let ty = &self.ty;
        if self.optional { quote!(::core::option::Option<#ty>) } else { ty.clone() }
    }

    /// The type a setter takes: the field's type without `Option` or `Box`.
    pub fn inner_type(&self) -> &TokenStream {
        &self.unboxed
    }

    /// `value` as the field stores it (boxed for a self-containing member).
    pub fn wrap_boxed(&self, value: TokenStream) -> TokenStream {
        if self.boxed { quote!(::std::boxed::Box::new(#value)) } else { value }
    }
}

impl<'a> Context<'a> {
    fn error(&mut self, path: &Path, at: &str, message: impl std::fmt::Display) {
        self.errors.push(SpecError::new((self.shown)(path), at, message.to_string()).to_string());
    }

    fn expand(&mut self) -> TokenStream {
        let service = self.service;
        let boxed = tencentcloud_spec::cycles::boxed_members(&service.types);

        let mut types = TokenStream::new();
        for ty in &service.types {
            let path = service.type_path(&ty.name);
            let members = self.members(&path, "$.members", &ty.members, Role::Data(ty.usage), |name| {
                boxed.contains(&(ty.name.as_str(), name))
            });
            types.extend(data_types::data_type(service, ty, &members));
        }

        let mut operations = TokenStream::new();
        let mut client_methods = Vec::new();
        let mut method_names: HashMap<String, String> = HashMap::new();
        for name in ["new", "builder", "core", "send"] {
            method_names.insert(name.into(), "a generated method".into());
        }
        for action in &service.actions {
            let path = service.action_path(&action.name);
            let method = naming::snake_ident(&action.name).unwrap_or_else(|| format_ident!("action"));
            if let Some(other) = method_names.insert(method.to_string(), format!("action {:?}", action.name)) {
                self.error(
                    &path,
                    "$.name",
                    format!("becomes the client method and module `{method}`, which {other} already uses"),
                );
            }
            let request = self.members(&path, "$.request", &action.request, Role::Request, |_| false);
            let response = self.members(&path, "$.response", &action.response, Role::Response, |_| false);
            self.check_builder_names(&path, &request);
            let mut operation = operations::action(service, action, &request, &response);
            match error_codes::enumeration(action) {
                Ok(tokens) => operation.extend(tokens),
                Err((at, msg)) => self.error(&path, &at, msg),
            }
            let doc = docs::doc_attrs(&format!(
                "`{}`: the request, response, builder and error codes of `Client::{method}`.",
                action.name
            ));
            operations.extend(quote! { #doc pub mod #method { #operation } });
            client_methods.push(client::client_method(service, action, &method, &request));
        }
        let client = client::client(service, &client_methods);
        let service_items = self.service_items();
        let examples = examples::tests(service);
        let rebuild_triggers = self.rebuild_triggers();
        let version = env!("CARGO_PKG_VERSION");
        quote! {
            const _: () = ::tencentcloud_core::codegen_support::expect_generator(#version);
            pub use ::tencentcloud_core::{Action, ClientBuilder, Credentials, Error, Language, RetryConfig};
            pub use ::tencentcloud_core::codegen_support::CommonErrorCode;
            #service_items
            #client
            /// The service's data types, one struct per type on the Data Types page.
            pub mod types { #types }
            /// One module per action: its request, response, builder and error codes.
            pub mod operation { #operations }
            #examples
            #rebuild_triggers
        }
    }

    /// `SERVICE`, the `ServiceInfo` every action points to.
    fn service_items(&self) -> TokenStream {
        let spec = &self.service.spec;
        let (name, version, domain) = (&spec.service, &spec.version, &spec.domain);
        let doc = docs::doc_attrs(&format!(
            "The service these actions belong to: `{name}`, version `{version}`, at `{domain}`."
        ));
        quote! {
            #doc
            pub static SERVICE: ::tencentcloud_core::ServiceInfo =
                ::tencentcloud_core::ServiceInfo { name: #name, version: #version, domain: #domain };
        }
    }

    /// `include_bytes!` of every spec file, so editing one recompiles the crate even without a build script.
    /// (Added and deleted files need the client crate's build script; see the crate docs.) Paths are written
    /// relative to the calling crate's `CARGO_MANIFEST_DIR`, so the expansion does not depend on the checkout.
    fn rebuild_triggers(&self) -> TokenStream {
        let files = self.service.files.iter().filter(|f| f.is_file()).map(|f| {
            let shown = (self.shown)(f);
            if Path::new(&shown).is_absolute() {
                quote!(include_bytes!(#shown))
            } else {
                let relative = format!("/{shown}");
                quote!(include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), #relative)))
            }
        });
        quote! { #( const _: &[u8] = #files; )* }
    }

    fn members<'m>(
        &mut self,
        path: &Path,
        at: &str,
        specs: &'m [MemberSpec],
        role: Role,
        boxed: impl Fn(&str) -> bool,
    ) -> Vec<Member<'m>> {
        let mut seen: HashMap<String, &str> = HashMap::new();
        let mut out = Vec::new();
        for (i, spec) in specs.iter().enumerate() {
            let Some(ident) = naming::snake_ident(&spec.name) else {
                self.error(path, &format!("{at}[{i}].name"), format!("{:?} has no letters or digits", spec.name));
                continue;
            };
            // The published tables hold pairs like `AppID` and `AppId`: both are real wire names the API takes,
            // so the later one gets the first free `_2`, `_3`, ... suffix, in page order, rather than no field.
            let ident = naming::first_free(&ident, |candidate| !seen.contains_key(candidate));
            seen.insert(ident.to_string(), &spec.name);
            let boxed = matches!(spec.type_ref, TypeRef::Named(_)) && boxed(&spec.name);
            // A member through which a type contains itself is always optional: a value must be able to end, and
            // `Default` for a required one would recurse forever.
            let optional = boxed
                || match role {
                    Role::Request | Role::Data(Usage::Input) => !spec.required,
                    Role::Response | Role::Data(Usage::Output) => spec.nullable,
                    Role::Data(Usage::Both) => !spec.required || spec.nullable,
                };
            // Data types name each other from inside `types`; actions from inside `operation::<action>`.
            let types_path = match role {
                Role::Data(_) => quote!(self),
                Role::Request | Role::Response => quote!(super::super::types),
            };
            let unboxed = rust_types::rust_type(&spec.type_ref, &types_path);
            let ty = if boxed { quote!(::std::boxed::Box<#unboxed>) } else { unboxed.clone() };
            let element = match &spec.type_ref {
                TypeRef::Array(inner) => Some(rust_types::rust_type(inner, &types_path)),
                _ => None,
            };
            let sensitive = secrets::is_sensitive(&spec.name)
                && !matches!(
                    spec.type_ref.element(),
                    TypeRef::Scalar(Scalar::Integer | Scalar::Float | Scalar::Boolean)
                );
            out.push(Member { spec, ident, optional, ty, unboxed, boxed, element, sensitive });
        }
        out
    }

    /// A builder has `build` and `send`, a setter per member and `set_<member>` for arrays; none may collide.
    fn check_builder_names(&mut self, path: &Path, request: &[Member]) {
        let mut used: HashMap<String, String> = HashMap::new();
        for name in operations::BUILDER_OWN_METHODS {
            used.insert(name.into(), "the builder's own method".into());
        }
        for (i, m) in request.iter().enumerate() {
            for name in operations::setter_names(m) {
                if let Some(other) = used.insert(name.clone(), format!("member {:?}", m.spec.name)) {
                    self.error(
                        path,
                        &format!("$.request[{i}].name"),
                        format!(
                            "member {:?} needs the builder method `{name}`, which {other} already uses",
                            m.spec.name
                        ),
                    );
                }
            }
        }
    }
}

/// The method name of an action or member (`r#type` for `Type`), for code xtask writes into crate READMEs.
pub fn method_name(name: &str) -> String {
    naming::snake_ident(name).map(|i| i.to_string()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A folder with one data type and one action, every name (type, action, member, error code) set to `name`
    /// where the loader allows it.
    fn spec_folder(dir: &Path, name: &str) {
        let type_ok = tencentcloud_spec::is_type_name(name);
        let action = if type_ok { name.to_owned() } else { "DoThing".to_owned() };
        let member_type = if type_ok { name } else { "String" };
        let write = |rel: &str, value: serde_json::Value| {
            let path = dir.join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, serde_json::to_vec_pretty(&value).unwrap()).unwrap();
        };
        let common = |extra: serde_json::Value| {
            let mut v = serde_json::json!({"service": "demo", "version": "1", "description": "x"});
            v.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
            v
        };
        let member = |ty: &str| serde_json::json!({"name": name, "type": ty, "description": "x"});
        write("service.json", serde_json::json!({"service": "demo", "version": "1", "domain": "demo.example.com"}));
        if type_ok {
            write(
                &format!("types/{name}.json"),
                common(serde_json::json!({"name": name, "usage": "both", "members": [member("Integer")]})),
            );
        }
        let rid = serde_json::json!({"name": "RequestId", "type": "String", "description": "x"});
        let response = if name == "RequestId" { vec![rid] } else { vec![member(member_type), rid] };
        write(
            &format!("actions/{action}.json"),
            common(serde_json::json!({
                "name": action, "domain": "demo.example.com", "region_required": false,
                "request": [member(member_type)], "response": response,
                "errors": [{"code": name, "description": "x"}, {"code": format!("InvalidParameter.{name}"), "description": "x"}],
            })),
        );
    }

    /// The published tables hold member pairs such as `AppID`/`AppId` that map to one Rust name; both are real wire
    /// names, so both get a field (the later one numbered) and each keeps its own wire name.
    #[test]
    fn members_that_would_share_a_field_name_get_numbered_ones_in_page_order() {
        let dir = std::env::temp_dir().join(format!("codegen-collide-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let write = |rel: &str, value: serde_json::Value| {
            let path = dir.join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, serde_json::to_vec_pretty(&value).unwrap()).unwrap();
        };
        let members = |names: &[&str]| -> serde_json::Value {
            names.iter().map(|n| serde_json::json!({"name": n, "type": "String", "description": "x"})).collect()
        };
        write("service.json", serde_json::json!({"service": "demo", "version": "1", "domain": "demo.example.com"}));
        write(
            "types/File.json",
            serde_json::json!({"name": "File", "service": "demo", "version": "1", "description": "x", "usage": "output",
                "members": members(&["AppID", "AppId", "AppId2"])}),
        );
        write(
            "actions/DescribeFiles.json",
            serde_json::json!({"name": "DescribeFiles", "service": "demo", "version": "1", "description": "x",
                "domain": "demo.example.com", "region_required": false,
                "request": members(&["IPv6Addresses", "Ipv6Addresses"]),
                "response": [{"name": "Files", "type": "Array of File", "description": "x"},
                             {"name": "RequestId", "type": "String", "description": "x"}]}),
        );
        let tokens = expand_service(&dir, ".", Span::call_site()).unwrap().to_string();
        let _ = std::fs::remove_dir_all(&dir);
        for field in
            ["pub app_id :", "pub app_id_2 :", "pub app_id2 :", "pub ipv6_addresses :", "pub ipv6_addresses_2 :"]
        {
            assert!(tokens.contains(field), "no `{field}` in the expansion");
        }
        for wire in ["\"AppID\"", "\"AppId\"", "\"AppId2\"", "\"IPv6Addresses\"", "\"Ipv6Addresses\""] {
            assert!(tokens.contains(wire), "the wire name {wire} is lost");
        }
    }

    /// Whatever names a spec uses, the expansion returns tokens that parse as Rust, or errors that each name the
    /// spec file and a JSON path; it never panics (a panic in a proc-macro is an unhelpful compiler error).
    #[test]
    fn awkward_names_expand_or_fail_with_a_located_error_never_a_panic() {
        let names = [
            "_",
            "__",
            "_1",
            "A",
            "a",
            "s",
            "S",
            "R",
            "r",
            "Self",
            "self",
            "SELF",
            "Crate",
            "super",
            "Super",
            "Type",
            "async",
            "Await",
            "gen",
            "Gen",
            "Dyn",
            "Try",
            "Union",
            "Option",
            "Result",
            "Default",
            "String",
            "Vec",
            "Box",
            "Client",
            "SERVICE",
            "Lenient",
            "Other",
            "None",
            "Some",
            "Ok",
            "Err",
            "Build",
            "Send",
            "New",
            "Core",
            "Builder",
            "X_",
            "A__B",
            "IPv6",
            "IDs",
            "V6",
            "RequestId",
            "Request",
            "ErrorCode",
            "Into",
            "Fn",
            "Sized",
            "Serialize",
            "Deserialize",
            "PhantomData",
            "__private",
            "Debug",
        ];
        let root = std::env::temp_dir().join(format!("tencentcloud-codegen-names-{}", std::process::id()));
        let mut expanded = 0;
        for (i, name) in names.iter().enumerate() {
            let dir = root.join(i.to_string());
            let _ = std::fs::remove_dir_all(&dir);
            spec_folder(&dir, name);
            let outcome = std::panic::catch_unwind(|| {
                expand_service(&dir, ".", Span::call_site()).map(|t| syn::parse2::<syn::File>(t).map(|_| ()))
            });
            match outcome {
                Err(_) => panic!("{name:?}: the expansion panicked"),
                Ok(Ok(parsed)) => {
                    expanded += 1;
                    parsed.unwrap_or_else(|e| panic!("{name:?}: the expansion is not Rust: {e}"))
                }
                Ok(Err(errors)) => {
                    for e in errors {
                        let m = e.to_string();
                        assert!(m.contains(".json: $"), "{name:?}: an error without its file and JSON path: {m}");
                    }
                }
            }
        }
        std::fs::remove_dir_all(&root).unwrap();
        // Only names that collide with generated items (`Client`, `build`, `Other`, ...) or hold no letter fail.
        assert!(expanded >= names.len() - 10, "only {expanded} of {} names expanded", names.len());
    }

    /// Data types live in `types::` and per-action items in `operation::<action>::`, so a data type may be named
    /// like anything the service module or an action module holds.
    #[test]
    fn data_types_named_like_generated_items_expand() {
        for name in ["Client", "SERVICE", "DoThingRequest", "Error", "Types", "Operation"] {
            let dir = std::env::temp_dir().join(format!("tencentcloud-codegen-{name}-{}", std::process::id()));
            let _ = std::fs::remove_dir_all(&dir);
            spec_folder(&dir, name);
            let tokens = expand_service(&dir, ".", Span::call_site()).unwrap_or_else(|e| panic!("{name}: {e}"));
            syn::parse2::<syn::File>(tokens).unwrap();
            std::fs::remove_dir_all(&dir).unwrap();
        }
    }

    /// `actions = [...]` generates those actions and the data types they reach, nothing else; an unknown name is
    /// an error naming it, with the names it resembles.
    #[test]
    fn a_selection_of_actions_generates_only_those_and_the_types_they_reach() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let input: MacroInput =
            syn::parse_str(r#""specs/ccc/2020-02-10", actions = ["DescribeAutoCalloutTask"]"#).unwrap();
        let whole = expand_service(&root, "specs/ccc/2020-02-10", Span::call_site()).unwrap().to_string();
        let some = expand_input(&root, &input).unwrap().to_string();
        assert!(some.contains("DescribeAutoCalloutTaskRequest") && some.contains("AutoCalloutTaskCalleeInfo"));
        assert!(whole.contains("CreateAutoCalloutTaskRequest") && !some.contains("CreateAutoCalloutTaskRequest"));
        assert!(whole.contains("pub struct StaffInfo") && !some.contains("pub struct StaffInfo"));
        assert!(some.len() * 5 < whole.len(), "{} of {}", some.len(), whole.len());

        let wrong: MacroInput = syn::parse_str(r#""specs/ccc/2020-02-10", actions = ["DescribeAutoCallout"]"#).unwrap();
        let e = expand_input(&root, &wrong).unwrap_err().to_string();
        assert!(
            e.contains(r#"ccc has no action "DescribeAutoCallout""#) && e.contains("DescribeAutoCalloutTask"),
            "{e}"
        );
        for bad in [r#""x", action = ["A"]"#, r#""x", actions = "A""#, r#""x" "y""#] {
            assert!(syn::parse_str::<MacroInput>(bad).is_err(), "{bad}");
        }
        assert!(syn::parse_str::<MacroInput>(r#""x", actions = ["A", "B",],"#).unwrap().actions.unwrap().len() == 2);
    }
}
