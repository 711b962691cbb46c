"""Files in and out of policyeditor, split by job.

importers/ read other files into policies; exporters/ write clean DOCX and HTML;
redline/ writes what changed between two versions (HTML, JSON, text, tracked
DOCX, blackline); ooxml/ holds the WordprocessingML building blocks, one
element family a module, as python-docx's oxml/ does.
"""
