#!/usr/bin/env python3
"""Generates a deterministic pipebook site for benchmarks.

    python3 bench/gen_site.py OUT_DIR [--runbooks N] [--seed S] [--force] [--raw-html]

writes OUT_DIR/content/{site,team,pipelines,oncall}.yaml and N Markdown files under
OUT_DIR/content/runbooks/<domain>/<pipeline>/<alert>.md (one `_index.md` per domain folder
is counted in N). The team and the pipelines grow with N. Standard library only; the same
N and seed always give byte-identical files. `--raw-html` adds to every alert runbook a
`<details>` block holding an `<img>` of a `flow.png` beside it (one per pipeline folder),
without changing anything else: the site that raw HTML costs are measured on.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import os
import posixpath
import random
import shutil
import sys

# --------------------------------------------------------------------------- vocabulary

# Domain id -> (display name, entities). Entities are snake_case nouns used in table names.
DOMAINS = [
    ("profit", "Profit", ["unit_profit", "margins", "cost_allocations", "revenue_lines"]),
    ("growth", "Growth", ["signups", "activations", "referrals", "cohorts"]),
    ("engagement", "Engagement", ["sessions", "page_views", "feature_usage", "retention"]),
    ("payments", "Payments", ["payments", "refunds", "chargebacks", "payouts"]),
    ("orders", "Orders", ["orders", "order_items", "carts", "checkouts"]),
    ("billing", "Billing", ["invoices", "invoice_lines", "credits", "dunning_events"]),
    ("subscriptions", "Subscriptions", ["subscriptions", "plan_changes", "renewals", "cancellations"]),
    ("marketing", "Marketing", ["campaigns", "email_sends", "utm_touches", "spend"]),
    ("ads", "Ads", ["impressions", "clicks", "ad_spend", "conversions"]),
    ("attribution", "Attribution", ["touchpoints", "conversions", "channel_credits", "journeys"]),
    ("search", "Search", ["queries", "search_results", "query_clicks", "zero_results"]),
    ("recommendations", "Recommendations", ["rec_impressions", "rec_clicks", "item_embeddings", "candidates"]),
    ("fraud", "Fraud", ["fraud_scores", "disputes", "device_fingerprints", "blocked_transactions"]),
    ("risk", "Risk", ["credit_limits", "exposures", "risk_scores", "limit_breaches"]),
    ("identity", "Identity", ["accounts", "logins", "identity_links", "mfa_events"]),
    ("customers", "Customers", ["customers", "customer_addresses", "segments", "lifetime_value"]),
    ("inventory", "Inventory", ["stock_levels", "stock_movements", "warehouses", "reservations"]),
    ("supply-chain", "Supply chain", ["purchase_orders", "suppliers", "shipments_inbound", "lead_times"]),
    ("logistics", "Logistics", ["shipments", "carrier_events", "delivery_slots", "routes"]),
    ("fulfillment", "Fulfillment", ["picks", "packs", "fulfillment_orders", "returns"]),
    ("pricing", "Pricing", ["price_changes", "discounts", "promotions", "competitor_prices"]),
    ("finance", "Finance", ["gl_entries", "accruals", "fx_rates", "budgets"]),
    ("ledger", "Ledger", ["journal_entries", "balances", "settlements", "reconciliations"]),
    ("tax", "Tax", ["tax_lines", "tax_rates", "vat_returns", "exemptions"]),
    ("support", "Support", ["tickets", "ticket_events", "csat_responses", "agent_shifts"]),
    ("crm", "CRM", ["leads", "opportunities", "contacts", "activities"]),
    ("product-analytics", "Product analytics", ["events", "funnels", "feature_flags", "screens"]),
    ("experimentation", "Experimentation", ["assignments", "exposures", "experiment_metrics", "guardrails"]),
    ("content", "Content", ["articles", "media_assets", "content_views", "moderation_actions"]),
    ("notifications", "Notifications", ["push_sends", "notification_opens", "preferences", "bounces"]),
    ("messaging", "Messaging", ["messages", "conversations", "message_reads", "attachments"]),
    ("reviews", "Reviews", ["reviews", "ratings", "review_flags", "seller_replies"]),
    ("catalog", "Catalog", ["products", "skus", "categories", "product_attributes"]),
    ("partners", "Partners", ["partner_accounts", "partner_sales", "commissions", "api_usage"]),
    ("payroll", "Payroll", ["pay_runs", "payslips", "deductions", "timesheets"]),
    ("hr", "HR", ["employees", "headcount", "hires", "terminations"]),
    ("security", "Security", ["audit_logs", "access_grants", "vuln_findings", "secrets_rotations"]),
    ("compliance", "Compliance", ["kyc_checks", "aml_alerts", "gdpr_requests", "retention_jobs"]),
    ("sessions", "Sessions", ["web_sessions", "app_sessions", "session_attributes", "bot_flags"]),
    ("clickstream", "Clickstream", ["click_events", "scroll_events", "heartbeats", "raw_beacons"]),
]

# Pipeline kinds: id part, name part, description template, grain/table prefix.
KINDS = [
    ("daily", "daily", "Daily {e} facts rebuilt every morning", "daily"),
    ("hourly", "hourly", "Hourly {e} increments", "hourly"),
    ("cdc", "CDC", "Change data capture of {e} from the operational database", "cdc"),
    ("stream", "stream", "Near-real-time {e} stream into the lakehouse", "rt"),
    ("snapshot", "snapshot", "Nightly snapshot of {e}", "snapshot"),
    ("rollup", "rollup", "Weekly and monthly rollup of {e}", "monthly"),
    ("dedup", "deduplication", "Deduplicated {e} keyed on the natural key", "dedup"),
    ("enrichment", "enrichment", "{E} enriched with customer and product dimensions", "enriched"),
    ("export", "export", "Export of {e} to partners and the finance team", "export"),
    ("reconciliation", "reconciliation", "Reconciliation of {e} against the source of truth", "recon"),
    ("scd2", "history", "Slowly changing history (SCD type 2) of {e}", "history"),
    ("aggregate", "aggregate", "Aggregate {e} metrics reported to investors", "agg"),
    ("unit-level", "unit-level", "Unit-level {e} needed for experiments", "unit"),
    ("features", "features", "ML features derived from {e}", "features"),
    ("backfill", "backfill", "Historical backfill of {e}", "backfill"),
]

AUDIENCES = ["investors", "experiments", "finance", "marketing", "product", "data-science",
             "executives", "regulators", "ml-platform", "operations", "sales", "partners"]

SOURCES = ["postgres", "mysql", "salesforce", "stripe", "zendesk", "segment", "hubspot",
           "netsuite", "shopify", "braze", "adyen", "workday", "mongodb", "sap", "s3_drop"]

ENGINES = [
    ("spark", "Spark on EMR"), ("spark", "Databricks job"), ("dbt", "dbt on Snowflake"),
    ("dbt", "dbt on BigQuery"), ("flink", "Flink job"), ("spark", "Spark structured streaming"),
]

WAREHOUSES = ["TRANSFORM_WH", "LOAD_WH", "REPORTING_WH", "ADHOC_WH", "DBT_PROD_WH", "ELT_XL_WH"]

COLUMNS = ["customer_id", "order_id", "amount_usd", "currency_code", "event_ts", "created_at",
           "updated_at", "country_code", "device_type", "channel", "sku_id", "merchant_id",
           "session_id", "status", "net_revenue", "gross_margin", "fx_rate", "tax_amount",
           "discount_pct", "plan_id", "region", "store_id", "campaign_id", "variant_key",
           "is_deleted", "source_system", "ingested_at", "quantity", "unit_price", "user_agent"]

ADJECTIVES = ["amber", "brisk", "cobalt", "dapper", "ember", "fjord", "garnet", "harbor",
              "indigo", "juniper", "kestrel", "lumen", "marble", "nimbus", "onyx", "pylon",
              "quartz", "russet", "sable", "tundra", "umber", "vesper", "willow", "zephyr"]

FIRST_NAMES = ["Ada", "Bilal", "Chen", "Dana", "Emeka", "Farah", "Gustavo", "Hana", "Ivan",
               "Jamal", "Keiko", "Liam", "Maya", "Nikhil", "Olga", "Priya", "Quentin", "Rosa",
               "Sven", "Tariq", "Uma", "Victor", "Wen", "Ximena", "Yusuf", "Zoe", "Aisha",
               "Bruno", "Carmen", "Dmitri", "Elena", "Felix", "Grace", "Hiro", "Ines", "Jonas"]
LAST_NAMES = ["Okafor", "Lindqvist", "Moreau", "Tanaka", "Silva", "Novak", "Haddad", "Kowalski",
              "Nguyen", "Oduya", "Petrov", "Quinn", "Rahman", "Schmidt", "Torres", "Ueda",
              "Varga", "Walsh", "Xu", "Yilmaz", "Zhou", "Andersen", "Bauer", "Castillo"]

FAILURE_MODES = [
    "Delayed data ingestion due to upstream system failures.",
    "Incorrect aggregation logic leading to inaccurate reporting.",
    "Missing data from external systems.",
    "Bugs in transformation logic causing invalid metrics.",
    "Data spikes or drops indicating incorrect tracking.",
    "Failure to complete daily processing within SLA windows.",
    "Schema drift in source tables breaking downstream models.",
    "Late-arriving data that lands after the partition was closed.",
    "Duplicate events from at-least-once delivery.",
    "Warehouse contention delaying the nightly transformations.",
    "Expired credentials for a vendor API.",
    "Partition skew making single tasks run for hours.",
]

US_HOLIDAYS = [
    ("2026-01-01", "New Year's Day"),
    ("2026-01-19", "Birthday of Martin Luther King, Jr."),
    ("2026-02-16", "Washington's Birthday"),
    ("2026-05-25", "Memorial Day"),
    ("2026-06-19", "Juneteenth National Independence Day"),
    ("2026-07-03", "Independence Day (observed)"),
    ("2026-09-07", "Labor Day"),
    ("2026-10-12", "Columbus Day"),
    ("2026-11-11", "Veterans Day"),
    ("2026-11-26", "Thanksgiving Day"),
    ("2026-12-25", "Christmas Day"),
    ("2027-01-01", "New Year's Day"),
    ("2027-01-18", "Birthday of Martin Luther King, Jr."),
    ("2027-02-15", "Washington's Birthday"),
    ("2027-05-31", "Memorial Day"),
    ("2027-06-18", "Juneteenth National Independence Day (observed)"),
    ("2027-07-05", "Independence Day (observed)"),
    ("2027-09-06", "Labor Day"),
    ("2027-10-11", "Columbus Day"),
    ("2027-11-11", "Veterans Day"),
    ("2027-11-25", "Thanksgiving Day"),
    ("2027-12-24", "Christmas Day (observed)"),
]

TIME_OFF_REASONS = ["Vacation", "Parental leave", "Conference", "Family visit", "Medical leave",
                    "Training", None]

SECTIONS = ["symptoms", "impact", "steps", "checks", "verify", "rollback", "escalation"]

# Alerts: slug base, title template, code kind, error/log line, symptom lines, specific steps.
# Placeholders are filled from the runbook's context (see `context`).
ALERTS = [
    dict(key="dag-failed", snippets=["airflow-clear", "s3-ls"], title="DAG run failed: {dag}",
         error="airflow.exceptions.AirflowException: Bash command failed. The command returned a non-zero exit code 1.",
         symptoms=["PagerDuty alert `airflow_dag_failed` for `{dag}`, task `{task}`.",
                   "The Airflow grid view shows `{task}` in state `failed` after {retries} retries."],
         steps=["Open the failed try of `{task}` in Airflow and read the last 200 lines of the task log.",
                "Classify the failure: infrastructure (pod evicted, lost worker) or data (bad input, failed assertion).",
                "For infrastructure failures, clear the task and let the scheduler retry it: `airflow tasks clear {dag} -t {task}`.",
                "For data failures, do not retry blindly: find the offending rows in `{stg}` first."]),
    dict(key="sla-miss", snippets=["query-history", "volume"], title="SLA miss on {task}",
         error="SLA miss: {task} in {dag} did not finish by {sla} ET",
         symptoms=["The `#data-alerts` channel shows an SLA miss for `{task}`; the {sla} ET deadline passed.",
                   "Downstream dashboards built on `{fact}` still show yesterday's numbers."],
         steps=["Check whether `{dag}` is running slowly or has not started: look at the queued time of the first task.",
                "If the DAG waits on the `{sensor}` sensor, the upstream load is late: follow the late-arriving data steps.",
                "If tasks are queued, check the Airflow pool `{pool}`; raise its slots temporarily if other DAGs starve it.",
                "Post an ETA in `#data-incidents` and tell the {audience} stakeholders that `{fact}` will be late."]),
    dict(key="late-arriving-data", snippets=["volume", "s3-ls"], title="Late-arriving data in {stg}",
         error="ExternalTaskSensor {sensor} timed out after 14400 seconds",
         symptoms=["Row counts for the latest `load_date` in `{stg}` are below 50% of the 7-day median.",
                   "The sensor `{sensor}` has been poking for hours; the upstream export from {source} is late."],
         steps=["Confirm with the {source} owners whether the export for {partition} is delayed or was skipped.",
                "If data is still arriving, keep the partition open: pause `{dag}` rather than marking the sensor successful.",
                "Once the late files land, reprocess only the affected partition `load_date = '{partition}'`.",
                "Re-run the downstream models with `dbt build --select {model}+` so that `{fact}` picks up the late rows."]),
    dict(key="schema-drift", snippets=["one-side", "dbt-build"], title="Schema drift in {stg}",
         error="SQL compilation error: column {column} of type VARCHAR cannot be cast to NUMBER(38,2)",
         symptoms=["dbt run fails on `{model}` with `Numeric value '{bad_value}' is not recognized`.",
                   "A new or renamed column appeared in the {source} extract for `{stg}`."],
         steps=["Diff the current source columns against the contract in `models/staging/{source}/_{source}__sources.yml`.",
                "If a column was renamed upstream, map the old name in `{stg}` with a `COALESCE` until the producer confirms.",
                "If a type changed, cast explicitly with `TRY_TO_NUMBER({column})` and route failures to `{stg}_rejects`.",
                "Open a ticket with the {source} team: schema changes must go through the data contract review."]),
    dict(key="executor-oom", snippets=["spark-submit"], title="Spark executor OutOfMemoryError in {app}",
         error="java.lang.OutOfMemoryError: Java heap space",
         symptoms=["The Spark application `{app}` fails in stage {stage} with `OutOfMemoryError` on several executors.",
                   "The Spark UI shows GC time above 40% of task time before the failure."],
         steps=["Open the Spark UI for `{app}` and find the stage and the largest task's input size.",
                "If one task reads far more than the others, this is partition skew: salt the join key `{column}`.",
                "Otherwise raise `spark.executor.memory` from 8g to 12g and `spark.sql.shuffle.partitions` to {shuffle}.",
                "Resubmit for the failed date only; keep the memory override in the DAG's `conf` until the fix ships."]),
    dict(key="partition-skew", snippets=["spark-submit", "duplicates"], title="Partition skew in {app}",
         error="Stage {stage} has 1 running task out of {shuffle}; max task duration 2.3 h vs median 41 s",
         symptoms=["One task of `{app}` runs for hours while all others finished in under a minute.",
                   "The shuffle read of the slow task is more than 20 times the median."],
         steps=["Find the hot key: group `{stg}` by `{column}` for the failing date and sort by count.",
                "Enable adaptive query execution skew handling: `spark.sql.adaptive.skewJoin.enabled=true`.",
                "If one key dominates (often a null or a test merchant), filter or salt it before the join.",
                "Resubmit `{app}` and watch the stage's task time distribution in the Spark UI."]),
    dict(key="consumer-lag", snippets=["kafka-lag"], title="Kafka consumer lag on {topic}",
         error="Consumer group {group} lag 2,481,337 messages on topic {topic}",
         symptoms=["Grafana panel `kafka-consumer-lag` for `{group}` is above the 500k alert threshold.",
                   "The streaming job's micro-batches take longer than the trigger interval of 60 s."],
         steps=["Check that all partitions of `{topic}` have an active consumer in `{group}`.",
                "Look for a rebalance storm in the consumer logs (`Revoking previously assigned partitions`).",
                "If the sink is slow, scale the job: raise `maxOffsetsPerTrigger` and the executor count.",
                "Do not reset offsets to latest: this drops data. Let the job catch up, or replay from the checkpoint."]),
    dict(key="dbt-test-failure", snippets=["dbt-build", "duplicates"], title="dbt test failure on {model}",
         error="Failure in test unique_{model}_{key} (models/marts/{domain_us}/{model}.yml)",
         symptoms=["The `dbt build` step of `{dag}` fails with a test failure on `{model}`.",
                   "`{fact}` was not refreshed because the failing test blocks its downstream models."],
         steps=["Run the failing test alone with `--store-failures` and inspect the stored rows.",
                "Decide whether the data or the test is wrong; a new valid case means the test needs an update in a PR.",
                "If the data is wrong, fix it at the source model (usually `{stg}`), never in the mart.",
                "Re-run `dbt build --select {model}+` once the fix is merged."]),
    dict(key="row-count-drop", snippets=["volume", "one-side"], title="Row count drop in {fact}",
         error="Monte Carlo volume anomaly: {fact} received 31% of expected rows",
         symptoms=["The volume monitor on `{fact}` fired: today's load is far below the 28-day baseline.",
                   "Dashboards built on `{fact}` show a sharp drop for {partition}."],
         steps=["Compare row counts per `load_date` in `{stg}` and `{fact}` for the last 7 days.",
                "If `{stg}` is also low, the extract from {source} is incomplete: check the connector's sync log.",
                "If only `{fact}` is low, a join in `{model}` dropped rows: check for new null keys in `{column}`.",
                "Annotate the dashboard so that the {audience} readers know the number is being corrected."]),
    dict(key="duplicate-keys", snippets=["duplicates"], title="Duplicate keys in {fact}",
         error="Duplicate row detected during DML action Row Values: [\"{bad_value}\", ...]",
         symptoms=["The `MERGE INTO {fact}` statement fails with `Duplicate row detected during DML action`.",
                   "The uniqueness test on `{key}` reports duplicates in `{model}`."],
         steps=["Count duplicates of `{key}` in `{model}` for the affected load dates.",
                "Check whether the {source} connector replayed a sync window (at-least-once delivery).",
                "Deduplicate with `QUALIFY ROW_NUMBER() OVER (PARTITION BY {key} ORDER BY ingested_at DESC) = 1` in `{stg}`.",
                "Re-run the merge for the affected dates only."]),
    dict(key="null-rate-spike", snippets=["volume"], title="Null rate spike in {column}",
         error="Great Expectations: expect_column_values_to_not_be_null failed for {column} (unexpected_percent 37.2)",
         symptoms=["The null rate of `{column}` in `{fact}` jumped from under 1% to over 30%.",
                   "Segment breakdowns on the {audience} dashboard show a large `unknown` bucket."],
         steps=["Find when the nulls started: null rate of `{column}` per hour over the last 3 days.",
                "Check for a release of the producing service at that time (the `#deploys` channel).",
                "If the field moved in the payload, update the JSON path in `{stg}` and backfill the affected hours.",
                "Keep the nulls out of `{fact}` until the backfill is done by filtering them in `{model}`."]),
    dict(key="source-freshness", snippets=["dbt-build", "airflow-clear"], title="Stale source {source} in {stg}",
         error="ERROR STALE freshness of {source}.{raw}: max loaded_at 26 hours ago",
         symptoms=["`dbt source freshness` reports `{source}.{raw}` as stale (error after 24 hours).",
                   "The Fivetran connector `{source}_{connector}` shows a failed sync or a paused schedule."],
         steps=["Open the connector's sync history and read the last error.",
                "If credentials expired, rotate them in the vault and update the connector; never paste them in Slack.",
                "Trigger a manual sync and watch `max(_loaded_at)` of `{raw}` move.",
                "Once fresh, re-run `{dag}` from the staging task `{task}`."]),
    dict(key="warehouse-queued", snippets=["query-history"], title="Snowflake warehouse {wh} queueing",
         error="Statement reached its statement or warehouse timeout of 3600 second(s) and was canceled.",
         symptoms=["Queries from `{dag}` sit in the `{wh}` queue for more than 10 minutes.",
                   "`QUERY_HISTORY` shows `queued_overload_time` dominating the run time of `{model}`."],
         steps=["List the running queries on `{wh}` and who started them.",
                "If an ad-hoc query holds the warehouse, ask its owner to move it to `ADHOC_WH` or cancel it.",
                "Raise the multi-cluster maximum of `{wh}` temporarily (`ALTER WAREHOUSE {wh} SET MAX_CLUSTER_COUNT = 4`).",
                "Write down the change in the incident channel; it costs credits and must be reverted."]),
    dict(key="backfill-stuck", snippets=["airflow-clear"], title="Backfill of {fact} stuck",
         error="airflow backfill: {dag} has {retries} tasks in state up_for_reschedule for 6 hours",
         symptoms=["The backfill of `{fact}` for {partition} onwards has made no progress for hours.",
                   "Tasks of `{dag}` wait in `up_for_reschedule` or `queued`."],
         steps=["Check `max_active_runs` of `{dag}`: a backfill with too many parallel runs starves the pool `{pool}`.",
                "Stop the backfill process, then clear only the failed and queued task instances.",
                "Restart the backfill with `--max-active-runs 2` and the `--reset-dagruns` flag.",
                "Tell the owners of other DAGs in pool `{pool}` that their runs may be slower."]),
    dict(key="s3-access-denied", snippets=["s3-ls"], title="S3 access denied on {bucket}",
         error="com.amazonaws.services.s3.model.AmazonS3Exception: Access Denied (Service: Amazon S3; Status Code: 403)",
         symptoms=["`{task}` fails reading `s3://{bucket}/{raw}/dt={partition}/`.",
                   "The IAM role `{role}` was changed recently, or the bucket policy was updated."],
         steps=["Reproduce with the job's role: `aws s3 ls s3://{bucket}/{raw}/ --profile {role}`.",
                "Check CloudTrail for a recent `PutBucketPolicy` or `DetachRolePolicy` event.",
                "Ask the platform team to restore the grant; do not use a personal role as a workaround.",
                "Clear `{task}` once the listing works."]),
    dict(key="upstream-api-timeout", snippets=["airflow-clear"], title="{source} API timeouts in {task}",
         error="requests.exceptions.ReadTimeout: HTTPSConnectionPool(host='api.{source}.com', port=443): Read timed out. (read timeout=60)",
         symptoms=["`{task}` retries repeatedly and fails with `ReadTimeout` from the {source} API.",
                   "The vendor status page may show degraded performance."],
         steps=["Check the {source} status page and our API quota usage for today.",
                "If we hit the rate limit, lower the extractor's concurrency in `{dag}` from 8 to 2 workers.",
                "Extract the missing window later with the `--since {partition}` flag; the extractor is idempotent.",
                "If the outage lasts more than 4 hours, warn the {audience} stakeholders."]),
    dict(key="small-files", snippets=["s3-ls", "volume"], title="Too many small files in {fact}",
         error="Listing s3://{bucket}/{fact}/ returned 184,233 objects; query planning took 412 s",
         symptoms=["Queries on `{fact}` spend minutes in planning; the table has hundreds of thousands of small files.",
                   "The streaming writer `{app}` commits every 30 seconds."],
         steps=["Count files and average file size per partition of `{fact}`.",
                "Run compaction (`OPTIMIZE {fact} WHERE load_date >= '{partition}'`) outside business hours.",
                "Raise the writer's trigger interval or enable optimized writes on `{app}`.",
                "Run `VACUUM` only after the retention period, never with a shorter retention."]),
    dict(key="checkpoint-corrupt", snippets=["kafka-lag", "s3-ls"], title="Streaming checkpoint corrupt for {app}",
         error="java.lang.IllegalStateException: Error reading delta file s3://{bucket}/checkpoints/{app}/state/0/12/4711.delta",
         symptoms=["`{app}` fails on start with `Error reading delta file` in the state store.",
                   "The job restarts in a loop; the consumer group `{group}` makes no progress."],
         steps=["Stop the job so that it stops writing partial state.",
                "Copy the checkpoint folder aside before touching it (`aws s3 sync` to a dated backup prefix).",
                "Restart from a new checkpoint with `startingOffsets` set to the last committed offsets of `{group}`.",
                "Deduplicate `{fact}` for the replayed window, since the sink is at-least-once."]),
    dict(key="metric-anomaly", snippets=["volume", "one-side"], title="Anomaly in {metric}",
         error="Anomaly detector: {metric} = 3.8 sigma above forecast for {partition}",
         symptoms=["The metric `{metric}` on the {audience} dashboard moved far outside its forecast band.",
                   "No matching business event (campaign, outage, holiday) explains the move."],
         steps=["Recompute `{metric}` by hand from `{fact}` for {partition} and the previous 7 days.",
                "Split by `{column}` to see whether one segment explains the move.",
                "Check recent merges to `{model}` for a change in filters or join conditions.",
                "If the number is wrong, hide the tile and post a notice before the {audience} readers see it."]),
    dict(key="reconciliation-mismatch", snippets=["one-side"], title="Reconciliation mismatch with {source}",
         error="recon_{entity}: warehouse total differs from {source} by 2.7% (threshold 0.5%)",
         symptoms=["The nightly reconciliation of `{fact}` against {source} failed for {partition}.",
                   "Totals of `{column}` differ by more than the 0.5% threshold."],
         steps=["Compare daily totals of `{column}` between `{raw}` and `{fact}`.",
                "Look for currency or time zone differences: {source} reports in UTC, `{fact}` in America/New_York.",
                "List the keys present on one side only with a `FULL OUTER JOIN` on `{key}`.",
                "Record the explained difference in the reconciliation log; escalate unexplained ones to finance."]),
    dict(key="dlq-growth", snippets=["kafka-lag"], title="Messages in dead-letter topic {topic}.dlq",
         error="org.apache.kafka.common.errors.SerializationException: Error deserializing Avro message for id {schema_id}",
         symptoms=["The dead-letter topic `{topic}.dlq` receives messages at more than 100 per minute.",
                   "The schema registry shows a new version of subject `{topic}-value`."],
         steps=["Read a few DLQ messages and their headers with `kcat` to get the schema id.",
                "Check whether the new schema version is backward compatible with the consumer's reader schema.",
                "If it is not, ask the producer team to roll back the schema; pin the reader to version {schema_ver}.",
                "Replay the DLQ into `{topic}` once the consumer handles the new version."]),
    dict(key="credit-spike", snippets=["query-history"], title="Credit usage spike on {wh}",
         error="Resource monitor {wh}_MONITOR reached 90% of its monthly credit quota",
         symptoms=["The resource monitor on `{wh}` notified at 90% of the monthly quota.",
                   "`WAREHOUSE_METERING_HISTORY` shows credit usage doubled since {partition}."],
         steps=["Find the most expensive queries of the last 7 days on `{wh}`.",
                "Check whether `{model}` lost its incremental predicate and now rebuilds in full.",
                "Suspend non-critical schedules on `{wh}` until the cause is fixed.",
                "Never raise the quota without the data platform lead's approval."]),
    dict(key="scd2-overlap", snippets=["duplicates", "dbt-build"], title="Overlapping validity ranges in {dim}",
         error="dbt test failed: dbt_utils.mutually_exclusive_ranges on {dim} (valid_from, valid_to)",
         symptoms=["The range test on `{dim}` reports overlapping `valid_from`/`valid_to` rows.",
                   "Joins to `{dim}` fan out and double-count `{fact}`."],
         steps=["List the keys with overlapping ranges and the snapshot runs that created them.",
                "Check whether two snapshot runs of `{dag}` ran concurrently (a manual trigger during the schedule).",
                "Close the overlapping rows by setting `valid_to` to the next row's `valid_from`.",
                "Set `max_active_runs=1` on `{dag}` if it is not already."]),
    dict(key="dst-gap", snippets=["volume", "airflow-clear"], title="Daylight-saving gap in hourly partitions of {fact}",
         error="Missing partition hour=02 for dt={partition} in {fact}",
         symptoms=["The completeness check on `{fact}` reports a missing or doubled hour.",
                   "The gap matches a daylight-saving change in America/New_York."],
         steps=["Confirm the partition scheme: `{fact}` must be partitioned by UTC hour, not local hour.",
                "Rebuild the affected day with the UTC partitioning from `{stg}`.",
                "Adjust the completeness check to expect 23 or 25 local hours on change days.",
                "Note the change in the model's documentation."]),
]

GENERIC_STEPS = [
    "Acknowledge the page in PagerDuty and post in `#data-incidents` that you are on it.",
    "Check the pipeline page for the owner and backup, and whether a change was merged today.",
    "Look at the last 3 runs of `{dag}` and note when the failures started.",
    "Check the `#deploys` channel for releases of the {source} producer in the last 24 hours.",
    "Write down what you changed and when in the incident thread as you go.",
    "If the fix needs a code change, open a PR against `{repo}` and ask the owner for review.",
    "Keep `{fact}` readers informed: post the expected recovery time in `#data-announcements`.",
    "Re-run only the affected partition `{partition}`, not the whole history.",
    "Check the lineage of `{fact}` in the catalog for downstream consumers that need a heads-up.",
]

CHECKS = [
    "Row counts of `{fact}` for the last 7 load dates are within 10% of each other.",
    "The uniqueness test on `{key}` passes: `dbt test --select {model}`.",
    "`max(updated_at)` of `{stg}` is less than {fresh} hours old.",
    "No task of `{dag}` is in state `failed` or `upstream_failed`.",
    "The consumer lag of `{group}` is below 10k messages.",
    "The null rate of `{column}` is below 1%.",
    "The Spark UI of `{app}` shows no stage with task skew above 10x.",
    "Totals of `{column}` in `{fact}` match `{raw}` within 0.5%.",
    "The freshness monitor on `{fact}` is green in Monte Carlo.",
    "No query on `{wh}` has been queued for more than 5 minutes.",
]

VERIFY = [
    "Re-run the check that fired; it must pass twice in a row before you resolve the alert.",
    "Open the {audience} dashboard and compare today's tiles with the same weekday last week.",
    "Query `{fact}` for `{partition}` and confirm the row count is back in the usual range.",
    "Confirm the next scheduled run of `{dag}` succeeds without manual help.",
    "Resolve the PagerDuty incident and link the ticket `{ticket}` in the resolution note.",
]

ROLLBACK = [
    "Revert the PR that introduced the change and redeploy `{repo}`; the next run rebuilds `{fact}`.",
    "Restore `{fact}` with Snowflake Time Travel: `CREATE TABLE {fact}_restore CLONE {fact} AT (OFFSET => -3600)`, then swap the two tables.",
    "Point the `{fact}` view back to the previous snapshot `{fact}_snapshot_{snap}` and rebuild later.",
    "Undo temporary settings (pool slots, warehouse size, executor memory) made during the incident.",
    "Delete the partition `{partition}` from `{fact}` and re-run `{task}` from a clean state.",
]

ESCALATION = [
    "Page {primary} (primary owner of {pipeline_name}) if the fix is not obvious within 30 minutes; {secondary} is the backup.",
    "If {source} is at fault, open a ticket with the {source} owners and link it in `{ticket}`.",
    "For wrong data that reached {audience} readers, tell the analytics lead before the next business day.",
    "After hours, escalate to the data platform on-call for infrastructure problems (Airflow, Spark, Kafka, Snowflake).",
]

INTROS = [
    "This runbook covers the `{alert_key}` alert of the {pipeline_name} pipeline (DAG `{dag}`, {engine}).",
    "The {pipeline_name} pipeline loads `{fact}` from {source} with {engine}; this alert fires on `{alert_key}`.",
    "When `{alert_key}` fires for `{dag}`, readers of `{fact}` ({audience}) are at risk. Start here.",
]

IMPACT = [
    "`{fact}` feeds the {audience} reporting; the data is due by {sla} ET every day.",
    "Downstream models such as `{dim}` and the `{metric}` metric read from `{fact}`.",
    "While the alert is open, numbers for {partition} may be incomplete or double-counted.",
    "The {pipeline_name} pipeline is tier {tier}: {tier_text}.",
]

# --------------------------------------------------------------------------- helpers


def slugify(text: str) -> str:
    out = []
    for ch in text.lower():
        out.append(ch if ch.isascii() and ch.isalnum() else "-")
    s = "".join(out)
    while "--" in s:
        s = s.replace("--", "-")
    return s.strip("-")


def q(s: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(s, ensure_ascii=True)


def clamp(x: int, lo: int, hi: int) -> int:
    return max(lo, min(hi, x))


def split_counts(total: int, k: int, rng: random.Random) -> list[int]:
    """`total` split into `k` positive parts of varying size (largest remainder)."""
    weights = [rng.uniform(0.5, 1.5) for _ in range(k)]
    s = sum(weights)
    raw = [total * w / s for w in weights]
    counts = [max(1, int(r)) for r in raw]
    order = sorted(range(k), key=lambda i: raw[i] - int(raw[i]), reverse=True)
    i = 0
    while sum(counts) < total:
        counts[order[i % k]] += 1
        i += 1
    while sum(counts) > total:
        j = max(range(k), key=lambda i: counts[i])
        counts[j] -= 1
    return counts


# --------------------------------------------------------------------------- model


def make_team(rng: random.Random, n_eng: int):
    names = [(f, l) for f in FIRST_NAMES for l in LAST_NAMES]
    rng.shuffle(names)
    engineers = []
    used = set()
    for first, last in names:
        eid = slugify(f"{first}-{last}")
        if eid in used:
            continue
        used.add(eid)
        e = {"id": eid, "name": f"{first} {last}", "email": f"{eid.replace('-', '.')}@example.com",
             "slack": "@" + (first[0] + last).lower(), "phone": None, "time_off": []}
        if rng.random() < 0.5:
            e["phone"] = f"+1 555 {rng.randrange(100, 1000):03d} {rng.randrange(0, 10000):04d}"
        engineers.append(e)
        if len(engineers) == n_eng:
            break
    return engineers


def add_time_off(rng: random.Random, engineers, rotation, start: dt.date):
    """A few ranges of time off; at most 2 rotation members away in any shift week."""
    in_rotation = set(rotation)
    # Weeks are the shifts Monday 09:00 to Monday 09:00; a day range touching days
    # Monday..next Monday (inclusive) of week k overlaps shift k.
    away: dict[int, set[str]] = {}

    def weeks_of(a: dt.date, b: dt.date):
        first = (a - start).days // 7
        last = (b - start).days // 7
        ks = set(range(first, last + 1))
        if (a - start).days % 7 == 0:  # a Monday: also the end of the previous shift
            ks.add(first - 1)
        return sorted(ks)

    n_people = max(2, len(engineers) // 5)
    chosen = rng.sample(range(len(engineers)), min(n_people, len(engineers)))
    for idx in sorted(chosen):
        e = engineers[idx]
        for _ in range(rng.choice([1, 1, 2])):
            for _attempt in range(20):
                a = dt.date(2026, 1, 1) + dt.timedelta(days=rng.randrange(0, 700))
                b = a + dt.timedelta(days=rng.randrange(1, 12))
                ks = weeks_of(a, b)
                if any(
                    o["from"] <= b + dt.timedelta(days=1) and a <= o["to"] + dt.timedelta(days=1)
                    for o in e["time_off"]
                ):
                    continue
                if e["id"] in in_rotation and any(len(away.get(k, set()) | {e["id"]}) > 2 for k in ks):
                    continue
                if e["id"] in in_rotation:
                    for k in ks:
                        away.setdefault(k, set()).add(e["id"])
                e["time_off"].append({"from": a, "to": b, "reason": rng.choice(TIME_OFF_REASONS)})
                break
        e["time_off"].sort(key=lambda o: o["from"])


def make_pipelines(rng: random.Random, n_dom: int, n_pipe: int, engineers):
    domains = []
    for did, dname, entities in DOMAINS[:n_dom]:
        domains.append({"id": did, "name": dname, "entities": entities,
                        "failure_modes": rng.sample(FAILURE_MODES, rng.choice([2, 2, 3])),
                        "pipelines": []})
    per_domain = split_counts(n_pipe, n_dom, rng)
    eng_ids = [e["id"] for e in engineers]
    pipelines = []
    names = set()  # an entity of two domains (conversions): the second says its domain
    k = 0
    for d, count in zip(domains, per_domain):
        combos = [(ent, kind) for ent in d["entities"] for kind in KINDS]
        rng.shuffle(combos)
        for i in range(count):
            if i < len(combos):
                ent, kind = combos[i]
                suffix = ""
            else:  # more pipelines than combinations: numbered regional variants
                ent, kind = combos[i % len(combos)]
                suffix = f"-r{i // len(combos) + 1}"
            kid, kname, kdesc, grain = kind
            pid = f"{d['id']}-{ent.replace('_', '-')}-{kid}{suffix}"
            ent_words = ent.replace("_", " ")
            primary = eng_ids[k % len(eng_ids)]
            secondary = rng.choice([x for x in eng_ids if x != primary])
            k += 1
            engine_kind, engine = rng.choice(ENGINES)
            dom_us = d["id"].replace("-", "_")
            p = {
                "id": pid,
                "name": f"{ent_words.capitalize()} {kname}" + (f" (region {suffix[2:]})" if suffix else ""),
                "description": kdesc.format(e=ent_words, E=ent_words.capitalize()) + ".",
                "domain": d["id"],
                "audience": rng.choice(AUDIENCES),
                "primary": primary,
                "secondary": secondary,
                "entity": ent,
                "kind": kid,
                "grain": grain,
                "engine_kind": engine_kind,
                "engine": engine,
                "source": rng.choice(SOURCES),
                "dag": f"{dom_us}__{ent}_{kid.replace('-', '_')}{suffix.replace('-', '_')}",
                "fact": f"fact_{ent}_{grain}{suffix.replace('-', '_')}",
                "dim": f"dim_{rng.choice(['customer', 'product', 'merchant', 'date', 'channel', 'region', ent.rstrip('s')])}",
                "topic": f"{dom_us}.{ent}.{kid.replace('-', '_')}.v{rng.randrange(1, 5)}",
                "wh": rng.choice(WAREHOUSES),
                "sla": f"{rng.randrange(5, 11):02d}:{rng.choice(['00', '30'])}",
                "tier": rng.choice([1, 2, 2, 3]),
                "repo": f"data-{d['id']}-pipelines",
                "alerts": [],
            }
            if p["name"].lower() in names:
                p["name"] += f" ({d['name']})"
            names.add(p["name"].lower())
            pipelines.append(p)
            d["pipelines"].append(p)
    return domains, pipelines


def context(rng: random.Random, p, alert, index: int, engineers_by_id):
    ent = p["entity"]
    source = p["source"]
    column = rng.choice(COLUMNS)
    adj = rng.choice(ADJECTIVES)
    variant = rng.choice(["events", "raw", "v2", "log", "history", "current", "delta", "changes"])
    stg = f"stg_{source}__{ent}_{variant}"
    model = f"int_{ent}__{rng.choice(['deduped', 'joined', 'enriched', 'filtered', 'pivoted', 'unioned'])}_{adj}"
    task = f"{rng.choice(['load', 'transform', 'extract', 'merge', 'publish', 'validate'])}_{ent}_{adj}"
    tier_text = {1: "page immediately, investor or regulatory reporting depends on it",
                 2: "fix within the business day",
                 3: "fix within the week"}[p["tier"]]
    return {
        "alert_key": alert["key"],
        "pipeline_name": p["name"],
        "dag": p["dag"],
        "task": task,
        "sensor": f"wait_for_{source}_{ent}_{adj}",
        "pool": f"{p['domain'].replace('-', '_')}_pool",
        "engine": p["engine"],
        "source": source,
        "fact": p["fact"],
        "dim": p["dim"],
        "stg": stg,
        "raw": f"raw_{source}_{ent}",
        "model": model,
        "column": column,
        "key": rng.choice(["order_id", "event_id", "customer_id", f"{ent.rstrip('s')}_id", "surrogate_key"]),
        "app": f"{ent.replace('_', '-')}-{p['kind']}-{adj}-{rng.randrange(16**4):04x}",
        "topic": p["topic"],
        "group": f"{p['id']}-sink-{adj}",
        "wh": p["wh"],
        "bucket": f"acme-{p['domain']}-{rng.choice(['landing', 'lake', 'curated', 'raw'])}",
        "role": f"{p['domain']}-etl-{adj}",
        "sla": p["sla"],
        "audience": p["audience"],
        "partition": (dt.date(2026, 1, 1) + dt.timedelta(days=rng.randrange(0, 330))).isoformat(),
        "ticket": f"DATAOPS-{1000 + index}",
        "stage": rng.randrange(3, 60),
        "shuffle": rng.choice([400, 800, 1600, 2400]),
        "retries": rng.randrange(2, 6),
        "bad_value": f"{rng.randrange(1, 99999)}-{adj.upper()}",
        "metric": f"{rng.choice(['daily', 'weekly', 'net', 'gross', 'avg'])}_{ent}_{rng.choice(['count', 'value', 'rate', 'per_user'])}",
        "schema_id": rng.randrange(100, 9999),
        "schema_ver": rng.randrange(2, 15),
        "connector": adj,
        "entity": ent,
        "domain_us": p["domain"].replace("-", "_"),
        "repo": p["repo"],
        "fresh": rng.choice([2, 6, 12, 26]),
        "snap": (dt.date(2026, 1, 1) + dt.timedelta(days=rng.randrange(0, 330))).strftime("%Y%m%d"),
        "tier": p["tier"],
        "tier_text": tier_text,
        "primary": engineers_by_id[p["primary"]]["name"],
        "secondary": engineers_by_id[p["secondary"]]["name"],
        "adj": adj,
    }


def code_block(rng: random.Random, names: list[str], c) -> str:
    """A fenced block with one of the snippets that fit the alert."""
    snippets = {
        "volume": ("sql", f"""-- {c['ticket']}: daily volume and distinct keys of {c['fact']}
