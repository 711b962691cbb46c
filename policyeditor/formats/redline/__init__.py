"""Redline writers: what changed between two versions, as HTML, JSON, text, tracked DOCX or blackline."""
