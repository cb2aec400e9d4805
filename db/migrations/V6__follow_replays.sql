-- A follower may opt in to a filter's replays (its owner's look back over retained alerts); by default only the
-- owner receives them.
alter table filter_follows add column with_replays boolean not null default false;
