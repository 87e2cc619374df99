//! `chistka scenario show|list`.

use std::io::Write;
use std::path::Path;

use clap::Subcommand;

#[derive(Debug, Subcommand)]
pub enum Action {
    /// Print a scenario: an embedded one's TOML as shipped (with its sources, to copy and edit),
    /// or a file merged with everything it extends (what a run would use).
    Show {
        /// The name of an embedded scenario, or a scenario file.
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
            let path = Path::new(&name);
            if let Some(text) = chistka_scenario::embedded_text(&name).filter(|_| !path.exists()) {
                out.write_all(text.as_bytes())?;
            } else if path.exists() {
                // Validated like a run's scenario, so what is printed is what a run would use.
                let s = chistka_scenario::load(path)?;
                writeln!(
                    out,
                    "# {}: merged with everything it extends, as a run uses it (comments dropped).",
                    path.display()
                )?;
                out.write_all(s.canonical.as_bytes())?;
            } else {
                let names: Vec<_> = chistka_scenario::EMBEDDED.iter().map(|(n, _)| *n).collect();
                anyhow::bail!(
                    "no scenario `{name}`: expected a scenario file or one of the embedded \
                     scenarios: {}",
                    names.join(", ")
                );
            }
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
