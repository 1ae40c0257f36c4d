"""xTom client API simulator (test tooling; not part of the built collection)."""

from .app import ApiError, Simulator  # noqa: F401
from .seed import DEMO_PASSWORD, DEMO_USERNAME  # noqa: F401
