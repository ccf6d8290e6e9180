"""The demo organisation's story, shared by every demo module: its teams, the agent who signs in,
the agents whose coaching pays off and the team whose absenteeism rises over the last weeks."""

BILLING, TECH, SALES = "Billing Support", "Technical Support", "Sales & Retention"
HISTORY_DAYS = 180  # days of daily KPI values before today
DEMO_AGENT = "agent"  # the agent who signs in to the demo and meets every state of the cycle
IMPROVING = frozenset({"E1001", "E1005", "E1014", "E1026"})  # employee ids: their KPIs and ratings rise
RISING_ABSENTEEISM_TEAM = BILLING
RISING_WEEKS = 5
