//! Records gathered for one write, upserted in one transaction: by multi-row `INSERT`s on
//! SQLite, by `COPY` into a temporary table and one `INSERT ... SELECT` a table on PostgreSQL.

use std::collections::HashMap;

use herald_model::{EnrichedArticle, Event, Story, StoryUpdate};
use sqlx::any::AnyArguments;
use sqlx::postgres::PgPool;
use sqlx::{Any, Postgres, Transaction};

use crate::{Store, StoreError};

/// SQLite finds a parameter by a walk over all of them (`sqlite3_bind_parameter_name`, which
/// sqlx calls for each): a statement's cost grows with the square of its parameters. At
/// 30,000 a statement, writing 10,000 events took 27 s; at 999, 1 s.
const MAX_PARAMS_SQLITE: usize = 999;

/// One column value.
#[derive(Debug, Clone)]
enum Value {
    Text(Option<String>),
    Int(i64),
    Real(Option<f64>),
}

/// A table's rows, the last one of each key kept.
struct Rows {
    table: &'static str,
    columns: &'static [&'static str],
    key: &'static [&'static str],
    /// `DO UPDATE` every other column on conflict, or `DO NOTHING`.
    update: bool,
    rows: Vec<Vec<Value>>,
    index: HashMap<String, usize>,
}

impl Rows {
    fn new(
        table: &'static str,
        columns: &'static [&'static str],
        key: &'static [&'static str],
        update: bool,
    ) -> Self {
        Self {
            table,
            columns,
            key,
            update,
            rows: Vec::new(),
            index: HashMap::new(),
        }
    }

    fn push(&mut self, key: String, row: Vec<Value>) {
        debug_assert_eq!(row.len(), self.columns.len());
        match self.index.get(&key) {
            Some(&i) => self.rows[i] = row,
            None => {
                self.index.insert(key, self.rows.len());
                self.rows.push(row);
            }
        }
    }

    fn contains(&self, key: &str) -> bool {
        self.index.contains_key(key)
    }

    async fn write(
        &self,
        tx: &mut Transaction<'static, Any>,
        max_params: usize,
    ) -> Result<(), StoreError> {
        let per_statement = (max_params / self.columns.len()).max(1);
        for chunk in self.rows.chunks(per_statement) {
            let sql = self.statement(chunk.len());
            let mut query = sqlx::query_with(&sql, AnyArguments::default());
            for row in chunk {
                for value in row {
                    query = match value {
                        Value::Text(v) => query.bind(v.clone()),
                        Value::Int(v) => query.bind(*v),
                        // As text, cast in the statement (see `statement`).
                        Value::Real(v) => query.bind(v.map(|x| x.to_string())),
                    };
                }
            }
            query.execute(&mut **tx).await?;
        }
        Ok(())
    }

    /// PostgreSQL: the rows by `COPY` into a temporary table shaped like the table, then one
    /// upsert from it. Statements as simple queries: none is kept prepared, as the temporary
    /// table is another each time.
    async fn copy(&self, tx: &mut Transaction<'static, Postgres>) -> Result<(), StoreError> {
        if self.rows.is_empty() {
            return Ok(());
        }
        let columns = self.columns.join(", ");
        sqlx::raw_sql(&format!(
            "CREATE TEMP TABLE herald_copy (LIKE {}) ON COMMIT DROP",
            self.table
        ))
        .execute(&mut **tx)
        .await?;
        let mut copy = tx
            .copy_in_raw(&format!("COPY herald_copy ({columns}) FROM STDIN"))
            .await?;
        copy.send(copy_text(&self.rows).into_bytes()).await?;
        copy.finish().await?;
        sqlx::raw_sql(&format!(
            "INSERT INTO {table} ({columns}) SELECT {columns} FROM herald_copy{}; \
             DROP TABLE herald_copy",
            self.on_conflict(),
            table = self.table
        ))
        .execute(&mut **tx)
        .await?;
        Ok(())
    }

    /// `INSERT INTO t (a, b) VALUES ($1, $2), ($3, $4) ON CONFLICT (a) DO UPDATE SET ...`.
    /// Numbers with a fraction go as text cast in the statement: sqlx 0.8's `any` driver
    /// declares a null f64 as float4 to PostgreSQL, so a statement prepared (and kept for
    /// reuse: twice the speed) with a null latitude would refuse the next batch's number there.
    fn statement(&self, rows: usize) -> String {
        let n = self.columns.len();
        let mut sql = format!(
            "INSERT INTO {} ({}) VALUES ",
            self.table,
            self.columns.join(", ")
        );
        for r in 0..rows {
            if r > 0 {
                sql.push_str(", ");
            }
            sql.push('(');
            for c in 0..n {
                if c > 0 {
                    sql.push_str(", ");
                }
                let p = r * n + c + 1;
                if REAL_COLUMNS.contains(&self.columns[c]) {
                    sql.push_str(&format!("CAST(${p} AS DOUBLE PRECISION)"));
                } else {
                    sql.push_str(&format!("${p}"));
                }
            }
            sql.push(')');
        }
        sql.push_str(&self.on_conflict());
        sql
    }

    /// ` ON CONFLICT (key) DO UPDATE SET a = excluded.a, ...` or `... DO NOTHING`.
    fn on_conflict(&self) -> String {
        let mut sql = format!(" ON CONFLICT ({}) DO ", self.key.join(", "));
        let rest: Vec<String> = self
            .columns
            .iter()
            .filter(|c| !self.key.contains(c))
            .map(|c| format!("{c} = excluded.{c}"))
            .collect();
        if self.update && !rest.is_empty() {
            sql.push_str("UPDATE SET ");
            sql.push_str(&rest.join(", "));
        } else {
            sql.push_str("NOTHING");
        }
        sql
    }
}

