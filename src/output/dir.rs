//! The output directory as one unit: every file of a run is written into a fresh temporary
//! directory beside the destination (created exclusively, so no planted link is followed),
//! flushed to disk once, then put in place by one rename (an atomic exchange on Linux). Either
//! the complete new set is there or the previous set is untouched; two runs into one directory
//! leave one complete set, never a mix. A file too large to render in memory is streamed into
//! that directory while the run goes ([`Destination::stage`]); a run that fails or is
//! interrupted removes the directory with it.
//!
//! The rule for an existing destination: it must be empty or a directory softpower wrote (it
//! holds [`MANIFEST`], listing every file) with nothing else in it. Anything else (a user's own
//! file, a link) is refused unless `force`, which replaces the whole directory.

use super::Rendered;
use anyhow::{bail, Context};
use std::fs::{self, OpenOptions};
use std::io::Write;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::Ordering;

/// The file that marks a directory as softpower's and lists its files.
pub const MANIFEST: &str = ".softpower-manifest";

use crate::engine::run::INTERRUPTED;

/// The destination checked before any simulation: where the set goes and whether an existing
/// directory may be replaced.
#[derive(Debug, Clone)]
pub struct Destination {
    target: PathBuf,
    parent: PathBuf,
    name: String,
    force: bool,
}

/// Marks an existing destination that softpower will not overwrite (a bad-input error).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct Refused(pub String);

/// `<pid>-<nanoseconds>`: a name part no other process or earlier run uses.
pub(crate) fn unique_suffix() -> String {
    use std::time::{SystemTime, UNIX_EPOCH};
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    format!("{}-{nanos:09}", std::process::id())
}

/// Every regular file under `dir` (relative paths); `Err` names the first entry that is neither a
/// regular file nor a directory (a link, a socket, ...).
fn files_under(dir: &Path, rel: &Path, out: &mut Vec<PathBuf>) -> Result<(), PathBuf> {
    // An entry that vanishes while we look (another run swapping its set in) is skipped.
    let gone = |e: &std::io::Error| e.kind() == std::io::ErrorKind::NotFound;
    let entries = match fs::read_dir(dir) {
        Ok(x) => x,
        Err(e) if gone(&e) => return Ok(()),
        Err(_) => return Err(rel.to_path_buf()),
    };
    for e in entries {
        let e = match e {
            Ok(x) => x,
            Err(e) if gone(&e) => continue,
            Err(_) => return Err(rel.to_path_buf()),
        };
        let kind = match e.file_type() {
            Ok(k) => k,
            Err(x) if gone(&x) => continue,
            Err(_) => return Err(rel.join(e.file_name())),
        };
        let r = rel.join(e.file_name());
        if kind.is_dir() {
            files_under(&e.path(), &r, out)?;
        } else if kind.is_file() {
            out.push(r);
        } else {
            return Err(r);
        }
    }
    Ok(())
}

impl Destination {
    /// Check `target` before simulating: its parent can be written to, and an existing directory
    /// there is one softpower wrote (or `force`).
    pub fn check(target: &Path, force: bool) -> anyhow::Result<Destination> {
        let name = match target.components().next_back() {
            Some(Component::Normal(n)) => n.to_string_lossy().into_owned(),
            _ => bail!(Refused(format!(
                "--out {}: give a directory name (not `.`, `..` or a root)",
                target.display()
            ))),
        };
        let parent = target
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."))
            .to_path_buf();
        fs::create_dir_all(&parent)
            .with_context(|| format!("cannot create the directory {}", parent.display()))?;
        // Writable: a probe directory beside the destination.
        let probe = parent.join(format!(".{name}.softpower-probe-{}", unique_suffix()));
        fs::create_dir(&probe)
            .with_context(|| format!("cannot write into {}", parent.display()))?;
        let _ = fs::remove_dir(&probe);
        let d = Destination {
            target: target.to_path_buf(),
            parent,
            name,
            force,
        };
        d.check_existing()?;
        Ok(d)
    }

    /// The destination directory.
    pub fn path(&self) -> &Path {
        &self.target
    }

