/// glibc's allocator spent a fifth of the service's time in the stages' small allocations.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> Result<(), herald_stream::StreamError> {
    herald_stream::service::main(
        "herald-ingest",
        "Herald ingest: news.raw → news.articles (parse, validate, normalise, language, duplicates)",
        include_str!("../../../config/ingest.toml"),
        herald_ingest::Ingest::new,
    )
}
