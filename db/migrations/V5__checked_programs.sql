-- Type-checked filter programs (CEL CheckedExpr bytes), keyed by a hash of the language (Fountain's CEL version and
-- the stream's typing schema) and the expression: an instance starting with 100,000 filters reads them instead of
-- type-checking every one again. Rows unused for 30 days are dropped at start-up and made again when needed.
create table checked_programs (
    key      char(64)    primary key,
    checked  bytea       not null,
    kept_at  timestamptz not null default now()
);
