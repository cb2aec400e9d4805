-- An attempt at a target is recorded before anything is sent and cleared when it ends: one still recorded when the
-- target is claimed again never finished (the instance sending it stopped), and counts as a failure.
alter table notification_targets add column attempting_since timestamptz;
