"""Editing a draft: the compare view, section editor, rich text, find/replace and undoable commands."""
