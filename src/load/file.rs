//! Files hcp opens: only regular files, opened once, without blocking on a FIFO, read no further
//! than one byte past their limit, and (in a pathway set) never through a symbolic link. See
//! "Files hcp opens" in docs/reliability.md and hazard H13.

use std::fs;
use std::path::Path;

use super::LINK_IN_SET;
use super::yaml;

/// What [`read_text`] does with a symbolic link.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Links {
    /// Read through a link to a regular file (a family file: the user named it, and hcp never
    /// prints a line of it). A link to anything else is refused like that thing.
    Follow,
    /// Refuse every link, without looking at what it points to (a file in a pathway set, which a
    /// pull request may add and whose lines are quoted in findings).
    Refuse,
}

/// What a file that is not a regular file is, in words ("a named pipe (FIFO)").
fn kind_of(file_type: fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if file_type.is_char_device() {
            return "a character device";
        }
        if file_type.is_block_device() {
            return "a block device";
        }
        if file_type.is_socket() {
            return "a socket";
        }
    }
    if file_type.is_dir() {
        "a directory"
    } else if file_type.is_symlink() {
        "a symbolic link"
    } else {
        "not a regular file"
    }
}

/// Why a file that is not a regular file is refused; `linked` when it was reached through a link.
fn not_regular(file_type: fs::FileType, linked: bool) -> String {
    let what = kind_of(file_type);
    match (linked, file_type.is_dir()) {
        // Kept word for word: the corpus and users know it.
        (false, true) => "is a directory, not a file".to_string(),
        (false, false) => format!("is {what}, not a regular file"),
        (true, _) => format!("is a symbolic link to {what}, not to a regular file"),
    }
}

/// Open a file for reading without blocking on a FIFO (`O_NONBLOCK`: the open of a FIFO returns at
/// once, and the file type check after it refuses it), without making a terminal the controlling
/// one (`O_NOCTTY`), and with `Links::Refuse` without following a link (`O_NOFOLLOW`: one put in
/// place after the `symlink_metadata` check fails to open). Reads of regular files ignore
/// `O_NONBLOCK`. Elsewhere a plain open, after the same checks.
#[cfg_attr(not(unix), allow(unused_variables))]
fn open_for_reading(path: &Path, links: Links) -> std::io::Result<fs::File> {
    let mut options = fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        let nofollow = if links == Links::Refuse {
            libc::O_NOFOLLOW
        } else {
            0
        };
        options.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY | nofollow);
    }
    options.open(path)
}

/// Why a file could not be looked at, to follow "it" in a message ("it does not exist").
fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "does not exist".to_string(),
        std::io::ErrorKind::PermissionDenied => "may not be read (permission denied)".to_string(),
        _ => format!("could not be looked at ({e})"),
    }
}

