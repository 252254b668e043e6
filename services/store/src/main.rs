#[global_allocator]
static ALLOCATOR: herald_stream::heap::Counting = herald_stream::heap::Counting;

fn main() -> Result<(), herald_stream::StreamError> {
    herald_store_service::main(
        "herald-store",
        "Herald store: news.events, news.stories, news.enriched → PostgreSQL (offsets committed after the database)",
    )
}
