//! `#[derive(CompactDeserialize)]`: the tables of Ballast's compact message reader
//! (`ballast-compact`), generated from the plain type definition. Host-only: this crate runs in
//! the compiler and adds nothing to the Wasm; what the derive emits is a table (JSON names and the
//! [`Kind`] of each field) and a `from_value` that moves the values read into the type, exactly
//! what was written by hand before.
//!
//! ```ignore
//! use ballast_compact::{cw_serde_compact, CompactDeserialize};
//!
//! /// `#[cw_serde]` with this derive instead of serde's `Deserialize`.
//! #[cw_serde_compact]
//! pub enum ExecuteMsg {
//!     Withdraw { denom: String, amount: Option<Uint128>, account: Option<u32> },
//!     /// The payload has a table (`OwnershipAction` derives one with `table_only`): read by
//!     /// the shared visitors.
//!     UpdateOwnership(OwnershipAction),
//!     /// The payload (a type without a table) is read through its own derived `Deserialize`.
//!     #[compact(serde)]
//!     Hook(ForeignType),
//! }
//!
//! /// An answer read from another contract: unknown fields are skipped.
//! #[derive(CompactDeserialize)]
//! #[compact(ignore_unknown)]
//! struct SourceDecimals { decimals: u8 }
//!
//! /// Keeps serde's derive (other contracts read it): only the table is generated, for the
//! /// compact reader of the types that contain it.
//! #[cw_serde]
//! #[derive(CompactDeserialize)]
//! #[compact(table_only)]
//! pub enum PriceKind { Default, Liquidation }
//! ```
//!
//! What is read from the definition, as serde's derive reads it:
//! - JSON names: the field or variant name, `#[serde(rename = "…")]`, and a container's
//!   `#[serde(rename_all = "snake_case" | "lowercase")]` (variant names of an enum, field names
//!   of a struct);
//! - optional fields: an `Option<T>` may be omitted (`None`); a field with `#[serde(default)]`, or
//!   any field of a struct with `#[serde(default)]`, may be omitted and then takes the default
//!   (of its type, or of the struct's `Default`);
//! - the kind of each field: from its Rust type, through the `Compact` trait (scalars, `String`,
//!   `Addr`, cosmwasm's `Uint128`/`Decimal`/`Decimal256`, `Option`, `Vec`, 2-tuples, and any type
//!   that derives `CompactDeserialize` itself). A field of a type the reader cannot read is a
//!   compile error at that field, never a silent fallback.
//!
//! `#[compact(...)]` says what cannot be inferred:
//! - on the container: `ignore_unknown` (skip unknown fields, for answers read from another
//!   contract; the default denies them as serde's `deny_unknown_fields` does), `table_only` (no
//!   `Deserialize` impl: the type keeps serde's derive), `crate = "path"` (where the runtime is;
//!   `::ballast_compact` by default);
//! - on a field, or a newtype variant: `serde`, to read it through its own `Deserialize` (for
//!   types that have no table, such as another crate's enum). Such a type is then read by a
//!   visitor of its own (the cost of a serde derive, for that type only) and cannot be nested in
//!   another compact type except as a `#[compact(serde)]` field (on its own, through
//!   `ViaTable`, it is read as any other). A newtype variant whose payload has a table is read
//!   by the shared visitors, as a struct field is.
//!
//! Any other `#[serde(...)]` attribute that changes what is read (`tag`, `untagged`, `flatten`,
//! `default = "path"`, `alias`, …) is a compile error: the tables could not honour it.

use proc_macro::TokenStream;
use proc_macro2::TokenStream as TokenStream2;
use quote::{quote, quote_spanned};
use syn::ext::IdentExt;
use syn::spanned::Spanned;
use syn::{
    parse_macro_input, Attribute, Data, DeriveInput, Error, Field, Fields, GenericParam, Ident,
    LitStr, Path, Result, Type,
};

/// Generates the compact reader's table of a struct or enum, and its `serde::Deserialize`
/// through that table. See the crate docs for the attributes.
#[proc_macro_derive(CompactDeserialize, attributes(compact, serde))]
pub fn derive_compact_deserialize(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    expand(&input)
        .unwrap_or_else(Error::into_compile_error)
        .into()
}

