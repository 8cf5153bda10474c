"""Local development: DEBUG on unless DJANGO_DEBUG says otherwise."""

from .base import *  # noqa: F401,F403
from .base import env_bool

DEBUG = env_bool("DJANGO_DEBUG", True)