/// Rows in `COPY`'s text format: tab between values, a line a row, `\N` for null, and
/// backslash, tab, newline and carriage return escaped.
fn copy_text(rows: &[Vec<Value>]) -> String {
    let mut out = String::new();
    for row in rows {
        for (i, value) in row.iter().enumerate() {
            if i > 0 {
                out.push('\t');
            }
            match value {
                Value::Text(None) | Value::Real(None) => out.push_str("\\N"),
                Value::Text(Some(s)) => {
                    for c in s.chars() {
                        match c {
                            '\\' => out.push_str("\\\\"),
                            '\t' => out.push_str("\\t"),
                            '\n' => out.push_str("\\n"),
                            '\r' => out.push_str("\\r"),
                            c => out.push(c),
                        }
                    }
                }
                Value::Int(n) => {
                    out.push_str(&n.to_string());
                }
                Value::Real(Some(x)) => out.push_str(&real(*x)),
            }
        }
        out.push('\n');
    }
    out
}

/// A number as PostgreSQL reads it back exactly (Rust's shortest round-trip form).
fn real(x: f64) -> String {
    if x.is_nan() {
        "NaN".into()
    } else if x.is_infinite() {
        if x > 0.0 { "Infinity" } else { "-Infinity" }.into()
    } else {
        x.to_string()
    }
}

/// The DOUBLE PRECISION columns.
const REAL_COLUMNS: &[&str] = &["goldstein", "confidence", "lat", "lon"];

const ARTICLE_COLUMNS: &[&str] = &[
    "id",
    "url",
    "source",
    "title",
    "published_at",
    "language",
    "duplicate_of",
];

const EVENT_COLUMNS: &[&str] = &[
    "event_id",
    "article_id",
    "date",
    "plover",
    "plover_mode",
    "plover_context",
    "cameo",
    "cameo_base",
    "cameo_root",
    "quad_class",
    "goldstein",
    "negated",
    "mood",
    "reciprocal",
    "confidence",
    "source_text",
    "source_name",
    "source_code",
    "source_country",
    "source_sector",
    "target_text",
    "target_name",
    "target_code",
    "target_country",
    "target_sector",
    "place_name",
    "place_country",
    "lat",
    "lon",
    "source_url",
    "published_at",
    "sentence_index",
    "sentence_start",
    "sentence_end",
    "trigger_start",
    "trigger_end",
    "trigger_text",
];

const SENTENCE_COLUMNS: &[&str] = &["article_id", "start_char", "end_char", "text"];

const STORY_COLUMNS: &[&str] = &[
    "story_id",
    "status",
    "closed",
    "merged_into",
    "title",
    "first_seen",
    "last_seen",
    "num_articles",
    "num_sources",
    "num_events",
    "num_mentions",
    "record",
];

const STORY_ARTICLE_COLUMNS: &[&str] = &["story_id", "article_id"];

const MENTION_COLUMNS: &[&str] = &[
    "story_id",
    "event_id",
    "article_id",
    "story_event",
    "outlet",
    "sentence_start",
    "sentence_end",
    "trigger_start",
    "trigger_end",
    "confidence",
];

