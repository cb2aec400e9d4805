-- Notifications per filter: a webhook (JSON POSTs signed with HMAC-SHA256, or a Slack-compatible body) or an e-mail
-- digest. Matches wait in an outbox until sent; a target that keeps failing is paused with the reason shown.
create table notification_targets (
    id                bigserial primary key,
    filter_id         bigint        not null references filters (id) on delete cascade,
    owner             varchar(40)   not null references users (username) on delete cascade,
    kind              varchar(16)   not null check (kind in ('WEBHOOK', 'EMAIL')),
    target            varchar(2000) not null,
    secret            varchar(100),
    slack             boolean       not null default false,
    digest_minutes    int           not null default 60,
    confirm_token     char(64),
    confirmed         boolean       not null default true,
    paused_reason     varchar(1000),
    failures_in_a_row int           not null default 0,
    next_attempt_at   timestamptz   not null default now(),
    last_sent_at      timestamptz,
    sent              bigint        not null default 0,
    dropped           bigint        not null default 0,
    created_at        timestamptz   not null default now()
);

create index notification_targets_filter on notification_targets (filter_id);
create index notification_targets_owner on notification_targets (owner);

-- One row per match waiting for its target; the same alert and filter twice (a record read again) is one row.
create table notification_outbox (
    id         bigserial primary key,
    target_id  bigint      not null references notification_targets (id) on delete cascade,
    alert_key  varchar(80) not null,
    match      text        not null,
    matched_at timestamptz not null,
    unique (target_id, alert_key)
);

create index notification_outbox_target on notification_outbox (target_id, id);
