//! An output directory written as one unit (the design is in `docs/outputs.md`).
//!
//! A command writes its files into a fresh directory beside the target, `.NAME.partial-PID`,
//! writes `manifest.json` there last, and then puts the whole directory in place of the target
//! with one atomic exchange of names (Linux `renameat2(RENAME_EXCHANGE)`; elsewhere two renames).
//! The previous set of files goes as a whole, never a part of it: a rerun without `--cases`
//! leaves no `cases.sqlite` of an earlier run. A reader never sees a directory in place that is
//! half written, and a directory without a manifest that matches its files is incomplete.
//!
//! A killed command leaves its `.NAME.partial-PID` (or, between the two renames where there is
//! no exchange, `.NAME.old-PID`) beside the target; the next command writing that target removes
//! those whose process is gone and says which.

use std::path::{Path, PathBuf};

use crate::OutputError;
use crate::manifest::{MANIFEST, Manifest, is_temporary, write_manifest};

/// A directory being written, to be put in place of its target by [`Staging::commit`].
/// Dropped without a commit (an error on the way), it is removed: nothing half-written stays.
#[derive(Debug)]
pub struct Staging {
    target: PathBuf,
    partial: PathBuf,
    committed: bool,
}

/// What [`Staging::begin`] found beside the target.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Leftovers {
    /// Directories of interrupted runs, removed.
    pub removed: Vec<PathBuf>,
    /// Directories of runs that may still be going (their process exists), left alone.
    pub in_progress: Vec<PathBuf>,
}

impl Staging {
    /// Prepares to write `target` as a unit: checks that a directory already there holds only
    /// an earlier output (its manifest's files, or the `legacy` names chistka wrote before
    /// manifests), so that replacing it loses nothing else; removes what interrupted runs left
    /// beside it; creates the fresh directory to write into.
    ///
    /// # Errors
    /// [`OutputError::NotReplaceable`] if `target` is a file or holds files no run wrote;
    /// [`OutputError::Io`] if the parent directory is not writable.
    pub fn begin(target: &Path, legacy: &[&str]) -> Result<(Self, Leftovers), OutputError> {
        check_replaceable(target, legacy)?;
        let (parent, name) = split(target)?;
        std::fs::create_dir_all(&parent).map_err(|source| OutputError::Io {
            path: parent.clone(),
            cause: source,
        })?;
        let leftovers = clean_leftovers(&parent, &name)?;
        let partial = parent.join(format!(".{name}.partial-{}", std::process::id()));
        // Our own pid on a leftover means a dead process had it before us.
        if partial.exists() {
            remove(&partial)?;
        }
        std::fs::create_dir(&partial).map_err(|source| OutputError::Io {
            path: partial.clone(),
            cause: source,
        })?;
        Ok((
            Staging {
                target: target.into(),
                partial,
                committed: false,
            },
            leftovers,
        ))
    }

    /// The directory to write the files into.
    pub fn dir(&self) -> &Path {
        &self.partial
    }

    /// Writes the manifest (listing every file written), then puts the directory in place of
    /// the target and removes the previous set.
    ///
    /// # Errors
    /// [`OutputError::Io`] if a step fails (the target is then the previous set, untouched, or
    /// absent if a rename between two failed); [`OutputError::NotReplaceable`] if something
    /// other than an output appeared in the target meanwhile.
    pub fn commit(mut self, manifest: Manifest, legacy: &[&str]) -> Result<Manifest, OutputError> {
        let manifest = write_manifest(&self.partial, manifest)?;
        sync_dir(&self.partial)?;
        check_replaceable(&self.target, legacy)?;
        let (parent, name) = split(&self.target)?;
        let io = |source| OutputError::Io {
            path: self.target.clone(),
            cause: source,
        };
        if self.target.exists() {
            swap(&self.partial, &self.target, &parent, &name).map_err(io)?;
            // The partial name now holds the previous set.
            remove(&self.partial)?;
        } else {
            std::fs::rename(&self.partial, &self.target).map_err(io)?;
        }
        self.committed = true;
        sync_dir(&parent)?;
        Ok(manifest)
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.partial);
        }
    }
}

#[cfg(target_os = "linux")]
fn swap(partial: &Path, target: &Path, _parent: &Path, _name: &str) -> std::io::Result<()> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    renameat_with(CWD, partial, CWD, target, RenameFlags::EXCHANGE).map_err(Into::into)
}

/// Without an atomic exchange: the target moves aside, the new set moves in, and the old set
/// goes to the partial name, where [`Staging::commit`] removes it. A kill between the renames
/// leaves no target, which no reader can mistake for a complete one.
#[cfg(not(target_os = "linux"))]
fn swap(partial: &Path, target: &Path, parent: &Path, name: &str) -> std::io::Result<()> {
    let old = parent.join(format!(".{name}.old-{}", std::process::id()));
    std::fs::rename(target, &old)?;
    std::fs::rename(partial, target)?;
    std::fs::rename(&old, partial)
}