SELECT load_date,
       COUNT(*)                  AS row_count,
       COUNT(DISTINCT {c['key']}) AS distinct_keys,
       SUM(IFF({c['column']} IS NULL, 1, 0)) / COUNT(*) AS null_rate
FROM analytics.{c['domain_us']}.{c['fact']}
WHERE load_date >= DATEADD(day, -7, '{c['partition']}')
GROUP BY load_date
ORDER BY load_date;"""),
        "one-side": ("sql", f"""-- {c['ticket']}: keys present on one side only
SELECT COALESCE(s.{c['key']}, f.{c['key']}) AS {c['key']},
       s.{c['column']} AS staged, f.{c['column']} AS published
FROM staging.{c['stg']} s
FULL OUTER JOIN analytics.{c['domain_us']}.{c['fact']} f
  ON s.{c['key']} = f.{c['key']} AND f.load_date = '{c['partition']}'
WHERE s.{c['key']} IS NULL OR f.{c['key']} IS NULL
LIMIT 100;"""),
        "query-history": ("sql", f"""-- {c['ticket']}: slowest and queued queries on {c['wh']}
SELECT query_id, user_name, total_elapsed_time / 1000 AS seconds,
       queued_overload_time / 1000 AS queued_seconds
FROM snowflake.account_usage.query_history
WHERE warehouse_name = '{c['wh']}'
  AND start_time >= DATEADD(hour, -24, CURRENT_TIMESTAMP())
  AND query_text ILIKE '%{c['model']}%'
