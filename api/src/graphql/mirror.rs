//! `mirror!`: a GraphQL enum with the same variants as a domain enum, converted both ways — the schema's stable
//! codes without the domain depending on async-graphql. The generated type derives `async_graphql::Enum`, so a
//! module using it imports `Enum`.

macro_rules! mirror {
    ($(#[$meta:meta])* $name:ident <=> $domain:ident { $($(#[$vmeta:meta])* $variant:ident),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
        pub enum $name {
            $($(#[$vmeta])* $variant),+
        }

        impl From<$name> for $domain {
            fn from(value: $name) -> Self {
                match value {
                    $($name::$variant => Self::$variant),+
                }
            }
        }

        impl From<$domain> for $name {
            fn from(value: $domain) -> Self {
                match value {
                    $($domain::$variant => Self::$variant),+
                }
            }
        }
    };
}
