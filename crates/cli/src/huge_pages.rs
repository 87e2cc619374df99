//! Transparent huge pages for the population's arrays, where the C library can give them.
//!
//! A full-scale run keeps about 4 GB of person state and reads it at random: every arrest,
//! transfer and promotion touches people far apart in memory. With 4 KiB pages most of those
//! reads also miss the TLB, and the first touch of each page costs a fault. Linux serves 2 MiB
//! pages to memory that asks for them (`madvise(MADV_HUGEPAGE)`; the machine's default mode is
//! usually `madvise`, not `always`), and glibc 2.35 or later asks on every allocation of its own
//! when the tunable `glibc.malloc.hugetlb=1` is set. Tunables are read once, when the process
//! starts, so the CLI starts itself again with the tunable set, before it does anything else.
//!
//! Measured on the development machine (2 cores, `docs/performance.md`, "Huge pages"): a
//! full-scale run about 8% faster (median of 5 alternated pairs) with the same outputs byte for
//! byte, small runs unchanged.
//!
//! `CHISTKA_HUGE_PAGES=0` turns this off. The variable is also what stops a second start:
//! the CLI sets it to 1 for the process it starts, so it starts itself again at most once, even
//! where the C library drops `GLIBC_TUNABLES` (as it does for set-user-ID programs). Where the
//! user's own `GLIBC_TUNABLES` names the tunable already, it is left as the user set it. Other
//! platforms and C libraries run as they are.

use std::ffi::{OsStr, OsString};

/// The environment variable that turns the start with huge pages off (`0`) and marks a process
/// already started with them (`1`).
pub const SWITCH: &str = "CHISTKA_HUGE_PAGES";

/// glibc's tunable that makes `malloc` ask for transparent huge pages.
#[cfg_attr(not(all(target_os = "linux", target_env = "gnu")), allow(dead_code))]
const TUNABLE: &str = "glibc.malloc.hugetlb";

/// Starts this program again with huge pages asked for, if it runs on glibc and was not started
/// so already; returns only if it does not (or if starting again failed, in which case the
/// program runs on as it is: huge pages change speed, never results).
pub fn start_with_huge_pages() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        use std::os::unix::process::CommandExt as _;
        let Some(tunables) = tunables(
            std::env::var_os(SWITCH).as_deref(),
            std::env::var_os("GLIBC_TUNABLES").as_deref(),
        ) else {
            return;
        };
        let Ok(program) = std::env::current_exe() else {
            return;
        };
        let mut args = std::env::args_os();
        let mut command = std::process::Command::new(program);
        if let Some(name) = args.next() {
            command.arg0(name);
        }
        // `exec` replaces this process (same id, same standard streams) and returns only on
        // failure; the error is dropped because running on without huge pages is the fallback.
        let _failed = command
            .args(args)
            .env("GLIBC_TUNABLES", tunables)
            .env(SWITCH, "1")
            .exec();
    }
}

/// The `GLIBC_TUNABLES` to start again with, given this process's [`SWITCH`] and
/// `GLIBC_TUNABLES`; `None` to run on as it is (switched off, started again already, or the
/// user's tunables name the huge pages' one).
#[cfg_attr(not(all(target_os = "linux", target_env = "gnu")), allow(dead_code))]
fn tunables(switch: Option<&OsStr>, current: Option<&OsStr>) -> Option<OsString> {
    if switch.is_some() {
        return None;
    }
    let current = current.unwrap_or_default();
    if current.to_string_lossy().contains(TUNABLE) {
        return None;
    }
    let mut value = current.to_os_string();
    if !value.is_empty() {
        value.push(":");
    }
    value.push(format!("{TUNABLE}=1"));
    Some(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn os(s: &str) -> Option<&OsStr> {
        Some(OsStr::new(s))
    }

    #[test]
    fn asks_once_and_keeps_the_users_tunables() {
        assert_eq!(
            tunables(None, None).as_deref(),
            os("glibc.malloc.hugetlb=1")
        );
        assert_eq!(
            tunables(None, os("glibc.malloc.arena_max=2")).as_deref(),
            os("glibc.malloc.arena_max=2:glibc.malloc.hugetlb=1")
        );
        // Started again already, or switched off.
        assert_eq!(tunables(os("1"), None), None);
        assert_eq!(tunables(os("0"), os("glibc.malloc.arena_max=2")), None);
        // The user chose the tunable's value: no huge pages where they said 0.
        assert_eq!(tunables(None, os("glibc.malloc.hugetlb=0")), None);
    }
}
