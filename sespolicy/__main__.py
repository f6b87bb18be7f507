import sys

from sespolicy.cli import main

sys.exit(main())
