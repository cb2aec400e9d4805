-- The schema each stream's filters are type-checked against, learnt from the stream's first alert and kept: a later
-- packet with another writer schema (a new survey version, a hostile file, a rewind over old data) never changes
-- which filters compile. A configured fountain.alerts.filter-schemas.<stream> takes precedence.
create table stream_typing_schemas (
    stream     varchar(100) primary key,
    schema     text         not null,
    learnt_at  timestamptz  not null default now()
);

-- Each instance's matcher asks every second for the filters changed since it last looked.
create index filters_updated_at on filters (updated_at);
