-- Each filter reads one input stream, and may be shared.
alter table filters add column stream varchar(40) not null default 'ztf';
alter table filters add column visibility varchar(10) not null default 'PRIVATE'
    check (visibility in ('PRIVATE', 'PUBLIC'));

create index filters_public on filters (visibility) where visibility = 'PUBLIC';

-- A user following someone else's public filter receives its matches too.
create table filter_follows (
    username   varchar(40) not null references users (username) on delete cascade,
    filter_id  bigint      not null references filters (id) on delete cascade,
    created_at timestamptz not null default now(),
    primary key (username, filter_id)
);

create index filter_follows_filter on filter_follows (filter_id);
