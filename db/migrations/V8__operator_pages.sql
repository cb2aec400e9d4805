-- Operator pages: when each user last signed in, who disabled an account (an account not enabled and disabled by
-- nobody is waiting for approval), and an audit of every action taken on the operator pages.
alter table users add column last_login_at timestamptz;
alter table users add column disabled_by varchar(40);

create table admin_actions (
    id      bigserial primary key,
    at      timestamptz   not null default now(),
    actor   varchar(40)   not null,
    action  varchar(60)   not null,
    target  varchar(400)  not null,
    outcome varchar(2000) not null
);

create index admin_actions_at on admin_actions (at desc, id desc);
