//! `/coverage/`: what needs attention. Pipelines without a runbook, runbooks past their
//! review date (or never reviewed), and each engineer's load.

use super::coverage_html::{self, CoverageCtx, Load, Review};
use super::Renderer;
use crate::diagnostics::Diagnostics;
use crate::write::OutputFile;
use chrono::Duration;

/// How far ahead on-call load is counted.
const QUARTER_WEEKS: i64 = 13;

impl Renderer<'_> {
    pub(super) fn coverage_page(&self, d: &mut Diagnostics) -> Option<OutputFile> {
        let site = self.site;
        let today = self.today();
        let date = super::dates::day_month_year;
        let runbooks = || site.runbooks.iter().filter(|r| !r.is_index);
        let reviewed_count = runbooks()
            .filter(|rb| rb.front.last_reviewed.is_some())
            .count();
        // The default page lists the runbooks never reviewed only once one has been.
        let list_never = !self.compiled.coverage || reviewed_count > 0;
        let mut overdue = Vec::new();
        let mut never_reviewed = Vec::new();
        for rb in runbooks() {
            match rb.review_due(site.config.review_interval_days) {
                Some(due) if due <= today => overdue.push((
                    due,
                    Review {
                        runbook: self.runbook_link(&rb.slug),
                        last_reviewed: rb.front.last_reviewed.map(date),
                        due: Some(date(due)),
                    },
                )),
                Some(_) => {}
                None if list_never => never_reviewed.push(self.runbook_link(&rb.slug)),
                None => {}
            }
        }
        overdue.sort_by_key(|(due, _)| *due);
        let quarter_end = self.schedule.now + Duration::weeks(QUARTER_WEEKS);
        let pipelines = &site.pipelines.pipelines;
        let load = site
            .team
            .engineers
            .iter()
            .map(|e| Load {
                engineer: self.engineer_ref(&e.id),
                primary: self.owned_by(&e.id)[0].len(),
                secondary: self.owned_by(&e.id)[1].len(),
                shifts: self
                    .schedule
                    .shifts
                    .iter()
                    .filter(|s| {
                        s.engineer == e.id && s.end > self.schedule.now && s.start < quarter_end
                    })
                    .count(),
            })
            .collect();
        let ctx = CoverageCtx {
            common: self.common(
                "coverage.html",
                "Coverage".into(),
                "coverage/".into(),
                "coverage",
                None,
            ),
            without_runbook: pipelines
                .iter()
                .map(|p| self.pipeline_refs[p.id.as_str()].clone())
                .filter(|p| p.runbook.is_none())
                .collect(),
            overdue: overdue.into_iter().map(|(_, r)| r).collect(),
            never_reviewed,
            reviewed_count,
            review_days: site.config.review_interval_days,
            load,
            quarter_end: date(quarter_end.with_timezone(&self.schedule.tz).date_naive()),
        };
        let path = "coverage/index.html".to_string();
        if self.compiled.coverage {
            return Some(OutputFile {
                path,
                bytes: coverage_html::page(&ctx).into_bytes(),
            });
        }
        self.page("coverage.html", path, &ctx, d)
    }
}
