"""The namespace WordprocessingML's elements and attributes are named in, as lxml spells it
("{…}p"); the other namespaces are named by the one module that reads them."""

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
