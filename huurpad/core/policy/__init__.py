"""The collection policy: facts about a tenancy in, explained proposals out.

`facts.Snapshot` holds what is known about one tenancy on one day; each rule in `rules.RULES`
looks at it and proposes next steps; `guardrails` removes what the law or kindness forbids;
`engine.propose` ties them together.
"""
