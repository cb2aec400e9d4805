-- Accounts: people who sign in. Passwords are stored only as one-way hashes.
create table users (
    id            bigserial primary key,
    username      varchar(40)  not null unique,
    password_hash varchar(255) not null,
    role          varchar(16)  not null check (role in ('USER', 'ADMIN')),
    enabled       boolean      not null default true,
    created_at    timestamptz  not null default now()
);

-- Filters: a CEL expression owned by one user, matched against every alert while active.
create table filters (
    id         bigserial primary key,
    owner      varchar(40)   not null references users (username) on delete cascade,
    name       varchar(100)  not null,
    expression varchar(4096) not null,
    active     boolean       not null default true,
    created_at timestamptz   not null default now(),
    updated_at timestamptz   not null default now()
);

create index filters_owner on filters (owner);
create index filters_active on filters (active) where active;
