//! An audience's view of the schema, read from async-graphql's own introspection run as that audience (so the
//! `visible` attributes are the single source of truth). A view prints as SDL (`hipe schema --audience A`) and
//! guards execution: a document naming a field or type outside the view is refused with exactly the words
//! async-graphql uses for one that does not exist — and the limits async-graphql lacks (aliases, root fields,
//! query length) are checked on the same walk.

use std::collections::{BTreeMap, HashSet};
use std::fmt::Write as _;

use async_graphql::parser::types::{ExecutableDocument, OperationType, Selection, SelectionSet};
use async_graphql::{Pos, ServerError};
use hipe_domain::Audience;
use serde::Deserialize;

use super::audience::Limits;

const INTROSPECTION: &str = r"
query View {
  __schema {
    queryType { name }
    mutationType { name }
    types {
      kind name description
      fields(includeDeprecated: true) { name description isDeprecated deprecationReason args { ...Input } type { ...Ref } }
      inputFields { ...Input }
      interfaces { name }
      enumValues(includeDeprecated: true) { name description isDeprecated deprecationReason }
      possibleTypes { name }
    }
  }
}
fragment Input on __InputValue { name description defaultValue type { ...Ref } }
fragment Ref on __Type { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } }
";

/// The introspection query that [`View::from_introspection`] reads.
pub const fn introspection_query() -> &'static str {
    INTROSPECTION
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Introspection {
    #[serde(rename = "__schema")]
    schema: SchemaDef,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct SchemaDef {
    query_type: Named,
    mutation_type: Option<Named>,
    types: Vec<TypeDef>,
}

#[derive(Debug, Deserialize)]
struct Named {
    name: String,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct TypeDef {
    kind: String,
    name: String,
    description: Option<String>,
    fields: Option<Vec<FieldDef>>,
    input_fields: Option<Vec<InputDef>>,
    interfaces: Option<Vec<Named>>,
    enum_values: Option<Vec<EnumValueDef>>,
    possible_types: Option<Vec<Named>>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct FieldDef {
    name: String,
    description: Option<String>,
    is_deprecated: bool,
    deprecation_reason: Option<String>,
    args: Vec<InputDef>,
    #[serde(rename = "type")]
    ty: TypeRef,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct InputDef {
    name: String,
    description: Option<String>,
    default_value: Option<String>,
    #[serde(rename = "type")]
    ty: TypeRef,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct EnumValueDef {
    name: String,
    description: Option<String>,
    is_deprecated: bool,
    deprecation_reason: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct TypeRef {
    kind: String,
    name: Option<String>,
    of_type: Option<Box<TypeRef>>,
}

impl TypeRef {
    fn named(&self) -> &str {
        match (&self.name, &self.of_type) {
            (Some(name), _) => name,
            (None, Some(inner)) => inner.named(),
            (None, None) => "",
        }
    }

    fn render(&self) -> String {
        match (self.kind.as_str(), &self.of_type) {
            ("NON_NULL", Some(inner)) => format!("{}!", inner.render()),
            ("LIST", Some(inner)) => format!("[{}]", inner.render()),
            _ => self.name.clone().unwrap_or_default(),
        }
    }
}

/// What one audience may see and run.
#[derive(Debug)]
pub struct View {
    audience: Audience,
    query: String,
    mutation: Option<String>,
    types: BTreeMap<String, TypeDef>,
}

/// Why a view could not be read.
#[derive(Debug, thiserror::Error)]
#[error("cannot read the schema view: {0}")]
pub struct ViewError(String);

impl ViewError {
    /// An error with this message.
    pub fn from_message(message: &str) -> Self {
        Self(message.to_owned())
    }
}

impl View {
    /// Reads a view from the JSON answer to [`introspection_query`] run as `audience`.
    ///
    /// # Errors
    /// When the answer is not an introspection result.
    pub fn from_introspection(audience: Audience, data: serde_json::Value) -> Result<Self, ViewError> {
        let introspection: Introspection = serde_json::from_value(data).map_err(|e| ViewError(e.to_string()))?;
        let schema = introspection.schema;
        // An object left without a visible field (the mutation root of a read-only audience) is not in the view.
        let types: BTreeMap<String, TypeDef> = schema
            .types
            .into_iter()
            .filter(|t| !t.name.starts_with("__"))
            .filter(|t| t.kind != "OBJECT" || t.fields.as_ref().is_some_and(|f| !f.is_empty()))
            .map(|t| (t.name.clone(), t))
            .collect();
        let mutation = schema.mutation_type.map(|m| m.name).filter(|name| types.contains_key(name));
        Ok(Self { audience, query: schema.query_type.name, mutation, types })
    }

    /// The audience.
    pub const fn audience(&self) -> Audience {
        self.audience
    }

    /// The view as SDL, types in name order, fields in declaration order.
    pub fn sdl(&self) -> String {
        let mut out = String::new();
        for ty in self.types.values() {
            if ty.kind == "SCALAR" && ["Boolean", "Float", "ID", "Int", "String"].contains(&ty.name.as_str()) {
                continue;
            }
            description(&mut out, ty.description.as_deref(), "");
            match ty.kind.as_str() {
                "SCALAR" => {
                    let _ = writeln!(out, "scalar {}", ty.name);
                }
                "ENUM" => {
                    let _ = writeln!(out, "enum {} {{", ty.name);
                    for value in ty.enum_values.iter().flatten() {
                        description(&mut out, value.description.as_deref(), "  ");
                        let _ = writeln!(
                            out,
                            "  {}{}",
                            value.name,
                            deprecated(value.is_deprecated, value.deprecation_reason.as_deref())
                        );
                    }
                    out.push_str("}\n");
                }
                "INPUT_OBJECT" => {
                    let _ = writeln!(out, "input {} {{", ty.name);
                    for field in ty.input_fields.iter().flatten() {
                        description(&mut out, field.description.as_deref(), "  ");
                        let _ = writeln!(out, "  {}", input(field));
                    }
                    out.push_str("}\n");
                }
                "UNION" => {
                    let members: Vec<&str> = ty.possible_types.iter().flatten().map(|t| t.name.as_str()).collect();
                    let _ = writeln!(out, "union {} = {}", ty.name, members.join(" | "));
                }
                kind => {
                    let keyword = if kind == "INTERFACE" { "interface" } else { "type" };
                    let interfaces: Vec<&str> = ty.interfaces.iter().flatten().map(|t| t.name.as_str()).collect();
                    let implements = if interfaces.is_empty() {
                        String::new()
                    } else {
                        format!(" implements {}", interfaces.join(" & "))
                    };
                    let _ = writeln!(out, "{keyword} {}{implements} {{", ty.name);
                    for field in ty.fields.iter().flatten() {
                        description(&mut out, field.description.as_deref(), "  ");
                        let args = if field.args.is_empty() {
                            String::new()
                        } else {
                            format!("({})", field.args.iter().map(input).collect::<Vec<_>>().join(", "))
                        };
                        let _ = writeln!(
                            out,
                            "  {}{args}: {}{}",
                            field.name,
                            field.ty.render(),
                            deprecated(field.is_deprecated, field.deprecation_reason.as_deref())
                        );
                    }
                    out.push_str("}\n");
                }
            }
            out.push('\n');
        }
        let _ = write!(out, "schema {{\n  query: {}\n", self.query);
        if let Some(mutation) = &self.mutation {
            let _ = writeln!(out, "  mutation: {mutation}");
        }
        out.push_str("}\n");
        out
    }

    /// Checks a parsed document against the view and the audience's limits.
    ///
    /// # Errors
    /// The first violation, worded as async-graphql words the same fault.
    pub fn check(&self, document: &ExecutableDocument, limits: &Limits) -> Result<(), ServerError> {
        let mut walk = Walk { view: self, document, aliases: 0, visited: HashSet::new() };
        for (_, operation) in document.operations.iter() {
            let root = match operation.node.ty {
                OperationType::Query => Some(self.query.as_str()),
                OperationType::Mutation => self.mutation.as_deref(),
                OperationType::Subscription => None,
            };
            let Some(root) = root else {
                return Err(ServerError::new("this operation type is not offered", Some(operation.pos)));
            };
            let root_fields = operation.node.selection_set.node.items.len();
            if root_fields > limits.root_fields {
                return Err(ServerError::new(
                    format!("too many root fields: {root_fields} (at most {})", limits.root_fields),
                    Some(operation.pos),
                ));
            }
            walk.selection_set(root, &operation.node.selection_set.node)?;
        }
        if walk.aliases > limits.aliases {
            return Err(ServerError::new(
                format!("too many aliases: {} (at most {})", walk.aliases, limits.aliases),
                None,
            ));
        }
        Ok(())
    }
}

fn description(out: &mut String, text: Option<&str>, indent: &str) {
    if let Some(text) = text.filter(|t| !t.is_empty()) {
        let _ = writeln!(out, "{indent}\"\"\"\n{indent}{}\n{indent}\"\"\"", text.replace('\n', &format!("\n{indent}")));
    }
}

fn deprecated(is: bool, reason: Option<&str>) -> String {
    match (is, reason) {
        (false, _) => String::new(),
        (true, Some(reason)) => format!(" @deprecated(reason: {reason:?})"),
        (true, None) => " @deprecated".to_owned(),
    }
}

fn input(value: &InputDef) -> String {
    let default = value.default_value.as_ref().map(|d| format!(" = {d}")).unwrap_or_default();
    format!("{}: {}{default}", value.name, value.ty.render())
}

struct Walk<'a> {
    view: &'a View,
    document: &'a ExecutableDocument,
    aliases: usize,
    visited: HashSet<&'a str>,
}

impl<'a> Walk<'a> {
    fn known_type(&self, name: &str, pos: Pos) -> Result<(), ServerError> {
        if self.view.types.contains_key(name) {
            Ok(())
        } else {
            Err(ServerError::new(format!(r#"Unknown type "{name}""#), Some(pos)))
        }
    }

    fn selection_set(&mut self, on: &str, set: &'a SelectionSet) -> Result<(), ServerError> {
        for selection in &set.items {
            match &selection.node {
                Selection::Field(field) => {
                    let field = &field.node;
                    if field.alias.is_some() {
                        self.aliases += 1;
                    }
                    let name = field.name.node.as_str();
                    if name.starts_with("__") {
                        continue;
                    }
                    let definition = self
                        .view
                        .types
                        .get(on)
                        .and_then(|ty| ty.fields.as_ref())
                        .and_then(|fields| fields.iter().find(|f| f.name == name))
                        .ok_or_else(|| {
                            ServerError::new(
                                format!("Unknown field \"{name}\" on type \"{on}\"."),
                                Some(field.name.pos),
                            )
                        })?;
                    if !field.selection_set.node.items.is_empty() {
                        self.selection_set(definition.ty.named(), &field.selection_set.node)?;
                    }
                }
                Selection::FragmentSpread(spread) => {
                    let name = spread.node.fragment_name.node.as_str();
                    if !self.visited.insert(name) {
                        continue;
                    }
                    if let Some(fragment) = self.document.fragments.get(&spread.node.fragment_name.node) {
                        let condition = &fragment.node.type_condition.node.on;
                        self.known_type(condition.node.as_str(), condition.pos)?;
                        self.selection_set(condition.node.as_str(), &fragment.node.selection_set.node)?;
                    }
                }
                Selection::InlineFragment(inline) => {
                    let on = match &inline.node.type_condition {
                        Some(condition) => {
                            self.known_type(condition.node.on.node.as_str(), condition.pos)?;
                            condition.node.on.node.as_str()
                        }
                        None => on,
                    };
                    self.selection_set(on, &inline.node.selection_set.node)?;
                }
            }
        }
        Ok(())
    }
}
