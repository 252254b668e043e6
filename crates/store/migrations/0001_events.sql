-- Herald's event store, version 1. One definition for PostgreSQL and SQLite: only types and
-- statements both read alike (TEXT, BIGINT, DOUBLE PRECISION; ON CONFLICT upserts).
-- Timestamps are RFC 3339 text, days ISO 8601 text ('' when unknown): both order as text.

-- Articles: from the enriched articles, or from their events' metadata until the article
-- itself arrives.
CREATE TABLE articles (
    id TEXT PRIMARY KEY,
    url TEXT,
    source TEXT,
    title TEXT,
    published_at TEXT,
    language TEXT,
    duplicate_of TEXT
);

-- One coded event of one article: its type at every level, actors with their codes, place,
-- day, confidence, and the evidence (sentence and trigger, character offsets into the body).
CREATE TABLE events (
    event_id TEXT PRIMARY KEY,
    article_id TEXT NOT NULL,
    date TEXT NOT NULL,
    plover TEXT NOT NULL,
    plover_mode TEXT,
    plover_context TEXT,
    cameo TEXT NOT NULL,
    cameo_base TEXT NOT NULL,
    cameo_root TEXT NOT NULL,
    quad_class BIGINT NOT NULL,
    goldstein DOUBLE PRECISION NOT NULL,
    negated BIGINT NOT NULL,
    mood TEXT NOT NULL,
    reciprocal BIGINT NOT NULL,
    confidence DOUBLE PRECISION NOT NULL,
    source_text TEXT,
    source_name TEXT,
    source_code TEXT,
    source_country TEXT,
    source_sector TEXT,
    target_text TEXT,
    target_name TEXT,
    target_code TEXT,
    target_country TEXT,
    target_sector TEXT,
    place_name TEXT,
    place_country TEXT,
    lat DOUBLE PRECISION,
    lon DOUBLE PRECISION,
    source_url TEXT,
    published_at TEXT,
    sentence_index BIGINT NOT NULL,
    sentence_start BIGINT NOT NULL,
    sentence_end BIGINT NOT NULL,
    trigger_start BIGINT NOT NULL,
    trigger_end BIGINT NOT NULL,
    trigger_text TEXT NOT NULL
);
CREATE INDEX events_date ON events (date, event_id);
CREATE INDEX events_source_country ON events (source_country, date);
CREATE INDEX events_target_country ON events (target_country, date);
CREATE INDEX events_place_country ON events (place_country, date);
CREATE INDEX events_source_code ON events (source_code, date);
CREATE INDEX events_target_code ON events (target_code, date);
CREATE INDEX events_plover ON events (plover, date);
CREATE INDEX events_cameo_base ON events (cameo_base, date);
CREATE INDEX events_lat_lon ON events (lat, lon);

-- The text of the sentences that carry events (the evidence), from the enriched articles.
CREATE TABLE sentences (
    article_id TEXT NOT NULL,
    start_char BIGINT NOT NULL,
    end_char BIGINT NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (article_id, start_char)
);

-- Stories with their counts; `record` holds the whole story record (JSON).
CREATE TABLE stories (
    story_id TEXT PRIMARY KEY,
    status TEXT NOT NULL,
    closed BIGINT NOT NULL,
    merged_into TEXT,
    title TEXT,
    first_seen TEXT,
    last_seen TEXT,
    num_articles BIGINT NOT NULL,
    num_sources BIGINT NOT NULL,
    num_events BIGINT NOT NULL,
    num_mentions BIGINT NOT NULL,
    record TEXT NOT NULL
);
CREATE INDEX stories_last_seen ON stories (last_seen, story_id);

CREATE TABLE story_articles (
    story_id TEXT NOT NULL,
    article_id TEXT NOT NULL,
    PRIMARY KEY (story_id, article_id)
);

-- A story event's evidence: which article's event reports it, in which sentence and words.
CREATE TABLE mentions (
    story_id TEXT NOT NULL,
    event_id TEXT NOT NULL,
    article_id TEXT NOT NULL,
    story_event BIGINT NOT NULL,
    outlet TEXT NOT NULL,
    sentence_start BIGINT NOT NULL,
    sentence_end BIGINT NOT NULL,
    trigger_start BIGINT NOT NULL,
    trigger_end BIGINT NOT NULL,
    confidence DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (story_id, event_id)
);
CREATE INDEX mentions_event ON mentions (event_id);
