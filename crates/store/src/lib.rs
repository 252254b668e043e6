//! Herald's event store: events, their evidence and stories in PostgreSQL or SQLite.
//!
//! One schema for both backends (`migrations/`, embedded, applied by [`Store::open`]), one
//! driver (`sqlx`'s `any`), runtime-checked queries with bound parameters only. Writes
//! ([`Batch`], [`Store::write`]) are upserts inside one transaction: writing the same records
//! again changes nothing. On SQLite they are multi-row `INSERT`s; on PostgreSQL each table's
//! rows go by `COPY` into a temporary table, then one `INSERT ... SELECT ... ON CONFLICT`
//! (the `any` driver has no `COPY`: the store keeps a PostgreSQL pool for its writes).
//! Reads ([`query`]) serve `herald serve`.

mod batch;
pub mod query;

use std::borrow::Cow;
use std::path::Path;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::migrate::{Migration, MigrationType, Migrator};
use sqlx::postgres::{PgPool, PgPoolOptions};
use sqlx::AnyPool;

pub use batch::Batch;

/// The schema's versions, in order.
const MIGRATIONS: &[(i64, &str, &str)] =
    &[(1, "events", include_str!("../migrations/0001_events.sql"))];

/// Errors of the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
    #[error("migrating the schema: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("bad record in the database: {0}")]
    Record(String),
}

impl StoreError {
    /// Whether the database could not be reached (down, restarting, out of connections):
    /// worth waiting for, unlike an error in the data or the schema.
    pub fn is_unavailable(&self) -> bool {
        match self {
            StoreError::Database(e) => {
                matches!(
                    e,
                    sqlx::Error::Io(_)
                        | sqlx::Error::PoolTimedOut
                        | sqlx::Error::PoolClosed
                        | sqlx::Error::WorkerCrashed
                        | sqlx::Error::Protocol(_)
                ) || e
                    .as_database_error()
                    .and_then(|d| d.code())
                    // PostgreSQL's classes 08 (connection), 53 (resources), 57 (shutdown).
                    .is_some_and(|c| {
                        c.starts_with("08") || c.starts_with("53") || c.starts_with("57")
                    })
            }
            _ => false,
        }
    }
}

/// Which database a [`Store`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Postgres,
    Sqlite,
}

/// A connection pool to the store, its schema migrated.
#[derive(Clone)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
    /// PostgreSQL's own pool, for the writes' `COPY`; `None` on SQLite.
    pg: Option<PgPool>,
}

impl Store {
    /// Opens `target`, a `postgres://` URL, a `sqlite:` URL, or a file path (SQLite, created
    /// when missing), and brings its schema to the current version.
    pub async fn open(target: &str) -> Result<Self, StoreError> {
        Self::open_with(target, 8).await
    }

    /// [`Store::open`] with at most `connections` connections.
    pub async fn open_with(target: &str, connections: u32) -> Result<Self, StoreError> {
        sqlx::any::install_default_drivers();
        let (url, backend) = url(target);
        let options: AnyConnectOptions = url.parse()?;
        let pool = AnyPoolOptions::new()
            .max_connections(connections)
            .acquire_timeout(std::time::Duration::from_secs(5))
            .connect_with(options)
            .await?;
        if backend == Backend::Sqlite {
            // Readers do not wait for the writer, and the writer does not sync every commit.
            sqlx::query("PRAGMA journal_mode=WAL")
                .execute(&pool)
                .await?;
        }
        let pg = match backend {
            Backend::Postgres => Some(
                PgPoolOptions::new()
                    .max_connections(connections)
                    .acquire_timeout(std::time::Duration::from_secs(5))
                    .connect_lazy(&url)?,
            ),
            Backend::Sqlite => None,
        };
        let store = Self { pool, backend, pg };
        store.migrate().await?;
        Ok(store)
    }

    async fn migrate(&self) -> Result<(), StoreError> {
        let migrations: Vec<Migration> = MIGRATIONS
            .iter()
            .map(|(version, name, sql)| {
                Migration::new(
                    *version,
                    Cow::Borrowed(name),
                    MigrationType::Simple,
                    Cow::Borrowed(sql),
                    false,
                )
            })
            .collect();
        let migrator = Migrator {
            migrations: Cow::Owned(migrations),
            ..Migrator::DEFAULT
        };
        migrator.run(&self.pool).await?;
        Ok(())
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// Whether the database answers.
    pub async fn ping(&self) -> bool {
        sqlx::query("SELECT 1").execute(&self.pool).await.is_ok()
    }

    /// Closes every connection.
    pub async fn close(&self) {
        self.pool.close().await;
        if let Some(pg) = &self.pg {
            pg.close().await;
        }
    }
}

/// The sqlx URL of a target and its backend.
fn url(target: &str) -> (String, Backend) {
    if target.starts_with("postgres://") || target.starts_with("postgresql://") {
        (target.to_string(), Backend::Postgres)
    } else if target.starts_with("sqlite:") {
        (target.to_string(), Backend::Sqlite)
    } else {
        let path = Path::new(target);
        (
            format!("sqlite://{}?mode=rwc", path.display()),
            Backend::Sqlite,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_name_their_backend() {
        assert_eq!(
            url("herald.db"),
            ("sqlite://herald.db?mode=rwc".into(), Backend::Sqlite)
        );
        assert_eq!(url("postgres://u@h/db").1, Backend::Postgres);
        assert_eq!(url("sqlite://x.db").1, Backend::Sqlite);
    }

    #[tokio::test]
    async fn the_schema_is_made_once() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.db");
        let store = Store::open(path.to_str().unwrap()).await.unwrap();
        store.close().await;
        // Opening again finds the schema at its version and applies nothing.
        let store = Store::open(path.to_str().unwrap()).await.unwrap();
        let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM _sqlx_migrations")
            .fetch_one(store.pool())
            .await
            .unwrap();
        assert_eq!(n, 1);
        assert!(store.ping().await);
    }
}
