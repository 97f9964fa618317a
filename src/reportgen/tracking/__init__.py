"""Progress tracking of an issued plan: units' updates in, statuses, results and totals out.

`load` reads a period's files (YAML and the Excel `form`), `status` and `results`
compute each task's and target's state at a date, `aggregate` sums many units for
the sơ kết and `history` reads earlier periods for trends.
"""