fn split(target: &Path) -> Result<(PathBuf, String), OutputError> {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .ok_or_else(|| OutputError::NotReplaceable {
            path: target.into(),
            reason: "expected a directory name (not `.`, `..` or `/`)".into(),
        })?;
    let parent = target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .to_path_buf();
    Ok((parent, name))
}

/// Whether `name` matches a pattern of the `legacy` list: a name, or one with a single `*`
/// standing for any text (`chart-*.svg`).
fn matches(pattern: &str, name: &str) -> bool {
    match pattern.split_once('*') {
        Some((head, tail)) => {
            name.len() >= head.len() + tail.len() && name.starts_with(head) && name.ends_with(tail)
        }
        None => pattern == name,
    }
}

/// A target may be replaced if it is absent, or a directory holding only an earlier output.
pub(crate) fn check_replaceable(target: &Path, legacy: &[&str]) -> Result<(), OutputError> {
    let not = |reason: String| OutputError::NotReplaceable {
        path: target.into(),
        reason,
    };
    let meta = match std::fs::symlink_metadata(target) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(source) => {
            return Err(OutputError::Io {
                path: target.into(),
                cause: source,
            });
        }
    };
    if !meta.is_dir() {
        return Err(not("it exists and is not a directory".into()));
    }
    let listed: Option<Vec<String>> = std::fs::read_to_string(target.join(MANIFEST))
        .ok()
        .and_then(|t| serde_json::from_str::<Manifest>(&t).ok())
        .map(|m| m.files.into_iter().map(|f| f.name).collect());
    let io = |source| OutputError::Io {
        path: target.into(),
        cause: source,
    };
    let mut foreign = Vec::new();
    for entry in std::fs::read_dir(target).map_err(io)? {
        let entry = entry.map_err(io)?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let ours = name == MANIFEST
            || is_temporary(&name)
            || match &listed {
                Some(files) => files
                    .iter()
                    .any(|f| f == &name || f.starts_with(&format!("{name}/"))),
                None => legacy.iter().any(|pattern| matches(pattern, &name)),
            };
        if !ours {
            foreign.push(name);
        }
    }
    if foreign.is_empty() {
        return Ok(());
    }
    foreign.sort();
    let shown: Vec<String> = foreign.iter().take(5).cloned().collect();
    let more = foreign.len().saturating_sub(5);
    Err(not(format!(
        "it holds {} that no earlier output wrote ({}{}), and a new output replaces the whole \
         directory; move them away or choose another output directory",
        if foreign.len() == 1 {
            "a file"
        } else {
            "files"
        },
        shown.join(", "),
        if more > 0 {
            format!(" and {more} more")
        } else {
            String::new()
        }
    )))
}

/// Removes `.NAME.partial-PID` and `.NAME.old-PID` beside the target whose process is gone.
fn clean_leftovers(parent: &Path, name: &str) -> Result<Leftovers, OutputError> {
    let mut found = Leftovers::default();
    let Ok(entries) = std::fs::read_dir(parent) else {
        return Ok(found);
    };
    let prefixes = [format!(".{name}.partial-"), format!(".{name}.old-")];
    for entry in entries.flatten() {
        let file = entry.file_name().to_string_lossy().into_owned();
        let Some(pid) = prefixes
            .iter()
            .find_map(|p| file.strip_prefix(p.as_str()))
            .and_then(|rest| rest.parse::<u32>().ok())
        else {
            continue;
        };
        if pid != std::process::id() && process_exists(pid) {
            found.in_progress.push(entry.path());
        } else if pid != std::process::id() {
            remove(&entry.path())?;
            found.removed.push(entry.path());
        }
    }
    found.removed.sort();
    found.in_progress.sort();
    Ok(found)
}

#[cfg(target_os = "linux")]
fn process_exists(pid: u32) -> bool {
    Path::new(&format!("/proc/{pid}")).exists()
}

/// Without `/proc`, a leftover is taken for a dead run's: two commands writing one target at the
/// same moment are not supported there.
#[cfg(not(target_os = "linux"))]
fn process_exists(_pid: u32) -> bool {
    false
}

fn remove(path: &Path) -> Result<(), OutputError> {
    let result = if path.is_dir() {
        std::fs::remove_dir_all(path)
    } else {
        std::fs::remove_file(path)
    };
    result.map_err(|source| OutputError::Io {
        path: path.into(),
        cause: source,
    })
}

pub(crate) fn sync_dir(dir: &Path) -> Result<(), OutputError> {
    // Directories can be opened and synced on Unix; elsewhere the rename is as durable as the
    // platform makes it.
    #[cfg(unix)]
    std::fs::File::open(dir)
        .and_then(|f| f.sync_all())
        .map_err(|source| OutputError::Io {
            path: dir.into(),
            cause: source,
        })?;
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

#[cfg(test)]
mod tests;
