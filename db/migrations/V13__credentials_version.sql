-- Raised whenever an account's password, role or status changes: a signed-in session remembers the version it began
-- with and ends once the account's differs, so the change takes effect at once.
alter table users add column credentials_version bigint not null default 0;
alter table users add column credentials_changed_at timestamptz;
create index users_credentials_changed on users (credentials_changed_at) where credentials_changed_at is not null;
