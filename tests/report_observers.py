"""A report with observers, by hand: the tiny bank's own scores beside chosen averages.

The observers' numbers are inputs here (their arithmetic is tested in
tests/test_observers.py), so an export test checks what the export shows of
them, number by number. Own scores (tests/report_fixtures.py): goals 12.5,
change 37.5, risk 50.0, motivation 75.0, culture 87.5, trust not answered.

- motivation: others 40.0, gap −35.0 beyond noise, toward the manager pole
  while the user leans leader: a hidden strength;
- culture: others 100.0, +12.5 beyond noise, toward the leader pole the user
  already leans to: a blind spot;
- change: others 60.0, +22.5 beyond noise, toward the leader pole the user
  leans away from: a hidden strength (the larger of the two);
- goals −7.5 and risk 0.0 within noise; trust: others only.
"""

from __future__ import annotations

import dataclasses

from leadquiz.models import ReportData
from leadquiz.viewpoints import ObservedArea, ObserverGroup, Observers
from report_fixtures import build, tiny_answers, tiny_bank

#: area id -> (others, gap, beyond noise, manager's score, peers' score).
OTHERS: dict[str, tuple[float, float | None, bool, float, float]] = {
    "goals": (5.0, -7.5, False, 10.0, 3.3),
    "motivation": (40.0, -35.0, True, 30.0, 43.3),
    "risk": (50.0, 0.0, False, 50.0, 50.0),
    "change": (60.0, 22.5, True, 70.0, 56.7),
    "trust": (55.0, None, False, 60.0, 53.3),
    "culture": (100.0, 12.5, True, 100.0, 100.0),
}


def observed_data() -> ReportData:
    """The tiny report with 4 responses (a manager and 3 peers) as above."""
    bank = tiny_bank()
    dimensions = {d.id: d for d in bank.dimensions}
    dimensions["culture"] = dataclasses.replace(
        dimensions["culture"],
        leader_strengths="Culture leader brings.",
        leader_risks="Culture risk.",
    )
    dimensions["motivation"] = dataclasses.replace(
        dimensions["motivation"], manager_strengths="Motivation manager brings."
    )
    dimensions["change"] = dataclasses.replace(
        dimensions["change"], leader_risks="Change leader risk."
    )
    bank = dataclasses.replace(bank, dimensions=tuple(dimensions.values()))
    data = build(bank, tiny_answers())
    own = {d.id: d for d in data.result.dimensions}
    areas = tuple(
        ObservedArea(
            id=area,
            title=own[area].title,
            self_score=own[area].score,
            self_se=own[area].se,
            score=others,
            se=4.0,
            gap=gap,
            beyond_noise=beyond,
            few_answers=False,
        )
        for area, (others, gap, beyond, _m, _p) in OTHERS.items()
    )
    groups = (
        ObserverGroup("manager", 1, tuple((a, v[3]) for a, v in OTHERS.items())),
        ObserverGroup("peer", 3, tuple((a, v[4]) for a, v in OTHERS.items())),
    )
    observers = Observers(
        responses=4,
        needed=3,
        shown=True,
        overall_score=51.0,
        overall_gap=-1.5,
        overall_beyond_noise=False,
        areas=areas,
        groups=groups,
    )
    return dataclasses.replace(data, observers=observers)


def pending_data() -> ReportData:
    """The tiny report with 2 responses in: nothing of them may be shown yet."""
    return dataclasses.replace(
        build(tiny_bank(), tiny_answers()),
        observers=Observers(responses=2, needed=3, shown=False),
    )
