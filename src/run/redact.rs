//! `gclint redact`: a copy of a capture with every credential replaced.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::common::{Outcome, note};
use super::error::Error;
use super::error::{Aftermath, Refusal, Target};
use crate::cli::RedactArgs;
use crate::files::{self, Atomic, ReadError};
use crate::input::{Includes, ReadOptions};

/// Where the copy is written while it is made: a temporary file next to its target, renamed over
/// it at the end (see files::Atomic), or, for stdout, an unnamed temporary file copied out at the
/// end. Either way a failure writes nothing.
enum Copy<'t> {
    Target(Atomic, &'t Path),
    Stdout(std::fs::File),
}

/// `gclint redact`: exit 0 when the copy is written, 2 when the input cannot be read or
/// redacted completely or the copy cannot be written (nothing is written then, and the input is
/// untouched). The input is read as a stream (a HAR a window of entries at a time) into a
/// temporary file, which becomes the copy only when the whole redaction succeeded.
pub(super) fn redact(args: &RedactArgs) -> Result<Outcome, Error> {
    let stdin = args.input.as_os_str() == "-";
    if stdin && args.in_place {
        return Err(Error::Usage("--in-place needs a file, not stdin".into()));
    }
    // Where the copy goes, settled before the input is read. In place, a link named as the input
    // stays a link: the file it leads to is redacted. A copy never goes onto its own input.
    let in_place = args
        .in_place
        .then(|| files::resolve_link(&args.input))
        .transpose()
        .map_err(|e| Error::Read { path: args.input.display().to_string(), source: ReadError::Io(e) })?;
    if let Some(out) = &args.output {
        let mut input = files::Inputs::default();
        input.add(if stdin { Path::new("-") } else { &args.input });
        if input.holds(out) {
            return Err(Refusal::CopyOntoInput(out.clone()).into());
        }
    }
    let name = if stdin { crate::source::STDIN.to_owned() } else { args.input.display().to_string() };
    let opts = ReadOptions {
        format: args.input_format,
        http_env: None,
        postman_env: None,
        max_decompressed: args.max_decompressed_size,
        max_body: 0,
        includes: Includes::Confined,
        max_file: args.max_file_size,
    };
    let made = match in_place.as_ref().or(args.output.as_ref()) {
        Some(target) => Atomic::create(target).map(|out| Copy::Target(out, target)),
        None => tempfile::tempfile().map(Copy::Stdout),
    };
    let mut copy = made.map_err(|source| Error::Write {
        target: Target::CopyOf(name.clone()),
        source,
        aftermath: Aftermath::NothingWritten,
    })?;
    let redacted = {
        let file = match &mut copy {
            Copy::Target(out, _) => out.file(),
            Copy::Stdout(file) => file,
        };
        let mut sink = std::io::BufWriter::new(file);
        let done = if stdin {
            crate::redact::redact_to(std::io::stdin(), &name, &opts, &mut sink)
        } else {
            let file = files::open_regular(&args.input).map_err(|source| Error::Read { path: name.clone(), source })?;
            crate::redact::redact_to(std::io::BufReader::new(file), &name, &opts, &mut sink)
        };
        done.and_then(|s| {
            sink.flush().map_err(|e| crate::redact::Error(format!("cannot write the copy: {e}")))?;
            Ok(s)
        })
    };
    let redacted = redacted.map_err(|source| Error::Redact { input: name.clone(), source })?;
    let (out, target) = match copy {
        Copy::Target(out, target) => (out, target),
        Copy::Stdout(mut file) => {
            let mut stdout = std::io::stdout().lock();
            std::io::Seek::rewind(&mut file)
                .and_then(|_| std::io::copy(&mut file, &mut stdout))
                .and_then(|_| stdout.flush())
                .map_err(|e| Error::write(Target::Stdout, e))?;
            note(format_args!("redacted {} in {name} (read as {})", redacted.summary(), redacted.format.name()));
            return Ok(Outcome::Pass);
        }
    };
    if args.in_place && !args.no_backup {
        // Next to the file redacted, which is where a link named as the input leads; a streamed
        // copy (a capture may be large) with the original's permissions.
        let mut backup = target.as_os_str().to_owned();
        backup.push(".bak");
        let backup = PathBuf::from(backup);
        let copied =
            files::open_regular(target).map_err(|e| std::io::Error::other(e.to_string())).and_then(|mut original| {
                let mut copy = Atomic::copy_of(target, &backup)?;
                std::io::copy(&mut original, copy.file())?;
                copy.commit()
            });
        copied.map_err(|source| Error::Write {
            target: Target::Backup(backup),
            source,
            aftermath: Aftermath::Untouched(name.clone()),
        })?;
    }
    out.commit().map_err(|source| Error::Write {
        target: Target::File(target.to_path_buf()),
        source,
        aftermath: Aftermath::Untouched(name.clone()),
    })?;
    note(format_args!(
        "redacted {} in {name} (read as {}); wrote {}",
        redacted.summary(),
        redacted.format.name(),
        target.display()
    ));
    Ok(Outcome::Pass)
}
