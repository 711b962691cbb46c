"""Jobs shared by the command line and the window: import, compare, export, recover, merge.

Qt-free. Each job takes a `jobs.Job` (progress and cancel), writes any file it
makes beside its target and renames it into place only on success
(`files.write_into_place`), and fails with one sentence (`jobs.JobError`).
"""