ORDER BY total_elapsed_time DESC
LIMIT 20;"""),
        "duplicates": ("sql", f"""-- {c['ticket']}: duplicates of {c['key']} in {c['stg']}
SELECT {c['key']}, COUNT(*) AS copies, MAX(ingested_at) AS last_seen
FROM staging.{c['stg']}
WHERE load_date = '{c['partition']}'
GROUP BY {c['key']}
HAVING COUNT(*) > 1
ORDER BY copies DESC;"""),
        "airflow-clear": ("shell", f"""# {c['ticket']}: clear and re-run the failed task for one day
airflow tasks clear {c['dag']} -t '^{c['task']}$' \\
  -s {c['partition']} -e {c['partition']} --only-failed --yes
airflow dags state {c['dag']} {c['partition']}T00:00:00+00:00"""),
        "spark-submit": ("shell", f"""# {c['ticket']}: resubmit {c['app']} with more memory
spark-submit --deploy-mode cluster \\
  --conf spark.executor.memory=12g \\
  --conf spark.sql.shuffle.partitions={c['shuffle']} \\
  --conf spark.sql.adaptive.skewJoin.enabled=true \\
  --name {c['app']} s3://{c['bucket']}/jobs/{c['entity']}.py --date {c['partition']}"""),
        "kafka-lag": ("shell", f"""# {c['ticket']}: consumer lag of {c['group']}
kafka-consumer-groups --bootstrap-server kafka-prod-1:9092 \\
  --describe --group {c['group']}
kcat -b kafka-prod-1:9092 -t {c['topic']} -C -o -5 -e -f '%p %o %k %T\\n'"""),
        "dbt-build": ("shell", f"""# {c['ticket']}: rebuild {c['model']} and everything downstream
dbt build --select {c['model']}+ --target prod \\
  --vars '{{"run_date": "{c['partition']}"}}'
dbt test --select {c['model']} --store-failures"""),
        "s3-ls": ("shell", f"""# {c['ticket']}: inspect the landing prefix
aws s3 ls s3://{c['bucket']}/{c['raw']}/dt={c['partition']}/ --recursive | tail -20
aws sts get-caller-identity --profile {c['role']}"""),
    }
    lang, text = snippets[rng.choice(names)]
    return f"```{lang}\n{text}\n```"


