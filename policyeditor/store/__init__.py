"""The .policy file: one SQLite database holding one policy, its draft and its whole history."""

from policyeditor.store.audit import AuditEntry
from policyeditor.store.policyfile import PolicyFile, VersionInfo

__all__ = ["AuditEntry", "PolicyFile", "VersionInfo"]
