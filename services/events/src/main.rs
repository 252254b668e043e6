#[global_allocator]
static ALLOCATOR: herald_stream::heap::Counting = herald_stream::heap::Counting;

fn main() -> Result<(), herald_stream::StreamError> {
    herald_stream::service::main(
        "herald-events",
        "Herald events: news.annotated → news.events + news.enriched (event coding)",
        include_str!("../../../config/events.toml"),
        herald_events::Events::new,
    )
}