def render_runbook(rng: random.Random, rb, c, links) -> str:
    alert = rb["alert"]
    fill = lambda s: s.format(**c)  # noqa: E731
    front = [f"title: {q(rb['title'])}", f"pipelines: [{rb['pipeline']['id']}]"]
    if rng.random() < 0.6:
        front.append("description: " + q(
            f"What to do when {alert['key'].replace('-', ' ')} hits {c['pipeline_name'].lower()}"
            f" ({c['fact']})."))
    out = ["---", *front, "---", ""]
    intro = fill(rng.choice(INTROS))
    if rng.random() < 0.5:
        intro += fill(" Objects: `{stg}`, `{model}`, `{fact}`.")
    out.append(intro)
    out += ["", "## Symptoms", ""]
    out += ["- " + fill(s) for s in alert["symptoms"]]
    out.append("- The log of `{}` ends with:".format(c["task"]))
    out += ["", "  ```text", "  " + fill(alert["error"]), "  ```"]
    out += ["", "## Impact", ""]
    out.append(" ".join(fill(s) for s in rng.sample(IMPACT, rng.choice([1, 2]))))
    out += ["", "## Steps", ""]
    n_steps = rng.randint(4, 8)
    specific = [fill(s) for s in alert["steps"]]
    generic = [fill(s) for s in rng.sample(GENERIC_STEPS, max(0, n_steps - len(specific)))]
    steps = generic[:1] + specific[: n_steps - len(generic)] + generic[1:]
    if links and links[0][2] == "steps":
        steps.insert(min(2, len(steps)), f"If that does not explain it, see [{links[0][1]}]({links[0][0]}).")
        links = links[1:]
    steps = steps[:8]
    out += [f"{i}. {s}" for i, s in enumerate(steps, 1)]
    block = code_block(rng, alert["snippets"], c)
    out += ["", "The query for these steps:" if block.startswith("```sql") else "Commands:", ""]
    out.append(block)
    out += ["", "## Checks", ""]
    out += ["- " + fill(s) for s in rng.sample(CHECKS, rng.choice([2, 2, 3]))]
    out += ["", "## Verify", ""]
    out.append(" ".join(fill(s) for s in rng.sample(VERIFY, rng.choice([1, 2]))))
    out += ["", "## Rollback", ""]
    out.append(fill(rng.choice(ROLLBACK)))
    out += ["", "## Escalation", ""]
    out += ["- " + fill(s) for s in rng.sample(ESCALATION, rng.choice([1, 2]))]
    if links:
        out += ["", "Related: " + "; ".join(f"[{text}]({href})" for href, text, _ in links) + "."]
    return "\n".join(out) + "\n"


