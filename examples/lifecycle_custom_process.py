"""A municipality derives its own case process from the default SGB VIII process.

Musterstadt works with social-space teams (Sozialraumteams): before help planning starts,
every case is discussed in the team's collegial case consultation, which may find that the
resources of the social space suffice. Musterstadt also wants a written help plan for every
help (not only for help expected to last longer than six months), and reviews plans every
four months (every three months for residential care under § 34).

None of this needs library code to change: the process is data. Run::

    python examples/lifecycle_custom_process.py
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import ClassVar, Literal

import attrs

from sozialraum.errors import TransitionError
from sozialraum.lifecycle import (
    DEFAULT_PROCESS,
    CaseContext,
    Event,
    Guard,
    Refusal,
    State,
    Transition,
    due_reviews,
    overdue,
    process_from_dict,
    process_to_dict,
    to_mermaid,
)
from sozialraum.lifecycle import sgb8 as s


# 1. New events: the team consultation is requested, and the team recommends something.
@attrs.frozen(kw_only=True)
class TeamConsultationRequested(Event):
    label_de: ClassVar[str] = "Fallberatung angefragt"
    label_en: ClassVar[str] = "team consultation requested"


@attrs.frozen(kw_only=True)
class TeamRecommended(Event):
    label_de: ClassVar[str] = "Empfehlung des Sozialraumteams"
    label_en: ClassVar[str] = "team recommendation"
    recommendation: Literal["formal_help", "social_space_resources", "no_help"]


# 2. Guards: planning needs the team's recommendation; every help needs an agreed plan.
def _team_recommended_help(
    event: Event, history: Sequence[Event], context: object, parameters: Mapping[str, int]
) -> Refusal | None:
    for earlier in reversed(history):
        if isinstance(earlier, TeamRecommended):
            if earlier.recommendation == "formal_help":
                return None
            break
        if isinstance(earlier, s.ClarificationStarted | s.HelpEnded):
            break
    return Refusal("team.no_recommendation", "the social-space team has not recommended a help")


def _every_help_needs_plan(
    event: Event, history: Sequence[Event], context: object, parameters: Mapping[str, int]
) -> Refusal | None:
    for earlier in reversed(history):
        if isinstance(earlier, s.HelpPlanAgreed):
            return None
        if isinstance(earlier, s.PlanningStarted):
            break
    return Refusal("help_plan.missing", "Musterstadt grants help only with an agreed help plan")


team_recommended_help = Guard(
    name="team_recommended_help",
    check=_team_recommended_help,
    description="Musterstadt: help planning follows the team's recommendation",
)
every_help_needs_plan = Guard(
    name="every_help_needs_plan",
    check=_every_help_needs_plan,
    description="Musterstadt: every help needs an agreed help plan",
)

# 3. The derived process: one new state, two new rows, a replaced and an added guard, and
#    new review intervals. It is validated like any process (try removing a row).
MUSTERSTADT = DEFAULT_PROCESS.derive(
    name="musterstadt",
    description="Musterstadt: every case goes through the social-space team",
    add_states=[
        State(
            name="team_consultation",
            label_de="Fallberatung im Sozialraumteam",
            label_en="social-space team consultation",
        )
    ],
    add_transitions=[
        Transition(
            source="clarification", event=TeamConsultationRequested, target="team_consultation"
        ),
        Transition(source="team_consultation", event=TeamRecommended, target="clarification"),
    ],
    replace_guards={"long_term_needs_plan": every_help_needs_plan},
    add_guards=[("clarification", s.PlanningStarted, team_recommended_help)],
    parameters={"review_interval_months": 4, "review_interval_months:34": 3},
)


def main() -> None:
    print("Musterstadt's process (Mermaid):")
    print(to_mermaid(MUSTERSTADT, language="de", self_loops=False))

    context = CaseContext(birth_date=date(2011, 9, 3))
    case = MUSTERSTADT.replay(
        [
            s.ReferralReceived(on=date(2024, 1, 8), initiator="3"),
            s.ClarificationStarted(on=date(2024, 1, 9)),
            TeamConsultationRequested(on=date(2024, 1, 10)),
        ],
        case_id="MS-1",
        context=context,
    )
    print("\nstate:", case.state)
    case = MUSTERSTADT.apply(
        case, TeamRecommended(on=date(2024, 1, 17), recommendation="formal_help"), context
    )
    case = MUSTERSTADT.apply(case, s.PlanningStarted(on=date(2024, 1, 18)), context)
    grant = s.HelpGranted(
        on=date(2024, 2, 1), help_type="34", decided_by="youth_office", expected_months=3
    )
    try:  # three months would be fine by default, but not in Musterstadt without a plan
        MUSTERSTADT.apply(case, grant, context)
    except TransitionError as err:
        print(f"refused by {err.guard}: {err.code}")
    case = MUSTERSTADT.apply(case, s.HelpPlanAgreed(on=date(2024, 1, 30)), context)
    case = MUSTERSTADT.apply(case, grant, context)
    print("state:", case.state, "| entered on", case.entered_on())
    print("state on 2024-01-12:", case.state_at(date(2024, 1, 12)))

    # Reviews follow Musterstadt's intervals: § 34 every three months.
    for review in due_reviews([case], date(2024, 4, 15), within_days=30, process=MUSTERSTADT):
        print("review due:", review.case_id, review.help_type, review.due_on)
    for review in overdue([case], date(2024, 6, 1), process=MUSTERSTADT):
        print("review overdue:", review.case_id, review.days_overdue(date(2024, 6, 1)), "days")

    # The process is data: it round-trips with registries of its events and guards.
    data = process_to_dict(MUSTERSTADT)
    back = process_from_dict(
        data,
        events=[*DEFAULT_PROCESS.events, TeamConsultationRequested, TeamRecommended],
        guards=[*s.GUARDS.values(), team_recommended_help, every_help_needs_plan],
    )
    assert back == MUSTERSTADT
    print("round trip ok:", len(data["states"]), "states,", len(data["transitions"]), "rows")


if __name__ == "__main__":
    main()