/// Read a text file of at most `limits.bytes` bytes. Only a regular file is read: a directory, a
/// FIFO, a device or a socket is refused from its metadata before it is opened, and again from the
/// opened handle's metadata (the path may have changed between the two), so nothing can hang or
/// stream without end. The file is opened once and at most one byte over the limit is read,
/// whatever its metadata says (files under `/proc` report 0 bytes). Links as `links` says.
pub fn read_text(path: &Path, limits: &yaml::Limits, links: Links) -> Result<String, String> {
    use std::io::Read;
    let own = fs::symlink_metadata(path).map_err(|e| io_reason(&e))?;
    let linked = own.file_type().is_symlink();
    let meta = match (linked, links) {
        (false, _) => own,
        (true, Links::Refuse) => return Err(LINK_IN_SET.to_string()),
        (true, Links::Follow) => fs::metadata(path).map_err(|e| e.to_string())?,
    };
    if !meta.is_file() {
        return Err(not_regular(meta.file_type(), linked));
    }
    let too_large = |size: String| {
        format!(
            "is {size} bytes; hcp reads a {} of up to {} bytes",
            limits.kind, limits.bytes
        )
    };
    if meta.len() > limits.bytes {
        return Err(too_large(meta.len().to_string()));
    }
    let file = open_for_reading(path, links).map_err(|e| match e.raw_os_error() {
        #[cfg(unix)]
        Some(libc::ELOOP) if links == Links::Refuse => LINK_IN_SET.to_string(),
        _ => e.to_string(),
    })?;
    let opened = file.metadata().map_err(|e| e.to_string())?;
    if !opened.is_file() {
        return Err(not_regular(opened.file_type(), linked));
    }
    let capacity = usize::try_from(opened.len().min(limits.bytes)).unwrap_or(0);
    let mut bytes = Vec::with_capacity(capacity);
    file.take(limits.bytes.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| e.to_string())?;
    if bytes.len() as u64 > limits.bytes {
        // Grew after its size was read, or reports no size (a file under `/proc`).
        return Err(too_large(format!("more than {}", limits.bytes)));
    }
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "is not valid UTF-8 (invalid byte at offset {}); save it as UTF-8",
            e.utf8_error().valid_up_to()
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    /// A FIFO at `dir/name`, made with `mkfifo`.
    #[cfg(unix)]
    fn fifo(dir: &Path, name: &str) -> PathBuf {
        let path = dir.join(name);
        let made = std::process::Command::new("mkfifo").arg(&path).status();
        assert!(made.is_ok_and(|s| s.success()), "mkfifo");
        path
    }

    #[cfg(unix)]
    #[test]
    fn opening_a_fifo_does_not_block() {
        // What `read_text` does if a FIFO replaces a checked file before the open: the open returns
        // at once (no writer needed), and the handle's own metadata refuses it.
        let dir = tempfile::tempdir().unwrap();
        let path = fifo(dir.path(), "x.yaml");
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let opened =
                open_for_reading(&path, Links::Follow).map(|f| f.metadata().map(|m| m.file_type()));
            let _ = tx.send(opened.is_ok_and(|m| m.is_ok_and(|t| !t.is_file())));
        });
        let refused = rx.recv_timeout(std::time::Duration::from_secs(5));
        assert_eq!(
            refused,
            Ok(true),
            "the open blocked, failed, or saw a regular file"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_link_put_in_place_after_the_check_is_not_followed() {
        // `Links::Refuse` opens with O_NOFOLLOW, so a link that was not there at the check fails.
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("target.yaml");
        fs::write(&target, "secret: 1\n").unwrap();
        let link = dir.path().join("x.yaml");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        assert!(open_for_reading(&link, Links::Refuse).is_err());
        assert!(open_for_reading(&link, Links::Follow).is_ok());
    }

    #[cfg(unix)]
    #[test]
    fn special_files_are_refused_by_what_they_are() {
        let dir = tempfile::tempdir().unwrap();
        let path = fifo(dir.path(), "x.yaml");
        let limits = &yaml::FAMILY_LIMITS;
        assert_eq!(
            read_text(&path, limits, Links::Follow),
            Err("is a named pipe (FIFO), not a regular file".to_string())
        );
        assert_eq!(
            read_text(Path::new("/dev/zero"), limits, Links::Follow),
            Err("is a character device, not a regular file".to_string())
        );
        let link = dir.path().join("zero.yaml");
        std::os::unix::fs::symlink("/dev/zero", &link).unwrap();
        assert_eq!(
            read_text(&link, limits, Links::Follow),
            Err("is a symbolic link to a character device, not to a regular file".to_string())
        );
        assert_eq!(
            read_text(&link, limits, Links::Refuse),
            Err(LINK_IN_SET.to_string())
        );
        assert_eq!(
            read_text(dir.path(), limits, Links::Refuse),
            Err("is a directory, not a file".to_string())
        );
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn the_size_limit_holds_for_what_is_read_not_what_metadata_says() {
        // Files under /proc report a size of 0 and hold more.
        let path = Path::new("/proc/self/status");
        assert_eq!(fs::metadata(path).map(|m| m.len()).ok(), Some(0));
        let limits = yaml::Limits {
            bytes: 16,
            ..yaml::FAMILY_LIMITS
        };
        assert_eq!(
            read_text(path, &limits, Links::Follow),
            Err("is more than 16 bytes; hcp reads a family file of up to 16 bytes".to_string())
        );
    }
}
