-- Every confirmation mail sent, kept when its notification is deleted: how many one user may send, and one address
-- may receive, in a day is counted here, so that deleting and adding again does not make a mail cannon.
create table confirmation_mails (
    id      bigserial primary key,
    owner   varchar(40)  not null,
    address varchar(254) not null,
    sent_at timestamptz  not null default now()
);

create index confirmation_mails_owner on confirmation_mails (owner, sent_at);
create index confirmation_mails_address on confirmation_mails (lower(address), sent_at);
