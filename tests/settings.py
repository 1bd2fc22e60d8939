"""Settings for the test run: the portal's own, as a deployment without DEBUG would have them,
with a secret key that is only ever used by tests. The one place the suite sets what the
portal's settings need from the environment (pyproject.toml names this module)."""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-" + "c4Rk8Wm2Qx7Vz1Lp5Ty9Hn3Bd6Fg0Js" * 2)

from portal.settings import *  # noqa: F403
