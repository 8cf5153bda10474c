"""Writes for scrutiny, by subject: meetings and the work programme, recommendations, action
plans, chasing. Views, the API and tasks call these; the seed loader is scrutiny/seed.py."""

from ._common import (  # noqa: F401
    CHASE_SCHEDULE_NAME,
    CHASE_TASK,
    M2M_FIELDS,
    SCRUTINY_DIR,
    ScrutinyDataError,
)
from .action_plans import (  # noqa: F401
    action_can_update,
    action_create,
    action_plan_create,
    action_plan_update,
    action_progress_add,
    action_update,
    plan_recommendation_create,
)
from .chasing import (  # noqa: F401
    ChaseResult,
    chase_digest_text,
    chase_digests_send,
    schedule_setup,
)
from .meetings import (  # noqa: F401
    DecisionInput,
    committee_create,
    committee_update,
    item_create,
    item_record,
    item_update,
    key_decision_create,
    key_decision_update,
    meeting_create,
    meeting_update,
    work_programme_item_create,
    work_programme_item_update,
)
from .recommendations import (  # noqa: F401
    NOTHING_CHANGED,
    recommendation_can_respond,
    recommendation_create,
    recommendation_respond,
    recommendation_update,
)
