"""`python -m policyeditor` runs the command line."""

import sys

from policyeditor.cli import main

sys.exit(main())
