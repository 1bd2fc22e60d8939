"""factory_boy factories, one module per app; import them from here or from the module."""

from tests.factories.accounts import *  # noqa: F403
from tests.factories.candidates import *  # noqa: F403
from tests.factories.employers import *  # noqa: F403
from tests.factories.learning import *  # noqa: F403
from tests.factories.onboarding import *  # noqa: F403
from tests.factories.pastoral import *  # noqa: F403
from tests.factories.reminders import *  # noqa: F403