def render_index(d, engineers_by_id) -> str:
    out = ["---", f"title: {q(d['name'] + ' runbooks')}",
           "description: " + q(f"Runbooks for the {len(d['pipelines'])} pipelines of the {d['name']} domain."),
           "weight: 1", "---", ""]
    out.append(f"Runbooks of the {d['name']} domain, by pipeline. Each pipeline's page lists its owners "
               "and the on-call engineer.")
    out += ["", "## Known failure modes", ""]
    out += ["- " + f for f in d["failure_modes"]]
    out += ["", "## Pipelines", ""]
    out += ["| Pipeline | Primary | Secondary | Runbooks |", "| --- | --- | --- | --- |"]
    for p in d["pipelines"]:
        out.append(f"| [{p['name']}](/pipelines/{p['id']}/) | {engineers_by_id[p['primary']]['name']} "
                   f"| {engineers_by_id[p['secondary']]['name']} | {len(p['alerts'])} |")
    for p in d["pipelines"]:
        out += ["", f"### {p['name']}", ""]
        out += [f"- [{rb['title']}]({p['id']}/{rb['slug']}.md)" for rb in p["alerts"]]
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------- YAML files


def write_yaml_files(content: str, engineers, rotation, start, domains, pipelines):
    with open(os.path.join(content, "site.yaml"), "w") as f:
        f.write("# Generated by bench/gen_site.py\n"
                "title: Data Platform Operations (benchmark)\n"
                "base_url: https://ops.example.com/\n"
                "repository: https://github.com/example-org/data-ops\n"
                "edit_url: https://github.com/example-org/data-ops/edit/main/{path}\n"
                "timezone: America/New_York\n"
                "theme: default\n")
    lines = ["# Generated by bench/gen_site.py", "engineers:"]
    for e in engineers:
        lines.append(f"  - id: {e['id']}")
        lines.append(f"    name: {q(e['name'])}")
        contact = [f"email: {e['email']}", f"slack: {q(e['slack'])}"]
        if e["phone"]:
            contact.append(f"phone: {q(e['phone'])}")
        lines.append("    contact: { " + ", ".join(contact) + " }")
        if e["time_off"]:
            lines.append("    time_off:")
            for o in e["time_off"]:
                r = f", reason: {q(o['reason'])}" if o["reason"] else ""
                lines.append(f"      - {{ from: {o['from'].isoformat()}, to: {o['to'].isoformat()}{r} }}")
    with open(os.path.join(content, "team.yaml"), "w") as f:
        f.write("\n".join(lines) + "\n")

    lines = ["# Generated by bench/gen_site.py", "domains:"]
    for d in domains:
        lines += [f"  - id: {d['id']}", f"    name: {q(d['name'])}", "    failure_modes:"]
        lines += [f"      - {q(m)}" for m in d["failure_modes"]]
    lines.append("pipelines:")
    for p in pipelines:
        lines += [f"  - id: {p['id']}", f"    name: {q(p['name'])}",
                  f"    description: {q(p['description'])}", f"    domain: {p['domain']}",
                  f"    audience: {p['audience']}", f"    primary: {p['primary']}",
                  f"    secondary: {p['secondary']}"]
        if p.get("runbook"):
            lines.append(f"    runbook: {p['runbook']}")
    with open(os.path.join(content, "pipelines.yaml"), "w") as f:
        f.write("\n".join(lines) + "\n")

    lines = ["# Generated by bench/gen_site.py", "rotation:",
             f"  order: [{', '.join(rotation)}]", f"  start: {start.isoformat()}",
             '  handoff: { weekday: monday, time: "09:00" }', "  timezone: America/New_York",
             "  shift: weekly", "holidays:"]
    lines += [f"  - {{ date: {day}, name: {q(name)} }}" for day, name in US_HOLIDAYS]
    with open(os.path.join(content, "oncall.yaml"), "w") as f:
        f.write("\n".join(lines) + "\n")


