//! `/coverage/`: what needs attention. Pipelines without a runbook, runbooks past their
//! review date (or never reviewed), and each engineer's load.

use chrono::Duration;
use serde::Serialize;

use super::{Common, EngineerRef, LinkRef, PipelineRef, Renderer};
use crate::diagnostics::Diagnostics;
use crate::write::OutputFile;

/// How far ahead on-call load is counted.
const QUARTER_WEEKS: i64 = 13;

impl Renderer<'_> {
    pub(super) fn coverage_page(&self, d: &mut Diagnostics) -> Option<OutputFile> {
        #[derive(Serialize)]
        struct Review {
            runbook: LinkRef,
            last_reviewed: Option<String>,
            due: Option<String>,
        }
        #[derive(Serialize)]
        struct Load {
            engineer: EngineerRef,
            primary: usize,
            secondary: usize,
            shifts: usize,
        }
        #[derive(Serialize)]
        struct Ctx<'a> {
            #[serde(flatten)]
            common: Common<'a>,
            without_runbook: Vec<PipelineRef>,
            overdue: Vec<Review>,
            never_reviewed: Vec<LinkRef>,
            /// Runbooks with a `last_reviewed` date: with none, the page says how to start
            /// rather than listing every runbook as never reviewed.
            reviewed_count: usize,
            review_days: u32,
            load: Vec<Load>,
            quarter_end: String,
        }
        let site = self.site;
        let today = self.today();
        let date = |d: chrono::NaiveDate| d.format("%-d %b %Y").to_string();
        let mut overdue = Vec::new();
        let mut never_reviewed = Vec::new();
        let mut reviewed_count = 0;
        for rb in site.runbooks.iter().filter(|r| !r.is_index) {
            let link = self.runbook_link(&rb.slug);
            reviewed_count += usize::from(rb.front.last_reviewed.is_some());
            match rb.review_due(site.config.review_interval_days) {
                Some(due) if due <= today => overdue.push((
                    due,
                    Review {
                        runbook: link,
                        last_reviewed: rb.front.last_reviewed.map(date),
                        due: Some(date(due)),
                    },
                )),
                Some(_) => {}
                None => never_reviewed.push(link),
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
        let ctx = Ctx {
            common: self.common("Coverage".into(), "coverage/".into(), "coverage", None),
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
        self.page("coverage.html", "coverage/index.html".into(), &ctx, d)
    }
}
