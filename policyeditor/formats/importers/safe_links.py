"""Which link targets an import keeps as links: the web, mail and places inside the document.

A link to anything else (javascript:, file:, a custom scheme) is kept as its words
only, so nothing imported can be made to run or open something by a click.
"""

SAFE_LINK_SCHEMES = ("http://", "https://", "mailto:", "#")  # a link elsewhere is kept as plain text
