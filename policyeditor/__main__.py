"""`python -m policyeditor` runs the command line."""

import sys

from policyeditor.cli import program

sys.exit(program())
