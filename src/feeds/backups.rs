//! A personal feed's backup duties: one event per duty, or one for a group of an
//! engineer's duties on the same days for the same reason.

use chrono::Duration;

use super::ics::{date_stamp, iso_date, Calendar};
use super::LISTED;
use crate::schedule::{Backup, BackupReason};

impl super::Feeds<'_> {
    /// A personal feed's one event for more than [`LISTED`] backup duties of one engineer
    /// on the same days for the same reason (see [`group_key`]), which it counts, naming
    /// the first few. Its `UID` names the holiday's date, or the absent primary owner and
    /// the days, and the backup; `backups-`, so no pipeline's event can have it.
    pub(super) fn backups_event(&self, cal: &mut Calendar, group: &[&Backup]) {
        let b = group[0];
        // A holiday's name, from content, isolated as the engineers' are.
        let why = b.reason_text(&self.site.oncall.holidays, &|id| self.name(id));
        let why = super::escape::isolated(&why).into_owned();
        let host = self.hosts.uids.as_str();
        let (from, to) = (date_stamp(b.from), date_stamp(b.to));
        let uid = match b.reason {
            BackupReason::Holiday(_) => {
                let engineer = self.key_id(&b.engineer);
                ["backups-holiday-", &from, ".", engineer, "@", host].concat()
            }
            BackupReason::PrimaryAway(_) => [
                "backups-away-",
                self.key_id(&b.primary),
                "-",
                &from,
                "-",
                &to,
                ".",
                self.key_id(&b.engineer),
                "@",
                host,
            ]
            .concat(),
        };
        let count = group.len().to_string();
        let named: Vec<String> = group
            .iter()
            .take(LISTED)
            .map(|b| self.pipeline_name(&b.pipeline))
            .collect();
        let schedule = self.urls.absolute("oncall/");
        let backup = self.name(&b.engineer);
        let primary = match b.reason {
            BackupReason::Holiday(_) => String::new(),
            BackupReason::PrimaryAway(_) => {
                [" Primary owner: ", &self.name(&b.primary), "."].concat()
            }
        };
        let mut body = Calendar { out: String::new() };
        body.raw("DTSTART;VALUE=DATE", &from);
        body.raw("DTEND;VALUE=DATE", &date_stamp(b.to + Duration::days(1)));
        let summary = ["Backup for ", &count, " pipelines: ", &why].concat();
        body.text("SUMMARY", &summary);
        body.text(
            "DESCRIPTION",
            &[
                &backup,
                " is the backup for ",
                &count,
                " pipelines on ",
                &b.days(),
                ": ",
                &why,
                ".",
                &primary,
                "\nPipelines: ",
                &named.join("; "),
                &self.more(group.len(), "pipelines"),
                ".\nSchedule: ",
                &schedule,
            ]
            .concat(),
        );
        let duties = super::groups::record(group.iter().map(|b| b.pipeline.as_str()));
        let end = (&schedule[..], Some(&duties[..]));
        self.backup_end(cal, (&uid, &summary), (b, &backup), end, body);
    }

    /// A personal feed's backup event. Its texts are joined from their parts (`concat`,
    /// one allocation each) rather than by `format!`: 4,877 events at 10,000 runbooks,
    /// six `format!`s and two chrono dates each.
    pub(super) fn backup_event(&self, cal: &mut Calendar, b: &Backup) {
        let pipeline = self.pipeline_name(&b.pipeline);
        let kind = match b.reason {
            BackupReason::Holiday(_) => "holiday",
            BackupReason::PrimaryAway(_) => "away",
        };
        // A holiday's name, from content, isolated as the engineers' are.
        let why = b.reason_text(&self.site.oncall.holidays, &|id| self.name(id));
        let why = super::escape::isolated(&why).into_owned();
        let days = b.days();
        let url = self
            .urls
            .absolute(&["pipelines/", b.pipeline.as_str(), "/"].concat());
        let from = date_stamp(b.from);
        let host = self.hosts.uids.as_str();
        let uid = [
            "backup-",
            &b.pipeline,
            "-",
            kind,
            "-",
            &from,
            ".",
            self.key_id(&b.engineer),
            "@",
            host,
        ]
        .concat();
        let mut body = Calendar { out: String::new() };
        body.raw("DTSTART;VALUE=DATE", &from);
        body.raw("DTEND;VALUE=DATE", &date_stamp(b.to + Duration::days(1)));
        let summary = ["Backup for ", &pipeline, ": ", &why].concat();
        body.text("SUMMARY", &summary);
        let (backup, primary) = (self.name(&b.engineer), self.name(&b.primary));
        body.text(
            "DESCRIPTION",
            &[
                &backup,
                " is the backup for ",
                &pipeline,
                " on ",
                &days,
                " as ",
                b.role.text(),
                ": ",
                &why,
                ". Primary owner: ",
                &primary,
                ".\nPipeline: ",
                &url,
            ]
            .concat(),
        );
        self.backup_end(cal, (&uid, &summary), (b, &backup), (&url, None), body);
    }

    /// The end of a backup event (one duty, or a group of one engineer's duties on the
    /// same days) of `uid` titled `summary`: its link, free time, and its key (the days
    /// and who), which the group's first duty gives, with its backup's name; a group's
    /// record of its duties (see [`super::groups::record`]).
    fn backup_end(
        &self,
        cal: &mut Calendar,
        (uid, summary): (&str, &str),
        (b, backup): (&Backup, &str),
        (url, duties): (&str, Option<&str>),
        mut body: Calendar,
    ) {
        body.raw("URL", url);
        body.raw("TRANSP", "TRANSPARENT");
        let key = [
            &iso_date(b.from),
            "/",
            &iso_date(b.to),
            "/",
            self.key_id(&b.engineer),
            "=",
            backup,
        ]
        .concat();
        self.event(cal, uid, (&key, summary), body, None, duties);
    }
}
