"""The package's exceptions: each one a mistake or mishap a user can cause.

They are caught at the edge (command line, dialog) and told in one sentence, so
their message must read as that sentence.
"""


class PolicyError(Exception):
    """Base of every error a user can cause."""


class PolicyFileError(PolicyError):
    """A .policy file cannot be opened, read or written."""


class FileInUseError(PolicyFileError):
    """Another process is writing the .policy file."""


class ReadOnlyFileError(PolicyFileError):
    """The .policy file, or its folder, may not be written: it can be opened read-only."""


class ImportError_(PolicyError):
    """A source document cannot be imported."""


class UnknownFormatError(PolicyError):
    """A file's kind is not one we read or write."""


class VersionNotFoundError(PolicyError):
    """A version label names no version of the policy."""


class LockedVersionError(PolicyError):
    """An approved or published version cannot change."""


class WorkflowError(PolicyError):
    """A status change the workflow does not allow."""


class LibraryError(PolicyError):
    """The team library (PostgreSQL) cannot be reached, read or written."""
