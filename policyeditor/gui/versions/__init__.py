"""The versions panel: approved versions and the base a comparison is made against."""