/// Records to write together. Adding the same record twice keeps the last copy; writing a
/// batch twice leaves the database as writing it once.
pub struct Batch {
    /// Articles known only from their events: written unless the article is known.
    stubs: Rows,
    articles: Rows,
    events: Rows,
    sentences: Rows,
    stories: Rows,
    story_articles: Rows,
    mentions: Rows,
    /// Stories whose members and mentions this batch replaces.
    replaced: Vec<String>,
    /// Stories merged into another: (gone, into).
    merged: Vec<(String, String)>,
}

impl Default for Batch {
    fn default() -> Self {
        Self {
            stubs: Rows::new("articles", ARTICLE_COLUMNS, &["id"], false),
            articles: Rows::new("articles", ARTICLE_COLUMNS, &["id"], true),
            events: Rows::new("events", EVENT_COLUMNS, &["event_id"], true),
            sentences: Rows::new(
                "sentences",
                SENTENCE_COLUMNS,
                &["article_id", "start_char"],
                true,
            ),
            stories: Rows::new("stories", STORY_COLUMNS, &["story_id"], true),
            story_articles: Rows::new(
                "story_articles",
                STORY_ARTICLE_COLUMNS,
                &["story_id", "article_id"],
                false,
            ),
            mentions: Rows::new("mentions", MENTION_COLUMNS, &["story_id", "event_id"], true),
            replaced: Vec::new(),
            merged: Vec::new(),
        }
    }
}

fn text(s: &Option<String>) -> Value {
    Value::Text(s.clone())
}

fn string(s: &str) -> Value {
    Value::Text(Some(s.to_string()))
}

fn int(n: usize) -> Value {
    Value::Int(i64::try_from(n).unwrap_or(i64::MAX))
}

/// The event's day: its date when a whole one (not `XXXX-09-09`), else its article's.
fn day(e: &Event) -> String {
    let whole = |d: &str| {
        d.len() == 10
            && d.bytes().enumerate().all(|(i, b)| {
                if i == 4 || i == 7 {
                    b == b'-'
                } else {
                    b.is_ascii_digit()
                }
            })
    };
    match (&e.date, e.published_at) {
        (Some(d), _) if whole(d) => d.clone(),
        (_, Some(p)) => p.format("%Y-%m-%d").to_string(),
        _ => String::new(),
    }
}

impl Batch {
    /// Events, their article, and the text of the sentences that carry them.
    pub fn add_article(&mut self, article: &EnrichedArticle) {
        self.articles.push(
            article.id.clone(),
            vec![
                string(&article.id),
                text(&article.url),
                text(&article.source),
                text(&article.title),
                Value::Text(article.published_at.map(|p| p.to_rfc3339())),
                Value::Text(article.language.as_ref().map(|l| l.code.clone())),
                text(&article.duplicate_of),
            ],
        );
        let offsets: Vec<usize> = article.body.char_indices().map(|(b, _)| b).collect();
        let byte = |c: usize| offsets.get(c).copied().unwrap_or(article.body.len());
        for event in &article.events {
            let s = event.sentence;
            let sentence = article.body.get(byte(s.start)..byte(s.end)).unwrap_or("");
            self.sentences.push(
                format!("{}\u{1f}{}", article.id, s.start),
                vec![
                    string(&article.id),
                    int(s.start),
                    int(s.end),
                    string(sentence),
                ],
            );
            self.add_event(event);
        }
    }

    /// One event, as `news.events` carries it.
    pub fn add_event(&mut self, e: &Event) {
        if !self.articles.contains(&e.article_id) {
            self.stubs.push(
                e.article_id.clone(),
                vec![
                    string(&e.article_id),
                    text(&e.source_url),
                    Value::Text(None),
                    Value::Text(None),
                    Value::Text(e.published_at.map(|p| p.to_rfc3339())),
                    Value::Text(None),
                    Value::Text(None),
                ],
            );
        }
        let mut row = vec![
            string(&e.event_id),
            string(&e.article_id),
            Value::Text(Some(day(e))),
            string(&e.plover),
            text(&e.plover_mode),
            text(&e.plover_context),
            string(&e.cameo),
            Value::Text(Some(e.cameo.chars().take(3).collect())),
            string(&e.cameo_root),
            Value::Int(i64::from(e.quad_class)),
            Value::Real(Some(e.goldstein)),
            Value::Int(i64::from(e.negated)),
            Value::Text(Some(e.mood.as_str().to_string())),
            Value::Int(i64::from(e.reciprocal)),
            Value::Real(Some(e.confidence)),
        ];
        for actor in [&e.source, &e.target] {
            match actor {
                Some(a) => row.extend([
                    string(&a.text),
                    string(&a.name),
                    string(&a.code),
                    text(&a.country),
                    text(&a.sector),
                ]),
                None => row.extend((0..5).map(|_| Value::Text(None))),
            }
        }
        match &e.location {
            Some(l) => row.extend([
                string(&l.name),
                string(&l.country),
                Value::Real(Some(l.lat)),
                Value::Real(Some(l.lon)),
            ]),
            None => row.extend([
                Value::Text(None),
                Value::Text(None),
                Value::Real(None),
                Value::Real(None),
            ]),
        }
        row.extend([
            text(&e.source_url),
            Value::Text(e.published_at.map(|p| p.to_rfc3339())),
            int(e.sentence.index),
            int(e.sentence.start),
            int(e.sentence.end),
            int(e.trigger.start),
            int(e.trigger.end),
            string(&e.trigger.text),
        ]);
        self.events.push(e.event_id.clone(), row);
    }

