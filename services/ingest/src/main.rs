#[global_allocator]
static ALLOCATOR: herald_stream::heap::Counting = herald_stream::heap::Counting;

fn main() -> Result<(), herald_stream::StreamError> {
    herald_stream::service::main(
        "herald-ingest",
        "Herald ingest: news.raw → news.articles (parse, validate, normalise, language, duplicates)",
        include_str!("../../../config/ingest.toml"),
        herald_ingest::Ingest::new,
    )
}