# --------------------------------------------------------------------------- main


# A 1x1 transparent PNG, the image the raw HTML of `--raw-html` shows.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")


def raw_html(c) -> str:
    """The raw HTML `--raw-html` appends to an alert runbook: a disclosure and an image."""
    return (f"\n<details>\n<summary>Lineage of {c['fact']}</summary>\n\n"
            f"<img src=\"flow.png\" alt=\"How {c['stg']} feeds {c['fact']}\" width=\"600\">\n\n"
            "</details>\n")


def unique_title(title: str, qual: str, p, titles: set) -> str:
    """`title`, or when the site has it already (the same alert on the same object, or on
    an object of the same name in another pipeline), with what tells it apart: the
    specific part, the pipeline, both, then a number. Adds it to `titles`."""
    first = [title, f"{title} ({qual})", f"{title} ({p['id']})", f"{title} ({p['id']}, {qual})"]
    numbered = (f"{title} ({p['id']}, {qual}, {i})" for i in itertools.count(2))
    for cand in itertools.chain(first, numbered):
        if cand.lower() not in titles:
            titles.add(cand.lower())
            return cand


def generate(out_dir: str, n: int, seed: int, with_raw_html: bool = False) -> None:
    rng = random.Random(seed)
    n_dom = clamp(round(n / 500), 3, 40)
    n_pipe = max(5, round(n / 25), n_dom)
    n_eng = clamp(round(n / 250), 4, 60)
    n_alerts = n - n_dom
    if n_alerts < n_pipe:
        sys.exit(f"--runbooks {n} is too small: need at least {n_pipe + n_dom}")

    engineers = make_team(rng, n_eng)
    engineers_by_id = {e["id"]: e for e in engineers}
    rotation = [e["id"] for e in engineers[: min(12, len(engineers))]]
    start = dt.date(2026, 1, 5)  # first Monday of 2026
    add_time_off(rng, engineers, rotation, start)
    domains, pipelines = make_pipelines(rng, n_dom, n_pipe, engineers)
    domain_by_id = {d["id"]: d for d in domains}

    # Plan every runbook (paths and titles) before writing, so links can point anywhere.
    per_pipe = split_counts(n_alerts, len(pipelines), rng)
    runbooks = []
    # Titles are unique over the whole site, in any letter case (as pipebook's lookalike
    # check compares them), without drawing more random numbers than before.
    titles = set(d["name"].lower() + " runbooks" for d in domains)
    for p, count in zip(pipelines, per_pipe):
        used = set()
        for _ in range(count):
            alert = rng.choice(ALERTS)
            c = context(rng, p, alert, len(runbooks), engineers_by_id)
            qual_opts = [c["stg"], c["model"], c["task"], c["column"], c["app"], c["adj"]]
            slug = None
            for qual in rng.sample(qual_opts, len(qual_opts)):
                cand = slugify(f"{alert['key']}-{qual}")
                if cand not in used:
                    slug = cand
                    break
            i = 2
            while slug is None or slug in used:
                qual = f"{c['adj']}-{i}"
                slug = slugify(f"{alert['key']}-{qual}")
                i += 1
            used.add(slug)
            title = unique_title(alert["title"].format(**c), qual, p, titles)
            rb = {"alert": alert, "ctx": c, "pipeline": p, "slug": slug,
                  "title": title,
                  "rel": f"{p['domain']}/{p['id']}/{slug}.md"}
            runbooks.append(rb)
            p["alerts"].append(rb)
    for p in pipelines:
        if rng.random() < 0.8:
            p["runbook"] = p["alerts"][0]["rel"][: -len(".md")]

    if os.path.exists(os.path.join(out_dir, "content")):
        sys.exit(f"{out_dir}/content exists; remove it or pass --force")
    content = os.path.join(out_dir, "content")
    os.makedirs(os.path.join(content, "runbooks"))
    write_yaml_files(content, engineers, rotation, start, domains, pipelines)

    total = 0
    count = 0
    alert_total = 0
    for d in domains:
        path = os.path.join(content, "runbooks", d["id"], "_index.md")
        os.makedirs(os.path.dirname(path), exist_ok=True)
        text = render_index(d, engineers_by_id)
        with open(path, "w") as f:
            f.write(text)
        total += len(text.encode())
        count += 1

    for rb in runbooks:
        p = rb["pipeline"]
        src_dir = posixpath.dirname(rb["rel"])
        links = []
        for _ in range(rng.choice([1, 1, 2, 2, 3])):
            r = rng.random()
            if r < 0.35:
                pool = p["alerts"]
            elif r < 0.7:
                pool = [a for q_ in domain_by_id[p["domain"]]["pipelines"] if q_ is not p for a in q_["alerts"]] or p["alerts"]
            elif r < 0.9:
                pool = None  # any runbook
            else:
                d = domain_by_id[p["domain"]]
                links.append((posixpath.relpath(f"{d['id']}/_index.md", src_dir), f"{d['name']} runbooks", None))
                continue
            target = rng.choice(pool) if pool else rng.choice(runbooks)
            if target is rb:
                continue
            href = posixpath.relpath(target["rel"], src_dir)
            anchor = rng.choice(SECTIONS + [None, None])
            if anchor:
                href += "#" + anchor
            links.append((href, target["title"], anchor))
        text = render_runbook(rng, rb, rb["ctx"], links)
        path = os.path.join(content, "runbooks", *rb["rel"].split("/"))
        os.makedirs(os.path.dirname(path), exist_ok=True)
        if with_raw_html:
            text += raw_html(rb["ctx"])
            with open(os.path.join(os.path.dirname(path), "flow.png"), "wb") as f:
                f.write(PNG)
        with open(path, "w") as f:
            f.write(text)
        total += len(text.encode())
        alert_total += len(text.encode())
        count += 1

    print(f"{out_dir}: {count} runbooks ({len(runbooks)} alert runbooks + {len(domains)} _index.md), "
          f"{len(pipelines)} pipelines in {len(domains)} domains, {len(engineers)} engineers "
          f"(rotation of {len(rotation)}); average runbook size {total / count:.0f} bytes "
          f"({alert_total / len(runbooks):.0f} bytes without _index.md)")


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out_dir", help="site root to create (OUT_DIR/content/...)")
    ap.add_argument("--runbooks", type=int, default=10000, metavar="N",
                    help="number of Markdown files under content/runbooks (default 10000)")
    ap.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    ap.add_argument("--force", action="store_true", help="replace an existing OUT_DIR/content")
    ap.add_argument("--raw-html", action="store_true",
                    help="add a <details> with an <img> to every alert runbook")
    args = ap.parse_args(argv)
    if args.force:
        shutil.rmtree(os.path.join(args.out_dir, "content"), ignore_errors=True)
    generate(args.out_dir, args.runbooks, args.seed, args.raw_html)


if __name__ == "__main__":
    main()