    /// One story update, as `news.stories` carries it.
    pub fn add_story_update(&mut self, update: &StoryUpdate) {
        match update {
            StoryUpdate::Changed(story) => self.add_story(story, false),
            StoryUpdate::Closed(story) => self.add_story(story, true),
            StoryUpdate::Merged {
                story_id,
                merged_into,
            } => {
                self.forget_story(story_id);
                self.merged.push((story_id.clone(), merged_into.clone()));
            }
        }
    }

    /// A story's current or final state: its row, members and mentions replace the stored ones.
    pub fn add_story(&mut self, story: &Story, closed: bool) {
        self.forget_story(&story.story_id);
        self.merged.retain(|(gone, _)| gone != &story.story_id);
        let id = &story.story_id;
        let record = serde_json::to_string(story).expect("a story always serialises");
        let status = serde_json::to_value(story.status)
            .ok()
            .and_then(|v| v.as_str().map(String::from))
            .unwrap_or_default();
        let mentions: usize = story.events.iter().map(|e| e.mentions.len()).sum();
        self.stories.push(
            id.clone(),
            vec![
                string(id),
                Value::Text(Some(status)),
                Value::Int(i64::from(closed)),
                Value::Text(None),
                text(&story.title),
                Value::Text(story.first_seen.map(|p| p.to_rfc3339())),
                Value::Text(story.last_seen.map(|p| p.to_rfc3339())),
                int(story.num_articles),
                int(story.num_sources),
                int(story.events.len()),
                int(mentions),
                Value::Text(Some(record)),
            ],
        );
        for a in &story.articles {
            self.story_articles.push(
                format!("{id}\u{1f}{}", a.id),
                vec![string(id), string(&a.id)],
            );
            if !self.articles.contains(&a.id) {
                self.stubs.push(
                    a.id.clone(),
                    vec![
                        string(&a.id),
                        text(&a.url),
                        text(&a.source),
                        text(&a.title),
                        Value::Text(a.published_at.map(|p| p.to_rfc3339())),
                        Value::Text(None),
                        text(&a.duplicate_of),
                    ],
                );
            }
        }
        for (k, event) in story.events.iter().enumerate() {
            for m in &event.mentions {
                self.mentions.push(
                    format!("{id}\u{1f}{}", m.event_id),
                    vec![
                        string(id),
                        string(&m.event_id),
                        string(&m.article_id),
                        int(k),
                        string(&m.outlet),
                        int(m.sentence.start),
                        int(m.sentence.end),
                        int(m.trigger.start),
                        int(m.trigger.end),
                        Value::Real(Some(m.confidence)),
                    ],
                );
            }
        }
    }

    /// Drops what this batch holds of a story's members and mentions.
    fn forget_story(&mut self, id: &str) {
        let prefix = format!("{id}\u{1f}");
        for rows in [&mut self.story_articles, &mut self.mentions] {
            if rows.index.keys().any(|k| k.starts_with(&prefix)) {
                let keep: Vec<(String, Vec<Value>)> = {
                    let mut pairs: Vec<(&String, &usize)> = rows.index.iter().collect();
                    pairs.sort_by_key(|(_, i)| **i);
                    pairs
                        .into_iter()
                        .filter(|(k, _)| !k.starts_with(&prefix))
                        .map(|(k, i)| (k.clone(), rows.rows[*i].clone()))
                        .collect()
                };
                rows.rows.clear();
                rows.index.clear();
                for (k, row) in keep {
                    rows.push(k, row);
                }
            }
        }
        if let Some(&i) = self.stories.index.get(id) {
            // A merged story keeps no row of this batch's.
            self.stories.rows.remove(i);
            self.stories.index.remove(id);
            for v in self.stories.index.values_mut() {
                if *v > i {
                    *v -= 1;
                }
            }
        }
        if !self.replaced.iter().any(|r| r == id) {
            self.replaced.push(id.to_string());
        }
    }