/// `#[cw_serde]` (cosmwasm-schema) without serde's `Deserialize` and with
/// `CompactDeserialize` instead: the same `Serialize`, `JsonSchema` and cw-schema, so the same
/// JSON and schemas, and the compact reader.
#[proc_macro_attribute]
pub fn cw_serde_compact(args: TokenStream, input: TokenStream) -> TokenStream {
    let args = TokenStream2::from(args);
    if !args.is_empty() {
        return Error::new_spanned(args, "`cw_serde_compact` takes no arguments")
            .into_compile_error()
            .into();
    }
    let input = parse_macro_input!(input as DeriveInput);
    let rename = match input.data {
        Data::Enum(_) => quote!(#[serde(rename_all = "snake_case")]),
        Data::Struct(_) => quote!(),
        Data::Union(_) => {
            return Error::new_spanned(&input.ident, "unions are not supported")
                .into_compile_error()
                .into()
        }
    };
    quote! {
        #[derive(
            ::cosmwasm_schema::serde::Serialize,
            ::std::clone::Clone,
            ::std::fmt::Debug,
            ::std::cmp::PartialEq,
            ::cosmwasm_schema::schemars::JsonSchema,
            ::cosmwasm_schema::cw_schema::Schemaifier,
            ::ballast_compact::CompactDeserialize,
        )]
        #[allow(clippy::derive_partial_eq_without_eq)]
        #[serde(crate = "::cosmwasm_schema::serde")]
        #[schemaifier(crate = "::cosmwasm_schema::cw_schema")]
        #[schemars(crate = "::cosmwasm_schema::schemars")]
        #rename
        #input
    }
    .into()
}

/// serde's `rename_all` rules this derive applies.
#[derive(Clone, Copy)]
enum RenameRule {
    Snake,
    Lower,
}

impl RenameRule {
    fn parse(lit: &LitStr) -> Result<Self> {
        match lit.value().as_str() {
            "snake_case" => Ok(RenameRule::Snake),
            "lowercase" => Ok(RenameRule::Lower),
            other => Err(Error::new(
                lit.span(),
                format!("CompactDeserialize supports `rename_all = \"snake_case\"` and \"lowercase\", not \"{other}\""),
            )),
        }
    }

    /// A variant name (`PascalCase`) renamed as serde renames it.
    fn variant(self, name: &str) -> String {
        match self {
            RenameRule::Lower => name.to_ascii_lowercase(),
            RenameRule::Snake => {
                let mut snake = String::new();
                for (i, ch) in name.char_indices() {
                    if i > 0 && ch.is_uppercase() {
                        snake.push('_');
                    }
                    snake.push(ch.to_ascii_lowercase());
                }
                snake
            }
        }
    }

    /// A field name (`snake_case` already) renamed as serde renames it: both rules keep it.
    fn field(self, name: &str) -> String {
        name.to_string()
    }
}

/// What the container's attributes say.
struct Container {
    krate: Path,
    /// The name in error messages (`expected struct X`): the Rust name, as serde's.
    name: String,
    rename_all: Option<RenameRule>,
    /// `#[serde(default)]` on a struct: an omitted field takes the struct's `Default` value.
    default: bool,
    deny_unknown: bool,
    ignore_unknown: bool,
    table_only: bool,
}

impl Container {
    fn parse(input: &DeriveInput) -> Result<Self> {
        let mut c = Container {
            krate: syn::parse_quote!(::ballast_compact),
            name: input.ident.unraw().to_string(),
            rename_all: None,
            default: false,
            deny_unknown: false,
            ignore_unknown: false,
            table_only: false,
        };
        for attr in &input.attrs {
            if attr.path().is_ident("serde") {
                attr.parse_nested_meta(|meta| {
                    if meta.path.is_ident("rename_all") {
                        c.rename_all = Some(RenameRule::parse(&meta.value()?.parse()?)?);
                    } else if meta.path.is_ident("rename") {
                        // serde's messages name the Rust type whatever the rename (which only
                        // goes to `deserialize_struct`, and serde_json ignores it)
                        meta.value()?.parse::<LitStr>()?;
                    } else if meta.path.is_ident("default") {
                        if meta.input.peek(syn::Token![=]) {
                            return Err(meta.error(
                                "CompactDeserialize supports `#[serde(default)]`, not `default = \"path\"`",
                            ));
                        }
                        c.default = true;
                    } else if meta.path.is_ident("deny_unknown_fields") {
                        c.deny_unknown = true;
                    } else if meta.path.is_ident("crate") {
                        meta.value()?.parse::<LitStr>()?;
                    } else {
                        return Err(meta.error(unsupported_serde(&meta.path)));
                    }
                    Ok(())
                })?;
            } else if attr.path().is_ident("compact") {
                attr.parse_nested_meta(|meta| {
                    if meta.path.is_ident("ignore_unknown") {
                        c.ignore_unknown = true;
                    } else if meta.path.is_ident("table_only") {
                        c.table_only = true;
                    } else if meta.path.is_ident("crate") {
                        c.krate = meta.value()?.parse::<LitStr>()?.parse()?;
                    } else {
                        return Err(meta.error(
                            "expected `ignore_unknown`, `table_only` or `crate = \"path\"` on the type",
                        ));
                    }
                    Ok(())
                })?;
            }
        }
        if c.deny_unknown && c.ignore_unknown {
            return Err(Error::new_spanned(
                &input.ident,
                "`#[compact(ignore_unknown)]` contradicts `#[serde(deny_unknown_fields)]`",
            ));
        }
        Ok(c)
    }
}

