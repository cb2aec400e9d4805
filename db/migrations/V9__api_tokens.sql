-- Personal API tokens: a script sends "Authorization: Bearer <token>". Only a SHA-256 hash of each token is kept (a
-- token is 256 random bits: a slow hash adds nothing), with a short prefix to recognise it by in the list.
create table api_tokens (
    id           bigserial primary key,
    username     varchar(40)  not null references users (username) on delete cascade,
    name         varchar(100) not null,
    token_hash   char(64)     not null unique,
    prefix       varchar(16)  not null,
    scope        varchar(16)  not null check (scope in ('READ', 'WRITE')),
    created_at   timestamptz  not null default now(),
    expires_at   timestamptz  not null,
    last_used_at timestamptz,
    revoked_at   timestamptz
);

create index api_tokens_user on api_tokens (username);
