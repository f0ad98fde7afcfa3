"""The docs pages and chosen entries that evidence cites, named once (evidence.py and evidence_fields.py use them)."""

from __future__ import annotations

from .provenance import decided

# ---- pages -----------------------------------------------------------------------------------------
CREATE = "api/incidents/create"
LIST = "api/incidents/list"
GET = "api/incidents/get"
STATUS = "api/incidents/update-status"
UPDATES = "api/incidents/updates-put"
UPDATES_LIST = "api/incidents/updates-list"
REDACT = "api/incidents/updates-redact"
QUICKSTART = "quickstart"
FIRST_INCIDENT = "guides/create-first-incident"
ACK = "concepts/acknowledgment-and-handoff"
COMPONENTS = "concepts/components"
SCHEDULES = "api/oncall/schedules"
LAYERS = "api/oncall/layers"
SCHEDULE_GUIDE = "guides/set-up-oncall-schedule"
POLICIES = "api/escalation/policies"
POLICY_LAYERS = "api/escalation/layers"
POLICY_GUIDE = "guides/configure-escalation-policy"
TEAM = "api/team/members"
INVITE_GUIDE = "guides/invite-team-members"
ERRORS_PAGE = "api/errors"

# ---- chosen entries (titles in mockscaling/chosen/) ---------------------------------------------------
INCIDENT_FIELDS = decided("Incident fields under chosen names")
HANDOFF = decided("Handoff path")
REUSED_CODES = decided("Codes reused beyond the operations the docs list them for")
REORDER = decided("Layer reorder bodies")
RESOLVE = decided("Resolve answer")
POLICY_LAYER_EXTRAS = decided("Policy layer extras")
RULE_CODES = decided("Codes for rules the docs state without a code")
OVERRIDE = decided("Schedule-wide override")
AUTH_CODES = decided("401 codes")

# The schedules page's sentence that both the GET-one operation and ScheduleDetail.layers rest on.
SCHEDULE_LAYERS_QUOTE = ("Returns schedule metadata only — to include rotation layers, fetch an individual schedule with "
                         "GET /oncall/schedules/{scheduleId}.")