fn unsupported_serde(path: &Path) -> String {
    let name = path
        .get_ident()
        .map_or_else(|| "this".to_string(), |i| format!("`{i}`"));
    format!(
        "serde attribute {name} is not supported by CompactDeserialize (its tables could not honour it)"
    )
}

/// What a field's or variant's attributes say.
#[derive(Default)]
struct Member {
    rename: Option<String>,
    default: bool,
    serde: bool,
}

impl Member {
    fn parse(attrs: &[Attribute], is_variant: bool) -> Result<Self> {
        let mut m = Member::default();
        for attr in attrs {
            if attr.path().is_ident("serde") {
                attr.parse_nested_meta(|meta| {
                    if meta.path.is_ident("rename") {
                        m.rename = Some(meta.value()?.parse::<LitStr>()?.value());
                    } else if meta.path.is_ident("default") && !is_variant {
                        if meta.input.peek(syn::Token![=]) {
                            return Err(meta.error(
                                "CompactDeserialize supports `#[serde(default)]`, not `default = \"path\"`",
                            ));
                        }
                        m.default = true;
                    } else if (meta.path.is_ident("skip_serializing_if")
                        || meta.path.is_ident("serialize_with"))
                        && !is_variant
                    {
                        // serialisation only
                        meta.value()?.parse::<LitStr>()?;
                    } else if meta.path.is_ident("skip_serializing") && !is_variant {
                    } else {
                        return Err(meta.error(unsupported_serde(&meta.path)));
                    }
                    Ok(())
                })?;
            } else if attr.path().is_ident("compact") {
                attr.parse_nested_meta(|meta| {
                    if meta.path.is_ident("serde") {
                        m.serde = true;
                        Ok(())
                    } else {
                        Err(meta.error("expected `serde` on a field or newtype variant"))
                    }
                })?;
            }
        }
        Ok(m)
    }
}

/// One field of a struct or struct variant, or the payload of a newtype variant.
struct FieldPlan {
    /// The table entry's `Kind`.
    kind: TokenStream2,
    /// The expression taking its value out of `fields`.
    take: TokenStream2,
}

/// Types read through their own `Deserialize` (`#[compact(serde)]`), by slot.
struct Slots(Vec<Type>);

impl Slots {
    fn add(&mut self, ty: &Type) -> u16 {
        self.0.push(ty.clone());
        (self.0.len() - 1) as u16
    }
}

