-- A match is archived as its filter's id and its alert's key; the alert's summary is kept once, beside its bytes.
-- With 100,000 filters an alert matches hundreds of them, and a full row per match (the alert's summary and the
-- filter's name and owner copied into each) was most of what PostgreSQL wrote. A filter's name and owner are read
-- from the filter when the history is shown.

alter table archived_alerts
    add column mjd       double precision,
    add column ra        double precision,
    add column decl      double precision,
    add column magnitude double precision,
    add column band      varchar(16);

-- every archived match's alert gets a row with its summary (without bytes where none were kept)
insert into archived_alerts (day, stream, alert_id, object_id, topic, part, "offset", packet, mjd, ra, decl,
                             magnitude, band)
select distinct on (day, stream, alert_id) day, stream, alert_id, object_id, topic, part, "offset", null, mjd, ra,
       decl, magnitude, band
from archived_matches
order by day, stream, alert_id
on conflict (day, stream, alert_id) do update
    set mjd = excluded.mjd, ra = excluded.ra, decl = excluded.decl, magnitude = excluded.magnitude,
        band = excluded.band;

alter table archived_matches
    drop column owner,
    drop column filter_name,
    drop column object_id,
    drop column mjd,
    drop column ra,
    drop column decl,
    drop column magnitude,
    drop column band,
    drop column topic,
    drop column part,
    drop column "offset";
