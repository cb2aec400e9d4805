-- The match archive, written by its own consumer group on fountain.matches. Both tables are partitioned by the UTC
-- day on which the match was made, so retention drops whole days; Fountain creates each day's partitions ahead.

-- One row per filter and alert: a record delivered again lands on the same key and is ignored.
create table archived_matches (
    day         date             not null,
    filter_id   bigint           not null,
    stream      varchar(40)      not null,
    alert_id    bigint           not null,
    owner       varchar(40)      not null,
    filter_name varchar(100)     not null,
    object_id   varchar(64)      not null,
    mjd         double precision not null,
    ra          double precision not null,
    decl        double precision not null,
    magnitude   double precision,
    band        varchar(16),
    topic       varchar(249)     not null,
    part        integer          not null,
    "offset"    bigint           not null,
    matched_at  timestamptz      not null,
    replay      boolean          not null,
    primary key (day, filter_id, stream, alert_id)
) partition by range (day);

-- a user's history, newest first, by filter
create index archived_matches_by_filter on archived_matches (filter_id, matched_at, alert_id);

-- The alert as it was published (its Avro bytes, cutouts included), kept for the alert and object pages after the
-- survey topic's own retention has dropped it; null when it could no longer be read from the topic.
create table archived_alerts (
    day       date        not null,
    stream    varchar(40) not null,
    alert_id  bigint      not null,
    object_id varchar(64) not null,
    topic     varchar(249) not null,
    part      integer     not null,
    "offset"  bigint      not null,
    packet    bytea,
    primary key (day, stream, alert_id)
) partition by range (day);

create index archived_alerts_by_object on archived_alerts (stream, object_id);

-- the packets' images are compressed already: storing them without another try at compression saves the CPU
alter table archived_alerts alter column packet set storage external;