fn field_plan(
    c: &Container,
    slots: &mut Slots,
    index: usize,
    field: &Field,
    member: &Member,
    struct_default: bool,
) -> FieldPlan {
    let krate = &c.krate;
    let ty = &field.ty;
    let span = field
        .ident
        .as_ref()
        .map_or_else(|| field.ty.span(), Ident::span);
    // serde's derive reads an omitted `Option` as `None` whatever reads it
    let defaulted = member.default || struct_default || (member.serde && is_option(ty));
    let kind = if member.serde {
        let slot = slots.add(ty);
        quote!(#krate::Kind::Serde(#slot))
    } else {
        quote_spanned!(span=> <#ty as #krate::Compact>::KIND)
    };
    let kind = if defaulted {
        quote!(#krate::Kind::Default(&#kind))
    } else {
        kind
    };
    let default = match (&field.ident, struct_default && !member.default) {
        (Some(ident), true) => quote!(__default.#ident),
        _ => quote!(::core::default::Default::default()),
    };
    let take = match (member.serde, defaulted) {
        (true, false) => quote!(fields.take_any::<#ty>(#index)),
        (true, true) => quote!(fields.take_any_or::<#ty>(#index, #default)),
        (false, false) => quote_spanned!(span=> fields.take::<#ty>(#index)),
        (false, true) => quote_spanned!(span=> fields.take_or::<#ty>(#index, #default)),
    };
    FieldPlan { kind, take }
}

/// Whether `ty` is written `Option<…>` (for `#[compact(serde)]` fields, whose kind says nothing).
fn is_option(ty: &Type) -> bool {
    match ty {
        Type::Path(path) => path
            .path
            .segments
            .last()
            .is_some_and(|segment| segment.ident == "Option"),
        _ => false,
    }
}

/// The table entries and the constructor's field list of named fields.
fn named_fields(
    c: &Container,
    slots: &mut Slots,
    fields: &syn::FieldsNamed,
    rename_all: Option<RenameRule>,
    struct_default: bool,
) -> Result<(Vec<TokenStream2>, TokenStream2)> {
    let krate = &c.krate;
    let mut entries = Vec::new();
    let mut inits = Vec::new();
    for (index, field) in fields.named.iter().enumerate() {
        let member = Member::parse(&field.attrs, false)?;
        let ident = field.ident.as_ref().expect("named field");
        let json = member.rename.clone().unwrap_or_else(|| {
            let name = ident.unraw().to_string();
            rename_all.map_or_else(|| name.clone(), |rule| rule.field(&name))
        });
        let plan = field_plan(c, slots, index, field, &member, struct_default);
        let kind = &plan.kind;
        entries.push(quote!(#krate::Field { name: #json, kind: &#kind }));
        let take = &plan.take;
        inits.push(quote!(#ident: #take));
    }
    Ok((entries, quote!({ #(#inits),* })))
}

fn expand(input: &DeriveInput) -> Result<TokenStream2> {
    let c = Container::parse(input)?;
    let krate = &c.krate;
    let ident = &input.ident;
    let name = &c.name;
    let unknown = if c.ignore_unknown {
        quote!(#krate::Unknown::Ignore)
    } else {
        quote!(#krate::Unknown::Deny)
    };
    let mut slots = Slots(Vec::new());

    let (kind, from_value) = match &input.data {
        Data::Struct(data) => {
            let Fields::Named(named) = &data.fields else {
                return Err(Error::new_spanned(
                    ident,
                    "CompactDeserialize reads structs with named fields (`struct X { … }`)",
                ));
            };
            let (entries, init) = named_fields(&c, &mut slots, named, c.rename_all, c.default)?;
            let default = if c.default {
                quote!(let __default: Self = ::core::default::Default::default();)
            } else {
                quote!()
            };
            let kind = quote! {
                #krate::Kind::Struct(&#krate::StructDef {
                    name: #name,
                    fields: &[#(#entries),*],
                    unknown: #unknown,
                })
            };
            let from_value = quote! {
                match value {
                    #krate::Value::Struct(mut fields) => {
                        #default
                        Self #init
                    }
                    _ => #krate::mismatch(),
                }
            };
            (kind, from_value)
        }
        Data::Enum(data) => {
            if c.default {
                return Err(Error::new_spanned(
                    ident,
                    "`#[serde(default)]` on an enum is not supported",
                ));
            }
            let mut json_names = Vec::new();
            let mut defs = Vec::new();
            let mut arms = Vec::new();
            for (index, variant) in data.variants.iter().enumerate() {
                let member = Member::parse(&variant.attrs, true)?;
                let v_ident = &variant.ident;
                let rust = v_ident.unraw().to_string();
                json_names.push(member.rename.clone().unwrap_or_else(|| {
                    c.rename_all
                        .map_or_else(|| rust.clone(), |rule| rule.variant(&rust))
                }));
                match &variant.fields {
                    Fields::Unit => {
                        if member.serde {
                            return Err(Error::new_spanned(
                                v_ident,
                                "`#[compact(serde)]` needs a newtype variant",
                            ));
                        }
                        defs.push(quote!(#krate::VariantDef { name: #rust, shape: #krate::Shape::Unit }));
                        arms.push(quote!(#index => Self::#v_ident,));
                    }
                    Fields::Named(named) => {
                        if member.serde {
                            return Err(Error::new_spanned(
                                v_ident,
                                "`#[compact(serde)]` goes on a field of a struct variant, or on a newtype variant",
                            ));
                        }
                        // serde's `rename_all` on an enum renames variants, not their fields
                        let (entries, init) = named_fields(&c, &mut slots, named, None, false)?;
                        defs.push(quote! {
                            #krate::VariantDef {
                                name: #rust,
                                shape: #krate::Shape::Struct(&[#(#entries),*]),
                            }
                        });
                        arms.push(quote!(#index => Self::#v_ident #init,));
                    }
                    Fields::Unnamed(unnamed) if unnamed.unnamed.len() == 1 => {
                        let field = &unnamed.unnamed[0];
                        let mut inner = Member::parse(&field.attrs, false)?;
                        if inner.default || inner.rename.is_some() {
                            return Err(Error::new_spanned(
                                field,
                                "a newtype variant's payload takes no `#[serde(...)]` attribute here",
                            ));
                        }
                        inner.serde |= member.serde;
                        let plan = field_plan(&c, &mut slots, 0, field, &inner, false);
                        let kind = &plan.kind;
                        let take = &plan.take;
                        defs.push(quote! {
                            #krate::VariantDef { name: #rust, shape: #krate::Shape::Newtype(&#kind) }
                        });
                        arms.push(quote!(#index => Self::#v_ident(#take),));
                    }
                    Fields::Unnamed(_) => {
                        return Err(Error::new_spanned(
                            v_ident,
                            "CompactDeserialize reads unit, newtype and struct variants, not tuple variants",
                        ))
                    }
                }
            }
            let kind = quote! {
                #krate::Kind::Enum(&#krate::EnumDef {
                    name: #name,
                    variants: &[#(#json_names),*],
                    defs: &[#(#defs),*],
                    unknown: #unknown,
                })
            };
            let from_value = quote! {
                match value {
                    #[allow(unused_mut, unused_variables)]
                    #krate::Value::Variant(index, mut fields) => match index {
                        #(#arms)*
                        _ => #krate::mismatch(),
                    },
                    _ => #krate::mismatch(),
                }
            };
            (kind, from_value)
        }
        Data::Union(_) => {
            return Err(Error::new_spanned(
                ident,
                "CompactDeserialize reads structs and enums, not unions",
            ))
        }
    };

    for param in &input.generics.params {
        if !matches!(param, GenericParam::Type(_)) {
            return Err(Error::new_spanned(
                param,
                "CompactDeserialize supports type parameters only (no lifetimes or const generics)",
            ));
        }
    }
    let mut generics = input.generics.clone();
    for param in generics.type_params_mut() {
        param.bounds.push(syn::parse_quote!(#krate::Compact));
    }
    let (impl_generics, ty_generics, where_clause) = generics.split_for_impl();
    let mut de_generics = generics.clone();
    de_generics.params.insert(0, syn::parse_quote!('de));
    let (de_impl_generics, _, _) = de_generics.split_for_impl();
    let serde = quote!(#krate::__private::serde);

    let deserialize = if c.table_only {
        quote!()
    } else {
        quote! {
            #[automatically_derived]
            impl #de_impl_generics #serde::Deserialize<'de> for #ident #ty_generics #where_clause {
                fn deserialize<__D: #serde::Deserializer<'de>>(
                    deserializer: __D,
                ) -> ::core::result::Result<Self, __D::Error> {
                    <Self as #krate::Tabled>::deserialize_table(deserializer)
                }
            }
        }
    };
    if slots.0.is_empty() {
        Ok(quote! {
            #[automatically_derived]
            impl #impl_generics #krate::Compact for #ident #ty_generics #where_clause {
                const KIND: #krate::Kind = #kind;

                fn from_value(value: #krate::Value) -> Self {
                    #from_value
                }
            }

            #[automatically_derived]
            impl #impl_generics #krate::Tabled for #ident #ty_generics #where_clause {
                fn deserialize_table<'de, __D: #serde::Deserializer<'de>>(
                    deserializer: __D,
                ) -> ::core::result::Result<Self, __D::Error> {
                    #krate::deserialize(deserializer)
                }
            }

            #deserialize
        })
    } else {
        if !input.generics.params.is_empty() {
            return Err(Error::new_spanned(
                &input.generics,
                "a generic type cannot have `#[compact(serde)]` parts",
            ));
        }
        let reads = slots.0.iter().enumerate().map(|(slot, ty)| {
            let slot = slot as u16;
            quote!(#slot => <#ty as #serde::Deserialize<'de>>::deserialize(deserializer).map(#krate::Value::any),)
        });
        Ok(quote! {
            #[automatically_derived]
            impl #krate::Hooked for #ident {
                const KIND: #krate::Kind = #kind;

                fn from_value(value: #krate::Value) -> Self {
                    #from_value
                }
            }

            #[automatically_derived]
            impl #krate::SerdeSlots for #ident {
                fn read<'de, __D: #serde::Deserializer<'de>>(
                    slot: u16,
                    deserializer: __D,
                ) -> ::core::result::Result<#krate::Value, __D::Error> {
                    match slot {
                        #(#reads)*
                        _ => {
                            let _ = deserializer;
                            #krate::mismatch()
                        }
                    }
                }
            }

            #[automatically_derived]
            impl #krate::Tabled for #ident {
                fn deserialize_table<'de, __D: #serde::Deserializer<'de>>(
                    deserializer: __D,
                ) -> ::core::result::Result<Self, __D::Error> {
                    #krate::deserialize_hooked(deserializer)
                }
            }

            #deserialize
        })
    }
}

/// Generates the compact writer's `WriteJson` of a struct or enum (crate `ballast-compact`): the
/// JSON serde's derive writes with serde_json, as a row of calls into one writer.
///
/// Read from the definition as serde's derive reads it: field and variant names, `#[serde(rename
/// = "…")]`, a container's `rename_all` (`snake_case`, `lowercase`), `skip_serializing_if =
/// "path"` and `skip_serializing`/`skip` on fields. Named structs, newtype structs and enums of
/// unit, newtype and struct variants (externally tagged); any other serde attribute that changes
/// what is written is a compile error.
#[proc_macro_derive(WriteJson, attributes(compact, serde))]
pub fn derive_write_json(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    expand_write(&input)
        .unwrap_or_else(Error::into_compile_error)
        .into()
}

/// What a field's attributes say to the writer.
#[derive(Default)]
struct WriteMember {
    rename: Option<String>,
    skip_if: Option<Path>,
    skip: bool,
}

impl WriteMember {
    fn parse(attrs: &[Attribute]) -> Result<Self> {
        let mut m = WriteMember::default();
        for attr in attrs.iter().filter(|a| a.path().is_ident("serde")) {
            attr.parse_nested_meta(|meta| {
                if meta.path.is_ident("rename") {
                    m.rename = Some(meta.value()?.parse::<LitStr>()?.value());
                } else if meta.path.is_ident("skip_serializing_if") {
                    m.skip_if = Some(meta.value()?.parse::<LitStr>()?.parse()?);
                } else if meta.path.is_ident("skip_serializing") || meta.path.is_ident("skip") {
                    m.skip = true;
                } else if meta.path.is_ident("default") {
                    // reading only
                    if meta.input.peek(syn::Token![=]) {
                        meta.value()?.parse::<LitStr>()?;
                    }
                } else {
                    return Err(
                        meta.error(format!("{} (WriteJson)", unsupported_serde(&meta.path)))
                    );
                }
                Ok(())
            })?;
        }
        Ok(m)
    }
}

/// The container's `krate` and `rename_all`; the other serde attributes of a container change
/// only what is read.
fn write_container(input: &DeriveInput) -> Result<(Path, Option<RenameRule>)> {
    let mut krate: Path = syn::parse_quote!(::ballast_compact);
    let mut rename_all = None;
    for attr in &input.attrs {
        if attr.path().is_ident("serde") {
            attr.parse_nested_meta(|meta| {
                if meta.path.is_ident("rename_all") {
                    rename_all = Some(RenameRule::parse(&meta.value()?.parse()?)?);
                } else if meta.path.is_ident("rename") || meta.path.is_ident("crate") {
                    meta.value()?.parse::<LitStr>()?;
                } else if meta.path.is_ident("default") {
                    if meta.input.peek(syn::Token![=]) {
                        meta.value()?.parse::<LitStr>()?;
                    }
                } else if meta.path.is_ident("deny_unknown_fields") {
                } else {
                    return Err(
                        meta.error(format!("{} (WriteJson)", unsupported_serde(&meta.path)))
                    );
                }
                Ok(())
            })?;
        } else if attr.path().is_ident("compact") {
            attr.parse_nested_meta(|meta| {
                if meta.path.is_ident("crate") {
                    krate = meta.value()?.parse::<LitStr>()?.parse()?;
                } else if meta.input.peek(syn::Token![=]) {
                    meta.value()?.parse::<syn::Expr>()?;
                }
                Ok(())
            })?;
        }
    }
    Ok((krate, rename_all))
}

/// The writes of named fields, each value reached by `access(ident)`.
fn write_fields(
    krate: &Path,
    fields: &syn::FieldsNamed,
    rename_all: Option<RenameRule>,
    access: impl Fn(&Ident) -> TokenStream2,
) -> Result<Vec<TokenStream2>> {
    let mut writes = Vec::new();
    for field in &fields.named {
        let member = WriteMember::parse(&field.attrs)?;
        if member.skip {
            continue;
        }
        let ident = field.ident.as_ref().expect("named field");
        let json = member.rename.clone().unwrap_or_else(|| {
            let name = ident.unraw().to_string();
            rename_all.map_or_else(|| name.clone(), |rule| rule.field(&name))
        });
        let value = access(ident);
        let write = quote_spanned! {field.ty.span()=>
            __w.key(#json);
            #krate::WriteJson::write_json(#value, __w);
        };
        writes.push(match &member.skip_if {
            Some(path) => quote!(if !#path(#value) { #write }),
            None => write,
        });
    }
    Ok(writes)
}

fn expand_write(input: &DeriveInput) -> Result<TokenStream2> {
    let (krate, rename_all) = write_container(input)?;
    let ident = &input.ident;
    let body = match &input.data {
        Data::Struct(data) => match &data.fields {
            Fields::Named(named) => {
                let writes = write_fields(&krate, named, rename_all, |f| quote!(&self.#f))?;
                quote! {
                    __w.open();
                    #(#writes)*
                    __w.close();
                }
            }
            Fields::Unnamed(unnamed) if unnamed.unnamed.len() == 1 => {
                quote!(#krate::WriteJson::write_json(&self.0, __w);)
            }
            _ => {
                return Err(Error::new_spanned(
                    ident,
                    "WriteJson writes structs with named fields and newtype structs",
                ))
            }
        },
        Data::Enum(data) => {
            let mut arms = Vec::new();
            for variant in &data.variants {
                let member = WriteMember::parse(&variant.attrs)?;
                let v_ident = &variant.ident;
                let json = member.rename.clone().unwrap_or_else(|| {
                    let rust = v_ident.unraw().to_string();
                    rename_all.map_or_else(|| rust.clone(), |rule| rule.variant(&rust))
                });
                arms.push(match &variant.fields {
                    Fields::Unit => quote!(Self::#v_ident => __w.str(#json),),
                    Fields::Named(named) => {
                        let binds = named.named.iter().map(|f| f.ident.as_ref());
                        // serde's `rename_all` on an enum renames variants, not their fields
                        let writes = write_fields(&krate, named, None, |f| quote!(#f))?;
                        quote! {
                            #[allow(unused_variables)]
                            Self::#v_ident { #(#binds),* } => {
                                __w.open();
                                __w.key(#json);
                                __w.open();
                                #(#writes)*
                                __w.close();
                                __w.close();
                            }
                        }
                    }
                    Fields::Unnamed(unnamed) if unnamed.unnamed.len() == 1 => quote! {
                        Self::#v_ident(__payload) => {
                            __w.open();
                            __w.key(#json);
                            #krate::WriteJson::write_json(__payload, __w);
                            __w.close();
                        }
                    },
                    Fields::Unnamed(_) => return Err(Error::new_spanned(
                        v_ident,
                        "WriteJson writes unit, newtype and struct variants, not tuple variants",
                    )),
                });
            }
            quote! {
                match self {
                    #(#arms)*
                }
            }
        }
        Data::Union(_) => {
            return Err(Error::new_spanned(
                ident,
                "WriteJson writes structs and enums, not unions",
            ))
        }
    };
    let mut generics = input.generics.clone();
    for param in generics.type_params_mut() {
        param.bounds.push(syn::parse_quote!(#krate::WriteJson));
    }
    let (impl_generics, ty_generics, where_clause) = generics.split_for_impl();
    Ok(quote! {
        #[automatically_derived]
        impl #impl_generics #krate::WriteJson for #ident #ty_generics #where_clause {
            fn write_json(&self, __w: &mut #krate::JsonWriter) {
                #body
            }
        }
    })
}
