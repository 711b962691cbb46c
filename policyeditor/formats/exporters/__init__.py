"""Writing policies out: clean DOCX and HTML, the export details, and what keeps an export safe."""