    /// Events in the batch.
    pub fn events(&self) -> usize {
        self.events.rows.len()
    }

    /// Whether the batch holds nothing to write.
    pub fn is_empty(&self) -> bool {
        self.stubs.rows.is_empty()
            && self.articles.rows.is_empty()
            && self.events.rows.is_empty()
            && self.replaced.is_empty()
            && self.merged.is_empty()
    }
}

/// One statement of a write.
enum Step<'a> {
    /// A table's rows to upsert.
    Rows(&'a Rows),
    /// A statement and its text parameters.
    Sql(String, Vec<&'a str>),
}

impl Batch {
    /// What a write does, in order.
    fn steps(&self) -> Vec<Step<'_>> {
        let mut steps: Vec<Step> = [&self.stubs, &self.articles, &self.events, &self.sentences]
            .into_iter()
            .map(Step::Rows)
            .collect();
        for id in &self.replaced {
            for table in ["story_articles", "mentions"] {
                steps.push(Step::Sql(
                    format!("DELETE FROM {table} WHERE story_id = $1"),
                    vec![id],
                ));
            }
        }
        steps.push(Step::Rows(&self.stories));
        for (gone, into) in &self.merged {
            steps.push(Step::Sql(
                "UPDATE stories SET merged_into = $1 WHERE story_id = $2".into(),
                vec![into, gone],
            ));
        }
        steps.push(Step::Rows(&self.story_articles));
        steps.push(Step::Rows(&self.mentions));
        steps
    }
}

/// A statement with its text parameters bound, for either driver.
fn bound<'q, DB: sqlx::Database>(
    sql: &'q str,
    params: &[&'q str],
) -> sqlx::query::Query<'q, DB, <DB as sqlx::Database>::Arguments<'q>>
where
    &'q str: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
{
    params
        .iter()
        .fold(sqlx::query(sql), |query, p| query.bind(*p))
}

impl Store {
    /// Writes the batch in one transaction: all of it or, on error, none.
    pub async fn write(&self, batch: &Batch) -> Result<(), StoreError> {
        match &self.pg {
            Some(pg) => write_postgres(pg, batch).await,
            None => self.write_any(batch).await,
        }
    }

    /// Multi-row upserts through the `any` pool (SQLite).
    async fn write_any(&self, batch: &Batch) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await?;
        for step in batch.steps() {
            match step {
                Step::Rows(rows) => rows.write(&mut tx, MAX_PARAMS_SQLITE).await?,
                Step::Sql(sql, params) => {
                    bound(&sql, &params).execute(&mut *tx).await?;
                }
            }
        }
        tx.commit().await?;
        Ok(())
    }
}

/// `COPY` and one upsert a table through PostgreSQL's own pool.
async fn write_postgres(pg: &PgPool, batch: &Batch) -> Result<(), StoreError> {
    let mut tx = pg.begin().await?;
    for step in batch.steps() {
        match step {
            Step::Rows(rows) => rows.copy(&mut tx).await?,
            Step::Sql(sql, params) => {
                bound(&sql, &params).execute(&mut *tx).await?;
            }
        }
    }
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_upsert_names_every_row_and_the_columns_it_updates() {
        let rows = Rows::new("t", &["id", "a", "b"], &["id"], true);
        assert_eq!(
            rows.statement(2),
            "INSERT INTO t (id, a, b) VALUES ($1, $2, $3), ($4, $5, $6) \
             ON CONFLICT (id) DO UPDATE SET a = excluded.a, b = excluded.b"
        );
        let rows = Rows::new("t", &["id", "lat"], &["id"], false);
        assert_eq!(
            rows.statement(1),
            "INSERT INTO t (id, lat) VALUES ($1, CAST($2 AS DOUBLE PRECISION)) \
             ON CONFLICT (id) DO NOTHING"
        );
    }

    #[test]
    fn the_last_copy_of_a_record_is_kept() {
        let mut rows = Rows::new("t", &["id", "a"], &["id"], true);
        rows.push("x".into(), vec![string("x"), Value::Int(1)]);
        rows.push("y".into(), vec![string("y"), Value::Int(2)]);
        rows.push("x".into(), vec![string("x"), Value::Int(3)]);
        assert_eq!(rows.rows.len(), 2);
        assert!(matches!(rows.rows[0][1], Value::Int(3)));
    }
}
