"""The initiative store: every work item as one row of a struct of numpy arrays.

Initiatives make no decisions, and there are thousands of them, so they are data, not agents.
Every status change goes through `InitiativeStore.transition`, which refuses illegal moves, so each
initiative is always in exactly one status and its timestamps follow its history.
"""

from __future__ import annotations

import numpy as np

REQUESTED, DECLINED, BACKLOG, IN_PROGRESS, DONE, KILLED, PRUNED, ROLLED_BACK = range(8)
STATUS_NAMES = (
    "requested",
    "declined",
    "backlog",
    "in_progress",
    "done",
    "killed",
    "pruned",
    "rolled_back",
)

#: The only moves an initiative can make. Contests are settled before a decision is enacted,
#: so a reversed decline, kill or prune never happens at all rather than being undone.
LEGAL_TRANSITIONS = {
    REQUESTED: (DECLINED, BACKLOG),
    BACKLOG: (IN_PROGRESS, PRUNED),
    IN_PROGRESS: (DONE, KILLED),
    DONE: (ROLLED_BACK,),  # shipped work whose measured outcome loses value is undone
}
#: Which timestamp a transition into a status sets.
_STAMP = {BACKLOG: "admitted", IN_PROGRESS: "started", DONE: "finished", KILLED: "killed"}
_STAMP[DECLINED] = "closed"
_STAMP[PRUNED] = "closed"
_STAMP[ROLLED_BACK] = "rolled_back"
#: LEGAL[frm, to]: may an initiative move from status frm to status to (one lookup per move).
LEGAL = np.zeros((len(STATUS_NAMES), len(STATUS_NAMES)), dtype=bool)
for _frm, _targets in LEGAL_TRANSITIONS.items():
    LEGAL[_frm, list(_targets)] = True

NONE = -1  # missing tick or missing objective

_FIELDS = {
    # identity and origin
    "stakeholder": np.int32,
    "product_owner": np.int32,
    "objective": np.int32,  # NONE = misaligned
    # the world: drawn from the world streams, independent of governance
    "size": np.float64,  # points of work, grown by scope creep
    "planned_size": np.float64,  # the size as requested
    "true_value": np.float64,  # value run-rate per tick once shipped (before compounding)
    "own_value": np.float64,  # the idiosyncratic part, without the objective's potential
    "signal": np.float64,  # what the MVP will show: true value plus noise
    "outcome": np.float64,  # what is measured once shipped: true value plus other noise
    "claimed_value": np.float64,
    "influence": np.float64,  # the requester's influence, cached for vectorized ordering
    # governance state
    "estimate_noise": np.float64,  # a standard normal, drawn once at triage
    "estimated_value": np.float64,
    "done_points": np.float64,
    "realized_value": np.float64,
    "status": np.int8,
    "created": np.int32,
    "admitted": np.int32,
    "started": np.int32,
    "mvp": np.int32,
    "finished": np.int32,
    "killed": np.int32,
    "closed": np.int32,  # declined or pruned
    "rolled_back": np.int32,
    "protected_until": np.int32,  # a contest the stakeholder won shields it until this tick
    "pushes": np.int16,  # contests over its priority
    "yields": np.int16,  # contests the owner gave up (gate 1)
    "escalations": np.int16,  # contests taken to leadership (gate 2)
    "reversals": np.int16,  # escalations leadership decided for the stakeholder
    "jumped": np.bool_,  # a contest moved it to the top of the backlog
    "zombie": np.bool_,
}
_TICK_FIELDS = ("admitted", "started", "mvp", "finished", "killed", "closed", "rolled_back")


class IllegalTransition(RuntimeError):
    """An initiative was asked to move along a transition the lifecycle does not allow."""


class InitiativeStore:
    """Struct-of-arrays storage for initiatives, grown by doubling.

    Attributes are numpy views of the live rows (``store.size[ids]``); ``len(store)`` is the number
    of initiatives ever requested. ``transitions`` counts moves by (from, to) for the invariants.
    """

    def __init__(self, capacity: int = 1024):
        self._n = 0
        self._arrays = {name: np.empty(capacity, dtype) for name, dtype in _FIELDS.items()}
        self._refresh_views()
        self.transitions = np.zeros((len(STATUS_NAMES), len(STATUS_NAMES)), dtype=np.int64)
        self.status_counts = np.zeros(len(STATUS_NAMES), dtype=np.int64)

    def __len__(self) -> int:
        return self._n

    def _refresh_views(self) -> None:
        # Plain attributes (not __getattr__) keep column access cheap in the hot loops.
        for name, array in self._arrays.items():
            self.__dict__[name] = array[: self._n]

    def add(self, tick: int, **columns: np.ndarray) -> np.ndarray:
        """Append new initiatives in status REQUESTED; return their ids."""
        n = len(next(iter(columns.values())))
        self._reserve(self._n + n)
        ids = np.arange(self._n, self._n + n)
        self._n += n
        for name, values in columns.items():
            self._arrays[name][ids] = values
        for name in _TICK_FIELDS:
            self._arrays[name][ids] = NONE
        self._arrays["created"][ids] = tick
        self._arrays["status"][ids] = REQUESTED
        for name in ("done_points", "realized_value", "estimate_noise", "estimated_value"):
            self._arrays[name][ids] = 0.0
        for name in ("pushes", "yields", "escalations", "reversals", "protected_until"):
            self._arrays[name][ids] = 0
        for name in ("jumped", "zombie"):
            self._arrays[name][ids] = False
        self._arrays["planned_size"][ids] = self._arrays["size"][ids]
        self.status_counts[REQUESTED] += n
        self._refresh_views()
        return ids

    def _reserve(self, needed: int) -> None:
        capacity = len(self._arrays["status"])
        if needed <= capacity:
            return
        new = max(needed, 2 * capacity)
        for name, old in self._arrays.items():
            grown = np.empty(new, old.dtype)
            grown[: self._n] = old[: self._n]
            self._arrays[name] = grown

    def transition(self, ids: np.ndarray | int, to: int, tick: int) -> None:
        """Move initiatives to status ``to`` at ``tick``; raise IllegalTransition if not allowed."""
        ids = np.atleast_1d(np.asarray(ids, dtype=np.int64))
        if ids.size == 0:
            return
        status = self._arrays["status"]
        counts = np.bincount(status[ids], minlength=len(STATUS_NAMES))
        illegal = (counts > 0) & ~LEGAL[:, to]
        if illegal.any():
            frm = int(np.flatnonzero(illegal)[0])
            raise IllegalTransition(
                f"initiative cannot move from {STATUS_NAMES[frm]} to {STATUS_NAMES[to]}"
            )
        self.transitions[:, to] += counts
        self.status_counts -= counts
        self.status_counts[to] += ids.size
        status[ids] = to
        self._arrays[_STAMP[to]][ids] = tick

    def columns(self) -> dict[str, np.ndarray]:
        """Copies of every column for the live rows (for the ledger)."""
        return {name: arr[: self._n].copy() for name, arr in self._arrays.items()}
