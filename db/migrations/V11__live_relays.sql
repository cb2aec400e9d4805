-- Each instance's live relay reports on itself every few seconds, so that the operator pages of any instance show
-- every instance's live delivery as it is: its own lag and delay, its dashboards, and the matches it listed, skipped
-- and missed since it started. Its consumer group reads from the latest offset and commits seldom, so the group's
-- committed offsets say little about how live it is.
create table live_relays (
    group_id      varchar(100)     primary key,
    host          varchar(200)     not null,
    started_at    timestamptz      not null,
    reported_at   timestamptz      not null,
    max_lag_ms    bigint           not null,
    sessions      integer          not null,
    lag_ms        bigint           not null,
    delay_mean_ms double precision not null,
    delay_max_ms  double precision not null,
    listed        bigint           not null,
    skipped       bigint           not null,
    missed        bigint           not null
);
