"""`python -m eval`: the evaluation harness (see eval/README.md)."""

import sys

from eval.run import main

sys.exit(main(sys.argv[1:]))
