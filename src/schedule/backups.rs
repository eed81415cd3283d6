//! Backups: secondary owners standing in for primary owners on holidays and time off.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use super::{Backup, BackupReason};
use crate::model::{OnCall, Pipelines, Team};

/// Secondary owners as backups on holidays and while primary owners are away.
pub(super) fn backups(
    oncall: &OnCall,
    team: &Team,
    pipelines: &Pipelines,
    tz: Tz,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Vec<Backup> {
    let first = from.with_timezone(&tz).date_naive();
    let last = to.with_timezone(&tz).date_naive();
    let mut out = Vec::new();
    for (i, h) in oncall.holidays.iter().enumerate() {
        if h.date < first || h.date > last {
            continue;
        }
        for p in &pipelines.pipelines {
            out.push(Backup {
                pipeline: p.id.clone(),
                engineer: p.secondary.clone(),
                primary: p.primary.clone(),
                from: h.date,
                to: h.date,
                reason: BackupReason::Holiday(i),
            });
        }
    }
    for e in &team.engineers {
        for off in &e.time_off {
            // Whole, not clipped to the window: the dates name the event in feeds.
            if off.to < first || off.from > last {
                continue;
            }
            let (a, b) = (off.from, off.to);
            for p in pipelines.pipelines.iter().filter(|p| p.primary == e.id) {
                out.push(Backup {
                    pipeline: p.id.clone(),
                    engineer: p.secondary.clone(),
                    primary: p.primary.clone(),
                    from: a,
                    to: b,
                    reason: BackupReason::PrimaryAway(off.reason.clone()),
                });
            }
        }
    }
    out.sort_by(|a, b| (a.from, &a.pipeline).cmp(&(b.from, &b.pipeline)));
    out
}
