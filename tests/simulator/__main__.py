"""``python tests/simulator [--port N] [--services N] [--latency S]``: start the simulator."""

import os
import sys

if __package__ in (None, ""):
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    from simulator.server import main
else:
    from .server import main

sys.exit(main())
