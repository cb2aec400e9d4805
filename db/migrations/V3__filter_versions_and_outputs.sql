-- What a filter is for, whether its matches also go to its own Kafka topic, and why it was paused.
alter table filters add column description varchar(2000) not null default '';
alter table filters add column kafka_output boolean not null default false;
alter table filters add column paused_reason varchar(1000);

-- Every saved version of a filter, so its owner can see the history and go back.
create table filter_versions (
    filter_id    bigint        not null references filters (id) on delete cascade,
    version      integer       not null,
    name         varchar(100)  not null,
    description  varchar(2000) not null,
    expression   varchar(4096) not null,
    stream       varchar(40)   not null,
    visibility   varchar(10)   not null,
    active       boolean       not null,
    kafka_output boolean       not null,
    saved_at     timestamptz   not null default now(),
    primary key (filter_id, version)
);

insert into filter_versions (filter_id, version, name, description, expression, stream, visibility, active, kafka_output)
select id, 1, name, description, expression, stream, visibility, active, kafka_output from filters;