    fn check_existing(&self) -> anyhow::Result<()> {
        let meta = match fs::symlink_metadata(&self.target) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
            Err(e) => return Err(e).with_context(|| format!("reading {}", self.target.display())),
            Ok(m) => m,
        };
        let shown = self.target.display();
        if self.force {
            if meta.is_dir() || meta.file_type().is_symlink() {
                return Ok(());
            }
            bail!(Refused(format!("--out {shown} is a file, not a directory")));
        }
        if meta.file_type().is_symlink() {
            bail!(Refused(format!(
                "--out {shown} is a symbolic link; give the directory itself (or --force to replace the link)"
            )));
        }
        if !meta.is_dir() {
            bail!(Refused(format!("--out {shown} is a file, not a directory")));
        }
        let mut files = Vec::new();
        if let Err(odd) = files_under(&self.target, Path::new(""), &mut files) {
            bail!(Refused(format!(
                "{shown} holds `{}`, which is not a regular file: softpower will not write there (use --force to replace the whole directory)",
                odd.display()
            )));
        }
        if files.is_empty() {
            return Ok(());
        }
        let listed: Vec<PathBuf> = match fs::read_to_string(self.target.join(MANIFEST)) {
            Ok(t) => t.lines().map(PathBuf::from).collect(),
            Err(_) => bail!(Refused(format!(
                "{shown} exists and was not written by softpower (no {MANIFEST}); choose another --out, empty it, or use --force to replace it whole"
            ))),
        };
        let foreign: Vec<String> = files
            .iter()
            .filter(|f| f.as_os_str() != MANIFEST && !listed.contains(f))
            .map(|f| f.display().to_string())
            .collect();
        if !foreign.is_empty() {
            bail!(Refused(format!(
                "{shown} holds files softpower did not write ({}); move them away or use --force to replace the whole directory",
                foreign.join(", ")
            )));
        }
        Ok(())
    }

    /// Write `files` as the new content of the destination, replacing the previous set whole.
    /// Returns the paths written (under the destination).
    pub fn write(&self, files: &[Rendered]) -> anyhow::Result<Vec<PathBuf>> {
        self.stage()?.commit(files)
    }

    /// Start the new set in a fresh directory beside the destination, for files written as a
    /// run goes ([`Staging::create`]); [`Staging::commit`] completes it and puts it in place.
    /// Until then the destination is untouched, and a staging dropped uncommitted (an error, an
    /// interruption) is removed with everything in it.
    pub fn stage(&self) -> anyhow::Result<Staging> {
        let dir = self
            .parent
            .join(format!(".{}.softpower-tmp-{}", self.name, unique_suffix()));
        fs::create_dir(&dir).with_context(|| format!("creating {}", dir.display()))?;
        Ok(Staging {
            dest: self.clone(),
            dir,
            streamed: Vec::new(),
            committed: false,
        })
    }

    /// [`Destination::check_existing`] again just before the swap: the destination may have
    /// changed since the check (another run, a user). A run that swaps its set in while we look
    /// can make one look inconsistent: look again.
    fn recheck(&self) -> anyhow::Result<()> {
        let mut check = self.check_existing();
        for _ in 0..3 {
            if check.is_ok() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
            check = self.check_existing();
        }
        check
    }
}

/// A new output set being filled in a fresh directory beside its destination (see
/// [`Destination::stage`]).
#[derive(Debug)]
pub struct Staging {
    dest: Destination,
    dir: PathBuf,
    streamed: Vec<PathBuf>,
    committed: bool,
}

/// `rel` when it is a plain relative path (no `..`, no root), else an error.
fn plain(rel: &Path) -> anyhow::Result<&Path> {
    let safe = rel.components().all(|c| matches!(c, Component::Normal(_)));
    if !safe || rel.as_os_str().is_empty() {
        bail!(
            "refusing to write {}: not a plain relative path",
            rel.display()
        );
    }
    Ok(rel)
}

impl Staging {
    /// Create the file `rel` of the set, to be written as the run goes (created exclusively: a
    /// second file of that name, streamed or rendered, is an error).
    pub fn create(&mut self, rel: &Path) -> anyhow::Result<fs::File> {
        let f = self.new_file(plain(rel)?)?;
        self.streamed.push(rel.to_path_buf());
        Ok(f)
    }

