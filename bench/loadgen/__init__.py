"""Generate a realistic, reproducible load-test dataset with bulk inserts.

    python -m bench.loadgen --households 10000 [--seed 42] [--closed-share 0.3] [--force]

(from the repository root; bench/run does it for each size). Split by domain: `actors`
(users and the directory), `households`, `referrals` (and bridges), `followups`, `activity`
(phase changes, journal, access log, notifications, events), on the helpers in `writer`,
the fixed material in `data` and the removal of earlier data in `clear`.

What it makes (for N households; the directory and the users do not grow with N):

* 200 users in the role groups: 2 administrators, 8 managers, 150 bridge-builders in 10 teams,
  20 rehousing consultants and 20 actor contacts (each linked to a contact person). They all
  share one password, "load-test", hashed once.
* The directory: housing organisations, transformation and receiving areas in five
  municipalities (list statuses, criterion values, local contacts), ~120 actors with contact
  persons, agreements and ~160 support offers with their need categories and areas.
* N households across the phases (about 30 % closed; `--closed-share` sets it), each with its
  story told by the rows a bridge-builder would have made: members (1–6, children with birth
  years), needs, ~10 journal entries on average (a few cases with a very long timeline), phase
  changes, consent, bridges with their status history, housing offers, a move and a closure
  where the phase has them, the referral it came from, follow-ups (some due, some overdue),
  access-log rows and notifications. Plus unanswered, declined, withdrawn and draft referrals
  and a few events.

Every generated household's reference starts with "L-" and its name with "Load "; users are
called "load-…" and directory rows "Load …". A second run first removes the previous load
data, so the same seed on the same day gives the same dataset (dates are relative to today, so
that "due" and "overdue" mean something whenever it runs).

Load data only: rows go in with `bulk_create` (through `without_history`), so services, signals
and the change history (django-auditlog) are bypassed on purpose. It refuses to run in
production and against a database holding real households (a reference not starting with "L-")
unless --force is given; with --force it adds load data beside the real cases and never removes
them.
"""

# Share of the generated cases that are closed. Most cases open at once is the load's worst
# case (every open case has its reminders, tasks and caseload); 0.9 models a decade of
# rehousing with most of it done.
CLOSED_SHARE = 0.3
