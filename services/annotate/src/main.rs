/// glibc's allocator spent a fifth of the service's time in the stages' small allocations.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> Result<(), herald_stream::StreamError> {
    herald_stream::service::main(
        "herald-annotate",
        "Herald annotate: news.articles → news.annotated (sentences, entities, places, dates, quotes)",
        include_str!("../../../config/annotate.toml"),
        herald_annotate::Annotate::new,
    )
}