    fn new_file(&self, rel: &Path) -> anyhow::Result<fs::File> {
        let path = self.dir.join(rel);
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
        }
        OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .with_context(|| format!("creating {}", path.display()))
    }

    /// Add `files` to the set, flush it to disk and put it in place of the destination's
    /// previous content, whole. Returns the paths written (under the destination): the streamed
    /// files, then `files`.
    pub fn commit(mut self, files: &[Rendered]) -> anyhow::Result<Vec<PathBuf>> {
        self.dest.recheck()?;
        let mut listed: Vec<PathBuf> = self.streamed.clone();
        for (rel, bytes) in files {
            if INTERRUPTED.load(Ordering::Relaxed) {
                bail!("interrupted");
            }
            let mut f = self.new_file(plain(rel)?)?;
            f.write_all(bytes)
                .with_context(|| format!("writing {}", self.dir.join(rel).display()))?;
            listed.push(rel.clone());
        }
        let mut manifest = String::new();
        for rel in &listed {
            manifest.push_str(&rel.display().to_string());
            manifest.push('\n');
        }
        let mut m = OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(self.dir.join(MANIFEST))?;
        m.write_all(manifest.as_bytes())?;
        sync_tree(&self.dir)?;
        if INTERRUPTED.load(Ordering::Relaxed) {
            bail!("interrupted");
        }
        swap_into_place(&self.dir, &self.dest.target)?;
        self.committed = true;
        if let Ok(d) = fs::File::open(&self.dest.parent) {
            let _ = d.sync_all();
        }
        Ok(listed.iter().map(|r| self.dest.target.join(r)).collect())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

/// Flush everything written under `dir` to disk: one `syncfs` of its file system on Linux, one
/// fsync per file elsewhere.
fn sync_tree(dir: &Path) -> anyhow::Result<()> {
    #[cfg(target_os = "linux")]
    {
        use std::os::fd::AsRawFd;
        let d = fs::File::open(dir)?;
        // SAFETY: `syncfs` takes a file descriptor that stays open for the call (`d` lives
        // until the end of the block) and touches no memory of ours.
        let r = unsafe { libc::syncfs(d.as_raw_fd()) };
        if r != 0 {
            return Err(std::io::Error::last_os_error())
                .with_context(|| format!("flushing {} to disk", dir.display()));
        }
        Ok(())
    }
    #[cfg(not(target_os = "linux"))]
    {
        let mut files = Vec::new();
        let _ = files_under(dir, Path::new(""), &mut files);
        for f in files {
            fs::File::open(dir.join(f))?.sync_all()?;
        }
        Ok(())
    }
}

/// Put `tmp` at `target`: a plain rename when `target` is absent; else an atomic exchange
/// (Linux `renameat2(RENAME_EXCHANGE)`) or, where that is missing, two renames; the old set is
/// then removed.
fn swap_into_place(tmp: &Path, target: &Path) -> anyhow::Result<()> {
    if let Err(e) = fs::symlink_metadata(target) {
        if e.kind() == std::io::ErrorKind::NotFound {
            match fs::rename(tmp, target) {
                Ok(()) => return Ok(()),
                // Another run put its set there in the meantime: exchange with it below.
                Err(_) if target.exists() => {}
                Err(e) => {
                    return Err(e)
                        .with_context(|| format!("moving the results to {}", target.display()))
                }
            }
        }
    }
    if exchange(tmp, target).is_ok() {
        // `tmp` now holds the previous set.
        let _ = fs::remove_dir_all(tmp).or_else(|_| fs::remove_file(tmp));
        return Ok(());
    }
    let old = target.with_file_name(format!(
        ".{}.softpower-old-{}",
        target
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
        unique_suffix()
    ));
    fs::rename(target, &old)
        .with_context(|| format!("moving the previous results out of {}", target.display()))?;
    if let Err(e) = fs::rename(tmp, target) {
        let _ = fs::rename(&old, target);
        return Err(e).with_context(|| format!("moving the results to {}", target.display()));
    }
    let _ = fs::remove_dir_all(&old).or_else(|_| fs::remove_file(&old));
    Ok(())
}

#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let ca = CString::new(a.as_os_str().as_bytes())?;
    let cb = CString::new(b.as_os_str().as_bytes())?;
    // SAFETY: both paths are NUL-terminated strings that outlive the call; AT_FDCWD makes them
    // relative to the working directory; renameat2 writes no memory of ours.
    let r = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            ca.as_ptr(),
            libc::AT_FDCWD,
            cb.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if r == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_a: &Path, _b: &Path) -> std::io::Result<()> {
    Err(std::io::Error::from(std::io::ErrorKind::Unsupported))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(names: &[&str]) -> Vec<Rendered> {
        names
            .iter()
            .map(|n| (PathBuf::from(n), n.as_bytes().to_vec()))
            .collect()
    }

    fn listing(dir: &Path) -> Vec<String> {
        let mut v = Vec::new();
        files_under(dir, Path::new(""), &mut v).unwrap();
        let mut s: Vec<String> = v.iter().map(|p| p.display().to_string()).collect();
        s.sort();
        s
    }

    #[test]
    fn replaces_the_whole_set_and_leaves_nothing_beside_it() {
        let d = tempfile::tempdir().unwrap();
        let out = d.path().join("out");
        let dest = Destination::check(&out, false).unwrap();
        dest.write(&files(&["a.csv", "charts/x.png"])).unwrap();
        assert_eq!(listing(&out), [MANIFEST, "a.csv", "charts/x.png"]);
        let dest = Destination::check(&out, false).unwrap();
        dest.write(&files(&["a.csv"])).unwrap();
        assert_eq!(listing(&out), [MANIFEST, "a.csv"], "stale files go");
        let beside: Vec<_> = fs::read_dir(d.path()).unwrap().collect();
        assert_eq!(beside.len(), 1, "no temporary directories left");
    }

    #[test]
    fn a_staged_set_goes_in_whole_or_not_at_all() {
        let d = tempfile::tempdir().unwrap();
        let out = d.path().join("out");
        let dest = Destination::check(&out, false).unwrap();
        dest.write(&files(&["a.csv"])).unwrap();
        // Dropped before the commit (an error, an interruption): nothing changes, nothing stays.
        let mut st = dest.stage().unwrap();
        st.create(Path::new("big.bin"))
            .unwrap()
            .write_all(b"half")
            .unwrap();
        drop(st);
        assert_eq!(listing(&out), [MANIFEST, "a.csv"]);
        assert_eq!(
            fs::read_dir(d.path()).unwrap().count(),
            1,
            "staging removed"
        );
        // Committed: the streamed file joins the set and its manifest.
        let mut st = dest.stage().unwrap();
        st.create(Path::new("big.bin"))
            .unwrap()
            .write_all(b"all")
            .unwrap();
        assert!(st.create(Path::new("../escape")).is_err());
        assert!(st.create(Path::new("big.bin")).is_err(), "created once");
        let written = st.commit(&files(&["b.csv"])).unwrap();
        assert_eq!(written, [out.join("big.bin"), out.join("b.csv")]);
        assert_eq!(listing(&out), [MANIFEST, "b.csv", "big.bin"]);
        assert_eq!(
            fs::read_to_string(out.join(MANIFEST)).unwrap(),
            "big.bin\nb.csv\n"
        );
        assert_eq!(fs::read_dir(d.path()).unwrap().count(), 1);
        // A rendered file may not share a streamed one's name.
        let mut st = dest.stage().unwrap();
        st.create(Path::new("b.csv")).unwrap();
        assert!(st.commit(&files(&["b.csv"])).is_err());
        assert_eq!(listing(&out), [MANIFEST, "b.csv", "big.bin"]);
        assert_eq!(fs::read_dir(d.path()).unwrap().count(), 1);
    }

    #[test]
    fn refuses_foreign_content_unless_forced() {
        let d = tempfile::tempdir().unwrap();
        let out = d.path().join("out");
        fs::create_dir(&out).unwrap();
        fs::write(out.join("notes.txt"), "mine").unwrap();
        let e = Destination::check(&out, false).unwrap_err().to_string();
        assert!(e.contains("not written by softpower"), "{e}");
        Destination::check(&out, true)
            .unwrap()
            .write(&files(&["a.csv"]))
            .unwrap();
        assert_eq!(listing(&out), [MANIFEST, "a.csv"]);
        fs::write(out.join("notes.txt"), "mine").unwrap();
        let e = Destination::check(&out, false).unwrap_err().to_string();
        assert!(e.contains("notes.txt"), "{e}");
    }

    #[cfg(unix)]
    #[test]
    fn a_planted_link_is_never_followed() {
        let d = tempfile::tempdir().unwrap();
        let victim = d.path().join("victim.txt");
        fs::write(&victim, "keep").unwrap();
        let out = d.path().join("out");
        Destination::check(&out, false)
            .unwrap()
            .write(&files(&["a.csv"]))
            .unwrap();
        std::os::unix::fs::symlink(&victim, out.join("summary.csv")).unwrap();
        let e = Destination::check(&out, false).unwrap_err().to_string();
        assert!(e.contains("not a regular file"), "{e}");
        Destination::check(&out, true)
            .unwrap()
            .write(&files(&["summary.csv"]))
            .unwrap();
        assert_eq!(fs::read_to_string(&victim).unwrap(), "keep");
        assert_eq!(
            fs::read_to_string(out.join("summary.csv")).unwrap(),
            "summary.csv"
        );
    }
}
