//! `codes!`: a fieldless enum stored as a `u8` code, with its snake_case names for data files,
//! scenarios and outputs. Used for the people table's columns and the ledger's metrics.

macro_rules! codes {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[repr(u8)]
        pub enum $name { $($(#[$vdoc])* $variant),+ }

        impl $name {
            /// Every value, in code order (the column order of the outputs).
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The snake_case name used in data files, scenarios and outputs.
            pub fn name(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            /// The value with this name.
            pub fn from_name(s: &str) -> Option<Self> {
                match s { $($text => Some($name::$variant),)+ _ => None }
            }

            /// The value with this code (as stored in a table).
            pub fn from_code(c: u8) -> Self {
                Self::ALL.get(c as usize).copied().unwrap_or(Self::ALL[0])
            }
        }
    };
}
