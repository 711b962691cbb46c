"""WordprocessingML building blocks, one element family a module (as python-docx's oxml/ does)."""
