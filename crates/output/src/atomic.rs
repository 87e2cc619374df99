//! Atomic file writes: a temporary file beside the target, then a rename.

use std::io::Write;
use std::path::Path;

use crate::OutputError;

/// Writes `bytes` to `path` so that `path` holds either its old content or all of the new.
///
/// # Errors
/// [`OutputError::Io`] if the directory is not writable or the disk is full.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), OutputError> {
    let io = |source| OutputError::Io {
        path: path.into(),
        cause: source,
    };
    let mut tmp = temp_beside(path)?;
    tmp.write_all(bytes).map_err(io)?;
    publish(tmp, path)
}

/// A temporary file in the directory of `path` (so that [`publish`] can rename it there), named
/// `.chistka-*.tmp` so that a file left by a crash is recognisably not an output.
///
/// # Errors
/// [`OutputError::Io`] if the directory is not writable.
pub fn temp_beside(path: &Path) -> Result<tempfile::NamedTempFile, OutputError> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    tempfile::Builder::new()
        .prefix(".chistka-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|source| OutputError::Io {
            path: path.into(),
            cause: source,
        })
}

/// Syncs a finished temporary file, makes it readable like any file a user shares (temporary
/// files are created 0600), and renames it to `path`.
///
/// # Errors
/// [`OutputError::Io`] if any step fails; `path` is then untouched.
pub fn publish(tmp: tempfile::NamedTempFile, path: &Path) -> Result<(), OutputError> {
    let io = |source| OutputError::Io {
        path: path.into(),
        cause: source,
    };
    tmp.as_file().sync_all().map_err(io)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        tmp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o644))
            .map_err(io)?;
    }
    tmp.persist(path).map_err(|e| io(e.error))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn writes_whole_files_and_leaves_no_temporaries() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.csv");
        super::write_atomic(&path, b"x,y\n1,2\n").unwrap();
        super::write_atomic(&path, b"x,y\n3,4\n").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "x,y\n3,4\n");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
            assert_eq!(
                mode, 0o644,
                "readable by others, like any file a user shares"
            );
        }
    }
}
