"""Review in the window: comments on the panes, the comments dock, merging reviewers' copies."""
