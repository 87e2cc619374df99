//! `chistka scenario show|list`.

use std::io::Write;

use anyhow::Context;
use clap::Subcommand;

#[derive(Debug, Subcommand)]
pub enum Action {
    /// Print an embedded scenario's TOML, to copy and edit.
    Show {
        /// Scenario name.
        #[arg(default_value = chistka_scenario::DEFAULT)]
        name: String,
    },
    /// List the embedded scenarios.
    List,
}

pub fn scenario(action: Action) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    match action {
        Action::Show { name } => {
            let text = chistka_scenario::embedded_text(&name).with_context(|| {
                let names: Vec<_> = chistka_scenario::EMBEDDED.iter().map(|(n, _)| *n).collect();
                format!(
                    "no embedded scenario `{name}`; expected one of: {}",
                    names.join(", ")
                )
            })?;
            out.write_all(text.as_bytes())?;
        }
        Action::List => {
            for (name, _) in chistka_scenario::EMBEDDED {
                let s = chistka_scenario::embedded(name)?;
                writeln!(out, "{name}\t{}", s.description)?;
            }
        }
    }
    Ok(())
}
