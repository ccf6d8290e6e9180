"""The demo organisation's story, shared by every demo seeding module: its teams and the
team whose absenteeism rises over the last weeks."""

BILLING, TECH, SALES = "Billing Support", "Technical Support", "Sales & Retention"
RISING_ABSENTEEISM_TEAM = BILLING
RISING_WEEKS = 5
