"""`python -m policyeditor` runs the command line."""

import gc
import sys

if sys.argv[1:2] == ["compare"]:
    gc.disable()  # already while the command line is imported (~1 ms of collections): see cli.program

from policyeditor.cli import program  # noqa: E402

sys.exit(program())
