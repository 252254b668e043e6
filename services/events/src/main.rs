/// glibc's allocator spent a fifth of the service's time in the stages' small allocations.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> Result<(), herald_stream::StreamError> {
    herald_stream::service::main(
        "herald-events",
        "Herald events: news.annotated → news.events + news.enriched (event coding)",
        include_str!("../../../config/events.toml"),
        herald_events::Events::new,
    )
}
