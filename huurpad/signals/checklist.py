"""The Bgs checklist: the four conditions of Bgs art. 2 an early signal waits for, with their
evidence, for the tenancy page (huurpad/casefile) and the court evidence pack (evidence.py)."""

from huurpad.cases.models import CaseEvent
from huurpad.collection import snapshots
from huurpad.collection.models import PolicyVersion
from huurpad.core import ledger
from huurpad.core.policy import bgs, rules
from huurpad.core.policy.config import Policy
from huurpad.tenancies import arrears
from huurpad.tenancies.models import Tenancy


def bgs_checklist(
    tenancy: Tenancy,
    row: arrears.TenancyArrears,
    entries: list[ledger.Entry],
    events: list[CaseEvent],
    today,
    policy: Policy | None = None,
    snapshot=None,
) -> dict | None:
    """The four conditions of Bgs art. 2 for the current arrears, with their evidence and what is
    still missing before an early signal may go out, and what else the policy waits for (the
    blockers of rules.signal_blockers); None without arrears. From the tenancy's
    whole ledger and timeline (`events` newest first), as the policy run would see them, under
    `policy` (the current one when not given); `snapshot` when the page has built it already."""
    if row.position.arrears <= 0:
        return None
    snapshot = snapshot or snapshots.of_tenancy(
        tenancy, row, entries, events, today, policy or PolicyVersion.current().load()
    )
    conditions = bgs.conditions(snapshot)
    return {
        "conditions": conditions,
        "missing": [c for c in conditions if not c.met],
        "blockers": rules.signal_blockers(snapshot, today),  # as the policy run asks them
        "since": snapshot.episode_start,
    }
